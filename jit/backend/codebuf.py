"""The target-independent machine-code buffer and the vocabulary every encoder shares.

Owns: byte and little-endian word emission, labels with fix-ups of forward branches,
patching of already emitted code, alignment, copying finished code to raw memory, the
`Register` record, the condition codes, and the range checks that turn an unencodable
operand into a clear `EncodingError`. Each backend's `codebuilder.py` subclasses
`CodeBuffer` and adds only its encodings.

This module and the encoders are written in Kiln's subset, because the JIT runtime that
uses them is translated with the interpreter: one type per variable (the buffer is a
list of byte-sized ints), no closures, and every value is a machine word. The range
checks are therefore written with shifts by less than the word size, so the same source
checks a 64-bit host's unbounded ints untranslated and compiles to well-defined C on a
32-bit target, where a word-sized operand cannot be out of range anyway.
"""

from __future__ import annotations

from toolchain.rlib.rawmem import raw_store_byte


class EncodingError(Exception):
    """An operand the instruction cannot encode (immediate out of range, wrong register)."""

    def __init__(self, message: str) -> None:
        # Translated code reads `message`: str() of an exception is not in the subset.
        # Untranslated, Exception.__new__ keeps the message for str() as usual.
        self.message = message


# Condition codes, numbered as ARM and AArch64 encode them. Both ARM ISAs use these
# numbers directly; x86-64 maps them through its own table. Signed comparisons are
# LT/LE/GT/GE, unsigned ones LO/LS/HI/HS, overflow VS/VC.
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
COND_NAMES = ["EQ", "NE", "HS", "LO", "MI", "PL", "VS", "VC", "HI", "LS", "GE", "LT",
              "GT", "LE", "AL"]


def invert_cond(cond: int) -> int:
    """The condition that holds exactly when `cond` does not (EQ <-> NE, LT <-> GE, ...)."""
    if cond == AL:
        raise EncodingError("the condition AL (always) has no inverse")
    return cond ^ 1


def cond_name(cond: int) -> str:
    if 0 <= cond < len(COND_NAMES):
        return COND_NAMES[cond]
    return "condition " + str(cond)


# Register kinds are bits, so that an operand field can accept several (ARM64: "gpr or sp").
KIND_GPR = 1
KIND_FPR = 2
KIND_SP = 4
KIND_ZR = 8
KIND_SPR = 16    # ARM single-precision view of the VFP registers
_KIND_NAMES = ["gpr", "fpr", "sp", "zr", "spr"]


class Register:
    _immutable_fields_ = ["name", "number", "kind"]

    def __init__(self, name: str, number: int, kind: int) -> None:
        self.name = name
        self.number = number    # the hardware encoding
        self.kind = kind        # one KIND_* bit

    def __repr__(self) -> str:
        return self.name


class Label:
    """A code position that may be bound after branches to it are emitted."""

    def __init__(self) -> None:
        self.position = -1      # -1 until bound


class Fixup:
    """A branch emitted towards a label that was not bound yet; `kind` and `arg` are the
    backend's own (which branch instruction, and its condition or register)."""

    _immutable_fields_ = ["label", "site", "kind", "arg"]

    def __init__(self, label: Label, site: int, kind: int, arg: int) -> None:
        self.label = label
        self.site = site
        self.kind = kind
        self.arg = arg


def hex_str(value: int) -> str:
    if value < 0:
        return "-0x%x" % -value
    return "0x%x" % value


def fits_signed(value: int, bits: int) -> bool:
    # Shifting by bits - 1 (< the word size) keeps the C well defined on every target.
    high = value >> (bits - 1)
    return high == 0 or high == -1


def fits_unsigned(value: int, bits: int) -> bool:
    return value >= 0 and (value >> (bits - 1)) >> 1 == 0


def check_signed(value: int, bits: int, what: str) -> int:
    if not fits_signed(value, bits):
        raise EncodingError("%s: %d does not fit in a signed %d-bit field "
                            "(-2^%d..2^%d-1)" % (what, value, bits, bits - 1, bits - 1))
    return value


