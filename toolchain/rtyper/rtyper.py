"""The rtyper: turns annotated graphs into low-level graphs, in place.

Every value gets a `concretetype` (an `lltype`), and every high-level operation is
replaced by low-level ones whose meaning no longer depends on annotations: `int_add`,
`getfield`, `list_getitem`, `direct_call`, `ccall` of a runtime function, ...  genc
prints these one to one, and the JIT's codewriter will read the same graphs.
"""

from __future__ import annotations

import inspect
from typing import Callable

from toolchain.annotator import builtins, rules
from toolchain.annotator.annotator import EXCEPTION_MESSAGE, Annotator
from toolchain.annotator.classdef import ClassDef
from toolchain.annotator.model import (
    SomeBool, SomeDict, SomeFloat, SomeImpossible, SomeInstance, SomeInteger, SomeList,
    SomeFunctions, SomeNone, SomeObject, SomeString, SomeTuple, SomeValue,
)
from toolchain.errors import TranslationError
from toolchain.flow.model import (
    LAST_EXCEPTION, Block, Constant, FunctionGraph, SpaceOperation, Value, Variable,
)
from toolchain.rtyper import rbuiltin
from toolchain.rtyper.lltype import (
    STR, Bool, DictPtr, Float, FuncPtr, InstancePtr, ListPtr, LowLevelType, Signed, TuplePtr,
    Unsigned, Void,
)

INT_OPS = {"add": "int_add", "sub": "int_sub", "mul": "int_mul",
           "floordiv": "int_floordiv", "mod": "int_mod", "and_": "int_and",
           "or_": "int_or", "xor": "int_xor", "lshift": "int_lshift",
           "rshift": "int_rshift", "lt": "int_lt", "le": "int_le", "eq": "int_eq",
           "ne": "int_ne", "gt": "int_gt", "ge": "int_ge"}
STR_COMPARE = {"eq": "str_eq", "ne": "str_ne", "lt": "str_lt", "le": "str_le",
               "gt": "str_gt", "ge": "str_ge"}
FLOAT_OPS = {"add": "float_add", "sub": "float_sub", "mul": "float_mul",
             "truediv": "float_truediv", "floordiv": "float_floordiv", "mod": "float_mod",
             "lt": "float_lt", "le": "float_le", "eq": "float_eq", "ne": "float_ne",
             "gt": "float_gt", "ge": "float_ge"}


TRUTH_OPS: list[tuple[type, str]] = [
    (SomeBool, "same_as"), (SomeInteger, "int_is_true"), (SomeFloat, "float_is_true"),
    (SomeString, "str_is_true"), (SomeList, "list_is_true"), (SomeDict, "dict_is_true"),
    (SomeInstance, "ptr_nonnull"),
]


def fuse_concatenations(ops: list[SpaceOperation], block: Block) -> list[SpaceOperation]:
    """`a + b + c + ...` on strings becomes one `str_concat_n`: one allocation and one
    copy of each piece, instead of a new string (and a copy of the prefix) per `+`."""
    uses: dict[Variable, int] = {}
    for value in [a for op in ops for a in op.args] + [a for link in block.exits
                                                       for a in link.args] + [block.exitswitch]:
        if isinstance(value, Variable):
            uses[value] = uses.get(value, 0) + 1
    producers: dict[Variable, SpaceOperation] = {}
    result: list[SpaceOperation] = []
    for op in ops:
        if op.opname == "str_concat":
            pieces: list[Value] = []
            for arg in op.args:
                inner = producers.get(arg) if isinstance(arg, Variable) else None
                if inner is not None and uses.get(arg) == 1:
                    pieces += inner.args
                    result.remove(inner)
                else:
                    pieces.append(arg)
            op = SpaceOperation("str_concat" if len(pieces) == 2 else "str_concat_n",
                                pieces, op.result, op.loc)
            producers[op.result] = op
        result.append(op)
    return result


def is_number(s: SomeValue) -> bool:
    return isinstance(s, (SomeInteger, SomeFloat))


