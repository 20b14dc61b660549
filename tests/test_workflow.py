"""The GitHub Actions workflow that publishes the book: it cannot run here, so its shape is
checked instead. It builds with ``make html``, tests with ``make test``, and deploys
``_build/html`` (both editions) to GitHub Pages on every push to main, with the documented
actions only."""

from __future__ import annotations

import yaml

from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
DOCUMENTED_ACTIONS = {"actions/checkout", "actions/setup-python",
                      "actions/upload-pages-artifact", "actions/deploy-pages"}


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(job: str) -> list[dict]:
    return workflow()["jobs"][job]["steps"]


def test_it_runs_on_every_push_to_main():
    # PyYAML reads the key "on" as True (YAML 1.1).
    triggers = workflow()[True]
    assert triggers["push"]["branches"] == ["main"]


def test_it_builds_then_tests_then_uploads_the_site():
    commands = [step.get("run") or step.get("uses", "").split("@")[0]
                for step in steps("build")]
    assert commands.index("make html") < commands.index("make test") < commands.index(
        "actions/upload-pages-artifact")
    upload = next(s for s in steps("build") if s.get("uses", "").startswith(
        "actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_build/html"
    test = next(s for s in steps("build") if s.get("run") == "make test")
    assert test["env"]["CI"] == "true"  # the browser tests must run, not skip


def test_it_deploys_with_the_permissions_pages_needs():
    deploy = workflow()["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert workflow()["permissions"] == {"contents": "read"}


def test_it_uses_only_documented_actions_at_a_major_version():
    for job in workflow()["jobs"]:
        for step in steps(job):
            if "uses" in step:
                action, _, version = step["uses"].partition("@")
                assert action in DOCUMENTED_ACTIONS, action
                assert version.startswith("v") and version[1:].isdigit(), step["uses"]
