"""AArch64 instruction encoder: 64-bit integer ALU, memory, branches and scalar doubles.

Encoder only: no register allocation, no ABI. Operands follow the assembler's order
(destination first, three-operand). Register 31 is SP in some fields and XZR in others;
`_x` checks which the field accepts. Immediate forms raise `EncodingError` when the value
has no encoding; `load_imm` and the `*_ri` helpers of the assembler pick what fits.
Written in Kiln's subset (see codebuf.py) for a 64-bit target: the logical-immediate
search works on `r_uint`, whose shifts are logical, as the rotations need.
"""

from __future__ import annotations

from jit.backend.aarch64.registers import XZR
from jit.backend.codebuf import (KIND_FPR, KIND_GPR, KIND_SP, KIND_ZR, EncodingError,
                                 FixedWidthCodeBuffer, Label, Register, check_kind,
                                 check_multiple, check_signed, check_unsigned, check_word,
                                 hex_str, invert_cond, word_offset)
from toolchain.rlib.rarithmetic import r_uint

# Branch kinds of the fix-ups (see CodeBuffer.label_offset).
_B = 0
_BL = 1
_BCOND = 2
_CBZ = 3
_CBNZ = 4

# Pair addressing: [rn], #off (post), [rn, #off] (offset), [rn, #off]! (pre).
_PAIR_POST = 0x00800000
_PAIR_OFFSET = 0x01000000
_PAIR_PRE = 0x01800000


def _x(reg: Register, what: str, sp: bool) -> int:
    """A 64-bit integer register field; `sp` says whether 31 means SP (else XZR)."""
    if sp:
        return check_kind(reg, KIND_GPR | KIND_SP, what)
    return check_kind(reg, KIND_GPR | KIND_ZR, what)


def _d(reg: Register, what: str) -> int:
    return check_kind(reg, KIND_FPR, what)


def _ones_mask(size: int) -> r_uint:
    """`size` low one bits, 1 <= size <= 64, without shifting by the word size."""
    return ((r_uint(1) << (size - 1)) << 1) - 1 if size < 64 else ~r_uint(0)


def _popcount(value: r_uint) -> int:
    count = 0
    while value:
        if value & 1:
            count += 1
        value = value >> 1
    return count


def encode_bitmask(value: int) -> int:
    """The N:immr:imms field of a logical immediate, or -1 if `value` has none.

    A logical immediate is a run of ones, rotated, repeated to fill 64 bits with an
    element of 2, 4, ..., 64 bits. All-zeros and all-ones are not encodable.
    """
    v = r_uint(value)
    if v == 0 or v == ~r_uint(0):
        return -1
    size = 64
    while size > 2:
        half = size // 2
        low = _ones_mask(half)
        if (v >> half) & low != v & low:
            break
        size = half
    elem_mask = _ones_mask(size)
    elem = v & elem_mask
    ones = _popcount(elem)
    run = _ones_mask(ones)
    for rotate in range(size):
        # Rotating the element left by `rotate` must give the run of ones at bit 0.
        rotated = elem
        if rotate:
            rotated = ((elem << rotate) | (elem >> (size - rotate))) & elem_mask
        if rotated == run:
            n = 1 if size == 64 else 0
            imms = (~(2 * size - 1) & 0x3F) | (ones - 1)
            return n << 12 | rotate << 6 | imms
    return -1


def b_word(offset: int) -> int:
    return 0x14000000 | word_offset(offset, 26, "b")


def bl_word(offset: int) -> int:
    return 0x94000000 | word_offset(offset, 26, "bl")


def b_cond_word(cond: int, offset: int) -> int:
    return 0x54000000 | word_offset(offset, 19, "b.cond") << 5 | cond


def cbz_word(rt: int, offset: int) -> int:
    return 0xB4000000 | word_offset(offset, 19, "cbz") << 5 | rt


def cbnz_word(rt: int, offset: int) -> int:
    return 0xB5000000 | word_offset(offset, 19, "cbnz") << 5 | rt


def _pair_mode(mode: str) -> int:
    if mode == "offset":
        return _PAIR_OFFSET
    if mode == "pre":
        return _PAIR_PRE
    if mode == "post":
        return _PAIR_POST
    raise EncodingError("pair addressing mode '%s' is not offset, pre or post" % mode)


