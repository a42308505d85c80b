"""Small-count suppression: hide counts so small that they could point to a person.

Statistics Denmark and the municipalities suppress counts under 5 (some under 3) before
publishing tables about people; the hidden cells are shown as empty (or a marker), never
as the number.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"skole": ["A", "B"], "elever_med_diagnose": [12, 2]})
    >>> suppress_small_counts(t, ["elever_med_diagnose"])["elever_med_diagnose"].tolist()
    [12, <NA>]
"""

from __future__ import annotations


def suppress_small_counts(df, columns, threshold: int = 5, marker=None):
    """A copy of `df` where counts in `columns` that are above 0 and below `threshold` are
    replaced by `marker` (default: empty). Zero stays zero: it tells no one anything.
    The input is not changed."""
    import pandas as pd

    if isinstance(columns, str):
        columns = [columns]
    out = df.copy()
    for col in columns:
        if col not in out.columns:
            raise KeyError(f"There is no column '{col}'; the columns are: "
                           f"{', '.join(map(str, out.columns))}.")
        s = pd.to_numeric(out[col], errors="coerce")
        small = (s > 0) & (s < threshold)
        if marker is None:
            out[col] = s.astype("Int64").mask(small)
        else:
            out[col] = out[col].astype(object).mask(small, marker)
    return out
