"""The readiness check: can this file be published as open data, and if not, what to fix?

    >>> from oddk.check import check
    >>> report = check("datasets/bad/personoplysninger-synthetic.csv", language="da")
    >>> report.verdict        # "ready", "improve" (warnings only) or "fix" (blockers)
    'fix'
    >>> sorted(report.codes)[:3]
    ['formula-injection', 'missing-values', 'no-metadata']

In a notebook `report` shows itself as HTML; `report.to_json()` gives verdict, stars and
findings (code, severity, message, fix, column, rows).

Public API (stable; other notebooks and `oddk check` rely on it):

- `check(path, standard=None, metadata=None, language="en", sheet=None) -> CheckReport`
- `CheckReport`: `.verdict`, `.stars`, `.findings`, `.good`, `.facts`, `.metadata`,
  `.codes`, `.blockers`, `.warnings`, `.to_dict()`, `.to_json()`, `.to_text()`,
  `.to_html(standalone=True, face=None)` (a shared page in plain words; `face="notebook"`
  keeps codes and commands); shows itself as HTML in a notebook.
- `Finding`: `.code`, `.severity` ("blocker", "warning", "info"), `.message`, `.fix`,
  `.column`, `.rows` (1-based data rows, first 20), `.count`, `.examples` (masked).
- `CODES`: every finding code; `TEXTS[code]` its severity and Danish/English words.
- `check_metadata(metadata, language="en") -> CheckReport`: only the metadata part
  (licence, DCAT-AP-DK completeness) for a CKAN dataset dict or its JSON file.
- `mask(text)`: text with CPR numbers, e-mails, phone numbers and user ids masked.
- `suppress_small_counts(df, columns, threshold=5)`: hide counts 1-4.

Personal data is never shown in full: every value in a report passes through `mask`, and
a column found to hold personal data shows no values at all in other findings.
"""

from __future__ import annotations

from oddk.check.engine import check
from oddk.check.messages import CODES, TEXTS
from oddk.check.report import CheckReport, Finding
from oddk.check.suppress import suppress_small_counts
from oddk.personal import mask

__all__ = ["check", "check_metadata", "CheckReport", "Finding", "CODES", "TEXTS", "mask",
           "suppress_small_counts", "main_check"]


def check_metadata(metadata, language: str = "en") -> CheckReport:
    """The metadata part of the check alone: licence (`no-licence`), DCAT-AP-DK mandatory
    (`metadata-missing`) and recommended fields, for a CKAN dataset dict or its JSON file."""
    from pathlib import Path

    from oddk.check import stars
    from oddk.check.rules import Context
    from oddk.check.rules.metadata import Metadata
    from oddk.check.table import Table
    from oddk.check.words import Words

    md = stars.load_metadata(metadata)
    name = str(md.get("name") or "metadata")
    ctx = Context(Table(Path(name), 0), Words(language), metadata=md, rows=1)
    rule = Metadata(ctx)
    r = CheckReport(path=name, language=ctx.language)
    r.facts["file"] = md.get("name") or md.get("title") or "metadata"
    r.findings = [f for f in rule.end() if f.code != "no-metadata"]
    r.good = [ctx.say.good(key, **fields) for key, fields in rule.good()]
    r.stars, r.stars_reasons = ctx.stars
    r.metadata = ctx.completeness
    r.sort()
    return r


def main_check(*args, **kwargs) -> int:
    from oddk.check.cli import main_check as _main

    return _main(*args, **kwargs)
