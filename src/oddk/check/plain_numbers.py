"""A pyarrow string column's bytes seen with numpy: its text with decimal commas as points.

Why our own: pyarrow.compute's replace_substring rewrites value by value (about 60 ms per
million values); replacing the bytes of the data buffer takes less than half of that.

    >>> import pyarrow as pa
    >>> comma_to_point(pa.array(["330,98", None])).to_pylist()
    ['330.98', None]
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa


def buffers(arr) -> tuple[np.ndarray, np.ndarray] | None:
    """(offsets into the data, the data bytes) of a pyarrow string array, without copying;
    None for other types. Null cells may have a length; use the validity for them."""
    if arr.type != pa.string():
        return None
    bufs = arr.buffers()
    offsets = np.frombuffer(bufs[1], np.int32, count=arr.offset + len(arr) + 1)[arr.offset:]
    data = np.frombuffer(bufs[2], np.uint8) if bufs[2] is not None else np.zeros(0, np.uint8)
    return offsets, data


def valid_mask(arr) -> np.ndarray:
    """True where the cell is not null."""
    if arr.null_count == 0:
        return np.ones(len(arr), bool)
    return np.asarray(arr.is_valid().to_numpy(zero_copy_only=False), bool)


def comma_to_point(arr):
    """The same text with every ',' a '.', made by replacing the bytes of the data buffer
    (the offsets and the validity are shared, not copied); None for a non-string array."""
    b = buffers(arr)
    if b is None:
        return None
    offsets, data = b
    new = data.copy()
    new[new == 44] = 46
    bufs = arr.buffers()
    return pa.StringArray.from_buffers(len(arr), bufs[1], pa.py_buffer(new), bufs[0],
                                       arr.null_count, arr.offset)
