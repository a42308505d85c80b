"""Municipalities and regions in every form Danish files write them, to one canonical code.

Part of `oddk.clean` (see there for the `(values, problems)` contract). Municipalities go
through `oddk.reference.find_municipality` (codes, zero-padded codes, names, official
names, old spellings); regions through datasets/reference/regions.csv.
"""

from __future__ import annotations

import re

import pandas as pd

from oddk import reference
from oddk.clean_text import EMPTY_MARKERS, as_series, problems_frame, text_of


def municipality_code(values, markers=EMPTY_MARKERS):
    """Municipality codes, zero-padded codes and names (old spellings too) to the kommunekode.

        >>> municipality_code([751, "0751", "Århus", "Aarhus Kommune", "AARHUS "])[0].tolist()
        [751, 751, 751, 751, 751]

    A value that is no municipality (999, a region code such as 1081, Christiansø 411) is
    reported with the reason. Returns `(values, problems)` with Int64 codes.
    """
    s = as_series(values)
    empty = {m.strip() for m in markers}
    cache: dict[str, tuple[int | None, str | None]] = {}
    out, bad = [], []
    for i, v in enumerate(s.tolist(), 1):
        t = text_of(v)
        if t is None or t in empty:
            out.append(pd.NA)
            continue
        if t not in cache:
            try:
                cache[t] = (int(reference.find_municipality(t)["kode"]), None)
            except ValueError as err:
                why = str(err)
                if reference.fold(t) in ("christiansoe", "christianso"):
                    why = reference.NOT_MUNICIPALITIES[411]
                if re.fullmatch(r"0*108[1-5]", t):
                    region = _region_names()[int(t)]
                    why = f"{t!r} is a region code (Region {region}), not a municipality."
                cache[t] = (None, why)
        code, why = cache[t]
        if why:
            bad.append((i, v, why))
            out.append(pd.NA)
        else:
            out.append(code)
    return pd.Series(out, index=s.index, dtype="Int64"), problems_frame(bad)


def municipality_name(codes) -> pd.Series:
    """The municipality's name for each kommunekode (missing stays missing): 751 -> 'Aarhus'."""
    s = as_series(codes)
    names = dict(
        zip(reference.municipalities()["kode"], reference.municipalities()["navn"], strict=True)
    )
    return pd.Series(
        [names.get(int(c)) if text_of(c) is not None else pd.NA for c in s.tolist()],
        index=s.index,
        dtype="string",
    )


def _region_names() -> dict[int, str]:
    r = reference.regions()
    return {
        int(k): n.removeprefix("Region ") for k, n in zip(r["region_kode"], r["navn"], strict=True)
    }


def _region_index() -> dict[str, int]:
    r = reference.regions()
    index: dict[str, int] = {}
    for row in r.itertuples():
        for key in (
            row.region_kode,
            row.dst_kode,
            row.iso_kode,
            row.navn,
            row.engelsk_navn,
            row.navn.removeprefix("Region "),
        ):
            index[reference.fold(str(key)).replace("region", "")] = int(row.region_kode)
    return index


def region_code(values, markers=EMPTY_MARKERS):
    """Region codes in any of the three numberings, or names, to the region code 1081–1085.

        >>> region_code([82, "1082", "DK-82", "Region Midtjylland", "Midtjylland"])[0].tolist()
        [1082, 1082, 1082, 1082, 1082]

    Statistics Denmark numbers regions 81–85, the administrative register 1081–1085 and
    ISO 3166-2 DK-81…DK-85. Returns `(values, problems)` with Int64 codes.
    """
    s = as_series(values)
    empty = {m.strip() for m in markers}
    index = _region_index()
    out, bad = [], []
    for i, v in enumerate(s.tolist(), 1):
        t = text_of(v)
        if t is None or t in empty:
            out.append(pd.NA)
            continue
        key = reference.fold(t).replace("region", "")
        key = key.lstrip("0") if key.isdigit() else key
        code = index.get(key) or index.get(reference.fold(t.upper().replace("DK-", "")))
        if code is None:
            bad.append(
                (
                    i,
                    v,
                    f"{v!r} is not a Danish region: use 81–85, 1081–1085, DK-81…DK-85 "
                    "or a region name",
                )
            )
            out.append(pd.NA)
        else:
            out.append(code)
    return pd.Series(out, index=s.index, dtype="Int64"), problems_frame(bad)
