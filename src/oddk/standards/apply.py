"""Apply a column mapping to a municipal table: the standard's rows, and what could not be
converted (row, field, column, value, problem). Write them as CSV (x/y in EPSG:25832,
centimetres) or GeoJSON (WGS84, RFC 7946, 7 decimals).

A mapping is a plain dict (saved as YAML by `oddk.standards.mapping_file`):

    fields:
      facil_ty_k: {value: 1012}                                  # a constant
      navn: {column: Navn}                                       # a column as written (trimmed)
      handicap_k: {column: Handicapvenligt, codes: {Ja: 1, Delvis: 2, Nej: 3}}
      doegnaab_k: {column: Åbningstider, codes: {Døgnåben: 1}, other: 0}   # any other text -> 0
      # or opening and closing times in two columns, read as 'opens - closes':
      # doegnaab_k: {column: Åbner, until: Lukker, codes: {'00:00 - 24:00': 1}, other: 0}
      postnr: {column: POSTNR, empty: ['0']}                     # '0' means empty here
    geometry: {x: Længdegrad, y: Breddegrad, crs: EPSG:4326}
    # or a column of geometries (WKT, EWKT or GeoJSON text, as the readers give polygons):
    # geometry: {column: geometry, crs: EPSG:4326}

The standard's name says the theme: `geofa-facility` (and its profiles) are points
(t_5800_fac_pkt): a polygon becomes its representative point, a line its middle, a MultiPoint
of several points one facility point each; `geofa-facility-area` (t_5801_fac_fl) takes
polygons, `geofa-facility-line` (t_5802_fac_li) lines, written as `geometri` (WKT in
EPSG:25832 in CSV, the geometry in WGS84 in GeoJSON).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from oddk.clean_geo import to_utm32, to_wgs84
from oddk.clean_text import EMPTY_MARKERS, is_missing, parse_number, text_of
from oddk.errors import PlainError
from oddk.geometry_read import no_place
from oddk.raw_table import as_text
from oddk.safe_write import guard, write_bytes
from oddk.standards import geometry as geom
from oddk.standards import hours
from oddk.standards.geofa import (
    COLUMNS,
    FIELDS,
    INTEGER_FIELDS,
    REQUIRED,
    close_types,
    facility_code,
    facility_name,
    theme_of,
)

#: Fields whose values are codes from GeoFA's lists (a word in them needs a code).
CODE_FIELDS = {"facil_ty_k", "handicap_k", "doegnaab_k", "betaling_k"}
#: What stands for "no value" in a text or link field (in a count, 0 is a number).
TEXT_EMPTY = {m.strip() for m in EMPTY_MARKERS} | {"0", "ukendt", "Ukendt", "UKENDT", "?", "."}
#: In a number without codes (a count): the same words, but '0' is a number.
NUMBER_EMPTY = TEXT_EMPTY - {"0"}


class MappingError(PlainError):
    """A mapping that cannot produce the standard (a required field without a source, a column
    that is not in the file). The message says what to change."""


def _key(v) -> str | None:
    return text_of(v)


def _codes(spec: dict) -> dict[str, object]:
    return {_key(k): v for k, v in (spec.get("codes") or {}).items()}


def _check(df: pd.DataFrame, mapping: dict) -> None:
    fields = mapping.get("fields") or {}
    unknown = [f for f in fields if f not in FIELDS]
    if unknown:
        raise MappingError(
            f"The mapping names fields the standard does not have: {', '.join(unknown)}. "
            f"Its fields are: {', '.join(FIELDS)}."
        )
    for name, spec in fields.items():
        for col in ((spec or {}).get("column"), (spec or {}).get("until")):
            if col is not None and col not in df.columns:
                raise MappingError(
                    f"The mapping takes {name} from column {col!r}, which the file does not "
                    f"have. Its columns are: {', '.join(map(str, df.columns))}."
                )
    missing = [
        f
        for f in REQUIRED
        if f not in ("x", "y") and not (fields.get(f) or {}).keys() & {"column", "value"}
    ]
    geo = mapping.get("geometry") or {}
    if not (geo.get("x") and geo.get("y")) and not geo.get("column"):
        missing.append("x, y (the geometry)")
    if missing:
        addresses = [c for c in df.columns if _ADDRESS.search(str(c))
                     and not _NOT_A_PLACE.search(str(c))]
        hints = {
            "facil_ty_k": "give the facility type with --type (a code such as 1012 or a name "
            "such as "
            "Toilet), or the `facility_type` parameter in notebook 04",
            "cvr_kode": "give the publishing municipality with --municipality (a code or a name)",
            "x, y (the geometry)": "write a mapping file with --suggest-only and name the "
            "coordinate columns and their system under geometry: (x, y, crs), or the column "
            "that holds the geometries (column, crs)",
        }
        if "facil_ty_k" in missing and _routes(df, mapping):  # GeoFA's routes are no facilities
            hints["facil_ty_k"] = (
                "the lines are routes (trails, cycle, riding or running routes), which GeoFA "
                "keeps in its own route theme with its own route types, not among its "
                "facilities; the kit writes facilities only. Give --type only if the lines are "
                "facilities drawn as lines (such as 4041 Cykelbane)")
        if addresses and "x, y (the geometry)" in missing:  # a place as an address alone
            hints["x, y (the geometry)"] = (
                f"the file gives each place as an address ({', '.join(map(repr, addresses))}), "
                "but no coordinates, and the kit does not look addresses up (it works offline): "
                "add two columns with each place's coordinates (x and y in EPSG:25832, or lat "
                "and lon), from the address register (DAR) or with a GIS tool such as QGIS, or "
                "ask for an export with coordinates; then run again")
        raise MappingError(
            "The standard requires "
            + ", ".join(missing)
            + ", and nothing in the file or the mapping fills "
            + ("it" if len(missing) == 1 else "them")
            + ". To fix: "
            + "; ".join(hints[m] for m in missing)
            + "."
        )
    for axis in ("x", "y", "column"):
        if geo.get(axis) and geo[axis] not in df.columns:
            raise MappingError(
                f"The mapping's geometry takes {axis} from column {geo[axis]!r}, which the file "
                f"does not have. Its columns are: {', '.join(map(str, df.columns))}."
            )


_ROUTE = re.compile(r"rute|route|trail|vandresti|natursti|ridesti|mtb|spor\b|\bsti\b", re.I)


def _routes(df: pd.DataFrame, mapping: dict) -> bool:
    """Are the rows routes (a line file whose name, columns or first values say 'rute',
    'sti', 'trail' …)?"""
    if mapping.get("standard") != "geofa-facility-line":
        return False
    words = [Path(str(mapping.get("source") or "")).stem, *map(str, df.columns)]
    for col in df.columns:
        if df[col].dtype == object or pd.api.types.is_string_dtype(df[col]):
            words += [str(v) for v in df[col].dropna().head(20).tolist()]
    return any(_ROUTE.search(w) for w in words if len(w) < 200)


#: Column names that give a place as an address ('Adresse', 'Vejnavn', 'street'), and the
#: addresses that are no place ('Webadresse', 'e-mailadresse').
_ADDRESS = re.compile(r"adresse|address|^vej(navn)?$|^gade$|^husn(r|ummer)$|^street", re.I)
_NOT_A_PLACE = re.compile(r"web|mail|url|ip\b|www|hjemmeside", re.I)


def source_columns(mapping: dict) -> set:
    """The source columns a mapping takes something from (its fields' and its geometry's)."""
    fields = (mapping.get("fields") or {}).values()
    geo = mapping.get("geometry") or {}
    return ({s.get(k) for s in fields for k in ("column", "until")}
            | {geo.get(a) for a in ("x", "y", "column")}) - {None}


class Applied:
    """What `apply` gives: the standard's `table` (index: the source row - 1; a MultiPoint of
    several points gives several rows with one index), `problems` (values that could not be
    converted: row, field, column, value, problem) and `changes` (values written otherwise
    than the file has them, and why: row, field, column, value, change)."""

    def __init__(self, table, problems, changes):
        self.table, self.problems, self.changes = table, problems, changes


def apply_mapping(df: pd.DataFrame, mapping: dict):
    """The standard's table from `df` by `mapping`, and the problems.

    Returns `(out, problems)`: `out` has the standard's columns (codes and counts as Int64,
    text as strings, x/y in EPSG:25832 rounded to the centimetre, or `geometri` for areas
    and lines), one row per source row in the same order (a MultiPoint of several points:
    one row per point, with its source row's index); `problems` lists every value that
    could not be converted (row 1 = the first data row). Raises MappingError when a required
    field has no source. `apply` gives the changes too.
    """
    done = apply(df, mapping)
    return done.table, done.problems


def apply(df: pd.DataFrame, mapping: dict) -> Applied:
    """`apply_mapping` with the changes it made (see `Applied`)."""
    _check(df, mapping)
    fields = mapping.get("fields") or {}
    problems: list[tuple] = []
    changes: list[tuple] = []
    n = len(df)
    out = pd.DataFrame(index=range(n))
    for name in FIELDS:
        spec = fields.get(name) or {}
        is_int = name in INTEGER_FIELDS
        if "column" in spec:
            values = (hours.joined(df, spec["column"], spec["until"]) if "until" in spec
                      else df[spec["column"]])
            out[name] = _convert(values, name, spec, is_int, problems, changes)
        else:
            out[name] = _spread([spec.get("value")], np.zeros(n, dtype=np.intp), is_int)
    geo = mapping.get("geometry") or {}
    theme = theme_of(mapping.get("standard"))  # 'point', 'area' or 'line'
    if geo.get("column"):
        out = _geometry_column(df, out, geo, theme, problems, changes)
    else:
        xs, ys = _geometry(df, geo, problems, changes)
        if theme == "point":
            out["x"], out["y"] = xs, ys
        else:
            out["geometri"] = None
            problems.extend((i, "geometri", f"{geo['x']}, {geo['y']}", None,
                             f"a point, and the {theme} theme takes {theme}s; write points with "
                             "--points (the standard geofa-facility)") for i in range(1, n + 1))
    return Applied(out, _frame(problems, "problem"), _frame(changes, "change"))


def _spread(converted: list, where, is_int: bool):
    """The standard's column (Int64 or string) from each different value's conversion
    (`converted`, None for empty) and each row's index into it (`where`, -1: empty)."""
    import pyarrow as pa

    where = np.asarray(where, dtype=np.intp)
    if is_int:
        ints = np.array([0 if is_missing(v) else int(v) for v in converted] + [0], dtype="int64")
        gone = np.array([is_missing(v) for v in converted] + [True])
        return pd.arrays.IntegerArray(ints[where], gone[where])
    texts = [None if is_missing(v) else v if isinstance(v, str) else str(v) for v in converted]
    picked = pa.array(texts + [None], pa.string()).take(pa.array(where % (len(texts) + 1)))
    return pd.array(pd.arrays.ArrowStringArray(picked), dtype="string")


def _frame(rows: list, last: str) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["row", "field", "column", "value", last])
    return frame.sort_values(["row", "field"], kind="stable").reset_index(drop=True)


