"""A mapping as a small YAML file that a person can read and edit, and that replays headless
(`oddk standardise … --mapping FILE`, or notebook 04's `mapping_file` parameter)."""

from __future__ import annotations

from pathlib import Path

import yaml

HEADER = """\
# Column mapping to the {standard} standard, made by oddk (notebook 04 or `oddk standardise`).
# Replay it: oddk standardise {source} --standard {standard} --mapping THIS-FILE --out OUT.csv
# fields: each standard field takes a `column` of the source (optionally with `codes` from the
#   values as written to the standard's codes, `other` for any other value, `empty` for values
#   that mean empty here; with `until`, a second column: opening and closing times read as
#   'opens - closes') or a constant `value`. `why` says why it was suggested; edit freely.
# geometry: the coordinate columns (x, y) or the column of geometries (column: WKT or
#   GeoJSON; with `pair`, two numbers in one cell and their order, e.g. 'lat lon') and their
#   system (EPSG:4326 = WGS84 lon/lat, EPSG:25832 = UTM 32N metres).
# unmapped: source columns that map to nothing (listed so that nothing is dropped silently).
"""


def mapping_yaml(mapping: dict) -> str:
    """The mapping as YAML text, with a header that says how to read and replay it."""
    head = HEADER.format(
        standard=mapping.get("standard", "geofa-facility"), source=mapping.get("source") or "SOURCE"
    )
    body = yaml.safe_dump(
        mapping, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    return head + body


def save_mapping(mapping: dict, path, force: bool = False, inputs=()) -> Path:
    """Write the mapping to `path` (.yaml). Refuses to write over one of `inputs` (the
    source file, by identity) and, unless `force`, over an existing file."""
    from oddk.safe_write import guard, write_bytes

    return write_bytes(guard(path, inputs, force), mapping_yaml(mapping).encode("utf-8"))


def load_mapping(path) -> dict:
    """Read a mapping file. Raises ValueError in plain words when it is not a mapping."""
    p = Path(path)
    if not p.is_file():
        raise ValueError(
            f"There is no mapping file '{p}'. Make one with --suggest-only or notebook 04."
        )
    try:
        doc = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ValueError(
            f"'{p.name}' is not valid YAML{where}: {getattr(err, 'problem', err)}. "
            "Check the indentation there."
        ) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("fields"), dict):
        raise ValueError(
            f"'{p.name}' is not a mapping file: it needs a 'fields:' section "
            "(make one with --suggest-only)."
        )
    return doc
