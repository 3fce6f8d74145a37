"""Flattening: one rtyped graph becomes a flat list of jitcode instructions over its
flow-graph Variables (registers come later, in regalloc.py).

Blocks are laid out depth-first, each followed by its first successor, so most links
need no `goto`; a link becomes copies into the target's input variables (through fresh
temporaries when it feeds a block its own variables, a parallel move), a bool exitswitch
a `goto_if_not`, a link to the return block a `<k>_return`.

Each low-level operation (the `op_*` of toolchain/genc: funcgen.py, containers.py) is
lowered here, or the graph cannot be encoded (`CannotEncode`, with the reason): then
callers reach it by a residual call.  Choices per operation, where Python semantics are
more than one machine operation:

- `int_floordiv`, `int_mod`, `uint_...`, `float_floordiv`, `float_mod`: elidable
  residual calls to the runtime's `kiln_int_floordiv`, ... (no resop does Python's
  division), which are fatal on a zero divisor; inside try, a test first raises
  ZeroDivisionError, as genc does.  `float_truediv`: the resop, after a test for a zero
  divisor that sends 0.0 to `kiln_float_truediv` (fatal), or inside try raises.
- strs, lists and tuples: containers.py; dicts: dicts.py.
- `ccall` of a runtime function: a residual call of its address (elidable for the pure
  str functions); a C `bool` result is masked to its low byte (only that byte is
  defined by every ABI).
- `instance_isinstance`: non-null, then the vtable (`guard_class`) compared with each
  subclass's `VtableAddress`; `vtable_call`: the same tests, one per implementation,
  each followed by a call of it.  Once the tracer has guarded the class, all fold.
- exceptions: in the operation an exception link catches, every call is followed by
  `catch_exception` to the handler (an operation that, as encoded, cannot raise keeps
  only its normal link), and checked index errors raise IndexError through
  `kiln_index_or_raise`; the handler starts with `last_exc_value`; a link to the
  except block is `raise`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jit.codewriter.containers import KIND_LETTER, ContainerOps, frozen_lists, repeated_items
from jit.codewriter.descrs import NoKind, kind_of_type
from jit.codewriter.dicts import DictOps
from jit.codewriter.jitcode import Label
from jit.codewriter.regalloc import Insn
from jit.metainterp import resoperation as rop
from toolchain.flow.model import (
    CAUGHT_EXCEPTION, LAST_EXCEPTION, Block, Constant, FunctionGraph, Link, SpaceOperation,
    Value, Variable,
)
from toolchain.rlib.rawmem import DOUBLE
from toolchain.rlib.symbolic import CFunctionAddress, VtableAddress
from toolchain.rtyper.lltype import Bool, Float, LowLevelType, Signed, Void

if TYPE_CHECKING:
    from jit.codewriter.codewriter import CodeWriter

KIND_NAME = {rop.INT: "int", rop.REF: "ref", rop.FLOAT: "float"}

# Low-level operations that are one jitcode operation with the same operands.
SAME = {name: name for name in (
    "int_add", "int_sub", "int_mul", "int_and", "int_or", "int_xor", "int_lshift",
    "int_rshift", "int_lt", "int_le", "int_eq", "int_ne", "int_gt", "int_ge", "int_neg",
    "int_invert", "int_is_true", "uint_rshift", "uint_lt", "uint_ge", "ptr_eq", "ptr_ne",
    "float_add", "float_sub", "float_mul", "float_neg", "float_lt", "float_le", "float_eq",
    "float_ne", "float_gt", "float_ge", "cast_int_to_float", "cast_ptr_to_int")}
# Unsigned words have the same bits as signed ones for these.
SAME.update({"uint_add": "int_add", "uint_sub": "int_sub", "uint_mul": "int_mul",
             "uint_and": "int_and", "uint_or": "int_or", "uint_xor": "int_xor",
             "uint_lshift": "int_lshift", "uint_eq": "int_eq", "uint_ne": "int_ne",
             "uint_neg": "int_neg", "uint_invert": "int_invert", "bool_not": "int_is_zero"})
# a > b is b < a: the unsigned comparisons the executor lacks, with swapped operands.
SWAPPED = {"uint_gt": "uint_lt", "uint_le": "uint_ge"}
# Pure runtime functions the graph's operation is a call of (elidable residual calls),
# fatal when the divisor is zero.
DIVISIONS = {"int_floordiv": "kiln_int_floordiv", "int_mod": "kiln_int_mod",
             "uint_floordiv": "kiln_uint_floordiv", "uint_mod": "kiln_uint_mod",
             "float_floordiv": "kiln_float_floordiv", "float_mod": "kiln_float_mod"}
# Runtime functions of immutable strs that neither raise nor have an effect anyone sees
# (kiln_str_hash caches the hash in the str): elidable, so the tracer folds them on
# constants and the optimizer shares repeated ones.
PURE_STR_FUNCTIONS = {"kiln_str_eq", "kiln_str_cmp", "kiln_str_hash", "kiln_str_contains",
                      "kiln_str_find", "kiln_str_rfind", "kiln_str_count",
                      "kiln_str_startswith", "kiln_str_endswith", "kiln_str_isdigit",
                      "kiln_str_isalpha", "kiln_str_isspace", "kiln_str_isalnum",
                      "kiln_str_isupper", "kiln_str_islower"}


class CannotEncode(Exception):
    """The graph holds something jitcodes cannot express; callers call it residually."""

    def __init__(self, reason: str, op: SpaceOperation | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.op = op


class Flattener(ContainerOps, DictOps):
    """Flattens one graph for `cw` (which decides what each direct_call becomes)."""

    def __init__(self, cw: CodeWriter, graph: FunctionGraph) -> None:
        self.cw = cw
        self.graph = graph
        self.code: list[Any] = []
        self.stubs: list[Any] = []
        self.labels: dict[Block, Label] = {}
        self.done: set[Block] = set()
        self.merge_point: Insn | None = None
        self.current: SpaceOperation | None = None
        # While writing the operation an exception link catches: the handler's label,
        # which each call it makes is followed by (catch_exception), and whether one was.
        self.catch: Label | None = None
        self.caught = False

    def type_of(self, value: Value) -> LowLevelType:
        if isinstance(value, Variable):
            return value.concretetype
        return self.cw.type_of_constant(value)

    def kind(self, value: Value) -> int:
        return self.type_kind(self.type_of(value))

    def type_kind(self, t: LowLevelType) -> int:
        try:
            return kind_of_type(t)
        except NoKind as e:
            raise self.fail(str(e)) from None

    # -- output ------------------------------------------------------------------------

    def emit(self, opname: str, *args: Any) -> Insn:
        insn = Insn(opname, list(args))
        self.code.append(insn)
        return insn

    def temp(self, t: LowLevelType) -> Variable:
        v = Variable("jt")
        v.concretetype = t
        return v

    def fail(self, reason: str) -> CannotEncode:
        return CannotEncode(reason, self.current)

    def flatten(self) -> list[Any]:
        """The instruction list (Insns and Labels), error stubs at the end."""
        self.params = [v for v in self.graph.startblock.inputargs if self.kind(v) != rop.VOID]
        self.frozen = frozen_lists(self.graph)
        self.repeated = repeated_items(self.graph)
        # Blocks to write, and (label, link) exits to write as a label, moves and a jump.
        pending: list[Any] = [self.graph.startblock]
        while pending:
            item = pending.pop()
            if isinstance(item, tuple):
                label, link = item
                self.code.append(label)
                self.block(self.follow(link), pending)
            else:
                self.block(item, pending)
        return self.code + self.stubs

    def label_of(self, block: Block) -> Label:
        if block not in self.labels:
            self.labels[block] = Label()
        return self.labels[block]

    # -- blocks and links ----------------------------------------------------------------

    def block(self, block: Block | None, pending: list[Any]) -> None:
        """Writes `block`, then (so that it needs no goto) its next unwritten successor."""
        while block is not None and block not in self.done:
            self.done.add(block)
            self.code.append(self.label_of(block))
            for op in block.operations:
                self.current = op
                if op is block.raising_op:
                    self.catch, self.caught = Label(), False
                self.operation(op)
            self.current = None
            block = self.exits(block, pending)

    def exits(self, block: Block, pending: list[Any]) -> Block | None:
        """Writes the block's exits; returns the block to write next, if any."""
        if block is self.graph.exceptblock:
            self.emit("raise", block.inputargs[0])
            return None
        if block is self.graph.returnblock:
            self.emit_return(block.inputargs[0])
            return None
        if block.exitswitch is LAST_EXCEPTION:
            return self.exception_exits(block, pending)
        if not block.exits:
            # The last operation never returns: end the code here all the same, so that
            # nothing seems to fall through into whatever is written next.
            self.emit("goto", self.label_of(block))
            return None
        if block.exitswitch is None:
            return self.follow(block.exits[0])
        cases = {link.exitcase: link for link in block.exits}
        if set(cases) != {True, False}:
            raise CannotEncode(f"a switch on {sorted(map(repr, cases))}")
        if isinstance(block.exitswitch, Constant):
            return self.follow(cases[bool(block.exitswitch.value)])
        otherwise = Label()
        self.emit("goto_if_not", block.exitswitch, otherwise)
        pending.append((otherwise, cases[False]))
        return self.follow(cases[True])

    def exception_exits(self, block: Block, pending: list[Any]) -> Block | None:
        """After the operation that may raise: its handler is written later, behind the
        label its calls' catch_exception jump to."""
        handler, self.catch = self.catch, None
        normal = [link for link in block.exits if link.exitcase is None]
        if not self.caught:             # as encoded, the operation cannot raise
            return self.follow(normal[0]) if normal else None
        caught = [link for link in block.exits if link.exitcase is not None]
        assert len(caught) == 1 and handler is not None, "one exception link per block"
        pending.append((handler, caught[0]))
        return self.follow(normal[0]) if normal else None

    def follow(self, link: Link) -> Block | None:
        """The link's moves; returns its target to write next, or jumps to it if it is
        written already."""
        if link.target is self.graph.returnblock:
            self.emit_return(link.args[0])
            return None
        if link.target is self.graph.exceptblock:
            self.emit("raise", link.args[0])
            return None
        self.move(link)
        if link.target in self.done:
            self.emit("goto", self.label_of(link.target))
            return None
        return link.target

    def emit_return(self, value: Value) -> None:
        """Returns `value` as the graph's result type (a None constant returned for an
        instance is a null ref, not nothing)."""
        result = self.graph.returnblock.inputargs[0]
        kind = self.kind(result)
        if kind == rop.VOID:
            self.emit("void_return")
        else:
            self.emit(KIND_NAME[kind] + "_return", self.retyped(value, result.concretetype))

    def move(self, link: Link) -> None:
        """Copies the link's values into the target's input variables, as one parallel
        move: through temporaries when a source is also a target."""
        if link.target is self.graph.returnblock:
            return
        pairs = [(arg, var) for arg, var in zip(link.args, link.target.inputargs)
                 if self.kind(var) != rop.VOID]
        if any(arg is CAUGHT_EXCEPTION for arg, _ in pairs):
            var = next(var for arg, var in pairs if arg is CAUGHT_EXCEPTION)
            caught = self.temp(var.concretetype)
            self.emit("last_exc_value", caught)
            pairs = [(caught if arg is CAUGHT_EXCEPTION else arg, var) for arg, var in pairs]
        targets = {var for _, var in pairs}
        if any(isinstance(arg, Variable) and arg in targets for arg, _ in pairs):
            staged = []
            for arg, var in pairs:
                t = self.temp(var.concretetype)
                self.copy(arg, t)
                staged.append((t, var))
            pairs = staged
        for arg, var in pairs:
            self.copy(arg, var)

    def copy(self, source: Value, target: Variable) -> None:
        self.emit(KIND_NAME[self.kind(target)] + "_copy",
                  self.retyped(source, target.concretetype), target)

    # -- operations ------------------------------------------------------------------------

    def operation(self, op: SpaceOperation) -> None:
        name = op.opname
        for value in [*op.args, op.result]:
            if isinstance(value, Variable):
                self.kind(value)            # a value no register holds: not encodable
        if name in SAME:
            self.emit(SAME[name], *op.args, op.result)
        elif name in SWAPPED:
            self.emit(SWAPPED[name], op.args[1], op.args[0], op.result)
        elif name in DIVISIONS:
            self.division(op, DIVISIONS[name])
        else:
            method = getattr(self, "op_" + name, None)
            if method is None:
                raise self.fail(f"the operation '{name}'")
            try:
                method(op)
            except NoKind as e:          # from a descr of a field or item of that type
                raise self.fail(str(e)) from None

    def op_same_as(self, op: SpaceOperation) -> None:
        if self.kind(op.result) != rop.VOID:
            self.copy(op.args[0], op.result)

    op_cast_pointer = op_same_as

    def op_jit_we_are_jitted(self, op: SpaceOperation) -> None:
        self.copy(Constant(1, Bool), op.result)

    def op_ptr_nonnull(self, op: SpaceOperation) -> None:
        self.emit("ptr_ne", op.args[0], Constant(None, op.args[0].concretetype), op.result)

    def op_float_is_true(self, op: SpaceOperation) -> None:
        self.emit("float_ne", op.args[0], Constant(0.0, Float), op.result)

    def op_float_truediv(self, op: SpaceOperation) -> None:
        a, b = op.args
        if self.catch is not None:
            self.zero_divisor_raises(b)
            self.emit("float_truediv", a, b, op.result)
            return
        nonzero = self.temp(Bool)
        self.emit("float_ne", b, Constant(0.0, Float), nonzero)
        by_zero = Label()
        self.emit("goto_if_not", nonzero, by_zero)
        self.emit("float_truediv", a, b, op.result)
        self.begin_stub(by_zero)
        self.c_call("kiln_float_truediv", [a, b], op.result)   # a fatal ZeroDivisionError
        self.emit("goto", by_zero)
        self.end_stub()

    def division(self, op: SpaceOperation, function: str) -> None:
        """An elidable call of `function`; inside try, a zero divisor raises first."""
        if self.catch is not None:
            self.zero_divisor_raises(op.args[1])
        self.c_call(function, list(op.args), op.result, elidable=True)

    def zero_divisor_raises(self, divisor: Value) -> None:
        """Inside try: a zero divisor raises ZeroDivisionError (genc's message)."""
        nonzero = self.temp(Bool)
        if self.kind(divisor) == rop.FLOAT:
            self.emit("float_ne", divisor, Constant(0.0, Float), nonzero)
            message = "float division by zero"
        else:
            self.emit("int_ne", divisor, Constant(0, Signed), nonzero)
            message = "integer division or modulo by zero"
        by_zero = Label()
        self.emit("goto_if_not", nonzero, by_zero)
        self.begin_stub(by_zero)
        self.runtime_error("ZeroDivisionError", message)
        self.emit("goto", by_zero)   # never taken: the call raised, to the handler
        self.end_stub()

    def runtime_error(self, kind: str, message: str) -> None:
        """A built-in exception: raised inside try (to the handler), else fatal, as
        genc's checked and unchecked operations do."""
        if self.catch is not None:
            self.c_call("kiln_raise_runtime", [
                Constant(self.cw.runtime_exception(kind), Signed), self.c_string(message)],
                self.temp(Void))
        else:
            self.c_call("kiln_fatal", [self.c_string(kind), self.c_string(message)],
                        self.temp(Void))

    def op_jit_merge_point(self, op: SpaceOperation) -> None:
        if self.graph not in self.cw.portals:
            raise self.fail("a jit_merge_point outside a portal")
        if self.merge_point is not None:
            raise self.fail("a second jit_merge_point in one portal")
        driver = op.args[0].value
        n = len(driver.greens)
        self.merge_point_kinds = ([self.split_kind(v) for v in op.args[1:1 + n]],
                                  [self.split_kind(v) for v in op.args[1 + n:]])
        self.merge_point = self.emit("jit_merge_point", *self.split(op.args[1:1 + n]),
                                     *self.split(op.args[1 + n:]))

    def op_can_enter_jit(self, op: SpaceOperation) -> None:
        self.emit("loop_header", self.cw.driver_index(op.args[0].value))

    def split_kind(self, value: Value) -> int:
        """The register kind a merge-point or call argument is passed as; a Void value
        (a None known at translation time) passes as a null ref."""
        kind = self.kind(value)
        return rop.REF if kind == rop.VOID else kind

    def split(self, values: list[Value]) -> list[list[Value]]:
        """Values by kind, each list in order: [ints, refs, floats]."""
        out: list[list[Value]] = [[], [], []]
        for v in values:
            kind = self.split_kind(v)
            out[kind].append(Constant(None) if self.kind(v) == rop.VOID else v)
        return out

    # instances

    def op_malloc(self, op: SpaceOperation) -> None:
        self.emit("new_with_vtable", self.cw.descrs.size(op.args[0].value), op.result)

    def field(self, op: SpaceOperation) -> tuple[int, LowLevelType]:
        owner, name = op.args[1].value, op.args[2].value
        ftype = dict(self.cw.rtyper.fields(owner))[name]
        if self.type_kind(ftype) == rop.VOID:
            return -1, ftype
        return self.cw.descrs.field(owner, name, ftype), ftype

    def op_getfield(self, op: SpaceOperation) -> None:
        descr, ftype = self.field(op)
        kind = self.type_kind(ftype)
        if kind != rop.VOID:
            self.emit("getfield_gc_" + KIND_LETTER[kind], op.args[0], descr, op.result)

    def op_setfield(self, op: SpaceOperation) -> None:
        descr, ftype = self.field(op)
        kind = self.type_kind(ftype)
        if kind != rop.VOID:
            self.emit("setfield_gc_" + KIND_LETTER[kind], op.args[0],
                      self.retyped(op.args[3], ftype), descr)

    def retyped(self, value: Value, t: LowLevelType) -> Value:
        """`value` as type t: a constant of a narrower annotation (None for an instance)
        gets t, and so does a Void variable (a value known at translation time)."""
        if isinstance(value, Constant):
            return Constant(value.value, t)
        if value.concretetype is Void and t is not Void:
            return Constant(self.cw.constant_value_of(value), t)
        return value

    # calls

    def op_direct_call(self, op: SpaceOperation) -> None:
        callee: FunctionGraph = op.args[0].value
        self.call_graph(callee, list(op.args[1:]), op.result)

    def call_graph(self, callee: FunctionGraph, all_args: list[Value],
                   result: Variable) -> None:
        """A call of `callee`: promote, an inline call or a residual one."""
        how = self.cw.call_kind(callee)
        params = [p for p in callee.startblock.inputargs if self.kind(p) != rop.VOID]
        args = [self.retyped(a, p.concretetype)
                for a, p in zip(all_args, callee.startblock.inputargs)
                if self.kind(p) != rop.VOID]
        kind = self.kind(result)
        if how == "promote":
            self.emit("promote_" + KIND_LETTER[kind], args[0], result)
        elif how == "inline":
            index = self.cw.jitcode_index(callee)
            suffix = "v" if kind == rop.VOID else KIND_LETTER[kind]
            self.emit("inline_call_" + suffix, index, *self.split(args),
                      *([result] if kind != rop.VOID else []))
            self.catch_here()
        else:
            address = self.cw.function_address(callee)
            if address is None:
                raise self.fail(f"a call of '{callee.name}', which has no function")
            assert len(args) == len(params)
            self.residual(Constant(address, Signed), args, result, how == "elidable")

    def catch_here(self) -> None:
        """After a call in the operation an exception link catches: to the handler."""
        if self.catch is not None:
            self.emit("catch_exception", self.catch)
            self.caught = True

    def vtable_of(self, obj: Value) -> Variable:
        """The object's class (its typeptr), which the tracer guards on."""
        vtable = self.temp(Signed)
        self.emit("guard_class", obj, vtable)
        return vtable

    def class_test(self, vtable: Value, classes: list[Any]) -> Variable:
        """1 if the vtable is one of `classes`' (ClassDefs), else 0."""
        found: Value = Constant(0, Signed)
        for cd in classes:
            same = self.temp(Bool)
            self.emit("int_eq", vtable, Constant(VtableAddress(cd.cls), Signed), same)
            if isinstance(found, Constant):
                found = same
            else:
                either = self.temp(Bool)
                self.emit("int_or", found, same, either)
                found = either
        assert isinstance(found, Variable)
        return found

    def op_instance_isinstance(self, op: SpaceOperation) -> None:
        """Non-null, and of one of the class's subclasses: once the tracer has guarded
        the class, every comparison folds."""
        obj, cd = op.args[0], op.args[1].value
        nonnull = self.temp(Bool)
        self.emit("ptr_ne", obj, Constant(None, self.type_of(obj)), nonnull)
        self.copy(Constant(0, Bool), op.result)
        done = Label()
        self.emit("goto_if_not", nonnull, done)
        self.copy(self.class_test(self.vtable_of(obj), cd.all_subdefs()), op.result)
        self.code.append(done)

    def op_vtable_call(self, op: SpaceOperation) -> None:
        """A method call on an instance of `cd` or a subclass: a test of the vtable per
        implementation, then a call of it (the tracer keeps only the guarded class's)."""
        cd, method, graphs = op.args[0].value
        by_graph: dict[FunctionGraph, list[Any]] = {}
        for sub in cd.all_subdefs():
            graph = implementation(sub.cls, method, graphs)
            if graph is not None:
                by_graph.setdefault(graph, []).append(sub)
        if not by_graph:
            raise self.fail(f"a call of method '{method}' with no implementation")
        vtable = self.vtable_of(op.args[1])
        done = Label()
        choices = list(by_graph.items())
        for n, (graph, classes) in enumerate(choices):
            last = n == len(choices) - 1
            following = Label()
            if not last:
                self.emit("goto_if_not", self.class_test(vtable, classes), following)
            self.call_graph(graph, list(op.args[1:]), op.result)
            if not last:
                self.emit("goto", done)
                self.code.append(following)
        self.code.append(done)

    def residual(self, address: Value, args: list[Value], result: Variable,
                 elidable: bool) -> None:
        kinds = [self.kind(a) for a in args]
        kind = self.kind(result)
        descr = self.cw.descrs.call(kinds, kind, elidable)
        suffix = "v" if kind == rop.VOID else KIND_LETTER[kind]
        self.emit("residual_call_" + suffix, address, descr, *self.split(args),
                  *([result] if kind != rop.VOID else []))
        self.catch_here()

    def c_call(self, name: str, args: list[Value], result: Variable,
               elidable: bool = False) -> None:
        self.cw.note_c_function(name)
        self.residual(Constant(CFunctionAddress(name), Signed), args, result,
                      elidable or name in PURE_STR_FUNCTIONS)

    def op_ccall(self, op: SpaceOperation) -> None:
        name = op.args[0].value
        if self.cw.is_c_macro(name):
            raise self.fail(f"a call of the C macro '{name}'")
        if op.result.concretetype is Bool:
            self.bool_c_call(name, list(op.args[1:]), op.result)
        else:
            self.c_call(name, list(op.args[1:]), op.result)

    def bool_c_call(self, name: str, args: list[Value], result: Variable) -> None:
        """A C function returning `bool`: only its low byte is defined by every ABI."""
        word = self.temp(Signed)
        self.c_call(name, args, word)
        self.emit("int_and", word, Constant(255, Signed), result)

    def op_raw_call(self, op: SpaceOperation) -> None:
        sig = op.args[0].value
        args = [a if isinstance(a, Variable) else
                Constant(a.value, Float if kind == DOUBLE else Signed)
                for a, kind in zip(op.args[2:], sig.args)]
        self.residual(op.args[1], args, op.result, False)

    # raw memory

    def raw(self, op: SpaceOperation) -> None:
        self.emit(op.opname, *op.args, *([op.result] if "load" in op.opname else []))

    op_raw_load_word = op_raw_load_byte = op_raw_load_double = raw
    op_raw_store_word = op_raw_store_byte = op_raw_store_double = raw

    def begin_stub(self, label: Label) -> None:
        """Writes out of line (after every block) until end_stub: rare paths."""
        self.saved = self.code
        self.code = [label]

    def end_stub(self) -> None:
        self.stubs += self.code
        self.code = self.saved

    def op_assert_(self, op: SpaceOperation) -> None:
        where = op.args[1].value
        failed = Label()
        self.emit("goto_if_not", op.args[0], failed)
        self.begin_stub(failed)
        if self.catch is not None:   # inside try: raises AssertionError, to the handler
            self.c_call("kiln_raise_runtime", [
                Constant(self.cw.runtime_exception("AssertionError"), Signed),
                self.c_string(where)], self.temp(Void))
        else:
            self.c_call("kiln_assert_failed", [self.c_string(where)], self.temp(Void))
        self.emit("goto", failed)    # never taken
        self.end_stub()

