"""The shared CodeBuffer: labels, fix-ups, patching, alignment and copying to raw memory,
through real encoders."""

from __future__ import annotations

import struct
from collections.abc import Callable

import pytest

from jit.backend.aarch64 import codebuilder as a64
from jit.backend.aarch64.registers import X0, X7
from jit.backend.arm import codebuilder as arm
from jit.backend.codebuf import (AL, EQ, GE, HI, LT, NE, VS, CodeBuffer, EncodingError,
                                 Label, check_word, invert_cond, word_offset)
from jit.backend.x86_64 import codebuilder as x86
from toolchain.rlib.rawmem import raw_free, raw_load_byte, raw_malloc


def test_forward_label_is_fixed_up_when_bound() -> None:
    b = x86.CodeBuilder()
    done = b.new_label()
    b.jcc_label(EQ, done)
    b.nop()
    b.nop()
    b.bind(done)
    b.ret()
    assert b.getvalue() == bytes(x86.jcc_bytes(EQ, 8)) + b"\x90\x90\xc3"


def test_backward_label_is_encoded_at_once() -> None:
    b = a64.CodeBuilder()
    top = b.new_label()
    b.bind(top)
    b.nop()
    b.b_label(top)
    assert b.getvalue()[4:] == struct.pack("<I", a64.b_word(-4))


def test_several_branches_to_one_label() -> None:
    b = arm.CodeBuilder()
    out = b.new_label()
    b.b_label(out, NE)
    b.bl_label(out)
    b.bind(out)
    code = b.getvalue()
    assert code[:4] == struct.pack("<I", arm.b_word(8, NE))
    assert code[4:] == struct.pack("<I", arm.bl_word(4))


# Every label form of a branch, as (builder, emit with a label, emit with an offset).
Emit = Callable[..., int]
LABEL_FORMS: list[tuple[str, Callable[[], CodeBuffer], Emit, Emit]] = [
    ("x86 jmp", x86.CodeBuilder, lambda b, t: b.jmp_label(t), lambda b, o: b.jmp(o)),
    ("x86 jcc", x86.CodeBuilder, lambda b, t: b.jcc_label(LT, t), lambda b, o: b.jcc(LT, o)),
    ("a64 b", a64.CodeBuilder, lambda b, t: b.b_label(t), lambda b, o: b.b(o)),
    ("a64 bl", a64.CodeBuilder, lambda b, t: b.bl_label(t), lambda b, o: b.bl(o)),
    ("a64 b.cond", a64.CodeBuilder, lambda b, t: b.b_cond_label(HI, t),
     lambda b, o: b.b_cond(HI, o)),
    ("a64 cbz", a64.CodeBuilder, lambda b, t: b.cbz_label(X7, t), lambda b, o: b.cbz(X7, o)),
    ("a64 cbnz", a64.CodeBuilder, lambda b, t: b.cbnz_label(X0, t),
     lambda b, o: b.cbnz(X0, o)),
    ("arm b", arm.CodeBuilder, lambda b, t: b.b_label(t, GE), lambda b, o: b.b(o, GE)),
    ("arm bl", arm.CodeBuilder, lambda b, t: b.bl_label(t, VS), lambda b, o: b.bl(o, VS)),
]


@pytest.mark.parametrize("builder,with_label,with_offset",
                         [form[1:] for form in LABEL_FORMS],
                         ids=[form[0] for form in LABEL_FORMS])
def test_label_forms_equal_offset_forms(builder: Callable[[], CodeBuffer], with_label: Emit,
                                        with_offset: Emit) -> None:
    """A forward and a backward branch to labels give the bytes of the offset form."""
    labelled = builder()
    top, out = labelled.new_label(), labelled.new_label()
    labelled.bind(top)
    labelled.nop()
    forward = with_label(labelled, out)
    labelled.nop()
    backward = with_label(labelled, top)
    labelled.bind(out)
    plain = builder()
    plain.nop()
    with_offset(plain, out.position - forward)
    plain.nop()
    with_offset(plain, top.position - backward)
    assert top.position == 0 and forward > 0 and backward > forward
    assert labelled.getvalue() == plain.getvalue()


def test_unbound_label_is_an_error() -> None:
    b = x86.CodeBuilder()
    b.jmp_label(b.new_label())
    with pytest.raises(EncodingError, match="never bound"):
        b.getvalue()
    with pytest.raises(EncodingError, match="never bound"):
        b.copy_to_raw(0)


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
    assert b.getvalue() == bytes(x86.jmp_bytes(100)) + b"\xc3"


