"""The backend interface every JIT backend implements, and what they share around it: loop
tokens, dead frames, guard exits, and the W^X switching of installed code.

Written in Kiln's subset (it runs in the translated binary); the names are RPython's.

How compiled code is entered and left, the same on every backend:
- `enter` takes a jitframe (raw memory, `frame_depth` 8-byte slots) from a pool, writes
  the input arguments to slots 0..n-1 (ints and refs as words, floats as doubles) and
  calls the loop's entry with the frame's address as the one argument.  The pool, not
  one frame: compiled code may call the interpreter, which may enter compiled code
  again while the outer frame is in use.
- Every exit (a failing guard or FINISH) writes its values to slots 0..k-1 and returns
  the exit's number in this CPU's table of exits; `enter` returns that exit, and its
  values stay in the frame (`last_word`, `last_float`) until the next run ends, when
  the frame goes back to the pool.  Entering allocates nothing once the pool has a
  frame: an interpreter enters compiled code once per call of a small function.
  `execute_token` (RPython's interface) is `enter` plus a `DeadFrame`, a copy of the
  values, which a failing guard's resume data reads.
- A bridge is entered from its guard's exit path with the values in those same slots, so
  attaching one means redirecting that exit path, nothing else.

Code memory is W^X (jit/backend/codealloc.py): code is written while the pages of its
block are read/write and switched to read/execute before anything runs in it; patching
an exit switches those pages back for the write. Freed blocks (`free_loop`) go back to
the allocator and are reused.
"""

from __future__ import annotations

from jit.metainterp.resoperation import (FLOAT, AbstractDescr, AbstractValue, InputArg,
                                         ResOperation)
from jit.backend.codealloc import CodeAllocator, CodeBlock, make_executable, make_writable
from toolchain.rlib.rawmem import (WORD, FuncSig, raw_free, raw_load_double, raw_load_word,
                                   raw_malloc, raw_store_double, raw_store_word)

SLOT_SIZE = 8          # bytes per jitframe slot: a word or a double on 64-bit targets

ENTER_SIG = FuncSig([WORD], WORD)   # entry(frame address) -> exit number


class BackendError(Exception):
    """A trace the backend cannot compile (an operation it lacks, a bad descr)."""

    def __init__(self, message: str) -> None:
        self.message = message


