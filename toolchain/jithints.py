"""Translation-time checks of the JIT hints (RPython's misuse errors): work in progress."""

from __future__ import annotations

from toolchain.annotator.annotator import Annotator


def check_jit_hints(annotator: Annotator) -> None:
    """Raises TranslationError for a misused JitDriver (the checks are being added)."""
