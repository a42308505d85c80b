"""The metadata form of "Check my file": describe a dataset in plain words, checked live.

The form's fields are the kit's metadata record (oddk.metadata): title, description,
publisher (one of the 98 municipalities and 5 regions), contact, licence, update frequency,
themes and keywords; the choices come from the kit's vocabulary (oddk.vocab), each shown in
plain words in the page's language. `form_problems` runs the record's own check
(`oddk.metadata.check_record`) and says each problem in plain words, with the field's label;
`record_yaml` and `record_dcat` are the downloads; the app checks the file again with
`form_record` as its metadata.

    >>> values = {"title": "Offentlige toiletter", "licence": "CC0"}
    >>> [p["field"] for p in form_problems(values, "en") if p["blocks"]]
    ['description', 'publisher', 'contact_name', 'contact_email']
    >>> licence_words("CC_BY_4_0", "da")[:41]
    'Åbne data: ja, med kildeangivelse. Nævn k'
"""

from __future__ import annotations

import datetime as dt
import html
import re
from functools import lru_cache

from oddk import vocab

FIELDS = ("title", "description", "publisher", "contact_name", "contact_email", "licence",
          "frequency", "themes", "keywords")

LABELS = {
    "en": {"title": "Title", "description": "Description", "publisher": "Publisher",
           "contact_name": "Contact (a unit, not a person)", "contact_email": "Contact e-mail",
           "licence": "Licence", "frequency": "Updated", "themes": "Themes",
           "keywords": "Keywords (separated by commas)", "choose": "(choose)"},
    "da": {"title": "Titel", "description": "Beskrivelse", "publisher": "Udgiver",
           "contact_name": "Kontakt (en afdeling, ikke en person)", "contact_email": "Kontakt-e-mail",
           "licence": "Licens", "frequency": "Opdateres", "themes": "Temaer",
           "keywords": "Nøgleord (adskilt med komma)", "choose": "(vælg)"},
}

# The record's check names fields its own way; the form says each problem in plain words.
PROBLEMS = {
    "title": {"en": "Give the dataset a short title, e.g. 'Offentlige toiletter i Aarhus'.",
              "da": "Giv datasættet en kort titel, fx 'Offentlige toiletter i Aarhus'."},
    "description": {
        "en": "Say in a few sentences what the data is, where it comes from and how often it "
              "changes.",
        "da": "Skriv med få sætninger, hvad data er, hvor de kommer fra, og hvor tit de ændres."},
    "publisher": {"en": "Choose who publishes the data.", "da": "Vælg, hvem der udgiver data."},
    "contact_name": {
        "en": "Say who answers questions about the data: a unit such as 'Teknik og Miljø'.",
        "da": "Skriv, hvem der svarer på spørgsmål om data: en afdeling som 'Teknik og Miljø'."},
    "contact_email": {
        "en": "Give an e-mail address for questions, best a shared mailbox "
              "(teknik@kommune.dk).",
        "da": "Angiv en e-mailadresse til spørgsmål, helst en fælles postkasse "
              "(teknik@kommune.dk)."},
    "contact_email_invalid": {
        "en": "'{value}' is not an e-mail address: write it as name@domain.dk.",
        "da": "'{value}' er ikke en e-mailadresse: skriv den som navn@domæne.dk."},
    "licence": {"en": "Choose a licence: without one, nobody may reuse the data.",
                "da": "Vælg en licens: uden en licens må ingen genbruge data."},
    "licence_not_open": {
        "en": "This licence restricts reuse, so the data will not count as open data: CC0 or "
              "CC BY 4.0 would make it open.",
        "da": "Licensen begrænser genbrug, så data tæller ikke som åbne data: CC0 eller "
              "CC BY 4.0 gør dem åbne."},
    "frequency": {"en": "Say how often the data is updated.",
                  "da": "Angiv, hvor tit data opdateres."},
    "themes": {"en": "Choose one or more themes, so that the data can be found by theme.",
               "da": "Vælg et eller flere temaer, så data kan findes efter tema."},
    "keywords": {"en": "Add a few words people search for (toiletter, faciliteter).",
                 "da": "Tilføj nogle ord, folk søger på (toiletter, faciliteter)."},
    "other": {"en": "{label}: check this field.", "da": "{label}: tjek dette felt."},
}

