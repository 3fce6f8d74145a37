"""The shared CodeBuffer: labels, fix-ups, patching and alignment, through real encoders."""

from __future__ import annotations

import struct

import pytest

from jit.backend.aarch64 import codebuilder as a64
from jit.backend.aarch64.registers import X0
from jit.backend.arm import codebuilder as arm
from jit.backend.codebuf import CodeBuffer, Cond, EncodingError, word_offset
from jit.backend.x86_64 import codebuilder as x86


def test_forward_label_is_fixed_up_when_bound() -> None:
    b = x86.CodeBuilder()
    done = b.new_label()
    b.jcc(Cond.EQ, done)
    b.nop()
    b.nop()
    b.bind(done)
    b.ret()
    assert b.getvalue() == x86.jcc_bytes(Cond.EQ, 8) + b"\x90\x90\xc3"


def test_backward_label_is_encoded_at_once() -> None:
    b = a64.CodeBuilder()
    top = b.new_label()
    b.bind(top)
    b.nop()
    b.b(top)
    assert b.getvalue()[4:] == struct.pack("<I", a64.b_word(-4))


def test_several_branches_to_one_label() -> None:
    b = arm.CodeBuilder()
    out = b.new_label()
    b.b(out, Cond.NE)
    b.bl(out)
    b.bind(out)
    code = b.getvalue()
    assert code[:4] == struct.pack("<I", arm.b_word(8, Cond.NE))
    assert code[4:] == struct.pack("<I", arm.bl_word(4))


def test_cbz_label_keeps_its_register() -> None:
    b = a64.CodeBuilder()
    out = b.new_label()
    b.cbz(X0, out)
    b.nop()
    b.bind(out)
    expected = a64.CodeBuilder()
    expected.cbz(X0, 8)
    expected.nop()
    assert b.getvalue() == expected.getvalue()


def test_unbound_label_is_an_error() -> None:
    b = x86.CodeBuilder()
    b.jmp(b.new_label())
    with pytest.raises(EncodingError, match="never bound"):
        b.getvalue()


def test_label_bound_twice_is_an_error() -> None:
    b = x86.CodeBuilder()
    label = b.new_label()
    b.bind(label)
    with pytest.raises(EncodingError, match="already bound"):
        b.bind(label)


def test_patch_retargets_an_emitted_branch() -> None:
    b = x86.CodeBuilder()
    site = b.jmp(0)
    b.ret()
    b.patch(site, x86.jmp_bytes(100))
    assert b.getvalue() == x86.jmp_bytes(100) + b"\xc3"


def test_patch_outside_the_code_is_an_error() -> None:
    b = a64.CodeBuilder()
    b.nop()
    with pytest.raises(EncodingError, match="outside"):
        b.patch(2, b"\0\0\0\0")


def test_align_pads_with_the_target_nop() -> None:
    b = a64.CodeBuilder()
    b.nop()
    b.align_code(16)
    assert b.getvalue() == struct.pack("<I", a64.CodeBuilder.NOP) * 4
    c = x86.CodeBuilder()
    c.ret()
    c.align_code(8)
    assert c.getvalue() == b"\xc3" + b"\x90" * 7


def test_align_rejects_bad_requests() -> None:
    buf = CodeBuffer()
    with pytest.raises(EncodingError, match="power of two"):
        buf.align(12, b"\0")
    buf.emit(b"\0")
    with pytest.raises(EncodingError, match="cannot pad"):
        buf.align(4, b"\0\0")


def test_little_endian_words() -> None:
    buf = CodeBuffer()
    buf.emit_u32(0x11223344)
    buf.emit_i32(-2)
    buf.emit_u64(0x0102030405060708)
    assert buf.getvalue().hex() == "44332211" "feffffff" "0807060504030201"
    assert buf.read(0, 2) == b"\x44\x33"
    with pytest.raises(EncodingError):
        buf.emit_u32(1 << 32)


def test_conditions_invert_in_pairs() -> None:
    assert Cond.EQ.invert() is Cond.NE
    assert Cond.LT.invert() is Cond.GE
    assert Cond.HI.invert().invert() is Cond.HI
    with pytest.raises(EncodingError, match="no inverse"):
        Cond.AL.invert()


def test_word_offset_checks_alignment_and_range() -> None:
    assert word_offset(-4, 26, "b") == (1 << 26) - 1
    with pytest.raises(EncodingError, match="multiple of 4"):
        word_offset(6, 26, "b")
    with pytest.raises(EncodingError, match="signed 28-bit"):
        word_offset(1 << 27, 26, "b")
