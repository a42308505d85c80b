"""Start the course hub (`make hub`): accounts, exchange, course folder, then JupyterHub, as root.

    sudo .venv/bin/python course/hub/start.py       # Ctrl+C (or SIGTERM) stops it and every server

Before the hub starts: an account for every member of the class list and for the grader
(accounts.py), the exchange folder, and the course folder in the grader's home (a copy of
the kit's course the first time; never overwritten after that, it holds the gradebook),
with the class in nbgrader's gradebook. The proxy's token is made fresh at every start.
Stopping: the formgrader service first, by SIGTERM (it would wait on SIGINT), then the hub,
which stops every student's server.
"""

from __future__ import annotations

import csv
import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import accounts
import settings


def _chown_tree(path: Path, account: str) -> None:
    user = pwd.getpwnam(account)
    for item in [path, *path.rglob("*")]:
        os.chown(item, user.pw_uid, user.pw_gid, follow_symlinks=False)


def prepare_state() -> None:
    state = settings.state()
    state.mkdir(parents=True, exist_ok=True)
    state.chmod(0o755)
    exchange = settings.exchange()
    exchange.mkdir(exist_ok=True)
    exchange.chmod(0o1777)  # everyone writes, nobody removes another's files (as /tmp)


def prepare_course(members: list[accounts.Member]) -> None:
    course = settings.course_dir()
    if not course.exists():
        kit = settings.kit_copy() / "course"
        course.mkdir(parents=True)
        shutil.copy2(kit / "nbgrader_config.py", course / "nbgrader_config.py")
        shutil.copytree(kit / "source", course / "source")
        _chown_tree(course, settings.grader())
    # The formgrader's extension is on for the grader's servers only (hub_env.py turns it off for all).
    config = Path(pwd.getpwnam(settings.grader()).pw_dir) / ".jupyter"
    config.mkdir(exist_ok=True)
    # Its pages may be framed by its own JupyterLab (the Formgrader panel; the hub's default forbids it).
    (config / "jupyter_server_config.json").write_text(json.dumps({"ServerApp": {
        "jpserver_extensions": {"nbgrader.server_extensions.formgrader": True},
        "tornado_settings": {"headers": {"Content-Security-Policy": "frame-ancestors 'self'"}},
    }}, indent=2))
    # Its JupyterLab shows the Formgrader panel (hub_env.py turns it off for students).
    (config / "labconfig").mkdir(exist_ok=True)
    (config / "labconfig" / "page_config.json").write_text(json.dumps(
        {"disabledExtensions": {"@jupyter/nbgrader:formgrader": False}}, indent=2))
    _chown_tree(config, settings.grader())
    import_students(members)


def import_students(members: list[accounts.Member]) -> None:
    """The class's students in the gradebook, with their names (nbgrader db student import)."""
    students = [m for m in members if m.role == "student"]
    with tempfile.NamedTemporaryFile("w", suffix=".csv", dir=settings.course_dir(), delete=False,
                                     encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "first_name", "last_name", "email"])
        writer.writerows([m.account, m.first_name, m.last_name, m.email] for m in students)
    try:
        _chown_tree(Path(out.name), settings.grader())
        done = accounts.as_grader("nbgrader", "db", "student", "import", out.name)
        if done.returncode != 0:
            sys.exit(f"nbgrader could not import the class into the gradebook:\n{done.stderr}")
    finally:
        os.unlink(out.name)


def stop(hub: subprocess.Popen) -> None:
    """The formgrader service first (SIGTERM: it ends at once), then the hub and its servers."""
    import psutil

    grader = settings.grader()
    try:
        for child in psutil.Process(hub.pid).children(recursive=True):
            if child.username() == grader:
                child.terminate()
    except psutil.Error:
        pass
    hub.terminate()
    try:
        hub.wait(timeout=60)
    except subprocess.TimeoutExpired:
        hub.kill()
        hub.wait()


def main() -> None:
    if os.geteuid() != 0:
        sys.exit("The course hub runs as root (it starts each student's server as that student): use sudo.")
    venv = settings.venv()
    if not (venv / "bin" / "jupyterhub").is_file():
        sys.exit(f"No hub environment in {settings.prefix()}: run `sudo make hub-env` first.")
    try:
        members = accounts.add(settings.class_csv())
    except accounts.ClassListError as error:
        sys.exit(str(error))
    prepare_state()
    prepare_course(members)
    env = {**os.environ, "CONFIGPROXY_AUTH_TOKEN": secrets.token_hex(32),
           "PATH": f"{venv / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}"}
    config = settings.HERE / "jupyterhub_config.py"
    hub = subprocess.Popen([str(venv / "bin" / "jupyterhub"), "-f", str(config)], cwd=settings.state(), env=env,
                           start_new_session=True)  # Ctrl+C reaches this script only: it stops them in order
    print(f"course hub on http://{settings.ip()}:{settings.port()}/ (Ctrl+C stops it)", flush=True)
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)  # also when started where SIGINT was ignored (a background job)
    try:
        code = hub.wait()
    except KeyboardInterrupt:
        stop(hub)
        code = 0
    sys.exit(code)


def _interrupt(*_) -> None:
    raise KeyboardInterrupt  # SIGTERM as Ctrl+C: stop() runs outside the interrupted wait


if __name__ == "__main__":
    main()
