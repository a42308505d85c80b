"""The nbgrader course round trip, with nbgrader's own command line in a temporary course root.

One session-wide course root: `nbgrader generate_assignment` for all four assignments,
then one `nbgrader autograde` per assignment over several made-up students:

- reference: the source notebook itself (the solution) — full marks;
- blank: the release version, untouched — zero autograded points;
- wrong: the solution with one answer that passes the visible tests but not the hidden ones;
- (a1 only) loop: an answer that never ends; deleted: test cells removed;
  edited: a test cell replaced by a `print`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from oddk.paths import kit_root

ROOT = kit_root(Path(__file__).parent)
COURSE = ROOT / "course"
ASSIGNMENTS = ["a1-find", "a2-clean", "a3-publish", "a4-use"]
# Seconds per cell in the test course: long enough for any honest cell, short for a loop.
TIMEOUT = 10

# One plausible wrong answer per assignment: it passes the visible test, a hidden test catches it.
WRONG = {
    "a1-find": (
        "a1-q2-answer",
        "a1-q2-test",
        """
def search(packages, word):
    return [p["name"] for p in packages if word in p["title"]]
""",
    ),
    "a2-clean": (
        "a2-q2-answer",
        "a2-q2-test",
        """
def to_number(text):
    return float(text.replace(".", "").replace(",", "."))
""",
    ),
    "a3-publish": (
        "a3-q1-answer",
        "a3-q1-test",
        """
def find_cpr(text):
    return re.findall(r"\\d{6}-\\d{4}", text)
""",
    ),
    "a4-use": (
        "a4-q2-answer",
        "a4-q2-test",
        """
