"""Keeping stored notebooks clean: the hygiene rules, `oddk tidy` and `oddk golden`.

Stored notebooks hold no outputs, execution counts or widget state, except
golden cells (marked `# NBVAL_CHECK_OUTPUT`), which keep their output and count
so that nbval can check them on every test run.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import nbformat

GOLDEN_MARK = "# NBVAL_CHECK_OUTPUT"


def is_golden(cell) -> bool:
    return cell.cell_type == "code" and GOLDEN_MARK in cell.source


def hygiene_problems(path: Path) -> list[str]:
    """Everything that breaks the kit's rules for a stored notebook, in plain words."""
    try:
        nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    except Exception as err:  # not JSON, not a notebook …
        return [f"cannot be read as a notebook: {err}"]
    problems = []
    if nb.nbformat != 4:
        problems.append(f"is nbformat {nb.nbformat}; the kit stores nbformat 4")
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as err:
        problems.append(f"is not a valid notebook: {err.message}")
    if nb.metadata.get("kernelspec", {}).get("name") != "python3":
        problems.append("kernelspec should be python3")
    if "widgets" in nb.metadata:
        problems.append("holds widget state (metadata.widgets): run `oddk tidy`")
    code = [c for c in nb.cells if c.cell_type == "code"]
    if not code or "parameters" not in code[0].metadata.get("tags", []):
        problems.append("its first code cell should be tagged `parameters`")
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        if is_golden(cell):
            if cell.execution_count is None or not cell.outputs:
                problems.append(
                    f"golden cell {number} has no stored output or execution count: run `oddk golden`"
                )
        elif cell.outputs or cell.execution_count is not None:
            problems.append(f"cell {number} holds outputs or an execution count: run `oddk tidy`")
    return problems


#: A navigation line as `nav_line` writes it (and the placeholder `{NAV}`): only such lines
#: are replaced, never prose that happens to start with an arrow.
_NAV = re.compile(r"^(?:← \[[^\]]+\]\([^)]+\) · )?\[(?:contents|indhold|English version)\]"
                  r"\([^)]+\)(?: · .*| →)?$|^\{NAV\}$")


def set_nav(nb, line: str) -> None:
    """The navigation line under the title of the first markdown cell and at the end of the
    last one, replacing any there (hand-written ones and `{NAV}` placeholders)."""
    cells = [c for c in nb.cells if c.cell_type == "markdown"]
    if not cells:
        return
    first, last = cells[0], cells[-1]
    lines = [x for x in first.source.split("\n") if not _NAV.match(x)]
    at = next((i for i, x in enumerate(lines) if x.startswith("# ")), 0)  # under the title
    head, rest = "\n".join(lines[:at + 1]).strip("\n"), "\n".join(lines[at + 1:]).strip("\n")
    first.source = f"{head}\n\n{line}" + (f"\n\n{rest}" if rest else "")
    if last is not first:
        kept = "\n".join(x for x in last.source.split("\n") if not _NAV.match(x))
        last.source = re.sub(r"\n{3,}", "\n\n", kept).rstrip() + f"\n\n{line}"


def tidy(nb, path=None) -> bool:
    """Strip outputs, counts and run metadata in place (golden cells keep theirs), and what
    JupyterLab adds on save (language_info's details, `trusted`, empty tags), so that a
    saved notebook's diff shows only what was edited; for a notebook under notebooks/
    (`path`), write its navigation line from the learning path. True if changed."""
    before = nbformat.writes(nb)
    if path is not None:
        from oddk.contents import nav_line

        line = nav_line(path)
        if line:
            set_nav(nb, line)
    for key in ("widgets", "papermill", "toc", "vscode", "toc-autonumbering"):
        nb.metadata.pop(key, None)
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    # JupyterLab fills language_info in on every save (version, lexer, codemirror mode …)
    nb.metadata["language_info"] = {"name": "python"}
    for cell in nb.cells:
        for key in ("papermill", "execution", "collapsed", "scrolled", "trusted",
                    "jp-MarkdownHeadingCollapsed"):
            cell.metadata.pop(key, None)
        if cell.metadata.get("tags") == []:
            del cell.metadata["tags"]
        if cell.cell_type == "code" and not is_golden(cell):
            cell.outputs = []
            cell.execution_count = None
    return nbformat.writes(nb) != before


def main_tidy(paths: list[str], check: bool = False) -> int:
    targets = _targets(paths)
    untidy = []
    for path in targets:
        nb = nbformat.read(path, as_version=4)
        if tidy(nb, path):
            untidy.append(path)
            if not check:
                nbformat.write(nb, path)
    verb = "needs tidying" if check else "tidied"
    for path in untidy:
        print(f"{verb}: {path}")
    if not untidy:
        print(f"All {len(targets)} notebooks are tidy.")
    return 1 if (check and untidy) else 0


