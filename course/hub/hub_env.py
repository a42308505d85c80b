"""Build the course hub's environment in ODDK_HUB_PREFIX (default /opt/oddk-hub), readable by all.

    sudo .venv/bin/python course/hub/hub_env.py          # build, or bring up to date (seconds if nothing changed)

Every student's server runs as that student, so every account must be able to run the
hub's Python and read the kit's data. The kit's own interpreter may live where others
cannot read it (pyenv under /root, mode 0700), so it is copied, without its
site-packages, to PREFIX/python; a shared-library build looks for libpython in its
build prefix, so the copy's run path is pointed at its own lib/ ($ORIGIN/../lib).
Then, all pinned (requirements.txt and course/hub/requirements.txt):

    PREFIX/python   the interpreter        PREFIX/venv    JupyterHub, JupyterLab, nbgrader, the kit's libraries
    PREFIX/proxy    configurable-http-proxy (npm ci)   PREFIX/kit   the kit's library, data and course
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import settings

HERE = settings.HERE
KIT = settings.KIT
PY = f"python{settings.PYTHON_VERSION}"
KIT_PARTS = ["pyproject.toml", "README.md", "LICENSE", "src", "datasets", "course/nbgrader_config.py",
             "course/source", "course/release", "course/README.md", "course/hints-da.yaml", "jupyter/overrides.json"]
# What a student's server does not offer (nbgrader's advice for a hub): the formgrader and the
# assignment-making toolbar belong to the grader's service only.
STUDENT_OFF_SERVER = ["nbgrader.server_extensions.formgrader"]
STUDENT_OFF_LAB = ["@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment"]


def run(*cmd, **kwargs) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def runnable_by_all(path: Path) -> bool:
    """True if any account may execute `path` (every folder above it searchable by others)."""
    path = path.resolve()
    if not path.stat().st_mode & stat.S_IXOTH:
        return False
    return all(p.stat().st_mode & stat.S_IXOTH for p in path.parents)


def _fingerprint(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            if "__pycache__" in file.parts:
                continue
            digest.update(str(file.relative_to(KIT)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def copy_interpreter(prefix: Path) -> Path:
    """The Python every account runs: this one if they can, else a copy in PREFIX/python."""
    base = Path(sys.base_prefix)
    exe = base / "bin" / PY
    if runnable_by_all(exe):
        return exe
    target = prefix / "python"
    if not (target / "bin" / PY).is_file():
        skip = shutil.ignore_patterns("site-packages", "test", "__pycache__", "idlelib", "tkinter")
        tmp = prefix / "python.partial"
        shutil.rmtree(tmp, ignore_errors=True)
        (tmp / "bin").mkdir(parents=True)
        shutil.copy2(exe, tmp / "bin" / PY)
        os.symlink(PY, tmp / "bin" / "python3")
        shutil.copytree(base / "lib", tmp / "lib", ignore=skip, symlinks=True)
        (tmp / "lib" / PY / "site-packages").mkdir(exist_ok=True)
        _point_run_path_home(tmp / "bin" / PY, old=str(base / "lib"))
        tmp.rename(target)
    return target / "bin" / PY


def _point_run_path_home(binary: Path, old: str) -> None:
    """Rewrite the ELF run path `old` (the build prefix's lib/) as $ORIGIN/../lib, in place.

    The string sits once in the binary's string table, ended by a NUL; the new one is
    shorter, so it is written over it and padded with NULs (what patchelf does when the
    new path fits)."""
    data = binary.read_bytes()
    needle = old.encode() + b"\0"
    if data.count(needle) == 0:
        return  # a static build, or one with a relative run path already
    if data.count(needle) > 1:
        sys.exit(f"{binary}: the run path {old} appears more than once; patch it with patchelf.")
    new = b"$ORIGIN/../lib"
    if len(new) > len(old):
        sys.exit(f"{binary}: the run path {old} is too short to rewrite; patch it with patchelf.")
    binary.write_bytes(data.replace(needle, new + b"\0" * (len(needle) - len(new))))


def build_venv(prefix: Path, python: Path) -> Path:
    venv = prefix / "venv"
    if not (venv / "bin" / "python").is_file():
        run(python, "-m", "venv", venv)
        run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    return venv


def kit_dependencies() -> list[str]:
    """The kit's runtime packages, as pyproject.toml names them (versions come from the pins)."""
    return tomllib.loads((KIT / "pyproject.toml").read_text())["project"]["dependencies"]


def install_packages(venv: Path) -> None:
    pip = [venv / "bin" / "python", "-m", "pip", "install", "--quiet"]
    run(*pip, "-r", HERE / "requirements.txt", *kit_dependencies())
    check_everything_is_pinned(venv)


def check_everything_is_pinned(venv: Path) -> None:
    sys.path.insert(0, str(KIT / "src"))
    from oddk import pins

    wanted = {**pins.read_pins(KIT / "requirements.txt"), **read_hub_pins()}
    frozen = subprocess.run([venv / "bin" / "python", "-m", "pip", "list", "--format=json"],
                            check=True, capture_output=True, text=True).stdout
    loose = [f"{p['name']}=={p['version']}" for p in json.loads(frozen)
             if pins.normalise(p["name"]) not in ("pip", "setuptools")
             and wanted.get(pins.normalise(p["name"])) != p["version"]]
    if loose:
        sys.exit("These packages in the hub environment are not pinned (or pinned to another version) in "
                 f"requirements.txt or course/hub/requirements.txt: {', '.join(loose)}. Pin them there.")


def read_hub_pins() -> dict[str, str]:
    """{name: version} of the exact pins in course/hub/requirements.txt (its -c and bare names skipped)."""
    sys.path.insert(0, str(KIT / "src"))
    from oddk import pins

    lines = [line for line in (HERE / "requirements.txt").read_text().splitlines() if "==" in line]
    return {pins.normalise(n): v.strip() for n, v in (line.split("#")[0].split("==") for line in lines)}


def install_proxy(prefix: Path) -> Path:
    folder = prefix / "proxy"
    folder.mkdir(exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(HERE / name, folder / name)
    run("npm", "ci", "--silent", "--no-audit", "--no-fund", "--omit=dev", cwd=folder)
    return folder / "node_modules" / ".bin" / "configurable-http-proxy"


def copy_kit(prefix: Path, venv: Path) -> None:
    """The kit's library, data and course as a plain copy, on the hub's Python path (a .pth file,
    what an editable install writes), so that no account needs to read the checkout."""
    target = prefix / "kit"
    tmp = prefix / "kit.partial"
    shutil.rmtree(tmp, ignore_errors=True)
    for part in KIT_PARTS:
        source, dest = KIT / part, tmp / part
        dest.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, dest, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, dest)
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    site = venv / "lib" / PY / "site-packages"
    (site / "oddk-kit.pth").write_text(str(target / "src") + "\n")


def configure_jupyter(venv: Path) -> None:
    """Config every server of the hub reads (the venv's etc/jupyter): nbgrader's course and exchange,
    the student's extensions, JupyterLab's settings."""
    etc = venv / "etc" / "jupyter"
    shutil.copy(HERE / "nbgrader_config.py", etc / "nbgrader_config.py")
    server = etc / "jupyter_server_config.d"
    server.mkdir(parents=True, exist_ok=True)
    (server / "zz-oddk-hub.json").write_text(json.dumps(
        {"ServerApp": {"jpserver_extensions": {name: False for name in STUDENT_OFF_SERVER}}}, indent=2))
    labconfig = etc / "labconfig"
    labconfig.mkdir(exist_ok=True)
    (labconfig / "page_config.json").write_text(json.dumps(
        {"disabledExtensions": {name: True for name in STUDENT_OFF_LAB}}, indent=2))
    settings_dir = venv / "share" / "jupyter" / "lab" / "settings"
    settings_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(KIT / "jupyter" / "overrides.json", settings_dir / "overrides.json")


def make_readable(prefix: Path) -> None:
    """Everything in PREFIX readable (and folders searchable) by every account, nothing writable."""
    for path in [prefix, *prefix.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        extra = stat.S_IRGRP | stat.S_IROTH
        if path.is_dir() or mode & stat.S_IXUSR:
            extra |= stat.S_IXGRP | stat.S_IXOTH
        path.chmod((mode | extra) & ~(stat.S_IWGRP | stat.S_IWOTH))


def check_as_nobody(venv: Path) -> None:
    """An account that is not root starts the hub's Python and imports what a student needs."""
    code = "import oddk.paths, nbgrader, jupyterlab, pandas; print(oddk.paths.datasets_dir())"
    done = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                           str(venv / "bin" / "python"), "-c", code],
                          capture_output=True, text=True, cwd="/", env={"PATH": "/usr/bin:/bin", "HOME": "/"})
    if done.returncode != 0:
        sys.exit(f"An ordinary account cannot use the hub environment:\n{done.stderr}")


