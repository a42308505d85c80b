"""The class on the hub: local accounts made from a CSV of user names.

    sudo .venv/bin/python course/hub/accounts.py add course/hub/class.csv
    sudo .venv/bin/python course/hub/accounts.py remove jensh      # a student leaves the class
    sudo .venv/bin/python course/hub/accounts.py list

The CSV has a header line and one row per person; only `username` is required:

    username,first_name,last_name,email,role
    jensh,Jens,Hansen,jens@example.dk,student
    mettek,Mette,Krogh,,instructor

nbgrader knows a student by the account their server runs as, so every person gets an
account of their own: ODDK_HUB_ACCOUNT_PREFIX + username (`oddk-jensh`), with a home
folder only they can read (0700). The prefix keeps class accounts apart from the
machine's own (a CSV row `root` makes `oddk-root`, never touches root) and is the only
kind of account this script removes. A new account gets a random password, written to
ODDK_HUB_STATE/new-passwords.csv (readable by root only) to hand out.
"""

from __future__ import annotations

import argparse
import csv
import os
import pwd
import re
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import settings

ROLES = ("student", "instructor")
NAME = re.compile(r"[a-z][a-z0-9]{0,19}$")
COLUMNS = ("username", "first_name", "last_name", "email", "role")


class ClassListError(ValueError):
    """A class list that cannot be used, with the file, the line and what to do."""


@dataclass(frozen=True)
class Member:
    username: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    role: str = "student"

    @property
    def account(self) -> str:
        return settings.account_prefix() + self.username


