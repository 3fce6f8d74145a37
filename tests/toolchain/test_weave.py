"""Weaving (jit=1): a merge point becomes a hook call, then a reload of every green and
red (status 1) or a return from the portal (status 2); the hook is told which arrival
comes from the portal's start.  Fake hooks stand in for the JIT here; the real hook is
exercised by the JIT's end-to-end tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from targets.config import REPO_ROOT, resolve_target
from targets.environments.host import HostEnvironment
from toolchain.driver import annotate_and_rtype, translation_in
from toolchain.errors import TranslationError
from toolchain.flow.weave import Weave
from toolchain.genc.genc import RUNTIME_DIR, RUNTIME_FILES, generate_c
from toolchain.jitweave import flag_entry

HERE = Path(__file__).parent / "jitsupport"


def woven_binary(tmp_path: Path, program_dir: Path = HERE,
                 entry_only: bool = False) -> Path:
    """`entry_only`: what jitweave says of a driver that has a can_enter_jit."""
    for name in ("weave_program", "weave_hooks"):
        sys.modules.pop(name, None)
    sys.path[:0] = [str(program_dir), str(HERE)]
    try:
        program = __import__("weave_program")
        hooks = __import__("weave_hooks")
    finally:
        del sys.path[:2]
    weave = Weave(hooks.hook, [hooks.get_i, hooks.get_total, hooks.get_box], hooks.result,
                  None, entry_only)
    target = resolve_target("x86_64")
    flagged = flag_entry(program.portal, tmp_path / "flagged_portal.py")
    annotator, rtyper, entry = annotate_and_rtype(program.entry_point, target,
                                                  {program.driver: weave},
                                                  {program.portal: flagged})
    out = tmp_path / "c"
    out.mkdir()
    (out / "weave_program.c").write_text(generate_c(annotator, rtyper, entry))
    for name in RUNTIME_FILES:
        (out / name).write_bytes((RUNTIME_DIR / name).read_bytes())
    binary = tmp_path / "woven"
    HostEnvironment().compile(target, translation_in(out, "weave_program"), binary,
                              REPO_ROOT / "build")
    return binary


def run(binary: Path, n: int) -> str:
    return subprocess.run([str(binary), str(n)], capture_output=True, check=True,
                          text=True).stdout


def test_hook_statuses_reload_or_return(tmp_path: Path) -> None:
    binary = woven_binary(tmp_path)
    check_outputs(binary)


def check_outputs(binary: Path) -> None:
    # below 5: the entry (+50) and i = 3 (+100); sum(0..3) = 6, four boxes
    assert run(binary, 4) == "156004\n"
    # i = 0..4 summed (10), then the hook jumps to i = 8 with total 1160 and box 105;
    # i = 8..9 adds 17 and two boxes
    assert run(binary, 10) == f"{(1160 + 17) * 1000 + 107}\n"
    # the hook returns 777 from the portal at i = 12
    assert run(binary, 20) == "777\n"


def test_with_can_enter_jit_the_merge_point_calls_the_hook_only_on_entry(
        tmp_path: Path) -> None:
    """The same portal with a can_enter_jit after `i = i + 1`: the hook sees i = 1.. there
    and i = 0 (the entry) at the merge point, so each i once and the same outputs (were
    the merge point still hooked, i = 3 would add 100 twice)."""
    source = (HERE / "weave_program.py").read_text().replace(
        "        i = i + 1\n",
        "        i = i + 1\n        driver.can_enter_jit(i=i, total=total, box=box)\n")
    module_dir = tmp_path / "mod"
    module_dir.mkdir()
    (module_dir / "weave_program.py").write_text(source)
    check_outputs(woven_binary(tmp_path, module_dir, entry_only=True))


def test_jit_arguments_must_be_local_variables(tmp_path: Path) -> None:
    source = (HERE / "weave_program.py").read_text().replace(
        "driver.jit_merge_point(i=i, total=total, box=box)",
        "driver.jit_merge_point(i=i + 0, total=total, box=box)")
    module_dir = tmp_path / "mod"
    module_dir.mkdir()
    (module_dir / "weave_program.py").write_text(source)
    with pytest.raises(TranslationError, match="'i' must be passed to the JitDriver as "
                                               "a plain local variable"):
        woven_binary(tmp_path, module_dir)
