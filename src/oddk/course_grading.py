"""The course's own grading pieces for nbgrader: feedback students can read, and the late penalty.

course/nbgrader_config.py turns both on, for the command line and the course hub alike:

- `StudentFeedback`, run by `nbgrader generate_feedback` after nbgrader's own GetGrades:
  nbgrader's feedback page shows every test cell as it was graded, hidden tests included,
  and a failed hidden test's traceback quotes their lines (ClearHiddenTests does not
  reach the outputs). This removes both, keeps each failed test's message (the hint),
  and puts a summary on top, in Danish and English: the score per question, what to fix
  (each hint in Danish from course/hints-da.yaml, and as written).
- `LatePenalty`: each started day after the due date costs a share of the notebook's
  score (`LatePenalty.percent_per_day`, 10 by default), never more than the score.
"""

from __future__ import annotations

import functools
import html
import math
import re

from nbconvert.preprocessors import Preprocessor
from nbformat.v4 import new_markdown_cell
from nbgrader.plugins import BasePlugin
from traitlets import Bool, Float

BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
HIDDEN_NOTE = "# … and hidden tests that ran when your teacher graded (skjulte tests, kørt ved bedømmelsen)"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_FIELD = re.compile(r"\{[^{}]*\}")


class LatePenalty(BasePlugin):
    """A share of the score per started day late (nbgrader's late-submission plugin)."""

    percent_per_day = Float(10.0, help="Percent of the notebook's score lost per started day late.").tag(config=True)

    def late_submission_penalty(self, student_id: str, score: float, total_seconds_late: float) -> float:
        days = math.ceil(total_seconds_late / 86400) if total_seconds_late > 0 else 0
        return min(score, score * self.percent_per_day / 100 * days)


def _nbgrader(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def _is_test(cell) -> bool:
    meta = _nbgrader(cell)
    return bool(meta.get("grade")) and not meta.get("solution") and cell.cell_type == "code"


def without_hidden_tests(source: str) -> str:
    """The cell's source with each hidden-test region replaced by one line saying it was there."""
    lines, hidden = [], False
    for line in source.splitlines():
        if BEGIN in line:
            hidden = True
            lines.append(line[: len(line) - len(line.lstrip())] + HIDDEN_NOTE)
        elif END in line:
            hidden = False
        elif not hidden:
            lines.append(line)
    return "\n".join(lines)


def error_message(cell) -> str | None:
    """'AssertionError: Hint: …' for a cell that failed, without the traceback's code lines."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            value = _ANSI.sub("", output.get("evalue", "")).strip()
            return f"{output.get('ename', 'Error')}: {value}" if value else output.get("ename", "Error")
    return None


@functools.cache
def danish_hints() -> dict[str, str]:
    """{English hint as written in the test cell: Danish}, from course/hints-da.yaml."""
    import yaml

    from oddk.paths import kit_root

    return yaml.safe_load((kit_root() / "course" / "hints-da.yaml").read_text(encoding="utf-8"))


def in_danish(message: str, table: dict[str, str] | None = None) -> str | None:
    """The Danish of a failed test's message; an f-string's {…} parts are filled with the values the
    message shows (`Tip: {_name} nævner ikke …` for 'Hint: toiletter-x does not mention …')."""
    for english, danish in (danish_hints() if table is None else table).items():
        fields = _FIELD.findall(english)
        parts = _FIELD.split(english)
        pattern = "".join(re.escape(part) + ("(.+?)" if i < len(fields) else "") for i, part in enumerate(parts))
        match = re.fullmatch(pattern, message, re.S)
        if match:
            values = dict(zip(fields, match.groups(), strict=True))
            return _FIELD.sub(lambda field, found=values: found.get(field.group(0), field.group(0)), danish)
    return None


def _question(cells, index: int) -> str:
    """The heading of the question a graded cell belongs to ('Question 2 · Search like the portal (2 points)')."""
    for cell in reversed(cells[:index]):
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("## "):
                    title = line[3:].strip()
                    number = re.match(r"Question (\d+)", title)
                    return f"Spørgsmål {number[1]} · {title}" if number else title
    return _nbgrader(cells[index]).get("grade_id", "")


def _points(value) -> str:
    return "–" if value is None else f"{float(value):g}"


class StudentFeedback(Preprocessor):
    """Hidden tests out of the feedback, hints kept, a Danish and English summary on top."""

    enabled = Bool(True, help="nbconvert runs a preprocessor only when it is enabled.").tag(config=True)

    def preprocess(self, nb, resources):
        rows, answer_error = [], None
        for index, cell in enumerate(nb.cells):
            meta = _nbgrader(cell)
            if meta.get("solution") and cell.cell_type == "code":
                answer_error = error_message(cell)
            if _is_test(cell):
                cell.source = without_hidden_tests(cell.source)
                message = error_message(cell)
                for output in cell.get("outputs", []):
                    if output.get("output_type") == "error":
                        output["traceback"] = [message]  # no code lines: they may quote hidden tests
                rows.append((_question(nb.cells, index), meta.get("score"), meta.get("points"),
                             answer_error if message and answer_error else None, message, None))
                answer_error = None
            elif meta.get("grade") and cell.cell_type == "markdown":
                rows.append((_question(nb.cells, index), meta.get("score"), meta.get("points"), None, None,
                             meta.get("comment") or True))
        nb.cells.insert(0, new_markdown_cell(summary(rows, resources.get("nbgrader", {}))))
        return nb, resources


def summary(rows, grades: dict) -> str:
    """The feedback's first cell: score per question and what to fix, in Danish and English."""
    body = []
    for question, score, points, answer_error, message, written in rows:
        if written:
            fix = "Bedømt af din underviser · Graded by your teacher" + (
                f": {html.escape(written)}" if isinstance(written, str) else "")
        elif message is None:
            fix = "✓"
        else:
            fix = ""
            if answer_error and answer_error.split(":")[0] in ("KeyboardInterrupt", "CellTimeoutError"):
                fix += ("Dit svar kørte for længe og blev stoppet ved tidsgrænsen · Your answer ran too long "
                        "and was stopped at the time limit<br>")
            elif answer_error:
                fix += (f"Dit svar stoppede med en fejl · Your answer stopped with an error: "
                        f"<code>{html.escape(answer_error)}</code><br>")
            name, _, value = message.partition(": ")
            danish = in_danish(value) if name == "AssertionError" else None
            if danish:
                fix += f"{html.escape(danish)}<br>{html.escape(value)}"
            else:
                fix += f"Fejl · Error: {html.escape(message)}"
        body.append(f"<tr><td>{html.escape(question)}</td><td>{_points(score)} / {_points(points)}</td>"
                    f"<td>{fix}</td></tr>")
    late = grades.get("late_penalty") or 0
    total = (f"<p><b>I alt · Total: {_points(grades.get('score'))} / {_points(grades.get('max_score'))}</b>"
             if "score" in grades else "<p>")
    if late:
        total += (f" (heraf trukket for sen aflevering · including a late-submission penalty of "
                  f"−{_points(late)})")
    return (
        "## Din feedback · Your feedback\n\n"
        "<table class='oddk-feedback'>\n<tr><th>Spørgsmål · Question</th><th>Point · Points</th>"
        "<th>Hvad du kan rette · What to fix</th></tr>\n" + "\n".join(body) + "\n</table>\n\n"
        + total + "</p>\n\n"
        "Skjulte tests vises ikke; et tip siger, hvad de tjekkede. · "
        "Hidden tests are not shown; a hint says what they checked."
    )