def refresh_golden(path: Path, root: Path) -> int:
    """Run the notebook on its defaults and store the outputs of its golden cells.
    Returns how many golden cells were refreshed."""
    from oddk.execute import execute
    from oddk.runs import Run

    stored = nbformat.read(path, as_version=4)
    golden = [c for c in stored.cells if is_golden(c)]
    if not golden:
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        run = Run(notebook=path.relative_to(root).as_posix(), name="golden")
        result = execute(run, root, Path(tmp) / path.name, env={"ODDK_OUTPUT": tmp})
        executed = nbformat.read(result.output, as_version=4)
    fresh = [c for c in executed.cells if is_golden(c)]
    if len(fresh) != len(golden):
        raise RuntimeError(
            f"{path}: the executed copy has {len(fresh)} golden cells, the stored one {len(golden)}."
        )
    for old, new in zip(golden, fresh, strict=True):
        old.outputs = new.outputs
        old.execution_count = new.execution_count
    tidy(stored)
    nbformat.write(stored, path)
    return len(golden)


def main_golden(paths: list[str]) -> int:
    from oddk.execute import NotebookFailed
    from oddk.paths import kit_root

    root = kit_root()
    try:
        targets = _targets(paths)
    except UnknownNotebook as err:
        print(f"✗ {err}", file=sys.stderr)
        return 2
    for path in targets:
        try:
            count = refresh_golden(path.resolve(), root)
        except NotebookFailed as err:
            print(f"✗ {err}", file=sys.stderr)
            return 1
        if count:
            print(f"refreshed {count} golden cell(s) in {path}")
    return 0


class UnknownNotebook(ValueError):
    """A name that is none of the kit's notebooks, or more than one."""


def find_notebook(name: str, root: Path | None = None) -> str:
    """The kit's notebook a reader means ('03-clean', '03-clean.ipynb', 'da/00-start-here',
    'notebooks/03-clean.ipynb'), as a path from the kit's root; the learning path's own
    notebook wins over a translation of the same name.

        >>> find_notebook("03-clean")
        'notebooks/03-clean.ipynb'
    """
    from oddk.paths import kit_root
    from oddk.runs import discover_notebooks

    root = root or kit_root()
    known = discover_notebooks(root)
    want = name.strip().removeprefix("./").removesuffix(".ipynb") + ".ipynb"
    for candidate in (want, f"notebooks/{want}"):
        if candidate in known:
            return candidate
    found = [nb for nb in known if nb.endswith("/" + want)]
    if len(found) == 1:
        return found[0]
    if found:
        raise UnknownNotebook(f"'{name}' could mean {', '.join(found)}: give one of those.")
    raise UnknownNotebook(f"No notebook called '{name}' in the kit. Its notebooks are, e.g.: "
                          f"{', '.join(known[:6])} …")


def _targets(paths: list[str]) -> list[Path]:
    if paths:
        from oddk.paths import kit_root

        root = kit_root()
        return [Path(p) if Path(p).is_file() else root / find_notebook(p, root) for p in paths]
    from oddk.paths import kit_root
    from oddk.runs import discover_notebooks

    root = kit_root()
    return [root / nb for nb in discover_notebooks(root)]


# --------------------------------------------------------------------------- anatomy

_WORDS = {
    "learn": r"\*\*(You will learn|Du lærer)",
    "time": r"\*\*(Time|Tid)\*\*",
    "before": r"\*\*(Before this|Før dette)\*\*(?P<before>.*?)(?: · \*\*|\n|$)",
    "try": r"\*\*(Try it|Prøv selv)\*\*",
    "solution": r"<summary>(Solution|Løsning)",
    "key": r"^## (Key points|Det vigtigste)",
    "next": r"^## (Next|Næste)",
}


MAX_CELL_LINES = 25


def _helpers(source: str) -> list[tuple[str, int]]:
    """(name, lines of its body) of every function a code cell defines at its top level."""
    found, lines = [], source.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"def (\w+)\(", line)
        if m:
            body = 0
            for nxt in lines[i + 1:]:
                if nxt.strip() and not nxt.startswith((" ", "\t")):
                    break
                body += bool(nxt.strip())
            found.append((m.group(1), body))
    return found


def _concepts(before: str) -> list[str]:
    """The words of a 'Before this' that are not a notebook's name or a link: the concepts."""
    text = re.sub(r"\[[^\]]*\]\([^)]*\)", " ", before)  # links
    text = re.sub(r"`[^`]*`", " ", text)  # code: notebook paths
    text = re.sub(r"\(the \*\w+\* lesson[^)]*\)", " ", text)
    text = re.sub(r"\b\d\d · [A-ZÆØÅ][\w ]*?(?=[,;:(]|$| and | og )", " ", text)  # "04 · Standardise"
    text = re.sub(r"\bA\d\b", " ", text)  # course assignments
    return [w for w in re.findall(r"[A-Za-zÆØÅæøå]{3,}", text)
            if w.lower() not in {"and", "the", "lesson", "og"}]


