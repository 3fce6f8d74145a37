"""Writes one low-level graph as one C function.

Blocks become labels, links become assignments to the target block's input variables
followed by a `goto`, and each low-level operation is printed by its `op_<name>` method.
Variables are numbered per function in block order, so the output is stable.
A call that may raise is followed by a test of the pending exception, except where only
quiet arithmetic runs before the return (`raising.propagating_calls`); quiet operations
also let `d[k] = f(d.get(k, 0))` probe the dict once (`fused_dict_updates`).
"""

from __future__ import annotations

from toolchain.flow.model import (
    CAUGHT_EXCEPTION, LAST_EXCEPTION, Block, Constant, FunctionGraph, Link, SpaceOperation,
    Value, Variable,
)
from toolchain.genc.containers import ContainerOps
from toolchain.genc.database import Database
from toolchain.rtyper.raising import is_quiet, op_can_raise, propagating_calls
from toolchain.rtyper.lltype import (
    STR, Bool, Float, FuncPtr, InstancePtr, LowLevelType, Signed, Unsigned, Void,
)

BINARY_C = {"int_and": "&", "int_or": "|", "int_xor": "^", "int_rshift": ">>",
            "int_lt": "<", "int_le": "<=", "int_eq": "==", "int_ne": "!=",
            "int_gt": ">", "int_ge": ">=", "ptr_eq": "==", "ptr_ne": "!=",
            # unsigned words wrap by C's own rules
            "uint_add": "+", "uint_sub": "-", "uint_mul": "*", "uint_lshift": "<<",
            "uint_and": "&", "uint_or": "|", "uint_xor": "^", "uint_rshift": ">>",
            "uint_lt": "<", "uint_le": "<=", "uint_eq": "==", "uint_ne": "!=",
            "uint_gt": ">", "uint_ge": ">="}
OVERFLOW_BUILTINS = {"int_add_ovf": "__builtin_add_overflow",
                     "int_sub_ovf": "__builtin_sub_overflow",
                     "int_mul_ovf": "__builtin_mul_overflow"}
MACRO_C = {"int_add": "KILN_INT_ADD", "int_sub": "KILN_INT_SUB", "int_mul": "KILN_INT_MUL",
           "int_lshift": "KILN_INT_LSHIFT"}
UNREACHABLE = '    kiln_fatal("internal error", "a call that cannot return returned");'
FLOAT_C = {"float_add": "+", "float_sub": "-", "float_mul": "*", "float_lt": "<",
           "float_le": "<=", "float_eq": "==", "float_ne": "!=", "float_gt": ">",
           "float_ge": ">="}
STR_CMP_C = {"str_lt": "<", "str_le": "<=", "str_gt": ">", "str_ge": ">="}


def is_zero_word(value: Value) -> bool:
    """A constant that a fresh dict slot already holds: its word is all zero bits."""
    if not isinstance(value, Constant):
        return False
    v = value.value
    return v is None or (type(v) in (int, bool, float) and v == 0 and str(v)[0] != "-")


def fused_dict_updates(block: Block) -> list[tuple[SpaceOperation, SpaceOperation]]:
    """`d[k] = f(d.get(k, 0))` in one probe: the (get, setitem) pairs of a block.

    The get may insert the key at once: a new slot holds zero, which is the default;
    only quiet operations (no dict access, nothing that raises) run before the setitem
    overwrites it, so nothing can see the early insertion.
    """
    pairs = []
    for i, op in enumerate(block.operations):
        if (op.opname != "dict_get" or not is_zero_word(op.args[2])
                or op.result.concretetype is Void):
            continue
        for later in block.operations[i + 1:]:
            if later.opname == "dict_setitem" and later.args[:2] == op.args[:2]:
                pairs.append((op, later))
                break
            if not is_quiet(later):
                break
    return pairs


