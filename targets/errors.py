"""The errors a Kiln user can cause or meet, as one hierarchy.

Every class here is a `KilnError`: its message is the whole story, so the front door
prints it and exits non-zero instead of showing a traceback.
"""

from __future__ import annotations


class KilnError(Exception):
    """Base of every user-facing error; `str(err)` is the complete message."""


class ConfigError(KilnError):
    """A config file is missing, malformed, or does not match its schema."""


class UnknownTargetError(KilnError):
    """A target name that is neither a canonical name nor an alias."""


class MissingToolchainError(KilnError):
    """A compiler or emulator the target needs is not installed."""


class SysrootError(KilnError):
    """The per-architecture Boehm GC sysroot could not be prepared."""


class CompileError(KilnError):
    """The C compiler rejected the translated program."""


class CorpusError(KilnError):
    """A test corpus directory is missing or inconsistent."""


class InfraError(KilnError):
    """The machinery around a test failed (emulator, exec, transport), not the test."""
