"""x86-64 instruction encoder: 64-bit integer ALU, memory, branches, calls and SSE2 doubles.

Encoder only: no register allocation, no ABI. Method names say operand shapes: `_rr`
register-register, `_ri` register-immediate; memory operands are `base, disp` with an
optional `index, scale`. Where GNU as has a shorter encoding of the same instruction
(accumulator forms, 8-bit immediates, shift by one) we pick it too, so the golden tests
compare byte for byte. Branches always use 32-bit displacements so they can be re-patched.
Written in Kiln's subset (see codebuf.py); translated code passes every argument, since
the translator does not fill in defaults of method calls yet.
"""

from __future__ import annotations

from jit.backend.codebuf import (AL, KIND_FPR, KIND_GPR, CodeBuffer, EncodingError, Label,
                                 Register, check_kind, check_signed, check_unsigned,
                                 check_word, cond_name)

# x86 condition nibbles (jcc = 0F 80+cc, setcc, cmovcc), indexed by the shared condition
# codes EQ NE HS LO MI PL VS VC HI LS GE LT GT LE; AL has none.
_CC = [0x4, 0x5, 0x3, 0x2, 0x8, 0x9, 0x0, 0x1, 0x7, 0x6, 0xD, 0xC, 0xF, 0xE, -1]

# The /digit of the ALU group (opcodes 81/83) and the matching reg-reg opcode (r/m, reg).
_ADD, _OR, _AND, _SUB, _XOR, _CMP = 0, 1, 4, 5, 6, 7
_SHL, _SHR, _SAR = 4, 5, 7

# Branch kinds of the fix-ups (see CodeBuffer.label_offset).
_JMP = 0
_JCC = 1


def _gpr(reg: Register, what: str) -> int:
    return check_kind(reg, KIND_GPR, what)


def _xmm(reg: Register, what: str) -> int:
    return check_kind(reg, KIND_FPR, what)


def _cc(cond: int, what: str) -> int:
    if cond < 0 or cond >= AL:
        raise EncodingError("%s: condition %s has no x86 encoding" % (what, cond_name(cond)))
    return _CC[cond]


def _scale_bits(scale: int) -> int:
    if scale == 1:
        return 0
    if scale == 2:
        return 1
    if scale == 4:
        return 2
    if scale == 8:
        return 3
    raise EncodingError("memory scale %d is not 1, 2, 4 or 8" % scale)


def _le32(value: int) -> list[int]:
    return [value & 0xFF, (value >> 8) & 0xFF, (value >> 16) & 0xFF, (value >> 24) & 0xFF]


def jmp_bytes(offset: int) -> list[int]:
    """`jmp rel32` to `offset` bytes from the jump's own address (for patching)."""
    return [0xE9] + _le32(check_signed(offset - 5, 32, "jmp"))


def jcc_bytes(cond: int, offset: int) -> list[int]:
    """`jcc rel32` to `offset` bytes from the jump's own address (for patching)."""
    rel = check_signed(offset - 6, 32, "jcc")
    return [0x0F, 0x80 | _cc(cond, "jcc")] + _le32(rel)