WORDS = {
    "en": {"heading": "Describe your data (metadata)",
           "intro": "A portal shows this description with your file, and people find and trust "
                    "the data by it. It is checked as you type.",
           "must": "Fill in before publishing", "should": "Recommended",
           "complete": "The description has everything a portal requires.",
           "again": "Check the file again with this description",
           "yaml": "The description (YAML, for the kit and the portal)",
           "dcat": "The description as DCAT-AP-DK (RDF Turtle, for data catalogues)",
           "dcat_later": "The DCAT-AP-DK description can be downloaded once the fields above "
                         "are filled in.",
           "open": "Open data", "reuse": "Reuse"},
    "da": {"heading": "Beskriv dine data (metadata)",
           "intro": "En portal viser beskrivelsen sammen med din fil, og den er det, folk finder "
                    "og stoler på data ud fra. Den tjekkes, mens du skriver.",
           "must": "Udfyld før udgivelse", "should": "Anbefales",
           "complete": "Beskrivelsen har alt, hvad en portal kræver.",
           "again": "Tjek filen igen med denne beskrivelse",
           "yaml": "Beskrivelsen (YAML, til kittet og portalen)",
           "dcat": "Beskrivelsen som DCAT-AP-DK (RDF Turtle, til datakataloger)",
           "dcat_later": "DCAT-AP-DK-beskrivelsen kan hentes, når felterne ovenfor er udfyldt.",
           "open": "Åbne data", "reuse": "Genbrug"},
}



def _lang(language: str) -> str:
    return language if language in ("en", "da") else "en"


@lru_cache(maxsize=1)
def publishers() -> tuple[tuple[str, str], ...]:
    """(name, portal slug) of the 98 municipalities and 5 regions, by name: the slug the
    embedded catalogue gives an organisation of that name, else one made from the name
    ('Vejle Kommune' → 'vejle-kommune')."""
    import json

    from oddk.paths import datasets_dir
    from oddk.portal.validate import suggest_name
    from oddk.reference import municipalities, regions

    try:
        orgs = json.loads((datasets_dir() / "catalogue" / "organizations.json").read_text("utf-8"))
    except (OSError, ValueError):
        orgs = []
    slugs = {o.get("title"): o.get("name") for o in orgs}
    names = list(municipalities()["officielt_navn"]) + list(regions()["navn"])
    return tuple(sorted(((n, slugs.get(n) or suggest_name(n)) for n in names),
                        key=lambda p: vocab.fold(p[0])))


def licence_words(code: str, language: str) -> str:
    """What a licence means for reuse, in plain words: 'Open data: yes, with attribution. …'"""
    lang, known = _lang(language), vocab.licence(code)
    if known is None:
        return ""
    conditions = known.conditions[lang]
    return (f"{WORDS[lang]['open']}: {known.reuse[lang]}. "
            f"{conditions[:1].upper() + conditions[1:]}.")


def licence_options(language: str) -> list[tuple[str, str]]:
    lang = _lang(language)
    return [(LABELS[lang]["choose"], "")] + [
        (f"{vocab.LICENCES[c].short} ({vocab.LICENCES[c].reuse[lang]})", c)
        for c in vocab.licence_choices()]


def frequency_options(language: str) -> list[tuple[str, str]]:
    lang = _lang(language)
    return [(LABELS[lang]["choose"], "")] + [
        (vocab.FREQUENCIES[c][lang], c) for c in vocab.COMMON_FREQUENCIES]


def theme_options(language: str) -> list[tuple[str, str]]:
    lang = _lang(language)
    return [(words[lang], code) for code, words in vocab.THEMES.items()]


def _keywords(text) -> list[str]:
    if isinstance(text, (list, tuple)):
        return [str(k).strip() for k in text if str(k).strip()]
    return [k.strip() for k in re.split(r"[,;]", text or "") if k.strip()]


