"""Count how often a file is opened, by anyone (Python, pyarrow's C++, openpyxl), with
Linux's inotify: the kernel reports every open of a watched file, whoever does it.

    with Opens(path) as opens:
        check(path)
    assert opens.count == 1

inotify merges an event with the one before it when both are the same and still unread;
reads and closes are watched too, so that two opens in a row (open, read, close, open …)
stay two. Watching a folder counts the opens of each file in it by name (`by_name`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import struct

IN_ACCESS = 0x00000001
IN_MODIFY = 0x00000002
IN_CLOSE = 0x00000008 | 0x00000010
IN_OPEN = 0x00000020
IN_NONBLOCK = 0o4000
_libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)


class Opens:
    """Watch one file (or every file of a folder) for opens and writes."""

    def __init__(self, path):
        self.path = os.fspath(path)
        self.count = 0
        self.writes = 0
        self.by_name: dict[str, int] = {}

    def __enter__(self):
        self.fd = _libc.inotify_init1(IN_NONBLOCK)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        wd = _libc.inotify_add_watch(self.fd, self.path.encode(), IN_OPEN | IN_MODIFY | IN_ACCESS | IN_CLOSE)
        if wd < 0:
            raise OSError(ctypes.get_errno(), f"cannot watch {self.path}")
        return self

    def __exit__(self, *exc):
        try:
            while True:
                try:
                    data = os.read(self.fd, 65536)
                except BlockingIOError:
                    break
                i = 0
                while i < len(data):
                    _, mask, _, size = struct.unpack_from("iIII", data, i)
                    name = data[i + 16:i + 16 + size].rstrip(b"\0").decode()
                    if mask & IN_OPEN:
                        self.count += 1
                        self.by_name[name] = self.by_name.get(name, 0) + 1
                    self.writes += bool(mask & IN_MODIFY)
                    i += 16 + size
        finally:
            os.close(self.fd)
        return False
