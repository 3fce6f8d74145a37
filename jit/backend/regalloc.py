"""The register allocator core every backend shares: locations, live ranges, linear-scan
allocation over one trace, spilling to the jitframe, JUMP hints and parallel moves.

Written in Kiln's subset (it runs in the translated binary). Nothing here knows an
instruction set: the backend passes its register classes (from its `registers.py`) and
an `Emitter` that turns a move between two `Loc`s into code.

Why a linear scan done while emitting, and not a graph colouring: a trace is a straight
line (guards leave it, only the final JUMP goes back), so a value is live from its
definition to its last use, and the allocator can decide at each operation with the whole
future known. When registers run out it evicts the value whose next use as an operand is
furthest away (Belady's choice for a straight line; a guard's fail_args do not count, as
an exit path reads a spilled value from its slot). A spilled value keeps its frame slot until it
dies; a reload only adds a register copy, so spilling a value twice costs one store.

The jitframe is an array of 8-byte slots addressed from the backend's frame register.
A trace is entered with its input arguments in slots 0..n-1, and every exit (guard or
FINISH) leaves its values in slots 0..k-1 through a parallel move; other slots hold
spills. Loops: a value defined before the last LABEL and used after it stays live to the
end of the trace, and the ones that are not LABEL arguments sit in their frame slot at
the LABEL, so the allocator's state at the JUMP matches the state at the LABEL.
"""

from __future__ import annotations

from jit.backend.codebuf import Register
from jit.metainterp.resoperation import (FINISH, FLOAT, JUMP, LABEL, AbstractValue, Const,
                                         ConstFloat, ConstInt, ConstPtr, ResOperation)

LOC_REG = 0
LOC_FRAME = 1
LOC_CONST = 2


NO_READ = 1 << 30    # RegAlloc.next_read of a value no operation reads any more


class Loc:
    """Where a value is: a register, a jitframe slot, or an immediate constant."""

    _immutable_fields_ = ["where", "reg", "slot", "kind", "value", "fvalue"]

    def __init__(self, where: int, reg: Register | None, slot: int, kind: int, value: int,
                 fvalue: float) -> None:
        self.where = where
        self.reg = reg
        self.slot = slot
        self.kind = kind
        self.value = value       # LOC_CONST of an int or ref
        self.fvalue = fvalue     # LOC_CONST of a float

    def is_reg(self) -> bool:
        return self.where == LOC_REG

    def is_frame(self) -> bool:
        return self.where == LOC_FRAME

    def is_const(self) -> bool:
        return self.where == LOC_CONST

    def same(self, other: Loc) -> bool:
        if self.where != other.where:
            return False
        if self.where == LOC_REG:
            return self.reg is other.reg
        if self.where == LOC_FRAME:
            return self.slot == other.slot
        return False


def reg_loc(reg: Register, kind: int) -> Loc:
    return Loc(LOC_REG, reg, -1, kind, 0, 0.0)


def frame_loc(slot: int, kind: int) -> Loc:
    return Loc(LOC_FRAME, None, slot, kind, 0, 0.0)


def const_loc(const: Const) -> Loc:
    if isinstance(const, ConstFloat):
        return Loc(LOC_CONST, None, -1, FLOAT, 0, const.value)
    if isinstance(const, ConstInt):
        return Loc(LOC_CONST, None, -1, const.kind, const.value, 0.0)
    assert isinstance(const, ConstPtr)
    return Loc(LOC_CONST, None, -1, const.kind, const.value, 0.0)


class Emitter:
    """What the allocator needs from a backend: one move of a value between locations.
    `src` may be a constant; register-to-register, frame-to-register, register-to-frame
    and frame-to-frame (through the backend's own scratch register) must all work."""

    def emit_move(self, src: Loc, dst: Loc) -> None:
        raise NotImplementedError


