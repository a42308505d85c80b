"""Writing without losing anything: no command writes over its own input, whatever
--force says and whatever the name (the same file is the same device and inode: another
name, a hard link or a symbolic link to the input is the input), and an existing output is
replaced only on purpose. What is written goes to a new file first and takes the name only
when it is complete, so a failed write leaves the old file as it was.

    >>> guard("rapport.html", inputs=["rapport.html"], force=True)   # doctest: +SKIP
    Traceback (most recent call last):
    FileExistsError: 'rapport.html' is the input file itself …
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["guard", "write_bytes", "write_text"]


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def guard(out, inputs=(), force: bool = False) -> Path:
    """The output path, once it is sure that writing it loses nothing: it is none of the
    `inputs` (by identity, not by name), and it does not exist unless `force`. Raises
    FileExistsError with what to do."""
    p = Path(out)
    for src in inputs:
        if src is None:
            continue
        s = Path(src)
        if p.exists() and _same(p, s) or p.resolve() == s.resolve():
            how = "" if p.resolve() == s.resolve() else " under another name (a link to it)"
            raise FileExistsError(
                f"'{p}' is the input file itself{how}, and the kit never writes over its input, "
                "not even with --force. Give another name for what is written.")
    if p.exists() and not force:
        raise FileExistsError(f"'{p}' exists already and was left as it is. Choose another "
                              "name, or replace it on purpose (--force).")
    return p


def write_bytes(out, data: bytes) -> Path:
    """Write `data` to `out` through a new file in the same folder, renamed into place."""
    p = Path(out)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".part", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return p


def write_text(out, text: str, encoding: str = "utf-8") -> Path:
    return write_bytes(out, text.encode(encoding))


def fingerprint(path) -> str:
    """The file's SHA-256 (hex): compare before and after to show that nothing changed it."""
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
