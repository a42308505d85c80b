"""The GeoFA facility-points standard (theme t_5800_fac_pkt) as the kit ships it: Frictionless
Table Schemas in schemas/ and GeoFA's code lists (facility types, handicap access, ja/nej,
responsible authorities' CVR numbers) from the public data model, repository
OpenFKG/fkg-postgresql.

    >>> facility_code("Legeplads"), facility_code("1031"), facility_name(1351)
    (1031, 1031, 'Parkeringsplads')
"""

from __future__ import annotations

import json
from pathlib import Path

from oddk import vocab

SCHEMAS = Path(__file__).parent / "schemas"

#: The standard's output columns: the GeoFA fields a municipal file can supply, then the
#: geometry as x/y in EPSG:25832 (the form of datasets/facilities/answer-key/).
COLUMNS = [
    "cvr_kode",
    "facil_ty_k",
    "navn",
    "beskrivels",
    "handicap_k",
    "doegnaab_k",
    "betaling_k",
    "antal_pl",
    "postnr",
    "link",
    "x",
    "y",
]
#: The fields besides the geometry, shared by the point, area and line themes.
FIELDS = COLUMNS[:-2]
#: Fields written as integers (codes and counts).
INTEGER_FIELDS = ["cvr_kode", "facil_ty_k", "handicap_k", "doegnaab_k", "betaling_k", "antal_pl"]
#: Fields GeoFA requires of every point.
REQUIRED = ["cvr_kode", "facil_ty_k", "x", "y"]

#: Standards by name: the full facility-points schema and profiles that allow only
#: some facility types.
STANDARDS = {
    "geofa-facility": "all facility types",
    "geofa-facility-toilet": "toilets (1012)",
    "geofa-facility-playground": "playgrounds (1031, 1041, 1211)",
    "geofa-facility-parking": "parking (1351, 1162)",
    "geofa-facility-bench": "benches (1371, 1361, 1201)",
    "geofa-facility-area": "facility areas (t_5801_fac_fl): parking areas, playgrounds as polygons",
    "geofa-facility-line": "facility lines (t_5802_fac_li): paths, routes, fences",
}
#: The themes of areas and lines: the point theme's fields, the geometry as `geometri`.
_THEMES = {"geofa-facility-area": ("t_5801_fac_fl", "areas", "polygons or multipolygons"),
           "geofa-facility-line": ("t_5802_fac_li", "lines", "lines or multilines")}


def theme_of(standard: str | None) -> str:
    """'point', 'area' or 'line': the kind of geometry a standard takes."""
    return {"geofa-facility-area": "area", "geofa-facility-line": "line"}.get(standard or "",
                                                                            "point")


def theme_label(standard: str | None) -> str:
    """The theme a standard writes, in words: 'GeoFA facility points (t_5800_fac_pkt)'."""
    return {"point": "GeoFA facility points (t_5800_fac_pkt)",
            "area": "GeoFA facility areas (t_5801_fac_fl)",
            "line": "GeoFA facility lines (t_5802_fac_li)"}[theme_of(standard)]


def columns_for(standard: str | None) -> list[str]:
    """The output columns of a standard: the fields, then x, y (points) or geometri."""
    return COLUMNS if theme_of(standard) == "point" else [*FIELDS, "geometri"]


def codes() -> dict:
    """GeoFA's code lists: facil_ty_k, handicap_k, ja_nej (doegnaab_k, betaling_k), cvr_kode
    (`oddk.vocab.geofa_codes()`, schemas/geofa-codes.json)."""
    return vocab.geofa_codes()


def load_schema(standard: str = "geofa-facility") -> dict:
    """The standard's Frictionless Table Schema as a dict (a fresh copy)."""
    if standard not in STANDARDS:
        raise ValueError(f"There is no standard {standard!r}. The kit has: {', '.join(STANDARDS)}.")
    if standard in _THEMES:  # the point theme's fields, one geometry field in place of x, y
        theme, what, kinds = _THEMES[standard]
        schema = load_schema("geofa-facility")
        schema.update(name=standard, title=f"GeoFA facility {what}", description=(
            f"GeoFA facility {what} (theme {theme}): the point theme's fields, the geometry as "
            f"geometri, {kinds}: WKT in EPSG:25832 (CSV); the GeoJSON form is WGS84 (RFC 7946)."))
        schema["fields"] = [f for f in schema["fields"] if f["name"] not in ("x", "y")] + [{
            "name": "geometri", "type": "string", "title": "Geometri",
            "description": f"The facility's {kinds}, as WKT in EPSG:25832 (metres).",
            "constraints": {"required": True}}]
        return schema
    return json.loads((SCHEMAS / f"{standard}.json").read_text(encoding="utf-8"))


def facility_types() -> dict[int, str]:
    """facil_ty_k code -> Danish name (1012 -> 'Toilet')."""
    return vocab.geofa_code_list("facil_ty_k")


def facility_name(code) -> str:
    return facility_types()[int(code)]


def facility_code(code_or_name) -> int:
    """A facility type given as a code (1031), its Danish name ('Legeplads') or a word files
    use for it ('Parkering', 'toiletter') -> the code. Raises ValueError with the close names
    when nothing matches."""
    types = facility_types()
    text = str(code_or_name).strip()
    if text.isdigit():
        if int(text) in types:
            return int(text)
        raise ValueError(
            f"{text} is not a GeoFA facility type code; e.g. 1012 Toilet, 1031 Legeplads, "
            "1351 Parkeringsplads, 1371 Bænk (GeoFA's list of facility types has them all)."
        )
    from oddk.standards.suggest import type_code  # GeoFA's names and the words files use

    if (code := type_code(text)) is not None:
        return code
    close = close_types(text)
    hint = (f" Did you mean {', '.join(close)}?" if close else " Give its code or its name "
            "in GeoFA's list of facility types, e.g. 1012 Toilet, 1031 Legeplads, 1351 "
            "Parkeringsplads, 1371 Bænk.")
    raise ValueError(f"{text!r} is not the name of a GeoFA facility type.{hint}")


def close_types(text: str, n: int = 3) -> list[str]:
    """GeoFA's type names closest to a word that is none ('Sheltr' -> ['Shelter'])."""
    import difflib

    return difflib.get_close_matches(str(text).strip().capitalize(),
                                     list(facility_types().values()), n=n, cutoff=0.6)


def cvr_for_municipality(kommunekode: int) -> int:
    """The municipality's CVR number, GeoFA's cvr_kode (751 -> 55133018)."""
    for cvr, row in codes()["cvr_kode"].items():
        if row["kommunekode"] == int(kommunekode):
            return int(cvr)
    raise ValueError(f"No CVR number for kommunekode {kommunekode} in GeoFA's list of authorities.")


def authority_name(cvr) -> str:
    return codes()["cvr_kode"][str(int(cvr))]["navn"]