def build(prefix: Path, force: bool = False) -> None:
    if os.geteuid() != 0:
        sys.exit("Building the hub environment needs root (sudo): it is shared by every account.")
    prefix.mkdir(parents=True, exist_ok=True)
    stamp = prefix / ".built"
    packages = _fingerprint(KIT / "requirements.txt", HERE / "requirements.txt", HERE / "package-lock.json",
                            KIT / "pyproject.toml")
    kit = _fingerprint(*(KIT / p for p in KIT_PARTS), HERE / "nbgrader_config.py", Path(__file__))
    done = json.loads(stamp.read_text()) if stamp.is_file() and not force else {}
    python = copy_interpreter(prefix)
    venv = build_venv(prefix, python)
    if done.get("packages") != packages:
        install_packages(venv)
        install_proxy(prefix)
    if done.get("kit") != kit:
        copy_kit(prefix, venv)
        configure_jupyter(venv)
    make_readable(prefix)
    check_as_nobody(venv)
    stamp.write_text(json.dumps({"packages": packages, "kit": kit}))
    print(f"hub environment ready in {prefix}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefix", type=Path, default=settings.prefix())
    parser.add_argument("--force", action="store_true", help="reinstall even if nothing changed")
    args = parser.parse_args()
    build(args.prefix.resolve(), args.force)


if __name__ == "__main__":
    main()