class FunctionWriter(ContainerOps):
    def __init__(self, db: Database, graph: FunctionGraph,
                 raising: set[FunctionGraph], checks_stack: bool = False) -> None:
        self.db = db
        self.graph = graph
        self.raising = raising
        self.checks_stack = checks_stack
        self.unchecked = propagating_calls(graph, raising)
        # each fused get/setitem pair shares one slot pointer, `kiln_fusedN`
        self.fused: dict[SpaceOperation, str] = {}
        # True while writing the operation an exception link catches: built-in errors
        # (IndexError, KeyError, ZeroDivisionError) are then raised, not fatal.
        self.checked = False
        self.names: dict[Variable, str] = {}
        self.blocks = list(graph.iterblocks())
        self.labels = {block: f"block{i}" for i, block in enumerate(self.blocks)}
        for block in self.blocks:
            for var in block.inputargs:
                self.name(var)
            for op in block.operations:
                self.name(op.result)
            for get, setitem in fused_dict_updates(block):
                self.fused[get] = self.fused[setitem] = f"kiln_fused{len(self.fused) // 2}"

    def name(self, var: Variable) -> str:
        if var not in self.names:
            self.names[var] = f"v{len(self.names)}"
        return self.names[var]

    # -- the function -----------------------------------------------------------------

    def signature(self) -> str:
        params = [f"{v.concretetype.c_type} {self.name(v)}"
                  for v in self.graph.startblock.inputargs if v.concretetype is not Void]
        result_type = self.graph.returnblock.inputargs[0].concretetype
        return (f"static {result_type.c_type} {self.db.function_names[self.graph]}"
                f"({', '.join(params) or 'void'})")

    def body(self) -> list[str]:
        lines = [self.signature() + " {"]
        params = set(self.graph.startblock.inputargs)
        declared = sorted(((self.names[v], v) for v in self.names
                           if v not in params and v.concretetype not in (None, Void)),
                          key=lambda item: int(item[0][1:]))
        for name, var in declared:
            lines.append(f"    {var.concretetype.c_type} {name};")
        lines += [f"    kiln_word *{name};" for name in sorted(set(self.fused.values()))]
        if self.checks_stack:
            # Always returns once raised: a path from the check back into the body
            # would stop gcc from turning self-calls into loops.
            lines += ["    if (kiln_stack_too_deep()) {",
                      "        kiln_raise_recursion_error();",
                      f"        {self.dummy_return()}",
                      "    }"]
        for block in self.blocks:
            lines += self.block(block)
        lines.append("}")
        return lines

    def dummy_return(self) -> str:
        """Leaves the function with an exception pending (the value is never used)."""
        t = self.graph.returnblock.inputargs[0].concretetype
        if t is Void:
            return "return;"
        return "return NULL;" if t.is_gc_pointer else "return 0;"

    def block(self, block: Block) -> list[str]:
        lines = [f"  {self.labels[block]}:"]
        if block is self.graph.returnblock:
            result = block.inputargs[0]
            lines.append("    return;" if result.concretetype is Void
                         else f"    return {self.name(result)};")
            return lines
        if block is self.graph.exceptblock:
            lines.append(f"    kiln_exc_value = (struct kiln_object *){self.name(block.inputargs[0])};")
            lines.append(f"    {self.dummy_return()}")
            return lines
        caught = block.raising_op
        for op in block.operations:
            self.checked = op is caught
            lines += ["    " + line for line in self.operation(op)]
            if (op is not caught and op not in self.unchecked
                    and op_can_raise(op, self.raising)):
                lines.append(f"    if (KILN_UNLIKELY(kiln_exc_value != NULL)) "
                             f"{self.dummy_return()}")
        self.checked = False
        if block.exitswitch is LAST_EXCEPTION:
            normal = next((link for link in block.exits if link.exitcase is None), None)
            exceptional = next(link for link in block.exits if link.exitcase == "exception")
            lines.append("    if (KILN_UNLIKELY(kiln_exc_value != NULL)) {")
            lines.append("        struct kiln_object *kiln_e = kiln_exc_value;")
            lines.append("        kiln_exc_value = NULL;")
            lines += self.link(exceptional, "        ")
            lines.append("    }")
            lines += self.link(normal, "    ") if normal else [UNREACHABLE]
        elif not block.exits:
            lines.append(UNREACHABLE)  # the last operation never returns normally
        elif block.exitswitch is None:
            lines += self.link(block.exits[0], "    ")
        else:
            true_link = next(link for link in block.exits if link.exitcase is True)
            false_link = next(link for link in block.exits if link.exitcase is False)
            lines.append(f"    if ({self.expr(block.exitswitch)}) {{")
            lines += self.link(true_link, "        ")
            lines.append("    }")
            lines += self.link(false_link, "    ")
        return lines

    def link(self, link: Link, indent: str) -> list[str]:
        pairs = [(arg, var) for arg, var in zip(link.args, link.target.inputargs)
                 if var.concretetype is not Void]
        lines = []
        sources = {arg for arg, _ in pairs if isinstance(arg, Variable)}
        if sources & set(link.target.inputargs):
            # a link into its own block: go through temporaries
            temps = []
            for i, (arg, var) in enumerate(pairs):
                temps.append(f"t{i}")
                lines.append(f"{{ {var.concretetype.c_type} t{i} = "
                             f"{self.expr(arg, var.concretetype)};")
            lines += [f"{self.name(var)} = t{i};" for i, (_, var) in enumerate(pairs)]
            lines.append("}" * len(temps))
        else:
            lines += [f"{self.name(var)} = {self.expr(arg, var.concretetype)};"
                      for arg, var in pairs]
        lines.append(f"goto {self.labels[link.target]};")
        return [indent + line for line in lines]

    # -- values -------------------------------------------------------------------------

    def expr(self, value: Value, expected: LowLevelType | None = None) -> str:
        if value is CAUGHT_EXCEPTION:
            return f"(({expected.c_type})kiln_e)" if expected is not None else "kiln_e"
        if isinstance(value, Variable):
            if value.concretetype is Void and expected is not None and expected is not Void:
                # a value known at translation time (None, one function) meets a wider type
                s_value = self.db.ann.bindings.get(value)
                if s_value is not None and s_value.is_constant():
                    return self.db.constant(s_value.const, expected)
                return "NULL" if expected.is_gc_pointer else "0"
            if isinstance(expected, InstancePtr) and value.concretetype != expected:
                return f"(({expected.c_type}){self.name(value)})"  # upcast
            return self.name(value)
        t = value.concretetype or expected or self.db.type_of_constant(value.value)
        return self.db.constant(value.value, t)

    def typeof(self, value: Value) -> LowLevelType:
        if isinstance(value, Variable):
            return value.concretetype
        return value.concretetype or self.db.type_of_constant(value.value)

    # -- operations ---------------------------------------------------------------------

    def operation(self, op: SpaceOperation) -> list[str]:
        if op.opname in BINARY_C:
            a, b = op.args
            t = self.typeof(a) if isinstance(a, Variable) else self.typeof(b)
            return [self.assign(op, f"{self.expr(a, t)} {BINARY_C[op.opname]} "
                                    f"{self.expr(b, t)}")]
        if op.opname in FLOAT_C:
            a, b = self.args(op, Float, Float)
            return [self.assign(op, f"{a} {FLOAT_C[op.opname]} {b}")]
        if op.opname in OVERFLOW_BUILTINS:
            a, b = self.args(op, Signed, Signed)
            return [f"if ({OVERFLOW_BUILTINS[op.opname]}({a}, {b}, &{self.name(op.result)})) "
                    f"kiln_raise_runtime(KILN_EXC_OverflowError, "
                    f"\"integer operation overflowed\");"]
        if op.opname in MACRO_C:
            a, b = op.args
            return [self.assign(op, f"{MACRO_C[op.opname]}({self.expr(a, Signed)}, "
                                    f"{self.expr(b, Signed)})")]
        if op.opname in STR_CMP_C:
            a, b = (self.expr(x, STR) for x in op.args)
            return [self.assign(op, f"kiln_str_cmp({a}, {b}) {STR_CMP_C[op.opname]} 0")]
        method = getattr(self, f"op_{op.opname}")
        return method(op)

    def assign(self, op: SpaceOperation, expression: str) -> str:
        if op.result.concretetype is Void:
            return f"{expression};"
        return f"{self.name(op.result)} = {expression};"

    def args(self, op: SpaceOperation, *types: LowLevelType) -> list[str]:
        return [self.expr(a, t) for a, t in zip(op.args, types)]

    # d[k] = f(d.get(k, 0)) probes once (see fused_dict_updates)

    def op_dict_get(self, op: SpaceOperation) -> list[str]:
        if op not in self.fused:
            return super().op_dict_get(op)
        t, d, k = self.dict_and_key(op)
        slot = self.fused[op]
        return [f"{slot} = kiln_dict_insert_slot({d}, {k});",
                self.assign(op, self.slot(slot, t.value))]

    def op_dict_setitem(self, op: SpaceOperation) -> list[str]:
        if op not in self.fused:
            return super().op_dict_setitem(op)
        t = self.dict_types(op.args[0])
        return [f"{self.slot(self.fused[op], t.value)} = {self.expr(op.args[2], t.value)};"]

    def op_same_as(self, op: SpaceOperation) -> list[str]:
        if op.result.concretetype is Void:
            return []
        return [self.assign(op, self.expr(op.args[0], op.result.concretetype))]

    def op_uint_floordiv(self, op: SpaceOperation) -> list[str]:
        return self.unsigned_division(op, "/")

    def op_uint_mod(self, op: SpaceOperation) -> list[str]:
        return self.unsigned_division(op, "%")

    def unsigned_division(self, op: SpaceOperation, operator: str) -> list[str]:
        a, b = self.args(op, Unsigned, Unsigned)
        error = ("kiln_raise_runtime(KILN_EXC_ZeroDivisionError, "
                 "\"integer division or modulo by zero\");" if self.checked else
                 "kiln_fatal(\"ZeroDivisionError\", \"integer division or modulo by zero\");")
        return [f"if ({b} == 0) {error}", f"else {self.assign(op, f'{a} {operator} {b}')}"]

    def op_uint_neg(self, op: SpaceOperation) -> list[str]:
        return [self.assign(op, f"0UL - {self.expr(op.args[0], Unsigned)}")]

    def op_uint_invert(self, op: SpaceOperation) -> list[str]:
        return [self.assign(op, f"~{self.expr(op.args[0], Unsigned)}")]

    def op_int_floordiv(self, op: SpaceOperation) -> list[str]:
        return self.division(op, "kiln_int_floordiv")

    def op_int_mod(self, op: SpaceOperation) -> list[str]:
        return self.division(op, "kiln_int_mod")

    def division(self, op: SpaceOperation, function: str) -> list[str]:
        a, b = self.args(op, Signed, Signed)
        if not self.checked:
            return [self.assign(op, f"{function}({a}, {b})")]
        return [f"if ({b} == 0) kiln_raise_runtime(KILN_EXC_ZeroDivisionError, "
                f"\"integer division or modulo by zero\");",
                f"else {self.assign(op, f'{function}({a}, {b})')}"]

    def checked_index(self, index: str, length: str, then: str) -> list[str]:
        """Runs `then` with `kiln_ix` bound to the checked index, or raises IndexError."""
        return [f"{{ Signed kiln_ix = kiln_index_or_raise({index}, {length});",
                f"  if (kiln_ix >= 0) {then} }}"]

    # floats: C doubles, with Python's errors and floor semantics

    def op_float_neg(self, op: SpaceOperation) -> list[str]:
        return [self.assign(op, f"-{self.expr(op.args[0], Float)}")]

    def op_float_is_true(self, op: SpaceOperation) -> list[str]:
        return [self.assign(op, f"{self.expr(op.args[0], Float)} != 0.0")]

    def op_cast_int_to_float(self, op: SpaceOperation) -> list[str]:
        return [self.assign(op, f"(double){self.expr(op.args[0], Signed)}")]

    def op_float_truediv(self, op: SpaceOperation) -> list[str]:
        return self.float_division(op, "kiln_float_truediv")

    def op_float_floordiv(self, op: SpaceOperation) -> list[str]:
        return self.float_division(op, "kiln_float_floordiv")

    def op_float_mod(self, op: SpaceOperation) -> list[str]:
        return self.float_division(op, "kiln_float_mod")

    def float_division(self, op: SpaceOperation, function: str) -> list[str]:
        a, b = self.args(op, Float, Float)
        if not self.checked:
            return [self.assign(op, f"{function}({a}, {b})")]
        return [f"if ({b} == 0.0) kiln_raise_runtime(KILN_EXC_ZeroDivisionError, "
                f"\"float division by zero\");",
                f"else {self.assign(op, f'{function}({a}, {b})')}"]

    def op_int_neg(self, op: SpaceOperation) -> list[str]:
        return [self.assign(op, f"KILN_INT_NEG({self.expr(op.args[0], Signed)})")]

    def op_int_invert(self, op: SpaceOperation) -> list[str]:
        return [self.assign(op, f"~{self.expr(op.args[0], Signed)}")]

    def op_int_is_true(self, op: SpaceOperation) -> list[str]:
        return [self.assign(op, f"{self.expr(op.args[0], Signed)} != 0")]

    def op_bool_not(self, op: SpaceOperation) -> list[str]:
        return [self.assign(op, f"!{self.expr(op.args[0], Bool)}")]

    def op_ptr_nonnull(self, op: SpaceOperation) -> list[str]:
        return [self.assign(op, f"{self.expr(op.args[0])} != NULL")]

    def op_assert_(self, op: SpaceOperation) -> list[str]:
        where = self.db.string_constant(op.args[1].value)  # type: ignore[union-attr]
        if self.checked:  # inside a try that may catch AssertionError
            return [f"if (!({self.expr(op.args[0], Bool)})) "
                    f"kiln_raise_runtime(KILN_EXC_AssertionError, {where}->chars);"]
        return [f"if (!({self.expr(op.args[0], Bool)})) kiln_assert_failed({where}->chars);"]

    # instances and calls

    def op_malloc(self, op: SpaceOperation) -> list[str]:
        cd = op.args[0].value  # type: ignore[union-attr]
        classes = self.db.classes
        alloc = "kiln_malloc_atomic" if classes.is_atomic(cd) else "kiln_malloc"
        result = self.name(op.result)
        return [f"{result} = {alloc}(sizeof(struct {classes.struct(cd)}));",
                f"((struct kiln_object *){result})->typeptr = {classes.typeptr(cd)};"]

    def op_instance_isinstance(self, op: SpaceOperation) -> list[str]:
        cd = op.args[1].value  # type: ignore[union-attr]
        return [self.assign(op, self.db.classes.isinstance_test(self.expr(op.args[0]), cd))]

    def op_cast_pointer(self, op: SpaceOperation) -> list[str]:
        t = op.result.concretetype
        return [self.assign(op, f"({t.c_type}){self.expr(op.args[0])}")]

    def op_vtable_call(self, op: SpaceOperation) -> list[str]:
        cd, method, graphs = op.args[0].value  # type: ignore[union-attr]
        classes = self.db.classes
        classes.add_slot(cd, method)
        params = [p.concretetype for p in graphs[0].startblock.inputargs[1:]
                  if p.concretetype is not Void]
        result_type = graphs[0].returnblock.inputargs[0].concretetype
        fnptr = f"{result_type.c_type} (*)({', '.join(['void *'] + [p.c_type for p in params])})"
        this = self.expr(op.args[1])
        types = [p.concretetype for p in graphs[0].startblock.inputargs[1:]]
        args = [this] + [self.expr(a, t) for a, t in zip(op.args[2:], types) if t is not Void]
        slot = (f"((const struct {classes.vtable_struct(cd)} *)"
                f"((struct kiln_object *){this})->typeptr)->m_{method}")
        return [self.assign(op, f"(({fnptr}){slot})({', '.join(args)})")]

    def field(self, op: SpaceOperation) -> tuple[str, LowLevelType]:
        owner, name = op.args[1].value, op.args[2].value  # type: ignore[union-attr]
        t: InstancePtr = self.db.rtyper.instance_type(owner)
        ftype = dict(self.db.rtyper.fields(owner))[name]
        return f"((struct {t.c_struct} *){self.expr(op.args[0])})->f_{name}", ftype

    def op_getfield(self, op: SpaceOperation) -> list[str]:
        access, ftype = self.field(op)
        if ftype is Void:
            return []
        return [self.assign(op, access)]

    def op_setfield(self, op: SpaceOperation) -> list[str]:
        access, ftype = self.field(op)
        if ftype is Void:
            return []
        return [f"{access} = {self.expr(op.args[3], ftype)};"]

    def op_direct_call(self, op: SpaceOperation) -> list[str]:
        graph: FunctionGraph = op.args[0].value  # type: ignore[union-attr]
        args = [self.expr(a, p.concretetype)
                for a, p in zip(op.args[1:], graph.startblock.inputargs)
                if p.concretetype is not Void]
        return [self.assign(op, f"{self.db.function_names[graph]}({', '.join(args)})")]

    # raw memory (toolchain/rlib/rawmem.py): addresses are words

    def raw_address(self, op: SpaceOperation) -> str:
        address, offset = self.args(op, Signed, Signed)
        return f"((char *){address} + {offset})"

    def op_raw_load_word(self, op: SpaceOperation) -> list[str]:
        return [self.assign(op, f"*(Signed *){self.raw_address(op)}")]

    def op_raw_load_byte(self, op: SpaceOperation) -> list[str]:
        return [self.assign(op, f"*(unsigned char *){self.raw_address(op)}")]

    def op_raw_load_double(self, op: SpaceOperation) -> list[str]:
        # memcpy: raw doubles may sit at any address, and ARM's vldr faults unaligned
        return [self.assign(op, f"kiln_load_double({self.raw_address(op)})")]

    def op_raw_store_word(self, op: SpaceOperation) -> list[str]:
        return [f"*(Signed *){self.raw_address(op)} = {self.expr(op.args[2], Signed)};"]

    def op_raw_store_byte(self, op: SpaceOperation) -> list[str]:
        return [f"*(unsigned char *){self.raw_address(op)} = "
                f"(unsigned char){self.expr(op.args[2], Signed)};"]

    def op_raw_store_double(self, op: SpaceOperation) -> list[str]:
        return [f"kiln_store_double({self.raw_address(op)}, {self.expr(op.args[2], Float)});"]

    def op_jit_we_are_jitted(self, op: SpaceOperation) -> list[str]:
        return [self.assign(op, "0")]   # the codewriter's jitcodes say 1

    def op_cast_ptr_to_int(self, op: SpaceOperation) -> list[str]:
        return [self.assign(op, f"(Signed){self.expr(op.args[0])}")]

    def op_cast_int_to_ptr(self, op: SpaceOperation) -> list[str]:
        return [self.assign(op, f"({op.result.concretetype.c_type})"
                                f"{self.expr(op.args[0], Signed)}")]

    def op_raw_call(self, op: SpaceOperation) -> list[str]:
        sig = op.args[0].value  # type: ignore[union-attr]
        kinds = {"word": Signed, "double": Float}
        params = [kinds[a] for a in sig.args]
        fnptr = f"{kinds[sig.result].c_type} (*)({', '.join(p.c_type for p in params) or 'void'})"
        args = [self.expr(a, p) for a, p in zip(op.args[2:], params)]
        target = self.expr(op.args[1], Signed)
        return [self.assign(op, f"(({fnptr}){target})({', '.join(args)})")]

    def op_indirect_call(self, op: SpaceOperation) -> list[str]:
        t = self.typeof(op.args[0])
        assert isinstance(t, FuncPtr)
        args = [self.expr(a, p) for a, p in zip(op.args[2:], t.params) if p is not Void]
        return [self.assign(op, f"{self.expr(op.args[0])}({', '.join(args)})")]

    def op_ccall(self, op: SpaceOperation) -> list[str]:
        fname = op.args[0].value  # type: ignore[union-attr]
        args = [self.expr(a) for a in op.args[1:]]
        return [self.assign(op, f"{fname}({', '.join(args)})")]

    def op_jit_merge_point(self, op: SpaceOperation) -> list[str]:
        return []

    op_can_enter_jit = op_jit_merge_point