def test_patch_word_retargets_a_fixed_width_branch() -> None:
    b = arm.CodeBuilder("armv5te")
    site = b.b(0, EQ)
    b.patch_word(site, arm.b_word(-64, EQ))
    assert b.getvalue() == struct.pack("<I", arm.b_word(-64, EQ))


def test_patch_outside_the_code_is_an_error() -> None:
    b = a64.CodeBuilder()
    b.nop()
    with pytest.raises(EncodingError, match="outside"):
        b.patch(2, [0, 0, 0, 0])


def test_align_pads_with_the_target_nop() -> None:
    b = a64.CodeBuilder()
    b.nop()
    b.align_code(16)
    assert b.getvalue() == struct.pack("<I", a64.CodeBuilder.NOP) * 4
    c = x86.CodeBuilder()
    c.ret()
    c.align_code(8)
    assert c.getvalue() == b"\xc3" + b"\x90" * 7
    d = arm.CodeBuilder()
    d.align_code(8)
    d.nop()
    d.align_code(8)
    assert d.getvalue() == bytes.fromhex("0000a0e1") * 2


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
    assert buf.read(0, 2) == [0x44, 0x33]
    with pytest.raises(EncodingError):
        buf.emit_u32(1 << 32)
    with pytest.raises(EncodingError):
        buf.emit_i32(1 << 31)


def test_buffer_grows_past_its_capacity_and_keeps_every_byte() -> None:
    buf = CodeBuffer()
    data = bytes(i * 7 & 0xFF for i in range(5000))
    for i in range(0, len(data), 8):
        buf.emit_le(int.from_bytes(data[i:i + 8], "little"), len(data[i:i + 8]))
    assert buf.position() == 5000 and len(buf.code) >= 5000
    assert buf.getvalue() == data
    with pytest.raises(EncodingError, match="outside"):
        buf.read(4999, 2)


def test_reused_storage_is_overwritten_not_appended_to() -> None:
    first = x86.CodeBuilder()
    first.emit(b"\x90" * 3000)
    storage = first.code
    second = x86.CodeBuilder()
    second.reuse(storage)
    assert second.position() == 0
    second.ret()
    assert second.getvalue() == b"\xc3"
    assert second.code is storage            # no new list: it had room
    with pytest.raises(EncodingError, match="outside"):
        second.patch_le(0, 0, 2)             # the old bytes past the end are not code


def test_copy_to_raw_memory() -> None:
    b = a64.CodeBuilder()
    b.load_imm(X0, 0x123456789ABCDEF0)
    b.ret()
    code = b.getvalue()
    address = raw_malloc(len(code))
    try:
        assert b.copy_to_raw(address) == len(code)
        assert bytes(raw_load_byte(address, i) for i in range(len(code))) == code
    finally:
        raw_free(address)


def test_conditions_invert_in_pairs() -> None:
    assert invert_cond(EQ) == NE
    assert invert_cond(LT) == GE
    assert invert_cond(invert_cond(HI)) == HI
    with pytest.raises(EncodingError, match="no inverse"):
        invert_cond(AL)


def test_word_offset_checks_alignment_and_range() -> None:
    assert word_offset(-4, 26, "b") == (1 << 26) - 1
    with pytest.raises(EncodingError, match="multiple of 4"):
        word_offset(6, 26, "b")
    with pytest.raises(EncodingError, match="signed 28-bit"):
        word_offset(1 << 27, 26, "b")


@pytest.mark.parametrize("value,bits,signed", [
    (0, 32, 0), (-1, 32, -1), (0xFFFFFFFF, 32, -1), (0x80000000, 32, -(1 << 31)),
    (0x7FFFFFFF, 32, 0x7FFFFFFF), (-(1 << 31), 32, -(1 << 31)),
    ((1 << 64) - 1, 64, -1), (1 << 63, 64, -(1 << 63)), ((1 << 63) - 1, 64, (1 << 63) - 1)])
def test_check_word_gives_the_signed_word(value: int, bits: int, signed: int) -> None:
    assert check_word(value, bits, "x") == signed


@pytest.mark.parametrize("value,bits", [(1 << 32, 32), (-(1 << 31) - 1, 32),
                                        (1 << 64, 64), (-(1 << 63) - 1, 64)])
def test_check_word_rejects_wider_values(value: int, bits: int) -> None:
    with pytest.raises(EncodingError, match=f"not a {bits}-bit value"):
        check_word(value, bits, "x")


def test_label_starts_unbound() -> None:
    assert Label().position == -1
