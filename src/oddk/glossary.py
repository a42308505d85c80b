"""The kit's glossary: the Danish words of open data with the English the kit uses.

The terms live in docs/glossary.yaml, a file the secretariat edits; the guideline
site renders them as one page (glossary.html).

    >>> glossary.find("Kommunekode")["en"]
    'municipality code'
"""

from __future__ import annotations

import re

import yaml

from oddk.paths import kit_root
from oddk.vocab import fold

GLOSSARY_FILE = "docs/glossary.yaml"
FIELDS = ("da", "en", "en_text", "da_text")


class GlossaryError(ValueError):
    """docs/glossary.yaml cannot be understood."""


def terms(root=None) -> list[dict]:
    """Every entry ({da, en, en_text, da_text, id}), sorted by the Danish term as a
    Danish dictionary sorts it (æ, ø, å after z)."""
    path = (root or kit_root()) / GLOSSARY_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except FileNotFoundError:
        raise GlossaryError(f"{GLOSSARY_FILE} is missing: it holds the glossary.") from None
    except yaml.YAMLError as err:
        raise GlossaryError(f"{GLOSSARY_FILE} is not valid YAML: {err}") from None
    entries = []
    for number, entry in enumerate(data, start=1):
        missing = [
            f for f in FIELDS if not isinstance(entry, dict) or not str(entry.get(f) or "").strip()
        ]
        if missing:
            raise GlossaryError(
                f"{GLOSSARY_FILE}, entry {number}: give {', '.join(missing)} "
                "(the Danish term, the English term and a sentence in each language)."
            )
        entries.append(
            {f: str(entry[f]).strip() for f in FIELDS} | {"id": term_id(str(entry["da"]))}
        )
    return sorted(entries, key=lambda e: danish_sort_key(e["da"]))


def find(term: str, root=None) -> dict:
    """The entry whose Danish or English term is `term` (any case)."""
    wanted = term.strip().casefold()
    for entry in terms(root):
        if wanted in (entry["da"].casefold(), entry["en"].casefold()):
            return entry
    raise KeyError(f"{term!r} is not in the glossary ({GLOSSARY_FILE}).")


_DANISH_ORDER = {"æ": "{", "ø": "|", "å": "}", "aa": "}"}


def danish_sort_key(word: str) -> str:
    """Sort as a Danish dictionary: æ, ø, å come after z (`åbne data` after `udgive`)."""
    key = word.casefold()
    for letter, after_z in _DANISH_ORDER.items():
        key = key.replace(letter, after_z)
    return key


def term_id(word: str) -> str:
    """An HTML id for a term: 'åbne data' -> 'aabne-data'."""
    plain = fold(word.casefold())
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
