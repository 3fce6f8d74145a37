"""32-bit ARM (A32) instruction encoder for ARMv7-A with VFPv3-D16 and for ARMv5TE.

Encoder only: no register allocation, no ABI. Every instruction takes `cond` (default AL).
The builder knows its architecture: `CodeBuilder("armv7")` (armhf, armel-vfp) or
`CodeBuilder("armv5te")` (armel). ARMv5TE has no movw/movt, so `load_imm` builds constants
with mov/mvn followed by orr/bic of rotated 8-bit pieces, and no VFP unit at all, so every
VFP method refuses: on armel, floats are soft-float helper calls and nothing is encoded.
ARMv7-A without the idiv extension (Cortex-A8, the armhf test CPU) has no `sdiv` either:
unless the builder is made with `idiv=True`, `sdiv` refuses and division is a helper call.

Written in Kiln's subset (see codebuf.py) for a 32-bit target: an instruction with the
condition in its top nibble is a negative word there, which emits the same bytes, and
immediates are rotated as `r_uint` masked to 32 bits, so the host's wider word gives the
same results untranslated.
"""

from __future__ import annotations

from jit.backend.arm.registers import LR, PC
from jit.backend.codebuf import (AL, KIND_FPR, KIND_GPR, KIND_SPR, CodeBuffer, EncodingError,
                                 FixedWidthCodeBuffer, Label, Register, check_kind,
                                 check_multiple, check_unsigned, check_word, hex_str,
                                 word_offset)
from toolchain.rlib.rarithmetic import intmask, r_uint

ARCH_V7 = "armv7"
ARCH_V5TE = "armv5te"

_OPCODE = {"and": 0x0, "eor": 0x1, "sub": 0x2, "rsb": 0x3, "add": 0x4, "tst": 0x8,
           "cmp": 0xA, "cmn": 0xB, "orr": 0xC, "mov": 0xD, "bic": 0xE, "mvn": 0xF}
_LSL, _LSR, _ASR, _ROR = 0, 1, 2, 3

_MASK32 = r_uint(0xFFFFFFFF)

# Branch kinds of the fix-ups (see CodeBuffer.label_offset); the argument is the condition.
_B = 0
_BL = 1


def _r(reg: Register, what: str) -> int:
    return check_kind(reg, KIND_GPR, what)


def _u32(value: int) -> r_uint:
    return r_uint(value) & _MASK32


def _rol32(value: r_uint, amount: int) -> r_uint:
    if amount == 0:
        return value
    return ((value << amount) | (value >> (32 - amount))) & _MASK32


def encode_imm12(value: int) -> int:
    """The rotate:imm8 field for a data-processing immediate, or -1 if it has none.

    The value must be an 8-bit number rotated right by an even amount. Like GNU as we take
    the smallest rotation, so encodings are canonical.
    """
    bits = _u32(value)
    for rot in range(16):
        imm8 = _rol32(bits, 2 * rot)
        if imm8 < 256:
            return rot << 8 | intmask(imm8)
    return -1


def _pieces(value: int) -> list[int]:
    """`value` split into rotated-imm8 pieces, from the least significant bits up."""
    rest = _u32(value)
    pieces = []
    while rest:
        low = 0
        while not (rest >> low) & 1:
            low += 1
        low -= low % 2
        piece = rest & (r_uint(0xFF) << low) & _MASK32
        pieces.append(intmask(piece))
        rest = rest & ~piece
    return pieces


def _shift_code(shift: str) -> int:
    if shift == "lsl":
        return _LSL
    if shift == "lsr":
        return _LSR
    if shift == "asr":
        return _ASR
    if shift == "ror":
        return _ROR
    raise EncodingError("shift '%s' is not one of lsl, lsr, asr, ror" % shift)


def _dfield(n: int, low_shift: int, high_shift: int) -> int:
    """A D register split into its 4-bit field and its extra high bit."""
    return (n & 15) << low_shift | (n >> 4) << high_shift


