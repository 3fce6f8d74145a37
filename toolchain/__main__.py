"""`python -m toolchain translate MODULE.py --target T -o DIR`: the translator's CLI."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from targets.config import load_targets, resolve_target
from targets.errors import KilnError
from toolchain.driver import translate


def main(argv: list[str] | None = None) -> int:
    names = ", ".join(load_targets())
    parser = argparse.ArgumentParser(
        prog="python -m toolchain",
        description="Kiln's translator: turns an interpreter written in the Python "
                    "subset into C for one target.")
    commands = parser.add_subparsers(dest="command", required=True)
    tr = commands.add_parser(
        "translate", help="translate MODULE.py to C",
        description="Import MODULE.py, build flow graphs from its entry point, infer "
                    "types for the target's word size, and write one C file plus the "
                    "Kiln C runtime into the output directory (replaced atomically).")
    tr.add_argument("module", type=Path, help="the interpreter module (a .py file)")
    tr.add_argument("--target", "-t", default="x86_64",
                    help=f"target name or alias (default x86_64; one of: {names})")
    tr.add_argument("-o", "--output", type=Path, required=True,
                    help="output directory for the generated C")
    tr.add_argument("--entry", default="entry_point",
                    help="entry function taking argv and returning an int "
                         "(default entry_point)")
    tr.add_argument("--jit", action="store_true",
                    help="weave in the meta-tracing JIT (the target needs a JIT backend)")
    args = parser.parse_args(argv)
    try:
        target = resolve_target(args.target)
        translation = translate(args.module, target, args.output, entry=args.entry,
                                log=lambda message: print(message, flush=True),
                                jit=args.jit)
    except KilnError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for source in translation.c_sources:
        print(source)
    return 0


if __name__ == "__main__":
    sys.exit(main())
