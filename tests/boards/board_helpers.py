"""Helpers for board tests: writing a small corpus and checking that a run left nothing
behind on the (loopback) board."""

from __future__ import annotations

from pathlib import Path

from targets.boards import Board


def write_corpus(directory: Path, cases: dict[str, tuple[str, bytes]],
                 stdin: dict[str, bytes] | None = None) -> Path:
    """cases: name -> (program text, expected stdout)."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, (program, expected) in cases.items():
        (directory / f"{name}.t").write_text(program)
        (directory / f"{name}.out").write_bytes(expected)
    for name, data in (stdin or {}).items():
        (directory / f"{name}.in").write_bytes(data)
    return directory


def live_processes_under(directory: str) -> list[str]:
    """Command lines of live (non-zombie) processes that mention `directory`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if state != "Z" and directory in cmdline:
            found.append(f"{entry.name}: {cmdline}")
    return found


def program_running(comm: str, needle: str) -> bool:
    """True once a process named `comm` (after exec) has `needle` in its command line.

    Why not match the command line alone: before the exec, the board's login shell carries
    the same text while it still runs the user's shell start-up files; killing it there
    can leave their locks behind (pyenv's rehash lock did, here)."""
    for entry in Path("/proc").iterdir():
        try:
            if (entry / "comm").read_text().strip() == comm and \
                    needle in (entry / "cmdline").read_bytes().decode(errors="replace"):
                return True
        except OSError:
            continue
    return False


def assert_nothing_left(board: Board) -> None:
    assert live_processes_under(board.work_dir) == [], "remote processes were left running"
    leftovers = sorted(p.name for p in Path(board.work_dir).iterdir()) \
        if Path(board.work_dir).exists() else []
    assert leftovers == [], f"left in the remote work directory: {leftovers}"
QEMU_AARCH64 = ["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu", "-cpu", "cortex-a53"]
