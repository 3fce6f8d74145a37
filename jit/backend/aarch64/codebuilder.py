"""AArch64 instruction encoder: 64-bit integer ALU, memory, branches and scalar doubles.

Encoder only: no register allocation, no ABI. Operands follow the assembler's order
(destination first, three-operand). Register 31 is SP in some fields and XZR in others;
`_x` checks which the field accepts. Immediate forms raise `EncodingError` when the value
has no encoding; `load_imm` and the `*_ri` helpers of the assembler pick what fits.
"""

from __future__ import annotations

from jit.backend.codebuf import (FixedWidthCodeBuffer, BranchTarget, Cond, EncodingError, Register,
                                 check_kind, check_multiple, check_signed, check_unsigned,
                                 check_word, word_offset)
from jit.backend.aarch64.registers import XZR

_MASK64 = (1 << 64) - 1


def _x(reg: Register, what: str, sp: bool = False) -> int:
    """A 64-bit integer register field; `sp` says whether 31 means SP (else XZR)."""
    return check_kind(reg, ("gpr", "sp") if sp else ("gpr", "zr"), what)


def _d(reg: Register, what: str) -> int:
    return check_kind(reg, ("fpr",), what)


def encode_bitmask(value: int) -> int | None:
    """The N:immr:imms field of a logical immediate, or None if `value` has none.

    A logical immediate is a run of ones, rotated, repeated to fill 64 bits with an
    element of 2, 4, ..., 64 bits. All-zeros and all-ones are not encodable.
    """
    value &= _MASK64
    if value in (0, _MASK64):
        return None
    size = 64
    while size > 2:
        half = size // 2
        if (value >> half) & ((1 << half) - 1) != value & ((1 << half) - 1):
            break
        size = half
    elem_mask = (1 << size) - 1
    elem = value & elem_mask
    ones = bin(elem).count("1")
    run = (1 << ones) - 1
    for rotate in range(size):
        # Rotating the element left by `rotate` must give the run of ones at bit 0.
        rotated = ((elem << rotate) | (elem >> (size - rotate))) & elem_mask
        if rotated == run:
            n = 1 if size == 64 else 0
            imms = (~(2 * size - 1) & 0x3F) | (ones - 1)
            return n << 12 | rotate << 6 | imms
    return None


def b_word(offset: int) -> int:
    return 0x14000000 | word_offset(offset, 26, "b")


def bl_word(offset: int) -> int:
    return 0x94000000 | word_offset(offset, 26, "bl")


def b_cond_word(cond: Cond, offset: int) -> int:
    return 0x54000000 | word_offset(offset, 19, "b.cond") << 5 | cond