class CodeBuilder(FixedWidthCodeBuffer):
    NOP = 0xD503201F

    # -- integer ALU, register forms -----------------------------------------------------

    def _rrr(self, base: int, rd: int, rn: int, rm: int) -> None:
        self.word(base | rm << 16 | rn << 5 | rd)

    def _shifted(self, base: int, what: str, rd: Register, rn: Register, rm: Register) -> None:
        self._rrr(base, _x(rd, what, False), _x(rn, what, False), _x(rm, what, False))

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

    def add_rr_lsl(self, rd: Register, rn: Register, rm: Register, shift: int) -> None:
        """rd = rn + (rm << shift): an indexed address."""
        check_unsigned(shift, 6, "add shift")
        self._rrr(0x8B000000 | shift << 10, _x(rd, "add", False), _x(rn, "add", False),
                  _x(rm, "add", False))

    def cmp_rr_asr(self, rn: Register, rm: Register, shift: int) -> None:
        """Compare rn with rm >> shift (arithmetic): after mul/smulh, the high half
        differs from the low half's sign exactly when the product overflowed."""
        check_unsigned(shift, 6, "cmp shift")
        self._rrr(0xEB800000 | shift << 10, 31, _x(rn, "cmp", False), _x(rm, "cmp", False))

    def mov_rr(self, rd: Register, rm: Register) -> None:
        """Register move; a move to or from SP is `add rd, rn, #0` instead."""
        if rd.kind == KIND_SP or rm.kind == KIND_SP:
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
        self._shifted(0x9B007C00, "mul", rd, rn, rm)

    def smulh(self, rd: Register, rn: Register, rm: Register) -> None:
        """High 64 bits of the signed 128-bit product: with `mul`, detects overflow."""
        self._shifted(0x9B407C00, "smulh", rd, rn, rm)

    def sdiv(self, rd: Register, rn: Register, rm: Register) -> None:
        """Signed division rounding toward zero; x/0 gives 0 (no trap)."""
        self._shifted(0x9AC00C00, "sdiv", rd, rn, rm)

    def msub(self, rd: Register, rn: Register, rm: Register, ra: Register) -> None:
        """rd = ra - rn * rm (the remainder after sdiv)."""
        self.word(0x9B008000 | _x(rm, "msub", False) << 16 | _x(ra, "msub", False) << 10
                  | _x(rn, "msub", False) << 5 | _x(rd, "msub", False))

    def lsl_rr(self, rd: Register, rn: Register, rm: Register) -> None:
        self._shifted(0x9AC02000, "lsl", rd, rn, rm)

    def lsr_rr(self, rd: Register, rn: Register, rm: Register) -> None:
        self._shifted(0x9AC02400, "lsr", rd, rn, rm)

    def asr_rr(self, rd: Register, rn: Register, rm: Register) -> None:
        self._shifted(0x9AC02800, "asr", rd, rn, rm)

    def csel(self, cond: int, rd: Register, rn: Register, rm: Register) -> None:
        self.word(0x9A800000 | _x(rm, "csel", False) << 16 | cond << 12
                  | _x(rn, "csel", False) << 5 | _x(rd, "csel", False))

    def cset(self, cond: int, rd: Register) -> None:
        """rd = 1 if cond else 0 (csinc rd, xzr, xzr, !cond)."""
        self.word(0x9A800400 | 31 << 16 | invert_cond(cond) << 12 | 31 << 5
                  | _x(rd, "cset", False))

    # -- integer ALU, immediate forms ----------------------------------------------------

    def _arith_imm(self, base: int, what: str, rd: int, rn: int, imm: int) -> None:
        check_unsigned(imm, 24, what + " immediate")
        if imm < 4096:
            self.word(base | imm << 10 | rn << 5 | rd)
        elif imm & 0xFFF == 0:
            self.word(base | 1 << 22 | (imm >> 12) << 10 | rn << 5 | rd)
        else:
            raise EncodingError("%s immediate: %d is neither 0..4095 nor a multiple of "
                                "4096 up to 16773120" % (what, imm))

    def add_ri(self, rd: Register, rn: Register, imm: int) -> None:
        self._arith_imm(0x91000000, "add", _x(rd, "add", True), _x(rn, "add", True), imm)

    def sub_ri(self, rd: Register, rn: Register, imm: int) -> None:
        self._arith_imm(0xD1000000, "sub", _x(rd, "sub", True), _x(rn, "sub", True), imm)

    def adds_ri(self, rd: Register, rn: Register, imm: int) -> None:
        self._arith_imm(0xB1000000, "adds", _x(rd, "adds", False), _x(rn, "adds", True), imm)

    def subs_ri(self, rd: Register, rn: Register, imm: int) -> None:
        self._arith_imm(0xF1000000, "subs", _x(rd, "subs", False), _x(rn, "subs", True), imm)

    def cmp_ri(self, rn: Register, imm: int) -> None:
        self.subs_ri(XZR, rn, imm)

    def cmn_ri(self, rn: Register, imm: int) -> None:
        """Compare with -imm."""
        self.adds_ri(XZR, rn, imm)

    def _logical_imm(self, base: int, what: str, rd: int, rn: int, imm: int) -> None:
        field = encode_bitmask(check_word(imm, 64, what + " immediate"))
        if field < 0:
            raise EncodingError("%s immediate: %s is not a logical (bitmask) immediate: a "
                                "rotated run of ones repeated in 2..64-bit elements, never "
                                "0 or all ones" % (what, hex_str(imm)))
        self.word(base | field << 10 | rn << 5 | rd)

    def and_ri(self, rd: Register, rn: Register, imm: int) -> None:
        self._logical_imm(0x92000000, "and", _x(rd, "and", True), _x(rn, "and", False), imm)

    def orr_ri(self, rd: Register, rn: Register, imm: int) -> None:
        self._logical_imm(0xB2000000, "orr", _x(rd, "orr", True), _x(rn, "orr", False), imm)

    def eor_ri(self, rd: Register, rn: Register, imm: int) -> None:
        self._logical_imm(0xD2000000, "eor", _x(rd, "eor", True), _x(rn, "eor", False), imm)

    def tst_ri(self, rn: Register, imm: int) -> None:
        self._logical_imm(0xF2000000, "tst", 31, _x(rn, "tst", False), imm)

    def _bitfield(self, base: int, what: str, rd: Register, rn: Register, immr: int,
                  imms: int) -> None:
        self.word(base | immr << 16 | imms << 10 | _x(rn, what, False) << 5
                  | _x(rd, what, False))

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
        check_unsigned(imm16, 16, what + " immediate")
        if shift != 0 and shift != 16 and shift != 32 and shift != 48:
            raise EncodingError("%s shift: %d is not 0, 16, 32 or 48" % (what, shift))
        self.word(base | (shift // 16) << 21 | imm16 << 5 | _x(rd, what, False))

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
        halves = [value & 0xFFFF, (value >> 16) & 0xFFFF, (value >> 32) & 0xFFFF,
                  (value >> 48) & 0xFFFF]
        zeros = 0
        ones = 0
        for half in halves:
            if half == 0:
                zeros += 1
            elif half == 0xFFFF:
                ones += 1
        if zeros < 3 and ones < 3 and encode_bitmask(value) >= 0:
            self.orr_ri(rd, XZR, value)
            return
        fill = 0xFFFF if ones > zeros else 0
        first = True
        for i in range(4):
            if halves[i] == fill:
                continue
            if not first:
                self.movk(rd, halves[i], 16 * i)
            elif fill:
                self.movn(rd, halves[i] ^ 0xFFFF, 16 * i)
            else:
                self.movz(rd, halves[i], 16 * i)
            first = False
        if first:
            # Every halfword is the fill: 0 or -1.
            if fill:
                self.movn(rd, 0, 0)
            else:
                self.movz(rd, 0, 0)

    # -- memory --------------------------------------------------------------------------

    def _ldst(self, scaled: int, unscaled: int, size: int, what: str, rt: int,
              rn: Register, offset: int, index: Register | None, shifted: bool) -> None:
        """Scaled unsigned 12-bit offset when it fits, else the unscaled signed 9-bit form;
        with `index`: [rn, index] or, `shifted`, [rn, index, lsl #log2(size)] (the
        register-offset form, offset 0: its opcode is the unscaled one's | 0x206800)."""
        n = _x(rn, what, True)
        if index is not None:
            if offset != 0:
                raise EncodingError("%s: an indexed access has no offset" % what)
            self.word(unscaled | 0x00206800 | _x(index, what, False) << 16
                      | (1 if shifted else 0) << 12 | n << 5 | rt)
        elif offset >= 0 and offset % size == 0 and offset // size < 4096:
            self.word(scaled | (offset // size) << 10 | n << 5 | rt)
        elif -256 <= offset < 256:
            self.word(unscaled | (offset & 0x1FF) << 12 | n << 5 | rt)
        else:
            raise EncodingError("%s offset: %d is neither a multiple of %d in 0..%d nor in "
                                "-256..255" % (what, offset, size, 4095 * size))

    def load(self, rt: Register, rn: Register, offset: int = 0,
             index: Register | None = None, shifted: bool = False) -> None:
        self._ldst(0xF9400000, 0xF8400000, 8, "ldr", _x(rt, "ldr", False), rn, offset,
                   index, shifted)

    def store(self, rt: Register, rn: Register, offset: int = 0,
              index: Register | None = None, shifted: bool = False) -> None:
        self._ldst(0xF9000000, 0xF8000000, 8, "str", _x(rt, "str", False), rn, offset,
                   index, shifted)

    def load_u8(self, rt: Register, rn: Register, offset: int = 0,
                index: Register | None = None, shifted: bool = False) -> None:
        """Zero-extending byte load."""
        self._ldst(0x39400000, 0x38400000, 1, "ldrb", _x(rt, "ldrb", False), rn, offset,
                   index, shifted)

    def store8(self, rt: Register, rn: Register, offset: int = 0,
               index: Register | None = None, shifted: bool = False) -> None:
        self._ldst(0x39000000, 0x38000000, 1, "strb", _x(rt, "strb", False), rn, offset,
                   index, shifted)

    def load_i8(self, rt: Register, rn: Register, offset: int = 0,
                index: Register | None = None, shifted: bool = False) -> None:
        """Sign-extending byte load (ldrsb into the 64-bit register)."""
        self._ldst(0x39800000, 0x38800000, 1, "ldrsb", _x(rt, "ldrsb", False), rn, offset,
                   index, shifted)

    def load_u16(self, rt: Register, rn: Register, offset: int = 0,
                 index: Register | None = None, shifted: bool = False) -> None:
        """Zero-extending halfword load."""
        self._ldst(0x79400000, 0x78400000, 2, "ldrh", _x(rt, "ldrh", False), rn, offset,
                   index, shifted)

    def load_i16(self, rt: Register, rn: Register, offset: int = 0,
                 index: Register | None = None, shifted: bool = False) -> None:
        self._ldst(0x79800000, 0x78800000, 2, "ldrsh", _x(rt, "ldrsh", False), rn, offset,
                   index, shifted)

    def load_u32(self, rt: Register, rn: Register, offset: int = 0,
                 index: Register | None = None, shifted: bool = False) -> None:
        """Zero-extending word load (ldr into the 32-bit view clears the top half)."""
        self._ldst(0xB9400000, 0xB8400000, 4, "ldr", _x(rt, "ldr", False), rn, offset,
                   index, shifted)

    def load_i32(self, rt: Register, rn: Register, offset: int = 0,
                 index: Register | None = None, shifted: bool = False) -> None:
        self._ldst(0xB9800000, 0xB8800000, 4, "ldrsw", _x(rt, "ldrsw", False), rn, offset,
                   index, shifted)

    def store16(self, rt: Register, rn: Register, offset: int = 0,
                index: Register | None = None, shifted: bool = False) -> None:
        self._ldst(0x79000000, 0x78000000, 2, "strh", _x(rt, "strh", False), rn, offset,
                   index, shifted)

    def store32(self, rt: Register, rn: Register, offset: int = 0,
                index: Register | None = None, shifted: bool = False) -> None:
        self._ldst(0xB9000000, 0xB8000000, 4, "str", _x(rt, "str", False), rn, offset,
                   index, shifted)

    def load_literal(self, rt: Register, offset: int) -> None:
        """rt = the 8 bytes at this instruction's address + offset (a word multiple)."""
        self.word(0x58000000 | word_offset(offset, 19, "ldr literal") << 5
                  | _x(rt, "ldr", False))

    def load_f64(self, dt: Register, rn: Register, offset: int = 0,
                 index: Register | None = None, shifted: bool = False) -> None:
        self._ldst(0xFD400000, 0xFC400000, 8, "ldr", _d(dt, "ldr"), rn, offset,
                   index, shifted)

    def store_f64(self, dt: Register, rn: Register, offset: int = 0,
                  index: Register | None = None, shifted: bool = False) -> None:
        self._ldst(0xFD000000, 0xFC000000, 8, "str", _d(dt, "str"), rn, offset,
                   index, shifted)

    def load_rr(self, rt: Register, rn: Register, rm: Register) -> None:
        """rt = [rn + rm]."""
        self._rrr(0xF8606800, _x(rt, "ldr", False), _x(rn, "ldr", True), _x(rm, "ldr", False))

    def store_rr(self, rt: Register, rn: Register, rm: Register) -> None:
        self._rrr(0xF8206800, _x(rt, "str", False), _x(rn, "str", True), _x(rm, "str", False))

    def _pair(self, base: int, what: str, t1: int, t2: int, rn: Register, offset: int) -> None:
        check_multiple(offset, 8, what + " offset")
        check_signed(offset // 8, 7, what + " offset / 8")
        self.word(base | ((offset // 8) & 0x7F) << 15 | t2 << 10 | _x(rn, what, True) << 5
                  | t1)

    def stp(self, r1: Register, r2: Register, rn: Register, offset: int,
            mode: str = "offset") -> None:
        """`mode` is "offset" ([rn, #off]), "pre" ([rn, #off]!) or "post" ([rn], #off)."""
        self._pair(0xA8000000 | _pair_mode(mode), "stp", _x(r1, "stp", False),
                   _x(r2, "stp", False), rn, offset)

    def ldp(self, r1: Register, r2: Register, rn: Register, offset: int,
            mode: str = "offset") -> None:
        self._pair(0xA8400000 | _pair_mode(mode), "ldp", _x(r1, "ldp", False),
                   _x(r2, "ldp", False), rn, offset)

    def stp_d(self, d1: Register, d2: Register, rn: Register, offset: int,
              mode: str = "offset") -> None:
        self._pair(0x6C000000 | _pair_mode(mode), "stp", _d(d1, "stp"), _d(d2, "stp"),
                   rn, offset)

    def ldp_d(self, d1: Register, d2: Register, rn: Register, offset: int,
              mode: str = "offset") -> None:
        self._pair(0x6C400000 | _pair_mode(mode), "ldp", _d(d1, "ldp"), _d(d2, "ldp"),
                   rn, offset)

    # -- control flow --------------------------------------------------------------------
    # Branches take an offset from the branch's own address; the `_label` forms take a
    # Label (the subset gives each argument one type, so one method cannot take both).
    # Each returns the branch's position, for re-patching with the `*_word` functions.

    def _branch(self, word: int) -> int:
        site = self.position()
        self.word(word)
        return site

    def b(self, offset: int) -> int:
        return self._branch(b_word(offset))

    def bl(self, offset: int) -> int:
        return self._branch(bl_word(offset))

    def b_cond(self, cond: int, offset: int) -> int:
        return self._branch(b_cond_word(cond, offset))

    def cbz(self, rt: Register, offset: int) -> int:
        return self._branch(cbz_word(_x(rt, "cbz", False), offset))

    def cbnz(self, rt: Register, offset: int) -> int:
        return self._branch(cbnz_word(_x(rt, "cbnz", False), offset))

    def b_label(self, label: Label) -> int:
        return self.b(self.label_offset(label, _B, 0))

    def bl_label(self, label: Label) -> int:
        return self.bl(self.label_offset(label, _BL, 0))

    def b_cond_label(self, cond: int, label: Label) -> int:
        return self.b_cond(cond, self.label_offset(label, _BCOND, cond))

    def cbz_label(self, rt: Register, label: Label) -> int:
        t = _x(rt, "cbz", False)
        return self.cbz(rt, self.label_offset(label, _CBZ, t))

    def cbnz_label(self, rt: Register, label: Label) -> int:
        t = _x(rt, "cbnz", False)
        return self.cbnz(rt, self.label_offset(label, _CBNZ, t))

    def patch_branch(self, site: int, kind: int, arg: int, offset: int) -> None:
        if kind == _B:
            self.patch_word(site, b_word(offset))
        elif kind == _BL:
            self.patch_word(site, bl_word(offset))
        elif kind == _BCOND:
            self.patch_word(site, b_cond_word(arg, offset))
        elif kind == _CBZ:
            self.patch_word(site, cbz_word(arg, offset))
        else:
            self.patch_word(site, cbnz_word(arg, offset))

    def br(self, rn: Register) -> None:
        self.word(0xD61F0000 | _x(rn, "br", False) << 5)

    def blr(self, rn: Register) -> None:
        self.word(0xD63F0000 | _x(rn, "blr", False) << 5)

    def ret(self, rn: Register | None = None) -> None:
        n = 30
        if rn is not None:
            n = _x(rn, "ret", False)
        self.word(0xD65F0000 | n << 5)

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
        self._fp1(0x9E660000, _x(rd, "fmov", False), _d(dn, "fmov"))

    def fmov_dx(self, dd: Register, rn: Register) -> None:
        """Bit copy of a general register into a double register."""
        self._fp1(0x9E670000, _d(dd, "fmov"), _x(rn, "fmov", False))

    def scvtf(self, dd: Register, rn: Register) -> None:
        """double(dd) = signed 64-bit rn."""
        self._fp1(0x9E620000, _d(dd, "scvtf"), _x(rn, "scvtf", False))

    def fcvtzs(self, rd: Register, dn: Register) -> None:
        """Signed 64-bit rd = dn truncated toward zero (saturating)."""
        self._fp1(0x9E780000, _x(rd, "fcvtzs", False), _d(dn, "fcvtzs"))
