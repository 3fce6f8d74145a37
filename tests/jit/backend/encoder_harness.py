"""Shared encoder test harness: GNU as/objdump as the oracle, golden files, batch assembly.

A backend's cases are pairs of (encoder call, GNU assembler source). Blessing assembles
all sources in one `as` run, each case in its own section so that objdump shows every case
from address 0 (branch targets then do not depend on the order of cases), and writes
`golden/<name>.txt`: the call, then one line per instruction with its bytes (in memory
order) and objdump's text. Plain test runs compare our bytes with that file only.
"""

from __future__ import annotations

import enum
import os
import re
import shutil
import struct
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jit.backend.codebuf import COND_NAMES, CodeBuffer, Register

# The condition codes as an enum, for tests only: the encoders take the plain ints of
# jit.backend.codebuf (EQ, NE, ...), which an IntEnum member is. Cases spell them
# `Cond.EQ`, and random tests iterate over them and print their names.
Cond = enum.IntEnum("Cond", {name: number for number, name in enumerate(COND_NAMES)})

GOLDEN_DIR = Path(__file__).parent / "golden"

Instruction = tuple[bytes, str]   # bytes in memory order, objdump's text


@dataclass(frozen=True)
class Assembler:
    as_cmd: tuple[str, ...]
    objdump_cmd: tuple[str, ...]
    preamble: str = ""
    # objdump prints fixed-width ISAs as 32-bit words rather than bytes.
    word_display: bool = False

    def available(self) -> bool:
        return bool(shutil.which(self.as_cmd[0]) and shutil.which(self.objdump_cmd[0]))

    def version(self) -> str:
        out = subprocess.run([self.as_cmd[0], "--version"], capture_output=True, text=True)
        return out.stdout.splitlines()[0]

    def assemble(self, sources: Sequence[str]) -> list[list[Instruction]]:
        """Assemble every source (lines separated by ';') in one run; per-source results."""
        if not self.available():
            raise AssertionError(f"{self.as_cmd[0]} or {self.objdump_cmd[0]} is not "
                                 "installed: GNU binutils for this target are needed")
        parts = [self.preamble]
        for i, source in enumerate(sources):
            parts.append(f'.section .text.c{i},"ax",%progbits')
            parts.extend(line.strip() for line in source.split(";"))
        with tempfile.TemporaryDirectory(prefix="kiln-as-") as tmp:
            src, obj = Path(tmp, "cases.s"), Path(tmp, "cases.o")
            src.write_text("\n".join(parts) + "\n")
            done = subprocess.run([*self.as_cmd, "-o", str(obj), str(src)],
                                  capture_output=True, text=True)
            if done.returncode:
                raise AssertionError(f"GNU as rejected the cases:\n{done.stderr}")
            dump = subprocess.run([*self.objdump_cmd, str(obj)], capture_output=True,
                                  text=True, check=True).stdout
        return self._parse(dump, len(sources))

    def _parse(self, dump: str, count: int) -> list[list[Instruction]]:
        results: list[list[Instruction]] = [[] for _ in range(count)]
        current: list[Instruction] | None = None
        for line in dump.splitlines():
            section = re.match(r"Disassembly of section \.text\.c(\d+):", line)
            if section:
                current = results[int(section.group(1))]
                continue
            insn = re.match(r"\s*[0-9a-f]+:\t([0-9a-f ]+)\t(.*)$", line)
            if insn and current is not None:
                current.append((self._bytes(insn.group(1)), _clean(insn.group(2))))
        return results

    def _bytes(self, field_text: str) -> bytes:
        tokens = field_text.split()
        if self.word_display:
            return b"".join(struct.pack("<I", int(t, 16)) for t in tokens)
        return bytes(int(t, 16) for t in tokens)


def _clean(text: str) -> str:
    """objdump's text without symbol annotations and with single spaces."""
    text = re.sub(r"\s*<[^>]*>", "", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Backend:
    name: str                                  # golden file stem
    make_builder: Callable[[], CodeBuffer]
    registers: object                          # the backend's registers module
    cases: Sequence[tuple[str, str]]           # (encoder call, assembler source)
    assembler: Assembler
    # Public builder methods that emit nothing themselves (covered through others).
    not_encoders: frozenset[str] = field(default_factory=frozenset)

    @property
    def golden_path(self) -> Path:
        return GOLDEN_DIR / f"{self.name}.txt"

    def namespace(self) -> dict[str, object]:
        names: dict[str, object] = {k: v for k, v in vars(self.registers).items()
                                    if not k.startswith("_")}
        # Assembler spellings too ("x0", "sp"), so random cases share one name per register.
        names.update({v.name: v for v in list(names.values()) if isinstance(v, Register)})
        names["Cond"] = Cond
        return names

    def encode(self, call: str) -> bytes:
        builder = self.make_builder()
        eval(f"_b.{call}", {"_b": builder, **self.namespace()})
        return builder.getvalue()


def bless(backend: Backend) -> None:
    """Regenerate the golden file by running GNU as (KILN_BLESS=1)."""
    results = backend.assembler.assemble([source for _, source in backend.cases])
    lines = [f"# {backend.name}: generated with KILN_BLESS=1 from "
             f"{backend.assembler.version()}; review diffs like code."]
    for (call, _), insns in zip(backend.cases, results):
        if not insns:
            raise AssertionError(f"GNU as produced no code for {call}")
        lines.append(call)
        lines.extend(f"    {data.hex(' ')} | {text}" for data, text in insns)
    tmp = backend.golden_path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n")
    tmp.replace(backend.golden_path)


def read_golden(backend: Backend) -> list[tuple[str, list[Instruction]]]:
    entries: list[tuple[str, list[Instruction]]] = []
    for line in backend.golden_path.read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if line.startswith("    "):
            data, text = line.strip().split(" | ", 1)
            entries[-1][1].append((bytes.fromhex(data), text))
        else:
            entries.append((line, []))
    return entries


def blessing() -> bool:
    return os.environ.get("KILN_BLESS") == "1"
