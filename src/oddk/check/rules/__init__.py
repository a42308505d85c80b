"""The rules of the readiness check, one module each, as frictionless-py's checks are: a
rule names the codes it gives, counts what it needs batch by batch, and turns the counts
into findings and "what is good" lines at the end. Its words come from the message table.

A rule sees the file through a `Context`: the table the reader found (report, raw header,
formulas, lines that are not UTF-8), each column's `Profile`, the standard and the
metadata, and the columns whose values must not be shown (personal data). Removing a rule
from `RULES` removes its findings and nothing else.

    >>> [r.name for r in RULES][:3]
    ['readable', 'encoding', 'ragged']
"""

from __future__ import annotations

from dataclasses import dataclass, field

from oddk.check.words import Words
from oddk.personal import mask

__all__ = ["Rule", "Context", "RULES", "rule_for"]


@dataclass
class Context:
    """What every rule may read (and `hidden`, which the personal-data rule fills)."""

    table: object  # oddk.check.table.Table
    say: Words
    schema: dict | None = None
    standard_name: str | None = None
    metadata: dict | None = None
    profiles: dict = field(default_factory=dict)  # column -> oddk.check.profile.Profile
    rows: int = 0
    hidden: set = field(default_factory=set)  # columns holding personal data: show no values
    conforms: bool = False  # the file follows the standard it was checked against
    stars: tuple = (0, [])  # (level 0-5, reasons), from the metadata rule
    completeness: dict | None = None  # DCAT-AP-DK completeness, from the metadata rule

    @property
    def report(self):
        return self.table.report

    @property
    def language(self) -> str:
        return self.say.language

    def example(self, column: str, value, limit: int = 40) -> str:
        """A value as a report may show it: masked, or ••• in a personal-data column."""
        return "•••" if column in self.hidden else mask(value, limit)

    def examples(self, column: str, values, n: int = 3) -> str:
        """A few values for a message: 'a', 'b', 'c' (masked, or ••• for personal data)."""
        return ", ".join(repr(self.example(column, v)) for v in values[:n])

    def example_list(self, column: str, values) -> list[str] | None:
        """The values for a finding's `examples`: masked; none in a personal-data column."""
        return None if column in self.hidden else [self.example(column, v) for v in values]


class Rule:
    """One rule: `codes` it may give; `column(name, cells, profile, row0)` for each column
    of each batch (may run in a worker thread: touch only this column's state);
    `batch(columns, row0, n)` once a batch is done; `end()` the findings; `good()` the
    (key, fields) of "what is good" lines (`messages.GOOD`)."""

    name = ""
    codes: tuple[str, ...] = ()
    needs_table = True  # False: also says something when the file is not a table
    end_order = 1  # 0 ends first (personal data), 2 last (metadata)

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.say = ctx.say

    def column(self, name: str, cells, profile, row0: int) -> None:
        pass

    def batch_columns(self) -> set[str]:
        """The columns whose cells `batch` reads (the others are let go once their column
        is done)."""
        return set()

    def batch(self, columns: dict, row0: int, n: int) -> None:
        pass

    def end(self) -> list:
        return []

    def good(self) -> list[tuple[str, dict]]:
        return []


def _rules() -> list[type[Rule]]:
    from oddk.check.rules import (
        codes,
        coordinates,
        dates,
        duplicates,
        encoding,
        formulas,
        header,
        kinds,
        metadata,
        missing,
        municipality,
        municipality_list,
        personal,
        ragged,
        readable,
        standard,
    )

    # the order in which they see each column: dates first (personal data, formulas,
    # duplicates and the standard reuse what it read). Personal data ends first (`end_order`):
    # its columns show no values in the other rules' findings; metadata ends last (the stars
    # need to know whether the file follows its standard)
    return [readable.Readable, encoding.Encoding, ragged.Ragged, header.Header, dates.Dates,
            personal.PersonalData, missing.Missing, kinds.Kinds, municipality.Municipality,
            municipality_list.MunicipalityList, codes.Codes, formulas.Formulas,
            duplicates.Duplicates, coordinates.Coordinates, standard.Standard, metadata.Metadata]


RULES: list[type[Rule]] = _rules()


def rule_for(code: str) -> list[type[Rule]]:
    """The rules that may give a finding code."""
    return [r for r in RULES if code in r.codes]
