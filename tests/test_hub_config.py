"""The course hub's files, checked without starting it (the real hub runs in `make test-hub`):
the class list's errors, the pins, jupyterhub_config.py, the Kubernetes values, the feedback and the late penalty."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from traitlets.config import Config

from oddk import pins
from oddk.course_grading import HIDDEN_NOTE, LatePenalty, StudentFeedback, danish_hints, in_danish

ROOT = Path(__file__).resolve().parents[1]
HUB = ROOT / "course" / "hub"
K8S = HUB / "k8s"
sys.path.insert(0, str(HUB))
import accounts  # noqa: E402
import settings  # noqa: E402


def _class(tmp_path, text: str) -> Path:
    path = tmp_path / "class.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_class_list_gives_each_member_a_prefixed_account(tmp_path, monkeypatch):
    monkeypatch.setenv("ODDK_HUB_ACCOUNT_PREFIX", "oddk-")
    members = accounts.read_class(_class(tmp_path, "username,first_name,role\njensh,Jens,\nmettek,Mette,instructor\n"))
    assert [(m.account, m.role) for m in members] == [("oddk-jensh", "student"), ("oddk-mettek", "instructor")]
    assert accounts.read_class(HUB / "class.example.csv")


@pytest.mark.parametrize("text, words", [
    ("username\njensh\nJens Hansen\n", ["line 3", "'Jens Hansen'", "lower-case letters a-z and digits"]),
    ("username\njensh\nidan\njensh\n", ["line 4", "already on line 2"]),
    ("username,role\njensh,teacher\n", ["line 2", "'teacher'", "neither 'student' nor 'instructor'"]),
    ("name,email\njensh,j@x.dk\n", ["line 1", "'username'"]),
    ("username,phone\njensh,1234\n", ["line 1", "unknown column 'phone'"]),
    ("username\n", ["lists nobody"]),
    ("username\nroot\n", None),  # allowed: it becomes oddk-root, never root
])
def test_a_bad_class_list_says_which_line_and_what_to_write(tmp_path, text, words):
    path = _class(tmp_path, text)
    if words is None:
        assert accounts.read_class(path)[0].account.endswith("-root")
        return
    with pytest.raises(accounts.ClassListError) as error:
        accounts.read_class(path)
    for word in words:
        assert word in str(error.value)
    assert str(error.value).startswith("class.csv")


def test_only_class_accounts_can_be_removed():
    with pytest.raises(ValueError, match="not a class account"):
        accounts.remove_account("root")


def _hub_pins() -> dict[str, str]:
    lines = [line for line in (HUB / "requirements.txt").read_text().splitlines() if "==" in line]
    return {pins.normalise(line.split("==")[0]): line.split("==")[1].strip() for line in lines}


def test_the_hub_pins_jupyterhub_and_its_proxy_and_agrees_with_the_kits_pins():
    kit = pins.read_pins(ROOT / "requirements.txt")
    hub = _hub_pins()
    assert hub["jupyterhub"] == "6.1.1"
    assert not set(hub) & set(kit), "a package pinned in both files (requirements.txt is the one source)"
    names = [line.strip() for line in (HUB / "requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith(("#", "-")) and "==" not in line]
    assert names and all(pins.normalise(n) in kit for n in names), "unpinned names take the kit's pins"
    assert "-c ../../requirements.txt" in (HUB / "requirements.txt").read_text()
    package = json.loads((HUB / "package.json").read_text())
    lock = json.loads((HUB / "package-lock.json").read_text())
    assert package["dependencies"] == {"configurable-http-proxy": "5.3.0"}
    assert lock["packages"]["node_modules/configurable-http-proxy"]["version"] == "5.3.0"


def _hub_config(tmp_path, monkeypatch) -> Config:
    monkeypatch.setenv("ODDK_HUB_CLASS", str(_class(tmp_path, "username,role\nmettek,instructor\njensh,\nidan,\n")))
    monkeypatch.setenv("ODDK_HUB_ACCOUNT_PREFIX", "oddk-")
    monkeypatch.setenv("ODDK_HUB_PORT", "8000")
    monkeypatch.delenv("ODDK_HUB_ADMIN_TOKEN", raising=False)
    config = Config()
    source = (HUB / "jupyterhub_config.py").read_text()
    exec(compile(source, str(HUB / "jupyterhub_config.py"), "exec"),
         {"get_config": lambda: config, "__file__": str(HUB / "jupyterhub_config.py")})
    return config


def test_the_hub_config_lets_the_class_in_and_runs_the_formgrader_as_the_grader(tmp_path, monkeypatch):
    c = _hub_config(tmp_path, monkeypatch)
    assert c.Authenticator.allowed_users == {"oddk-mettek", "oddk-jensh", "oddk-idan"}
    assert c.JupyterHub.load_groups["formgrade-opendata-dk"]["users"] == ["oddk-mettek"]
    [service] = c.JupyterHub.services
    assert service["name"] == settings.COURSE_ID and service["user"] == "oddk-grader"
    assert service["environment"]["JUPYTERHUB_DEFAULT_URL"] == "/formgrader"
    assert c.Spawner.cmd == [str(settings.venv() / "bin" / "jupyterhub-singleuser")]
    assert [c.JupyterHub.port, c.JupyterHub.hub_port] == [8000, 8002]
    assert "api_token" not in json.dumps(c.JupyterHub.services), "no token in the config: made at start"


def _nbgrader_settings(path: Path) -> dict[str, str]:
    text = path.read_text()
    return {key: value for key, value in re.findall(r'c\.(CourseDirectory\.course_id|Exchange\.root)\s*=\s*'
                                                     r'(?:os\.environ\.get\([^,]+,\s*)?"([^"]+)"', text)}


def test_kubernetes_values_parse_and_agree_with_the_tested_hub():
    values = yaml.safe_load((K8S / "values.yaml").read_text())
    docs = {d["kind"]: d for d in yaml.safe_load_all((K8S / "formgrader.yaml").read_text())}
    single = values["singleuser"]
    files = single["extraFiles"]
    assert _nbgrader_settings(HUB / "nbgrader_config.py")["CourseDirectory.course_id"] == settings.COURSE_ID
    for text in (files["nbgrader-config"]["stringData"], docs["ConfigMap"]["data"]["nbgrader_config.py"]):
        assert f'c.CourseDirectory.course_id = "{settings.COURSE_ID}"' in text
        assert 'c.Exchange.root = "/srv/nbgrader/exchange"' in text
    assert single["storage"]["extraVolumeMounts"][0]["mountPath"] == "/srv/nbgrader/exchange" == single["extraEnv"][
        "ODDK_HUB_EXCHANGE"]
    claims = [d for d in yaml.safe_load_all((K8S / "formgrader.yaml").read_text())
              if d["kind"] == "PersistentVolumeClaim"]
    assert {c["metadata"]["name"]: c["spec"]["accessModes"] for c in claims}["nbgrader-exchange"] == ["ReadWriteMany"]
    assert single["storage"]["extraVolumes"][0]["persistentVolumeClaim"]["claimName"] == "nbgrader-exchange"
    # The formgrader: one service of the course's name, in a pod of the students' image.
    assert list(values["hub"]["services"]) == [settings.COURSE_ID]
    pod = docs["Deployment"]["spec"]["template"]["spec"]
    env = {e["name"]: e.get("value") for e in pod["containers"][0]["env"]}
    assert env["JUPYTERHUB_SERVICE_NAME"] == settings.COURSE_ID and env["JUPYTERHUB_DEFAULT_URL"] == "/formgrader"
    image = f"{single['image']['name']}:{single['image']['tag']}"
    assert pod["containers"][0]["image"] == image and pod["initContainers"][0]["image"] == image
    assert pod["securityContext"]["runAsUser"] != single["uid"], "the grader is not the students' uid"
    # The same scopes as the hub tested here, idle culling, limits for a class of 200.
    hub_scopes = re.search(r"server_token_scopes = \[(.*?)\]", (HUB / "jupyterhub_config.py").read_text(), re.S)
    tested = [s.replace("{COURSE}", settings.COURSE_ID) for s in re.findall(r'"([^"]+)"', hub_scopes.group(1))]
    assert values["hub"]["config"]["KubeSpawner"]["server_token_scopes"] == tested
    assert values["cull"]["enabled"] and values["cull"]["timeout"] <= 3600
    assert single["memory"]["limit"] and single["cpu"]["limit"]


def test_the_kubernetes_image_is_built_from_binder_with_the_kits_pins():
    script = (K8S / "build-image.sh").read_text()
    assert "repo2docker" in script and 'cd "$(dirname "$0")/../../.."' in script  # the repo root: binder/
    assert pins.read_pins(ROOT / "binder" / "requirements.txt")["nbgrader"] == \
        pins.read_pins(ROOT / "requirements.txt")["nbgrader"] == "0.9.6"
    assert "--version" in (K8S / "values.yaml").read_text(), "the chart's version is pinned in the command"


def _graded_notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("## Question 2 · Search like the portal (2 points)"),
        nbformat.v4.new_code_cell("def search(p, w):\n    return []",
                                  metadata={"nbgrader": {"solution": True, "grade": False, "grade_id": "q2a"}}),
        nbformat.v4.new_code_cell(
            'assert search([], "x") == []\n### BEGIN HIDDEN TESTS\nassert search(SECRET_CASES) == 3, '
            '"Hidden test: upper case too."\n### END HIDDEN TESTS\nprint("✓")',
            metadata={"nbgrader": {"grade": True, "solution": False, "grade_id": "q2t", "points": 2, "score": 0}},
            outputs=[nbformat.v4.new_output("error", ename="AssertionError", evalue="Hidden test: upper case too.",
                                            traceback=["----> 3 assert search(SECRET_CASES) == 3",
                                                       "AssertionError: Hidden test: upper case too."])]),
    ]
    return nb


def test_feedback_drops_hidden_tests_and_their_traceback_and_keeps_the_hint():
    nb, _ = StudentFeedback().preprocess(_graded_notebook(), {"nbgrader": {"score": 0, "max_score": 2,
                                                                           "late_penalty": 0}})
    test = nb.cells[3]
    assert "SECRET_CASES" not in test.source and HIDDEN_NOTE in test.source
    assert "assert search([], \"x\") == []" in test.source, "the visible test stays"
    assert test.outputs[0]["traceback"] == ["AssertionError: Hidden test: upper case too."]
    summary = nb.cells[0].source
    assert "SECRET_CASES" not in summary
    assert "Spørgsmål 2 · Question 2 · Search like the portal (2 points)</td><td>0 / 2" in summary
    assert "Fejl · Error: AssertionError: Hidden test: upper case too." in summary, "no Danish: as it is"
    assert "Spørgsmål · Question" in summary and "I alt · Total: 0 / 2" in summary


@pytest.mark.parametrize("seconds, penalty", [(0, 0), (1, 0.8), (86400, 0.8), (86401, 1.6), (86400 * 30, 8)])
def test_late_penalty_is_ten_percent_of_the_score_per_started_day(seconds, penalty):
    assert LatePenalty().late_submission_penalty("s", 8, seconds) == pytest.approx(penalty)


def _hints_in_the_course() -> list[str]:
    import ast

    hints = []
    for path in sorted((ROOT / "course" / "source").glob("*/*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
                for node in ast.walk(ast.parse(cell.source)):
                    if isinstance(node, ast.Assert) and node.msg is not None:
                        hints.append(node.msg.value if isinstance(node.msg, ast.Constant)
                                     else ast.get_source_segment(cell.source, node.msg)[2:-1])
    return hints


def test_every_hint_in_the_course_has_its_danish_with_the_same_values():
    table, hints = danish_hints(), _hints_in_the_course()
    missing = [h for h in hints if h not in table]
    assert not missing, f"course/hints-da.yaml lacks the Danish of: {missing[:3]}"
    for english, danish in table.items():
        assert sorted(re.findall(r"\{[^{}]*\}", english)) == sorted(re.findall(r"\{[^{}]*\}", danish)), english
        assert danish.startswith(("Tip: ", "Skjult test: ")), danish
    assert not set(table) - set(hints), "a Danish hint for a test that is gone"


def test_a_failed_tests_message_is_found_in_danish_with_its_values_filled_in():
    assert in_danish("Hint: sort from most to fewest datasets.") == "Tip: sortér fra flest til færrest datasæt."
    assert in_danish("Hidden test: search(packages, 'TOILET') should find every dataset with the word in its "
                     "title or description, in any case.").startswith("Skjult test: search(packages, 'TOILET') skal")
    assert in_danish("Hint: one CircleMarker per counting point (12); found 3.") == \
        "Tip: én CircleMarker pr. tællepunkt (12); fandt 3."
    assert in_danish("something no test says") is None
