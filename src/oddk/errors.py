"""The errors of reading a file, in a module that imports nothing else of the kit, so that
every reader (CSV, workbook, JSON, geodata) and every tool can raise and catch them
without an import loop (as papermill's `exceptions.py` and ckanapi's `errors.py` do).

    >>> e = ReadError("empty-file", "tom.csv", "'tom.csv' is empty.")
    >>> e.code, e.path, str(e)
    ('empty-file', 'tom.csv', "'tom.csv' is empty.")
"""

from __future__ import annotations

__all__ = ["PlainError", "ReadError", "READ_ERROR_CODES"]

#: What `ReadError.code` can be, with what it means.
READ_ERROR_CODES = {
    "not-found": "there is no such file, or it could not be opened",
    "permission-denied": "the file may not be read",
    "is-directory": "a folder was given, not a file",
    "empty-file": "the file holds no data",
    "not-tabular": "the file is not a table (an image, a damaged file, no columns)",
    "no-such-sheet": "the workbook has no such sheet (or the zip no such layer)",
    "bad-json": "the file is not valid JSON",
    "wrong-encoding": "the file cannot be decoded with the encoding given",
    "too-large": "a value or a structure in the file is beyond what the kit reads",
}


class PlainError(ValueError):
    """An error whose message is written for the person: a notebook shows it alone, without
    the traceback of code around it (IPython asks an error for `_render_traceback_`)."""

    def _render_traceback_(self) -> list[str]:
        return [f"Stopped: {self}"]


class ReadError(PlainError):
    """A file that cannot be read as a table. `.code` says why in one word ("empty-file"),
    `.path` which file; the message says what to do."""

    def __init__(self, code: str, path, message: str):
        super().__init__(message)
        self.code = code
        self.path = str(path) if path is not None else None
