"""The examples in the kit's module docstrings are true: each module's doctests run here
(the check's own modules run in tests/test_check_rules.py)."""

from __future__ import annotations

import doctest
import importlib

import pytest

from oddk.paths import kit_root

MODULES = ["oddk.lesson_words", "oddk.static_widgets", "oddk.claims", "oddk.local_catalogue",
           "oddk.metadata_form", "oddk.data_requests", "oddk.starter", "oddk.starter.challenges",
           "oddk.municipality_report", "oddk.municipality_report.facts",
           "oddk.municipality_report.peers", "oddk.check.messages", "oddk.notebooks"]


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples_are_true(module, monkeypatch):
    monkeypatch.chdir(kit_root())
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0, f"{module} has no examples to run"
    assert result.failed == 0
