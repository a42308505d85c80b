"""A whole round of the course on a real JupyterHub (`make test-hub`; needs root and `make hub-env`).

The hub runs on 127.0.0.1 as `make hub` runs it (course/hub/start.py), with an instructor
and three students who are real local accounts (removed again at the end, with every
process and folder). Through the hub's and nbgrader's own interfaces: the instructor
releases A1 in the formgrader; each student fetches it in their own server, works
(Ada: the full solution; Bo: one answer wrong; Cy: a deleted test cell and an endless
loop, handed in after the due date), saves and submits; the instructor collects,
autogrades, grades Ada's written answer, generates and releases feedback; the students
fetch it; grades are exported as CSV; Cy leaves the class.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "course" / "hub"))
import accounts  # noqa: E402
import classroom  # noqa: E402
import settings  # noqa: E402

pytestmark = pytest.mark.hub
A1 = "a1-find"
NOTEBOOK = f"{A1}/{A1}.ipynb"
SOURCE = nbformat.read(ROOT / "course" / "source" / A1 / f"{A1}.ipynb", as_version=4)
POINTS = {"a1-q1-test": 1, "a1-q2-test": 2, "a1-q3-test": 1, "a1-q4-test": 2, "a1-q5-test": 2}
WRONG_SEARCH = 'def search(packages, word):\n    return [p["name"] for p in packages if word in p["title"]]'
COMMENT = "Godt begrundet · Well argued"


def _solution() -> dict[str, str]:
    return {c.metadata.nbgrader["grade_id"]: c.source for c in SOURCE.cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def _work(notebook: dict, student: str) -> dict:
    """What each student writes into the fetched notebook before saving it."""
    notebook = copy.deepcopy(notebook)
    answers = _solution()
    if student.endswith("bo"):
        answers["a1-q2-answer"] = WRONG_SEARCH
    if student.endswith("cy"):
        answers["a1-q3-answer"] = "while True:\n    pass"
    cells = []
    for cell in notebook["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if student.endswith("cy") and grade_id == "a1-q4-test":
            continue  # Cy deletes a test cell
        if grade_id in answers:
            cell["source"] = answers[grade_id]
        cells.append(cell)
    notebook["cells"] = cells
    return notebook


def _login(room, account: str, password: str):
    import requests

    session = requests.Session()
    session.get(room.url + "/hub/login", timeout=30)
    answer = session.post(room.url + "/hub/login", allow_redirects=False, timeout=60,
                          data={"username": account, "password": password, "_xsrf": session.cookies.get("_xsrf")})
    return session, answer


@pytest.fixture(scope="module")
def round_():
    assert os.geteuid() == 0, "the hub test makes real accounts and runs the hub: run it as root (make test-hub)"
    assert (settings.venv() / "bin" / "jupyterhub").is_file(), "build the hub environment first: make hub-env"
    room = classroom.Classroom(["ada", "bo", "cy"])
    seen: dict = {}
    try:
        seen["start_seconds"] = room.start()
        ada, bo, cy = room.students
        seen["homes"] = {a: (settings.homes() / a).stat().st_mode & 0o777 for a in room.students}
        seen["bo_reads_ada"] = subprocess.run(["setpriv", "--reuid", bo, "--regid", bo, "--init-groups",
                                               "ls", str(settings.homes() / ada)], capture_output=True).returncode
        passwords = dict(line.split(",") for line in
                         (settings.state() / "new-passwords.csv").read_text().split()[1:])
        _, seen["bad_login"] = _login(room, ada, "not-the-password")
        instructor_session, seen["login"] = _login(room, room.instructor, passwords[room.instructor])
        seen["home_page"] = instructor_session.get(room.url + "/hub/home", timeout=30).text

        # The instructor makes the student version and releases it, in the formgrader service.
        room.formgrader("POST", f"assignment/{A1}/assign")
        room.formgrader("POST", f"assignment/{A1}/release")
        seen["student_to_formgrader"] = room.get(f"/services/{settings.COURSE_ID}/formgrader/api/assignments",
                                                 headers=room.token(bo)).status_code
        room.start_servers([room.instructor, *room.students])
        seen["course_list"] = room.get(f"/user/{room.instructor}/formgraders",
                                       headers=room.token(room.instructor)).json()
        seen["student_course_list"] = room.get(f"/user/{bo}/formgraders", headers=room.token(bo)).json()
        seen["grader_lab"] = room.get(f"/services/{settings.COURSE_ID}/lab", headers=room.token(room.instructor)).text
        seen["student_lab"] = room.get(f"/user/{bo}/lab", headers=room.token(bo)).text
        seen["formgrader_csp"] = room.get(f"/services/{settings.COURSE_ID}/formgrader/manage_assignments",
                                          headers=room.token(room.instructor)).headers.get("Content-Security-Policy")

        # Students: fetch, work, save, validate (Ada), submit; Cy after the due date.
        seen["listed"] = {s: room.assignments(s) for s in room.students}
        for student in room.students:
            room.action(student, "fetch", A1)
            fetched = room.read(student, NOTEBOOK)["content"]
            room.save(student, NOTEBOOK, _work(fetched, student))
        seen["validate"] = room.validate(ada, NOTEBOOK)
        for student in (ada, bo):
            room.action(student, "submit", A1)
        due = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=1)  # after Bo's hand-in
        room.formgrader("PUT", f"assignment/{A1}", json={"duedate_notimezone": due.strftime("%Y-%m-%dT%H:%M:%S"),
                                                        "duedate_timezone": "UTC"})
        time.sleep(max(0.0, (due - datetime.now(UTC)).total_seconds()) + 1)
        room.action(cy, "submit", A1)  # a second or so late

        # The instructor collects, autogrades, grades the written answer, returns feedback.
        room.formgrader("POST", f"assignment/{A1}/collect")
        for student in room.students:
            room.formgrader("POST", f"submission/{A1}/{student}/autograde")
        submitted = room.formgrader("GET", f"submitted_notebooks/{A1}/{A1}")
        ada_nb = next(s for s in submitted if s["student"] == ada)
        written = next(g for g in room.formgrader("GET", "grades", params={"submission_id": ada_nb["id"]})
                       if g["name"] == "a1-q6-written")
        room.formgrader("PUT", f"grade/{written['id']}", json={"manual_score": 2})
        comment = next(c for c in room.formgrader("GET", "comments", params={"submission_id": ada_nb["id"]})
                       if c["name"] == "a1-q6-written")
        room.formgrader("PUT", f"comment/{comment['id']}", json={"manual_comment": COMMENT})
        room.formgrader("POST", f"assignment/{A1}/generate_feedback")
        room.formgrader("POST", f"assignment/{A1}/release_feedback")
        seen["scores"] = {s["student"]: s for s in room.formgrader("GET", f"submissions/{A1}")}

        # Students fetch their feedback in their own server.
        seen["feedback"] = {}
        for student in room.students:
            listed = room.action(student, "fetch_feedback", A1)["value"]
            mine = next(a for a in listed if a["status"] == "submitted")
            path = mine["submissions"][-1]["local_feedback_path"]
            seen["feedback"][student] = room.read(student, f"{path}/{A1}.html")["content"]
        seen["grades"] = room.export_grades()

        # Cy leaves the class: server stopped, out of the hub, the gradebook and the machine.
        room.stop_servers([cy])
        seen["hub_delete"] = room.session_delete(f"/hub/api/users/{cy}").status_code
        accounts.remove_member("cy")
        seen["cy_account"] = accounts.exists(cy)
        seen["cy_in_hub"] = room.get(f"/hub/api/users/{cy}").status_code
        seen["grades_after"] = room.export_grades()

        seen["stop_seconds"] = room.stop()
        import psutil

        seen["left_running"] = [p.info for p in psutil.process_iter(["pid", "username", "cmdline"])
                                if (p.info["username"] or "").startswith(classroom.PREFIX)]
    finally:
        room.close()
    seen["accounts_after"] = [a for a in accounts.class_accounts() if a.startswith(classroom.PREFIX)]
    seen["root_after"] = room.root.exists()
    seen["room"] = room
    return seen


def test_the_hub_starts_in_under_a_minute_and_stops_at_ctrl_c_in_seconds(round_):
    assert round_["start_seconds"] < 60, round_["start_seconds"]
    assert round_["stop_seconds"] < 20, f"stopping took {round_['stop_seconds']:.1f} s"


def test_each_student_has_an_account_of_their_own_with_a_private_home(round_):
    assert set(round_["homes"].values()) == {0o700}
    assert round_["bo_reads_ada"] != 0, "one student cannot list another's home"


def test_login_with_the_machine_password_and_the_services_menu_lists_the_formgrader(round_):
    assert round_["bad_login"].status_code == 403
    assert round_["login"].status_code == 302, "the right password logs in and is sent on"
    assert f"/services/{settings.COURSE_ID}/" in round_["home_page"], "the instructor's Services menu"


def test_only_the_instructor_reaches_the_formgrader_and_sees_the_course(round_):
    assert round_["student_to_formgrader"] == 403
    courses = round_["course_list"]["value"]
    assert [c["course_id"] for c in courses] == [settings.COURSE_ID], round_["course_list"]
    assert round_["student_course_list"]["value"] == []


def _disabled_extensions(page: str) -> list[str]:
    data = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(data.group(1))["disabledExtensions"]


def test_the_formgrader_panel_works_in_the_graders_lab_and_students_have_none(round_):
    """The course list opens the Formgrader panel in the grader's JupyterLab: its extension is on
    there, and its pages may be framed by their own JupyterLab (the hub's default forbids it)."""
    assert "@jupyter/nbgrader:formgrader" not in _disabled_extensions(round_["grader_lab"])
    assert {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment"} <= set(
        _disabled_extensions(round_["student_lab"]))
    assert round_["formgrader_csp"] == "frame-ancestors 'self'"


def test_every_student_sees_the_released_assignment(round_):
    for student, listed in round_["listed"].items():
        assert [(a["assignment_id"], a["status"]) for a in listed] == [(A1, "released")], student


def test_validate_in_a_students_server_passes_the_full_solution(round_):
    result = round_["validate"]
    assert result["success"], result
    assert isinstance(result["value"], dict), result
    assert not result["value"].get("failed") and not result["value"].get("changed"), result


def _scores(round_) -> dict[str, tuple[float, float]]:
    return {s: (row["score"], row["max_score"]) for s, row in round_["scores"].items()}


def test_scores_of_a_full_solution_a_partly_wrong_one_and_a_deleted_test_with_a_loop(round_):
    ada, bo, cy = round_["room"].students
    scores = _scores(round_)
    assert scores[ada] == (10, 10), "every autograded point and the written answer graded by hand"
    assert scores[bo] == (6, 10), "the wrong search loses its 2 points to the hidden test"
    # Cy: the loop loses question 3 (1 point), the deleted test is put back and passes (2 points).
    # (The formgrader shows scores before the late penalty; the export and the feedback after it.)
    assert scores[cy] == (7, 10), scores[cy]


def test_exported_grades_list_the_class_and_the_late_penalty(round_):
    ada, bo, cy = round_["room"].students
    rows = {r["student_id"]: r for r in round_["grades"]}
    assert set(rows) == {ada, bo, cy}
    assert float(rows[ada]["score"]) == 10 and float(rows[bo]["score"]) == 6, "on time: no penalty"
    assert float(rows[ada]["late_submission_penalty"]) == 0
    # Cy handed in a second after the due date: 10 % of 7 points for one started day.
    assert float(rows[cy]["raw_score"]) == 7 and float(rows[cy]["late_submission_penalty"]) == pytest.approx(0.7)
    assert float(rows[cy]["score"]) == pytest.approx(6.3)
    assert rows[ada]["first_name"] == "Ada"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_feedback_has_no_hidden_test_and_keeps_every_failed_tests_hint(round_):
    hidden = [line.strip() for c in SOURCE.cells if "### BEGIN HIDDEN TESTS" in c.source
              for line in c.source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0].splitlines()
              if len(line.strip()) > 12 and "Hidden test:" not in line]
    assert hidden
    for student, html in round_["feedback"].items():
        text = _text(html)
        leaked = [line for line in hidden if _text(line) in text]
        assert not leaked, f"{student}'s feedback shows hidden tests: {leaked[:2]}"
        assert "BEGIN HIDDEN TESTS" not in html
    ada, bo, cy = round_["room"].students
    assert "Hidden test: search(packages, &#x27;TOILET&#x27;)" in round_["feedback"][bo] or \
        "Hidden test: search(packages, 'TOILET')" in _text(round_["feedback"][bo]), "Bo's hint"
    assert "Skjult test: search(packages, 'TOILET') skal finde" in _text(round_["feedback"][bo]), "in Danish too"
    assert "Your answer ran too long" in round_["feedback"][cy]


