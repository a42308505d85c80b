"""The guideline's words checked against what it computes, so that editing a sentence alone
cannot make a guideline lie.

A sentence in a markdown cell that states a result marks the stated value with the
expression that computes it:

    Christiansø is matched to <span data-claim="christianso">Bornholm</span>.

When the harness runs a notebook's default run (oddk.execute), it evaluates every claim's
expression in the kernel after the last cell and fails the run when a marked text is not
what the notebook computed: 'the text says "Nordfyn" … the notebook computes "Bornholm"'.
Numbers may be written the Danish or the English way (6.025.511, 6,025,511, 12,5).

    >>> [c.expr for c in find_claims(_example())]
    ['christianso', 'len(kommuner)']
    >>> matches("6.025.511", 6025511), matches("12,5", 12.46), matches("Bornholm", "Bornholm")
    (True, True, True)
    >>> matches("Nordfyn", "Bornholm"), matches("97", 98)
    (False, False)
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

CLAIM = re.compile(r'<span data-claim="([^"]+)">(.*?)</span>', re.S)
TAG = "oddk-claims"  # the cell the harness appends to evaluate the claims, removed after
MARK = "ODDK-CLAIMS "


@dataclass(frozen=True)
class Claim:
    cell: int  # the markdown cell's index in the stored notebook
    expr: str  # what computes it, in the notebook's namespace
    text: str  # what the sentence says


def find_claims(nb) -> list[Claim]:
    """Every marked claim in the notebook's markdown cells, in order."""
    out = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            for expr, text in CLAIM.findall(cell.source):
                out.append(Claim(i, html.unescape(expr), re.sub(r"[*_`]", "", text).strip()))
    return out


def claims_cell_source(claims: list[Claim]) -> str:
    """The code the harness runs after the notebook's last cell: each claim's value as JSON."""
    exprs = sorted({c.expr for c in claims})
    return (
        "import json as _oddk_json\n"
        "def _oddk_value(expr):\n"
        "    try:\n"
        "        value = eval(expr)\n"
        "    except Exception as err:\n"
        "        return {'error': f'{type(err).__name__}: {err}'}\n"
        "    if hasattr(value, 'item') and getattr(value, 'ndim', 1) == 0:\n"
        "        value = value.item()  # a numpy number: a Python one\n"
        "    return {'value': value if isinstance(value, (int, float, str, bool)) "
        "else str(value)}\n"
        f"print({MARK!r} + _oddk_json.dumps({{e: _oddk_value(e) for e in {exprs!r}}}, "
        "default=str))"
    )


def values_from_output(text: str) -> dict:
    for line in text.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
    return {}


def _number(text: str) -> float | None:
    t = text.replace("\u00a0", "").replace(" ", "").rstrip("%")
    if re.fullmatch(r"-?\d{1,3}([.,]\d{3})+", t):  # 6.025.511 or 6,025,511
        return float(re.sub(r"[.,]", "", t))
    if re.fullmatch(r"-?\d+([.,]\d+)?", t):
        return float(t.replace(",", "."))
    return None


def matches(text: str, value) -> bool:
    """Whether the sentence's text says `value`: the same words, or the same number to the
    decimals the text shows."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return text == str(value)
    number = _number(text)
    if number is None:
        return False
    decimals = len(re.split(r"[.,]", text.strip().rstrip("%"))[-1]) if re.search(
        r"[.,]\d{1,2}%?$", text.strip()) else 0
    return round(float(value), decimals) == round(number, decimals)


def problems(claims: list[Claim], values: dict, code_cell_before) -> list[str]:
    """What the text says that the notebook does not compute, in plain words;
    `code_cell_before(cell)` names the code cell above a markdown cell."""
    out = []
    for c in claims:
        got = values.get(c.expr, {"error": "not evaluated"})
        where = f"the text after {code_cell_before(c.cell)}"
        if "error" in got:
            out.append(f"{where} claims '{c.text}' from `{c.expr}`, which cannot be computed "
                       f"({got['error']}): fix the expression in data-claim.")
        elif not matches(c.text, got["value"]):
            out.append(f"{where} says '{c.text}', but the notebook computes {got['value']!r} "
                       f"(`{c.expr}`): correct the sentence, or the code if the text is right.")
    return out


def _example():
    import nbformat

    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        'Christiansø is matched to <span data-claim="christianso">Bornholm</span>; '
        'the list has <span data-claim="len(kommuner)">98</span> municipalities.')])
