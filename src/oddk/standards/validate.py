"""Validate a table against the standard's own Table Schema: one row per error, with the data
row, field, value and a plain message.

`validate_table` and `validate_file` use frictionless, the field's reference validator (never
an inferred schema). `check_table` applies the same constraints (required, enum, minimum,
maximum, pattern) to the typed table column by column, as the standardiser does on every
run; tests hold it to frictionless's answers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from oddk.standards.apply import csv_text
from oddk.standards.geofa import columns_for, load_schema

_PLAIN = {
    "required": "is required and empty",
    "enum": "is not in the code list",
    "minimum": "is below the smallest allowed value",
    "maximum": "is above the largest allowed value",
    "pattern": "has the wrong form",
    "maxLength": "is too long",
}


#: The standards' patterns in words.
FORMS = {"[0-9]{4}": "four digits, such as 8000",
         "https?://\\S+": "a web address that starts with http:// or https://, without spaces"}


def form_of(pattern: str) -> str:
    """A field's pattern as the form it asks for, in words ('[0-9]{4}' -> 'four digits …')."""
    return FORMS.get(pattern, f"pattern {pattern}")


def validate_rows(rows: list[list[str]], standard: str = "geofa-facility") -> pd.DataFrame:
    """Validate text rows (the first is the header) with frictionless against the standard's
    schema. Returns a DataFrame: row (1 = first data row), field, value, problem."""
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return validate_text(buf.getvalue(), standard)


def validate_text(text: str, standard: str = "geofa-facility") -> pd.DataFrame:
    """Validate CSV text (UTF-8, ',', a header row) against the standard's Table Schema."""
    from frictionless import Resource, Schema

    schema_dict = load_schema(standard)
    schema = Schema.from_descriptor(schema_dict)
    allowed = {f["name"]: f.get("constraints", {}) for f in schema_dict["fields"]}
    # Validate a temporary file rather than inline rows: frictionless copies inline data into
    # its report, which takes longer than the validation itself on large tables.
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="oddk-validate-") as tmp:
        path = Path(tmp) / "table.csv"
        path.write_bytes(text.encode("utf-8"))
        resource = Resource(path=path.name, basepath=tmp, schema=schema)
        report = resource.validate(limit_errors=100_000)
    found = []
    for task in report.tasks:
        for err in task.errors:
            row = getattr(err, "row_number", None)
            field = getattr(err, "field_name", None)
            cell = getattr(err, "cell", None)
            note = getattr(err, "note", "") or ""
            kind = next((k for k in _PLAIN if f'"{k}"' in note or note.startswith(k)), None)
            if kind:
                limit = allowed.get(field, {}).get(kind)
                text = f"{field} {_PLAIN[kind]}"
                if kind == "enum":
                    text += (
                        " (allowed: "
                        + (
                            ", ".join(map(str, limit))
                            if len(limit) <= 12
                            else f"{len(limit)} codes, see the schema"
                        )
                        + ")"
                    )
                elif kind == "pattern":
                    text += f" ({form_of(limit)})"
                elif kind in ("minimum", "maximum"):
                    text += f" ({kind} {limit})"
                elif kind == "maxLength":
                    text += f" (at most {limit} characters)"
            elif err.type == "type-error":
                whole = "integer" in note or "integer" in err.message
                text = f"{field} should be {'a whole number' if whole else 'a number'}"
            else:
                text = err.message
            found.append((row - 1 if row else None, field, cell, text))
    return pd.DataFrame(found, columns=["row", "field", "value", "problem"])


def validate_table(out: pd.DataFrame, standard: str = "geofa-facility") -> pd.DataFrame:
    """Validate a standard table (from `apply_mapping`) as it will be written to CSV."""
    return validate_text(csv_text(out), standard)