def test_feedback_in_danish_and_english_with_the_score_per_question(round_):
    ada, bo, cy = round_["room"].students
    for student, html in round_["feedback"].items():
        text = _text(html)
        assert "Din feedback · Your feedback" in text
        assert "Spørgsmål · Question" in text and "Hvad du kan rette · What to fix" in text
        assert re.search(r"Spørgsmål 2 · Question 2 · Search like the portal \(2 points\) (\d) / 2", text), student
    assert re.search(r"Question 2 · Search like the portal \(2 points\) 0 / 2", _text(round_["feedback"][bo]))
    assert "I alt · Total: 10 / 10" in _text(round_["feedback"][ada])
    assert COMMENT in _text(round_["feedback"][ada]), "the teacher's comment on the written answer"
    cy_text = _text(round_["feedback"][cy])
    assert "I alt · Total: 6.3 / 10" in cy_text and "late-submission penalty of −0.7" in cy_text


def test_a_student_who_leaves_is_gone_from_the_hub_the_gradebook_and_the_machine(round_):
    assert round_["hub_delete"] == 204
    assert round_["cy_in_hub"] == 404
    assert not round_["cy_account"]
    assert {r["student_id"] for r in round_["grades_after"]} == set(round_["room"].students[:2])


def test_nothing_is_left_behind(round_):
    assert round_["left_running"] == []
    assert round_["accounts_after"] == []
    assert not round_["root_after"]