class CodeBuilder(CodeBuffer):
    NOP = b"\x90"

    # -- prefix and operand helpers --------------------------------------------------------

    def _rex(self, w: bool, reg: int, index: int, base: int, force: bool) -> None:
        rex = (w << 3) | ((reg >> 3) << 2) | ((index >> 3) << 1) | (base >> 3)
        if rex or force:
            self.emit_u8(0x40 | rex)

    def _rr(self, opcode: bytes, reg: int, rm: int, w: bool, prefix: bytes,
            byte_rm: bool) -> None:
        """prefix, REX, opcode, ModRM with both operands registers; `byte_rm` says the
        r/m operand is a byte register."""
        self.emit(prefix)
        # spl/bpl/sil/dil exist only with a REX prefix; without one 4-7 mean ah/ch/dh/bh.
        self._rex(w, reg, 0, rm, byte_rm and 4 <= rm < 8)
        self.emit(opcode)
        self.emit_u8(0xC0 | (reg & 7) << 3 | (rm & 7))

    def _rr64(self, opcode: bytes, reg: int, rm: int) -> None:
        self._rr(opcode, reg, rm, True, b"", False)

    def _mem(self, opcode: bytes, reg: int, base: Register, disp: int,
             index: Register | None, scale: int, w: bool, prefix: bytes,
             byte_reg: bool) -> None:
        """prefix, REX, opcode, ModRM/SIB/displacement for [base + index*scale + disp]."""
        b = _gpr(base, "memory base")
        check_signed(disp, 32, "memory displacement")
        ss = _scale_bits(scale)
        x = 0
        if index is not None:
            x = _gpr(index, "memory index")
            if x == 4:
                raise EncodingError("rsp cannot be a memory index")
        self.emit(prefix)
        self._rex(w, reg, x, b, byte_reg and 4 <= reg < 8)
        self.emit(opcode)
        # rbp/r13 as base with mod 00 would mean RIP-relative/no base: use a zero disp8.
        if disp == 0 and (b & 7) != 5:
            mod, disp_size = 0, 0
        elif -128 <= disp < 128:
            mod, disp_size = 1, 1
        else:
            mod, disp_size = 2, 4
        if index is None and (b & 7) != 4:
            self.emit_u8(mod << 6 | (reg & 7) << 3 | (b & 7))
        else:
            # A SIB byte: needed for an index, and for rsp/r12 bases (rm=100 means "SIB").
            self.emit_u8(mod << 6 | (reg & 7) << 3 | 4)
            idx = 4 if index is None else x & 7
            self.emit_u8(ss << 6 | idx << 3 | (b & 7))
        self.emit_le(disp, disp_size)

    # -- moves and constants -------------------------------------------------------------

    def mov_rr(self, dst: Register, src: Register) -> None:
        self._rr64(b"\x89", _gpr(src, "mov"), _gpr(dst, "mov"))

    def mov_ri32(self, dst: Register, imm: int) -> None:
        """mov with a sign-extended 32-bit immediate (C7 /0)."""
        check_signed(imm, 32, "mov_ri32 immediate")
        self._rr64(b"\xc7", 0, _gpr(dst, "mov_ri32"))
        self.emit_i32(imm)

    def mov_ri_u32(self, dst: Register, imm: int) -> None:
        """mov r32, imm32: zero-extends into the full register."""
        check_unsigned(imm, 32, "mov_ri_u32 immediate")
        d = _gpr(dst, "mov_ri_u32")
        self._rex(False, 0, 0, d, False)
        self.emit_u8(0xB8 | (d & 7))
        self.emit_u32(imm)

    def movabs_ri(self, dst: Register, imm: int) -> None:
        value = check_word(imm, 64, "movabs immediate")
        d = _gpr(dst, "movabs")
        self._rex(True, 0, 0, d, False)
        self.emit_u8(0xB8 | (d & 7))
        self.emit_u64(value)

    def load_imm(self, dst: Register, value: int) -> None:
        """Materialise any 64-bit constant (signed or unsigned) in the shortest form."""
        signed = check_word(value, 64, "load_imm")
        if signed >= 0 and (signed >> 16) >> 16 == 0:
            self.mov_ri_u32(dst, signed)
        elif signed < 0 and signed >= -0x80000000:
            self.mov_ri32(dst, signed)
        else:
            self.movabs_ri(dst, signed)

    def lea(self, dst: Register, base: Register, disp: int = 0,
            index: Register | None = None, scale: int = 1) -> None:
        self._mem(b"\x8d", _gpr(dst, "lea"), base, disp, index, scale, True, b"", False)

    # -- integer ALU ---------------------------------------------------------------------

    def _alu_rr(self, what: str, opcode: bytes, dst: Register, src: Register) -> None:
        self._rr64(opcode, _gpr(src, what), _gpr(dst, what))

    def _alu_ri(self, what: str, digit: int, dst: Register, imm: int) -> None:
        d = _gpr(dst, what)
        check_signed(imm, 32, what + "_ri immediate (sign-extended to 64 bits)")
        if -128 <= imm < 128:
            self._rr64(b"\x83", digit, d)
            self.emit_le(imm, 1)
        elif d == 0:
            self._rex(True, 0, 0, 0, False)
            self.emit_u8(digit << 3 | 5)
            self.emit_i32(imm)
        else:
            self._rr64(b"\x81", digit, d)
            self.emit_i32(imm)

    def add_rr(self, dst: Register, src: Register) -> None:
        self._alu_rr("add", b"\x01", dst, src)

    def sub_rr(self, dst: Register, src: Register) -> None:
        self._alu_rr("sub", b"\x29", dst, src)

    def and_rr(self, dst: Register, src: Register) -> None:
        self._alu_rr("and", b"\x21", dst, src)

    def or_rr(self, dst: Register, src: Register) -> None:
        self._alu_rr("or", b"\x09", dst, src)

    def xor_rr(self, dst: Register, src: Register) -> None:
        self._alu_rr("xor", b"\x31", dst, src)

    def cmp_rr(self, a: Register, b: Register) -> None:
        """Flags of a - b."""
        self._alu_rr("cmp", b"\x39", a, b)

    def add_ri(self, dst: Register, imm: int) -> None:
        self._alu_ri("add", _ADD, dst, imm)

    def sub_ri(self, dst: Register, imm: int) -> None:
        self._alu_ri("sub", _SUB, dst, imm)

    def and_ri(self, dst: Register, imm: int) -> None:
        self._alu_ri("and", _AND, dst, imm)

    def or_ri(self, dst: Register, imm: int) -> None:
        self._alu_ri("or", _OR, dst, imm)

    def xor_ri(self, dst: Register, imm: int) -> None:
        self._alu_ri("xor", _XOR, dst, imm)

    def cmp_ri(self, a: Register, imm: int) -> None:
        self._alu_ri("cmp", _CMP, a, imm)

    def test_rr(self, a: Register, b: Register) -> None:
        self._rr64(b"\x85", _gpr(b, "test"), _gpr(a, "test"))

    def imul_rr(self, dst: Register, src: Register) -> None:
        """dst *= src; sets OF on signed overflow."""
        self._rr64(b"\x0f\xaf", _gpr(dst, "imul"), _gpr(src, "imul"))

    def imul_rri(self, dst: Register, src: Register, imm: int) -> None:
        check_signed(imm, 32, "imul_rri immediate")
        if -128 <= imm < 128:
            self._rr64(b"\x6b", _gpr(dst, "imul"), _gpr(src, "imul"))
            self.emit_le(imm, 1)
        else:
            self._rr64(b"\x69", _gpr(dst, "imul"), _gpr(src, "imul"))
            self.emit_i32(imm)

    def neg_r(self, reg: Register) -> None:
        self._rr64(b"\xf7", 3, _gpr(reg, "neg"))

    def not_r(self, reg: Register) -> None:
        self._rr64(b"\xf7", 2, _gpr(reg, "not"))

    def cqo(self) -> None:
        """Sign-extend rax into rdx:rax before idiv."""
        self.emit(b"\x48\x99")

    def idiv_r(self, divisor: Register) -> None:
        """Signed rdx:rax / divisor: quotient in rax, remainder in rdx."""
        self._rr64(b"\xf7", 7, _gpr(divisor, "idiv"))

    def _shift_ri(self, what: str, digit: int, reg: Register, amount: int) -> None:
        check_unsigned(amount, 6, what + " amount")
        if amount == 1:
            self._rr64(b"\xd1", digit, _gpr(reg, what))
        else:
            self._rr64(b"\xc1", digit, _gpr(reg, what))
            self.emit_u8(amount)

    def shl_ri(self, reg: Register, amount: int) -> None:
        self._shift_ri("shl", _SHL, reg, amount)

    def shr_ri(self, reg: Register, amount: int) -> None:
        self._shift_ri("shr", _SHR, reg, amount)

    def sar_ri(self, reg: Register, amount: int) -> None:
        self._shift_ri("sar", _SAR, reg, amount)

    def shl_cl(self, reg: Register) -> None:
        self._rr64(b"\xd3", _SHL, _gpr(reg, "shl"))

    def shr_cl(self, reg: Register) -> None:
        self._rr64(b"\xd3", _SHR, _gpr(reg, "shr"))

    def sar_cl(self, reg: Register) -> None:
        self._rr64(b"\xd3", _SAR, _gpr(reg, "sar"))

    def setcc(self, cond: int, dst: Register) -> None:
        """Set the low byte of dst to 0/1 (the rest is untouched: follow with movzx)."""
        cc = _cc(cond, "setcc")
        d = _gpr(dst, "setcc")
        self._rex(False, 0, 0, d, 4 <= d < 8)
        self.emit_u8(0x0F)
        self.emit_u8(0x90 | cc)
        self.emit_u8(0xC0 | (d & 7))

    def movzx_rr8(self, dst: Register, src: Register) -> None:
        """Zero-extend the low byte of src into dst."""
        self._rr(b"\x0f\xb6", _gpr(dst, "movzx"), _gpr(src, "movzx"), False, b"", True)

    def cmov(self, cond: int, dst: Register, src: Register) -> None:
        cc = _cc(cond, "cmov")
        d, s = _gpr(dst, "cmov"), _gpr(src, "cmov")
        self._rex(True, d, 0, s, False)
        self.emit_u8(0x0F)
        self.emit_u8(0x40 | cc)
        self.emit_u8(0xC0 | (d & 7) << 3 | (s & 7))

    # -- memory --------------------------------------------------------------------------

    def load(self, dst: Register, base: Register, disp: int = 0,
             index: Register | None = None, scale: int = 1) -> None:
        """64-bit word load."""
        self._mem(b"\x8b", _gpr(dst, "load"), base, disp, index, scale, True, b"", False)

    def store(self, src: Register, base: Register, disp: int = 0,
              index: Register | None = None, scale: int = 1) -> None:
        """64-bit word store."""
        self._mem(b"\x89", _gpr(src, "store"), base, disp, index, scale, True, b"", False)

    def store_imm32(self, imm: int, base: Register, disp: int = 0,
                    index: Register | None = None, scale: int = 1) -> None:
        """64-bit word store of a sign-extended 32-bit immediate (movq $imm, mem)."""
        check_signed(imm, 32, "store_imm32 immediate (sign-extended to 64 bits)")
        self._mem(b"\xc7", 0, base, disp, index, scale, True, b"", False)
        self.emit_le(imm, 4)

    def load_u8(self, dst: Register, base: Register, disp: int = 0,
                index: Register | None = None, scale: int = 1) -> None:
        """Zero-extending byte load (movzbl also clears the upper 32 bits)."""
        self._mem(b"\x0f\xb6", _gpr(dst, "load_u8"), base, disp, index, scale, False, b"",
                  False)

    def load_i8(self, dst: Register, base: Register, disp: int = 0,
                index: Register | None = None, scale: int = 1) -> None:
        """Sign-extending byte load (movsbq)."""
        self._mem(b"\x0f\xbe", _gpr(dst, "load_i8"), base, disp, index, scale, True, b"",
                  False)

    def load_u16(self, dst: Register, base: Register, disp: int = 0,
                 index: Register | None = None, scale: int = 1) -> None:
        """Zero-extending 16-bit load (movzwl also clears the upper 32 bits)."""
        self._mem(b"\x0f\xb7", _gpr(dst, "load_u16"), base, disp, index, scale, False,
                  b"", False)

    def load_i16(self, dst: Register, base: Register, disp: int = 0,
                 index: Register | None = None, scale: int = 1) -> None:
        """Sign-extending 16-bit load (movswq)."""
        self._mem(b"\x0f\xbf", _gpr(dst, "load_i16"), base, disp, index, scale, True, b"",
                  False)

    def load_u32(self, dst: Register, base: Register, disp: int = 0,
                 index: Register | None = None, scale: int = 1) -> None:
        """Zero-extending 32-bit load (a 32-bit mov clears the upper half)."""
        self._mem(b"\x8b", _gpr(dst, "load_u32"), base, disp, index, scale, False, b"",
                  False)

    def load_i32(self, dst: Register, base: Register, disp: int = 0,
                 index: Register | None = None, scale: int = 1) -> None:
        """Sign-extending 32-bit load (movslq)."""
        self._mem(b"\x63", _gpr(dst, "load_i32"), base, disp, index, scale, True, b"",
                  False)

    def store16(self, src: Register, base: Register, disp: int = 0,
                index: Register | None = None, scale: int = 1) -> None:
        self._mem(b"\x89", _gpr(src, "store16"), base, disp, index, scale, False, b"\x66",
                  False)

    def store32(self, src: Register, base: Register, disp: int = 0,
                index: Register | None = None, scale: int = 1) -> None:
        self._mem(b"\x89", _gpr(src, "store32"), base, disp, index, scale, False, b"",
                  False)

    def store8(self, src: Register, base: Register, disp: int = 0,
               index: Register | None = None, scale: int = 1) -> None:
        self._mem(b"\x88", _gpr(src, "store8"), base, disp, index, scale, False, b"", True)

    def load_f64(self, dst: Register, base: Register, disp: int = 0,
                 index: Register | None = None, scale: int = 1) -> None:
        self._mem(b"\x0f\x10", _xmm(dst, "movsd"), base, disp, index, scale, False,
                  b"\xf2", False)

    def store_f64(self, src: Register, base: Register, disp: int = 0,
                  index: Register | None = None, scale: int = 1) -> None:
        self._mem(b"\x0f\x11", _xmm(src, "movsd"), base, disp, index, scale, False,
                  b"\xf2", False)

    def push_r(self, reg: Register) -> None:
        r = _gpr(reg, "push")
        self._rex(False, 0, 0, r, False)
        self.emit_u8(0x50 | (r & 7))

    def pop_r(self, reg: Register) -> None:
        r = _gpr(reg, "pop")
        self._rex(False, 0, 0, r, False)
        self.emit_u8(0x58 | (r & 7))

    # -- control flow --------------------------------------------------------------------
    # `jmp`/`jcc` take an offset from the branch's own address; the `_label` forms take a
    # Label (the subset gives each argument one type, so one method cannot take both).

    def jmp(self, offset: int) -> int:
        site = self.position()
        for byte in jmp_bytes(offset):
            self.put(byte)
        return site

    def jcc(self, cond: int, offset: int) -> int:
        site = self.position()
        for byte in jcc_bytes(cond, offset):
            self.put(byte)
        return site

    def jmp_label(self, label: Label) -> int:
        return self.jmp(self.label_offset(label, _JMP, 0))

    def jcc_label(self, cond: int, label: Label) -> int:
        _cc(cond, "jcc")
        return self.jcc(cond, self.label_offset(label, _JCC, cond))

    def patch_branch(self, site: int, kind: int, arg: int, offset: int) -> None:
        if kind == _JMP:
            self.patch(site, jmp_bytes(offset))
        else:
            self.patch(site, jcc_bytes(arg, offset))

    def call_r(self, reg: Register) -> None:
        self._rr(b"\xff", 2, _gpr(reg, "call"), False, b"", False)

    def jmp_r(self, reg: Register) -> None:
        self._rr(b"\xff", 4, _gpr(reg, "jmp"), False, b"", False)

    def ret(self) -> None:
        self.emit_u8(0xC3)

    def ud2(self) -> None:
        self.emit(b"\x0f\x0b")

    def nop(self) -> None:
        self.emit(self.NOP)

    def align_code(self, alignment: int) -> None:
        self.align(alignment, self.NOP)

    # -- SSE2 scalar doubles -------------------------------------------------------------

    def _sse(self, prefix: bytes, opcode: bytes, dst: Register, src: Register) -> None:
        self._rr(opcode, _xmm(dst, "sse2"), _xmm(src, "sse2"), False, prefix, False)

    def movsd_rr(self, dst: Register, src: Register) -> None:
        self._sse(b"\xf2", b"\x0f\x10", dst, src)

    def addsd(self, dst: Register, src: Register) -> None:
        self._sse(b"\xf2", b"\x0f\x58", dst, src)

    def subsd(self, dst: Register, src: Register) -> None:
        self._sse(b"\xf2", b"\x0f\x5c", dst, src)

    def mulsd(self, dst: Register, src: Register) -> None:
        self._sse(b"\xf2", b"\x0f\x59", dst, src)

    def divsd(self, dst: Register, src: Register) -> None:
        self._sse(b"\xf2", b"\x0f\x5e", dst, src)

    def sqrtsd(self, dst: Register, src: Register) -> None:
        self._sse(b"\xf2", b"\x0f\x51", dst, src)

    def ucomisd(self, a: Register, b: Register) -> None:
        """Sets ZF/CF like an unsigned compare (HI/HS/LO/LS/EQ). Unordered (NaN) sets
        ZF, PF and CF, so test a < b as HI with the operands swapped, never as LO."""
        self._sse(b"\x66", b"\x0f\x2e", a, b)

    def xorpd(self, dst: Register, src: Register) -> None:
        self._sse(b"\x66", b"\x0f\x57", dst, src)

    def cvtsi2sd(self, dst: Register, src: Register) -> None:
        """double(dst) = signed 64-bit src."""
        self._rr(b"\x0f\x2a", _xmm(dst, "cvtsi2sd"), _gpr(src, "cvtsi2sd"), True, b"\xf2",
                 False)

    def cvttsd2si(self, dst: Register, src: Register) -> None:
        """Signed 64-bit dst = src truncated toward zero."""
        self._rr(b"\x0f\x2c", _gpr(dst, "cvttsd2si"), _xmm(src, "cvttsd2si"), True,
                 b"\xf2", False)

    def movq_xr(self, dst: Register, src: Register) -> None:
        """Bit copy of a general register into an xmm register."""
        self._rr(b"\x0f\x6e", _xmm(dst, "movq"), _gpr(src, "movq"), True, b"\x66", False)

    def movq_rx(self, dst: Register, src: Register) -> None:
        """Bit copy of an xmm register into a general register."""
        self._rr(b"\x0f\x7e", _xmm(src, "movq"), _gpr(dst, "movq"), True, b"\x66", False)
