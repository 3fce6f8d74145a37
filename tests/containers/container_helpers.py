"""Programs and helpers shared by the env=docker tests."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from targets.environments.engine import Engine, list_kiln_containers

# Boehm GC (static libgc from the image's sysroot), the word size and some doubles:
# enough to see the right ABI, the right sysroot and working QEMU in one run.
GC_PROGRAM = r"""
#include <gc.h>
#include <stdio.h>

int main(int argc, char **argv) {
    GC_INIT();
    long total = 0;
    for (int round = 0; round < 50; round++) {
        long *cells = GC_MALLOC(1000 * sizeof *cells);
        for (int i = 0; i < 1000; i++) cells[i] = i;
        total += cells[999];
    }
    volatile double half = argc / 2.0;
    printf("bits %d total %ld half %.2f\n", (int)(8 * sizeof(long)), total, half);
    return 0;
}
"""

# Echoes stdin, prints its arguments; "crash" segfaults, "spin" never ends, "exit N"
# exits with N.
BEHAVIOUR_PROGRAM = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    char buf[256];
    size_t n;
    for (int i = 1; i < argc; i++) printf("arg %s\n", argv[i]);
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) fwrite(buf, 1, n, stdout);
    fflush(stdout);
    if (argc > 1 && strcmp(argv[1], "crash") == 0) *(volatile int *)0 = 1;
    if (argc > 1 && strcmp(argv[1], "spin") == 0) for (;;) {}
    if (argc > 2 && strcmp(argv[1], "exit") == 0) return atoi(argv[2]);
    fputs("done\n", stderr);
    return 0;
}
"""


@dataclass
class CTranslation:
    """A hand-written C program in the shape of toolchain.driver.Translation."""

    c_sources: list[Path]
    include_dirs: list[Path] = field(default_factory=list)
    libs: list[str] = field(default_factory=lambda: ["gc", "m"])


def write_program(directory: Path, name: str, text: str) -> CTranslation:
    directory.mkdir(parents=True, exist_ok=True)
    source = directory / name
    source.write_text(text)
    return CTranslation([source])


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def kiln_containers(engine: Engine, pid: int) -> set[str]:
    """The containers that process `pid` created and that still exist. Scoped to one
    process because other test runs may share the engine."""
    return set(list_kiln_containers(engine, pid))
