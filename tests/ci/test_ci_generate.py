"""The committed pipelines: fresh (a stale file fails here), and structurally right."""

from __future__ import annotations

import itertools

import pytest
import yaml

from ci.generate import GITHUB_PATH, GITLAB_PATH, github_workflow, gitlab_pipeline, stale
from ci.matrix import DEFAULT_CI_CONFIG, load_matrix, parse_only, select
from targets.config import load_targets

pytestmark = pytest.mark.timeout(60)


def test_committed_pipelines_are_not_stale():
    outdated = stale(load_matrix())
    assert outdated == [], (f"{[str(p) for p in outdated]} differ from configs/ci.yaml; "
                            "run: python -m ci generate")


def test_staleness_is_detected(tmp_path):
    config = tmp_path / "ci.yaml"
    text = DEFAULT_CI_CONFIG.read_text()
    config.write_text(text.replace("targets: [x86_64, i686,", "targets: [i686,"))
    assert set(stale(load_matrix(config))) == {GITHUB_PATH, GITLAB_PATH}


def _github_jobs(document: dict) -> list[dict[str, str]]:
    """Expand strategy.matrix the way GitHub does: the product, minus partial excludes."""
    matrix = dict(document["jobs"]["matrix"]["strategy"]["matrix"])
    excludes = matrix.pop("exclude", [])
    keys = list(matrix)
    combos = [dict(zip(keys, values)) for values in itertools.product(*matrix.values())]
    return [c for c in combos
            if not any(all(c[k] == v for k, v in rule.items()) for rule in excludes)]


def test_github_workflow_structure():
    document = yaml.safe_load(GITHUB_PATH.read_text())
    matrix = load_matrix()
    assert set(document["on"]) >= {"push", "pull_request"}
    job = document["jobs"]["matrix"]
    assert job["strategy"]["fail-fast"] is False
    assert job["strategy"]["matrix"]["target"] == list(load_targets())
    expanded = _github_jobs(document)
    assert sorted((j["target"], j["interp"], j["jit"]) for j in expanded) == sorted(
        (j.target, j.interp, j.jit) for j in matrix.active if not j.board)
    # jit=on only where the target has a JIT backend
    with_backend = {t.name for t in load_targets().values() if t.jit_backend}
    assert all(j["target"] in with_backend for j in expanded if j["jit"] == "on")
    steps = job["steps"]
    run = [s["run"] for s in steps if "ci run" in s.get("run", "")]
    assert run == [".venv/bin/python -m ci run --only target=${{ matrix.target }},"
                   "interp=${{ matrix.interp }},jit=${{ matrix.jit }}"]
    upload = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact")]
    assert len(upload) == 1 and upload[0]["if"] == "always()"
    assert "build/ci/reports/" in upload[0]["with"]["path"]
    assert "${{ matrix.target }}" in upload[0]["with"]["name"]
    assert "Excluded: target=i686, jit=on" in GITHUB_PATH.read_text()


def test_gitlab_pipeline_structure():
    document = yaml.safe_load(GITLAB_PATH.read_text())
    matrix = load_matrix()
    job = document["kiln"]
    assert job["stage"] in document["stages"]
    combos = {(t, i, j) for entry in job["parallel"]["matrix"]
              for t, i, j in itertools.product(entry["TARGET"], entry["INTERP"], entry["JIT"])}
    assert combos == {(j.target, j.interp, j.jit) for j in matrix.active if not j.board}
    assert job["artifacts"]["reports"]["junit"] == "build/ci/reports/*.xml"
    assert job["artifacts"]["when"] == "always"
    assert any("ci run --only target=$TARGET,interp=$INTERP,jit=$JIT" in line
               for line in job["script"])


def test_each_generated_job_selects_exactly_one_matrix_job():
    matrix = load_matrix()
    for job in matrix.active:
        only = f"target={job.target},interp={job.interp},jit={job.jit}"
        assert select(matrix.jobs, parse_only(only)) == [job]


def test_board_jobs_are_generated_for_a_lab_runner(tmp_path, monkeypatch):
    inventory = tmp_path / "boards"
    inventory.mkdir()
    (inventory / "rpi4.yaml").write_text(yaml.safe_dump({
        "name": "rpi4", "target": "aarch64", "host": "rpi4.lab", "user": "kiln",
        "key_file": "k", "host_key_fingerprint": "SHA256:x"}))
    monkeypatch.setenv("KILN_BOARDS", str(inventory))
    config = tmp_path / "ci.yaml"
    config.write_text(DEFAULT_CI_CONFIG.read_text().replace(
        "boards: []", "boards: [{board: rpi4, interpreters: [bf]}]"))
    matrix = load_matrix(config)
    github = yaml.safe_load(github_workflow(matrix))
    boards = github["jobs"]["boards"]
    assert boards["runs-on"] == ["self-hosted", "kiln-lab"]
    assert boards["strategy"]["matrix"]["include"] == [
        {"board": "rpi4", "target": "aarch64", "interp": "bf"}]
    gitlab = yaml.safe_load(gitlab_pipeline(matrix))
    assert gitlab["kiln-boards"]["tags"] == ["kiln-lab"]
    assert gitlab["kiln-boards"]["parallel"]["matrix"] == [
        {"BOARD": ["rpi4"], "INTERP": ["bf"]}]
    assert [j.id for j in matrix.jobs if j.board] == ["board-rpi4-aarch64-bf-jit-off"]