def _convert(values: pd.Series, name: str, spec: dict, is_int: bool, problems: list,
             changes: list | None = None):
    """Each different value converted once (codes, numbers, text), then spread to its rows
    (the standard's column: Int64 or string); a value that cannot be converted is listed
    once per row that holds it."""
    col = spec["column"] + (f", {spec['until']}" if "until" in spec else "")
    codes = _codes(spec)
    other = spec.get("other")
    coded = bool(codes) or other is not None
    base = ({m.strip() for m in EMPTY_MARKERS} if coded else NUMBER_EMPTY if is_int
            else TEXT_EMPTY)
    empty = base | {str(m).strip() for m in spec.get("empty") or []}
    folded = {k.casefold(): v for k, v in codes.items() if k is not None}
    where, uniques = pd.factorize(values, use_na_sentinel=True)
    converted: list = []
    trouble: dict[int, tuple] = {}  # unique's index -> (what goes in the problems, kind)
    for k, v in enumerate(uniques.tolist()):
        t = _key(v)
        if t is None or t in empty:
            converted.append(None)
        elif coded:
            if t in codes:
                converted.append(codes[t])
            elif t.casefold() in folded:
                converted.append(folded[t.casefold()])
            elif other is not None:
                converted.append(other)
            elif is_int and (t.isdigit() or WHOLE_DECIMAL.match(t)) and len(t) < 19:  # a code:
                converted.append(_whole(t))  # (1, 3) the standard's check judges it
            else:
                near = close_types(t, 1) if name == "facil_ty_k" else []
                trouble[k] = (v, f"{t!r} has no {name} code"
                              + (f" (did you mean {near[0]}, {facility_code(near[0])}?)"
                                 if near else "") + "; add it under codes in the mapping",
                              "problem")
                converted.append(None)
        elif is_int and WHOLE_DECIMAL.match(t) and len(t) < 19:  # '1031.0': a float export's
            converted.append(_whole(t))  # code or count (a longer one is too large, below)
        elif name == "antal_pl" and changes is not None and not t.isdigit() \
                and (m := _COUNT_IN.match(t)):
            trouble[k] = (v, f"the count {int(m.group(1))} taken from {t!r}", "change")
            converted.append(int(m.group(1)))
        elif is_int:
            num, bad = parse_number([v], decimal=spec.get("decimal", ","))
            x = num.iloc[0]
            if len(bad) or math.isnan(x) or not float(x).is_integer():
                trouble[k] = (v, f"{t!r} is not one of {name}'s codes; add it under codes in "
                              "the mapping" if name in CODE_FIELDS else
                              f"{t!r} is not a whole number", "problem")
                converted.append(None)
            elif abs(x) >= 2**63:
                trouble[k] = (v, f"{t!r} is too large a number for {name}", "problem")
                converted.append(None)
            else:
                converted.append(int(x))
        elif name == "link" and changes is not None:
            fixed, why = fix_link(t)
            if why:
                trouble[k] = (v, why, "change")
            converted.append(fixed)
        elif name == "postnr" and re.fullmatch(r"39\d\d", code := _postcode_in(t) or t):
            trouble[k] = (v, f"{code} is a postcode in Greenland (3900–3999), not in Denmark",
                          "problem")
            converted.append(None)
        elif name == "postnr" and changes is not None and (code := _postcode_in(t)):
            trouble[k] = (v, f"the postcode {code} taken from {t!r}", "change")
            converted.append(code)
        elif changes is not None and ("&" in t or "<" in t) and (plain := _plain_text(t)) != t:
            trouble[k] = (v, _html_said(t), "change")
            converted.append(plain)
        elif name in ("navn", "beskrivels") and changes is not None and _RAGGED_SPACE.search(t):
            trouble[k] = (v, "line breaks, tabs and repeated or non-breaking spaces written as "
                          "single spaces", "change")
            converted.append(" ".join(t.split()))
        else:
            converted.append(t)
    for k, (v, text, kind) in trouble.items():
        target = problems if kind == "problem" or changes is None else changes
        target.extend((int(i) + 1, name, col, v, text) for i in np.flatnonzero(where == k))
    return _spread(converted, where, is_int)  # -1 (a missing value) takes the last: None


