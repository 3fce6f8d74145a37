"""32-bit ARM (A32) instruction encoder for ARMv7-A with VFPv3-D16 and for ARMv5TE.

Encoder only: no register allocation, no ABI. Every instruction takes `cond` (default AL).
The builder knows its architecture: `CodeBuilder("armv7")` (armhf, armel-vfp) or
`CodeBuilder("armv5te")` (armel). ARMv5TE has no movw/movt, so `load_imm` builds constants
with mov/mvn followed by orr/bic of rotated 8-bit pieces, and no VFP unit at all, so every
VFP method refuses: on armel, floats are soft-float helper calls and nothing is encoded.
ARMv7-A without the idiv extension (Cortex-A8, the armhf test CPU) has no `sdiv` either:
unless the builder is made with `idiv=True`, `sdiv` refuses and division is a helper call.
"""

from __future__ import annotations

from collections.abc import Sequence

from jit.backend.codebuf import (FixedWidthCodeBuffer, BranchTarget, Cond, EncodingError, Register,
                                 check_kind, check_multiple, check_unsigned, check_word,
                                 word_offset)
from jit.backend.arm.registers import LR

ARCHES = ("armv7", "armv5te")

_OPCODE = {"and": 0x0, "eor": 0x1, "sub": 0x2, "rsb": 0x3, "add": 0x4, "tst": 0x8,
           "cmp": 0xA, "cmn": 0xB, "orr": 0xC, "mov": 0xD, "bic": 0xE, "mvn": 0xF}
_SHIFT = {"lsl": 0, "lsr": 1, "asr": 2, "ror": 3}


def _r(reg: Register, what: str) -> int:
    return check_kind(reg, ("gpr",), what)


def _rol32(value: int, amount: int) -> int:
    amount %= 32
    return ((value << amount) | (value >> (32 - amount))) & 0xFFFFFFFF


def encode_imm12(value: int) -> int | None:
    """The rotate:imm8 field for a data-processing immediate, or None if it has none.

    The value must be an 8-bit number rotated right by an even amount. Like GNU as we take
    the smallest rotation, so encodings are canonical.
    """
    value &= 0xFFFFFFFF
    for rot in range(16):
        imm8 = _rol32(value, 2 * rot)
        if imm8 < 256:
            return rot << 8 | imm8
    return None


def _pieces(value: int) -> list[int]:
    """`value` split into rotated-imm8 pieces, from the least significant bits up."""
    pieces = []
    while value:
        low = (value & -value).bit_length() - 1
        low -= low % 2
        piece = value & (0xFF << low) & 0xFFFFFFFF
        pieces.append(piece)
        value &= ~piece
    return pieces


def b_word(offset: int, cond: Cond = Cond.AL) -> int:
    # The ARM pc reads as the branch's address + 8.
    return cond << 28 | 0x0A000000 | word_offset(offset - 8, 24, "b")


def bl_word(offset: int, cond: Cond = Cond.AL) -> int:
    return cond << 28 | 0x0B000000 | word_offset(offset - 8, 24, "bl")