class CodeBuilder(FixedWidthCodeBuffer):
    NOP = 0xD503201F

    # -- integer ALU, register forms -----------------------------------------------------

    def _rrr(self, base: int, rd: int, rn: int, rm: int) -> None:
        self.word(base | rm << 16 | rn << 5 | rd)

    def _shifted(self, base: int, what: str, rd: Register, rn: Register, rm: Register) -> None:
        self._rrr(base, _x(rd, what), _x(rn, what), _x(rm, what))

    def add_rr(self, rd: Register, rn: Register, rm: Register) -> None:
        self._shifted(0x8B000000, "add", rd, rn, rm)

    def adds_rr(self, rd: Register, rn: Register, rm: Register) -> None:
        """add setting flags: V is signed overflow."""
        self._shifted(0xAB000000, "adds", rd, rn, rm)

    def sub_rr(self, rd: Register, rn: Register, rm: Register) -> None:
        self._shifted(0xCB000000, "sub", rd, rn, rm)

    def subs_rr(self, rd: Register, rn: Register, rm: Register) -> None:
        self._shifted(0xEB000000, "subs", rd, rn, rm)

    def and_rr(self, rd: Register, rn: Register, rm: Register) -> None:
        self._shifted(0x8A000000, "and", rd, rn, rm)

    def orr_rr(self, rd: Register, rn: Register, rm: Register) -> None:
        self._shifted(0xAA000000, "orr", rd, rn, rm)

    def eor_rr(self, rd: Register, rn: Register, rm: Register) -> None:
        self._shifted(0xCA000000, "eor", rd, rn, rm)

    def mov_rr(self, rd: Register, rm: Register) -> None:
        """Register move; a move to or from SP is `add rd, rn, #0` instead."""
        if rd.kind == "sp" or rm.kind == "sp":
            self.add_ri(rd, rm, 0)
        else:
            self.orr_rr(rd, XZR, rm)

    def mvn(self, rd: Register, rm: Register) -> None:
        self._shifted(0xAA200000, "mvn", rd, XZR, rm)

    def neg(self, rd: Register, rm: Register) -> None:
        self.sub_rr(rd, XZR, rm)

    def negs(self, rd: Register, rm: Register) -> None:
        """neg setting flags: V set for the most negative number."""
        self.subs_rr(rd, XZR, rm)

    def cmp_rr(self, rn: Register, rm: Register) -> None:
        self.subs_rr(XZR, rn, rm)

    def tst_rr(self, rn: Register, rm: Register) -> None:
        self._shifted(0xEA000000, "tst", XZR, rn, rm)

    def mul(self, rd: Register, rn: Register, rm: Register) -> None:
        self.word(0x9B007C00 | _x(rm, "mul") << 16 | _x(rn, "mul") << 5 | _x(rd, "mul"))

    def smulh(self, rd: Register, rn: Register, rm: Register) -> None:
        """High 64 bits of the signed 128-bit product: with `mul`, detects overflow."""
        self._shifted(0x9B407C00, "smulh", rd, rn, rm)

    def sdiv(self, rd: Register, rn: Register, rm: Register) -> None:
        """Signed division rounding toward zero; x/0 gives 0 (no trap)."""
        self._shifted(0x9AC00C00, "sdiv", rd, rn, rm)

    def msub(self, rd: Register, rn: Register, rm: Register, ra: Register) -> None:
        """rd = ra - rn * rm (the remainder after sdiv)."""
        self.word(0x9B008000 | _x(rm, "msub") << 16 | _x(ra, "msub") << 10
                  | _x(rn, "msub") << 5 | _x(rd, "msub"))

    def lsl_rr(self, rd: Register, rn: Register, rm: Register) -> None:
        self._shifted(0x9AC02000, "lsl", rd, rn, rm)

    def lsr_rr(self, rd: Register, rn: Register, rm: Register) -> None:
        self._shifted(0x9AC02400, "lsr", rd, rn, rm)

    def asr_rr(self, rd: Register, rn: Register, rm: Register) -> None:
        self._shifted(0x9AC02800, "asr", rd, rn, rm)

    def csel(self, cond: Cond, rd: Register, rn: Register, rm: Register) -> None:
        self.word(0x9A800000 | _x(rm, "csel") << 16 | cond << 12 | _x(rn, "csel") << 5
                  | _x(rd, "csel"))

    def cset(self, cond: Cond, rd: Register) -> None:
        """rd = 1 if cond else 0 (csinc rd, xzr, xzr, !cond)."""
        self.word(0x9A800400 | 31 << 16 | cond.invert() << 12 | 31 << 5 | _x(rd, "cset"))

    # -- integer ALU, immediate forms ----------------------------------------------------

    def _arith_imm(self, base: int, what: str, rd: int, rn: int, imm: int) -> None:
        check_unsigned(imm, 24, f"{what} immediate")
        if imm < 4096:
            self.word(base | imm << 10 | rn << 5 | rd)
        elif imm & 0xFFF == 0:
            self.word(base | 1 << 22 | (imm >> 12) << 10 | rn << 5 | rd)
        else:
            raise EncodingError(f"{what} immediate: {imm} is neither 0..4095 nor a multiple "
                                "of 4096 up to 16773120")

    def add_ri(self, rd: Register, rn: Register, imm: int) -> None:
        self._arith_imm(0x91000000, "add", _x(rd, "add", sp=True), _x(rn, "add", sp=True), imm)

    def sub_ri(self, rd: Register, rn: Register, imm: int) -> None:
        self._arith_imm(0xD1000000, "sub", _x(rd, "sub", sp=True), _x(rn, "sub", sp=True), imm)

    def adds_ri(self, rd: Register, rn: Register, imm: int) -> None:
        self._arith_imm(0xB1000000, "adds", _x(rd, "adds"), _x(rn, "adds", sp=True), imm)

    def subs_ri(self, rd: Register, rn: Register, imm: int) -> None:
        self._arith_imm(0xF1000000, "subs", _x(rd, "subs"), _x(rn, "subs", sp=True), imm)

    def cmp_ri(self, rn: Register, imm: int) -> None:
        self.subs_ri(XZR, rn, imm)

    def cmn_ri(self, rn: Register, imm: int) -> None:
        """Compare with -imm."""
        self.adds_ri(XZR, rn, imm)

    def _logical_imm(self, base: int, what: str, rd: int, rn: int, imm: int) -> None:
        field = encode_bitmask(check_word(imm, 64, f"{what} immediate"))
        if field is None:
            raise EncodingError(f"{what} immediate: {imm:#x} is not a logical (bitmask) "
                                "immediate: a rotated run of ones repeated in 2..64-bit "
                                "elements, never 0 or all ones")
        self.word(base | field << 10 | rn << 5 | rd)

    def and_ri(self, rd: Register, rn: Register, imm: int) -> None:
        self._logical_imm(0x92000000, "and", _x(rd, "and", sp=True), _x(rn, "and"), imm)

    def orr_ri(self, rd: Register, rn: Register, imm: int) -> None:
        self._logical_imm(0xB2000000, "orr", _x(rd, "orr", sp=True), _x(rn, "orr"), imm)

    def eor_ri(self, rd: Register, rn: Register, imm: int) -> None:
        self._logical_imm(0xD2000000, "eor", _x(rd, "eor", sp=True), _x(rn, "eor"), imm)

    def tst_ri(self, rn: Register, imm: int) -> None:
        self._logical_imm(0xF2000000, "tst", 31, _x(rn, "tst"), imm)

    def _bitfield(self, base: int, what: str, rd: Register, rn: Register, immr: int,
                  imms: int) -> None:
        self.word(base | immr << 16 | imms << 10 | _x(rn, what) << 5 | _x(rd, what))

    def lsl_ri(self, rd: Register, rn: Register, amount: int) -> None:
        check_unsigned(amount, 6, "lsl amount")
        self._bitfield(0xD3400000, "lsl", rd, rn, -amount % 64, 63 - amount)

    def lsr_ri(self, rd: Register, rn: Register, amount: int) -> None:
        check_unsigned(amount, 6, "lsr amount")
        self._bitfield(0xD3400000, "lsr", rd, rn, amount, 63)

    def asr_ri(self, rd: Register, rn: Register, amount: int) -> None:
        check_unsigned(amount, 6, "asr amount")
        self._bitfield(0x93400000, "asr", rd, rn, amount, 63)

    # -- constants -----------------------------------------------------------------------

    def _wide(self, base: int, what: str, rd: Register, imm16: int, shift: int) -> None:
        check_unsigned(imm16, 16, f"{what} immediate")
        if shift not in (0, 16, 32, 48):
            raise EncodingError(f"{what} shift: {shift} is not 0, 16, 32 or 48")
        self.word(base | (shift // 16) << 21 | imm16 << 5 | _x(rd, what))

    def movz(self, rd: Register, imm16: int, shift: int = 0) -> None:
        self._wide(0xD2800000, "movz", rd, imm16, shift)

    def movn(self, rd: Register, imm16: int, shift: int = 0) -> None:
        """rd = ~(imm16 << shift)."""
        self._wide(0x92800000, "movn", rd, imm16, shift)

    def movk(self, rd: Register, imm16: int, shift: int = 0) -> None:
        """Replace one halfword of rd, keeping the others."""
        self._wide(0xF2800000, "movk", rd, imm16, shift)

    def load_imm(self, rd: Register, value: int) -> None:
        """Materialise any 64-bit constant in at most four instructions.

        One movz/movn or one orr with a logical immediate when possible; otherwise start
        from all-zeros (movz) or all-ones (movn), whichever leaves fewer halfwords for movk.
        """
        value = check_word(value, 64, "load_imm")
        halves = [(value >> shift) & 0xFFFF for shift in (0, 16, 32, 48)]
        zeros, ones = halves.count(0), halves.count(0xFFFF)
        if zeros < 3 and ones < 3 and encode_bitmask(value) is not None:
            self.orr_ri(rd, XZR, value)
            return
        fill = 0xFFFF if ones > zeros else 0
        todo = [(h, 16 * i) for i, h in enumerate(halves) if h != fill] or [(fill, 0)]
        first, shift = todo[0]
        if fill:
            self.movn(rd, first ^ 0xFFFF, shift)
        else:
            self.movz(rd, first, shift)
        for half, shift in todo[1:]:
            self.movk(rd, half, shift)

    # -- memory --------------------------------------------------------------------------

    def _ldst(self, scaled: int, unscaled: int, size: int, what: str, rt: int,
              rn: Register, offset: int) -> None:
        """Scaled unsigned 12-bit offset when it fits, else the unscaled signed 9-bit form."""
        n = _x(rn, what, sp=True)
        if offset >= 0 and offset % size == 0 and offset // size < 4096:
            self.word(scaled | (offset // size) << 10 | n << 5 | rt)
        elif -256 <= offset < 256:
            self.word(unscaled | (offset & 0x1FF) << 12 | n << 5 | rt)
        else:
            raise EncodingError(f"{what} offset: {offset} is neither a multiple of {size} in "
                                f"0..{4095 * size} nor in -256..255")

    def load(self, rt: Register, rn: Register, offset: int = 0) -> None:
        self._ldst(0xF9400000, 0xF8400000, 8, "ldr", _x(rt, "ldr"), rn, offset)

    def store(self, rt: Register, rn: Register, offset: int = 0) -> None:
        self._ldst(0xF9000000, 0xF8000000, 8, "str", _x(rt, "str"), rn, offset)

    def load_u8(self, rt: Register, rn: Register, offset: int = 0) -> None:
        """Zero-extending byte load."""
        self._ldst(0x39400000, 0x38400000, 1, "ldrb", _x(rt, "ldrb"), rn, offset)

    def store8(self, rt: Register, rn: Register, offset: int = 0) -> None:
        self._ldst(0x39000000, 0x38000000, 1, "strb", _x(rt, "strb"), rn, offset)

    def load_f64(self, dt: Register, rn: Register, offset: int = 0) -> None:
        self._ldst(0xFD400000, 0xFC400000, 8, "ldr", _d(dt, "ldr"), rn, offset)

    def store_f64(self, dt: Register, rn: Register, offset: int = 0) -> None:
        self._ldst(0xFD000000, 0xFC000000, 8, "str", _d(dt, "str"), rn, offset)

    def load_rr(self, rt: Register, rn: Register, rm: Register) -> None:
        """rt = [rn + rm]."""
        self._rrr(0xF8606800, _x(rt, "ldr"), _x(rn, "ldr", sp=True), _x(rm, "ldr"))

    def store_rr(self, rt: Register, rn: Register, rm: Register) -> None:
        self._rrr(0xF8206800, _x(rt, "str"), _x(rn, "str", sp=True), _x(rm, "str"))

    def _pair(self, base: int, what: str, t1: int, t2: int, rn: Register, offset: int) -> None:
        check_multiple(offset, 8, f"{what} offset")
        check_signed(offset // 8, 7, f"{what} offset / 8")
        self.word(base | ((offset // 8) & 0x7F) << 15 | t2 << 10 | _x(rn, what, sp=True) << 5
                  | t1)

    # Pair forms: `mode` is "offset" ([rn, #off]), "pre" ([rn, #off]!) or "post" ([rn], #off).
    _PAIR_MODE = {"post": 0x00800000, "offset": 0x01000000, "pre": 0x01800000}

    def _pair_mode(self, mode: str) -> int:
        if mode not in self._PAIR_MODE:
            raise EncodingError(f"pair addressing mode {mode!r} is not offset, pre or post")
        return self._PAIR_MODE[mode]

    def stp(self, r1: Register, r2: Register, rn: Register, offset: int,
            mode: str = "offset") -> None:
        self._pair(0xA8000000 | self._pair_mode(mode), "stp", _x(r1, "stp"), _x(r2, "stp"),
                   rn, offset)

    def ldp(self, r1: Register, r2: Register, rn: Register, offset: int,
            mode: str = "offset") -> None:
        self._pair(0xA8400000 | self._pair_mode(mode), "ldp", _x(r1, "ldp"), _x(r2, "ldp"),
                   rn, offset)

    def stp_d(self, d1: Register, d2: Register, rn: Register, offset: int,
              mode: str = "offset") -> None:
        self._pair(0x6C000000 | self._pair_mode(mode), "stp", _d(d1, "stp"), _d(d2, "stp"),
                   rn, offset)

    def ldp_d(self, d1: Register, d2: Register, rn: Register, offset: int,
              mode: str = "offset") -> None:
        self._pair(0x6C400000 | self._pair_mode(mode), "ldp", _d(d1, "ldp"), _d(d2, "ldp"),
                   rn, offset)

    # -- control flow --------------------------------------------------------------------

    def b(self, target: BranchTarget) -> int:
        return self.branch_word(target, b_word)

    def bl(self, target: BranchTarget) -> int:
        return self.branch_word(target, bl_word)

    def b_cond(self, cond: Cond, target: BranchTarget) -> int:
        return self.branch_word(target, lambda offset: b_cond_word(cond, offset))

    def cbz(self, rt: Register, target: BranchTarget) -> int:
        t = _x(rt, "cbz")
        return self.branch_word(
            target, lambda offset: 0xB4000000 | word_offset(offset, 19, "cbz") << 5 | t)

    def cbnz(self, rt: Register, target: BranchTarget) -> int:
        t = _x(rt, "cbnz")
        return self.branch_word(
            target, lambda offset: 0xB5000000 | word_offset(offset, 19, "cbnz") << 5 | t)

    def br(self, rn: Register) -> None:
        self.word(0xD61F0000 | _x(rn, "br") << 5)

    def blr(self, rn: Register) -> None:
        self.word(0xD63F0000 | _x(rn, "blr") << 5)

    def ret(self, rn: Register | None = None) -> None:
        self.word(0xD65F0000 | (30 if rn is None else _x(rn, "ret")) << 5)

    def brk(self, imm16: int = 0) -> None:
        self.word(0xD4200000 | check_unsigned(imm16, 16, "brk immediate") << 5)

    def nop(self) -> None:
        self.word(self.NOP)

    # -- scalar doubles (FP/SIMD) --------------------------------------------------------

    def _fp(self, base: int, what: str, dd: Register, dn: Register, dm: Register) -> None:
        self._rrr(base, _d(dd, what), _d(dn, what), _d(dm, what))

    def fadd(self, dd: Register, dn: Register, dm: Register) -> None:
        self._fp(0x1E602800, "fadd", dd, dn, dm)

    def fsub(self, dd: Register, dn: Register, dm: Register) -> None:
        self._fp(0x1E603800, "fsub", dd, dn, dm)

    def fmul(self, dd: Register, dn: Register, dm: Register) -> None:
        self._fp(0x1E600800, "fmul", dd, dn, dm)

    def fdiv(self, dd: Register, dn: Register, dm: Register) -> None:
        self._fp(0x1E601800, "fdiv", dd, dn, dm)

    def fcmp(self, dn: Register, dm: Register) -> None:
        """Sets NZCV; unordered gives C and V (LT/LE/NE/VS true, MI false for NaN)."""
        self._rrr(0x1E602000, 0, _d(dn, "fcmp"), _d(dm, "fcmp"))

    def _fp1(self, base: int, rd: int, rn: int) -> None:
        self.word(base | rn << 5 | rd)

    def fmov_dd(self, dd: Register, dn: Register) -> None:
        self._fp1(0x1E604000, _d(dd, "fmov"), _d(dn, "fmov"))

    def fneg(self, dd: Register, dn: Register) -> None:
        self._fp1(0x1E614000, _d(dd, "fneg"), _d(dn, "fneg"))

    def fabs(self, dd: Register, dn: Register) -> None:
        self._fp1(0x1E60C000, _d(dd, "fabs"), _d(dn, "fabs"))

    def fsqrt(self, dd: Register, dn: Register) -> None:
        self._fp1(0x1E61C000, _d(dd, "fsqrt"), _d(dn, "fsqrt"))

    def fmov_xd(self, rd: Register, dn: Register) -> None:
        """Bit copy of a double into a general register."""
        self._fp1(0x9E660000, _x(rd, "fmov"), _d(dn, "fmov"))

    def fmov_dx(self, dd: Register, rn: Register) -> None:
        """Bit copy of a general register into a double register."""
        self._fp1(0x9E670000, _d(dd, "fmov"), _x(rn, "fmov"))

    def scvtf(self, dd: Register, rn: Register) -> None:
        """double(dd) = signed 64-bit rn."""
        self._fp1(0x9E620000, _d(dd, "scvtf"), _x(rn, "scvtf"))

    def fcvtzs(self, rd: Register, dn: Register) -> None:
        """Signed 64-bit rd = dn truncated toward zero (saturating)."""
        self._fp1(0x9E780000, _x(rd, "fcvtzs"), _d(dn, "fcvtzs"))

