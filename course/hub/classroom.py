"""A class on a real course hub, driven the way its people use it: for the hub test and the benchmark.

`Classroom` makes a throw-away class on this machine: real accounts (prefix `oddkt-`), a
state folder and homes in a temporary folder, the hub started by start.py (as `make hub`
does) on 127.0.0.1, and it removes every account, process and folder again in `close()`.
Every step goes through the hub's REST API (servers, tokens), a student's own server
(nbgrader's Assignments handlers, the contents API that JupyterLab saves through, Validate)
or the formgrader service's API; grades come from `nbgrader export` as the grader (nbgrader
has no REST call for them).
"""

from __future__ import annotations

import csv
import io
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

import accounts
import settings

PREFIX = "oddkt-"  # test accounts; close() removes every account that starts with it


def free_port_block(count: int = 4) -> int:
    """The first of `count` consecutive free ports on 127.0.0.1."""
    import socket

    for start in range(18000, 30000, 10):
        socks = []
        try:
            for port in range(start, start + count):
                s = socket.socket()
                s.bind(("127.0.0.1", port))
                socks.append(s)
            return start
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no free ports")


class Classroom:
    def __init__(self, students: list[str], instructor: str = "teach", timeout: int = 10):
        # In /tmp, not $TMPDIR: every folder above the homes must be searchable by their owners.
        self.root = Path(tempfile.mkdtemp(prefix="oddk-hub-", dir="/tmp"))
        self.root.chmod(0o755)  # homes inside it must be reachable by their owners
        (self.root / "homes").mkdir(mode=0o755)
        self.port = free_port_block()
        self.url = f"http://127.0.0.1:{self.port}"
        self.admin = {"Authorization": f"token {secrets.token_hex(24)}"}
        class_csv = self.root / "class.csv"
        rows = [f"{instructor},Tea,Cher,,instructor"] + [f"{s},{s.title()},Student,{s}@example.dk,student"
                                                         for s in students]
        class_csv.write_text("username,first_name,last_name,email,role\n" + "\n".join(rows) + "\n")
        self.env = {"ODDK_HUB_ACCOUNT_PREFIX": PREFIX, "ODDK_HUB_HOMES": str(self.root / "homes"),
                    "ODDK_HUB_STATE": str(self.root / "state"), "ODDK_HUB_PORT": str(self.port),
                    "ODDK_HUB_CLASS": str(class_csv), "ODDK_HUB_ADMIN_TOKEN": self.admin["Authorization"][6:]}
        os.environ.update(self.env)  # settings (and so accounts) read them
        self.instructor = PREFIX + instructor
        self.students = [PREFIX + s for s in students]
        self.timeout = timeout
        self.hub: subprocess.Popen | None = None
        self.tokens: dict[str, dict] = {}

    # -- the hub ------------------------------------------------------------------------------

    def start(self) -> float:
        """Accounts, the instructor's course folder (a shorter grading timeout), then start.py; seconds taken."""
        begin = time.monotonic()
        remove_test_accounts()
        self.members = accounts.add(settings.class_csv())
        course = settings.course_dir()
        kit = settings.kit_copy() / "course"
        course.mkdir(parents=True)
        shutil.copy2(kit / "nbgrader_config.py", course / "nbgrader_config.py")
        shutil.copytree(kit / "source", course / "source")
        with open(course / "nbgrader_config.py", "a") as config:
            config.write(f"\nc.Execute.timeout = {self.timeout}  # the test's short grading timeout\n")
        subprocess.run(["chown", "-R", f"{settings.grader()}:{settings.grader()}", str(course)], check=True)
        self.log = open(self.root / "hub.log", "wb")
        self.hub = subprocess.Popen([sys.executable, str(settings.HERE / "start.py")], env={**os.environ},
                                    stdout=self.log, stderr=subprocess.STDOUT)
        self.wait(lambda: self.get("/hub/api/services").ok and self.formgrader_ready(), "the hub")
        return time.monotonic() - begin

    def formgrader_ready(self) -> bool:
        try:
            return self.get(f"/services/{settings.COURSE_ID}/formgrader/api/status",
                            headers=self.token(self.instructor)).ok
        except requests.RequestException:
            return False

    def wait(self, ready, what: str, seconds: float = 180) -> None:
        deadline = time.monotonic() + seconds
        while True:
            if self.hub is not None and self.hub.poll() is not None:
                raise RuntimeError(f"the hub stopped while waiting for {what}:\n{self.hub_log()}")
            try:
                if ready():
                    return
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{what} not ready after {seconds} s:\n{self.hub_log()[-3000:]}")
            time.sleep(0.3)

    def hub_log(self) -> str:
        return (self.root / "hub.log").read_text(errors="replace")

    def stop(self) -> float:
        """SIGINT to start.py, as Ctrl+C in `make hub`: seconds until the hub and every server ended."""
        if self.hub is None or self.hub.poll() is not None:
            return 0.0
        begin = time.monotonic()
        self.hub.send_signal(signal.SIGINT)
        try:
            self.hub.wait(timeout=90)
        except subprocess.TimeoutExpired:
            self.hub.kill()
            self.hub.wait()
        return time.monotonic() - begin

    def close(self) -> None:
        """Stop everything and remove every account and folder the class made."""
        try:
            self.stop()
        finally:
            remove_test_accounts()
            if getattr(self, "log", None):
                self.log.close()
            shutil.rmtree(self.root, ignore_errors=True)
            for name in self.env:
                os.environ.pop(name, None)

    # -- HTTP -----------------------------------------------------------------------------------

    def get(self, path: str, headers=None, **kwargs) -> requests.Response:
        return requests.get(self.url + path, headers=headers or self.admin, timeout=300, **kwargs)

    def post(self, path: str, headers=None, **kwargs) -> requests.Response:
        return requests.post(self.url + path, headers=headers or self.admin, timeout=600, **kwargs)

    def token(self, account: str) -> dict:
        """An API token of `account`'s own, made by the hub's admin service (as for a script of theirs)."""
        if account not in self.tokens:
            made = self.post(f"/hub/api/users/{account}/tokens", json={"note": "classroom", "expires_in": 7200})
            made.raise_for_status()
            self.tokens[account] = {"Authorization": f"token {made.json()['token']}"}
        return self.tokens[account]

    def start_servers(self, names: list[str]) -> None:
        """Start these users' servers through the hub and wait until each answers."""
        for name in names:
            answer = self.post(f"/hub/api/users/{name}/server")
            assert answer.status_code in (201, 202, 400), answer.text  # 400: already running
        for name in names:
            self.wait(lambda n=name: self.get(f"/hub/api/users/{n}").json()["servers"].get("", {}).get("ready"),
                      f"{name}'s server")

    def stop_servers(self, names: list[str]) -> None:
        for name in names:
            self.session_delete(f"/hub/api/users/{name}/server")
        for name in names:
            self.wait(lambda n=name: not self.get(f"/hub/api/users/{n}").json()["servers"], f"{name} stopped")

    def session_delete(self, path: str) -> requests.Response:
        return requests.delete(self.url + path, headers=self.admin, timeout=60)

    # -- a student's server -----------------------------------------------------------------------

    def assignments(self, student: str) -> list[dict]:
        got = self.get(f"/user/{student}/assignments", headers=self.token(student),
                       params={"course_id": settings.COURSE_ID})
        got.raise_for_status()
        body = got.json()
        assert body["success"], body
        return body["value"]

    def action(self, student: str, action: str, assignment: str) -> dict:
        """The Assignments tab's Fetch, Submit or Fetch Feedback button."""
        done = self.post(f"/user/{student}/assignments/{action}", headers=self.token(student),
                         data={"course_id": settings.COURSE_ID, "assignment_id": assignment})
        done.raise_for_status()
        body = done.json()
        assert body.get("success", True), body
        return body

    def read(self, student: str, path: str) -> dict:
        got = self.get(f"/user/{student}/api/contents/{path}", headers=self.token(student))
        got.raise_for_status()
        return got.json()

    def save(self, student: str, path: str, notebook: dict) -> None:
        """What JupyterLab's Save does: PUT the notebook through the contents API."""
        put = requests.put(f"{self.url}/user/{student}/api/contents/{path}", headers=self.token(student),
                           json={"type": "notebook", "format": "json", "content": notebook}, timeout=60)
        put.raise_for_status()

    def validate(self, student: str, path: str) -> dict:
        done = self.post(f"/user/{student}/assignments/validate", headers=self.token(student), data={"path": path})
        done.raise_for_status()
        return done.json()

    # -- the instructor, in the formgrader service -------------------------------------------------

    def formgrader(self, method: str, path: str, **kwargs) -> dict:
        call = requests.request(method, f"{self.url}/services/{settings.COURSE_ID}/formgrader/api/{path}",
                                headers=self.token(self.instructor), timeout=600, **kwargs)
        call.raise_for_status()
        body = call.json()
        if isinstance(body, dict) and body.get("success") is False:
            raise RuntimeError(f"formgrader {path}: {body.get('error') or body}")
        return body

    def export_grades(self) -> list[dict]:
        """`nbgrader export` as the grader, in the course folder: the rows of grades.csv."""
        done = accounts.as_grader("nbgrader", "export", "--to", "grades.csv")
        assert done.returncode == 0, done.stderr
        text = (settings.course_dir() / "grades.csv").read_text()
        return list(csv.DictReader(io.StringIO(text)))


def remove_test_accounts() -> None:
    """Every account with the test prefix, its processes and home."""
    saved = os.environ.get("ODDK_HUB_ACCOUNT_PREFIX")
    os.environ["ODDK_HUB_ACCOUNT_PREFIX"] = PREFIX
    try:
        for account in accounts.class_accounts():
            accounts.remove_account(account)
    finally:
        if saved is None:
            os.environ.pop("ODDK_HUB_ACCOUNT_PREFIX")
        else:
            os.environ["ODDK_HUB_ACCOUNT_PREFIX"] = saved