class RTyper:
    def __init__(self, annotator: Annotator) -> None:
        self.ann = annotator
        self.instance_types: dict[ClassDef, InstancePtr] = {}
        self.tuple_types: dict[TuplePtr, TuplePtr] = {}
        self.function_types: dict[FuncPtr, FuncPtr] = {}
        self.newops: list[SpaceOperation] = []
        self.current_op: SpaceOperation | None = None

    # -- types --------------------------------------------------------------------------

    def lowleveltype(self, s: SomeValue) -> LowLevelType:
        if isinstance(s, SomeBool):
            return Bool
        if isinstance(s, SomeInteger):
            return Unsigned if s.unsigned else Signed
        if isinstance(s, SomeFloat):
            return Float
        if isinstance(s, SomeString):
            return STR
        if isinstance(s, SomeList):
            return ListPtr(self.lowleveltype(s.listdef.item))
        if isinstance(s, SomeDict):
            d = s.dictdef
            return DictPtr(self.lowleveltype(d.key), self.lowleveltype(d.value))
        if isinstance(s, SomeInstance):
            return self.instance_type(s.classdef)
        if isinstance(s, SomeTuple):
            t = TuplePtr(tuple(self.lowleveltype(item) for item in s.items))
            self.tuple_types.setdefault(t, t)
            return t
        if isinstance(s, SomeFunctions):
            return Void if len(s.funcs) == 1 else self.function_pointer_type(s)
        if isinstance(s, (SomeNone, SomeObject, SomeImpossible)):
            return Void
        raise self.error(f"{s.describe()} values cannot be translated yet")

    def graphs_of(self, s: SomeFunctions) -> list[FunctionGraph]:
        missing = [f.__qualname__ for f in s.funcs if f not in self.ann.graphs]
        if missing:
            raise self.error(f"function {missing[0]} is stored as a value but never called; "
                             "its signature is unknown")
        return sorted((self.ann.graphs[f] for f in s.funcs),
                      key=lambda g: (g.loc.filename, g.loc.lineno))

    def function_pointer_type(self, s: SomeFunctions) -> FuncPtr:
        graph = self.graphs_of(s)[0]
        params = tuple(self.lowleveltype(self.ann.bindings.get(v, SomeImpossible()))
                       for v in graph.startblock.inputargs)
        result = self.lowleveltype(self.ann.bindings.get(graph.returnblock.inputargs[0],
                                                         SomeImpossible()))
        t = FuncPtr(params, result)
        self.function_types.setdefault(t, t)
        return t

    def str_list_type(self) -> ListPtr:
        return ListPtr(STR)

    def instance_type(self, cd: ClassDef) -> InstancePtr:
        t = self.instance_types.get(cd)
        if t is None:
            # named by module and class, so that the name does not depend on the order
            # the rtyper meets classes in (two modules may both have a class Sym)
            module = cd.cls.__module__.removeprefix("kiln_interp_")
            qualified = cd.name if module == "builtins" else f"{module}_{cd.name}"
            name = "kiln_inst_" + "".join(c if c.isalnum() else "_" for c in qualified)
            taken = {it.c_struct for it in self.instance_types.values()}
            base, n = name, 1
            while name in taken:
                n += 1
                name = f"{base}_{n}"
            t = self.instance_types[cd] = InstancePtr(cd, name)
        return t

    def fields(self, cd: ClassDef) -> list[tuple[str, LowLevelType]]:
        """The fields a class's struct adds to its base's (stable, sorted)."""
        result = []
        for name in sorted(cd.attrs):
            attr = cd.attrs[name]
            if attr.written:
                result.append((name, self.lowleveltype(attr.s_value)))
        return result

    def binding(self, value: Value) -> SomeValue:
        return self.ann.binding(value)

    def error(self, message: str) -> TranslationError:
        loc = self.current_op.loc if self.current_op is not None else None
        return TranslationError(message, loc)

    # -- driving ------------------------------------------------------------------------

    def specialize(self) -> None:
        for graph in self.ann.graph_order:
            for block in graph.iterblocks():
                self.specialize_block(graph, block)
            self.settype(graph.returnblock.inputargs[0])
            graph.exceptblock.inputargs[0].concretetype = self.instance_type(
                self.ann.exception_root)

    def settype(self, var: Variable) -> None:
        s = self.ann.bindings.get(var, SomeImpossible())
        var.concretetype = self.lowleveltype(s)

    def specialize_block(self, graph: FunctionGraph, block: Block) -> None:
        if block is graph.exceptblock:
            return
        for var in block.inputargs:
            self.settype(var)
        if block is graph.returnblock:
            return
        if (graph, block) not in self.ann.reached:
            block.operations, block.exits, block.exitswitch = [], [], None
            return
        newops: list[SpaceOperation] = []
        for op in block.operations:
            self.current_op = op
            self.newops = newops
            if op.result not in self.ann.bindings:
                if all(self.is_bound(arg) for arg in op.args):
                    # reached, but never returns normally (it always raises)
                    op.result.concretetype = Void
                    self.translate_op(op)
                block.exitswitch = LAST_EXCEPTION if block.raising_op is op else None
                block.exits = [link for link in block.exits if link.exitcase == "exception"
                               and block.exitswitch is LAST_EXCEPTION]
                break
            self.settype(op.result)
            self.translate_op(op)
        self.current_op = None
        block.operations = fuse_concatenations(newops, block)
        for link in block.exits:
            for arg, target in zip(link.args, link.target.inputargs):
                if isinstance(arg, Constant):
                    arg.concretetype = None  # typed by genc from the target variable

    def is_bound(self, value: Value) -> bool:
        return isinstance(value, Constant) or value in self.ann.bindings

    def emit(self, opname: str, args: list[Value], result: Variable | None = None,
             rtype: LowLevelType | None = None) -> Variable:
        if result is None:
            result = Variable("t")
            result.concretetype = rtype if rtype is not None else Void
        assert self.current_op is not None
        self.newops.append(SpaceOperation(opname, args, result, self.current_op.loc))
        return result

    def translate_op(self, op: SpaceOperation) -> None:
        name = op.opname.removeprefix("inplace_")
        args_s = [self.binding(a) for a in op.args]
        if name in INT_OPS or name in ("truediv", "pow"):
            self.rtype_binop(op, name, args_s)
            return
        method: Callable[..., None] | None = getattr(self, f"rtype_{name}", None)
        if method is None:
            raise self.error(f"no low-level translation for operation '{name}'")
        method(op, args_s)

    # -- numbers and truth ------------------------------------------------------------------

    def rtype_binop(self, op: SpaceOperation, name: str, args_s: list[SomeValue]) -> None:
        s1, s2 = args_s
        a, b = op.args
        if name == "pow":
            if isinstance(s1, SomeInteger) and isinstance(s2, SomeInteger):
                self.emit("ccall", [Constant("kiln_int_pow"), a, b], op.result)
            else:
                self.emit("ccall", [Constant("kiln_math_pow"), rbuiltin.to_float(self, a, s1),
                                    rbuiltin.to_float(self, b, s2)], op.result)
            return
        if name == "mul" and isinstance(s1, SomeInteger) and isinstance(s2, SomeString):
            self.emit("ccall", [Constant("kiln_str_repeat"), b, a], op.result)
            return
        if isinstance(s1, SomeInteger) and isinstance(s2, SomeInteger) and name != "truediv":
            opname = INT_OPS[name]
            if s1.unsigned or s2.unsigned:
                opname = "u" + opname
            self.emit(opname, op.args, op.result)
        elif is_number(s1) and is_number(s2):
            args = [rbuiltin.to_float(self, a, s1), rbuiltin.to_float(self, b, s2)]
            self.emit(FLOAT_OPS[name], args, op.result)
        elif isinstance(s1, SomeString):
            if name == "add":
                self.emit("str_concat", op.args, op.result)
            elif name == "mul":
                self.emit("ccall", [Constant("kiln_str_repeat"), a, b], op.result)
            elif name == "mod":
                rbuiltin.lower_format(self, op, a, b, s2)
            else:
                self.emit(STR_COMPARE[name], op.args, op.result)
        elif isinstance(s1, SomeList) and name in ("add", "mul"):
            self.emit("list_concat" if name == "add" else "list_repeat", op.args, op.result)
        elif isinstance(s1, SomeTuple) and name in ("eq", "ne"):
            self.tuple_equality(op, s1, s2, negate=name == "ne")
        elif name in ("eq", "ne"):
            self.rtype_is_(op, args_s, negate=(name == "ne"))
        else:
            raise self.error(f"no low-level translation for '{name}' on "
                             f"{s1.describe()} and {s2.describe()}")

    def tuple_equality(self, op: SpaceOperation, s1: SomeValue, s2: SomeValue,
                       negate: bool) -> None:
        assert isinstance(s1, SomeTuple) and isinstance(s2, SomeTuple)
        result: Variable | None = None
        for i, (x, y) in enumerate(zip(s1.items, s2.items)):
            a = self.emit("tuple_getitem", [op.args[0], Constant(i, Signed)],
                          rtype=self.lowleveltype(x))
            b = self.emit("tuple_getitem", [op.args[1], Constant(i, Signed)],
                          rtype=self.lowleveltype(y))
            test = Variable("eq")
            test.concretetype = Bool
            self.rtype_binop(SpaceOperation("eq", [a, b], test, op.loc), "eq", [x, y])
            result = test if result is None else self.emit("int_and", [result, test],
                                                           rtype=Bool)
        if result is None:
            result = self.emit("same_as", [Constant(True, Bool)], rtype=Bool)
        self.emit("bool_not" if negate else "same_as", [result], op.result)

    def rtype_same_as(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        self.emit("same_as", op.args, op.result)

    rtype_int_of = rtype_same_as
    rtype_pos = rtype_same_as

    def rtype_iter_sequence(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        s = args_s[0]
        if isinstance(s, SomeTuple):  # e.g. *args: iterated as a list of its items
            items = [self.emit("tuple_getitem", [op.args[0], Constant(i, Signed)],
                               rtype=self.lowleveltype(item))
                     for i, item in enumerate(s.items)]
            self.emit("list_new", items, op.result)
            return
        self.emit("dict_keys" if isinstance(s, SomeDict) else "same_as", op.args, op.result)

    def rtype_add_ovf(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        self.emit("int_" + op.opname, op.args, op.result)

    rtype_sub_ovf = rtype_mul_ovf = rtype_add_ovf

    def rtype_neg(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        s = args_s[0]
        opname = "float_neg" if isinstance(s, SomeFloat) else \
            "uint_neg" if getattr(s, "unsigned", False) else "int_neg"
        self.emit(opname, op.args, op.result)

    def rtype_invert(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        unsigned = getattr(args_s[0], "unsigned", False)
        self.emit("uint_invert" if unsigned else "int_invert", op.args, op.result)

    def rtype_bool_not(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        self.emit("bool_not", op.args, op.result)

    def rtype_bool(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        s = args_s[0]
        if isinstance(s, SomeNone):
            self.emit("same_as", [Constant(False, Bool)], op.result)
            return
        for kind, opname in TRUTH_OPS:  # most specific first: a bool is also an int
            if isinstance(s, kind):
                self.emit(opname, op.args, op.result)
                return
        raise self.error(f"no truth value for {s.describe()}")

    def rtype_is_(self, op: SpaceOperation, args_s: list[SomeValue],
                  negate: bool = False) -> None:
        if any(isinstance(s, SomeInteger) for s in args_s):
            self.emit("int_ne" if negate else "int_eq", op.args, op.result)
            return
        types_ = [self.lowleveltype(s) for s in args_s]
        if types_[0] is Void and types_[1] is Void:
            self.emit("same_as", [Constant(not negate, Bool)], op.result)
            return
        ptrtype = types_[0] if types_[0] is not Void else types_[1]
        args = [self.as_pointer(a, s, ptrtype) for a, s in zip(op.args, args_s)]
        self.emit("ptr_ne" if negate else "ptr_eq", args, op.result)

    def rtype_is_not(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        self.rtype_is_(op, args_s, negate=True)

    def as_pointer(self, value: Value, s: SomeValue, ptrtype: LowLevelType) -> Value:
        if isinstance(s, SomeNone):
            return Constant(None, ptrtype)
        return value

    def rtype_assert_(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        self.emit("assert_", op.args, op.result)

    # -- containers -------------------------------------------------------------------

    def rtype_newlist(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        self.emit("list_new", op.args, op.result)

    def rtype_newdict(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        self.emit("dict_new", op.args, op.result)

    def rtype_len(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        if isinstance(args_s[0], SomeTuple):
            self.emit("same_as", [Constant(len(args_s[0].items), Signed)], op.result)
            return
        self.emit(self.kind_prefix(args_s[0]) + "_len", op.args, op.result)

    def kind_prefix(self, s: SomeValue) -> str:
        if isinstance(s, SomeString):
            return "str"
        if isinstance(s, SomeList):
            return "list"
        if isinstance(s, SomeDict):
            return "dict"
        raise self.error(f"no low-level container operations on {s.describe()}")

    def rtype_newtuple(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        self.emit("tuple_new", op.args, op.result)

    def rtype_getslice(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        start, stop = op.args[1], op.args[2]
        if isinstance(args_s[1], SomeNone):
            start = Constant(0, Signed)
        if isinstance(args_s[2], SomeNone):
            stop = Constant(self.ann.int_max, Signed)
        if isinstance(args_s[0], SomeString):
            self.emit("ccall", [Constant("kiln_str_slice"), op.args[0], start, stop],
                      op.result)
        else:
            self.emit("list_slice", [op.args[0], start, stop], op.result)

    def rtype_delitem(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        self.emit(self.kind_prefix(args_s[0]) + "_delitem", op.args, op.result)

    def rtype_getitem(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        s_obj = args_s[0]
        if isinstance(s_obj, SomeTuple):
            index = op.args[1].value  # type: ignore[union-attr]
            index = index + len(s_obj.items) if index < 0 else index
            self.emit("tuple_getitem", [op.args[0], Constant(index, Signed)], op.result)
            return
        if isinstance(s_obj, SomeString):
            opname = "str_getbyte" if s_obj.kind == "bytes" else "str_getchar"
        else:
            opname = self.kind_prefix(s_obj) + "_getitem"
        self.emit(opname, op.args, op.result)

    rtype_iter_item = rtype_getitem

    def rtype_setitem(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        self.emit(self.kind_prefix(args_s[0]) + "_setitem", op.args, op.result)

    def rtype_contains(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        s_result = self.ann.bindings[op.result]
        if s_result.is_constant():
            self.emit("same_as", [Constant(s_result.const, Bool)], op.result)
            return
        if isinstance(args_s[0], SomeString):
            self.emit("ccall", [Constant("kiln_str_contains"), *op.args], op.result)
            return
        self.emit(self.kind_prefix(args_s[0]) + "_contains", op.args, op.result)

    # -- instances --------------------------------------------------------------------

    def rtype_getattr(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        s_obj = args_s[0]
        assert isinstance(s_obj, SomeInstance)
        name = op.args[1].value  # type: ignore[union-attr]
        owner = self.attribute_owner(s_obj.classdef, name)
        attr = owner.attrs[name]
        if not attr.written:
            _, value = owner.class_constant(name)
            self.emit("same_as", [Constant(value)], op.result)
            return
        self.emit("getfield", [op.args[0], Constant(owner), Constant(name)], op.result)

    def rtype_setattr(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        s_obj = args_s[0]
        assert isinstance(s_obj, SomeInstance)
        name = op.args[1].value  # type: ignore[union-attr]
        owner = self.attribute_owner(s_obj.classdef, name)
        self.emit("setfield", [op.args[0], Constant(owner), Constant(name), op.args[2]],
                  op.result)

    def attribute_owner(self, cd: ClassDef, name: str) -> ClassDef:
        for owner in cd.mro():
            if name in owner.attrs:
                return owner
        raise self.error(f"'{cd.name}' has no attribute '{name}'")

    def rtype_call_method(self, op: SpaceOperation, args_s: list[SomeValue],
                          kwargs: dict[str, Value] | None = None) -> None:
        s_obj = args_s[0]
        name = op.args[1].value  # type: ignore[union-attr]
        first = 3 if kwargs is not None else 2
        args = [op.args[0], *op.args[first:]]
        if isinstance(s_obj, SomeInstance):
            impls = s_obj.classdef.method_implementations(name)
            graphs = [self.ann.graphs[func] for _, func in impls]
            needs_defaults = len(args) + len(kwargs or {}) < len(graphs[0].argnames)
            if needs_defaults and len({g.defaults for g in graphs}) > 1:
                raise self.error(f"the overrides of method '{name}' have different default "
                                 "arguments; pass them explicitly at this call")
            call_args = self.match(graphs[0], args, kwargs or {})
            if len(impls) == 1:
                self.emit("direct_call", [Constant(graphs[0]), *call_args], op.result)
            else:
                self.emit("vtable_call", [Constant((s_obj.classdef, name, graphs)),
                                          *call_args], op.result)
            return
        rbuiltin.lower_method(self, op, s_obj, name, args)

    def rtype_call_method_kw(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        names = op.args[2].value  # type: ignore[union-attr]
        rest = op.args[3:]
        positional = rest[:len(rest) - len(names)]
        keywords = dict(zip(names, rest[len(rest) - len(names):]))
        call = SpaceOperation("call_method", [op.args[0], op.args[1], Constant(None),
                                              *positional], op.result, op.loc)
        self.rtype_call_method(call, args_s, keywords)

    # -- calls ------------------------------------------------------------------------

    def rtype_simple_call(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        self.rtype_call(op, op.args[1:], {})

    def rtype_call_kw(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        names = op.args[1].value  # type: ignore[union-attr]
        rest = op.args[2:]
        positional = rest[:len(rest) - len(names)]
        keywords = dict(zip(names, rest[len(rest) - len(names):]))
        self.rtype_call(op, positional, keywords)

    def rtype_call(self, op: SpaceOperation, args: list[Value],
                   kwargs: dict[str, Value]) -> None:
        s_callee = self.binding(op.args[0])
        if isinstance(s_callee, SomeFunctions) and len(s_callee.funcs) > 1:
            graphs = self.graphs_of(s_callee)
            self.emit("indirect_call", [op.args[0], Constant(graphs),
                                        *self.match(graphs[0], args, kwargs)], op.result)
            return
        callee = s_callee.const
        if rules.is_exception_init(callee):
            if len(args) == 2:
                self.emit("setfield", [args[0], Constant(self.ann.exception_root),
                                       Constant(EXCEPTION_MESSAGE), args[1]])
            return
        if builtins.is_builtin(callee):
            rbuiltin.lower_builtin(self, op, callee, list(args))
        elif inspect.isclass(callee):
            cd = self.ann.getclassdef(callee)
            self.emit("malloc", [Constant(cd)], op.result)
            self.init_class_fields(cd, op.result)
            if issubclass(callee, BaseException) and cd.lookup_method("__init__") is None:
                if args:
                    self.emit("setfield", [op.result, Constant(self.ann.exception_root),
                                           Constant(EXCEPTION_MESSAGE), args[0]])
                return
            found = cd.lookup_method("__init__")
            if found is not None:
                graph = self.ann.graphs[found[1]]
                self.emit("direct_call", [Constant(graph),
                                          *self.match(graph, [op.result, *args], kwargs)])
        else:
            graph = self.ann.getgraph(callee, None, [self.binding(a) for a in args])
            self.emit("direct_call", [Constant(graph), *self.match(graph, args, kwargs)],
                      op.result)

    def init_class_fields(self, cd: ClassDef, instance: Variable) -> None:
        """Fields that stand for class constants start with the value the instance's
        class sees (a subclass may override it, or only some instances assign it)."""
        for owner in cd.mro():
            for name, ftype in self.fields(owner):
                is_const, value = cd.class_constant(name)
                if is_const and ftype is not Void:
                    self.emit("setfield", [instance, Constant(owner), Constant(name),
                                           Constant(value, ftype)])

    def match(self, graph: FunctionGraph, args: list[Value],
              kwargs: dict[str, Value]) -> list[Value]:
        """Positional arguments for a call, with keywords placed and defaults filled."""
        names = graph.argnames
        packed: list[Value] = []
        if graph.has_varargs:
            names = names[:-1]
            extra = args[len(names):]
            args = args[:len(names)]
            tuple_type = self.lowleveltype(self.ann.bindings[graph.startblock.inputargs[-1]])
            packed = [self.emit("tuple_new", list(extra), rtype=tuple_type)]
        result: list[Value | None] = [*args] + [None] * (len(names) - len(args))
        for key, value in kwargs.items():
            result[names.index(key)] = value
        first_default = len(names) - len(graph.defaults)
        return [value if value is not None else Constant(graph.defaults[i - first_default])
                for i, value in enumerate(result)] + packed

    def rtype_isinstance(self, op: SpaceOperation, args: list[Value]) -> None:
        s_result = self.ann.bindings[op.result]
        if s_result.is_constant():
            self.emit("same_as", [Constant(s_result.const, Bool)], op.result)
            return
        if isinstance(self.binding(args[0]), SomeNone):
            self.emit("same_as", [Constant(False, Bool)], op.result)
            return
        cd = self.ann.getclassdef(args[1].value)  # type: ignore[union-attr]
        self.emit("instance_isinstance", [args[0], Constant(cd)], op.result)

    def rtype_exc_match(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        result: Variable | None = None
        for cls in op.args[1:]:
            cd = self.ann.getclassdef(cls.value)  # type: ignore[union-attr]
            test = self.emit("instance_isinstance", [op.args[0], Constant(cd)], rtype=Bool)
            result = test if result is None else self.emit("int_or", [result, test],
                                                           rtype=Bool)
        assert result is not None
        self.emit("same_as", [result], op.result)

    def rtype_downcast(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        self.emit("cast_pointer", [op.args[0]], op.result)

    def rtype_jit_merge_point(self, op: SpaceOperation, args_s: list[SomeValue]) -> None:
        self.emit(op.opname, op.args, op.result)

    rtype_can_enter_jit = rtype_jit_merge_point
