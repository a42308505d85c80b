"""`oddk standardise PATH --standard geofa-facility [--type T] [--mapping M] [--suggest-only]
--out OUT`.

Exit codes: 0 written and valid; 1 written, but some rows break the standard (listed);
2 nothing written (unreadable file, a required field without a source, OUT exists …).
The input file is only read, never changed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from oddk.personal import mask


def _say(text: str = "", err: bool = False) -> None:
    print(text, file=sys.stderr if err else sys.stdout)


def _table(frame, columns, limit: int = 50) -> list[str]:
    lines = []
    for rec in frame[columns].head(limit).itertuples(index=False):
        parts = []
        for c, v in zip(columns, rec, strict=True):
            if c == "row":
                parts.append(f"row {v}" if v == v and v is not None else "file")
            elif v is not None and v == v and str(v) != "":
                parts.append(f"{c} {v!r}" if c == "value" else str(v))
        lines.append("  - " + ": ".join([parts[0], ", ".join(parts[1:])]) if parts else "")
    if len(frame) > limit:
        lines.append(f"  … and {len(frame) - limit} more")
    return lines


def main_standardise(
    path: str,
    standard: str = "geofa-facility",
    facility_type: str | None = None,
    mapping: str | None = None,
    out: str | None = None,
    suggest_only: bool = False,
    force: bool = False,
    municipality: str | None = None,
    sheet: str | None = None,
) -> int:
    from oddk.read import ReadError
    from oddk.standards import (
        STANDARDS,
        MappingError,
        mapping_yaml,
        standardise,
        write_standard,
    )

    name = "oddk standardise"
    if standard not in STANDARDS:
        _say(
            f"{name}: there is no standard {standard!r}; the kit has {', '.join(STANDARDS)}.",
            err=True,
        )
        return 2
    target = Path(out)
    if suggest_only and target.suffix.lower() not in (".yaml", ".yml"):
        target = target.with_name(target.stem + ".mapping.yaml")
    elif not suggest_only and target.suffix.lower() not in (".csv", ".geojson"):
        _say(
            f"{name}: --out should end in .csv (x/y in EPSG:25832) or .geojson (WGS84), "
            f"not {target.name!r}.",
            err=True,
        )
        return 2
    from oddk.safe_write import guard

    try:  # before any work: never over the input (by identity), nor an existing file by chance
        guard(target, inputs=[path, mapping if isinstance(mapping, (str, Path)) else None],
              force=force)
    except FileExistsError as err:
        _say(f"{name}: {mask(str(err), 10_000)}", err=True)
        return 2
    if suggest_only:
        return _suggest_only(path, standard, facility_type, municipality, sheet, target, force)
    try:
        result = standardise(
            path,
            standard=standard,
            facility_type=facility_type,
            mapping=mapping,
            municipality=municipality,
            sheet=sheet,
        )
    except (ReadError, MappingError, ValueError) as err:
        _say(f"{name}: {mask(str(err), 10_000)}", err=True)
        return 2
    except Exception as err:  # never a traceback for the user
        _say(
            f"{name}: could not standardise '{mask(Path(path).name, 200)}' ({type(err).__name__}: {err}). "
            "Please report this with the file.",
            err=True,
        )
        return 2
    if mapping is None:
        _say(f"# Suggested mapping for {mask(Path(path).name, 200)}\n" + mapping_yaml(result.mapping))
    if result.unmapped:
        _say(
            "Source columns that map to nothing (not in the output): " + ", ".join(result.unmapped)
        )
    if len(result.problems):
        _say(f"Values that could not be converted ({len(result.problems)}; left empty):")
        _say("\n".join(_table(result.problems, ["row", "field", "column", "value", "problem"])))
    try:
        write_standard(result.table, target, force=force, inputs=[path])
    except (FileExistsError, ValueError) as err:
        _say(f"{name}: {mask(str(err), 10_000)}", err=True)
        return 2
    n = len(result.table)
    if result.errors.empty:
        _say(f"Wrote {n} rows to {target}: valid against the {standard} Table Schema.")
        return 0
    _say(
        f"Wrote {n} rows to {target}, but {len(result.errors)} values break the "
        f"{standard} standard. "
        "Fix them in the source (or the mapping) before publishing:",
        err=True,
    )
    _say("\n".join(_table(result.errors, ["row", "field", "value", "problem"])), err=True)
    return 1


def _suggest_only(path, standard, facility_type, municipality, sheet, target, force) -> int:
    """Write the suggested mapping, also when it cannot fill every required field yet (the
    person edits it); say which ones are missing."""
    from oddk.read import ReadError, read_raw
    from oddk.standards import REQUIRED, mapping_yaml, save_mapping, suggest_mapping

    name = "oddk standardise"
    try:
        raw = read_raw(path, sheet=sheet)
        df, report = raw.frame(), raw.report
        mapping = suggest_mapping(
            df,
            report,
            source=path,
            facility_type=facility_type,
            municipality=municipality,
            standard=standard,
        )
    except (ReadError, ValueError) as err:
        _say(f"{name}: {mask(str(err), 10_000)}", err=True)
        return 2
    _say(f"# Suggested mapping for {mask(Path(path).name, 200)}\n" + mapping_yaml(mapping))
    save_mapping(mapping, target, force=force, inputs=[path])
    _say(
        f"Wrote the suggested mapping to {target}. Check it, edit it if needed, "
        f"and replay it with --mapping {target}."
    )
    missing = [f for f in REQUIRED if f not in ("x", "y") and f not in mapping["fields"]]
    missing += ["geometry (x, y, crs)"] if not mapping.get("geometry") else []
    if missing:
        _say("Fill these required fields in it before replaying: " + ", ".join(missing) + ".")
    return 0
