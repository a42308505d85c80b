"""The start page's map of the kit links exactly the notebooks that exist."""

import re

from oddk import contents
from oddk.paths import kit_root


def test_path_links_only_existing_notebooks():
    text = contents.as_markdown(contents.learning_path())
    links = re.findall(r"\]\(([^)]+)\)", text)
    assert "00-start-here.ipynb" in links
    for link in links:
        assert (kit_root() / "notebooks" / link).is_file(), (
            f"the start page links a missing notebook: {link}"
        )
    steps_without = [
        s
        for s, nb in zip(contents.STEPS, contents.learning_path()["notebook"], strict=False)
        if not isinstance(nb, str)
    ]
    assert text.count("not in the kit yet") == len(steps_without)
    assert "nan" not in text


def test_links_from_the_danish_folder_climb_one_level():
    folder = kit_root() / "notebooks"
    text = contents.as_markdown(contents.learning_path(), here=folder / "da")
    assert "](../00-start-here.ipynb)" in text
    assert "](00-start-here.ipynb)" in contents.as_markdown(contents.learning_path(), here=folder)