def ldst_word(load: bool, byte: bool, what: str, rt: Register, rn: Register, offset: int,
              cond: int) -> int:
    """ldr/str/ldrb/strb rt, [rn, #offset]; with rn = pc, a literal pc+8+offset."""
    if offset < -4095 or offset > 4095:
        raise EncodingError("%s offset: %d is outside -4095..4095" % (what, offset))
    up = offset >= 0
    return (cond << 28 | 0x05000000 | up << 23 | byte << 22 | load << 20
            | _r(rn, what) << 16 | _r(rt, what) << 12 | abs(offset))


def load_literal_word(rt: Register, offset: int) -> int:
    """`ldr rt, [pc, #offset - 8]`: loads the word `offset` bytes after the instruction."""
    return ldst_word(True, False, "ldr", rt, PC, offset - 8, AL)


def imm_cost(arch: str, value: int) -> int:
    """How many instructions `load_imm` spends on `value` for `arch`."""
    value = check_word(value, 32, "load_imm")
    if encode_imm12(value) >= 0 or encode_imm12(~value) >= 0:
        return 1
    if arch == ARCH_V7:
        return 1 if (value >> 16) & 0xFFFF == 0 else 2
    ones = len(_pieces(value))
    zeros = len(_pieces(~value))
    return ones if ones <= zeros else zeros


def b_word(offset: int, cond: int = AL) -> int:
    # The ARM pc reads as the branch's address + 8.
    return cond << 28 | 0x0A000000 | word_offset(offset - 8, 24, "b")


def bl_word(offset: int, cond: int = AL) -> int:
    return cond << 28 | 0x0B000000 | word_offset(offset - 8, 24, "bl")


