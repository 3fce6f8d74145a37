"""Running generated machine code for real: natively through ctypes, or under QEMU.

Native (x86-64): the code goes into a page mapped read/write, which is then switched to
read/execute before the call; it is never writable and executable at once.

Cross (AArch64, ARM): all functions of a test go into one small C program, built with the
target's cross gcc, that copies each function into its own mmap'd page, mprotects it
read/execute, flushes the instruction cache and calls it; one QEMU run prints every result.
"""

from __future__ import annotations

import ctypes
import mmap
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from targets.config import resolve_target

_libc = ctypes.CDLL(None, use_errno=True)
_libc.mmap.restype = ctypes.c_void_p
_libc.mmap.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                       ctypes.c_int, ctypes.c_long)
_libc.mprotect.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
_libc.munmap.argtypes = (ctypes.c_void_p, ctypes.c_size_t)


class NativeCode:
    """Machine code mapped executable in this process (use as a context manager)."""

    def __init__(self, code: bytes) -> None:
        self.size = max(mmap.PAGESIZE, -(-len(code) // mmap.PAGESIZE) * mmap.PAGESIZE)
        addr = _libc.mmap(None, self.size, mmap.PROT_READ | mmap.PROT_WRITE,
                          mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS, -1, 0)
        if addr in (None, ctypes.c_void_p(-1).value):
            raise OSError(ctypes.get_errno(), "mmap of a code page failed")
        self.address: int = addr
        ctypes.memmove(addr, code, len(code))
        if _libc.mprotect(addr, self.size, mmap.PROT_READ | mmap.PROT_EXEC):
            raise OSError(ctypes.get_errno(), "mprotect to read/execute failed")

    def function(self, restype: type, *argtypes: type) -> ctypes._CFuncPtr:
        return ctypes.CFUNCTYPE(restype, *argtypes)(self.address)

    def __enter__(self) -> NativeCode:
        return self

    def __exit__(self, *exc: object) -> None:
        _libc.munmap(self.address, self.size)


@dataclass(frozen=True)
class CrossTarget:
    name: str
    gcc: tuple[str, ...]           # compiler and target flags
    qemu: tuple[str, ...]          # emulator and CPU model

    @classmethod
    def from_config(cls, name: str) -> CrossTarget:
        """Compiler flags and the pinned QEMU CPU of a target, from configs/targets/."""
        target = resolve_target(name)
        assert target.qemu and target.qemu_cpu, f"{name} is not run under QEMU"
        return cls(name, (target.compiler, *target.cflags),
                   (target.qemu, "-cpu", target.qemu_cpu))

    def available(self) -> str | None:
        """None if usable, else what is missing."""
        for tool in (self.gcc[0], self.qemu[0]):
            if not shutil.which(tool):
                return f"{tool} is not installed"
        return None


@dataclass(frozen=True)
class Call:
    args: tuple[str, ...]          # C expressions
    expected: int | float


@dataclass(frozen=True)
class Function:
    name: str
    code: bytes
    signature: str                 # C parameter types and result, e.g. "long(long, long)"
    calls: tuple[Call, ...]


# Data the generated functions can be pointed at, and a C function to call through a register.
_PRELUDE = r"""
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

static long words[4] = {10, -20, 30, 0x12345};
static unsigned char bytes[4] = {1, 200, 3, 255};
static double doubles[3] = {1.5, -2.25, 1e300};

static long helper(long a, long b) { return a * 10 + b; }

static void *load_code(const unsigned char *code, size_t size)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t len = (size + page - 1) / page * page;
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { perror("mmap"); _exit(3); }
    memcpy(p, code, size);
    if (mprotect(p, len, PROT_READ | PROT_EXEC)) { perror("mprotect"); _exit(3); }
    __builtin___clear_cache((char *)p, (char *)p + size);
    return p;
}
"""


def _c_program(functions: Sequence[Function]) -> str:
    lines = [_PRELUDE]
    for i, fn in enumerate(functions):
        data = ", ".join(str(b) for b in fn.code)
        result, params = fn.signature.split("(", 1)
        lines.append(f"static const unsigned char code{i}[] = {{{data}}};")
        lines.append(f"typedef {result} (*fn{i}_t)({params};")
    lines.append("int main(void)\n{")
    for i, fn in enumerate(functions):
        result = fn.signature.split("(", 1)[0].strip()
        fmt = "%.17g" if result == "double" else "%ld"
        lines.append(f"    fn{i}_t f{i} = (fn{i}_t)load_code(code{i}, sizeof code{i});")
        for call in fn.calls:
            lines.append(f'    printf("{fmt}\\n", f{i}({", ".join(call.args)}));')
    lines.append("    return 0;\n}")
    return "\n".join(lines) + "\n"


def build_and_run(target: CrossTarget,
                  functions: Sequence[Function]) -> subprocess.CompletedProcess[str]:
    """Build one program calling every function, and run it once under QEMU."""
    with tempfile.TemporaryDirectory(prefix=f"kiln-{target.name}-") as tmp:
        src, exe = Path(tmp, "prog.c"), Path(tmp, "prog")
        src.write_text(_c_program(functions))
        built = subprocess.run([*target.gcc, "-O1", "-static", "-o", str(exe), str(src)],
                               capture_output=True, text=True)
        assert built.returncode == 0, f"cross gcc failed:\n{built.stderr}"
        return subprocess.run([*target.qemu, str(exe)], capture_output=True, text=True,
                              timeout=60)


def run_cross(target: CrossTarget, functions: Sequence[Function]) -> list[str]:
    """Run every function's calls under QEMU; the mismatches, as messages."""
    ran = build_and_run(target, functions)
    assert ran.returncode == 0, (f"{' '.join(target.qemu)} exited {ran.returncode}:\n"
                                 f"{ran.stdout}{ran.stderr}")
    outputs = ran.stdout.splitlines()
    problems = []
    index = 0
    for fn in functions:
        for call in fn.calls:
            got = outputs[index] if index < len(outputs) else "<no output>"
            index += 1
            value: int | float = float(got) if isinstance(call.expected, float) else int(got)
            if value != call.expected:
                problems.append(f"{fn.name}({', '.join(call.args)}) = {got}, "
                                f"expected {call.expected}")
    return problems
