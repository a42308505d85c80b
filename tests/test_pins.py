"""requirements.txt is the one source of versions; environment.yml and Binder follow it."""

from importlib import metadata

from oddk import pins
from oddk.paths import kit_root

ROOT = kit_root()


def test_requirements_are_exact_pins():
    assert len(pins.read_pins(ROOT / "requirements.txt")) > 20


def test_environment_and_binder_pin_the_same_versions():
    wanted = pins.read_pins(ROOT / "requirements.txt")
    assert pins.read_environment_pins((ROOT / "environment.yml").read_text()) == wanted
    assert pins.read_pins(ROOT / "binder" / "requirements.txt") == wanted


def test_generated_files_are_up_to_date():
    assert pins.main(check=True) == 0, "run `make pins`"


def test_installed_versions_are_the_pinned_ones():
    wanted = pins.read_pins(ROOT / "requirements.txt")
    installed = {pins.normalise(d.metadata["Name"]): d.version for d in metadata.distributions()}
    wrong = {
        name: (version, installed.get(name))
        for name, version in wanted.items()
        if installed.get(name) != version
    }
    assert not wrong, (
        f"installed versions differ from requirements.txt (pinned, installed): {wrong}"
    )


def test_slow_rfc3987_syntax_is_not_installed():
    # jupyter-events would import it in every process that reads a notebook (~2.3 s).
    installed = {pins.normalise(d.metadata["Name"]) for d in metadata.distributions()}
    assert "rfc3987-syntax" not in installed