class CodeBuilder(FixedWidthCodeBuffer):
    # mov r0, r0 (0xE1A00000): the nop every ARM architecture level executes. Written as
    # the signed 32-bit word, since 0xE1A00000 is not a constant of a 32-bit target.
    NOP = -0x1E600000
    _immutable_fields_ = ["arch", "idiv"]

    def __init__(self, arch: str = ARCH_V7, idiv: bool = False) -> None:
        CodeBuffer.__init__(self)
        if arch != ARCH_V7 and arch != ARCH_V5TE:
            raise EncodingError("unknown ARM architecture '%s'; expected one of %s, %s"
                                % (arch, ARCH_V7, ARCH_V5TE))
        self.arch = arch
        self.idiv = idiv

    def _need_v7(self, what: str) -> None:
        if self.arch != ARCH_V7:
            raise EncodingError("%s needs ARMv7-A; %s does not have it" % (what, self.arch))

    def _need_vfp(self, what: str) -> None:
        if self.arch != ARCH_V7:
            raise EncodingError("%s: %s has no VFP unit (armel); float operations must be "
                                "soft-float helper calls" % (what, self.arch))

    def _d(self, reg: Register, what: str) -> int:
        self._need_vfp(what)
        return check_kind(reg, KIND_FPR, what)

    def _s(self, reg: Register, what: str) -> int:
        self._need_vfp(what)
        return check_kind(reg, KIND_SPR, what)

    # -- data processing -----------------------------------------------------------------

    def _dp(self, op: str, s: bool, rd: int, rn: int, operand2: int, imm: bool,
            cond: int) -> None:
        self.word(cond << 28 | imm << 25 | _OPCODE[op] << 21 | s << 20 | rn << 16
                  | rd << 12 | operand2)

    def _shift_field(self, shift: str, amount: int) -> int:
        code = _shift_code(shift)
        low = 1
        high = 32
        if code == _LSL:
            low, high = 0, 31
        elif code == _ROR:
            high = 31
        if amount < low or amount > high:
            raise EncodingError("%s amount: %d is outside %d..%d" % (shift, amount, low, high))
        # lsr/asr #32 are encoded as amount 0.
        return (amount % 32) << 7 | code << 5

    def _dp_rr(self, op: str, s: bool, rd: Register | None, rn: Register | None,
               rm: Register, shift: str, amount: int, cond: int) -> None:
        d = 0 if rd is None else _r(rd, op)
        n = 0 if rn is None else _r(rn, op)
        self._dp(op, s, d, n, self._shift_field(shift, amount) | _r(rm, op), False, cond)

    def _dp_ri(self, op: str, s: bool, rd: Register | None, rn: Register | None, imm: int,
               cond: int) -> None:
        field = encode_imm12(check_word(imm, 32, op + " immediate"))
        if field < 0:
            raise EncodingError("%s immediate: %s is not an 8-bit value rotated right by an "
                                "even amount" % (op, hex_str(imm)))
        d = 0 if rd is None else _r(rd, op)
        n = 0 if rn is None else _r(rn, op)
        self._dp(op, s, d, n, field, True, cond)

    def add_rr(self, rd: Register, rn: Register, rm: Register, shift: str = "lsl",
               amount: int = 0, cond: int = AL) -> None:
        self._dp_rr("add", False, rd, rn, rm, shift, amount, cond)

    def adds_rr(self, rd: Register, rn: Register, rm: Register, cond: int = AL) -> None:
        """add setting flags: V is signed overflow."""
        self._dp_rr("add", True, rd, rn, rm, "lsl", 0, cond)

    def sub_rr(self, rd: Register, rn: Register, rm: Register, shift: str = "lsl",
               amount: int = 0, cond: int = AL) -> None:
        self._dp_rr("sub", False, rd, rn, rm, shift, amount, cond)

    def subs_rr(self, rd: Register, rn: Register, rm: Register, cond: int = AL) -> None:
        self._dp_rr("sub", True, rd, rn, rm, "lsl", 0, cond)

    def and_rr(self, rd: Register, rn: Register, rm: Register, cond: int = AL) -> None:
        self._dp_rr("and", False, rd, rn, rm, "lsl", 0, cond)

    def orr_rr(self, rd: Register, rn: Register, rm: Register, cond: int = AL) -> None:
        self._dp_rr("orr", False, rd, rn, rm, "lsl", 0, cond)

    def eor_rr(self, rd: Register, rn: Register, rm: Register, cond: int = AL) -> None:
        self._dp_rr("eor", False, rd, rn, rm, "lsl", 0, cond)

    def bic_rr(self, rd: Register, rn: Register, rm: Register, cond: int = AL) -> None:
        self._dp_rr("bic", False, rd, rn, rm, "lsl", 0, cond)

    def cmp_rr(self, rn: Register, rm: Register, shift: str = "lsl", amount: int = 0,
               cond: int = AL) -> None:
        """Flags of rn - (rm shifted); `cmp hi, lo, asr #31` checks a 64-bit product."""
        self._dp_rr("cmp", True, None, rn, rm, shift, amount, cond)

    def tst_rr(self, rn: Register, rm: Register, cond: int = AL) -> None:
        self._dp_rr("tst", True, None, rn, rm, "lsl", 0, cond)

    def mov_rr(self, rd: Register, rm: Register, cond: int = AL) -> None:
        self._dp_rr("mov", False, rd, None, rm, "lsl", 0, cond)

    def mvn_rr(self, rd: Register, rm: Register, cond: int = AL) -> None:
        self._dp_rr("mvn", False, rd, None, rm, "lsl", 0, cond)

    def lsl_ri(self, rd: Register, rm: Register, amount: int, cond: int = AL) -> None:
        self._dp_rr("mov", False, rd, None, rm, "lsl", amount, cond)

    def lsr_ri(self, rd: Register, rm: Register, amount: int, cond: int = AL) -> None:
        self._dp_rr("mov", False, rd, None, rm, "lsr", amount, cond)

    def asr_ri(self, rd: Register, rm: Register, amount: int, cond: int = AL) -> None:
        self._dp_rr("mov", False, rd, None, rm, "asr", amount, cond)

    def _shift_rr(self, what: str, code: int, rd: Register, rm: Register, rs: Register,
                  cond: int) -> None:
        # Register-specified shift: amounts of 32 and more give 0 (or the sign for asr).
        operand2 = _r(rs, what) << 8 | code << 5 | 1 << 4 | _r(rm, what)
        self._dp("mov", False, _r(rd, what), 0, operand2, False, cond)

    def lsl_rr(self, rd: Register, rm: Register, rs: Register, cond: int = AL) -> None:
        self._shift_rr("lsl", _LSL, rd, rm, rs, cond)

    def lsr_rr(self, rd: Register, rm: Register, rs: Register, cond: int = AL) -> None:
        self._shift_rr("lsr", _LSR, rd, rm, rs, cond)

    def asr_rr(self, rd: Register, rm: Register, rs: Register, cond: int = AL) -> None:
        self._shift_rr("asr", _ASR, rd, rm, rs, cond)

    def add_ri(self, rd: Register, rn: Register, imm: int, cond: int = AL) -> None:
        self._dp_ri("add", False, rd, rn, imm, cond)

    def adds_ri(self, rd: Register, rn: Register, imm: int, cond: int = AL) -> None:
        self._dp_ri("add", True, rd, rn, imm, cond)

    def sub_ri(self, rd: Register, rn: Register, imm: int, cond: int = AL) -> None:
        self._dp_ri("sub", False, rd, rn, imm, cond)

    def subs_ri(self, rd: Register, rn: Register, imm: int, cond: int = AL) -> None:
        self._dp_ri("sub", True, rd, rn, imm, cond)

    def rsb_ri(self, rd: Register, rn: Register, imm: int, cond: int = AL) -> None:
        """rd = imm - rn; `rsb rd, rn, #0` negates."""
        self._dp_ri("rsb", False, rd, rn, imm, cond)

    def rsbs_ri(self, rd: Register, rn: Register, imm: int, cond: int = AL) -> None:
        self._dp_ri("rsb", True, rd, rn, imm, cond)

    def and_ri(self, rd: Register, rn: Register, imm: int, cond: int = AL) -> None:
        self._dp_ri("and", False, rd, rn, imm, cond)

    def orr_ri(self, rd: Register, rn: Register, imm: int, cond: int = AL) -> None:
        self._dp_ri("orr", False, rd, rn, imm, cond)

    def eor_ri(self, rd: Register, rn: Register, imm: int, cond: int = AL) -> None:
        self._dp_ri("eor", False, rd, rn, imm, cond)

    def bic_ri(self, rd: Register, rn: Register, imm: int, cond: int = AL) -> None:
        self._dp_ri("bic", False, rd, rn, imm, cond)

    def cmp_ri(self, rn: Register, imm: int, cond: int = AL) -> None:
        self._dp_ri("cmp", True, None, rn, imm, cond)

    def cmn_ri(self, rn: Register, imm: int, cond: int = AL) -> None:
        """Compare with -imm."""
        self._dp_ri("cmn", True, None, rn, imm, cond)

    def tst_ri(self, rn: Register, imm: int, cond: int = AL) -> None:
        self._dp_ri("tst", True, None, rn, imm, cond)

    def mov_ri(self, rd: Register, imm: int, cond: int = AL) -> None:
        self._dp_ri("mov", False, rd, None, imm, cond)

    def mvn_ri(self, rd: Register, imm: int, cond: int = AL) -> None:
        """rd = ~imm."""
        self._dp_ri("mvn", False, rd, None, imm, cond)

    # -- multiply and divide ---------------------------------------------------------------

    def mul(self, rd: Register, rn: Register, rm: Register, cond: int = AL) -> None:
        d, n, m = _r(rd, "mul"), _r(rn, "mul"), _r(rm, "mul")
        if self.arch == ARCH_V5TE and d == n:
            raise EncodingError("mul: ARMv5 requires rd and rn to differ")
        self.word(cond << 28 | d << 16 | m << 8 | 0x90 | n)

    def smull(self, rdlo: Register, rdhi: Register, rn: Register, rm: Register,
              cond: int = AL) -> None:
        """Signed 32x32->64 product: overflowed a 32-bit mul iff rdhi != rdlo asr #31."""
        lo, hi, n, m = _r(rdlo, "smull"), _r(rdhi, "smull"), _r(rn, "smull"), _r(rm, "smull")
        if lo == hi or (self.arch == ARCH_V5TE and (n == lo or n == hi)):
            raise EncodingError("smull: rdlo and rdhi must differ (and differ from rn on "
                                "ARMv5)")
        self.word(cond << 28 | 0x00C00090 | hi << 16 | lo << 12 | m << 8 | n)

    def sdiv(self, rd: Register, rn: Register, rm: Register, cond: int = AL) -> None:
        if not self.idiv:
            raise EncodingError("sdiv: this ARM target has no hardware divide (ARMv7-A "
                                "without the idiv extension, or ARMv5); call a division "
                                "helper instead")
        self.word(cond << 28 | 0x0710F010 | _r(rd, "sdiv") << 16 | _r(rm, "sdiv") << 8
                  | _r(rn, "sdiv"))

    # -- constants -----------------------------------------------------------------------

    def movw(self, rd: Register, imm16: int, cond: int = AL) -> None:
        """rd = imm16 (zero-extended)."""
        self._need_v7("movw")
        check_unsigned(imm16, 16, "movw immediate")
        self.word(cond << 28 | 0x03000000 | (imm16 >> 12) << 16 | _r(rd, "movw") << 12
                  | imm16 & 0xFFF)

    def movt(self, rd: Register, imm16: int, cond: int = AL) -> None:
        """Replace the top halfword of rd."""
        self._need_v7("movt")
        check_unsigned(imm16, 16, "movt immediate")
        self.word(cond << 28 | 0x03400000 | (imm16 >> 12) << 16 | _r(rd, "movt") << 12
                  | imm16 & 0xFFF)

    def load_imm(self, rd: Register, value: int, cond: int = AL) -> None:
        """Materialise any 32-bit constant: one mov/mvn if possible, else movw/movt on
        ARMv7, else (ARMv5) mov or mvn followed by orr or bic of the remaining pieces."""
        value = check_word(value, 32, "load_imm")
        inverted = ~value
        if encode_imm12(value) >= 0:
            self.mov_ri(rd, value, cond)
        elif encode_imm12(inverted) >= 0:
            self.mvn_ri(rd, inverted, cond)
        elif self.arch == ARCH_V7:
            self.movw(rd, value & 0xFFFF, cond)
            high = (value >> 16) & 0xFFFF
            if high:
                self.movt(rd, high, cond)
        else:
            ones, zeros = _pieces(value), _pieces(inverted)
            if len(ones) <= len(zeros):
                self.mov_ri(rd, ones[0], cond)
                for piece in ones[1:]:
                    self.orr_ri(rd, rd, piece, cond)
            else:
                self.mvn_ri(rd, zeros[0], cond)
                for piece in zeros[1:]:
                    self.bic_ri(rd, rd, piece, cond)

    # -- memory --------------------------------------------------------------------------

    def _ldst(self, load: bool, byte: bool, what: str, rt: Register, rn: Register,
              offset: int, cond: int) -> None:
        self.word(ldst_word(load, byte, what, rt, rn, offset, cond))

    def load(self, rt: Register, rn: Register, offset: int = 0, cond: int = AL) -> None:
        self._ldst(True, False, "ldr", rt, rn, offset, cond)

    def store(self, rt: Register, rn: Register, offset: int = 0, cond: int = AL) -> None:
        self._ldst(False, False, "str", rt, rn, offset, cond)

    def load_u8(self, rt: Register, rn: Register, offset: int = 0, cond: int = AL) -> None:
        """Zero-extending byte load."""
        self._ldst(True, True, "ldrb", rt, rn, offset, cond)

    def store8(self, rt: Register, rn: Register, offset: int = 0, cond: int = AL) -> None:
        self._ldst(False, True, "strb", rt, rn, offset, cond)

    def _ldst_half(self, bits: int, what: str, rt: Register, rn: Register, offset: int,
                   cond: int) -> None:
        # The ARMv4 "extra" loads and stores: halfwords and signed bytes, with an 8-bit
        # offset split around the type bits.
        if offset < -255 or offset > 255:
            raise EncodingError("%s offset: %d is outside -255..255" % (what, offset))
        up = offset >= 0
        magnitude = abs(offset)
        self.word(cond << 28 | 0x01400090 | bits | up << 23 | _r(rn, what) << 16
                  | _r(rt, what) << 12 | (magnitude >> 4) << 8 | magnitude & 15)

    def load_u16(self, rt: Register, rn: Register, offset: int = 0, cond: int = AL) -> None:
        """Zero-extending halfword load (offset -255..255)."""
        self._ldst_half(0x00100020, "ldrh", rt, rn, offset, cond)

    def load_i16(self, rt: Register, rn: Register, offset: int = 0, cond: int = AL) -> None:
        """Sign-extending halfword load (offset -255..255)."""
        self._ldst_half(0x00100060, "ldrsh", rt, rn, offset, cond)

    def load_i8(self, rt: Register, rn: Register, offset: int = 0, cond: int = AL) -> None:
        """Sign-extending byte load (offset -255..255)."""
        self._ldst_half(0x00100040, "ldrsb", rt, rn, offset, cond)

    def store16(self, rt: Register, rn: Register, offset: int = 0, cond: int = AL) -> None:
        """Halfword store (offset -255..255)."""
        self._ldst_half(0x00000020, "strh", rt, rn, offset, cond)

    def _ldst_rr(self, opcode: int, what: str, rt: Register, rn: Register, rm: Register,
                 shift: int, cond: int) -> None:
        # The register-offset form: [rn, rm, lsl #shift], P = U = 1, no writeback.
        check_unsigned(shift, 5, what + " shift")
        self.word(cond << 28 | opcode | _r(rn, what) << 16 | _r(rt, what) << 12
                  | shift << 7 | _r(rm, what))

    def load_rr(self, rt: Register, rn: Register, rm: Register, shift: int = 0,
                cond: int = AL) -> None:
        """rt = [rn + (rm << shift)]."""
        self._ldst_rr(0x07900000, "ldr", rt, rn, rm, shift, cond)

    def store_rr(self, rt: Register, rn: Register, rm: Register, shift: int = 0,
                 cond: int = AL) -> None:
        self._ldst_rr(0x07800000, "str", rt, rn, rm, shift, cond)

    def load_u8_rr(self, rt: Register, rn: Register, rm: Register, shift: int = 0,
                   cond: int = AL) -> None:
        """Zero-extending byte load from [rn + (rm << shift)]."""
        self._ldst_rr(0x07D00000, "ldrb", rt, rn, rm, shift, cond)

    def store8_rr(self, rt: Register, rn: Register, rm: Register, shift: int = 0,
                  cond: int = AL) -> None:
        self._ldst_rr(0x07C00000, "strb", rt, rn, rm, shift, cond)

    def _reglist(self, regs: list[Register], what: str) -> int:
        if not regs:
            raise EncodingError(what + ": the register list is empty")
        mask = 0
        for reg in regs:
            mask |= 1 << _r(reg, what)
        return mask

    def push(self, regs: list[Register], cond: int = AL) -> None:
        mask = self._reglist(regs, "push")
        if len(regs) == 1:
            # One register: str rt, [sp, #-4]! (what GNU as emits, and faster on many cores).
            self.word(cond << 28 | 0x052D0004 | _r(regs[0], "push") << 12)
        else:
            self.word(cond << 28 | 0x092D0000 | mask)

    def pop(self, regs: list[Register], cond: int = AL) -> None:
        """Popping pc returns (interworking on ARMv5T and later)."""
        mask = self._reglist(regs, "pop")
        if len(regs) == 1:
            self.word(cond << 28 | 0x049D0004 | _r(regs[0], "pop") << 12)
        else:
            self.word(cond << 28 | 0x08BD0000 | mask)

    # -- control flow --------------------------------------------------------------------
    # `b`/`bl` take an offset from the branch's own address (the pc+8 bias is inside);
    # the `_label` forms take a Label (the subset gives each argument one type, so one
    # method cannot take both). Each returns the branch's position, for re-patching.

    def b(self, offset: int, cond: int = AL) -> int:
        site = self.position()
        self.word(b_word(offset, cond))
        return site

    def bl(self, offset: int, cond: int = AL) -> int:
        site = self.position()
        self.word(bl_word(offset, cond))
        return site

    def b_label(self, label: Label, cond: int = AL) -> int:
        return self.b(self.label_offset(label, _B, cond), cond)

    def bl_label(self, label: Label, cond: int = AL) -> int:
        return self.bl(self.label_offset(label, _BL, cond), cond)

    def patch_branch(self, site: int, kind: int, arg: int, offset: int) -> None:
        if kind == _B:
            self.patch_word(site, b_word(offset, arg))
        else:
            self.patch_word(site, bl_word(offset, arg))

    def bx(self, rm: Register, cond: int = AL) -> None:
        self.word(cond << 28 | 0x012FFF10 | _r(rm, "bx"))

    def blx(self, rm: Register, cond: int = AL) -> None:
        """Call through a register (switches to Thumb if bit 0 is set)."""
        self.word(cond << 28 | 0x012FFF30 | _r(rm, "blx"))

    def ret(self, cond: int = AL) -> None:
        self.bx(LR, cond)

    def nop(self) -> None:
        self.word(self.NOP)

    # -- VFP doubles (ARMv7 only) ----------------------------------------------------------

    def _vfp3(self, base: int, what: str, dd: Register, dn: Register, dm: Register,
              cond: int) -> None:
        self.word(cond << 28 | base | _dfield(self._d(dd, what), 12, 22)
                  | _dfield(self._d(dn, what), 16, 7) | _dfield(self._d(dm, what), 0, 5))

    def _vfp2(self, base: int, what: str, dd: Register, dm: Register, cond: int) -> None:
        self.word(cond << 28 | base | _dfield(self._d(dd, what), 12, 22)
                  | _dfield(self._d(dm, what), 0, 5))

    def vadd(self, dd: Register, dn: Register, dm: Register, cond: int = AL) -> None:
        self._vfp3(0x0E300B00, "vadd", dd, dn, dm, cond)

    def vsub(self, dd: Register, dn: Register, dm: Register, cond: int = AL) -> None:
        self._vfp3(0x0E300B40, "vsub", dd, dn, dm, cond)

    def vmul(self, dd: Register, dn: Register, dm: Register, cond: int = AL) -> None:
        self._vfp3(0x0E200B00, "vmul", dd, dn, dm, cond)

    def vdiv(self, dd: Register, dn: Register, dm: Register, cond: int = AL) -> None:
        self._vfp3(0x0E800B00, "vdiv", dd, dn, dm, cond)

    def vcmp(self, dd: Register, dm: Register, cond: int = AL) -> None:
        """Sets the FPSCR flags; follow with vmrs to test them with a condition."""
        self._vfp2(0x0EB40B40, "vcmp", dd, dm, cond)

    def vmrs(self, cond: int = AL) -> None:
        """vmrs APSR_nzcv, fpscr: copy the float comparison flags to the core flags."""
        self._need_vfp("vmrs")
        self.word(cond << 28 | 0x0EF1FA10)

    def vmov_dd(self, dd: Register, dm: Register, cond: int = AL) -> None:
        self._vfp2(0x0EB00B40, "vmov", dd, dm, cond)

    def vneg(self, dd: Register, dm: Register, cond: int = AL) -> None:
        self._vfp2(0x0EB10B40, "vneg", dd, dm, cond)

    def vabs(self, dd: Register, dm: Register, cond: int = AL) -> None:
        self._vfp2(0x0EB00BC0, "vabs", dd, dm, cond)

    def vsqrt(self, dd: Register, dm: Register, cond: int = AL) -> None:
        self._vfp2(0x0EB10BC0, "vsqrt", dd, dm, cond)

    def vmov_d_rr(self, dm: Register, rlo: Register, rhi: Register, cond: int = AL) -> None:
        """dm = the double whose low word is rlo and high word rhi (softfp arguments)."""
        self.word(cond << 28 | 0x0C400B10 | _r(rhi, "vmov") << 16 | _r(rlo, "vmov") << 12
                  | _dfield(self._d(dm, "vmov"), 0, 5))

    def vmov_rr_d(self, rlo: Register, rhi: Register, dm: Register, cond: int = AL) -> None:
        lo, hi = _r(rlo, "vmov"), _r(rhi, "vmov")
        if lo == hi:
            raise EncodingError("vmov: the two core registers must differ")
        self.word(cond << 28 | 0x0C500B10 | hi << 16 | lo << 12
                  | _dfield(self._d(dm, "vmov"), 0, 5))

    def vmov_s_r(self, sn: Register, rt: Register, cond: int = AL) -> None:
        n = self._s(sn, "vmov")
        self.word(cond << 28 | 0x0E000A10 | (n >> 1) << 16 | _r(rt, "vmov") << 12
                  | (n & 1) << 7)

    def vmov_r_s(self, rt: Register, sn: Register, cond: int = AL) -> None:
        n = self._s(sn, "vmov")
        self.word(cond << 28 | 0x0E100A10 | (n >> 1) << 16 | _r(rt, "vmov") << 12
                  | (n & 1) << 7)

    def vcvt_f64_s32(self, dd: Register, sm: Register, cond: int = AL) -> None:
        """dd = double(signed int in sm)."""
        m = self._s(sm, "vcvt")
        self.word(cond << 28 | 0x0EB80BC0 | _dfield(self._d(dd, "vcvt"), 12, 22)
                  | (m >> 1) | (m & 1) << 5)

    def vcvt_s32_f64(self, sd: Register, dm: Register, cond: int = AL) -> None:
        """sd = dm truncated toward zero to a signed int (saturating)."""
        d = self._s(sd, "vcvt")
        self.word(cond << 28 | 0x0EBD0BC0 | (d >> 1) << 12 | (d & 1) << 22
                  | _dfield(self._d(dm, "vcvt"), 0, 5))

    def _vldst(self, base: int, what: str, dd: Register, rn: Register, offset: int,
               cond: int) -> None:
        check_multiple(offset, 4, what + " offset")
        if offset < -1020 or offset > 1020:
            raise EncodingError("%s offset: %d is outside -1020..1020" % (what, offset))
        self.word(cond << 28 | base | (offset >= 0) << 23 | _r(rn, what) << 16
                  | _dfield(self._d(dd, what), 12, 22) | abs(offset) // 4)

    def load_f64(self, dd: Register, rn: Register, offset: int = 0, cond: int = AL) -> None:
        self._vldst(0x0D100B00, "vldr", dd, rn, offset, cond)

    def store_f64(self, dd: Register, rn: Register, offset: int = 0, cond: int = AL) -> None:
        self._vldst(0x0D000B00, "vstr", dd, rn, offset, cond)

    def _vlist(self, regs: list[Register], what: str) -> int:
        numbers = [self._d(reg, what) for reg in regs]
        consecutive = len(numbers) > 0
        for i in range(len(numbers)):
            if numbers[i] != numbers[0] + i:
                consecutive = False
        if not consecutive:
            names = [reg.name for reg in regs]
            raise EncodingError("%s: the D registers must be a non-empty consecutive range, "
                                "got [%s]" % (what, ", ".join(names)))
        return _dfield(numbers[0], 12, 22) | 2 * len(numbers)

    def vpush(self, regs: list[Register], cond: int = AL) -> None:
        self.word(cond << 28 | 0x0D2D0B00 | self._vlist(regs, "vpush"))

    def vpop(self, regs: list[Register], cond: int = AL) -> None:
        self.word(cond << 28 | 0x0CBD0B00 | self._vlist(regs, "vpop"))