def validate_file(path, standard: str = "geofa-facility") -> pd.DataFrame:
    """Validate a CSV file that claims the standard's form (e.g. a municipality's own GeoFA
    export), cell by cell as written: its raw table (`oddk.read.read_raw`), read once with
    the encoding and separator it detected."""
    from pathlib import Path

    from oddk.read import read_raw

    raw = read_raw(path)
    report = raw.report
    if report.format not in ("csv", "tsv"):
        raise ValueError(
            f"validate_file checks CSV files; '{Path(path).name}' is {report.format.upper()}. "
            "Map it with oddk standardise first."
        )
    header = raw.header or raw.columns
    cells = raw.text().fillna("").iloc[:, : len(header)]
    rows = [header, *cells.values.tolist()]
    found = validate_rows(rows, standard)
    missing = [c for c in columns_for(standard) if c not in rows[0]]
    if missing:
        head = pd.DataFrame(
            [(None, c, None, f"column {c} is missing") for c in missing], columns=found.columns
        )
        found = pd.concat([head, found], ignore_index=True)
    return found


def _as_written(s: pd.Series, name: str) -> pd.Series:
    """A column as the CSV writer writes it (x, y with two decimals)."""
    if name in ("x", "y"):
        return s.map(lambda v: f"{float(v):.2f}", na_action="ignore").astype(object)
    if name == "geometri":
        from oddk.standards.apply import _wkt

        return s.map(_wkt, na_action="ignore").astype(object)
    return s.map(str, na_action="ignore").astype(object)


def check_table(out: pd.DataFrame, standard: str = "geofa-facility") -> pd.DataFrame:
    """The errors frictionless would find in the table as written (`validate_table`), found
    column by column on the typed table: row (the source row: index + 1), field, value,
    problem, in the order frictionless gives them (by row, then field)."""
    import re

    schema = load_schema(standard)
    found = []
    order = {}
    for k, f in enumerate(schema["fields"]):
        name, c = f["name"], f.get("constraints") or {}
        order[name] = k
        s = out[name]
        missing = s.isna().to_numpy()
        if name == "geometri":
            missing = missing | s.map(lambda g: g is None or g.is_empty).to_numpy(bool)
        rows = out.index.to_numpy() + 1
        if c.get("required") and missing.any():
            found += [(int(r), name, None, f"{name} {_PLAIN['required']}") for r in rows[missing]]
        present = ~missing
        if not present.any():
            continue
        checks = []
        if "enum" in c:
            bad = present & ~s.isin(c["enum"]).to_numpy(dtype=bool, na_value=False)
            limit = c["enum"]
            extra = " (allowed: " + (", ".join(map(str, limit)) if len(limit) <= 12
                                     else f"{len(limit)} codes, see the schema") + ")"
            checks.append((bad, f"{name} {_PLAIN['enum']}{extra}"))
        for kind, op in (("minimum", "lt"), ("maximum", "gt")):
            if kind in c:
                num = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, na_value=float("nan"))
                with_nan = getattr(pd.Series(num), op)(c[kind]).to_numpy()
                checks.append((present & with_nan, f"{name} {_PLAIN[kind]} ({kind} {c[kind]})"))
        if "maxLength" in c:
            longer = s.astype("string").str.len().gt(c["maxLength"]).fillna(False)
            checks.append((present & longer.to_numpy(bool), f"{name} {_PLAIN['maxLength']} "
                           f"(at most {c['maxLength']} characters)"))
        if "pattern" in c:
            rx = re.compile(f"^{c['pattern']}$")  # anchored as frictionless anchors it
            # each distinct value is matched once (codes and links repeat down a column)
            text = s if pd.api.types.is_string_dtype(s) else s.map(str, na_action="ignore")
            codes, distinct = pd.factorize(text)  # empty: -1, which fits
            fits = np.array([rx.match(v) is not None for v in distinct] + [True])
            checks.append((~fits[codes], f"{name} {_PLAIN['pattern']} "
                                         f"({form_of(c['pattern'])})"))
        if any(b.any() for b, _ in checks):
            shown = _as_written(s, name).tolist()
            for bad, text in checks:
                found += [(int(rows[i]), name, shown[i], text) for i in bad.nonzero()[0]]
    found.sort(key=lambda e: (e[0], order[e[1]]))
    return pd.DataFrame(found, columns=["row", "field", "value", "problem"])
