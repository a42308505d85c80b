"""The report's words in the report's language: findings, details and what is good, all
from the message table (`messages`), so that a rule never writes a sentence itself.

    >>> say = Words("da")
    >>> say.detail("date-formats", n=2, formats="dd-mm-yyyy (3), yyyy-mm-dd (1)")
    'datoer i 2 formater: dd-mm-yyyy (3), yyyy-mm-dd (1)'
    >>> say.join(["'x'", "'y'"])
    "'x' og 'y'"
"""

from __future__ import annotations

from oddk.check.messages import DETAILS, GOOD, PROPERTY_WORDS, WORDS, fill
from oddk.check.report import Finding, make_finding

__all__ = ["Words"]


class Words:
    """Everything a rule says, in one language ("en" or "da")."""

    def __init__(self, language: str = "en"):
        self.language = language if language in ("en", "da") else "en"

    def finding(self, code: str, severity: str | None = None, **fields) -> Finding:
        """A finding: the message and the fix of `code`, filled with `fields`."""
        return make_finding(code, self.language, severity=severity, **fields)

    def detail(self, key: str, **fields) -> str:
        return fill(DETAILS[key][self.language], fields)

    def good(self, key: str, **fields) -> str:
        return fill(GOOD[key][self.language], fields)

    def word(self, key: str) -> str:
        return WORDS[self.language][key]

    def properties(self, names) -> str:
        """DCAT-AP-DK property names in plain words: 'a title, a description and the publisher'."""
        words = [PROPERTY_WORDS.get(n, {}).get(self.language, n) for n in names]
        return ", ".join(words[:-1]) + DETAILS["and"][self.language] + words[-1] if len(
            words) > 1 else "".join(words)

    def join(self, items) -> str:
        """'a' and 'b' (or 'a' og 'b')."""
        return DETAILS["and"][self.language].join(items)

    def lines(self, numbers, limit: int = 10) -> str:
        """ (line 3, 4, 6): where in the file, for a message."""
        return self.detail("on-lines", lines=", ".join(map(str, numbers[:limit])))
