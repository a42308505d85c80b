"""What the lessons print, in the reader's language.

A lesson's code is the same in every language (a test keeps the Danish start notebook's
code cells equal to the English ones); only its `language` parameter differs. So the
sentences it prints are written in English in the code, where a reader learns from them,
and `say` gives them in the reader's language, with numbers written the local way:

    >>> say("✓ 98 municipalities in 5 regions", "da")
    '✓ 98 kommuner i 5 regioner'
    >>> say("Residents 1 January 2026, {group}", "da", group="Storbykommuner")
    'Indbyggere 1. januar 2026, Storbykommuner'
    >>> number(367095, "da"), number(367095, "en"), number(0.1625, "da", 2)
    ('367.095', '367,095', '0,16')

An English sentence without a Danish one is an error in a Danish lesson (a test runs the
Danish start notebook), never silently English.
"""

from __future__ import annotations

import numbers

DANISH = {
    # 00 · Start here
    "municipalities": "kommuner",
    "✓ 98 municipalities in 5 regions": "✓ 98 kommuner i 5 regioner",
    "Name": "Navn",
    "Code (Statistics Denmark)": "Kode (Danmarks Statistik)",
    "Code (Dataforsyningen)": "Kode (Dataforsyningen)",
    "Region": "Region",
    "Main town": "Hovedby",
    "Also written": "Skrives også",
    '✓ {code}, "{code4}", "{name}" and "{upper}" all mean the same municipality':
        '✓ {code}, "{code4}", "{name}" og "{upper}" betyder alle den samme kommune',
    "{name}: {residents} residents, number {rank} of the {n} {group} (group {number}); "
    "the group's median is {median}.":
        "{name}: {residents} indbyggere, nummer {rank} af de {n} {group} (gruppe {number}); "
        "gruppens median er {median}.",
    "residents": "indbyggere",
    "Residents 1 January 2026, {group}": "Indbyggere 1. januar 2026, {group}",
    "✓ {name} compared with the {n} other municipalities of its group":
        "✓ {name} sammenlignet med de {n} andre kommuner i sin gruppe",
    "{name} ({code})": "{name} ({code})",
}

LANGUAGES = {"en": {}, "da": DANISH}


class Untranslated(KeyError):
    """A lesson asked for a sentence that has no translation in its language."""


def number(value, language: str = "en", decimals: int = 0) -> str:
    """A number the reader's way, with `decimals` places: 1,234.5 or (Danish) 1.234,5."""
    text = f"{value:,.{decimals}f}"
    if language == "da":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def say(text: str, language: str = "en", **fields) -> str:
    """`text` (an English sentence, with {fields}) in `language`, filled in; whole numbers
    with the language's thousands separator (367,095 / 367.095)."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    table = LANGUAGES[language]
    if language != "en" and text not in table:
        raise Untranslated(f"No {language} words for {text!r}: add them to "
                           "oddk.lesson_words.DANISH.")
    shown = {k: number(v, language) if isinstance(v, numbers.Integral)
             and not isinstance(v, bool) and abs(v) >= 1000 else v for k, v in fields.items()}
    return table.get(text, text).format(**shown)
