"""The code allocator: pieces cut from shared chunks, reuse and merging of freed pieces,
and page-wise W^X protection (checked in /proc/self/maps)."""

from __future__ import annotations

from runner import helpers

from jit.backend.codealloc import (ALIGNMENT, CHUNK_SIZE, PAGE_SIZE, CodeAllocator,
                                   CodeBlock, make_executable, make_writable, page_span)


def test_pieces_are_aligned_and_packed_into_one_chunk() -> None:
    code = CodeAllocator()
    first = code.allocate(100)
    second = code.allocate(1)
    assert first.size == 112 and second.size == ALIGNMENT
    assert second.address == first.address + first.size
    assert code.chunks == 1 and code.allocated == 2


def test_a_piece_larger_than_a_chunk_gets_its_own_mapping() -> None:
    code = CodeAllocator()
    small = code.allocate(64)
    big = code.allocate(CHUNK_SIZE + 1)
    assert code.chunks == 2 and big.size >= CHUNK_SIZE + 1
    # The first chunk's unused tail is kept for later pieces.
    assert [(b.address, b.size) for b in code.free_blocks] == [
        (small.address + 64, CHUNK_SIZE - 64)]
    assert code.allocate(32).address == small.address + 64


def test_freed_pieces_merge_and_return_to_the_chunk() -> None:
    code = CodeAllocator()
    a, b, c = code.allocate(64), code.allocate(64), code.allocate(64)
    code.free(a)
    assert len(code.free_blocks) == 1
    reused = code.allocate(32)               # best fit, cut from the front of a's piece
    assert reused.address == a.address and code.free_blocks[0].size == 32
    code.free(reused)
    code.free(b)                             # merges with a's piece
    assert [(p.address, p.size) for p in code.free_blocks] == [(a.address, 128)]
    code.free(c)                             # ends at the bump pointer: all goes back
    assert code.free_blocks == [] and code.allocated == 0
    assert code.allocate(192).address == a.address


def test_protection_switches_every_page_a_block_touches() -> None:
    code = CodeAllocator()
    code.allocate(PAGE_SIZE - 32)
    straddling = code.allocate(64)           # the last 32 bytes of page 0, 32 of page 1
    assert page_span(straddling) == 2 * PAGE_SIZE
    make_executable(straddling)
    for offset in (0, 63):
        assert helpers.mapping_permissions(straddling.address + offset)[:3] == "r-x"
    make_writable(straddling)
    for offset in (0, 63):
        assert helpers.mapping_permissions(straddling.address + offset)[:3] == "rw-"
    assert page_span(CodeBlock(PAGE_SIZE, PAGE_SIZE)) == PAGE_SIZE
