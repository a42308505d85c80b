"""`oddk standardise PATH [--standard S] [--points] [--type T] [--mapping M] [--strict]
[--suggest-only] --out OUT`.

What breaks the standard is set aside and listed (row, its line in the file, field, value,
reason), the rest is written; the whole list is also written beside OUT as OUT's name + `-set-aside.csv`.
Exit codes: 0 written and valid (nothing set aside); 1 written, with values or rows set aside
(all listed); 2 nothing written (unreadable file, a required field without a source, OUT
exists, nothing usable, or anything set aside under --strict). The input is only read.
"""

from __future__ import annotations

import sys
from pathlib import Path

from oddk.personal import mask


def _say(text: str = "", err: bool = False) -> None:
    print(text, file=sys.stderr if err else sys.stdout)


def _table(frame, columns, limit: int = 50, line_word: str | None = None) -> list[str]:
    """Lines of a list: 'row 4 (line 5): field, value, reason'."""
    lines = []
    shown = frame.head(limit)
    places = [None] * len(shown)
    if line_word is not None and "line" in shown.columns:
        places = _none_for_na(shown["line"]).tolist()
    for rec, line in zip(shown[columns].itertuples(index=False), places, strict=True):
        parts = []
        for c, v in zip(columns, rec, strict=True):
            if c == "row":
                at = "file" if v is None or v != v else f"row {v}"
                parts.append(at if line is None else f"{at} ({line_word} {line})")
            elif v is not None and v == v and str(v) != "":
                parts.append(f"{c} {v!r}" if c == "value" else str(v))
        lines.append("  - " + ": ".join([parts[0], ", ".join(parts[1:])]) if parts else "")
    if len(frame) > limit:
        lines.append(f"  … and {len(frame) - limit} more")
    return lines


