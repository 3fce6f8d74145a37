"""configs/ci.yaml: schema errors, expansion, exclusion rules and the --only filter."""

from __future__ import annotations

import pytest

from ci.junit import read_junit
from ci.matrix import DEFAULT_CI_CONFIG, Job, load_matrix, parse_only, select
from ci.run import JobResult, summary_table
from targets.errors import ConfigError, KilnError
from targets.results import CaseResult, SuiteResult, write_junit

pytestmark = pytest.mark.timeout(60)


def config_with(tmp_path, old: str, new: str):
    text = DEFAULT_CI_CONFIG.read_text()
    assert old in text
    path = tmp_path / "ci.yaml"
    path.write_text(text.replace(old, new))
    return path


def test_matrix_expands_targets_interpreters_jit():
    matrix = load_matrix()
    assert len(matrix.jobs) == len(matrix.targets) * len(matrix.interpreters) * 2
    on = [j for j in matrix.jobs if j.jit == "on"]
    assert all("no JIT backend" in j.excluded for j in on if j.target == "i686")
    assert any(j.excluded is None for j in on)
    assert all(j.excluded is None for j in matrix.jobs if j.jit == "off")
    assert len({j.id for j in matrix.jobs}) == len(matrix.jobs)


@pytest.mark.parametrize("old, new, message", [
    ('jit: ["off", "on"]', "jit: [off, on]", "key 'jit[0]' must be a str, got a bool"),
    ('jit: ["off", "on"]', 'jit: ["off", "fast"]', "'fast' is not allowed"),
    ("targets: [x86_64,", "targets: [vax,", "unknown target 'vax'"),
    ("interpreters: [bf, ember]", "interpreter: [bf]", "unknown key 'interpreter'"),
    ('  - jit: "on"\n    target: i686\n    reason', "  - reason",
     "needs at least one of target, interp, jit"),
])
def test_schema_errors(tmp_path, old, new, message):
    with pytest.raises(ConfigError) as err:
        load_matrix(config_with(tmp_path, old, new))
    assert message in str(err.value)


def test_only_filter():
    jobs = load_matrix().jobs
    picked = select(jobs, parse_only("target=arm64,target=armhf,jit=off,interp=bf"))
    assert [(j.target, j.jit) for j in picked] == [("aarch64", "off"), ("armhf", "off")]
    for spec, message in [("targ=armhf", "unknown key 'targ'"),
                          ("target", "is not KEY=VALUE"),
                          ("target=vax", "unknown target 'vax'"),
                          ("interp=lua", "interp=lua is not in the matrix"),
                          ("board=pi", "board=pi is not in the matrix")]:
        with pytest.raises(KilnError, match=message):
            select(jobs, parse_only(spec))


def test_junit_round_trip_through_the_shared_writer(tmp_path):
    suite = SuiteResult("armhf.bf", {"target": "armhf"}, [
        CaseResult("hello", "passed", 0.5),
        CaseResult("loop", "failed", 1.0, "stdout differs\nat byte 3"),
        CaseResult("gone", "error", 0.0, "not run")], infra_error="board dropped")
    write_junit([suite], tmp_path / "r.xml")
    [back] = read_junit(tmp_path / "r.xml")
    assert back == suite


def test_summary_table_never_counts_excluded_as_passed():
    suite = SuiteResult("s", {}, [CaseResult("a", "passed", 1.0)])
    results = [JobResult(Job("armhf", "bf", "off"), "passed", [suite], 3.0),
               JobResult(Job("armhf", "bf", "on", excluded="no JIT yet"), "excluded")]
    table = summary_table(results)
    assert "| armhf | bf | off | passed | 1/1 | 3.0s |" in table
    assert "| armhf | bf | on | excluded [1] | - | - |" in table
    assert "[1] excluded: no JIT yet" in table
    assert table.endswith("1 of 1 jobs passed, 1 excluded")
