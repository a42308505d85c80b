"""One kind of value per column: numbers mixed with text ('ukendt', 'n/a'), decimal comma
mixed with decimal point, and numbers written the Danish way ("1.234,50"), which many
programs read wrongly. Date columns are the dates rule's. When rows are ragged, values sit
in the wrong columns: those rows are fixed first, so nothing is said here.

A column of Danish house numbers is text by nature, not numbers mixed with text: '12',
'12B', '69-71', '3 A' are ordinary house numbers (and ids like them), and "numbers only"
advice would damage them. When every text value of a mostly numeric column has that form,
nothing is said. Nor when the column's name says it holds names or identifiers ('navn',
'POINT_1_NAME', 'id', 'kode', 'husnr', 'løbenummer'): sensor '3193' beside 'Viborgvej' and
'P1' are all labels, numbers written as text.

    >>> [is_label_column(c) for c in ("POINT_1_NAME", "vejnavn", "husnr", "antal", "valid")]
    [True, True, True, False, False]

    >>> Kinds.codes
    ('mixed-types', 'number-format')
"""

from __future__ import annotations

import re

import pyarrow.compute as pc

from oddk.check.cells import MAX_EXAMPLES, MAX_ROWS, count_true, rows_where, where
from oddk.check.rules import Rule

# a number in Danish (1.234,50) or international (1234.5) notation, spaces around allowed
NUMBER = r"^ *[+-]?(?:[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:[.,][0-9]+)?) *$"
_NUMBER_PY = re.compile(NUMBER)
# a house number as Danish addresses write it: 12, 12B, 12 B, 69-71, 7-9B, 3/5
HOUSE = r"^ *[0-9]{1,4} ?(?:[A-Za-zÆØÅæøå]|-[0-9]{1,4} ?[A-Za-zÆØÅæøå]?|/[0-9]{1,4})? *$"


_LABEL_TOKENS = {"id", "name", "names", "code", "label", "ref", "navn", "kode", "nr", "nummer",
                 "betegnelse", "ident"}
_LABEL_ENDINGS = ("navn", "kode", "nr", "nummer", "betegnelse")  # Danish compounds: vejnavn


def is_label_column(name: str) -> bool:
    """Whether a column's name says it holds names or identifiers (text by nature)."""
    spaced = re.sub(r"([a-zæøå])([A-ZÆØÅ])", r"\1 \2", name)
    tokens = [t for t in re.split(r"[^A-Za-zÆØÅæøå]+", spaced.lower()) if t]
    return any(t in _LABEL_TOKENS or t.endswith(_LABEL_ENDINGS) for t in tokens)


class _Column:
    def __init__(self, profile):
        sample = profile.sample
        # a text column by its first rows: no numbers to count, the regex is skipped
        self.texty = bool(sample) and sum(1 for v in sample if _NUMBER_PY.match(v)) <= \
            len(sample) // 50
        self.filled = self.numbers = self.texts = self.houses = 0
        self.comma = self.point = self.thousands = 0
        self.text_rows: list[int] = []
        self.examples: list[str] = []


class Kinds(Rule):
    name = "kinds"
    codes = ("mixed-types", "number-format")

    def __init__(self, ctx):
        super().__init__(ctx)
        self.cols: dict[str, _Column] = {}

    def column(self, name, cells, profile, row0):
        if profile.is_date:
            return
        col = self.cols.get(name)
        if col is None:
            col = self.cols[name] = _Column(profile)
        nfilled = cells.nfilled
        if not nfilled:
            return
        col.filled += nfilled
        if profile.numeric or cells.all_digits:  # whole numbers only: the common, cheap case
            col.numbers += nfilled
            return
        if col.texty and not col.numbers:
            col.texts += nfilled
            return
        arr = cells.arr
        comma, dot = cells.has_byte(44), cells.has_byte(46)
        if not (comma and dot) and cells.floats(decimal_comma=comma) is not None:
            # plain decimals (572335.02 or 330,98): each value a number with one mark at
            # most, so counting the marks counts the values that have one
            col.numbers += nfilled
            col.comma += cells.count_byte(44) if comma else 0
            col.point += cells.count_byte(46) if dot else 0
            return
        ncomma, ndot = cells.ncomma, cells.ndot
        number = pc.fill_null(pc.match_substring_regex(arr, NUMBER), False)
        nnum = count_true(number)
        col.numbers += nnum
        if nnum:
            comma = pc.and_(number, pc.match_substring(arr, ","))
            dot = pc.and_(number, pc.match_substring(arr, "."))
            ncomma, ndot = count_true(comma), count_true(dot)
            col.comma += ncomma
            if ndot:
                # "1.234,50": dots before three digits are thousands; without commas only
                # "1.234.567" shows dots as thousands
                pattern = r"\.[0-9]{3}(?:[.,]|$)" if ncomma else r"\..*\."
                groups = count_true(pc.and_(dot, pc.fill_null(
                    pc.match_substring_regex(arr, pattern), False)))
                col.thousands += groups
                col.point += ndot - groups
        ntext = nfilled - nnum
        if ntext:
            col.texts += ntext
            text = pc.and_(cells.filled, pc.invert(number))
            col.houses += count_true(pc.and_(text, pc.fill_null(
                pc.match_substring_regex(arr, HOUSE), False)))
            if col.numbers:
                if len(col.text_rows) < MAX_ROWS:
                    col.text_rows += rows_where(text, row0, MAX_ROWS - len(col.text_rows))
                for v in pc.unique(where(arr, text)).to_pylist()[:20]:
                    if v not in col.examples and len(col.examples) < MAX_EXAMPLES:
                        col.examples.append(v)

    def end(self):
        t = self.ctx.table
        if t.report.ragged_rows or t.ragged_texts:
            return []  # values pushed into the wrong columns: fix the rows first
        ctx, say, out = self.ctx, self.say, []
        for name, c in self.cols.items():
            if c.texts and (c.houses == c.texts or is_label_column(name)):
                pass  # house numbers (12B, 69-71), names and ids: text by nature
            elif c.filled and c.numbers and c.texts and c.numbers / c.filled >= 0.5:
                detail = say.detail("numbers-and-text", numbers=c.numbers, texts=c.texts,
                                    examples=ctx.examples(name, c.examples))
                out.append(say.finding(
                    "mixed-types", column=name, detail=detail, rows=c.text_rows, count=c.texts,
                    examples_list=ctx.example_list(name, c.examples)))
            elif c.comma and c.point:
                out.append(say.finding("mixed-types", column=name, detail=say.detail(
                    "decimal-marks", comma=c.comma, point=c.point)))
            if c.thousands and not c.texts:
                key = "thousands-and-comma" if c.comma else "thousands"
                out.append(say.finding("number-format", column=name, detail=say.detail(key),
                                       count=c.thousands))
        return out
