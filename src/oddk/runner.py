"""`oddk run`: the kit's main job.

Executes every notebook on its default (offline, embedded) parameters, writes
the executed copies to build/notebooks/ and an HTML site to build/site/.
"""

from __future__ import annotations

import sys
from pathlib import Path

from oddk import runs as runs_mod
from oddk.execute import NotebookFailed, RunResult, execute


def main_run(selected: list[str], root: str | None = None, build: str | None = None) -> int:
    from oddk.paths import kit_root

    kit = Path(root).resolve() if root else kit_root()
    build_dir = Path(build).resolve() if build else kit / "build"
    try:
        declared = runs_mod.load_runs(kit)
    except runs_mod.RunsFileError as err:
        print(f"Cannot run the kit: {err}", file=sys.stderr)
        return 2
    notebooks = runs_mod.discover_notebooks(kit)
    notebooks = [nb for nb in notebooks if nb.startswith("notebooks/")]
    if selected:
        wanted = {Path(s).resolve() for s in selected}
        notebooks = [nb for nb in notebooks if (kit / nb).resolve() in wanted]
        if not notebooks:
            print(f"None of {selected} is a notebook under {kit / 'notebooks'}.", file=sys.stderr)
            return 2

    results: list[RunResult] = []
    failures: list[str] = []
    pages = []
    for nb in notebooks:
        if nb not in declared:
            failures.append(f"{nb} has no declared run in {runs_mod.RUNS_FILE}.")
            continue
        run = runs_mod.default_run(declared[nb])
        out = build_dir / nb
        print(f"running {nb} …", flush=True)
        try:
            result = execute(run, kit, out, env={"ODDK_OUTPUT": str(build_dir / "output")})
            results.append(result)
            pages.append((nb, out, "ok"))
        except NotebookFailed as err:
            failures.append(str(err))
            if out.exists():
                pages.append((nb, out, "failed"))

    from oddk.site import build_site

    index = build_site(kit, pages, build_dir / "site")
    print_timings(results)
    print(f"\nThe guidelines, executed: open {index}")
    if failures:
        print(f"\n{len(failures)} notebook(s) failed:", file=sys.stderr)
        for failure in failures:
            print(f"  ✗ {failure}", file=sys.stderr)
        return 1
    print(f"All {len(results)} notebooks ran.")
    return 0


def print_timings(results: list[RunResult], out=None) -> None:
    """A small table of how long each run took, slowest first."""
    if not results:
        return
    out = out or sys.stdout
    print("\nExecution time per notebook run:", file=out)
    for r in sorted(results, key=lambda r: -r.seconds):
        print(f"  {r.seconds:6.1f} s  {r.run.notebook} [{r.run.name}]", file=out)
    print(f"  {sum(r.seconds for r in results):6.1f} s  in all", file=out)


def main_site(root: str | None = None, build: str | None = None) -> int:
    """Rebuild build/site/ from the notebooks executed by the last `oddk run`."""
    from oddk.paths import kit_root
    from oddk.site import build_site

    kit = Path(root).resolve() if root else kit_root()
    build_dir = Path(build).resolve() if build else kit / "build"
    executed = sorted((build_dir / "notebooks").rglob("*.ipynb"))
    if not executed:
        print(
            "No executed notebooks in build/notebooks: run `make run` (or `oddk run`) first.",
            file=sys.stderr,
        )
        return 2
    pages = [(p.relative_to(build_dir).as_posix(), p, "ok") for p in executed]
    index = build_site(kit, pages, build_dir / "site")
    print(f"The guidelines site: open {index}")
    return 0