def check_unsigned(value: int, bits: int, what: str) -> int:
    if not fits_unsigned(value, bits):
        raise EncodingError("%s: %d does not fit in an unsigned %d-bit field "
                            "(0..2^%d-1)" % (what, value, bits, bits))
    return value


def check_word(value: int, bits: int, what: str) -> int:
    """A constant of a `bits`-wide register, given signed or unsigned; returns it as the
    signed `bits`-bit number with the same bits."""
    high = (value >> (bits - 1)) >> 1
    if not (high == 0 or (high == -1 and value >> (bits - 1) == -1)):
        raise EncodingError("%s: %d is not a %d-bit value (-2^%d..2^%d-1)"
                            % (what, value, bits, bits - 1, bits))
    if high == 0 and value >> (bits - 1) != 0:
        # Unsigned with the top bit set. Translated with bits equal to the word size this
        # cannot happen, and the shifts stay below the word size.
        half = 1 << (bits - 1)
        return value - half - half
    return value


def check_multiple(value: int, factor: int, what: str) -> int:
    if value % factor:
        raise EncodingError("%s: %d is not a multiple of %d" % (what, value, factor))
    return value


def kind_names(kinds: int) -> str:
    names = []
    for i in range(len(_KIND_NAMES)):
        if kinds & (1 << i):
            names.append(_KIND_NAMES[i])
    return " or ".join(names)


def check_kind(reg: Register, kinds: int, what: str) -> int:
    """The register's number, if its kind is one of the `kinds` bits."""
    if not reg.kind & kinds:
        raise EncodingError("%s: %s is not allowed here (expected a register of kind %s)"
                            % (what, reg.name, kind_names(kinds)))
    return reg.number


def word_offset(offset: int, bits: int, what: str) -> int:
    """A branch offset in instructions, as the fixed-width ISAs encode it (two's complement)."""
    check_multiple(offset, 4, what)
    check_signed(offset, bits + 2, what + " byte offset")
    return (offset >> 2) & ((1 << bits) - 1)


