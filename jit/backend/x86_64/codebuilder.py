"""x86-64 instruction encoder: 64-bit integer ALU, memory, branches, calls and SSE2 doubles.

Encoder only: no register allocation, no ABI. Method names say operand shapes: `_rr`
register-register, `_ri` register-immediate; memory operands are `base, disp` with an
optional `index, scale`. Where GNU as has a shorter encoding of the same instruction
(accumulator forms, 8-bit immediates, shift by one) we pick it too, so the golden tests
compare byte for byte. Branches always use 32-bit displacements so they can be re-patched.
"""

from __future__ import annotations

import struct

from jit.backend.codebuf import (BranchTarget, CodeBuffer, Cond, EncodingError, Register,
                                 check_kind, check_signed, check_unsigned, check_word)

# x86 condition nibbles for the shared condition codes (jcc = 0F 80+cc, setcc, cmovcc).
_CC = {Cond.VS: 0x0, Cond.VC: 0x1, Cond.LO: 0x2, Cond.HS: 0x3, Cond.EQ: 0x4, Cond.NE: 0x5,
       Cond.LS: 0x6, Cond.HI: 0x7, Cond.MI: 0x8, Cond.PL: 0x9, Cond.LT: 0xC, Cond.GE: 0xD,
       Cond.LE: 0xE, Cond.GT: 0xF}

# The /digit of the ALU group (opcodes 81/83) and the matching reg-reg opcode (r/m, reg).
_ALU = {"add": (0, 0x01), "or": (1, 0x09), "and": (4, 0x21), "sub": (5, 0x29),
        "xor": (6, 0x31), "cmp": (7, 0x39)}
_SHIFT = {"shl": 4, "shr": 5, "sar": 7}
_SCALE = {1: 0, 2: 1, 4: 2, 8: 3}


def _gpr(reg: Register, what: str) -> int:
    return check_kind(reg, ("gpr",), what)


def _xmm(reg: Register, what: str) -> int:
    return check_kind(reg, ("fpr",), what)


def _cc(cond: Cond, what: str) -> int:
    if cond not in _CC:
        raise EncodingError(f"{what}: condition {cond!r} has no x86 encoding")
    return _CC[cond]


def jmp_bytes(offset: int) -> bytes:
    """`jmp rel32` to `offset` bytes from the jump's own address (for patching)."""
    return b"\xe9" + struct.pack("<i", check_signed(offset - 5, 32, "jmp"))


def jcc_bytes(cond: Cond, offset: int) -> bytes:
    """`jcc rel32` to `offset` bytes from the jump's own address (for patching)."""
    rel = check_signed(offset - 6, 32, "jcc")
    return bytes((0x0F, 0x80 | _cc(cond, "jcc"))) + struct.pack("<i", rel)