class CodeBuilder(FixedWidthCodeBuffer):
    # mov r0, r0: the nop every ARM architecture level executes.
    NOP = 0xE1A00000

    def __init__(self, arch: str = "armv7", idiv: bool = False) -> None:
        super().__init__()
        if arch not in ARCHES:
            raise EncodingError(f"unknown ARM architecture {arch!r}; expected one of "
                                f"{', '.join(ARCHES)}")
        self.arch = arch
        self.idiv = idiv

    def _need_v7(self, what: str) -> None:
        if self.arch != "armv7":
            raise EncodingError(f"{what} needs ARMv7-A; {self.arch} does not have it")

    def _need_vfp(self, what: str) -> None:
        if self.arch != "armv7":
            raise EncodingError(f"{what}: {self.arch} has no VFP unit (armel); float "
                                "operations must be soft-float helper calls")

    def _d(self, reg: Register, what: str) -> int:
        self._need_vfp(what)
        return check_kind(reg, ("fpr",), what)

    def _s(self, reg: Register, what: str) -> int:
        self._need_vfp(what)
        return check_kind(reg, ("spr",), what)

    # -- data processing -----------------------------------------------------------------

    def _dp(self, op: str, s: bool, rd: int, rn: int, operand2: int, imm: bool,
            cond: Cond) -> None:
        self.word(cond << 28 | imm << 25 | _OPCODE[op] << 21 | s << 20 | rn << 16
                  | rd << 12 | operand2)

    def _shift_field(self, shift: str, amount: int) -> int:
        if shift not in _SHIFT:
            raise EncodingError(f"shift {shift!r} is not one of {', '.join(_SHIFT)}")
        low, high = (0, 31) if shift == "lsl" else (1, 31) if shift == "ror" else (1, 32)
        if not low <= amount <= high:
            raise EncodingError(f"{shift} amount: {amount} is outside {low}..{high}")
        # lsr/asr #32 are encoded as amount 0.
        return (amount % 32) << 7 | _SHIFT[shift] << 5

    def _dp_rr(self, op: str, s: bool, rd: Register | None, rn: Register | None,
               rm: Register, shift: str, amount: int, cond: Cond) -> None:
        d = 0 if rd is None else _r(rd, op)
        n = 0 if rn is None else _r(rn, op)
        self._dp(op, s, d, n, self._shift_field(shift, amount) | _r(rm, op), False, cond)

    def _dp_ri(self, op: str, s: bool, rd: Register | None, rn: Register | None, imm: int,
               cond: Cond) -> None:
        field = encode_imm12(check_word(imm, 32, f"{op} immediate"))
        if field is None:
            raise EncodingError(f"{op} immediate: {imm:#x} is not an 8-bit value rotated "
                                "right by an even amount")
        d = 0 if rd is None else _r(rd, op)
        n = 0 if rn is None else _r(rn, op)
        self._dp(op, s, d, n, field, True, cond)

    def add_rr(self, rd: Register, rn: Register, rm: Register, shift: str = "lsl",
               amount: int = 0, cond: Cond = Cond.AL) -> None:
        self._dp_rr("add", False, rd, rn, rm, shift, amount, cond)

    def adds_rr(self, rd: Register, rn: Register, rm: Register, cond: Cond = Cond.AL) -> None:
        """add setting flags: V is signed overflow."""
        self._dp_rr("add", True, rd, rn, rm, "lsl", 0, cond)

    def sub_rr(self, rd: Register, rn: Register, rm: Register, shift: str = "lsl",
               amount: int = 0, cond: Cond = Cond.AL) -> None:
        self._dp_rr("sub", False, rd, rn, rm, shift, amount, cond)

    def subs_rr(self, rd: Register, rn: Register, rm: Register, cond: Cond = Cond.AL) -> None:
        self._dp_rr("sub", True, rd, rn, rm, "lsl", 0, cond)

    def and_rr(self, rd: Register, rn: Register, rm: Register, cond: Cond = Cond.AL) -> None:
        self._dp_rr("and", False, rd, rn, rm, "lsl", 0, cond)

    def orr_rr(self, rd: Register, rn: Register, rm: Register, cond: Cond = Cond.AL) -> None:
        self._dp_rr("orr", False, rd, rn, rm, "lsl", 0, cond)

    def eor_rr(self, rd: Register, rn: Register, rm: Register, cond: Cond = Cond.AL) -> None:
        self._dp_rr("eor", False, rd, rn, rm, "lsl", 0, cond)

    def bic_rr(self, rd: Register, rn: Register, rm: Register, cond: Cond = Cond.AL) -> None:
        self._dp_rr("bic", False, rd, rn, rm, "lsl", 0, cond)

    def cmp_rr(self, rn: Register, rm: Register, shift: str = "lsl", amount: int = 0,
               cond: Cond = Cond.AL) -> None:
        """Flags of rn - (rm shifted); `cmp hi, lo, asr #31` checks a 64-bit product."""
        self._dp_rr("cmp", True, None, rn, rm, shift, amount, cond)

    def tst_rr(self, rn: Register, rm: Register, cond: Cond = Cond.AL) -> None:
        self._dp_rr("tst", True, None, rn, rm, "lsl", 0, cond)

    def mov_rr(self, rd: Register, rm: Register, cond: Cond = Cond.AL) -> None:
        self._dp_rr("mov", False, rd, None, rm, "lsl", 0, cond)

    def mvn_rr(self, rd: Register, rm: Register, cond: Cond = Cond.AL) -> None:
        self._dp_rr("mvn", False, rd, None, rm, "lsl", 0, cond)

    def lsl_ri(self, rd: Register, rm: Register, amount: int, cond: Cond = Cond.AL) -> None:
        self._dp_rr("mov", False, rd, None, rm, "lsl", amount, cond)

    def lsr_ri(self, rd: Register, rm: Register, amount: int, cond: Cond = Cond.AL) -> None:
        self._dp_rr("mov", False, rd, None, rm, "lsr", amount, cond)

    def asr_ri(self, rd: Register, rm: Register, amount: int, cond: Cond = Cond.AL) -> None:
        self._dp_rr("mov", False, rd, None, rm, "asr", amount, cond)

    def _shift_rr(self, shift: str, rd: Register, rm: Register, rs: Register,
                  cond: Cond) -> None:
        # Register-specified shift: amounts of 32 and more give 0 (or the sign for asr).
        operand2 = _r(rs, shift) << 8 | _SHIFT[shift] << 5 | 1 << 4 | _r(rm, shift)
        self._dp("mov", False, _r(rd, shift), 0, operand2, False, cond)

    def lsl_rr(self, rd: Register, rm: Register, rs: Register, cond: Cond = Cond.AL) -> None:
        self._shift_rr("lsl", rd, rm, rs, cond)

    def lsr_rr(self, rd: Register, rm: Register, rs: Register, cond: Cond = Cond.AL) -> None:
        self._shift_rr("lsr", rd, rm, rs, cond)

    def asr_rr(self, rd: Register, rm: Register, rs: Register, cond: Cond = Cond.AL) -> None:
        self._shift_rr("asr", rd, rm, rs, cond)

    def add_ri(self, rd: Register, rn: Register, imm: int, cond: Cond = Cond.AL) -> None:
        self._dp_ri("add", False, rd, rn, imm, cond)

    def adds_ri(self, rd: Register, rn: Register, imm: int, cond: Cond = Cond.AL) -> None:
        self._dp_ri("add", True, rd, rn, imm, cond)

    def sub_ri(self, rd: Register, rn: Register, imm: int, cond: Cond = Cond.AL) -> None:
        self._dp_ri("sub", False, rd, rn, imm, cond)

    def subs_ri(self, rd: Register, rn: Register, imm: int, cond: Cond = Cond.AL) -> None:
        self._dp_ri("sub", True, rd, rn, imm, cond)

    def rsb_ri(self, rd: Register, rn: Register, imm: int, cond: Cond = Cond.AL) -> None:
        """rd = imm - rn; `rsb rd, rn, #0` negates."""
        self._dp_ri("rsb", False, rd, rn, imm, cond)

    def rsbs_ri(self, rd: Register, rn: Register, imm: int, cond: Cond = Cond.AL) -> None:
        self._dp_ri("rsb", True, rd, rn, imm, cond)

    def and_ri(self, rd: Register, rn: Register, imm: int, cond: Cond = Cond.AL) -> None:
        self._dp_ri("and", False, rd, rn, imm, cond)

    def orr_ri(self, rd: Register, rn: Register, imm: int, cond: Cond = Cond.AL) -> None:
        self._dp_ri("orr", False, rd, rn, imm, cond)

    def eor_ri(self, rd: Register, rn: Register, imm: int, cond: Cond = Cond.AL) -> None:
        self._dp_ri("eor", False, rd, rn, imm, cond)

    def bic_ri(self, rd: Register, rn: Register, imm: int, cond: Cond = Cond.AL) -> None:
        self._dp_ri("bic", False, rd, rn, imm, cond)

    def cmp_ri(self, rn: Register, imm: int, cond: Cond = Cond.AL) -> None:
        self._dp_ri("cmp", True, None, rn, imm, cond)

    def cmn_ri(self, rn: Register, imm: int, cond: Cond = Cond.AL) -> None:
        """Compare with -imm."""
        self._dp_ri("cmn", True, None, rn, imm, cond)

    def tst_ri(self, rn: Register, imm: int, cond: Cond = Cond.AL) -> None:
        self._dp_ri("tst", True, None, rn, imm, cond)

    def mov_ri(self, rd: Register, imm: int, cond: Cond = Cond.AL) -> None:
        self._dp_ri("mov", False, rd, None, imm, cond)

    def mvn_ri(self, rd: Register, imm: int, cond: Cond = Cond.AL) -> None:
        """rd = ~imm."""
        self._dp_ri("mvn", False, rd, None, imm, cond)

    # -- multiply and divide ---------------------------------------------------------------

    def mul(self, rd: Register, rn: Register, rm: Register, cond: Cond = Cond.AL) -> None:
        d, n, m = _r(rd, "mul"), _r(rn, "mul"), _r(rm, "mul")
        if self.arch == "armv5te" and d == n:
            raise EncodingError("mul: ARMv5 requires rd and rn to differ")
        self.word(cond << 28 | d << 16 | m << 8 | 0x90 | n)

    def smull(self, rdlo: Register, rdhi: Register, rn: Register, rm: Register,
              cond: Cond = Cond.AL) -> None:
        """Signed 32x32->64 product: overflowed a 32-bit mul iff rdhi != rdlo asr #31."""
        lo, hi, n, m = _r(rdlo, "smull"), _r(rdhi, "smull"), _r(rn, "smull"), _r(rm, "smull")
        if lo == hi or (self.arch == "armv5te" and n in (lo, hi)):
            raise EncodingError("smull: rdlo and rdhi must differ (and differ from rn on "
                                "ARMv5)")
        self.word(cond << 28 | 0x00C00090 | hi << 16 | lo << 12 | m << 8 | n)

    def sdiv(self, rd: Register, rn: Register, rm: Register, cond: Cond = Cond.AL) -> None:
        if not self.idiv:
            raise EncodingError("sdiv: this ARM target has no hardware divide (ARMv7-A "
                                "without the idiv extension, or ARMv5); call a division "
                                "helper instead")
        self.word(cond << 28 | 0x0710F010 | _r(rd, "sdiv") << 16 | _r(rm, "sdiv") << 8
                  | _r(rn, "sdiv"))

    # -- constants -----------------------------------------------------------------------

    def movw(self, rd: Register, imm16: int, cond: Cond = Cond.AL) -> None:
        """rd = imm16 (zero-extended)."""
        self._need_v7("movw")
        check_unsigned(imm16, 16, "movw immediate")
        self.word(cond << 28 | 0x03000000 | (imm16 >> 12) << 16 | _r(rd, "movw") << 12
                  | imm16 & 0xFFF)

    def movt(self, rd: Register, imm16: int, cond: Cond = Cond.AL) -> None:
        """Replace the top halfword of rd."""
        self._need_v7("movt")
        check_unsigned(imm16, 16, "movt immediate")
        self.word(cond << 28 | 0x03400000 | (imm16 >> 12) << 16 | _r(rd, "movt") << 12
                  | imm16 & 0xFFF)

    def load_imm(self, rd: Register, value: int, cond: Cond = Cond.AL) -> None:
        """Materialise any 32-bit constant: one mov/mvn if possible, else movw/movt on
        ARMv7, else (ARMv5) mov or mvn followed by orr or bic of the remaining pieces."""
        value = check_word(value, 32, "load_imm")
        inverted = value ^ 0xFFFFFFFF
        if encode_imm12(value) is not None:
            self.mov_ri(rd, value, cond)
        elif encode_imm12(inverted) is not None:
            self.mvn_ri(rd, inverted, cond)
        elif self.arch == "armv7":
            self.movw(rd, value & 0xFFFF, cond)
            if value >> 16:
                self.movt(rd, value >> 16, cond)
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
              offset: int, cond: Cond) -> None:
        if not -4095 <= offset <= 4095:
            raise EncodingError(f"{what} offset: {offset} is outside -4095..4095")
        up = offset >= 0
        self.word(cond << 28 | 0x05000000 | up << 23 | byte << 22 | load << 20
                  | _r(rn, what) << 16 | _r(rt, what) << 12 | abs(offset))

    def load(self, rt: Register, rn: Register, offset: int = 0, cond: Cond = Cond.AL) -> None:
        self._ldst(True, False, "ldr", rt, rn, offset, cond)

    def store(self, rt: Register, rn: Register, offset: int = 0,
              cond: Cond = Cond.AL) -> None:
        self._ldst(False, False, "str", rt, rn, offset, cond)

    def load_u8(self, rt: Register, rn: Register, offset: int = 0,
                cond: Cond = Cond.AL) -> None:
        """Zero-extending byte load."""
        self._ldst(True, True, "ldrb", rt, rn, offset, cond)

    def store8(self, rt: Register, rn: Register, offset: int = 0,
               cond: Cond = Cond.AL) -> None:
        self._ldst(False, True, "strb", rt, rn, offset, cond)

    def load_rr(self, rt: Register, rn: Register, rm: Register, cond: Cond = Cond.AL) -> None:
        """rt = [rn + rm]."""
        self.word(cond << 28 | 0x07900000 | _r(rn, "ldr") << 16 | _r(rt, "ldr") << 12
                  | _r(rm, "ldr"))

    def store_rr(self, rt: Register, rn: Register, rm: Register,
                 cond: Cond = Cond.AL) -> None:
        self.word(cond << 28 | 0x07800000 | _r(rn, "str") << 16 | _r(rt, "str") << 12
                  | _r(rm, "str"))

    def _reglist(self, regs: Sequence[Register], what: str) -> int:
        if not regs:
            raise EncodingError(f"{what}: the register list is empty")
        mask = 0
        for reg in regs:
            mask |= 1 << _r(reg, what)
        return mask

    def push(self, regs: Sequence[Register], cond: Cond = Cond.AL) -> None:
        mask = self._reglist(regs, "push")
        if len(regs) == 1:
            # One register: str rt, [sp, #-4]! (what GNU as emits, and faster on many cores).
            self.word(cond << 28 | 0x052D0004 | _r(regs[0], "push") << 12)
        else:
            self.word(cond << 28 | 0x092D0000 | mask)

    def pop(self, regs: Sequence[Register], cond: Cond = Cond.AL) -> None:
        """Popping pc returns (interworking on ARMv5T and later)."""
        mask = self._reglist(regs, "pop")
        if len(regs) == 1:
            self.word(cond << 28 | 0x049D0004 | _r(regs[0], "pop") << 12)
        else:
            self.word(cond << 28 | 0x08BD0000 | mask)

    # -- control flow --------------------------------------------------------------------

    def b(self, target: BranchTarget, cond: Cond = Cond.AL) -> int:
        return self.branch_word(target, lambda offset: b_word(offset, cond))

    def bl(self, target: BranchTarget, cond: Cond = Cond.AL) -> int:
        return self.branch_word(target, lambda offset: bl_word(offset, cond))

    def bx(self, rm: Register, cond: Cond = Cond.AL) -> None:
        self.word(cond << 28 | 0x012FFF10 | _r(rm, "bx"))

    def blx(self, rm: Register, cond: Cond = Cond.AL) -> None:
        """Call through a register (switches to Thumb if bit 0 is set)."""
        self.word(cond << 28 | 0x012FFF30 | _r(rm, "blx"))

    def ret(self, cond: Cond = Cond.AL) -> None:
        self.bx(LR, cond)

    def nop(self) -> None:
        self.word(self.NOP)

    # -- VFP doubles (ARMv7 only) ----------------------------------------------------------

    @staticmethod
    def _dfield(n: int, low_shift: int, high_shift: int) -> int:
        """A D register split into its 4-bit field and its extra high bit."""
        return (n & 15) << low_shift | (n >> 4) << high_shift

    def _vfp3(self, base: int, what: str, dd: Register, dn: Register, dm: Register,
              cond: Cond) -> None:
        self.word(cond << 28 | base | self._dfield(self._d(dd, what), 12, 22)
                  | self._dfield(self._d(dn, what), 16, 7) | self._dfield(self._d(dm, what), 0, 5))

    def _vfp2(self, base: int, what: str, dd: Register, dm: Register, cond: Cond) -> None:
        self.word(cond << 28 | base | self._dfield(self._d(dd, what), 12, 22)
                  | self._dfield(self._d(dm, what), 0, 5))

    def vadd(self, dd: Register, dn: Register, dm: Register, cond: Cond = Cond.AL) -> None:
        self._vfp3(0x0E300B00, "vadd", dd, dn, dm, cond)

    def vsub(self, dd: Register, dn: Register, dm: Register, cond: Cond = Cond.AL) -> None:
        self._vfp3(0x0E300B40, "vsub", dd, dn, dm, cond)

    def vmul(self, dd: Register, dn: Register, dm: Register, cond: Cond = Cond.AL) -> None:
        self._vfp3(0x0E200B00, "vmul", dd, dn, dm, cond)

    def vdiv(self, dd: Register, dn: Register, dm: Register, cond: Cond = Cond.AL) -> None:
        self._vfp3(0x0E800B00, "vdiv", dd, dn, dm, cond)

    def vcmp(self, dd: Register, dm: Register, cond: Cond = Cond.AL) -> None:
        """Sets the FPSCR flags; follow with vmrs to test them with a condition."""
        self._vfp2(0x0EB40B40, "vcmp", dd, dm, cond)

    def vmrs(self, cond: Cond = Cond.AL) -> None:
        """vmrs APSR_nzcv, fpscr: copy the float comparison flags to the core flags."""
        self._need_vfp("vmrs")
        self.word(cond << 28 | 0x0EF1FA10)

    def vmov_dd(self, dd: Register, dm: Register, cond: Cond = Cond.AL) -> None:
        self._vfp2(0x0EB00B40, "vmov", dd, dm, cond)

    def vneg(self, dd: Register, dm: Register, cond: Cond = Cond.AL) -> None:
        self._vfp2(0x0EB10B40, "vneg", dd, dm, cond)

    def vabs(self, dd: Register, dm: Register, cond: Cond = Cond.AL) -> None:
        self._vfp2(0x0EB00BC0, "vabs", dd, dm, cond)

    def vsqrt(self, dd: Register, dm: Register, cond: Cond = Cond.AL) -> None:
        self._vfp2(0x0EB10BC0, "vsqrt", dd, dm, cond)

    def vmov_d_rr(self, dm: Register, rlo: Register, rhi: Register,
                  cond: Cond = Cond.AL) -> None:
        """dm = the double whose low word is rlo and high word rhi (softfp arguments)."""
        self.word(cond << 28 | 0x0C400B10 | _r(rhi, "vmov") << 16 | _r(rlo, "vmov") << 12
                  | self._dfield(self._d(dm, "vmov"), 0, 5))

    def vmov_rr_d(self, rlo: Register, rhi: Register, dm: Register,
                  cond: Cond = Cond.AL) -> None:
        lo, hi = _r(rlo, "vmov"), _r(rhi, "vmov")
        if lo == hi:
            raise EncodingError("vmov: the two core registers must differ")
        self.word(cond << 28 | 0x0C500B10 | hi << 16 | lo << 12
                  | self._dfield(self._d(dm, "vmov"), 0, 5))

    def vmov_s_r(self, sn: Register, rt: Register, cond: Cond = Cond.AL) -> None:
        n = self._s(sn, "vmov")
        self.word(cond << 28 | 0x0E000A10 | (n >> 1) << 16 | _r(rt, "vmov") << 12
                  | (n & 1) << 7)

    def vmov_r_s(self, rt: Register, sn: Register, cond: Cond = Cond.AL) -> None:
        n = self._s(sn, "vmov")
        self.word(cond << 28 | 0x0E100A10 | (n >> 1) << 16 | _r(rt, "vmov") << 12
                  | (n & 1) << 7)

    def vcvt_f64_s32(self, dd: Register, sm: Register, cond: Cond = Cond.AL) -> None:
        """dd = double(signed int in sm)."""
        m = self._s(sm, "vcvt")
        self.word(cond << 28 | 0x0EB80BC0 | self._dfield(self._d(dd, "vcvt"), 12, 22)
                  | (m >> 1) | (m & 1) << 5)

    def vcvt_s32_f64(self, sd: Register, dm: Register, cond: Cond = Cond.AL) -> None:
        """sd = dm truncated toward zero to a signed int (saturating)."""
        d = self._s(sd, "vcvt")
        self.word(cond << 28 | 0x0EBD0BC0 | (d >> 1) << 12 | (d & 1) << 22
                  | self._dfield(self._d(dm, "vcvt"), 0, 5))

    def _vldst(self, base: int, what: str, dd: Register, rn: Register, offset: int,
               cond: Cond) -> None:
        check_multiple(offset, 4, f"{what} offset")
        if not -1020 <= offset <= 1020:
            raise EncodingError(f"{what} offset: {offset} is outside -1020..1020")
        self.word(cond << 28 | base | (offset >= 0) << 23 | _r(rn, what) << 16
                  | self._dfield(self._d(dd, what), 12, 22) | abs(offset) // 4)

    def load_f64(self, dd: Register, rn: Register, offset: int = 0,
                 cond: Cond = Cond.AL) -> None:
        self._vldst(0x0D100B00, "vldr", dd, rn, offset, cond)

    def store_f64(self, dd: Register, rn: Register, offset: int = 0,
                  cond: Cond = Cond.AL) -> None:
        self._vldst(0x0D000B00, "vstr", dd, rn, offset, cond)

    def _vlist(self, regs: Sequence[Register], what: str) -> int:
        numbers = [self._d(reg, what) for reg in regs]
        if not numbers or numbers != list(range(numbers[0], numbers[0] + len(numbers))):
            raise EncodingError(f"{what}: the D registers must be a non-empty consecutive "
                                f"range, got {list(regs)}")
        return self._dfield(numbers[0], 12, 22) | 2 * len(numbers)

    def vpush(self, regs: Sequence[Register], cond: Cond = Cond.AL) -> None:
        self.word(cond << 28 | 0x0D2D0B00 | self._vlist(regs, "vpush"))

    def vpop(self, regs: Sequence[Register], cond: Cond = Cond.AL) -> None:
        self.word(cond << 28 | 0x0CBD0B00 | self._vlist(regs, "vpop"))