class CodeBuffer:
    """A buffer of machine code (one int per byte), with labels and back-patching.

    `code` holds `length` emitted bytes followed by spare capacity, doubled when full:
    appending byte by byte to a fresh list per trace made the list's growth one of the
    largest sources of garbage during warm-up. The backends hand each new buffer the
    list the previous trace used (`reuse`), since its bytes are copied to code memory
    when the trace is finished, so after the first few traces nothing is allocated."""

    def __init__(self) -> None:
        self.code: list[int] = []
        self.length = 0
        self.fixups: list[Fixup] = []

    def reuse(self, storage: list[int]) -> None:
        """Emit into `storage` (its contents are overwritten) instead of a new list."""
        self.code = storage
        self.length = 0

    def position(self) -> int:
        return self.length

    def _grow(self, needed: int) -> None:
        capacity = len(self.code) * 2
        if capacity < 1024:
            capacity = 1024
        while capacity < needed:
            capacity *= 2
        grown = [0] * capacity
        for i in range(self.length):
            grown[i] = self.code[i]
        self.code = grown

    def put(self, byte: int) -> None:
        """One byte, assumed in 0..255 (the callers mask or check it)."""
        if self.length == len(self.code):
            self._grow(self.length + 1)
        self.code[self.length] = byte
        self.length += 1

    def emit(self, data: bytes) -> None:
        for byte in data:
            self.put(byte)

    def emit_le(self, value: int, size: int) -> None:
        """The low `size` bytes of `value`, least significant first (no range check)."""
        end = self.length + size
        if end > len(self.code):
            self._grow(end)
        for i in range(size):
            self.code[self.length + i] = (value >> (8 * i)) & 0xFF
        self.length = end

    def emit_u8(self, value: int) -> None:
        self.put(check_unsigned(value, 8, "byte"))

    def emit_u32(self, value: int) -> None:
        self.emit_le(check_unsigned(value, 32, "32-bit word"), 4)

    def emit_i32(self, value: int) -> None:
        self.emit_le(check_signed(value, 32, "32-bit word"), 4)

    def emit_u64(self, value: int) -> None:
        self.emit_le(value, 8)

    def read(self, position: int, size: int) -> list[int]:
        if position < 0 or position + size > self.length:
            raise EncodingError("read of %d bytes at %d is outside the %d bytes emitted"
                                % (size, position, self.length))
        return self.code[position:position + size]

    def patch(self, position: int, data: list[int]) -> None:
        """Overwrite already emitted bytes, e.g. to retarget a branch."""
        if position < 0 or position + len(data) > self.length:
            raise EncodingError("patch of %d bytes at %d is outside the %d bytes emitted"
                                % (len(data), position, self.length))
        for i in range(len(data)):
            self.code[position + i] = data[i]

    def patch_le(self, position: int, value: int, size: int) -> None:
        if position < 0 or position + size > self.length:
            raise EncodingError("patch of %d bytes at %d is outside the %d bytes emitted"
                                % (size, position, self.length))
        for i in range(size):
            self.code[position + i] = (value >> (8 * i)) & 0xFF

    def new_label(self) -> Label:
        return Label()

    def label_offset(self, label: Label, kind: int, arg: int) -> int:
        """The offset from a branch about to be emitted here to `label`. An unbound label
        gives 0 now (the branch then has its final size) and a fix-up: `bind` re-encodes
        the branch through `patch_branch(site, kind, arg, offset)`."""
        site = self.position()
        if label.position < 0:
            self.fixups.append(Fixup(label, site, kind, arg))
            return 0
        return label.position - site

    def bind(self, label: Label) -> None:
        """Bind `label` here and resolve every branch already waiting for it."""
        if label.position >= 0:
            raise EncodingError("label already bound at %d" % label.position)
        label.position = self.position()
        waiting: list[Fixup] = []
        for fixup in self.fixups:
            if fixup.label is label:
                self.patch_branch(fixup.site, fixup.kind, fixup.arg,
                                  label.position - fixup.site)
            else:
                waiting.append(fixup)
        self.fixups = waiting

    def patch_branch(self, site: int, kind: int, arg: int, offset: int) -> None:
        """Re-encode the branch of `kind` at `site` for `offset`; each backend has its own."""
        raise EncodingError("this code buffer has no branch instructions")

    def padding(self, alignment: int, unit: int) -> int:
        """How many `unit`-byte fillers reach the next multiple of `alignment`."""
        if alignment <= 0 or alignment & (alignment - 1):
            raise EncodingError("alignment %d is not a power of two" % alignment)
        gap = -self.position() % alignment
        if gap % unit:
            raise EncodingError("cannot pad %d bytes with %d-byte fillers" % (gap, unit))
        return gap // unit

    def align(self, alignment: int, filler: bytes) -> None:
        """Pad with copies of `filler` (the target's nop) up to a multiple of `alignment`."""
        for _ in range(self.padding(alignment, len(filler))):
            self.emit(filler)

    def check_bound(self) -> None:
        if self.fixups:
            sites = [str(fixup.site) for fixup in self.fixups]
            raise EncodingError("branches at %s target labels that were never bound"
                                % ", ".join(sites))

    def getvalue(self) -> bytes:
        """The finished code; every label branched to must be bound by now."""
        self.check_bound()
        return "".join([chr(self.code[i]) for i in range(self.length)]).encode("latin-1")

    def copy_to_raw(self, address: int) -> int:
        """Copy the finished code to raw (code) memory at `address`; returns its size."""
        self.check_bound()
        for i in range(self.length):
            raw_store_byte(address, i, self.code[i])
        return self.length


class FixedWidthCodeBuffer(CodeBuffer):
    """Shared by the AArch64 and ARM encoders: fixed 32-bit little-endian instructions."""

    NOP = 0

    def word(self, value: int) -> None:
        """One instruction; only its low 32 bits are emitted (on a 32-bit target the
        word is negative when bit 31 is set, which gives the same bytes)."""
        self.emit_le(value, 4)

    def patch_word(self, position: int, value: int) -> None:
        self.patch_le(position, value, 4)

    def align_code(self, alignment: int) -> None:
        for _ in range(self.padding(alignment, 4)):
            self.word(self.NOP)