class RegisterClass:
    """One register file as the allocator sees it."""

    def __init__(self, allocatable: list[Register], caller_saved: list[Register]) -> None:
        self.allocatable = allocatable
        self.caller_saved = caller_saved

    def is_caller_saved(self, reg: Register) -> bool:
        for r in self.caller_saved:
            if r is reg:
                return True
        return False


def _contains(regs: list[Register], reg: Register) -> bool:
    for r in regs:
        if r is reg:
            return True
    return False


def parallel_move(emitter: Emitter, srcs: list[Loc], dsts: list[Loc], tmp_slot: int) -> None:
    """Move every srcs[i] to dsts[i] as if all at once. The destinations must be distinct;
    a cycle is broken through the frame slot `tmp_slot`. Constants are written last, since
    their destinations may still be needed as sources."""
    pending_src: list[Loc] = []
    pending_dst: list[Loc] = []
    for i in range(len(srcs)):
        if not srcs[i].is_const() and not srcs[i].same(dsts[i]):
            pending_src.append(srcs[i])
            pending_dst.append(dsts[i])
    while len(pending_src) > 0:
        progress = False
        i = 0
        while i < len(pending_src):
            blocked = False
            for j in range(len(pending_src)):
                if j != i and pending_src[j].same(pending_dst[i]):
                    blocked = True
                    break
            if blocked:
                i += 1
            else:
                emitter.emit_move(pending_src[i], pending_dst[i])
                del pending_src[i]
                del pending_dst[i]
                progress = True
        if not progress:
            # Only cycles are left: park one source in the temporary slot.
            old = pending_src[0]
            tmp = frame_loc(tmp_slot, old.kind)
            emitter.emit_move(old, tmp)
            for j in range(len(pending_src)):
                if pending_src[j].same(old):
                    pending_src[j] = tmp
    for i in range(len(srcs)):
        if srcs[i].is_const():
            emitter.emit_move(srcs[i], dsts[i])