#: Spacing a name should not carry into the standard: a line break, a tab, a non-breaking
#: or a doubled space ('Shelter  ved  Brabrand Sø').
_RAGGED_SPACE = re.compile(r"\s{2,}|[\n\r\t\u00a0\u2007\u202f]")


#: HTML that web GIS and CMS exports leave in text: letter codes ('&oslash;', '&#248;') and
#: the common tags ('<br>', '<p>', '<a href=…>'), their attributes with values ('<i sommer>'
#: is no tag).
_ENTITY = re.compile(r"&(?:#\d{1,6}|#x[0-9a-f]{1,6}|[a-z]{2,8});", re.IGNORECASE)
_TAG = re.compile(r"</?(?:p|br|b|i|u|em|strong|span|div|a|ul|ol|li|h[1-6]|font)"
                  r"(?:\s+[\w-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))*\s*/?>",
                  re.IGNORECASE)


def _plain_text(text: str) -> str:
    """`text` without HTML: tags out (a break or paragraph as a space), letter codes read.

        >>> _plain_text("Sl&oslash;tsparken<br>&quot;Piratskibet&quot; &amp; bålsted")
        'Sløtsparken "Piratskibet" & bålsted'
    """
    import html

    plain = _TAG.sub(lambda m: " " if re.match(r"</?(?:p|br|div|li|h)", m.group(), re.I) else "",
                     text)
    plain = html.unescape(plain) if _ENTITY.search(plain) else plain
    return re.sub(r"\s{2,}", " ", plain).strip() if plain != text else text


