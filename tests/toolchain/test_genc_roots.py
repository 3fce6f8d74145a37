"""Pointer-free prebuilt data and the GC's root scan (toolchain/genc/database.py).

Prebuilt objects that cannot hold a GC pointer go into the section `kiln_nogc`, which
`main` excludes from Boehm's root scan.  The program below makes GC objects whose only
reference is in prebuilt data that must stay scanned (a prebuilt list's header after
`append` replaced its item array, a prebuilt list of strs, a prebuilt instance's str
field), then churns the heap through many collections with blocks of the same sizes, and
checks every value, against CPython.  Were any of those excluded, the objects would be
freed and overwritten by the churn; conversely, with list headers wrongly excluded too,
the grown list's items must be lost, which shows the exclusion takes effect at run
time.  Another test reads the binary: the section exists, holds the pointer-free
constants and nothing else, and `main` excludes it.  The last checks the collection
policy `main` sets (genc.GC_FREE_SPACE_DIVISOR) by counting collections, and that the
environment variable still overrides it.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import textwrap
from pathlib import Path

import pytest
from conftest import SYSROOT_BUILD_DIR, TARGETS, run_untranslated

from targets.config import load_targets
from targets.environments.host import HostEnvironment
from toolchain.driver import translate
from toolchain.genc.database import Database
from toolchain.rtyper.lltype import ListPtr

PROGRAM = textwrap.dedent("""
    import os

    NUMBERS = [1, 2, 3]
    NAMES = ["a", "b", "c"]
    TABLE = [10, 20, 30, 40, 50, 60, 70, 80]
    GREETING = "hello, prebuilt"


    class Box:
        def __init__(self, name, count):
            self.name = name
            self.count = count


    class Counter:
        def __init__(self, count):
            self.count = count


    BOX = Box("box", 1)
    COUNTER = Counter(7)


    def churn(rounds):
        # Blocks of the sizes of the objects kept alive above, filled with other values:
        # a block freed by mistake is reused and overwritten.
        total = 0
        for i in range(rounds):
            ints = [i] * 1003
            text = str(i) + "-" + str(i * 7) + "-garbage"
            total += len(ints) + len(text)
        return total


    def entry_point(argv):
        for i in range(1000):
            NUMBERS.append(i * 3)
        for i in range(len(NAMES)):
            NAMES[i] = "name-" + str(i * 11) + "-" + GREETING
        BOX.name = "fresh-" + str(len(NUMBERS))
        COUNTER.count += 1
        TABLE[0] += 1
        churned = churn(int(argv[1]))
        bad = 0
        for i in range(1000):
            if NUMBERS[3 + i] != i * 3:
                bad += 1
        line = (str(bad) + " " + NAMES[0] + " " + NAMES[2] + " " + BOX.name + " "
                + str(COUNTER.count) + " " + str(TABLE[0]) + " " + str(churned) + "\\n")
        os.write(1, line.encode("latin-1"))
        return 0
