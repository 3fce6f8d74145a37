"""Code memory: pieces of mapped pages handed out to traces, and their W^X protection.

Written in Kiln's subset (it runs in the translated binary).

Many traces share a page: a trace is a few hundred bytes, and a page (or two) per trace
meant one mmap and a mostly empty page for each of the hundreds of traces a program
compiles. The allocator maps `CHUNK_SIZE` bytes at a time and cuts pieces off the front
of the current chunk (a bump pointer); freed pieces go to a free list, merged with free
neighbours, and are reused best fit first.

W^X holds page by page: `make_writable` and `make_executable` switch every page a piece
touches, so while a trace is written, the traces sharing its first or last page are not
executable either. That is safe because the runtime is single threaded and compiled code
never runs during a compilation, with one exception: compiled code that made a residual
call may be waiting for it (the call went back to the interpreter, which compiled a new
trace). Its page may be writable only while the compiler runs; every compilation and
every exit patch ends with `make_executable` on the same pages before control returns,
so the call returns into executable code (tests/jit/backend/runner/suite.py,
test_code_compiled_during_a_residual_call_shares_the_callers_page).
"""

from __future__ import annotations

from toolchain.rlib.rawmem import (code_alloc, code_make_executable, code_make_writable,
                                   flush_icache)

PAGE_SIZE = 4096
CHUNK_SIZE = 16 * PAGE_SIZE   # mapped at a time: one mmap per ~100 traces
ALIGNMENT = 16                # of every piece: what x86's decoder and ARM's fetch like


class CodeBlock:
    """A piece of code memory: `size` bytes at `address` (multiples of ALIGNMENT)."""

    def __init__(self, address: int, size: int) -> None:
        self.address = address
        self.size = size


def page_start(address: int) -> int:
    return address - address % PAGE_SIZE


def page_span(block: CodeBlock) -> int:
    """The bytes from the block's first page to the end of its last page."""
    end = block.address + block.size
    return page_start(end + PAGE_SIZE - 1) - page_start(block.address)


def make_writable(block: CodeBlock) -> None:
    code_make_writable(page_start(block.address), page_span(block))


def make_executable(block: CodeBlock) -> None:
    """Flush the block's bytes from the data cache and switch its pages to read/execute."""
    flush_icache(block.address, block.size)
    code_make_executable(page_start(block.address), page_span(block))


class CodeAllocator:
    """Pieces of code memory, with a free list for freed loops."""

    def __init__(self) -> None:
        self.free_blocks: list[CodeBlock] = []
        self.next = 0          # the bump pointer into the current chunk
        self.end = 0           # the end of the current chunk
        self.allocated = 0     # blocks handed out and not freed, for tests and logs
        self.chunks = 0        # mappings made, for tests and logs

    def allocate(self, size: int) -> CodeBlock:
        """A writable block of at least `size` bytes (the pages it touches are
        read/write until `make_executable`)."""
        size = (size + ALIGNMENT - 1) // ALIGNMENT * ALIGNMENT
        if size == 0:
            size = ALIGNMENT
        self.allocated += 1
        block = self._take_free(size)
        if block is None:
            block = self._bump(size)
        make_writable(block)
        return block

    def _take_free(self, size: int) -> CodeBlock | None:
        best = -1
        for i in range(len(self.free_blocks)):
            piece = self.free_blocks[i]
            if piece.size >= size and (best < 0 or piece.size < self.free_blocks[best].size):
                best = i
        if best < 0:
            return None
        piece = self.free_blocks[best]
        if piece.size == size:
            self.free_blocks.pop(best)
            return piece
        # Cut the block off the front; the rest stays free.
        block = CodeBlock(piece.address, size)
        piece.address += size
        piece.size -= size
        return block

    def _bump(self, size: int) -> CodeBlock:
        if self.end - self.next < size:
            if self.end > self.next:
                self.free_blocks.append(CodeBlock(self.next, self.end - self.next))
            length = CHUNK_SIZE
            if size > length:
                length = (size + PAGE_SIZE - 1) // PAGE_SIZE * PAGE_SIZE
            self.next = code_alloc(length)
            self.end = self.next + length
            self.chunks += 1
        block = CodeBlock(self.next, size)
        self.next += size
        return block

    def free(self, block: CodeBlock) -> None:
        """Take a block back. Its pages keep their protection: nothing runs in it any
        more, and `allocate` makes pages writable before anything is written."""
        self.allocated -= 1
        piece = CodeBlock(block.address, block.size)
        merged = True
        while merged:
            merged = False
            for i in range(len(self.free_blocks)):
                other = self.free_blocks[i]
                if other.address + other.size == piece.address:
                    piece.address = other.address
                    piece.size += other.size
                elif piece.address + piece.size == other.address:
                    piece.size += other.size
                else:
                    continue
                self.free_blocks.pop(i)
                merged = True
                break
        if piece.address + piece.size == self.next:
            self.next = piece.address      # the chunk's unused tail grows back
        else:
            self.free_blocks.append(piece)
