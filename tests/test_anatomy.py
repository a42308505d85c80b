"""Every lesson keeps the kit's anatomy (STYLE.md's rules, written into
`oddk.notebooks.anatomy_problems`): title, 'You will learn', 'Time', 'Before this' with the
concepts it builds on, a parameters cell, numbered sections, a 'Try it' with a solution (the
course: questions with solutions), 'Key points', 'Next', and under notebooks/ the navigation
line that `oddk tidy` writes from the learning path. The check fails when a part is removed."""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest

from oddk.contents import nav_line
from oddk.notebooks import anatomy_problems, set_nav
from oddk.paths import kit_root

ROOT = kit_root(Path(__file__).parent)
LESSONS = sorted((ROOT / "notebooks").rglob("*.ipynb")) + sorted(
    (ROOT / "course" / "source").rglob("*.ipynb"))
STEP = ROOT / "notebooks" / "03-clean.ipynb"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_lesson_keeps_the_anatomy(path):
    assert anatomy_problems(path) == []


def _without(nb, test):
    out = copy.deepcopy(nb)
    out.cells = [c for c in out.cells if not test(c)]
    return out


def _with_code(nb, source):
    out = copy.deepcopy(nb)
    out.cells.insert(5, nbformat.v4.new_code_cell(source))
    return out


def _edited(nb, old, new):
    out = copy.deepcopy(nb)
    for c in out.cells:
        c.source = c.source.replace(old, new)
    return out


@pytest.mark.parametrize("what,change,words", [
    ("key points", lambda nb: _edited(nb, "## Key points", "## Summary"), "Key points"),
    ("try it", lambda nb: _edited(nb, "**Try it**", "**Exercise**"), "Try it"),
    ("solution", lambda nb: _edited(nb, "<summary>Solution", "<summary>Answer"), "solution"),
    ("a numbered section", lambda nb: _edited(nb, "## 2. ", "## Two. "), "numbered"),
    ("the parameters cell", lambda nb: _without(nb, lambda c: "parameters" in c.metadata.get(
        "tags", [])), "parameters"),
    ("before this", lambda nb: _edited(nb, nb.cells[0].source.split("**Before this** ")[1].split(
        " · **Data**")[0], "[02 · Get and verify](02-get-and-verify.ipynb)"), "concepts"),
    ("the navigation line", lambda nb: _edited(nb, nav_line(STEP), ""), "navigation"),
    ("next", lambda nb: _edited(nb, "## Next", "## Onwards"), "Next"),
    ("a helper defined in the notebook", lambda nb: _with_code(
        nb, "def tidy_up(x):\n    y = x.strip()\n    z = y.lower()\n    return z"), "library"),
    ("a cell to scroll", lambda nb: _with_code(nb, "\n".join(f"a{i} = {i}" for i in range(30))),
     "lines"),
])
def test_the_check_fails_when_a_part_is_removed(what, change, words):
    nb = nbformat.read(STEP, as_version=4)
    assert anatomy_problems(STEP, nb) == []
    found = anatomy_problems(STEP, change(nb))
    assert any(words in p for p in found), (what, found)


def test_tidy_writes_the_navigation_line_once_at_the_top_and_the_bottom():
    nb = nbformat.read(STEP, as_version=4)
    stale = _edited(nb, nav_line(STEP), "← [somewhere](x.ipynb) · [contents](y.ipynb) →")
    set_nav(stale, nav_line(STEP))
    set_nav(stale, nav_line(STEP))  # twice: still one line each
    text = "\n".join(c.source for c in stale.cells if c.cell_type == "markdown")
    assert text.count(nav_line(STEP)) == 2 and "somewhere" not in text
    assert anatomy_problems(STEP, stale) == []
    assert nav_line(ROOT / "notebooks" / "00-start-here.ipynb").startswith("[contents]")
    assert "02 · Get and verify" in nav_line(STEP) and "04 · Standardise" in nav_line(STEP)