def main_standardise(
    path: str,
    standard: str | None = None,
    facility_type: str | None = None,
    mapping: str | None = None,
    out: str | None = None,
    suggest_only: bool = False,
    force: bool = False,
    municipality: str | None = None,
    sheet: str | None = None,
    points: bool = False,
    strict: bool = False,
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
    if standard is not None and standard not in STANDARDS:
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

    listing = set_aside_path(target)
    try:  # before any work: never over the input (by identity), nor an existing file by chance
        inputs = [path, mapping if isinstance(mapping, (str, Path)) else None]
        guard(target, inputs=inputs, force=force)
        if not suggest_only and listing.exists() and not force:
            _say(f"{name}: '{listing}' exists already (the list of what an earlier run set "
                 f"aside), and this run would write its own list there. Nothing was written. "
                 f"Move that list away, or replace it and {target.name} on purpose (--force).",
                 err=True)
            return 2
        if not suggest_only:
            guard(listing, inputs=inputs, force=force)
    except FileExistsError as err:
        _say(f"{name}: {mask(str(err), 10_000)}", err=True)
        return 2
    if suggest_only:
        return _suggest_only(path, standard, facility_type, municipality, sheet, target, force,
                             points)
    try:
        result = standardise(
            path,
            standard=standard,
            facility_type=facility_type,
            mapping=mapping,
            municipality=municipality,
            sheet=sheet,
            points=points,
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
    said = list(getattr(result.report, "warnings", None) or [])
    if said:  # what the reader noticed in the source file (a title skipped, a name that lies)
        _say("While reading the file:\n" + "\n".join(f"  - {mask(w, 2000)}"
                                                                 for w in said))
    if result.unmapped:
        _say(
            "Source columns that map to nothing (not in the output): " + ", ".join(result.unmapped)
        )
    _say(theme_line(result))
    from oddk.standards.suggest import PLACE_ELSEWHERE, PLACE_GUESS

    cvr = (result.mapping.get("fields") or {}).get("cvr_kode") or {}
    why = str(cvr.get("why", ""))
    if mapping is None and PLACE_GUESS in why:
        _say(f"Check the publisher: neither the file nor its name says the municipality, so "
             f"cvr_kode is {cvr.get('value')}, {why.split(',')[0]}, {PLACE_GUESS}. If "
             "another municipality publishes the file, give it with --municipality.", err=True)
    elif mapping is None and PLACE_ELSEWHERE in why:
        named, far = why.split(f", {PLACE_ELSEWHERE} ", 1)
        said = (f"cvr_kode is {cvr.get('value')}, {named}" if "value" in cvr else
                f"the file's cvr_kode {named.split('; ')[-1]}")  # "…; 35209115 is Odense's"
        _say(f"Check the publisher: {said}, {PLACE_ELSEWHERE} "
             f"{far.removesuffix('; check it')}. "
             + ("Check the municipality you gave with --municipality." if named.endswith("given")
                else "If another municipality publishes the file, give it with --municipality."),
             err=True)
    if len(result.changes):
        _say(f"Written otherwise than the file has them ({len(result.changes)}):")
        _say("\n".join(_table(result.changes, ["row", "field", "value", "change"], limit=20,
                                line_word=result.line_word)))
    aside = result.set_aside
    standard = result.standard
    if result.table.empty or (len(aside) and strict):
        why = ("--strict asks for all or nothing" if strict and not result.table.empty
               else "the file has no rows" if not len(result.source)
               else "no row has what the standard requires")
        _say(f"{name}: nothing written to {target} ({why}).", err=True)
        if len(aside):
            kept = _write_list(aside, listing, force, path)
            _say(f"What breaks the {standard} standard ({len(aside)})"
                 + (f", also in {listing}" if kept else "") + ":", err=True)
            _say("\n".join(_table(_masked(aside), ["row", "field", "value", "reason"],
                                   line_word=result.line_word)),
                 err=True)
        return 2
    try:
        write_standard(result.table, target, force=force, inputs=[path])
        if len(aside):
            write_set_aside(aside, listing, force=force, inputs=[path])
        elif force and listing.exists():  # an earlier run's list would tell of fixed rows
            listing.unlink()
            _say(f"Removed {listing.name}, the list of an earlier run: nothing is set aside now.")
    except (FileExistsError, ValueError) as err:
        _say(f"{name}: {mask(str(err), 10_000)}", err=True)
        return 2
    except OSError as err:
        _say(f"{name}: could not write {target}: {err.strerror or err}. Choose another --out "
             "(a file in a folder you can write to).", err=True)
        return 2
    n = len(result.table)
    if aside.empty:
        _say(f"Wrote {n} rows to {target}: valid against the {standard} Table Schema.")
        return 0
    rows = len(result.rows_left_out)
    values = int((aside["action"] == "value left empty").sum())
    _say(
        f"Wrote {n} rows to {target}, valid against the {standard} Table Schema. Set aside, "
        f"because they break the standard: {rows} row(s) left out, {values} value(s) left "
        f"empty; the list is in {listing}. Fix them in the source (or the mapping) and run "
        "again:",
        err=True,
    )
    _say("\n".join(_table(_masked(aside), ["row", "field", "value", "reason", "action"],
                           line_word=result.line_word)),
         err=True)
    return 1


def theme_line(result) -> str:
    """Which GeoFA theme the rows went to, and how the geometry was made, in plain words."""
    from oddk.standards.apply import AS_MIDDLE, AS_POINT
    from oddk.standards.geofa import theme_label

    made = ""
    changes = result.changes
    if len(changes):
        reps = int((changes["change"] == AS_POINT).sum())
        mids = int((changes["change"] == AS_MIDDLE).sum())
        if reps:
            made += f" {reps} polygon(s) written as their representative point (inside them)."
        if mids:
            made += f" {mids} line(s) written as their middle point."
    return f"Theme: {theme_label(result.standard)}, standard {result.standard}.{made}"


def _write_list(aside, listing: Path, force: bool, path) -> bool:
    """The set-aside list when nothing else is written; False when it cannot be (an existing
    file without --force, the input itself)."""
    try:
        write_set_aside(aside, listing, force=force, inputs=[path])
        return True
    except (FileExistsError, OSError, ValueError):
        return False


def set_aside_path(target: Path) -> Path:
    """Where the full set-aside list goes: beside the output, OUT's name + -set-aside.csv."""
    return target.with_name(target.stem + "-set-aside.csv")


def _masked(frame):
    """The list as shown and written: values masked, an unknown line None (not pandas' NA)."""
    out = frame.copy()
    out["value"] = out["value"].map(lambda v: None if v is None or v != v else mask(str(v), 200))
    if "line" in out.columns:
        out["line"] = _none_for_na(out["line"])
    return out


def _none_for_na(column):
    """A column of line numbers with None where the line is unknown (pandas' NA is no text)."""
    return column.astype("object").where(column.notna(), None)


def write_set_aside(aside, path: Path, force: bool = False, inputs=()) -> Path:
    """The set-aside list as CSV (row, line, field, value, reason, action), masked."""
    import csv
    import io

    from oddk.safe_write import guard, write_bytes

    guard(path, inputs, force)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(list(aside.columns))
    for rec in _masked(aside).itertuples(index=False):
        w.writerow(["" if v is None or v != v else v for v in rec])
    return write_bytes(path, buf.getvalue().encode("utf-8"))


def _suggest_only(path, standard, facility_type, municipality, sheet, target, force,
                  points=False) -> int:
    """Write the suggested mapping, also when it cannot fill every required field yet (the
    person edits it); say which ones are missing."""
    from oddk.read import ReadError, read_raw
    from oddk.standards import REQUIRED, mapping_yaml, save_mapping, suggest_mapping
    from oddk.standards.geofa import theme_of

    name = "oddk standardise"
    if points and (standard is None or theme_of(standard) != "point"):
        standard = "geofa-facility"
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