""")
ROUNDS = "20000"


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("roots") / "roots.py"
    path.write_text(PROGRAM)
    return path


@pytest.fixture(scope="module")
def expected(program: Path) -> bytes:
    result = run_untranslated(program, [ROUNDS])
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"0 name-0-hello, prebuilt name-22-hello"), result.stdout
    return result.stdout


def build(program: Path, target_name: str, workdir: Path,
          static: bool = False) -> tuple[Path, Path]:
    """The translated C file and the binary."""
    target = load_targets()[target_name]
    translation = translate(program, target, workdir / "c")
    binary = workdir / program.stem
    HostEnvironment().compile(target, translation, binary, SYSROOT_BUILD_DIR, static)
    return workdir / "c" / f"{program.stem}.c", binary


# Static binaries too: there Boehm finds the data segment from linker symbols, not from
# the dynamic loader's program headers.
LINKINGS = [(name, False) for name in TARGETS] + [("x86_64", True), ("armel", True)]


@pytest.mark.parametrize("target_name,static", LINKINGS)
def test_objects_reachable_from_scanned_prebuilt_data_survive(
        program: Path, expected: bytes, target_name: str, static: bool,
        tmp_path: Path) -> None:
    _, binary = build(program, target_name, tmp_path, static)
    env = HostEnvironment()
    with env.runner(load_targets()[target_name]).session(binary, []) as session:
        result = session.run([ROUNDS], timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected


def symbols(binary: Path) -> dict[str, int]:
    out = subprocess.run(["nm", str(binary)], capture_output=True, text=True, check=True)
    found = {}
    for line in out.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3:
            found[parts[2]] = int(parts[0], 16)
    return found


def prebuilt_constants(source: str) -> dict[str, bool]:
    """Each prebuilt constant of the C file, and whether it is written KILN_NOGC."""
    return {m.group(1): m.group(2) is not None
            for m in re.finditer(r"^static [^=\n]*?\b(kiln_c_\w+)(?:\[\d+\])?( KILN_NOGC)? = ",
                                 source, re.MULTILINE)}


@pytest.mark.parametrize("target_name", ["x86_64", "i686", "armel"])
def test_pointer_free_constants_are_in_the_excluded_section(
        program: Path, target_name: str, tmp_path: Path) -> None:
    source_path, binary = build(program, target_name, tmp_path)
    source = source_path.read_text()
    assert "GC_exclude_static_roots(__start_kiln_nogc, __stop_kiln_nogc);" in source
    found = symbols(binary)
    # gcc drops the constants it folded away (a list header never appended to).
    constants = {name: nogc for name, nogc in prebuilt_constants(source).items()
                 if name in found}
    excluded = {name for name, nogc in constants.items() if nogc}
    scanned = {name for name, nogc in constants.items() if not nogc}
    # str bodies, the int lists' item arrays and the int-only instance are excluded ...
    assert any(name.endswith("_items") for name in excluded), excluded
    assert sum(1 for name in excluded if name.startswith("kiln_c_s")) >= 3, excluded
    assert any(name.startswith("kiln_c_i") for name in excluded), excluded
    # ... the grown list's header, the strs' item array and the instance with a str
    # field are not.
    assert any(name.startswith("kiln_c_l") and not name.endswith("_items")
               for name in scanned), scanned
    assert any(name.endswith("_items") for name in scanned), scanned
    assert any(name.startswith("kiln_c_i") for name in scanned), scanned
    start, stop = found["__start_kiln_nogc"], found["__stop_kiln_nogc"]
    for name in excluded:
        assert start <= found[name] < stop, name
    for name in scanned:
        assert not start <= found[name] < stop, name


def collections(binary: Path, environ: dict[str, str]) -> int:
    """How many collections a run of the program makes (Boehm's own statistics)."""
    env = {**os.environ, **environ, "GC_PRINT_STATS": "1"}
    done = subprocess.run([str(binary), ROUNDS], capture_output=True, env=env, timeout=120,
                          check=True)
    return done.stderr.count(b"Initiating full world-stop collection")


@pytest.mark.skipif(platform.machine() != "x86_64", reason="runs the x86-64 binary natively")
def test_collection_policy_is_set_and_the_environment_overrides_it(
        program: Path, tmp_path: Path) -> None:
    _, binary = build(program, "x86_64", tmp_path)
    ours = collections(binary, {})
    boehm_default = collections(binary, {"GC_FREE_SPACE_DIVISOR": "3"})
    fewest = collections(binary, {"GC_FREE_SPACE_DIVISOR": "1"})
    assert fewest < ours < boehm_default, (fewest, ours, boehm_default)


@pytest.mark.parametrize("target_name,static", [("x86_64", False), ("armel", True)])
def test_the_section_really_leaves_the_root_set(
        program: Path, expected: bytes, target_name: str, static: bool, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The converse: with the list headers wrongly put into the section too, the item
    array that `append` made is reachable only from excluded data, gets freed and is
    overwritten by the churn.  This fails if the exclusion did not take effect."""
    list_constant = Database.list_constant

    def headers_excluded_too(self: Database, value: list, t: ListPtr) -> str:
        result = list_constant(self, value, t)
        header = "static struct kiln_list "
        self.forward_decls = [line.replace(";", " KILN_NOGC;")
                              if line.startswith(header) and "KILN_NOGC" not in line
                              else line for line in self.forward_decls]
        self.definitions = [line.replace(" = {", " KILN_NOGC = {", 1)
                            if line.startswith(header) and "KILN_NOGC" not in line
                            else line for line in self.definitions]
        return result

    monkeypatch.setattr(Database, "list_constant", headers_excluded_too)
    _, binary = build(program, target_name, tmp_path, static)
    with HostEnvironment().runner(load_targets()[target_name]).session(binary, []) as session:
        result = session.run([ROUNDS], timeout=300)
    assert result.returncode == 0, result.stderr
    wrong = int(result.stdout.split()[0])   # list items the churn overwrote
    assert wrong > 0, result.stdout
