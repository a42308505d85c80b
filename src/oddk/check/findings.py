"""Findings for the readiness check: from what the column checks counted to `Finding`s in
plain words, what is good, the stars and the metadata. Every value shown passes through
`personal.mask`; a column with personal data shows no values at all in other findings.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from oddk.check import stars
from oddk.check.content import MAX_ROWS, ColumnCheck
from oddk.check.personal import mask
from oddk.check.report import Finding, good_line, make_finding


def disguised_or_cover(r, p, rr, sheet, language):
    """An Excel workbook named .csv, or a workbook whose first sheet is a cover page."""
    da = language == "da"
    if rr.format == "xlsx" and p.suffix.lower() not in (".xlsx", ".xlsm"):
        detail = (f"'{p.name}' er en Excel-projektmappe (XLSX) med et {p.suffix}-navn" if da
                  else f"'{p.name}' is an Excel workbook (XLSX) with a {p.suffix} name")
        r.findings.append(make_finding("not-tabular", language, detail=detail))
    if (rr.format == "xlsx" and sheet is None and rr.sheets and len(rr.sheets) > 1
            and rr.columns <= 1):
        nxt = rr.sheets[1]
        detail = (f"det første ark '{rr.sheet}' har kun én kolonne (en forside?); data står "
                  f"nok i '{nxt}': tjek med sheet='{nxt}'" if da else
                  f"the first sheet '{rr.sheet}' has one column only (a cover page?); the data "
                  f"is probably in '{nxt}': check it with sheet='{nxt}'")
        r.findings.append(make_finding("not-tabular", language, detail=detail))


def after_batches(r, rr, cols, ragged_texts, language, flags, schema, standard_name):
    da = language == "da"
    row_hashes = cols.pop("__rows__")
    coord = cols.pop("__coord__")
    schema_check = cols.pop("__schema__")
    personal_columns = set()
    # ragged rows in a streamed file: counted, scanned for personal data and formulas
    if ragged_texts:
        names = [c for c in rr.column_names]
        r.findings.append(make_finding(
            "ragged-rows", language, count=len(ragged_texts), width=len(names),
            where=(" (" + ("fx" if da else "e.g.") + " '" + mask(ragged_texts[0], 50) + "')")))
        flags.pop("even", None)
        extra = ColumnCheck("(ragged rows)" if not da else "(ujævne rækker)")
        extra.update(pa.array(ragged_texts[:100000], pa.string()), 0)
        cols[extra.name] = extra
    for name, col in cols.items():
        kinds = col.personal_kinds()
        if kinds:
            personal_columns.add(name)
        r.findings += _personal_findings(col, kinds, language)
    shifted = bool(rr.ragged_rows or ragged_texts)
    for name, col in cols.items():
        hide = name in personal_columns
        found = _column_findings(col, language, hide)
        if shifted:  # values pushed into the wrong columns: fix the rows first
            found = [f for f in found if f.code not in ("mixed-types", "number-format")]
        r.findings += found
    # duplicate rows
    if row_hashes:
        import pandas as pd

        h = np.concatenate(row_hashes)
        dup = pd.Series(h).duplicated(keep="first").to_numpy()
        k = int(dup.sum())
        if k:
            rows = [int(i) + 1 for i in np.flatnonzero(dup)[:MAX_ROWS]]
            r.findings.append(make_finding("duplicate-rows", language, count=k, rows=rows))
        else:
            flags["no_duplicates"] = True
    # coordinates
    _coordinate_findings(r, rr, coord, language, flags)
    if schema_check is not None:
        r.findings += schema_check.findings(language, standard_name, personal_columns)
    _good(r, rr, cols, flags, language, standard_name)


def _examples(values, hide: bool, language: str) -> str:
    if not values:
        return ""
    shown = ["•••" if hide else mask(v, 40) for v in values[:3]]
    return ", ".join(repr(v) for v in shown)


def _personal_findings(col: ColumnCheck, kinds: set, language: str) -> list[Finding]:
    out = []
    for kind in sorted(kinds):
        d = col.personal.get(kind, {"count": 0, "rows": [], "examples": [], "distinct": set()})
        if kind == "cpr" and col.cpr_pure_valid and col.cpr_pure_valid / max(
                1, col.cpr_pure_candidates) >= 0.9 and col.cpr_pure_valid >= 3:
            d = {"count": d["count"] + col.cpr_pure_valid,
                 "rows": sorted(d["rows"] + col.cpr_pure_rows)[:MAX_ROWS],
                 "examples": (d["examples"] + col.cpr_pure_examples)[:3],
                 "distinct": d["distinct"]}
        examples = ", ".join(d["examples"])
        code = {"cpr": "personal-data-cpr", "email": "personal-data-email",
                "phone": "personal-data-phone", "user_id": "personal-data-user-id",
                "user_column": "personal-data-user-id", "name": "personal-data-name"}[kind]
        severity = None
        distinct = len(d["distinct"])
        if kind in ("email", "phone") and distinct <= 2 and d["count"] > 2:
            severity = "warning"  # one or two shared contact points, repeated
        out.append(make_finding(code, language, severity=severity, column=col.name,
                                count=d["count"], rows=d["rows"], examples=examples,
                                examples_list=list(d["examples"]),
                                distinct=distinct if distinct < 1000 else "1000+"))
    return out


def _column_findings(col: ColumnCheck, language: str, hide: bool) -> list[Finding]:
    da = language == "da"
    out = []
    filled = col.rows_seen - col.empty
    if col.empty:
        share = col.empty / max(1, col.rows_seen)
        severity = "warning" if share >= 0.5 else None
        out.append(make_finding("missing-values", language, severity=severity, column=col.name,
                                count=col.empty, rows=col.empty_rows,
                                share=f"{share:.0%}" if share >= 0.01 else f"{share:.2%}"))
    if col.is_date:
        many = {k: v for k, v in col.date_formats.items()}
        if len(many) > 1:
            fmts = ", ".join(f"{k} ({v})" for k, v in sorted(many.items(), key=lambda x: -x[1]))
            detail = (f"datoer i {len(many)} formater: {fmts}" if da
                      else f"dates in {len(many)} formats: {fmts}")
            out.append(make_finding("mixed-types", language, column=col.name, detail=detail))
        if col.bad_dates:
            ex = _examples(col.bad_date_examples, hide, language)
            out.append(make_finding("invalid-date", language, column=col.name,
                                    count=col.bad_dates, rows=col.bad_date_rows,
                                    examples=f" ({ex})" if ex else "",
                                    examples_list=None if hide else
                                    [mask(v, 40) for v in col.bad_date_examples]))
    elif filled and col.numbers and col.texts and col.numbers / filled >= 0.5:
        ex = _examples(col.text_examples, hide, language)
        detail = (f"{col.numbers} tal og {col.texts} tekst ({ex})" if da
                  else f"{col.numbers} numbers and {col.texts} text ({ex})")
        out.append(make_finding("mixed-types", language, column=col.name, detail=detail,
                                rows=col.text_rows, count=col.texts,
                                examples_list=None if hide else
                                [mask(v, 40) for v in col.text_examples]))
    elif col.comma_dec and col.point_dec:
        detail = (f"decimalkomma ({col.comma_dec}) og decimalpunktum ({col.point_dec})" if da
                  else f"decimal comma ({col.comma_dec}) and decimal point ({col.point_dec})")
        out.append(make_finding("mixed-types", language, column=col.name, detail=detail))
    if col.thousands and not col.texts:
        detail = ("'.' som tusindtalsseparator" if da else "'.' as thousands separator") + (
            (", ',' som decimaltegn" if da else ", ',' as decimal mark") if col.comma_dec else "")
        out.append(make_finding("number-format", language, column=col.name, detail=detail,
                                count=col.thousands))
    if col.is_municipality and col.muni_bad:
        vals = sorted(col.muni_values, key=lambda v: -col.muni_values[v])
        shown = ["•••" if hide else mask(v, 20) for v in vals[:8]]
        ex = ", ".join(repr(v) for v in shown)
        regions = [v for v in vals if v.strip().lstrip("0") in
                   ("81", "82", "83", "84", "85", "1081", "1082", "1083", "1084", "1085")]
        detail = ""
        if regions:
            detail = (f" {', '.join(regions)} er regionskoder." if da
                      else f" {', '.join(regions)} are region codes.")
        if "411" in vals:
            detail += (" 411 er Christiansø, der ikke hører til en kommune." if da else
                       " 411 is Christiansø, which belongs to no municipality.")
        out.append(make_finding("invalid-municipality-code", language, column=col.name,
                                count=col.muni_bad, rows=col.muni_rows, examples=ex,
                                detail=detail, examples_list=shown))
    if col.is_id:
        k, rows = col.duplicate_ids()
        if k:
            out.append(make_finding("duplicate-ids", language, column=col.name, count=k,
                                    rows=rows))
    if col.formula:
        ex = _examples(col.formula_examples, hide, language)
        out.append(make_finding("formula-injection", language, column=col.name,
                                count=col.formula, rows=col.formula_rows,
                                examples=f": {ex}" if ex else "",
                                examples_list=None if hide else
                                [mask(v, 40) for v in col.formula_examples]))
    return out


def _coordinate_findings(r, rr, coord, language, flags):
    da = language == "da"
    if not coord.cols:
        return
    cols_text = " og ".join(f"'{c}'" for c in coord.cols) if da else \
        " and ".join(f"'{c}'" for c in coord.cols)
    if coord.points == 0:
        return
    if coord.outside:
        if coord.crs is None:
            detail = (" i EPSG:25832, WGS84 eller EPSG:3857" if da
                      else " in EPSG:25832, WGS84 or EPSG:3857")
        elif coord.swapped:
            detail = (f": kolonnerne ser ombyttede ud ({coord.crs} med x og y byttet om)" if da
                      else f": the columns look swapped ({coord.crs} with x and y exchanged)")
        else:
            detail = f" ({coord.crs})"
        severity = "blocker" if coord.outside / coord.points > 0.5 else "warning"
        r.findings.append(make_finding("coordinates-outside-denmark", language,
                                       severity=severity, count=coord.outside,
                                       columns=cols_text, detail=detail, rows=coord.rows))
    else:
        flags["coordinates_ok"] = (cols_text, coord.crs)
    if coord.crs == "EPSG:3857":
        r.findings.append(make_finding("web-mercator", language, columns=cols_text))
    elif coord.crs and (rr.crs_source or "").startswith("guessed") and not coord.swapped:
        r.findings.append(make_finding("crs-not-stated", language, columns=cols_text,
                                       crs=coord.crs))


def workbook_formulas(r, p, rr, cols, language):
    from oddk.check.formulas import workbook_formula_cells

    try:
        found = workbook_formula_cells(p, rr.sheet, rr.header_row)
    except Exception:  # a damaged workbook was already reported by the reader
        return
    for col, rows in found.items():
        # a formula whose result was never saved reads as an empty cell: not missing data
        for f in list(r.findings):
            if f.code == "missing-values" and f.column == col and set(f.rows or []) <= set(rows) \
                    and (f.count or 0) <= len(rows):
                r.findings.remove(f)
        if any(f.code == "formula-injection" and f.column == col for f in r.findings):
            continue
        r.findings.append(make_finding("formula-injection", language, column=col,
                                       count=len(rows), rows=rows[:MAX_ROWS], examples=""))


def _good(r, rr, cols, flags, language, standard_name):
    codes = r.codes
    g = []
    if flags.get("utf8"):
        g.append(good_line("utf8", language))
    if rr.rows and not codes & {"duplicate-column", "empty-column-name", "no-header"}:
        g.append(good_line("table", language, rows=rr.rows, columns=len(rr.column_names)))
    if flags.get("even") and rr.format in ("csv", "tsv") and "ragged-rows" not in codes:
        g.append(good_line("even", language))
    if rr.format in ("csv", "tsv", "json", "geojson"):
        g.append(good_line("open_format", language, format=rr.format.upper()))
    if not any(c.startswith("personal-data-") for c in codes):
        g.append(good_line("no_personal", language))
    if "formula-injection" not in codes:
        g.append(good_line("no_formulas", language))
    if flags.get("no_duplicates") and rr.rows > 1:
        g.append(good_line("no_duplicates", language))
    if "missing-values" not in codes and rr.rows:
        g.append(good_line("complete", language))
    dates = [n for n, c in cols.items() if c.is_date and not c.bad_dates
             and len(c.date_formats) == 1]
    if dates:
        g.append(good_line("dates_ok", language, columns=", ".join(dates)))
    munis = [n for n, c in cols.items() if c.is_municipality and not c.muni_bad]
    if munis:
        g.append(good_line("municipality_ok", language, columns=", ".join(munis)))
    if flags.get("coordinates_ok"):
        cols_text, crs = flags["coordinates_ok"]
        g.append(good_line("coordinates_ok", language, columns=cols_text, crs=crs))
    if standard_name and "schema-violation" not in codes:
        g.append(good_line("standard_ok", language, standard=standard_name))
    r.good = g


def metadata_and_stars(r, md, fmt, tabular, conforms):
    language = r.language
    da = language == "da"
    licence_open = None
    if md is None:
        r.findings.append(make_finding("no-metadata", language))
    else:
        comp = stars.completeness(md)
        lic = stars.licences(md)
        missing_lic = [name for name, x in lic if not x]
        if missing_lic:
            named = ", ".join(f"'{n}'" for n in missing_lic if n)
            detail = ((" for ressourcen " if da else " for resource ") + named) if named else ""
            r.findings.append(make_finding("no-licence", language, detail=detail))
            licence_open = False
        else:
            licence_open = all(stars.is_open(x) for _, x in lic)
            if licence_open:
                r.good.append(good_line("licence", language,
                                        licence=", ".join(sorted({x for _, x in lic}))))
        if comp["mandatory"]["missing"]:
            r.findings.append(make_finding("metadata-missing", language,
                                           fields=", ".join(comp["mandatory"]["missing"])))
        else:
            r.good.append(good_line("metadata_complete", language))
        if comp["recommended"]["missing"]:
            r.findings.append(make_finding("metadata-recommended", language,
                                           fields=", ".join(comp["recommended"]["missing"])))
        m, rec = comp["mandatory"], comp["recommended"]
        comp["summary"] = (
            f"{'påkrævet' if da else 'mandatory'} {m['present']}/{m['total']}, "
            f"{'anbefalet' if da else 'recommended'} {rec['present']}/{rec['total']}")
        r.metadata = comp
        conforms = conforms or bool(md.get("conforms_to") or md.get("conformsTo"))
    level, reasons = stars.star_level(fmt, tabular, licence_open, conforms, language)
    r.stars, r.stars_reasons = level, reasons
