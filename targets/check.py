"""`scons check` for one target: run a binary over a corpus in a runner, print the
per-case lines and the closing `N passed, N failed`, and write the JUnit report."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TextIO

from targets.config import Target
from targets.corpus import discover, run_cases
from targets.errors import InfraError
from targets.results import CaseResult, SuiteResult, write_junit
from targets.runners.base import Runner

DEFAULT_TIMEOUT = 600.0  # seconds per case; the long corpus program under arm926 QEMU fits


def run_check(target: Target, binary: Path, corpus_dir: Path, runner: Runner,
              report_path: Path, timeout: float = DEFAULT_TIMEOUT,
              out: TextIO | None = None) -> SuiteResult:
    """Run every case of `corpus_dir` with `binary` under `runner`.

    A corpus problem (`CorpusError`) is the user's and propagates; an infrastructure
    failure is recorded in the result, and the cases it kept from running count as
    errors. The JUnit report is written in every case the corpus could be read.
    """
    stream = out or sys.stdout
    cases = discover(corpus_dir)
    suite = SuiteResult(
        name=f"{target.name}.{binary.name}",
        properties={"target": target.name, "runner": runner.description,
                    "binary": binary.name, "corpus": corpus_dir.name})
    print(f"check {target.name}: {len(cases)} cases of {corpus_dir} with {binary.name} "
          f"({runner.description})", file=stream, flush=True)
    started = time.monotonic()
    try:
        with runner.session(binary, [case.program for case in cases]) as session:
            for result in run_cases(session, cases, timeout, stream):
                suite.cases.append(result)
    except InfraError as err:
        suite.infra_error = str(err)
        print(f"INFRA ERROR  {err}", file=stream, flush=True)
        done = {result.name for result in suite.cases}
        suite.cases += [CaseResult(case.name, "error", 0.0, f"not run: {err}")
                        for case in cases if case.name not in done]
    write_junit([suite], report_path)
    print(f"{time.monotonic() - started:.1f}s; report: {report_path}", file=stream, flush=True)
    print(f"{suite.passed} passed, {suite.failed} failed", file=stream, flush=True)
    return suite