def anatomy_problems(path: Path, nb=None) -> list[str]:
    """What a lesson lacks of the kit's anatomy (STYLE.md): a title; 'You will learn', 'Time'
    and 'Before this' naming the concepts it builds on (not only a notebook); a parameters
    cell; numbered sections (`## 1.` … or, in the course, `## Question 1`); a 'Try it' with a
    solution (the course: questions with their solutions); 'Key points'; 'Next'; and under
    notebooks/, the navigation line `oddk tidy` writes, at the top and the bottom. `nb`: the
    notebook as read (default: read from `path`)."""
    path = Path(path)
    nb = nb if nb is not None else nbformat.read(path, as_version=4)
    md = [c.source for c in nb.cells if c.cell_type == "markdown"]
    first, text = (md[0] if md else ""), "\n".join(md)
    from oddk.paths import kit_root

    try:
        course = path.resolve().relative_to(kit_root().resolve()).parts[0] == "course"
    except ValueError:  # a notebook outside the kit: judged as a lesson
        course = False
    out = []
    if not first.startswith("# "):
        out.append("its first cell should be the title ('# …')")
    for key, what in (("learn", "'You will learn'"), ("time", "'Time'")):
        if not re.search(_WORDS[key], first):
            out.append(f"its first cell lacks {what}")
    m = re.search(_WORDS["before"], first)
    if not m:
        out.append("its first cell lacks 'Before this'")
    elif not re.match(r"\s*(nothing|intet)\b", m.group("before")) and \
            len(_concepts(m.group("before"))) < 3:
        out.append("'Before this' names only notebooks: say which concepts it builds on")
    code = [c for c in nb.cells if c.cell_type == "code"]
    if not code or "parameters" not in code[0].metadata.get("tags", []):
        out.append("its first code cell should be tagged `parameters`")
    pattern = r"^## (?:Question )?(\d+)(?:\.| ·)" if course else r"^## (\d+)\. "
    numbers = [int(n) for n in re.findall(pattern, text, re.M)]
    start = numbers[0] if numbers and numbers[0] in (0, 1) else 1
    if len(numbers) < 2 or numbers != list(range(start, start + len(numbers))):
        out.append(f"its sections should be numbered 1, 2, 3 … (found {numbers or 'none'})")
    if course:
        if not any("BEGIN SOLUTION" in c.source for c in code):
            out.append("it has no question with a solution")
    else:
        if not re.search(_WORDS["try"], text):
            out.append("it has no 'Try it'")
        if not re.search(_WORDS["solution"], text):
            out.append("its 'Try it' has no solution (<details><summary>Solution</summary>)")
    for key, what in (("key", "'## Key points'"), ("next", "'## Next'")):
        if not re.search(_WORDS[key], text, re.M):
            out.append(f"it lacks {what}")
    if not course:  # a lesson's reader never scrolls a code cell nor reads a helper's body
        for number, cell in enumerate(nb.cells, start=1):
            if cell.cell_type != "code":
                continue
            lines = cell.source.splitlines()
            if len(lines) > MAX_CELL_LINES:
                out.append(f"cell {number} has {len(lines)} lines (at most {MAX_CELL_LINES}): "
                           "move the work into the library")
            for name, body in _helpers(cell.source):
                if body >= 3:
                    out.append(f"cell {number} defines {name}() ({body} lines): move it into "
                               "the library")
    from oddk.contents import nav_line

    line = nav_line(path)
    if line and md and (line not in first.split("\n") or line not in md[-1].split("\n")):
        out.append("its navigation line (top and bottom) is missing or stale: run `oddk tidy`")
    return out


def main_test_notebook(name: str) -> int:
    """`oddk test-notebook NAME`: one notebook's declared runs (papermill) and its golden
    cells (nbval), as the full test run checks them; returns pytest's exit code."""
    import subprocess

    from oddk.paths import kit_root
    from oddk.runs import load_runs

    root = kit_root()
    try:
        nb = find_notebook(name, root)
    except UnknownNotebook as err:
        print(f"✗ {err}", file=sys.stderr)
        return 2
    tests = [f"tests/test_notebooks.py::test_notebook_run[{run.id}]"
             for run in load_runs(root).get(nb, [])]
    if GOLDEN_MARK in (root / nb).read_text(encoding="utf-8"):
        tests.append(nb)  # nbval: the golden cells
    print(f"{nb}: {len(tests) - (nb in tests)} declared run(s)"
          + (" and its golden cells" if nb in tests else ""), flush=True)
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:xdist", "-q", *tests],
                          cwd=root).returncode
