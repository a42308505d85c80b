"""A large municipal-style CSV for benchmarks (`oddk scale --rows N --out PATH`).

The shape is fixed so that benchmark figures compare between runs and machines:
`id;navn;kommunekode;dato;beloeb;x;y;kategori`, UTF-8, `;` separator, LF,
- id: integers 1..N,
- navn: 300 distinct street-like names of about 15 characters with æ, ø and å,
- kommunekode: the 98 municipality codes (integers),
- dato: dd-mm-yyyy over 2015-2024,
- beloeb: amounts with a decimal comma,
- x, y: EPSG:25832 near the municipality's main town, to the centimetre,
- kategori: 7 values;
and 0.01 % of the rows (at least one each) with a duplicate id, an empty beloeb,
kommunekode 999 and the impossible date 31-02-2021. Seeded: same N, same bytes.
The file goes outside the repository (or under build/, which git ignores).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

STREETS = [
    "Søndergade",
    "Østergade",
    "Nørregade",
    "Vestergade",
    "Ågade",
    "Bøgevej",
    "Æblehaven",
    "Kærvej",
    "Møllevej",
    "Skovvænget",
    "Strandvej",
    "Kirkevej",
    "Præstevej",
    "Fælledvej",
    "Højvangen",
    "Lærkevej",
    "Rosenvænget",
    "Tøndervej",
    "Havrevej",
    "Byvej",
]
CATEGORIES = ["Vej", "Park", "Skole", "Bygning", "Affald", "Kultur", "Sundhed"]
CHUNK = 100_000
SHARE = 0.0001


def special_rows(n: int) -> dict[str, set[int]]:
    """Row indices (0-based) of each deliberate defect: evenly spread, never overlapping."""
    k = max(1, round(n * SHARE))
    step = max(1, n // k)
    rows = {}
    for j, name in enumerate(
        ["duplicate_id", "empty_beloeb", "kommunekode_999", "date_31_02_2021"]
    ):
        offset = min(n - 1, 1 + j + step * (2 * j + 1) // 8)
        rows[name] = {min(n - 1, i * step + offset) for i in range(k)}
    return rows


def _refuse_inside_repo(path: Path) -> None:
    from oddk.paths import kit_root

    try:
        root = kit_root()
    except FileNotFoundError:
        return
    p = path.resolve()
    if p.is_relative_to(root) and not p.is_relative_to(root / "build"):
        raise SystemExit(
            f"Will not write {path} inside the kit: benchmark inputs are never "
            f"committed. Write it under build/ or outside {root}."
        )


def write(out: Path, n: int = 1_000_000, seed: int = 20261101) -> Path:
    """Write `n` rows to `out` and return the path."""
    import numpy as np

    from oddk.generate.common import load_municipalities, to_utm
    from oddk.paths import datasets_dir

    if n < 1:
        raise SystemExit("--rows must be at least 1.")
    out = Path(out)
    _refuse_inside_repo(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    towns = load_municipalities(datasets_dir() / "reference")
    codes = np.array(sorted(towns))
    centres = np.array([to_utm(float(towns[c]["lon"]), float(towns[c]["lat"])) for c in codes])
    names = np.array([f"{s} {i}" for s in STREETS for i in range(1, 16)])
    first = date(2015, 1, 1)
    days = (date(2024, 12, 31) - first).days + 1
    dates = np.array([(first + timedelta(days=d)).strftime("%d-%m-%Y") for d in range(days)])
    cats = np.array(CATEGORIES)
    special = {k: np.array(sorted(v)) for k, v in special_rows(n).items()}
    rng = np.random.default_rng(seed)

    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("id;navn;kommunekode;dato;beloeb;x;y;kategori\n")
        for start in range(0, n, CHUNK):
            m = min(CHUNK, n - start)
            idx = np.arange(start, start + m)
            ids = idx + 1
            town = rng.integers(0, len(codes), m)
            kode = codes[town].astype(str)
            xy = centres[town] + rng.normal(0, 4000, (m, 2))
            beloeb = np.char.replace(np.char.mod("%.2f", rng.lognormal(7, 1.2, m)), ".", ",")
            dato = dates[rng.integers(0, days, m)]
            navn = names[rng.integers(0, len(names), m)]
            kat = cats[rng.integers(0, len(cats), m)]

            def hit(name, idx=idx):
                return np.isin(idx, special[name])

            ids = np.where(hit("duplicate_id"), idx, ids)  # the previous row's id
            beloeb = np.where(hit("empty_beloeb"), "", beloeb)
            kode = np.where(hit("kommunekode_999"), "999", kode)
            dato = np.where(hit("date_31_02_2021"), "31-02-2021", dato)
            xs = np.char.mod("%.2f", xy[:, 0])
            ys = np.char.mod("%.2f", xy[:, 1])
            lines = [
                ";".join(row)
                for row in zip(ids.astype(str), navn, kode, dato, beloeb, xs, ys, kat, strict=True)
            ]
            f.write("\n".join(lines) + "\n")
    return out