class CodeBuilder(CodeBuffer):
    NOP = b"\x90"

    # -- prefix and operand helpers --------------------------------------------------------

    def _rex(self, w: bool, reg: int, index: int, base: int, force: bool = False) -> None:
        rex = (w << 3) | ((reg >> 3) << 2) | ((index >> 3) << 1) | (base >> 3)
        if rex or force:
            self.emit_u8(0x40 | rex)

    def _rr(self, opcode: bytes, reg: int, rm: int, w: bool = True, prefix: bytes = b"",
            byte_rm: bool = False) -> None:
        """prefix, REX, opcode, ModRM with both operands registers; `byte_rm` says the
        r/m operand is a byte register."""
        self.emit(prefix)
        # spl/bpl/sil/dil exist only with a REX prefix; without one 4-7 mean ah/ch/dh/bh.
        self._rex(w, reg, 0, rm, force=byte_rm and 4 <= rm < 8)
        self.emit(opcode)
        self.emit_u8(0xC0 | (reg & 7) << 3 | (rm & 7))

    def _mem(self, opcode: bytes, reg: int, base: Register, disp: int,
             index: Register | None, scale: int, w: bool = True, prefix: bytes = b"",
             byte_reg: bool = False) -> None:
        """prefix, REX, opcode, ModRM/SIB/displacement for [base + index*scale + disp]."""
        b = _gpr(base, "memory base")
        check_signed(disp, 32, "memory displacement")
        if scale not in _SCALE:
            raise EncodingError(f"memory scale {scale} is not 1, 2, 4 or 8")
        x = 0
        if index is not None:
            x = _gpr(index, "memory index")
            if x == 4:
                raise EncodingError("rsp cannot be a memory index")
        self.emit(prefix)
        self._rex(w, reg, x, b, force=byte_reg and 4 <= reg < 8)
        self.emit(opcode)
        # rbp/r13 as base with mod 00 would mean RIP-relative/no base: use a zero disp8.
        if disp == 0 and (b & 7) != 5:
            mod, disp_bytes = 0, b""
        elif -128 <= disp < 128:
            mod, disp_bytes = 1, struct.pack("<b", disp)
        else:
            mod, disp_bytes = 2, struct.pack("<i", disp)
        if index is None and (b & 7) != 4:
            self.emit_u8(mod << 6 | (reg & 7) << 3 | (b & 7))
        else:
            # A SIB byte: needed for an index, and for rsp/r12 bases (rm=100 means "SIB").
            self.emit_u8(mod << 6 | (reg & 7) << 3 | 4)
            idx = 4 if index is None else x & 7
            self.emit_u8(_SCALE[scale] << 6 | idx << 3 | (b & 7))
        self.emit(disp_bytes)

    # -- moves and constants -------------------------------------------------------------

    def mov_rr(self, dst: Register, src: Register) -> None:
        self._rr(b"\x89", _gpr(src, "mov"), _gpr(dst, "mov"))

    def mov_ri32(self, dst: Register, imm: int) -> None:
        """mov with a sign-extended 32-bit immediate (C7 /0)."""
        check_signed(imm, 32, "mov_ri32 immediate")
        self._rr(b"\xc7", 0, _gpr(dst, "mov_ri32"))
        self.emit_i32(imm)

    def mov_ri_u32(self, dst: Register, imm: int) -> None:
        """mov r32, imm32: zero-extends into the full register."""
        check_unsigned(imm, 32, "mov_ri_u32 immediate")
        d = _gpr(dst, "mov_ri_u32")
        self._rex(False, 0, 0, d)
        self.emit_u8(0xB8 | (d & 7))
        self.emit_u32(imm)

    def movabs_ri(self, dst: Register, imm: int) -> None:
        value = check_word(imm, 64, "movabs immediate")
        d = _gpr(dst, "movabs")
        self._rex(True, 0, 0, d)
        self.emit_u8(0xB8 | (d & 7))
        self.emit_u64(value)

    def load_imm(self, dst: Register, value: int) -> None:
        """Materialise any 64-bit constant (signed or unsigned) in the shortest form."""
        value = check_word(value, 64, "load_imm")
        signed = value - (1 << 64) if value >> 63 else value
        if value < 1 << 32:
            self.mov_ri_u32(dst, value)
        elif -(1 << 31) <= signed < 0:
            self.mov_ri32(dst, signed)
        else:
            self.movabs_ri(dst, value)

    def lea(self, dst: Register, base: Register, disp: int = 0,
            index: Register | None = None, scale: int = 1) -> None:
        self._mem(b"\x8d", _gpr(dst, "lea"), base, disp, index, scale)

    # -- integer ALU ---------------------------------------------------------------------

    def _alu_rr(self, op: str, dst: Register, src: Register) -> None:
        self._rr(bytes((_ALU[op][1],)), _gpr(src, op), _gpr(dst, op))

    def _alu_ri(self, op: str, dst: Register, imm: int) -> None:
        digit = _ALU[op][0]
        d = _gpr(dst, op)
        check_signed(imm, 32, f"{op}_ri immediate (sign-extended to 64 bits)")
        if -128 <= imm < 128:
            self._rr(b"\x83", digit, d)
            self.emit(struct.pack("<b", imm))
        elif d == 0:
            self._rex(True, 0, 0, 0)
            self.emit_u8(digit << 3 | 5)
            self.emit_i32(imm)
        else:
            self._rr(b"\x81", digit, d)
            self.emit_i32(imm)

    def add_rr(self, dst: Register, src: Register) -> None:
        self._alu_rr("add", dst, src)

    def sub_rr(self, dst: Register, src: Register) -> None:
        self._alu_rr("sub", dst, src)

    def and_rr(self, dst: Register, src: Register) -> None:
        self._alu_rr("and", dst, src)

    def or_rr(self, dst: Register, src: Register) -> None:
        self._alu_rr("or", dst, src)

    def xor_rr(self, dst: Register, src: Register) -> None:
        self._alu_rr("xor", dst, src)

    def cmp_rr(self, a: Register, b: Register) -> None:
        """Flags of a - b."""
        self._alu_rr("cmp", a, b)

    def add_ri(self, dst: Register, imm: int) -> None:
        self._alu_ri("add", dst, imm)

    def sub_ri(self, dst: Register, imm: int) -> None:
        self._alu_ri("sub", dst, imm)

    def and_ri(self, dst: Register, imm: int) -> None:
        self._alu_ri("and", dst, imm)

    def or_ri(self, dst: Register, imm: int) -> None:
        self._alu_ri("or", dst, imm)

    def xor_ri(self, dst: Register, imm: int) -> None:
        self._alu_ri("xor", dst, imm)

    def cmp_ri(self, a: Register, imm: int) -> None:
        self._alu_ri("cmp", a, imm)

    def test_rr(self, a: Register, b: Register) -> None:
        self._rr(b"\x85", _gpr(b, "test"), _gpr(a, "test"))

    def imul_rr(self, dst: Register, src: Register) -> None:
        """dst *= src; sets OF on signed overflow."""
        self._rr(b"\x0f\xaf", _gpr(dst, "imul"), _gpr(src, "imul"))

    def imul_rri(self, dst: Register, src: Register, imm: int) -> None:
        check_signed(imm, 32, "imul_rri immediate")
        small = -128 <= imm < 128
        self._rr(b"\x6b" if small else b"\x69", _gpr(dst, "imul"), _gpr(src, "imul"))
        self.emit(struct.pack("<b" if small else "<i", imm))

    def neg_r(self, reg: Register) -> None:
        self._rr(b"\xf7", 3, _gpr(reg, "neg"))

    def not_r(self, reg: Register) -> None:
        self._rr(b"\xf7", 2, _gpr(reg, "not"))

    def cqo(self) -> None:
        """Sign-extend rax into rdx:rax before idiv."""
        self.emit(b"\x48\x99")

    def idiv_r(self, divisor: Register) -> None:
        """Signed rdx:rax / divisor: quotient in rax, remainder in rdx."""
        self._rr(b"\xf7", 7, _gpr(divisor, "idiv"))

    def _shift_ri(self, op: str, reg: Register, amount: int) -> None:
        check_unsigned(amount, 6, f"{op} amount")
        if amount == 1:
            self._rr(b"\xd1", _SHIFT[op], _gpr(reg, op))
        else:
            self._rr(b"\xc1", _SHIFT[op], _gpr(reg, op))
            self.emit_u8(amount)

    def shl_ri(self, reg: Register, amount: int) -> None:
        self._shift_ri("shl", reg, amount)

    def shr_ri(self, reg: Register, amount: int) -> None:
        self._shift_ri("shr", reg, amount)

    def sar_ri(self, reg: Register, amount: int) -> None:
        self._shift_ri("sar", reg, amount)

    def shl_cl(self, reg: Register) -> None:
        self._rr(b"\xd3", _SHIFT["shl"], _gpr(reg, "shl"))

    def shr_cl(self, reg: Register) -> None:
        self._rr(b"\xd3", _SHIFT["shr"], _gpr(reg, "shr"))

    def sar_cl(self, reg: Register) -> None:
        self._rr(b"\xd3", _SHIFT["sar"], _gpr(reg, "sar"))

    def setcc(self, cond: Cond, dst: Register) -> None:
        """Set the low byte of dst to 0/1 (the rest is untouched: follow with movzx)."""
        self._rr(bytes((0x0F, 0x90 | _cc(cond, "setcc"))), 0, _gpr(dst, "setcc"),
                 w=False, byte_rm=True)

    def movzx_rr8(self, dst: Register, src: Register) -> None:
        """Zero-extend the low byte of src into dst."""
        self._rr(b"\x0f\xb6", _gpr(dst, "movzx"), _gpr(src, "movzx"), w=False,
                 byte_rm=True)

    def cmov(self, cond: Cond, dst: Register, src: Register) -> None:
        self._rr(bytes((0x0F, 0x40 | _cc(cond, "cmov"))), _gpr(dst, "cmov"),
                 _gpr(src, "cmov"))

    # -- memory --------------------------------------------------------------------------

    def load(self, dst: Register, base: Register, disp: int = 0,
             index: Register | None = None, scale: int = 1) -> None:
        """64-bit word load."""
        self._mem(b"\x8b", _gpr(dst, "load"), base, disp, index, scale)

    def store(self, src: Register, base: Register, disp: int = 0,
              index: Register | None = None, scale: int = 1) -> None:
        """64-bit word store."""
        self._mem(b"\x89", _gpr(src, "store"), base, disp, index, scale)

    def load_u8(self, dst: Register, base: Register, disp: int = 0,
                index: Register | None = None, scale: int = 1) -> None:
        """Zero-extending byte load (movzbl also clears the upper 32 bits)."""
        self._mem(b"\x0f\xb6", _gpr(dst, "load_u8"), base, disp, index, scale, w=False)

    def store8(self, src: Register, base: Register, disp: int = 0,
               index: Register | None = None, scale: int = 1) -> None:
        self._mem(b"\x88", _gpr(src, "store8"), base, disp, index, scale, w=False,
                  byte_reg=True)

    def load_f64(self, dst: Register, base: Register, disp: int = 0,
                 index: Register | None = None, scale: int = 1) -> None:
        self._mem(b"\x0f\x10", _xmm(dst, "movsd"), base, disp, index, scale, w=False,
                  prefix=b"\xf2")

    def store_f64(self, src: Register, base: Register, disp: int = 0,
                  index: Register | None = None, scale: int = 1) -> None:
        self._mem(b"\x0f\x11", _xmm(src, "movsd"), base, disp, index, scale, w=False,
                  prefix=b"\xf2")

    def push_r(self, reg: Register) -> None:
        r = _gpr(reg, "push")
        self._rex(False, 0, 0, r)
        self.emit_u8(0x50 | (r & 7))

    def pop_r(self, reg: Register) -> None:
        r = _gpr(reg, "pop")
        self._rex(False, 0, 0, r)
        self.emit_u8(0x58 | (r & 7))

    # -- control flow --------------------------------------------------------------------

    def jmp(self, target: BranchTarget) -> int:
        return self.emit_branch(target, jmp_bytes)

    def jcc(self, cond: Cond, target: BranchTarget) -> int:
        _cc(cond, "jcc")
        return self.emit_branch(target, lambda offset: jcc_bytes(cond, offset))

    def call_r(self, reg: Register) -> None:
        self._rr(b"\xff", 2, _gpr(reg, "call"), w=False)

    def jmp_r(self, reg: Register) -> None:
        self._rr(b"\xff", 4, _gpr(reg, "jmp"), w=False)

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
        self._rr(opcode, _xmm(dst, "sse2"), _xmm(src, "sse2"), w=False, prefix=prefix)

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
        self._rr(b"\x0f\x2a", _xmm(dst, "cvtsi2sd"), _gpr(src, "cvtsi2sd"), prefix=b"\xf2")

    def cvttsd2si(self, dst: Register, src: Register) -> None:
        """Signed 64-bit dst = src truncated toward zero."""
        self._rr(b"\x0f\x2c", _gpr(dst, "cvttsd2si"), _xmm(src, "cvttsd2si"), prefix=b"\xf2")

    def movq_xr(self, dst: Register, src: Register) -> None:
        """Bit copy of a general register into an xmm register."""
        self._rr(b"\x0f\x6e", _xmm(dst, "movq"), _gpr(src, "movq"), prefix=b"\x66")

    def movq_rx(self, dst: Register, src: Register) -> None:
        """Bit copy of an xmm register into a general register."""
        self._rr(b"\x0f\x7e", _xmm(src, "movq"), _gpr(dst, "movq"), prefix=b"\x66")