def form_record(values: dict, file_name: str | None = None) -> dict:
    """The kit's metadata record (oddk.metadata) from the form's values; `file_name` is the
    checked file, the record's distribution."""
    slug = values.get("publisher") or None
    publisher = next((n for n, s in publishers() if s == slug), None)
    record = {
        "title": (values.get("title") or "").strip() or None,
        "description": (values.get("description") or "").strip() or None,
        "organisation": slug,
        "publisher": publisher,
        "contact": {"name": (values.get("contact_name") or "").strip() or None,
                    "email": (values.get("contact_email") or "").strip() or None},
        "licence": values.get("licence") or None,
        "frequency": values.get("frequency") or None,
        "themes": list(values.get("themes") or []),
        "keywords": _keywords(values.get("keywords")),
        "language": ["da"],
        "modified": dt.date.today().isoformat(),
    }
    if file_name:
        record["distributions"] = [{"title": file_name, "file": file_name}]
    return record


# The record's field names → the form's
_FIELD = {"title": "title", "description": "description", "organisation": "publisher",
          "contact.name": "contact_name", "contact.email": "contact_email", "licence": "licence",
          "frequency": "frequency", "themes": "themes", "keywords": "keywords"}


def form_problems(values: dict, language: str = "en") -> list[dict]:
    """Each problem of the form's record, `{field, blocks, text}`, in plain words: `blocks`
    for what a portal requires, else recommended. Where the file lives is the app's
    business (it has the file), so those problems are not the form's."""
    from oddk.metadata import check_record

    lang = _lang(language)
    record = form_record(values, "file")
    record["distributions"] = [{"title": "file", "url": "https://example.org/file"}]
    out, seen = [], set()
    for p in check_record(record):
        field = p["field"]
        if field.startswith("distributions"):
            if not field.endswith(".licence"):
                continue
            field = "licence"
        name = _FIELD.get(field)
        if name is None or (name, p["severity"]) in seen:
            continue
        seen.add((name, p["severity"]))
        key = name
        if name == "contact_email" and p["severity"] == "invalid":
            key = "contact_email_invalid"
        elif name == "licence" and p["severity"] == "warning":
            key = "licence_not_open"
        text = PROBLEMS.get(key, PROBLEMS["other"])[lang].format(
            value=values.get(name) or "", label=LABELS[lang].get(name, name))
        out.append({"field": name, "blocks": p["severity"] != "warning", "text": text})
    out.sort(key=lambda p: (not p["blocks"], FIELDS.index(p["field"])))
    return out


def problems_html(problems: list[dict], language: str = "en") -> str:
    """The live check under the form: what must be filled in, then what is recommended."""
    words = WORDS[_lang(language)]
    labels = LABELS[_lang(language)]
    if not any(p["blocks"] for p in problems):
        head = f'<p style="color:#1a6b1a"><strong>✓ {html.escape(words["complete"])}</strong></p>'
    else:
        head = ""
    parts = [head]
    for blocks, title in ((True, words["must"]), (False, words["should"])):
        items = [p for p in problems if p["blocks"] is blocks]
        if items:
            lis = "".join(f"<li><strong>{html.escape(labels[p['field']])}</strong>: "
                          f"{html.escape(p['text'])}</li>" for p in items)
            parts.append(f"<h3>{html.escape(title)}</h3><ul>{lis}</ul>")
    return f'<div role="status" aria-live="polite">{"".join(parts)}</div>'


def record_yaml(record: dict, language: str = "en") -> str:
    """The record as the kit's YAML file, with a plain header in the page's language."""
    import yaml

    head = {
        "en": "# The description (metadata record) of a dataset, made with Check my file on "
              "{date}.\n# Open Data DK's kit publishes it with the file (the lesson 05 · "
              "Publish shows how).\n",
        "da": "# Beskrivelsen (metadata-posten) af et datasæt, lavet med Tjek min fil den "
              "{date}.\n# Open Data DK's kit udgiver den sammen med filen (lektionen 05 · "
              "Udgiv viser hvordan).\n",
    }[_lang(language)].format(date=dt.date.today().isoformat())
    clean = {k: v for k, v in record.items() if v not in (None, [], {})}
    return head + yaml.safe_dump(clean, allow_unicode=True, sort_keys=False)


def record_dcat(record: dict) -> str:
    """The record as DCAT-AP-DK (Turtle)."""
    from oddk.dcat import to_turtle

    return to_turtle(record, strict=False)
