"""What a page for people who do not program must never show: a command line, a function or
a folder of the kit, a finding code. Shared by the report and the app tests."""

from __future__ import annotations

import html
import re

from oddk.check.messages import CODES

# What a command line or the kit's internals look like on a page
COMMAND_LINE = re.compile(r"\boddk [a-z]|\boddk\.\w|--[a-z]|`|\.ipynb\b|\bpip install\b|"
                          r"\bpandas\b|\bdf\.|\bmetadata=|\bsheet=|\blicense_id\b|\bpython\b|"
                          r"\bdatasets/|\b[a-z_]+\((?:path|sti|df)\b", re.I)
INTERNAL = [c for c in CODES] + ["(fix)", "(improve)", "(ready)", "FIX", "IMPROVE", "READY",
                                 "accessURL", "landingPage", "contactPoint", "conformsTo",
                                 "ENVI", "TRAN", "ANNUAL", "IRREG", "CC_BY", "CC_BY_4_0",
                                 "city-of-aarhus"]


def programmer_words(text: str) -> list[str]:
    """The command lines, functions, folders and codes `text` shows (none: [])."""
    found = [m.group(0) for m in COMMAND_LINE.finditer(text)]
    return found + [code for code in INTERNAL
                    if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)]


def assert_plain(text: str) -> None:
    found = programmer_words(text)
    assert not found, f"the page shows {found}"


def page_text(page: str) -> str:
    """The text a browser shows of an HTML page (tags, the head and styles left out)."""
    body = page.split("<body>", 1)[-1]
    return html.unescape(re.sub(r"<[^>]+>", " ", body))