class RegAlloc:
    """Allocation state for one trace (a loop or a bridge) while it is being emitted."""

    def __init__(self, emitter: Emitter, gprs: RegisterClass, fprs: RegisterClass) -> None:
        self.emitter = emitter
        self.gprs = gprs
        self.fprs = fprs
        self.reg_of: dict[AbstractValue, Register] = {}
        self.slot_of: dict[AbstractValue, int] = {}
        self.holder: dict[Register, AbstractValue] = {}
        self.last_use: dict[AbstractValue, int] = {}
        # Where each value is an operand (fail_args excluded: an exit path reads a value
        # from its slot as well as from a register), in increasing order.
        self.reads: dict[AbstractValue, list[int]] = {}
        self.free_slots: list[int] = []
        self.frame_depth = 0
        self.position = 0
        self.hints: dict[AbstractValue, int] = {}   # value -> index among the JUMP args
        self.label_locs: list[Loc] = []             # of the LABEL the final JUMP targets
        self.cycle_slot = -1

    # -- set-up ----------------------------------------------------------------------------

    def prepare(self, inputargs: list[AbstractValue], operations: list[ResOperation]) -> None:
        """Live ranges, then the input arguments in their entry slots 0..n-1."""
        last_label = -1
        defined_at: dict[AbstractValue, int] = {}
        for arg in inputargs:
            defined_at[arg] = -1
            self.last_use[arg] = -1
        for i in range(len(operations)):
            op = operations[i]
            for arg in op.args:
                self._use(arg, i)
                if not arg.is_constant():
                    if arg not in self.reads:
                        self.reads[arg] = []
                    self.reads[arg].append(i)
            for arg in op.fail_args:
                self._use(arg, i)
            if op.opnum == LABEL:
                last_label = i
            defined_at[op] = i
            if op not in self.last_use:
                self.last_use[op] = i
        end = len(operations) - 1
        if last_label >= 0:
            label_args = operations[last_label].args
            for value in self.last_use:
                if (defined_at[value] < last_label < self.last_use[value]
                        and not _in_values(label_args, value)):
                    self.last_use[value] = end
            last = operations[end]
            if last.opnum == JUMP and last.descr is operations[last_label].descr:
                for i in range(len(last.args)):
                    if not last.args[i].is_constant():
                        self.hints[last.args[i]] = i
        for i in range(len(inputargs)):
            self.slot_of[inputargs[i]] = i
        self.frame_depth = len(inputargs)
        # Exits write slots 0..k-1: reserving them now keeps the cycle slot above them.
        for op in operations:
            if op.is_guard():
                self.reserve_slots(len(op.fail_args))
            elif op.opnum == FINISH:
                self.reserve_slots(len(op.args))
        for slot in range(self.frame_depth - 1, len(inputargs) - 1, -1):
            self.free_slots.append(slot)

    def _use(self, value: AbstractValue, position: int) -> None:
        if value.is_constant():
            return
        if value not in self.last_use or self.last_use[value] < position:
            self.last_use[value] = position

    def load_inputargs(self, inputargs: list[AbstractValue]) -> None:
        """Bring the input arguments into registers while free ones remain."""
        for arg in inputargs:
            if self.last_use[arg] < 0:
                self._release(arg)
                continue
            reg = self._free_reg(self._class(arg.kind), [], arg)
            if reg is not None:
                self.emitter.emit_move(frame_loc(self.slot_of[arg], arg.kind),
                                       reg_loc(reg, arg.kind))
                self._bind(arg, reg)

    # -- queries ---------------------------------------------------------------------------

    def _class(self, kind: int) -> RegisterClass:
        if kind == FLOAT:
            return self.fprs
        return self.gprs

    def loc(self, value: AbstractValue) -> Loc:
        if isinstance(value, Const):
            return const_loc(value)
        if value in self.reg_of:
            return reg_loc(self.reg_of[value], value.kind)
        return frame_loc(self.slot_of[value], value.kind)

    def dies_here(self, value: AbstractValue) -> bool:
        """True if the current operation is the value's last use."""
        return not value.is_constant() and self.last_use[value] <= self.position

    def lives_after(self, value: AbstractValue) -> bool:
        return not value.is_constant() and self.last_use[value] > self.position

    # -- slots -----------------------------------------------------------------------------

    def new_slot(self) -> int:
        if len(self.free_slots) > 0:
            return self.free_slots.pop()
        self.frame_depth += 1
        return self.frame_depth - 1

    def move_slot(self) -> int:
        """A slot of its own for breaking cycles of parallel moves: a freed slot could be
        one of the move's own destinations."""
        if self.cycle_slot < 0:
            self.frame_depth += 1
            self.cycle_slot = self.frame_depth - 1
        return self.cycle_slot

    def reserve_slots(self, count: int) -> None:
        """Make the frame at least `count` slots deep (exits write slots 0..count-1)."""
        if self.frame_depth < count:
            self.frame_depth = count

    # -- registers -------------------------------------------------------------------------

    def _bind(self, value: AbstractValue, reg: Register) -> None:
        self.reg_of[value] = reg
        self.holder[reg] = value

    def _unbind(self, value: AbstractValue) -> None:
        if value in self.reg_of:
            del self.holder[self.reg_of[value]]
            del self.reg_of[value]

    def _release(self, value: AbstractValue) -> None:
        self._unbind(value)
        if value in self.slot_of:
            self.free_slots.append(self.slot_of[value])
            del self.slot_of[value]

    def spill(self, value: AbstractValue) -> None:
        """Leave the value only in its frame slot (storing it there the first time)."""
        if value not in self.reg_of:
            return
        if value not in self.slot_of:
            slot = self.new_slot()
            self.emitter.emit_move(reg_loc(self.reg_of[value], value.kind),
                                   frame_loc(slot, value.kind))
            self.slot_of[value] = slot
        self._unbind(value)

    def _hinted_reg(self, value: AbstractValue | None) -> Register | None:
        if value is None or value not in self.hints:
            return None
        index = self.hints[value]
        if index < len(self.label_locs) and self.label_locs[index].is_reg():
            return self.label_locs[index].reg
        return None

    def _free_reg(self, cls: RegisterClass, forbidden: list[Register],
                  value: AbstractValue | None) -> Register | None:
        hinted = self._hinted_reg(value)
        if (hinted is not None and hinted not in self.holder
                and not _contains(forbidden, hinted)):
            return hinted
        for reg in cls.allocatable:
            if reg not in self.holder and not _contains(forbidden, reg):
                return reg
        return None

    def next_read(self, value: AbstractValue) -> int:
        """The position of the value's next use as an operand (the current operation
        included), or NO_READ when only exits and the loop's LABEL state still need it."""
        if value in self.reads:
            for position in self.reads[value]:
                if position >= self.position:
                    return position
        return NO_READ

    def _evict(self, cls: RegisterClass, forbidden: list[Register]) -> Register:
        """Belady: the value read again furthest in the future goes; among equals, one
        that already has its slot (spilling it stores nothing)."""
        victim: AbstractValue | None = None
        victim_read = -1
        for reg in cls.allocatable:
            if reg in self.holder and not _contains(forbidden, reg):
                value = self.holder[reg]
                read = self.next_read(value)
                if (victim is None or read > victim_read or (
                        read == victim_read and value in self.slot_of
                        and victim not in self.slot_of)):
                    victim = value
                    victim_read = read
        assert victim is not None, "every register of the class is in use by one operation"
        reg = self.reg_of[victim]
        self.spill(victim)
        return reg

    def get_free_reg(self, kind: int, forbidden: list[Register],
                     value: AbstractValue | None) -> Register:
        """A register of `kind`'s class that holds nothing now (evicting if needed)."""
        cls = self._class(kind)
        reg = self._free_reg(cls, forbidden, value)
        if reg is None:
            reg = self._evict(cls, forbidden)
        return reg

    def reg_for(self, value: AbstractValue, forbidden: list[Register]) -> Register:
        """The register holding `value` (reloaded from its slot, or a constant
        materialised, if needed). A constant gets a register that stays unbound, so it
        is only valid until the next allocation: list it in `forbidden` meanwhile."""
        if value in self.reg_of:
            return self.reg_of[value]
        reg = self.get_free_reg(value.kind, forbidden, value)
        self.emitter.emit_move(self.loc(value), reg_loc(reg, value.kind))
        if not value.is_constant():
            self._bind(value, reg)
        return reg

    def result_reg(self, op: AbstractValue, forbidden: list[Register]) -> Register:
        """A register for the result of the current operation. Registers of arguments that
        die here may be reused (three-operand machines read before they write): call
        `free_dying` first for that."""
        reg = self.get_free_reg(op.kind, forbidden, op)
        self._bind(op, reg)
        return reg

    def result_slot(self, op: AbstractValue) -> int:
        """A fresh jitframe slot for the result of the current operation, which lives
        there and in no register (armel's floats)."""
        slot = self.new_slot()
        self.slot_of[op] = slot
        return slot

    def result_in_arg_reg(self, op: AbstractValue, arg: AbstractValue,
                          forbidden: list[Register]) -> Register:
        """Two-operand machines: a register for `op` that already holds `arg`, taken over
        when `arg` dies here, else a copy."""
        if (not arg.is_constant() and arg in self.reg_of and self.dies_here(arg)
                and not _contains(forbidden, self.reg_of[arg])):
            reg = self.reg_of[arg]
            self._release(arg)
            self._bind(op, reg)
            return reg
        reg = self.get_free_reg(op.kind, forbidden, op)
        self.emitter.emit_move(self.loc(arg), reg_loc(reg, op.kind))
        self._bind(op, reg)
        return reg

    def take_reg(self, reg: Register, kind: int) -> None:
        """Empty `reg` for a fixed use (a shift count, a call result): its value moves
        to another register or to its slot."""
        if reg not in self.holder:
            return
        value = self.holder[reg]
        if not self.lives_after(value) and not self._used_now(value):
            self._unbind(value)
            return
        other = self._free_reg(self._class(kind), [reg], value)
        self._unbind(value)
        if other is not None:
            self.emitter.emit_move(reg_loc(reg, value.kind), reg_loc(other, value.kind))
            self._bind(value, other)
        elif value not in self.slot_of:
            slot = self.new_slot()
            self.emitter.emit_move(reg_loc(reg, value.kind), frame_loc(slot, value.kind))
            self.slot_of[value] = slot

    def _used_now(self, value: AbstractValue) -> bool:
        return not value.is_constant() and self.last_use[value] == self.position

    def bind_result(self, op: AbstractValue, reg: Register) -> None:
        """`op`'s value is in `reg` (which `take_reg` or a call has emptied)."""
        self._bind(op, reg)

    # -- operation boundaries ----------------------------------------------------------------

    def free_dying(self, args: list[AbstractValue]) -> None:
        """Release the arguments whose last use is the current operation."""
        for arg in args:
            if not arg.is_constant() and self.dies_here(arg):
                self._release(arg)

    def next_operation(self, position: int) -> None:
        """Everything dead before `position` goes; `position` becomes current."""
        dead: list[AbstractValue] = []
        for value in self.reg_of:
            if self.last_use[value] < position:
                dead.append(value)
        for value in self.slot_of:
            if self.last_use[value] < position:
                dead.append(value)
        for value in dead:
            self._release(value)
        self.position = position

    def spill_caller_saved(self) -> None:
        """Before a call: values living past it leave the caller-saved registers."""
        moving: list[AbstractValue] = []
        for value in self.reg_of:
            reg = self.reg_of[value]
            if self._class(value.kind).is_caller_saved(reg) and self.lives_after(value):
                moving.append(value)
        for value in moving:
            self.spill(value)

    def forget_caller_saved(self) -> None:
        """After a call: the caller-saved registers hold nothing of ours."""
        gone: list[AbstractValue] = []
        for value in self.reg_of:
            if self._class(value.kind).is_caller_saved(self.reg_of[value]):
                gone.append(value)
        for value in gone:
            self._unbind(value)

    def at_label(self, args: list[AbstractValue]) -> list[Loc]:
        """The LABEL's argument locations; values that cross the LABEL without being its
        arguments are left in their slots, so that every JUMP can restore this state."""
        crossing: list[AbstractValue] = []
        for value in self.reg_of:
            if self.lives_after(value) and not _in_values(args, value):
                crossing.append(value)
        for value in crossing:
            self.spill(value)
        locs: list[Loc] = []
        for arg in args:
            assert not arg.is_constant(), "LABEL arguments are values, not constants"
            if arg in self.reg_of and arg in self.slot_of:
                # A JUMP writes only the register: the slot's copy would go stale.
                self.free_slots.append(self.slot_of[arg])
                del self.slot_of[arg]
            locs.append(self.loc(arg))
        self.label_locs = locs
        return locs

    def exit_locs(self, values: list[AbstractValue]) -> list[Loc]:
        """Where the values of a guard or FINISH are now (a register copy is preferred)."""
        locs: list[Loc] = []
        for value in values:
            locs.append(self.loc(value))
        return locs


def _in_values(values: list[AbstractValue], value: AbstractValue) -> bool:
    for v in values:
        if v is value:
            return True
    return False


def exit_slots(locs: list[Loc]) -> list[Loc]:
    """The destinations of an exit: value i goes to frame slot i."""
    dsts: list[Loc] = []
    for i in range(len(locs)):
        dsts.append(frame_loc(i, locs[i].kind))
    return dsts