def read_class(path: Path) -> list[Member]:
    """The members of a class list; a bad row stops it, naming the line and what to write instead."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ClassListError(f"There is no class list at {path}: make one like course/hub/class.example.csv.") from None
    except UnicodeDecodeError:
        raise ClassListError(f"{path.name} is not UTF-8 text: save it as 'CSV UTF-8' and try again.") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows or "username" not in [h.strip().lower() for h in rows[0]]:
        raise ClassListError(f"{path.name}, line 1: the first line must name the columns, with at least "
                             f"'username' (e.g. username,first_name,last_name,email,role).")
    header = [h.strip().lower() for h in rows[0]]
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise ClassListError(f"{path.name}, line 1: unknown column {unknown[0]!r}; the columns are "
                             f"{', '.join(COLUMNS)}.")
    members, seen = [], {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise ClassListError(f"{path.name}, line {number}: {len(row)} values for {len(header)} columns; "
                                 f"a name with a comma needs quotes (\"Hansen, Jens\").")
        values = {h: cell.strip() for h, cell in zip(header, row, strict=False)}
        name = values.get("username", "")
        if not NAME.match(name):
            raise ClassListError(
                f"{path.name}, line {number}: {name!r} is not a user name we can use. Write it in lower-case "
                f"letters a-z and digits only, starting with a letter, at most 20 characters (e.g. jensh or "
                f"abc123); the hub's account will be {settings.account_prefix()}<username>.")
        if name in seen:
            raise ClassListError(f"{path.name}, line {number}: {name!r} is already on line {seen[name]}; "
                                 f"list each person once.")
        role = values.get("role") or "student"
        if role not in ROLES:
            raise ClassListError(f"{path.name}, line {number}: role {role!r} is neither 'student' nor "
                                 f"'instructor' (leave it empty for a student).")
        seen[name] = number
        members.append(Member(name, values.get("first_name", ""), values.get("last_name", ""),
                              values.get("email", ""), role))
    if not members:
        raise ClassListError(f"{path.name} lists nobody: add one line per student under the header.")
    return members


def exists(account: str) -> bool:
    try:
        pwd.getpwnam(account)
    except KeyError:
        return False
    return True


def create_account(account: str) -> str | None:
    """Make `account` with a private home in ODDK_HUB_HOMES; its new password, or None if it existed."""
    _only_ours(account)
    if exists(account):
        return None
    home = settings.homes() / account
    subprocess.run(["useradd", "--create-home", "--home-dir", str(home), "--user-group",
                    "--shell", "/bin/bash", account], check=True, capture_output=True)
    home.chmod(0o700)
    password = secrets.token_urlsafe(12)
    subprocess.run(["chpasswd"], input=f"{account}:{password}", text=True, check=True)
    return password


def remove_account(account: str) -> None:
    """Delete `account` and its home folder (only accounts with the kit's prefix)."""
    _only_ours(account)
    if exists(account):
        _end_processes_of(pwd.getpwnam(account).pw_uid)
        subprocess.run(["userdel", "--remove", account], check=True, capture_output=True)


def _end_processes_of(uid: int) -> None:
    """End every process the account still runs (a server left behind), each by its id."""
    import psutil

    for process in psutil.process_iter(["uids"]):
        if process.info["uids"] and process.info["uids"].real == uid:
            try:
                process.kill()
            except psutil.Error:
                pass


def _only_ours(account: str) -> None:
    if not account.startswith(settings.account_prefix()) or account == settings.account_prefix():
        raise ValueError(f"{account!r} is not a class account (they start with {settings.account_prefix()!r}).")


def as_grader(*cmd: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run a command of the hub environment as the grader account (nbgrader's own CLI)."""
    user = pwd.getpwnam(settings.grader())
    env = {"PATH": f"{settings.venv() / 'bin'}:/usr/bin:/bin", "HOME": user.pw_dir, "USER": user.pw_name,
           "ODDK_ROOT": str(settings.kit_copy()), "ODDK_HUB_EXCHANGE": str(settings.exchange())}
    return subprocess.run(["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--init-groups",
                           *cmd], cwd=cwd or settings.course_dir(), env=env, capture_output=True, text=True)


def remove_member(username: str) -> None:
    """A student leaves the class: out of the gradebook (their grades with them), then the account."""
    account = settings.account_prefix() + username
    if exists(settings.grader()) and (settings.course_dir() / "gradebook.db").is_file():
        done = as_grader("nbgrader", "db", "student", "remove", account, "--force")
        if done.returncode != 0 and "No such student" not in done.stdout + done.stderr:
            raise ValueError(f"nbgrader could not remove {account} from the gradebook:\n{done.stderr}")
    remove_account(account)


def class_accounts() -> list[str]:
    """Every account on this machine that carries the kit's prefix."""
    return sorted(p.pw_name for p in pwd.getpwall() if p.pw_name.startswith(settings.account_prefix()))


def add(path: Path) -> list[Member]:
    """Accounts for every member and the grader; new passwords appended to new-passwords.csv."""
    members = read_class(path)
    new = {}
    for account in [settings.grader()] + [m.account for m in members]:
        password = create_account(account)
        if password and account != settings.grader():
            new[account] = password
    if new:
        settings.state().mkdir(parents=True, exist_ok=True)
        passwords = settings.state() / "new-passwords.csv"
        fresh = not passwords.exists()
        fd = os.open(passwords, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as out:
            if fresh:
                out.write("account,password\n")
            out.writelines(f"{a},{p}\n" for a, p in new.items())
        print(f"{len(new)} new accounts; their passwords are in {passwords} (root only): hand them out.")
    return members


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("add", help="make an account for everyone in a class list").add_argument("csv", type=Path)
    sub.add_parser("remove", help="delete one member's account and home").add_argument("username")
    sub.add_parser("list", help="the class accounts on this machine")
    args = parser.parse_args()
    if args.command != "list" and os.geteuid() != 0:
        sys.exit("Making or removing accounts needs root (sudo).")
    try:
        if args.command == "add":
            members = add(args.csv)
            print(f"{len(members)} members: {', '.join(m.account for m in members)}")
        elif args.command == "remove":
            remove_member(args.username)
            print(f"removed {settings.account_prefix() + args.username}; also take the line out of the class list, "
                  f"and see course/README.md (removing a student) for the gradebook and the hub")
        else:
            print("\n".join(class_accounts()))
    except (ClassListError, ValueError) as error:
        sys.exit(str(error))


if __name__ == "__main__":
    main()