weekday_mean = counts.groupby(counts["dato"].dt.day_of_week)["cykler"].sum()
""",
    ),
}
LOOP = ("a1-q3-answer", "a1-q3-test")  # this answer loops forever
DELETED_WRONG = ("a1-q2-answer", "a1-q2-test")  # test deleted AND answer wrong: must still lose
DELETED_RIGHT = "a1-q4-test"  # test deleted, answer right: must still score
EDITED = ("a1-q5-answer", "a1-q5-test")  # test replaced by a print, answer wrong: must still lose


def _cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _autograded_tests(nb) -> dict[str, float]:
    """{grade_id: points} of the autograded test cells of a source notebook."""
    return {
        c.metadata.nbgrader["grade_id"]: float(c.metadata.nbgrader["points"])
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata.nbgrader.get("solution")
    }


def _nbgrader(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "ODDK_ROOT": str(ROOT),
        "ODDK_OUTPUT": str(root / "output"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, (
        f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    )
    return result


def _submit(root: Path, student: str, assignment: str, nb) -> None:
    folder = root / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / f"{assignment}.ipynb")


def _source(assignment: str):
    return nbformat.read(COURSE / "source" / assignment / f"{assignment}.ipynb", as_version=4)


@pytest.fixture(scope="session")
def graded(tmp_path_factory):
    """A temporary course root after generate_assignment and autograde; yields (root, scores)."""
    root = tmp_path_factory.mktemp("course")
    shutil.copy(COURSE / "nbgrader_config.py", root / "nbgrader_config.py")
    shutil.copytree(COURSE / "source", root / "source")
    with open(root / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write(f"\nc.Execute.timeout = {TIMEOUT}  # the tests' short timeout\n")
    for assignment in ASSIGNMENTS:
        _nbgrader(root, "generate_assignment", assignment, "--force")

    for assignment in ASSIGNMENTS:
        source = _source(assignment)
        _submit(root, "reference", assignment, source)
        _submit(
            root,
            "blank",
            assignment,
            nbformat.read(root / "release" / assignment / f"{assignment}.ipynb", as_version=4),
        )
        answer, _test, code = WRONG[assignment]
        wrong = _source(assignment)
        _cell(wrong, answer).source = code.strip()
        _submit(root, "wrong", assignment, wrong)

    loop = _source("a1-find")
    _cell(loop, LOOP[0]).source = "while True:\n    pass"
    _submit(root, "loop", "a1-find", loop)

    deleted = _source("a1-find")
    _cell(deleted, DELETED_WRONG[0]).source = WRONG["a1-find"][2].strip()
    deleted.cells = [
        c
        for c in deleted.cells
        if c.metadata.get("nbgrader", {}).get("grade_id") not in (DELETED_WRONG[1], DELETED_RIGHT)
    ]
    _submit(root, "deleted", "a1-find", deleted)

    edited = _source("a1-find")
    _cell(edited, EDITED[0]).source = (
        "def csv_urls(package):\n"
        "    return [r['url'] for r in package['resources'] if r['format'] == 'CSV']"
    )
    _cell(edited, EDITED[1]).source = 'print("✓ Question 5 passed")'
    _submit(root, "edited", "a1-find", edited)

    for assignment in ASSIGNMENTS:
        _nbgrader(root, "autograde", assignment, "--force")

    from nbgrader.api import Gradebook

    scores: dict[tuple[str, str], dict[str, float]] = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for assignment in ASSIGNMENTS:
            for sub in gb.assignment_submissions(assignment):
                nb = sub.notebooks[0]
                scores[(assignment, sub.student.id)] = {
                    g.name: float(g.auto_score or 0) for g in nb.grades
                }
    return root, scores


def _autograded_notebook(root: Path, student: str, assignment: str):
    return nbformat.read(
        root / "autograded" / student / assignment / f"{assignment}.ipynb", as_version=4
    )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_assignment_has_graded_questions_hidden_tests_and_a_written_answer(assignment):
    nb = _source(assignment)
    tests = _autograded_tests(nb)
    written = [
        c
        for c in nb.cells
        if c.cell_type == "markdown"
        and c.metadata.get("nbgrader", {}).get("grade")
        and c.metadata.nbgrader.get("solution")
    ]
    assert 4 <= len(tests) + len(written) <= 8, f"{assignment}: 4 to 8 graded questions"
    assert len(written) == 1, f"{assignment}: one manually graded written answer"
    assert any("### BEGIN HIDDEN TESTS" in _cell(nb, t).source for t in tests), (
        f"{assignment}: a hidden test"
    )
    for index, cell in enumerate(nb.cells):
        if cell.metadata.get("nbgrader", {}).get("grade_id") in tests:
            before = nb.cells[index - 1].metadata.get("nbgrader", {})
            assert before.get("solution"), (
                f"{assignment}: test {cell.metadata.nbgrader.grade_id} follows its answer"
            )
            assert "✓" in cell.source and "Hint" in cell.source, (
                f"{assignment}: a friendly message and hints"
            )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_reference_solution_gets_full_marks_on_every_autograded_cell(graded, assignment):
    _root, scores = graded
    tests = _autograded_tests(_source(assignment))
    got = scores[(assignment, "reference")]
    assert {t: got[t] for t in tests} == tests


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_blank_release_version_gets_zero_autograded_points(graded, assignment):
    _root, scores = graded
    tests = _autograded_tests(_source(assignment))
    got = scores[(assignment, "blank")]
    assert {t: got[t] for t in tests} == {t: 0.0 for t in tests}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_one_wrong_answer_loses_exactly_its_points_through_a_hidden_test(graded, assignment):
    root, scores = graded
    tests = _autograded_tests(_source(assignment))
    _answer, lost, _code = WRONG[assignment]
    got = scores[(assignment, "wrong")]
    assert {t: got[t] for t in tests} == {**tests, lost: 0.0}
    graded_cell = _cell(_autograded_notebook(root, "wrong", assignment), lost)
    error = "\n".join(
        "\n".join(o.get("traceback", [])) for o in graded_cell.outputs if o.output_type == "error"
    )
    assert "Hidden test" in error, "the points were lost to a hidden test, not a visible one"


def test_endless_loop_is_stopped_by_the_timeout_and_the_rest_is_graded(graded):
    root, scores = graded
    tests = _autograded_tests(_source("a1-find"))
    got = scores[("a1-find", "loop")]
    assert {t: got[t] for t in tests} == {**tests, LOOP[1]: 0.0}
    looped = _cell(_autograded_notebook(root, "loop", "a1-find"), LOOP[0])
    assert any(o.output_type == "error" for o in looped.outputs), (
        "the looping cell shows the timeout as an error"
    )


def test_deleted_test_cells_are_put_back_and_grade_the_answer(graded):
    root, scores = graded
    tests = _autograded_tests(_source("a1-find"))
    got = scores[("a1-find", "deleted")]
    assert {t: got[t] for t in tests} == {**tests, DELETED_WRONG[1]: 0.0}
    nb = _autograded_notebook(root, "deleted", "a1-find")
    restored = _cell(nb, DELETED_WRONG[1])
    assert "### BEGIN HIDDEN TESTS" in restored.source, (
        "the original test, hidden part included, was put back"
    )
    assert _cell(nb, DELETED_RIGHT) is not None


def test_edited_test_cell_is_replaced_by_the_original(graded):
    root, scores = graded
    tests = _autograded_tests(_source("a1-find"))
    got = scores[("a1-find", "edited")]
    assert {t: got[t] for t in tests} == {**tests, EDITED[1]: 0.0}
    graded_cell = _cell(_autograded_notebook(root, "edited", "a1-find"), EDITED[1])
    assert graded_cell.source == _cell(_source("a1-find"), EDITED[1]).source


def _json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_committed_release_is_what_generate_assignment_makes(graded, assignment):
    root, _scores = graded
    name = f"{assignment}/{assignment}.ipynb"
    assert _json(COURSE / "release" / name) == _json(root / "release" / name), (
        f"course/release/{name} differs from a fresh `nbgrader generate_assignment {assignment}`: "
        f"run it in course/ and commit the result (never edit release/ by hand)."
    )


def _marked_lines(text: str, begin: str, end: str) -> list[str]:
    lines, inside = [], False
    for line in text.splitlines():
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside and len(line.strip()) > 12:
            lines.append(line.strip())
    return lines


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_holds_no_solution_and_no_hidden_test(assignment):
    release = nbformat.read(COURSE / "release" / assignment / f"{assignment}.ipynb", as_version=4)
    text = "\n".join(c.source for c in release.cells)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text, f"{assignment}: release holds {marker!r}"
    source_text = "\n".join(c.source for c in _source(assignment).cells)
    secret = _marked_lines(source_text, "### BEGIN SOLUTION", "### END SOLUTION") + _marked_lines(
        source_text, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
    )
    assert secret, "the source holds solutions and hidden tests to look for"
    leaked = [line for line in secret if line in text]
    assert not leaked, f"{assignment}: release shows solution or hidden-test lines: {leaked[:3]}"
    assert all(not c.get("outputs") for c in release.cells if c.cell_type == "code")


def test_binder_link_opens_release_of_assignment_1_in_lab():
    guide = (COURSE / "README.md").read_text(encoding="utf-8")
    link = re.search(r"https://mybinder\.org/v2/gh/OpenDataDK/oddk-kit/[^)\s]+", guide)
    assert link, "course/README.md links to Binder"
    assert link.group(0).endswith("urlpath=lab/tree/course/release/a1-find/a1-find.ipynb")
    assert (ROOT / "course/release/a1-find/a1-find.ipynb").is_file()


def test_zip_collect_files_lms_downloads_under_each_student(tmp_path):
    shutil.copy(COURSE / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    for folder in ("source", "release"):
        shutil.copytree(COURSE / folder / "a1-find", tmp_path / folder / "a1-find")
    archive = tmp_path / "downloaded" / "a1-find" / "archive"
    archive.mkdir(parents=True)
    notebook = (COURSE / "release" / "a1-find" / "a1-find.ipynb").read_bytes()
    import zipfile

    names = {
        "hansenjens_123456_7890123_a1-find.ipynb": "123456",  # Canvas
        "nielsenida_LATE_234567_7890124_a1-find-1.ipynb": "234567",  # Canvas, late, resubmitted
        "Mads Jensen_345678_assignsubmission_file_a1-find.ipynb": "345678",
    }  # Moodle
    with zipfile.ZipFile(archive / "submissions.zip", "w") as zf:
        for name in names:
            zf.writestr(name, notebook)
    _nbgrader(tmp_path, "zip_collect", "a1-find")
    for student in names.values():
        assert (
            tmp_path / "submitted" / student / "a1-find" / "a1-find.ipynb"
        ).read_bytes() == notebook


LAB_CONFIG = """
c.ServerApp.ip = "127.0.0.1"
c.ServerApp.port = {port}
c.ServerApp.port_retries = 0
c.ServerApp.open_browser = False
c.ServerApp.allow_root = True
c.ServerApp.root_dir = {root!r}
c.IdentityProvider.token = ""
c.ServerApp.password = ""
"""


@pytest.mark.browser
@pytest.mark.skipif(os.name == "nt", reason="process groups are POSIX")
def test_release_of_assignment_1_opens_in_lab_with_a_working_validate_button(
    offline_page, tmp_path
):
    """What the Binder link opens: the student version in JupyterLab, nbgrader's Validate
    in the notebook toolbar, and validating runs the notebook (a copy: never the committed one)."""
    import signal
    import time

    import requests

    from oddk.portal.testing import free_port

    site = tmp_path / "site"
    shutil.copytree(COURSE / "release" / "a1-find", site / "course" / "release" / "a1-find")
    port = free_port()
    config = tmp_path / "jupyter_config.py"
    config.write_text(LAB_CONFIG.format(port=port, root=str(site)), encoding="utf-8")
    env = {
        **os.environ,
        "ODDK_ROOT": str(ROOT),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    log = open(tmp_path / "jupyter.log", "wb")
    lab = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", f"--config={config}"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=site,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    shots = ROOT / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page = offline_page.page
    try:
        deadline = time.monotonic() + 60
        while True:
            assert lab.poll() is None, (tmp_path / "jupyter.log").read_text()
            try:
                if requests.get(base + "/api/status", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                assert time.monotonic() < deadline, "JupyterLab did not start"
                time.sleep(0.3)
        page.goto(base + "/lab/tree/course/release/a1-find/a1-find.ipynb", timeout=60_000)
        heading = page.locator(".jp-RenderedMarkdown h1").first
        heading.wait_for(timeout=60_000)
        assert "A1 · Find open data in the catalogue" in heading.inner_text()
        validate = page.locator(".validate-button").first
        validate.wait_for(timeout=30_000)
        page.screenshot(path=str(shots / "course-a1-release-in-lab.png"))
        validate.click()
        dialog = page.locator(".jp-Dialog-content").first
        dialog.wait_for(timeout=90_000)
        page.screenshot(path=str(shots / "course-a1-validate.png"))
        report = dialog.inner_text()
        assert "The following cell failed" in report, report  # the blank version fails, visibly
        assert "datasets_per_org" in report, "the data loaded and the first question was checked"
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        try:
            lab.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(lab.pid, signal.SIGKILL)
            lab.wait(timeout=5)
        log.close()


def test_oddk_course_regenerates_the_release_from_the_source(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(COURSE / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(COURSE / "source" / "a1-find", course / "source" / "a1-find")
    env = {**os.environ, "ODDK_ROOT": str(tmp_path), "PATH": os.defpath}
    oddk = [sys.executable, "-m", "oddk.cli", "course"]
    done = subprocess.run(oddk, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "released course/release/a1-find/" in done.stdout
    name = "a1-find/a1-find.ipynb"
    assert _json(course / "release" / name) == _json(COURSE / "release" / name)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_first_minute_says_run_all_stops_at_the_first_blank_answer(assignment, tmp_path):
    """Run All on a fresh release stops on a red NotImplementedError: the top of the
    assignment says that this is expected and what to do, and so does the error itself."""
    import subprocess
    import sys

    release = nbformat.read(COURSE / "release" / assignment / f"{assignment}.ipynb", as_version=4)
    top = release.cells[0].source
    assert "Run All stops at the first question you have not answered" in top
    assert "Replace the line `raise NotImplementedError(...)` with your answer" in top
    answers = [c for c in release.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert answers
    for cell in answers:
        if cell.cell_type == "code":
            assert "Run All stops here until you write your answer in this cell" in cell.source
        else:
            assert cell.source.startswith("YOUR ANSWER HERE: double-click this cell")
    first = next(c for c in answers if c.cell_type == "code")
    script = tmp_path / "first.py"
    script.write_text(first.source.split("\n# ")[0], encoding="utf-8")
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert run.returncode != 0
    assert "NotImplementedError: Not answered yet: Run All stops here" in run.stderr
