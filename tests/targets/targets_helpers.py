"""Helpers shared by the targets/ tests: small C programs and a stand-in translation."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Uses Boehm GC (so the sysroot and its static link are exercised), reports the word
# size (so each target's ABI is visible) and does double arithmetic (soft-float helper
# calls on armel, which traps under arm926,vfp=off if any VFP instruction slipped in).
GC_PROGRAM = r"""
#include <gc.h>
#include <stdio.h>

struct node { struct node *next; long long value; };

int main(int argc, char **argv) {
    GC_INIT();
    struct node *list = 0;
    for (int round = 0; round < 20; round++) {
        list = 0;
        for (long long i = 0; i < 10000; i++) {
            struct node *n = GC_MALLOC(sizeof *n);
            n->next = list;
            n->value = i;
            list = n;
        }
    }
    long long sum = 0;
    for (struct node *n = list; n; n = n->next) sum += n->value;
    volatile double x = argc + 0.5;
    printf("words %d\nsum %lld\nfloat %.4f\n", (int)(8 * sizeof(void *)), sum, x * x / 3.0);
    return 0;
}
"""

# A corpus "interpreter": prints the program file, then each extra argument on its own
# line, then whatever arrived on stdin; exits with 3 if the program file says "exit3".
CAT_VM = r"""
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    char buf[4096];
    size_t n;
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 2; }
    n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    int exit3 = n >= 5 && memcmp(buf, "exit3", 5) == 0;
    fwrite(buf, 1, n, stdout);
    for (int i = 2; i < argc; i++) printf("%s\n", argv[i]);
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) fwrite(buf, 1, n, stdout);
    if (exit3) { fprintf(stderr, "asked to exit 3\n"); return 3; }
    return 0;
}
"""

CRASHER = r"""
#include <stdio.h>
int main(void) {
    puts("about to crash");
    fflush(stdout);
    *(volatile int *)0 = 1;
    return 0;
}
"""


def gc_program_expected(word_bits: int) -> bytes:
    return f"words {word_bits}\nsum 49995000\nfloat 0.7500\n".encode()


@dataclass
class FakeTranslation:
    """Stands in for toolchain.driver.Translation: plain C files to compile."""

    c_sources: list[Path]
    include_dirs: list[Path] = field(default_factory=list)
    libs: list[str] = field(default_factory=lambda: ["gc", "m"])


def write_c(directory: Path, name: str, text: str) -> FakeTranslation:
    directory.mkdir(parents=True, exist_ok=True)
    source = directory / name
    source.write_text(text)
    return FakeTranslation([source])