def _html_said(text: str) -> str:
    """What `_plain_text` did to `text`, in words."""
    import html

    done = ["HTML tags left out"] if _TAG.search(text) else []
    if code := _ENTITY.search(text):
        done.append(f"HTML letter codes read ({code.group()!r} as {html.unescape(code.group())!r})")
    return "written as plain text: " + ", ".join(done)


def _whole(text: str) -> int:
    """'1031', '1031.0' or '7700,0' as the whole number."""
    return int(re.split(r"[.,]", text, maxsplit=1)[0])


#: A count in words around it: 'ca. 60', 'cirka 60', '60 pladser', '~60', '60 stk.'.
_COUNT_IN = re.compile(r"^(?:ca\.?|cirka|omkring|~|op til)?\s*(\d+)\s*(?:p-?pladser|pladser|"
                       r"pl\.|stk\.?)?$", re.IGNORECASE)
#: A whole number as a float export writes it: '1031.0', '7700,0', '3.00' (not '1.000',
#: which in Danish is a thousand).
WHOLE_DECIMAL = re.compile(r"^(\d+)[.,]0{1,2}$")


def _postcode_in(text: str) -> str | None:
    """The four-digit postcode a longer text starts with ('8000 Aarhus C', 'DK-8000'), or
    that a number format wrote ('7700.0' as a float, '7.700' with a thousands point); None
    for a plain postcode, or text without one (left to the standard's check)."""
    if m := WHOLE_DECIMAL.match(text) or re.fullmatch(r"(\d)\.(\d{3})", text):
        code = "".join(m.groups())
        return code if len(code) == 4 else None
    m = re.fullmatch(r"(?:DK[- ]?)?(\d{4})(?:[ ,]+\D.*)?", text, re.IGNORECASE)
    return m.group(1) if m and m.group(1) != text else None


#: Characters a web address may hold as they are (RFC 3986); others are percent-encoded.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


