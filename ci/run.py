"""`python -m ci run`: the CI matrix on this machine.

Each job is exactly what a user types, `scons target=T interp=I jit=J [board=B] check`,
in a build directory of its own (so that jobs can run side by side without sharing SCons'
signature database). The job's own check report is read back into the shared result
model and written again, with the matrix coordinates as properties, as
`build/ci/reports/<job>.xml`. The run ends with a Markdown table; its exit status is 0
only when every selected job ran and passed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence, TextIO

from ci.junit import read_junit
from ci.matrix import Job
from targets.config import REPO_ROOT
from targets.results import CaseResult, SuiteResult, write_atomic, write_junit

HEARTBEAT = 30.0   # seconds between "still running" lines


@dataclass
class JobResult:
    job: Job
    status: str                  # "passed" | "failed" | "infra error" | "timed out" | "excluded"
    suites: list[SuiteResult] = field(default_factory=list)
    duration: float = 0.0

    @property
    def cases(self) -> int:
        return sum(len(s.cases) for s in self.suites)

    @property
    def passed(self) -> int:
        return sum(s.passed for s in self.suites)


class MatrixRun:
    def __init__(self, root: Path, jobs: int, timeout: float, out: TextIO) -> None:
        self.root = root
        self.parallel = max(1, jobs)
        self.timeout = timeout
        self.out = out
        self._lock = threading.Lock()
        self._started: dict[str, float] = {}

    def say(self, line: str) -> None:
        with self._lock:
            print(line, file=self.out, flush=True)

    def run(self, jobs: Sequence[Job]) -> list[JobResult]:
        results: dict[Job, JobResult] = {j: JobResult(j, "excluded") for j in jobs
                                         if j.excluded}
        active = [j for j in jobs if not j.excluded]
        said: set[str] = set()
        for job in jobs:
            if job.excluded:
                reason = job.excluded if job.excluded not in said else "(as above)"
                said.add(job.excluded)
                self.say(f"[skip]  {job.label}: excluded: {reason}")
        done = 0
        with ThreadPoolExecutor(max_workers=self.parallel) as pool:
            pending: set[Future] = {pool.submit(self.run_job, job) for job in active}
            while pending:
                finished, pending = wait(pending, timeout=HEARTBEAT,
                                         return_when=FIRST_COMPLETED)
                for future in finished:
                    result = future.result()
                    results[result.job] = result
                    done += 1
                    self.say(f"[{done}/{len(active)}] {result.status.upper():<11} "
                             f"{result.job.label}: {result.passed}/{result.cases} cases, "
                             f"{result.duration:.1f}s")
                if pending and not finished:
                    now = time.monotonic()
                    with self._lock:
                        running = ", ".join(f"{label} ({now - t:.0f}s)"
                                            for label, t in self._started.items())
                    self.say(f"        still running: {running}")
        return [results[j] for j in jobs]

    def run_job(self, job: Job) -> JobResult:
        build_dir = self.root / "jobs" / job.id
        log = self.root / "logs" / f"{job.id}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        for old in build_dir.glob("*/reports/*.xml"):
            old.unlink()   # a stale report must not pass for this run's
        command = [sys.executable, "-m", "SCons", "-Q", *job.scons_args(build_dir)]
        self.say(f"[start] {job.label}: scons {' '.join(command[4:])} (log: {log})")
        started = time.monotonic()
        with self._lock:
            self._started[job.label] = started
        timed_out = False
        with open(log, "wb") as sink:
            proc = subprocess.Popen(command, cwd=REPO_ROOT, stdout=sink,
                                    stderr=subprocess.STDOUT, start_new_session=True)
            try:
                code = proc.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
                code = proc.wait()
        with self._lock:
            del self._started[job.label]
        duration = time.monotonic() - started
        suites = self._suites(job, build_dir, log, code, timed_out, duration)
        for suite in suites:
            suite.properties.update(target=job.target, interp=job.interp, jit=job.jit,
                                    job=job.id, **({"board": job.board} if job.board else {}))
        write_junit(suites, self.root / "reports" / f"{job.id}.xml")
        if timed_out:
            status = "timed out"
        elif any(s.infra_error for s in suites):
            status = "infra error"
        elif code == 0 and suites and all(s.ok for s in suites):
            status = "passed"
        else:
            status = "failed"
        return JobResult(job, status, suites, duration)

    def _suites(self, job: Job, build_dir: Path, log: Path, code: int, timed_out: bool,
                duration: float) -> list[SuiteResult]:
        reports = sorted(build_dir.glob(f"{job.target}/reports/*.xml"))
        suites = []
        for report in reports:
            try:
                suites += read_junit(report)
            except ValueError as err:
                suites.append(SuiteResult(job.id, {}, infra_error=str(err)))
        if suites and not timed_out:
            return suites
        # No check report: the build itself failed (or the job ran out of time).
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        what = f"timed out after {self.timeout:.0f}s" if timed_out else f"scons exited {code}"
        return [SuiteResult(job.id, {}, [CaseResult(
            "build", "failed", duration, f"{what} before the check finished; log {log}:\n"
            + "\n".join(tail))])]


def summary_table(results: Sequence[JobResult]) -> str:
    """The Markdown table: target x interpreter x jit, result, cases, time."""
    lines = ["| target | interpreter | jit | result | cases | time |",
             "|---|---|---|---|---|---|"]
    reasons: list[str] = []     # each exclusion reason once, as a numbered note
    for r in results:
        target = f"{r.job.target} (board {r.job.board})" if r.job.board else r.job.target
        if r.status == "excluded":
            if r.job.excluded not in reasons:
                reasons.append(r.job.excluded)
            note = reasons.index(r.job.excluded) + 1
            lines.append(f"| {target} | {r.job.interp} | {r.job.jit} | excluded [{note}] "
                         f"| - | - |")
        else:
            lines.append(f"| {target} | {r.job.interp} | {r.job.jit} | {r.status} | "
                         f"{r.passed}/{r.cases} | {r.duration:.1f}s |")
    ran = [r for r in results if r.status != "excluded"]
    passed = sum(r.status == "passed" for r in ran)
    lines.append("")
    lines += [f"[{i}] excluded: {reason}" for i, reason in enumerate(reasons, 1)]
    lines.append(f"{passed} of {len(ran)} jobs passed, "
                 f"{len(results) - len(ran)} excluded")
    return "\n".join(lines)


def finish(results: Sequence[JobResult], root: Path, out: TextIO) -> int:
    """Print and store the summary; the exit status of the whole run."""
    table = summary_table(results)
    print("\n" + table, file=out, flush=True)
    write_atomic(root / "summary.md", (table + "\n").encode())
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with open(step_summary, "a", encoding="utf-8") as handle:
            handle.write(table + "\n")
    ran = [r for r in results if r.status != "excluded"]
    if not ran:
        print("no job ran: every selected job is excluded (see the reasons above)",
              file=out, flush=True)
        return 1
    return 0 if all(r.status == "passed" for r in ran) else 1
