"""One source of truth for versions: requirements.txt. `oddk pins` writes the
conda environment.yml and Binder's requirements from it; a test keeps them in step."""

from __future__ import annotations

import re
import sys
from pathlib import Path

HEADER = "Generated from requirements.txt by `oddk pins` (make pins): do not edit by hand."
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)$")


def read_pins(path: Path) -> dict[str, str]:
    """{normalised package name: version} for every `name==version` line; other lines are refused."""
    pins = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = _PIN.match(line)
        if not match:
            raise ValueError(
                f"{path.name}, line {number}: {line!r} is not an exact pin (name==version)."
            )
        pins[normalise(match[1])] = match[2]
    return pins


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def environment_yml(pins: dict[str, str]) -> str:
    lines = [
        f"# {HEADER}",
        "name: oddk-kit",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python=3.11",
        "  - pip",
        "  - nodejs=20",
        "  - pip:",
    ]
    lines += [f"      - {name}=={version}" for name, version in sorted(pins.items())]
    lines += ["      - -e ."]
    return "\n".join(lines) + "\n"


def binder_requirements(pins: dict[str, str]) -> str:
    lines = [f"# {HEADER}"] + [f"{name}=={version}" for name, version in sorted(pins.items())]
    return "\n".join(lines) + "\n"


def read_environment_pins(text: str) -> dict[str, str]:
    """The pip pins listed in an environment.yml."""
    import yaml

    pins = {}
    for dep in yaml.safe_load(text)["dependencies"]:
        if isinstance(dep, dict) and "pip" in dep:
            for item in dep["pip"]:
                match = _PIN.match(item)
                if match:
                    pins[normalise(match[1])] = match[2]
    return pins


def main(check: bool = False) -> int:
    from oddk.paths import kit_root

    root = kit_root()
    pins = read_pins(root / "requirements.txt")
    wanted = {
        root / "environment.yml": environment_yml(pins),
        root / "binder" / "requirements.txt": binder_requirements(pins),
    }
    stale = [
        p for p, text in wanted.items() if not p.is_file() or p.read_text(encoding="utf-8") != text
    ]
    if check:
        for path in stale:
            print(
                f"out of step with requirements.txt: {path.relative_to(root)} (run `make pins`)",
                file=sys.stderr,
            )
        return 1 if stale else 0
    for path in stale:
        path.write_text(wanted[path], encoding="utf-8")
        print(f"wrote {path.relative_to(root)}")
    return 0
