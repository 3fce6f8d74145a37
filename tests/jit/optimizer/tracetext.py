"""Test helper: builds a trace from the text `format_trace` prints, so that a test reads
as input trace and expected optimized trace side by side."""

from __future__ import annotations

import re

from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (
    AbstractDescr, AbstractValue, ConstFloat, ConstInt, ConstPtr, InputArg, ResOperation,
    format_trace,
)
from jit.optimizer.optimizer import optimize_trace

KINDS = {"i": rop.INT, "r": rop.REF, "f": rop.FLOAT}
LINE = re.compile(r"^(?:(\w+) = )?(\w+)\((.*?)\)(?: \[(.*)\])?$")


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def parse_trace(text: str, descrs: dict[str, AbstractDescr] | None = None
                ) -> tuple[list[InputArg], list[ResOperation]]:
    descrs = descrs or {}
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    names: dict[str, AbstractValue] = {}
    inputargs = []
    for i, name in enumerate(_split(lines[0].strip("[]"))):
        arg = InputArg(KINDS[name[0]], i)
        names[name] = arg
        inputargs.append(arg)

    def value(token: str) -> AbstractValue:
        if token in names:
            return names[token]
        match = re.fullmatch(r"ConstPtr\((-?\d+)\)", token)
        if match:
            return ConstPtr(int(match.group(1)))
        if re.fullmatch(r"-?\d+", token):
            return ConstInt(int(token))
        return ConstFloat(float(token))

    operations = []
    for line in lines[1:]:
        match = LINE.match(line)
        assert match, line
        result, opname, args_text, fail_text = match.groups()
        args, descr = [], None
        for token in _split(args_text):
            if token.startswith("descr="):
                descr = descrs[token[len("descr="):]]
            else:
                args.append(value(token))
        op = ResOperation(rop.OPNAMES.index(opname), args, descr)
        if fail_text is not None:
            op.fail_args = [value(token) for token in _split(fail_text)]
        if result is not None:
            names[result] = op
        operations.append(op)
    return inputargs, operations


def optimize_text(text: str, enable_opts: str,
                  descrs: dict[str, AbstractDescr] | None = None) -> str:
    inputargs, operations = parse_trace(text, descrs)
    return format_trace(inputargs, optimize_trace(inputargs, operations, enable_opts))
