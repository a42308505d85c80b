"""What a column is, decided once from its first batch and shared by the rules: a sample of
its values, the kind the reader gave it, and whether it holds dates.

The Danish quirk: dates as dd-mm-yyyy, dd.mm.yyyy and d/m/yyyy beside ISO, in columns named
dato, oprettet, ændret, periode_start …

    >>> import pyarrow as pa
    >>> profile("dato", pa.array(["01-05-2024", "2024-05-02", None])).is_date
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: A date in any of the layouts Danish files use (ISO, day first with - . or /).
DATE = (r"^\s*(?P<a>[0-9]{1,4})(?P<s1>[-./])(?P<b>[0-9]{1,2})(?P<s2>[-./])(?P<c>[0-9]{1,4})"
        r"(?P<rest>(?:[T ][0-9:.+\-Z]*)?)\s*$")
DATE_NAME = re.compile(r"(dato|date|dag$|_dt$|tidspunkt|oprettet$|aendret$|ændret$|^tid$|"
                       r"time$|timestamp|periode_(start|slut)|fra$|til$)", re.I)
_DATE_PY = re.compile(DATE)
SAMPLE = 2000


@dataclass
class Profile:
    """One column: its name, the reader's kind for typed formats ("integer", "decimal",
    None for text as written), the first filled values, and whether it holds dates."""

    name: str
    known_kind: str | None = None
    sample: list[str] = field(default_factory=list)
    is_date: bool = False

    @property
    def numeric(self) -> bool:
        """The reader made numbers of it (workbooks, JSON, shapefiles)."""
        return self.known_kind in ("integer", "decimal")


def profile(name: str, arr, known_kind: str | None = None) -> Profile:
    """The profile of column `name` from its first batch `arr` (pyarrow strings)."""
    sample = [v for v in arr.slice(0, 5000).to_pylist() if v is not None and v.strip()][:SAMPLE]
    p = Profile(str(name), known_kind, sample)
    if sample:
        dates = sum(1 for v in sample if _DATE_PY.match(v)) / len(sample)
        p.is_date = dates >= 0.8 or (bool(DATE_NAME.search(p.name.strip())) and dates >= 0.5)
    return p
