"""Stored notebooks are clean: valid nbformat 4, a parameters cell, kernel
python3, no widget state, no outputs or counts except golden cells."""

import pytest

from oddk.notebooks import hygiene_problems
from oddk.paths import kit_root
from oddk.runs import discover_notebooks

ROOT = kit_root()


@pytest.mark.parametrize("notebook", discover_notebooks(ROOT))
def test_stored_notebook_is_clean(notebook):
    problems = hygiene_problems(ROOT / notebook)
    assert not problems, f"{notebook}: " + "; ".join(problems)
