"""The `python -m ci` command line: `generate` the pipelines, or `run` the matrix here."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

from ci.generate import generate, stale
from ci.matrix import DEFAULT_CI_CONFIG, Matrix, load_matrix, parse_only, select
from ci.run import MatrixRun, finish
from targets.config import REPO_ROOT
from targets.errors import KilnError


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ci",
        description="Kiln's CI matrix (configs/ci.yaml): targets x interpreters x jit, "
                    "plus boards.")
    parser.add_argument("--config", type=Path, default=DEFAULT_CI_CONFIG,
                        help="the matrix file (default: configs/ci.yaml)")
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser(
        "generate", help="write .github/workflows/kiln.yml and .gitlab-ci.yml")
    gen.add_argument("--check", action="store_true",
                     help="write nothing; exit 1 if the committed files are stale")
    run = commands.add_parser(
        "run", help="run the matrix on this machine (each job: scons ... check)")
    run.add_argument("-j", "--jobs", type=int, default=1,
                     help="jobs run at once (default: %(default)s)")
    run.add_argument("--only", metavar="KEY=VALUE,...",
                     help="keep jobs matching every key (target, interp, jit, board); "
                          "repeat a key for alternatives: target=armhf,target=aarch64")
    run.add_argument("--timeout", type=float, default=3600.0,
                     help="seconds allowed per job (default: %(default)s)")
    run.add_argument("--out", type=Path, default=REPO_ROOT / "build" / "ci",
                     help="reports, logs and build trees (default: build/ci)")
    options = parser.parse_args(argv)
    try:
        matrix = load_matrix(options.config)
        if options.command == "generate":
            return _generate(matrix, options.check)
        jobs = select(matrix.jobs, parse_only(options.only))
        root = options.out if options.out.is_absolute() else Path(os.getcwd()) / options.out
        print(f"ci: {len(jobs)} jobs ({sum(not j.excluded for j in jobs)} to run), "
              f"{options.jobs} at a time; reports in {root / 'reports'}", flush=True)
        results = MatrixRun(root, options.jobs, options.timeout, sys.stdout).run(jobs)
        return finish(results, root, sys.stdout)
    except KilnError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


def _generate(matrix: Matrix, check: bool) -> int:
    if check:
        outdated = stale(matrix)
        for path in outdated:
            print(f"stale: {path.relative_to(REPO_ROOT)} (run: python -m ci generate)",
                  file=sys.stderr)
        return 1 if outdated else 0
    changed = generate(matrix)
    for path in changed:
        print(f"wrote {path.relative_to(REPO_ROOT)}")
    if not changed:
        print("pipelines are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
