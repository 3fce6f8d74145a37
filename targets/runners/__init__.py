"""Runners execute a target's binaries: natively, under QEMU user mode, or (later) on a
board over SSH, all behind one `Runner`/`Session` interface."""

from targets.runners.base import RunResult, Runner, Session

__all__ = ["RunResult", "Runner", "Session"]
