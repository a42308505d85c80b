"""The guidelines' key sentences cannot drift from what they compute: each states its result
through a claim (oddk.claims) that the harness checks in the default run. Here every key
claim is changed in a copy of its notebook, and the run must fail naming it; and the key
claims stay marked (a sentence rewritten without its mark would no longer be checked)."""

from __future__ import annotations

import re
import shutil
import uuid

import nbformat
import pytest

from oddk import claims, runs
from oddk.execute import NotebookFailed, execute
from oddk.paths import kit_root

ROOT = kit_root()
DRIFT = ROOT / "build" / "claims-drift"

# The sentences that state what a guideline computes, by notebook: the claim's expression.
KEY_CLAIMS = {
    "notebooks/00-start-here.ipynb": ["len(kommuner)", "reference.find_municipality('Århus')['navn']",
                                      "reference.find_municipality('Århus')['kode']",
                                      "reference.find_municipality('0101')['navn']"],
    "notebooks/da/00-start-here.ipynb": ["len(kommuner)",
                                         "reference.find_municipality('Århus')['navn']",
                                         "reference.find_municipality('Århus')['kode']"],
    "notebooks/01-find.ipynb": ["len(cat.search(q='')['results'])"],
    "notebooks/02-get-and-verify.ipynb": ["longest['total']"],
    "notebooks/03-clean.ipynb": [
        "clean.municipality_name(clean.municipality_code(pd.Series(['411']))[0])"
        ".fillna('no municipality').iloc[0]",
        "'every point' if len(marked) == len(z) else f'{len(marked)} of {len(z)} points'"],
    "notebooks/05-publish.ipynb": ["package['licence']"],
    "notebooks/06-use.ipynb": ["len(folk)", "int(folk['folketal'].sum())"],
}


def wrong(text: str) -> str:
    """Another value, written the way the sentence writes its own."""
    number = re.fullmatch(r"\d[\d.,]*", text)
    if number:
        return str(int(re.sub(r"[.,]", "", text)) + 1)
    return "Bornholm" if text != "Bornholm" else "Nordfyn"


@pytest.mark.parametrize("notebook", sorted(KEY_CLAIMS))
def test_the_key_claims_stay_marked(notebook):
    found = {c.expr for c in claims.find_claims(nbformat.read(ROOT / notebook, as_version=4))}
    missing = [e for e in KEY_CLAIMS[notebook] if e not in found]
    assert not missing, (f"{notebook}: the sentence that claimed `{missing[0]}` lost its "
                         '<span data-claim="…"> mark, so nothing checks it any more')


@pytest.mark.notebook
@pytest.mark.parametrize("notebook", sorted(KEY_CLAIMS))
def test_changing_a_key_sentence_alone_fails_the_run(notebook, tmp_path):
    nb = nbformat.read(ROOT / notebook, as_version=4)
    changed = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue

        def swap(match):
            expr, text = match.group(1), re.sub(r"[*_`]", "", match.group(2)).strip()
            changed.append((expr, wrong(text)))
            return f'<span data-claim="{expr}">{wrong(text)}</span>'

        cell.source = claims.CLAIM.sub(swap, cell.source)
    assert changed
    mine = DRIFT / uuid.uuid4().hex  # each test its own copy of the kit's folder layout
    copy = mine / notebook
    copy.parent.mkdir(parents=True, exist_ok=True)
    try:
        nbformat.write(nb, copy)
        run = runs.Run(copy.relative_to(ROOT).as_posix(), "default")
        with pytest.raises(NotebookFailed) as failed:
            execute(run, ROOT, tmp_path / "out.ipynb", env={"ODDK_OUTPUT": str(tmp_path / "o")})
    finally:
        shutil.rmtree(mine, ignore_errors=True)
    message = str(failed.value)
    assert "the text does not say what the notebook computes" in message, message
    for _expr, text in changed:
        assert f"says '{text}'" in message, (text, message)
    assert "the text after code cell" in message