class LoopToken(AbstractDescr):
    """A compiled loop: its entry, the kinds of its input arguments, and every code
    block that belongs to it (the loop's and its bridges')."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.entry = 0
        self.input_kinds: list[int] = []
        self.blocks: list[CodeBlock] = []

    def repr_of_descr(self) -> str:
        return "<Loop " + str(self.number) + ">"


class ExitInfo:
    """One guard or FINISH: its descr, the kinds of the values it leaves in slots
    0..k-1, and where the address its exit path jumps to is stored in code memory."""

    def __init__(self, descr: AbstractDescr, kinds: list[int]) -> None:
        self.descr = descr
        self.kinds = kinds
        self.patch_address = 0   # the 8 bytes of the exit path's jump target
        self.block: CodeBlock | None = None
        self.bridged = False


class DeadFrame:
    """The values an exit left, read out of the jitframe; index i is fail_args[i]
    (or FINISH's argument i), whatever its kind."""

    def __init__(self, descr: AbstractDescr) -> None:
        self.descr = descr
        self.words: list[int] = []      # ints and refs; 0 where the value is a float
        self.floats: list[float] = []   # floats; 0.0 where the value is not a float
        self.kinds: list[int] = []


class AbstractCPU:
    """The interface of a backend. Subclasses implement `assemble_loop`,
    `assemble_bridge` and `patch_exit`; the rest is shared."""

    def __init__(self) -> None:
        self.code = CodeAllocator()
        self.exits: list[ExitInfo] = []
        self.exit_of: dict[AbstractDescr, ExitInfo] = {}
        # One depth for every frame: a bridge may jump into another loop's code.
        self.frame_depth = 1
        # The jitframe of the last exit stays out of the pool (raw memory, which the GC
        # scans) until the next run ends: its values are read from it, and the refs a
        # DeadFrame holds in an unscanned list stay alive while resume data is read.
        self.last_frame = 0
        self.last_depth = 0
        self.frame_pool: list[int] = []     # free jitframes, each `pool_depth` slots
        self.pool_depth = 0

    # -- what subclasses provide ---------------------------------------------------------

    def assemble_loop(self, inputargs: list[InputArg], operations: list[ResOperation],
                      looptoken: LoopToken) -> None:
        raise NotImplementedError

    def assemble_bridge(self, exit: ExitInfo, inputargs: list[InputArg],
                        operations: list[ResOperation], looptoken: LoopToken) -> None:
        raise NotImplementedError

    def patch_exit(self, exit: ExitInfo, target: int) -> None:
        raise NotImplementedError

    # -- the interface -------------------------------------------------------------------

    def compile_loop(self, inputargs: list[InputArg], operations: list[ResOperation],
                     looptoken: LoopToken) -> None:
        looptoken.input_kinds = [arg.kind for arg in inputargs]
        self.assemble_loop(inputargs, operations, looptoken)

    def compile_bridge(self, faildescr: AbstractDescr, inputargs: list[InputArg],
                       operations: list[ResOperation], looptoken: LoopToken) -> None:
        """Attach a trace to the guard whose descr is `faildescr`; its input arguments
        are that guard's fail_args, in order."""
        if faildescr not in self.exit_of:
            raise BackendError("compile_bridge: that descr is no guard of compiled code")
        exit = self.exit_of[faildescr]
        if len(exit.kinds) != len(inputargs):
            raise BackendError("compile_bridge: the guard has %d fail_args, the bridge "
                               "%d input arguments" % (len(exit.kinds), len(inputargs)))
        self.assemble_bridge(exit, inputargs, operations, looptoken)

    def new_exit(self, descr: AbstractDescr, values: list[AbstractValue]) -> int:
        """Registers an exit; its number is what compiled code returns through it. A
        descr compiled again (a FINISH descr shared by traces) names its latest exit."""
        kinds: list[int] = []
        for value in values:
            kinds.append(value.kind)
        exit = ExitInfo(descr, kinds)
        self.exits.append(exit)
        self.exit_of[descr] = exit
        return len(self.exits) - 1

    def note_frame_depth(self, depth: int) -> None:
        if depth > self.frame_depth:
            self.frame_depth = depth

    def execute_token(self, looptoken: LoopToken, int_args: list[int],
                      ref_args: list[int], float_args: list[float]) -> DeadFrame:
        """Run the loop; the inputs of each kind are taken in order from their list."""
        return self.dead_frame(self.enter(looptoken, int_args, ref_args, float_args))

    def enter(self, looptoken: LoopToken, int_args: list[int], ref_args: list[int],
              float_args: list[float]) -> ExitInfo:
        """Run the loop in a pooled jitframe; the exit's values are `last_word(i)` and
        `last_float(i)` until the next run ends."""
        depth = self.frame_depth
        if depth != self.pool_depth:
            # A deeper trace was compiled: smaller frames are of no use any more.
            for old in self.frame_pool:
                raw_free(old)
            self.frame_pool = []
            self.pool_depth = depth
        if len(self.frame_pool) > 0:
            frame = self.frame_pool.pop()
        else:
            frame = raw_malloc(depth * SLOT_SIZE)
        next_i = 0
        next_r = 0
        next_f = 0
        kinds = looptoken.input_kinds
        for i in range(len(kinds)):
            kind = kinds[i]
            if kind == FLOAT:
                raw_store_double(frame, i * SLOT_SIZE, float_args[next_f])
                next_f += 1
            elif kind == 0:
                raw_store_word(frame, i * SLOT_SIZE, int_args[next_i])
                next_i += 1
            else:
                raw_store_word(frame, i * SLOT_SIZE, ref_args[next_r])
                next_r += 1
        number = ENTER_SIG.call(looptoken.entry, frame)
        if self.last_frame != 0:
            if self.last_depth == self.pool_depth:
                self.frame_pool.append(self.last_frame)
            else:
                raw_free(self.last_frame)
        self.last_frame = frame
        self.last_depth = depth
        return self.exits[number]

    def last_word(self, index: int) -> int:
        """Value `index` of the last exit, an int or a ref."""
        return raw_load_word(self.last_frame, index * SLOT_SIZE)

    def last_float(self, index: int) -> float:
        return raw_load_double(self.last_frame, index * SLOT_SIZE)

    def dead_frame(self, exit: ExitInfo) -> DeadFrame:
        """A copy of the last exit's values."""
        dead = DeadFrame(exit.descr)
        for i in range(len(exit.kinds)):
            dead.kinds.append(exit.kinds[i])
            if exit.kinds[i] == FLOAT:
                dead.words.append(0)
                dead.floats.append(self.last_float(i))
            else:
                dead.words.append(self.last_word(i))
                dead.floats.append(0.0)
        return dead

    def get_latest_descr(self, deadframe: DeadFrame) -> AbstractDescr:
        return deadframe.descr

    def get_int_value(self, deadframe: DeadFrame, index: int) -> int:
        return deadframe.words[index]

    def get_ref_value(self, deadframe: DeadFrame, index: int) -> int:
        return deadframe.words[index]

    def get_float_value(self, deadframe: DeadFrame, index: int) -> float:
        return deadframe.floats[index]

    def free_loop(self, looptoken: LoopToken) -> None:
        """Return the loop's code (and its bridges') to the allocator. Nothing may run
        in it any more, and no other loop's bridge may jump into it."""
        for block in looptoken.blocks:
            self.code.free(block)
        looptoken.blocks = []
        looptoken.entry = 0

    # -- code memory ---------------------------------------------------------------------

    def install(self, block: CodeBlock) -> None:
        """Make freshly written code runnable (W^X: read/execute from now on)."""
        make_executable(block)

    def redirect_exit(self, exit: ExitInfo, target: int) -> None:
        """Send an exit's path to `target` (a bridge) instead of out of the code."""
        block = exit.block
        assert block is not None
        # The pages may hold code waiting in a residual call: see codealloc's docstring.
        make_writable(block)
        self.patch_exit(exit, target)
        make_executable(block)
        exit.bridged = True
