"""`oddk … | head`: a reader that leaves early ends every command quietly (issue 13, point 5).

No traceback, no "Exception ignored … BrokenPipeError" on stderr. A command cut off
mid-output exits 141 (128 + SIGPIPE); one that had finished before the pipe closed keeps
its own exit code. Each case runs with Python's default buffering (exact exit codes) and
with PYTHONUNBUFFERED=1, where every print is a write of its own: there a long write that
the closing pipe cuts short returns a short count, which Python's text layer does not
report, so whether the command notices (141) or finishes (its own code) depends on
whether it writes again.
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "datasets" / "bad"
TOILETS = ROOT / "datasets" / "facilities" / "aarhus-toiletter-synthetic.csv"
RECORD = ROOT / "notebooks" / "metadata" / "aarhus-toiletter.yaml"
ODDK = [sys.executable, "-m", "oddk.cli"]
CUT_OFF = 141
MODES = ["buffered", "unbuffered"]


def _env(mode: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if mode == "unbuffered":
        env["PYTHONUNBUFFERED"] = "1"
    return env


def _head_1(args, mode: str):
    """`oddk ARGS | head -1`: read stdout's first line, close the pipe, wait for the end."""
    proc = subprocess.Popen([*ODDK, *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=ROOT, env=_env(mode))
    first = proc.stdout.readline().decode("utf-8")
    proc.stdout.close()
    proc.stdout = None  # communicate() now only collects stderr
    _, err = proc.communicate(timeout=180)
    return proc.returncode, first, err.decode("utf-8", "replace")


def _closed(args, mode: str, stream: str = "stdout"):
    """`oddk ARGS` writing to a pipe whose reader left before it started (`| head -0` at its
    quickest): the first write to that stream breaks, however short the output."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, stream: write_end}
    try:
        done = subprocess.run([*ODDK, *map(str, args)], cwd=ROOT, env=_env(mode), timeout=180,
                              **pipes)
    finally:
        os.close(write_end)
    return done


def _assert_quiet(err: str) -> None:
    for word in ("Traceback", "BrokenPipeError", "Exception ignored"):
        assert word not in err, err


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """Inputs whose reports run to hundreds of KiB, far past the 64 KiB a pipe holds, so the
    pipe really breaks; if one ever fitted, its test would fail on the exit code (not 141)."""
    folder = tmp_path_factory.mktemp("pipes")
    wide = folder / "wide.csv"
    with wide.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow([f"kolonne {i:04d} " + "med et meget langt navn " * 6 for i in range(400)])
        for r in range(2):  # a formula in every other cell: a finding per column
            out.writerow([f"=A{r + 1}" if i % 2 else f"tekst {r}" for i in range(400)])
    record = yaml.safe_load(RECORD.read_text(encoding="utf-8"))
    for dist in record["distributions"]:
        dist["file"] = str((RECORD.parent / dist["file"]).resolve())
    record["description"] = " ".join(
        f"Linje {i}: kommunens offentlige toiletter med placering og åbningstider."
        for i in range(3000)
    )
    long_record = folder / "aarhus-toiletter-long.yaml"
    long_record.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    return {"wide": wide, "record": long_record}


LONG = [
    (["check", "{wide}"], "Readiness report", 1),
    (["check", "{wide}", "--json"], "{", 1),
    (["read", "{wide}", "--json"], "{", 0),
    (["describe", "{record}", "--to", "ttl"], "@prefix", 0),
    (["describe", "{record}", "--to", "jsonld"], "{", 0),
    (["describe", "{record}", "--to", "ckan"], "{", 0),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "args, first_line, own_code", LONG, ids=[" ".join(a[:1] + a[2:]) for a, *_ in LONG]
)
def test_a_long_report_into_head_stops_quietly(big, args, first_line, own_code, mode):
    args = [a.format(**big) for a in args]
    code, first, err = _head_1(args, mode)
    assert first.startswith(first_line), (first, err)
    _assert_quiet(err)
    if mode == "buffered":
        assert code == CUT_OFF, err
    else:
        assert code in (CUT_OFF, own_code), err


def _help_commands() -> list[list[str]]:
    from oddk.cli import build_parser

    def walk(parser, path):
        yield path
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    yield from walk(sub, [*path, name])

    return [[*path, "--help"] for path in walk(build_parser(), [])]


# Each prints under 4 KiB, less than Python's buffer for a pipe: with default buffering the
# command finishes before anything is written, so the broken pipe shows at the final flush
# and the command's own code stands; unbuffered, its first print breaks it off (141). Help
# keeps its 0 either way: argparse drops a failed write of the help text itself.
SHORT = [
    *[(args, 0) for args in _help_commands()],
    ([], 2),  # `oddk` alone: the help, and 2
    (["read", BAD / "personoplysninger-synthetic.csv"], 0),
    (["read", BAD / "personoplysninger-synthetic.csv", "--json"], 0),
    (["read", TOILETS], 0),
    (["check", BAD / "personoplysninger-synthetic.csv"], 1),
    (["check", BAD / "formler-synthetic.csv", "--json"], 1),
    (["check", TOILETS], 0),
    (["describe", RECORD, "--to", "ckan"], 0),
    (["standardise", TOILETS, "--suggest-only", "--out", "{tmp}/toiletter.mapping.yaml"], 0),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "args, code", SHORT,
    ids=[" ".join(Path(str(a)).name for a in args) or "oddk" for args, _ in SHORT],
)
def test_a_short_output_into_a_closed_pipe_stops_quietly(tmp_path, args, code, mode):
    done = _closed([str(a).format(tmp=tmp_path) for a in args], mode)
    _assert_quiet(done.stderr.decode("utf-8", "replace"))
    only_help = not args or "--help" in args
    assert done.returncode == (code if mode == "buffered" or only_help else CUT_OFF), done.stderr
    if "--suggest-only" in args and mode == "buffered":
        assert (tmp_path / "toiletter.mapping.yaml").is_file()  # it finished: the mapping is there


def test_an_error_message_into_a_closed_stderr_stops_quietly(tmp_path):
    done = _closed(["read", tmp_path / "findes-ikke.csv"], "buffered", stream="stderr")
    assert done.returncode == CUT_OFF  # not 1, Python's code for a traceback it could not show
    assert done.stdout == b""


def test_a_usage_error_into_a_closed_stderr_keeps_its_code():
    assert _closed(["read"], "buffered", stream="stderr").returncode == 2


@pytest.mark.skipif(not hasattr(signal, "SIGPIPE"), reason="no SIGPIPE on this platform")
def test_sigpipe_stays_ignored_for_the_portal():
    """SIG_DFL would let a client that closes its socket kill `oddk portal serve`."""
    probe = ("import signal, sys, oddk.cli; oddk.cli.main([]); "
             "sys.stderr.write(str(signal.getsignal(signal.SIGPIPE) == signal.SIG_IGN))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert done.stderr == "True"