#: A host name without 'https://' ('haderslev.dk/starup', 'visitaarhus.com'): a word with
#: a dot and a top-level domain, then a path or nothing; no spaces before the path.
_BARE_HOST = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:dk|com|org|net|eu|info|nu)(?:[/?#]\S*)?$",
                        re.IGNORECASE)


#: Where a second web address begins in a cell: after ';', ',', ' og ', ' and ' or a space.
_NEXT_ADDRESS = re.compile(r"\s*(?:[;,|]|\s+og\s+|\s+and\s+|\s+)\s*(?=https?://|www\.)",
                           re.IGNORECASE)


def fix_link(text: str) -> tuple[str, str | None]:
    """A web address as the standard takes it, and what was done (None: nothing): spaces and
    characters a web address cannot hold percent-encoded, a Danish host name (æ, ø, å) in
    its IDNA form, 'https://' before a bare 'www.' or a bare Danish (.dk) host.

        >>> fix_link("https://aarhus.dk/lege pladser/Søndergade")[0]
        'https://aarhus.dk/lege%20pladser/S%C3%B8ndergade'
        >>> fix_link("www.ærø.dk/legepladser")[0]
        'https://www.xn--r-3fa9c.dk/legepladser'
        >>> fix_link("haderslev.dk/starup")[0], fix_link("Se kommunens hjemmeside")[1]
        ('https://haderslev.dk/starup', None)
        >>> fix_link("https://gentofte.dk/strandpark og www.visitgentofte.dk")[0]
        'https://gentofte.dk/strandpark'
    """
    from urllib.parse import quote, urlsplit, urlunsplit

    out, why = text, []
    nxt = _NEXT_ADDRESS.search(text.strip())
    inside = nxt and any(c in text.strip()[:nxt.start()] for c in "?#")  # a query's own www.
    several = [text.strip()] if inside else _NEXT_ADDRESS.split(text.strip())
    if len(several) > 1:  # 'https://a.dk og https://b.dk': the standard's link holds one
        out = several[0]
        why.append(f"{len(several)} web addresses in one cell: the first kept (GeoFA's link "
                   "holds one)")
    if out.lower().startswith("www.") or _BARE_HOST.match(out):
        out = "https://" + out
        why.append("'https://' added in front")
    if not out.lower().startswith(("http://", "https://")):
        return text, None
    try:
        parts = urlsplit(out)
        host = parts.hostname or ""
        if host and not host.isascii():
            ascii_host = host.encode("idna").decode("ascii")
            netloc = parts.netloc.replace(host, ascii_host) if host in parts.netloc else \
                parts.netloc.lower().replace(host, ascii_host)
            out = urlunsplit(parts._replace(netloc=netloc))
            why.append("the host name written in its IDNA form (xn--…)")
    except (ValueError, UnicodeError):
        return text, None  # not a web address the kit can repair: the schema check says so
    quoted = quote(out, safe=_URL_SAFE)
    if quoted != out:
        why.append(("spaces and characters" if " " in out else "characters")
                   + " a web address cannot hold percent-encoded")
        out = quoted
    return out, "; ".join(why) or None


def _missing_marker(a: pd.Series, b: pd.Series) -> list[int]:
    """Rows (0-based) whose coordinates stand for none: (0, 0) or -999 in either."""
    x = pd.to_numeric(a, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    y = pd.to_numeric(b, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return [int(i) for i in np.flatnonzero(no_place(x, y))]


def _geometry(df: pd.DataFrame, geo: dict, problems: list, changes: list | None = None):
    crs = str(geo.get("crs") or "EPSG:25832").upper()
    decimal = geo.get("decimal", ".")
    a, b = df[geo["x"]], df[geo["y"]]
    marked = _missing_marker(a, b) if decimal == "." or pd.api.types.is_numeric_dtype(a) else \
        _missing_marker(a.astype("string").str.replace(",", ".", regex=False),
                        b.astype("string").str.replace(",", ".", regex=False))
    if marked:  # (0, 0) and -999 are no place: never drawn in the sea off Africa
        a, b = a.copy().astype(object), b.copy().astype(object)
        a.iloc[marked] = None
        b.iloc[marked] = None
    if crs == "EPSG:25832":
        xs, px = (
            parse_number(a, decimal=decimal)
            if not pd.api.types.is_numeric_dtype(a)
            else (a.astype("float64"), pd.DataFrame(columns=["row", "value", "problem"]))
        )
        ys, py = (
            parse_number(b, decimal=decimal)
            if not pd.api.types.is_numeric_dtype(b)
            else (b.astype("float64"), pd.DataFrame(columns=["row", "value", "problem"]))
        )
        for p, col in ((px, geo["x"]), (py, geo["y"])):
            problems += [(int(r.row), "x, y", col, r.value, r.problem) for r in p.itertuples()]
        xs = xs.to_numpy(dtype="float64", na_value=np.nan)
        ys = ys.to_numpy(dtype="float64", na_value=np.nan)
        if changes is not None:
            xs, ys = _degrees_among_metres(df, geo, xs, ys, changes)
            xs, ys = _outside_denmark(df, geo, xs, ys, problems)
        said = {p[0] for p in problems if p[1] == "x, y"}
        for i in (np.flatnonzero(np.isnan(xs) | np.isnan(ys)) + 1).tolist():
            if i not in said:
                problems.append((i, "x, y", f"{geo['x']}, {geo['y']}", None, "no coordinates"))
    else:
        frame, p = to_utm32(a, b, crs=crs, decimal=decimal)
        problems += [
            (int(r.row), "x, y", f"{geo['x']}, {geo['y']}",
             None if r.problem == "no coordinates" else r.value, r.problem)
            for r in p.itertuples()
        ]
        xs, ys = frame["x"].to_numpy(), frame["y"].to_numpy()
    where, rows = f"{geo['x']}, {geo['y']}", {i + 1 for i in marked}
    for k, p in enumerate(problems):
        if p[0] in rows and p[1] == "x, y":
            i = p[0] - 1
            cells = [df[geo[a]].iloc[i] for a in ("x", "y")]
            shown = [None if pd.isna(v) else as_text(v) for v in cells]
            problems[k] = (p[0], "x, y", where,
                           None if shown == [None, None] else ", ".join(v or "" for v in shown),
                           "no usable coordinates ((0, 0) and -999 stand for none)")
    return _centimetres(xs, ys)


def _degrees_among_metres(df, geo: dict, xs, ys, changes: list):
    """(xs, ys) with the rows of EPSG:25832 columns that hold a longitude and latitude in
    Denmark instead (a point typed in from a web map) transformed and said."""
    from oddk.vocab import inside_denmark

    with np.errstate(invalid="ignore"):
        rows = np.flatnonzero(~inside_denmark(xs, ys, "EPSG:25832") & inside_denmark(xs, ys))
    if not len(rows) or len(rows) > len(xs) / 2:  # most rows in degrees: the column's system
        return xs, ys
    moved, _ = to_utm32(pd.Series(xs[rows]), pd.Series(ys[rows]), crs="EPSG:4326")
    xs, ys = xs.copy(), ys.copy()
    xs[rows], ys[rows] = moved["x"].to_numpy(), moved["y"].to_numpy()
    changes += [(i + 1, "x, y", f"{geo['x']}, {geo['y']}", shown,
                 "a longitude and latitude (WGS84) among EPSG:25832 metres: read as such")
                for i, shown in zip(rows.tolist(), _cells(df, geo, rows), strict=True)]
    return xs, ys


def _outside_denmark(df, geo: dict, xs, ys, problems: list):
    """(xs, ys) without the few EPSG:25832 points outside Denmark, each listed with its cells
    as the file has them (a digit missing, another system?)."""
    from oddk.vocab import inside_denmark

    with np.errstate(invalid="ignore"):
        rows = np.flatnonzero(np.isfinite(xs) & np.isfinite(ys)
                              & ~inside_denmark(xs, ys, "EPSG:25832"))
    if not len(rows) or len(rows) > len(xs) / 2:  # most rows: the system (the reader says so)
        return xs, ys
    xs, ys = xs.copy(), ys.copy()
    xs[rows] = ys[rows] = np.nan
    problems += [(i + 1, "x, y", f"{geo['x']}, {geo['y']}", shown, "outside Denmark as "
                  "EPSG:25832 (a digit missing or too many, or another coordinate system?)")
                 for i, shown in zip(rows.tolist(), _cells(df, geo, rows), strict=True)]
    return xs, ys


def _cells(df, geo: dict, rows) -> list[str]:
    """The x and y cells of `rows` as the file has them: '10.157, 56.156'."""
    xs, ys = (df[geo[a]].to_numpy(dtype=object)[rows] for a in ("x", "y"))
    return [f"{as_text(x)}, {as_text(y)}" for x, y in zip(xs, ys, strict=True)]


def _centimetres(xs, ys):
    """x, y rounded to the centimetre as the CSV writes them ('%.2f'), a row without both
    empty in both."""
    a, b = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    gone = np.isnan(a) | np.isnan(b)
    return (pd.array(np.where(gone, np.nan, to_cents(a)), dtype="Float64"),
            pd.array(np.where(gone, np.nan, to_cents(b)), dtype="Float64"))


def to_cents(v):
    """Numbers rounded to two decimals exactly as '%.2f' rounds them (the nearest hundredth
    of the number's exact binary value), NaN kept. rint(v * 100) / 100 gives that for every
    number whose hundredfold is not within a hair of a half, and the division of two whole
    numbers lands on the same float that reading the text '%.2f' wrote would; the few near a
    half are formatted one by one."""
    v = np.asarray(v, dtype=float)
    with np.errstate(invalid="ignore", over="ignore"):  # inf, NaN and huge go their own way
        scaled = v * 100
        out = np.rint(scaled) / 100
        frac = np.abs(scaled - np.floor(scaled) - 0.5)
    near = np.flatnonzero((frac < 1e-6) | ~(np.abs(scaled) < 2.0**52))  # and huge ones
    near = near[np.isfinite(v[near])]
    if len(near):
        out[near] = [float(f"{x:.2f}") for x in v[near].tolist()]
    return out


#: The changes that turn an area or a line into a facility point (the report counts them).
AS_POINT = "the polygon's representative point (inside it)"
AS_MIDDLE = "the line's middle"

_WHAT = {"point": "a point", "area": "an area (polygon)", "line": "a line"}


def _geometry_column(df, out, geo: dict, theme: str, problems: list, changes: list):
    """The geometry from a column of WKT/GeoJSON (and x/y for rows that have them), fitted to
    the theme; a MultiPoint of several points in the point theme gives a row per point."""
    col = geo["column"]
    crs = str(geo.get("crs") or "EPSG:25832").upper()
    values = df[col].tolist()
    plain = np.zeros(len(df), dtype=bool)  # points in the x, y columns, no geometry text
    if geo.get("x") and geo.get("y"):  # points as lon/lat columns, the rest as geometry text
        a = pd.to_numeric(df[geo["x"]], errors="coerce").tolist()
        b = pd.to_numeric(df[geo["y"]], errors="coerce").tolist()
        plain = np.array([is_missing(v) and x == x and y == y
                          for v, x, y in zip(values, a, b, strict=True)], dtype=bool)
        if theme != "point":
            values = [f"POINT ({x!r} {y!r})" if p else v
                      for v, x, y, p in zip(values, a, b, plain, strict=True)]
            plain[:] = False
    if geo.get("pair"):  # two numbers in one cell, in the order the mapping says
        values = [geom.pair_as_wkt(v, geo["pair"]) for v in values]
    texts = np.flatnonzero(~plain)  # the rows whose geometry is text: one at a time
    geoms, notes = geom.geometries([values[i] for i in texts], crs)
    where = col if not geo.get("x") else f"{col} ({geo['x']}, {geo['y']})"
    kept, extra = [None] * len(df), {}
    said_from = (len(problems), len(changes))  # the geometry's own, put in row order below
    px, py = np.full(len(df), np.nan), np.full(len(df), np.nan)  # the x, y columns', the texts'
    if plain.any():  # the points of the x, y columns: column-wise, as a file of x, y is
        px, py = _points_beside(df, geo, crs, plain, problems, changes)
    for j, g in enumerate(geoms):
        i = int(texts[j])
        note = notes.get(j)
        shown = _shown(df[col].iloc[i])
        if g is None:
            problems.append((i + 1, "x, y" if theme == "point" else "geometri", where, shown,
                             note or "no usable geometry"))
            continue
        if note and note.startswith("repaired"):
            changes.append((i + 1, "geometri", where, shown,
                            f"an invalid geometry, repaired ({note[10:]})"))
        k = geom.kind(g)
        collection = g.geom_type == "GeometryCollection"
        if collection:  # the parts the theme takes, if it has any; else what it holds most of
            held = {geom.kind(part) for part in g.geoms}
            k = theme if theme in held else k
            g = geom.only(g, k)
            said = f"a collection of geometries: its {k} parts kept"
            if theme == "point" and k != "point":
                said += f", written as {AS_POINT if k == 'area' else AS_MIDDLE}"
            elif theme == "point" and g.geom_type == "Point":
                said += ", written as one point"
            changes.append((i + 1, "x, y" if theme == "point" else "geometri", where, shown,
                            said))
        if theme == "point":
            if g.geom_type == "MultiPoint" and g.is_empty is False:
                g = geom.without_empty(g)
            if g.geom_type == "MultiPoint" and len(g.geoms) > 1:
                parts = list(g.geoms)
                extra[i] = parts[1:]
                changes.append((i + 1, "x, y", where, shown,
                                f"a MultiPoint of {len(parts)} points: written as {len(parts)} "
                                "facility points"))
                g = parts[0]
            elif k != "point" and not collection:
                changes.append((i + 1, "x, y", where, shown,
                                AS_POINT if k == "area" else AS_MIDDLE))
            kept[i] = geom.to_point(g)
        elif k == theme:
            kept[i] = geom.only(g, theme)
        else:
            problems.append((i + 1, "geometri", where, shown,
                             f"{_WHAT[k]}, and the {theme} theme takes {theme}s"
                             + ("; write points with --points (the standard geofa-facility)"
                                if k == "point" else "")))
    if plain.any():  # the geometry's problems and changes in row order, as from one pass
        problems[said_from[0]:] = sorted(problems[said_from[0]:], key=lambda p: p[0])
        changes[said_from[1]:] = sorted(changes[said_from[1]:], key=lambda c: c[0])
    if theme != "point":
        out["geometri"] = pd.Series(kept, index=out.index, dtype=object)
        return out
    for i in texts.tolist():
        if kept[i] is not None:
            px[i], py[i] = round(kept[i].x, 2), round(kept[i].y, 2)
    out["x"], out["y"] = pd.array(px, dtype="Float64"), pd.array(py, dtype="Float64")
    if extra:  # one row per point of a MultiPoint, in the source's order
        counts = [1 + len(extra.get(i, ())) for i in range(len(out))]
        out = out.loc[out.index.repeat(counts)].copy()
        pos = 0
        xs, ys = out["x"].to_numpy(dtype=float, na_value=math.nan), out["y"].to_numpy(
            dtype=float, na_value=math.nan)
        for i, c in enumerate(counts):
            for k, pt in enumerate(extra.get(i, ()), 1):
                xs[pos + k], ys[pos + k] = round(pt.x, 2), round(pt.y, 2)
            pos += c
        out["x"], out["y"] = pd.array(xs, dtype="Float64"), pd.array(ys, dtype="Float64")
    return out


def _points_beside(df, geo: dict, crs: str, plain, problems: list, changes: list):
    """x, y (EPSG:25832) of the rows whose place is in the x, y columns (`plain`) of a file
    whose other rows hold geometry text (a GeoJSON of points and a few areas): read as a file
    of x, y columns is, with their problems and changes; NaN elsewhere."""
    mine_p, mine_c = [], []
    xs, ys = _geometry(df, {"x": geo["x"], "y": geo["y"], "crs": crs}, mine_p, mine_c)
    rows = set((np.flatnonzero(plain) + 1).tolist())
    problems.extend(p for p in mine_p if p[0] in rows)
    changes.extend(c for c in mine_c if c[0] in rows)
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    return np.where(plain, xs, np.nan), np.where(plain, ys, np.nan)


def _shown(v):
    """A geometry cell as a set-aside list shows it: short."""
    if is_missing(v):
        return None
    t = str(v)
    return t if len(t) <= 80 else t[:77] + "…"


# --------------------------------------------------------------------------- writing


def _cell(v) -> str:
    return "" if is_missing(v) else str(v)


def _wkt(g) -> str:
    import shapely

    return "" if g is None else shapely.to_wkt(g, rounding_precision=2, trim=True)


def _csv_column(s: pd.Series, name: str):
    """A column as CSV cells (a pyarrow text array): '' for empty, x/y with two decimals,
    WKT for geometries, text quoted when it holds a comma, a quote or a line break (as the
    csv module's minimal quoting, and a lone carriage return too)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if name in ("x", "y"):
        return two_decimals(s.to_numpy(dtype=float, na_value=np.nan))
    if name == "geometri":
        cells = pa.array([_wkt(g) for g in s], pa.string())
    else:
        typed = s.array if name not in INTEGER_FIELDS else pd.array(s, dtype="Int64")
        arrow = pa.array(typed)  # pandas' arrays hand pyarrow their buffers: no Python values
        cells = pc.fill_null(pc.cast(arrow, pa.string()), "")
    if name not in INTEGER_FIELDS:
        odd = pc.match_substring_regex(cells, r'[,"\n\r]')
        if pc.any(odd).as_py():  # only those cells are quoted
            some = pc.filter(cells, odd)
            quoted = pc.binary_join_element_wise('"', pc.replace_substring(some, '"', '""'),
                                                 '"', "")
            cells = pc.replace_with_mask(cells, odd, quoted)
    return cells


def two_decimals(v):
    """Numbers as '%.2f' writes them ('' for NaN), made by pyarrow from whole hundredths
    (`to_cents`' rounding), not one by one; numbers too large for that, one by one.

        >>> two_decimals(np.array([559997.305, -0.004, 7.0, np.nan])).to_pylist()
        ['559997.31', '-0.00', '7.00', '']
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    v = np.asarray(v, dtype=float)
    gone = np.isnan(v)
    with np.errstate(invalid="ignore", over="ignore"):
        cents = np.rint(to_cents(v) * 100)
    if not (np.abs(cents[~gone]) < 2.0**50).all():  # inf, or beyond whole hundredths
        return pa.array(["" if x != x else f"{x:.2f}" for x in v.tolist()], pa.string())
    whole = np.where(gone, 0, np.abs(cents)).astype("int64")
    text = pc.binary_join_element_wise(
        pc.cast(pa.array(whole // 100), pa.string()),
        pc.utf8_lpad(pc.cast(pa.array(whole % 100), pa.string()), 2, "0"), ".")
    minus = np.signbit(v) & ~gone
    if minus.any():
        text = pc.if_else(pa.array(minus), pc.binary_join_element_wise("-", text, ""), text)
    return pc.if_else(pa.array(gone), "", text) if gone.any() else text


def csv_bytes(out: pd.DataFrame) -> bytes:
    """The standard table as CSV: UTF-8, ',', LF, empty cells for empty values, x/y with
    two decimals (centimetres in EPSG:25832), or `geometri` as WKT in EPSG:25832 (areas,
    lines). Column by column: pyarrow joins each row's cells, and the rows are one buffer."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = COLUMNS if "geometri" not in out.columns else [*FIELDS, "geometri"]
    head = (",".join(columns) + "\n").encode("utf-8")
    if not len(out):
        return head
    rows = pc.binary_join_element_wise(*[_csv_column(out[c], c) for c in columns], ",")
    lines = pc.binary_join_element_wise(rows, pa.scalar(""), "\n")  # each row + "\n"
    lines = lines.combine_chunks() if isinstance(lines, pa.ChunkedArray) else lines
    width = np.int32 if lines.type == pa.string() else np.int64  # string or large_string
    offsets = np.frombuffer(lines.buffers()[1], dtype=width)[lines.offset:]
    data = lines.buffers()[2]
    return head + data[int(offsets[0]):int(offsets[len(lines)])].to_pybytes()


def csv_text(out: pd.DataFrame) -> str:
    """`csv_bytes` as text."""
    return csv_bytes(out).decode("utf-8")


def _wgs84_geojson(g) -> dict | None:
    """An EPSG:25832 geometry as a GeoJSON geometry in WGS84, 7 decimals, its areas' outer
    rings counterclockwise and holes clockwise (RFC 7946, 3.1.6)."""
    import shapely

    if g is None:
        return None
    (moved,) = geom.transform([g], "EPSG:25832", "EPSG:4326")
    moved = shapely.orient_polygons(shapely.transform(moved, lambda xy: np.round(xy, 7)))
    return json.loads(shapely.to_geojson(moved))


def geojson_doc(out: pd.DataFrame) -> dict:
    """The standard table as a GeoJSON FeatureCollection (RFC 7946): WGS84 lon/lat rounded to
    7 decimals, transformed from x/y (or `geometri`); codes as integers, empty fields as
    null. Rows without coordinates get a null geometry."""
    features = []
    points = "geometri" not in out.columns
    if points:
        xy = out[["x", "y"]].astype("float64")
        lonlat, _ = (
            to_wgs84(xy["x"], xy["y"]) if len(out) else (pd.DataFrame(columns=["lon", "lat"]),
                                                         None)
        )
        lons, lats = lonlat["lon"].tolist(), lonlat["lat"].tolist()
    for k, row in enumerate(out[FIELDS].itertuples(index=False)):
        props = {}
        for c, v in zip(FIELDS, row, strict=True):
            props[c] = None if is_missing(v) else int(v) if c in INTEGER_FIELDS else str(v)
        if points:
            lon, lat = lons[k], lats[k]
            g = (
                None
                if math.isnan(lon) or math.isnan(lat)
                else {"type": "Point", "coordinates": [round(float(lon), 7), round(float(lat), 7)]}
            )
        else:
            g = _wgs84_geojson(out["geometri"].iloc[k])
        features.append({"type": "Feature", "properties": props, "geometry": g})
    return {"type": "FeatureCollection", "features": features}


def geojson_text(out: pd.DataFrame) -> str:
    return json.dumps(geojson_doc(out), ensure_ascii=False) + "\n"


def write_standard(out: pd.DataFrame, path, force: bool = False, inputs=()) -> Path:
    """Write the standard table to `path` (.csv or .geojson). Refuses to write over one of
    `inputs` (the source file, by identity: another name or a link counts too) and, unless
    `force`, over an existing file; never writes into datasets/."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".csv", ".geojson"):
        raise ValueError(f"Write the standard to a .csv or a .geojson file, not {p.name!r}.")
    guard(p, inputs, force)
    from oddk.paths import datasets_dir

    try:
        if p.resolve().is_relative_to(datasets_dir().resolve()):
            raise ValueError(
                f"'{p}' is inside datasets/, which holds the kit's input data. Write elsewhere "
                "(e.g. build/)."
            )
    except FileNotFoundError:
        pass
    data = csv_bytes(out) if suffix == ".csv" else geojson_text(out).encode("utf-8")
    return write_bytes(p, data)


def describe(out: pd.DataFrame) -> pd.DataFrame:
    """A small summary of a standard table: rows per facility type."""
    counts = out["facil_ty_k"].value_counts(dropna=False).sort_index()
    return pd.DataFrame(
        {
            "facil_ty_k": counts.index.astype("Int64"),
            "type": [facility_name(c) if not is_missing(c) else "(none)" for c in counts.index],
            "rows": counts.to_numpy(),
        }
    ).reset_index(drop=True)