def thread_jumps(code: list[Any]) -> list[Any]:
    """Jumps to a `goto` go straight to its target, and a `goto` to the next instruction
    disappears (empty blocks and link trampolines leave many of both)."""
    first: dict[Label, Any] = {}
    pending: list[Label] = []
    for item in code:
        if isinstance(item, Label):
            pending.append(item)
        else:
            for label in pending:
                first[label] = item
            pending = []

    def final(label: Label) -> Label:
        seen = {label}
        while True:
            item = first.get(label)
            if item is None or item.opname != "goto" or item.args[0] in seen:
                return label
            label = item.args[0]
            seen.add(label)

    for item in code:
        if isinstance(item, Insn) and item.labels():
            item.set_args([final(a) if isinstance(a, Label) else a for a in item.args])
    kept: list[Any] = []
    for pos, item in enumerate(code):
        if isinstance(item, Insn) and item.opname == "goto":
            following = pos + 1
            while following < len(code) and isinstance(code[following], Label):
                if code[following] is item.args[0]:
                    break
                following += 1
            if following < len(code) and code[following] is item.args[0]:
                continue
        kept.append(item)
    return kept


def implementation(cls: type, method: str, graphs: list[FunctionGraph]) -> FunctionGraph | None:
    """The graph among `graphs` that instances of `cls` run for `method`."""
    for klass in cls.__mro__:
        if method in klass.__dict__:
            func = klass.__dict__[method]
            for graph in graphs:
                if graph.func is func:
                    return graph
            return None
    return None
