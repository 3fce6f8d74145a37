"""The target-independent machine-code buffer and the vocabulary every encoder shares.

Owns: byte and little-endian word emission, labels with fix-ups of forward branches,
patching of already emitted code, alignment, the `Register` record, the condition codes,
and the range checks that turn an unencodable operand into a clear `EncodingError`.
Each backend's `codebuilder.py` subclasses `CodeBuffer` and adds only its encodings.
"""

from __future__ import annotations

import enum
import struct
from collections.abc import Callable
from dataclasses import dataclass


class EncodingError(ValueError):
    """An operand the instruction cannot encode (immediate out of range, wrong register)."""


@dataclass(frozen=True)
class Register:
    name: str
    number: int   # the hardware encoding
    kind: str     # "gpr" | "fpr" | "sp" | "zr" | "spr" (ARM single-precision view)

    def __repr__(self) -> str:
        return self.name


class Cond(enum.IntEnum):
    """Condition codes, numbered as ARM and AArch64 encode them.

    Both ARM ISAs use these numbers directly; x86-64 maps them through its own table.
    Signed comparisons are LT/LE/GT/GE, unsigned ones LO/LS/HI/HS, overflow VS/VC.
    """

    EQ = 0
    NE = 1
    HS = 2
    LO = 3
    MI = 4
    PL = 5
    VS = 6
    VC = 7
    HI = 8
    LS = 9
    GE = 10
    LT = 11
    GT = 12
    LE = 13
    AL = 14

    def invert(self) -> Cond:
        if self is Cond.AL:
            raise EncodingError("the condition AL (always) has no inverse")
        return Cond(self ^ 1)


class Label:
    """A code position that may be bound after branches to it are emitted."""

    __slots__ = ("position",)

    def __init__(self) -> None:
        self.position: int | None = None


# A branch target: a Label, or a byte offset relative to the branch instruction's own address.
BranchTarget = Label | int
# Re-encodes a branch for a given offset (relative to the branch's own address).
BranchEncoder = Callable[[int], bytes]


def check_signed(value: int, bits: int, what: str) -> int:
    low, high = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    if not low <= value <= high:
        raise EncodingError(f"{what}: {value} does not fit in a signed {bits}-bit field "
                            f"({low}..{high})")
    return value


def check_unsigned(value: int, bits: int, what: str) -> int:
    if not 0 <= value < (1 << bits):
        raise EncodingError(f"{what}: {value} does not fit in an unsigned {bits}-bit field "
                            f"(0..{(1 << bits) - 1})")
    return value


def check_word(value: int, bits: int, what: str) -> int:
    """A constant of a `bits`-wide register, given signed or unsigned; returns it unsigned."""
    if not -(1 << (bits - 1)) <= value < (1 << bits):
        raise EncodingError(f"{what}: {value} is not a {bits}-bit value "
                            f"({-(1 << (bits - 1))}..{(1 << bits) - 1})")
    return value & ((1 << bits) - 1)


def check_multiple(value: int, factor: int, what: str) -> int:
    if value % factor:
        raise EncodingError(f"{what}: {value} is not a multiple of {factor}")
    return value


def check_kind(reg: Register, kinds: tuple[str, ...], what: str) -> int:
    if not isinstance(reg, Register) or reg.kind not in kinds:
        raise EncodingError(f"{what}: {reg!r} is not allowed here (expected a register of "
                            f"kind {' or '.join(kinds)})")
    return reg.number


class CodeBuffer:
    """A growing byte buffer of machine code, with labels and back-patching."""

    def __init__(self) -> None:
        self._code = bytearray()
        self._fixups: list[tuple[Label, int, BranchEncoder]] = []

    def position(self) -> int:
        return len(self._code)

    def emit(self, data: bytes) -> None:
        self._code += data

    def emit_u8(self, value: int) -> None:
        self._code.append(check_unsigned(value, 8, "byte"))

    def emit_u32(self, value: int) -> None:
        self._code += struct.pack("<I", check_unsigned(value, 32, "32-bit word"))

    def emit_i32(self, value: int) -> None:
        self._code += struct.pack("<i", check_signed(value, 32, "32-bit word"))

    def emit_u64(self, value: int) -> None:
        self._code += struct.pack("<Q", value & 0xFFFFFFFFFFFFFFFF)

    def read(self, position: int, size: int) -> bytes:
        return bytes(self._code[position:position + size])

    def patch(self, position: int, data: bytes) -> None:
        """Overwrite already emitted bytes, e.g. to retarget a branch."""
        if position < 0 or position + len(data) > len(self._code):
            raise EncodingError(f"patch of {len(data)} bytes at {position} is outside the "
                                f"{len(self._code)} bytes emitted")
        self._code[position:position + len(data)] = data

    def new_label(self) -> Label:
        return Label()

    def bind(self, label: Label) -> None:
        """Bind `label` here and resolve every branch already waiting for it."""
        if label.position is not None:
            raise EncodingError(f"label already bound at {label.position}")
        label.position = self.position()
        waiting = [f for f in self._fixups if f[0] is label]
        self._fixups = [f for f in self._fixups if f[0] is not label]
        for _, site, encode in waiting:
            self.patch(site, encode(label.position - site))

    def emit_branch(self, target: BranchTarget, encode: BranchEncoder) -> int:
        """Emit a branch; returns its position so callers can re-patch it later.

        An unbound label gets the encoding for offset 0 now, which has the final size, and
        is rewritten when the label is bound.
        """
        site = self.position()
        if isinstance(target, Label):
            if target.position is None:
                self._fixups.append((target, site, encode))
                offset = 0
            else:
                offset = target.position - site
        else:
            offset = target
        self.emit(encode(offset))
        return site

    def align(self, alignment: int, filler: bytes) -> None:
        """Pad with copies of `filler` (the target's nop) up to a multiple of `alignment`."""
        if alignment <= 0 or alignment & (alignment - 1):
            raise EncodingError(f"alignment {alignment} is not a power of two")
        gap = -self.position() % alignment
        if gap % len(filler):
            raise EncodingError(f"cannot pad {gap} bytes with {len(filler)}-byte fillers")
        self.emit(filler * (gap // len(filler)))

    def getvalue(self) -> bytes:
        """The finished code; every label branched to must be bound by now."""
        if self._fixups:
            sites = ", ".join(str(site) for _, site, _ in self._fixups)
            raise EncodingError(f"branches at {sites} target labels that were never bound")
        return bytes(self._code)


class FixedWidthCodeBuffer(CodeBuffer):
    """Shared by the AArch64 and ARM encoders: fixed 32-bit little-endian instructions."""

    NOP: int

    def word(self, value: int) -> None:
        self.emit_u32(value)

    def align_code(self, alignment: int) -> None:
        self.align(alignment, struct.pack("<I", self.NOP))

    def branch_word(self, target: BranchTarget, encode: Callable[[int], int]) -> int:
        return self.emit_branch(target, lambda offset: struct.pack("<I", encode(offset)))


def word_offset(offset: int, bits: int, what: str) -> int:
    """A branch offset in instructions, as the fixed-width ISAs encode it (two's complement)."""
    check_multiple(offset, 4, what)
    check_signed(offset, bits + 2, f"{what} byte offset")
    return (offset >> 2) & ((1 << bits) - 1)
