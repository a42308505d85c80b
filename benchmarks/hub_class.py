"""A class on the course hub: N students x the 4 assignments submitted and autograded through the hub.

    sudo make bench-hub        # = .venv/bin/python benchmarks/hub_class.py [--students 30] [--batch 10]

A real hub on 127.0.0.1 (course/hub/start.py, as `make hub`), N real accounts (removed
at the end). The instructor releases the four assignments in the formgrader service;
students' servers start in batches (about 155 MB each), and each student fetches every
assignment, saves the solution through the contents API and submits it; the instructor
collects and autogrades every submission through the formgrader's API. The peer, in the
same run: nbgrader's bare command line (`nbgrader autograde`) on the same collected
submissions in a copy of the course folder, so the figure per submission reads as "the hub
costs R times the bare CLI".

Target (issue 22): 30 students x 4 assignments through the hub in at most 10 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "course" / "hub"))
import classroom  # noqa: E402
import settings  # noqa: E402

ASSIGNMENTS = ["a1-find", "a2-clean", "a3-publish", "a4-use"]
TARGET_SECONDS = 600


def solutions(assignment: str) -> dict[str, str]:
    nb = nbformat.read(ROOT / "course" / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    return {c.metadata.nbgrader["grade_id"]: c.source for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def work(notebook: dict, answers: dict[str, str]) -> dict:
    for cell in notebook["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell["source"] = answers[grade_id]
    return notebook


def bare_cli(course: Path) -> float:
    """`nbgrader autograde` for every assignment on a copy of the collected submissions; seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copy(course / "nbgrader_config.py", root / "nbgrader_config.py")
        shutil.copy(course / "gradebook.db", root / "gradebook.db")
        for folder in ("source", "release", "submitted"):
            shutil.copytree(course / folder, root / folder)
        env = {**os.environ, "ODDK_ROOT": str(ROOT), "ODDK_OUTPUT": str(root / "output"),
               "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        start = time.perf_counter()
        for assignment in ASSIGNMENTS:
            done = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", assignment, "--force"],
                                  cwd=root,
                                  env=env, capture_output=True, text=True)
            if done.returncode != 0:
                sys.exit(f"nbgrader autograde {assignment} failed:\n{done.stderr[-2000:]}")
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--batch", type=int, default=10, help="student servers running at once")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("The hub benchmark makes real accounts and runs the hub: run it as root (sudo make bench-hub).")
    answers = {a: solutions(a) for a in ASSIGNMENTS}
    room = classroom.Classroom([f"s{n:03d}" for n in range(1, args.students + 1)], timeout=60)
    times: dict[str, float] = {}
    try:
        times["start the hub"] = room.start()
        begin = time.perf_counter()
        for assignment in ASSIGNMENTS:
            room.formgrader("POST", f"assignment/{assignment}/assign")
            room.formgrader("POST", f"assignment/{assignment}/release")
        times["release 4 assignments"] = time.perf_counter() - begin

        begin, servers = time.perf_counter(), 0.0
        for first in range(0, len(room.students), args.batch):
            batch = room.students[first:first + args.batch]
            started = time.perf_counter()
            room.start_servers(batch)
            servers += time.perf_counter() - started
            for student in batch:
                for assignment in ASSIGNMENTS:
                    room.action(student, "fetch", assignment)
                    path = f"{assignment}/{assignment}.ipynb"
                    room.save(student, path, work(room.read(student, path)["content"], answers[assignment]))
                    room.action(student, "submit", assignment)
            started = time.perf_counter()
            room.stop_servers(batch)
            servers += time.perf_counter() - started
        times["students: servers, fetch, save, submit"] = time.perf_counter() - begin
        times["  of which starting and stopping servers"] = servers

        begin = time.perf_counter()
        for assignment in ASSIGNMENTS:
            room.formgrader("POST", f"assignment/{assignment}/collect")
        times["collect 4 assignments"] = time.perf_counter() - begin
        begin = time.perf_counter()
        for assignment in ASSIGNMENTS:
            for student in room.students:
                room.formgrader("POST", f"submission/{assignment}/{student}/autograde")
        autograde = times["autograde every submission (formgrader API)"] = time.perf_counter() - begin
        scores = [(s["score"], s["max_code_score"]) for a in ASSIGNMENTS
                  for s in room.formgrader("GET", f"submissions/{a}")]
        hub_total = sum(v for k, v in times.items() if not k.startswith(" "))
        cli = bare_cli(settings.course_dir())
    finally:
        room.close()

    count = args.students * len(ASSIGNMENTS)
    full = sum(1 for score, most in scores if score == most)
    print(f"course hub, {args.students} students x {len(ASSIGNMENTS)} assignments ({count} submissions), "
          f"servers in batches of {args.batch}:")
    for step, seconds in times.items():
        print(f"  {step:44s} {seconds:7.1f} s")
    print(f"  {'total through the hub':44s} {hub_total:7.1f} s ({hub_total / 60:.1f} min): "
          f"{'within' if hub_total <= TARGET_SECONDS else 'OVER'} the {TARGET_SECONDS // 60}-minute target")
    print(f"  per submission: autograde in the hub {autograde / count:.2f} s, bare nbgrader CLI "
          f"{cli / count:.2f} s ({autograde / cli:.2f}x); all of the hub's steps {hub_total / count:.2f} s")
    print(f"  {full} of {len(scores)} submissions scored the reference solution's autograded points")


if __name__ == "__main__":
    main()
