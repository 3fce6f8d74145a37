"""Whole-program type inference over flow graphs (the fixpoint engine).

Starting from the entry point, blocks are flowed in a worklist: each operation's result
annotation comes from the rules in `rules.py`, and each link generalises its target's
input annotations.  A block is re-flowed whenever an input grows, or when something it
read grows (a function's return value, a list's items, an instance attribute).  Every
step only moves up a finite lattice, so the loop terminates.

Graphs are built lazily, the first time a call reaches a function.
"""

from __future__ import annotations

import copy
import inspect
import types
from collections import deque
from typing import Any, Callable

from targets.config import Target
from toolchain.annotator import builtins, rules
from toolchain.annotator.classdef import Attribute, ClassDef
from toolchain.annotator.model import (
    DictDef, ListDef, SomeBool, SomeDict, SomeFloat, SomeImpossible, SomeInstance,
    SomeFunctions, SomeInteger, SomeList, SomeNone, SomeObject, SomeString, SomeTuple,
    SomeValue,
    UnionError, union,
)
from toolchain.errors import TranslationError
from toolchain.flow.builder import build_flow_graph
from toolchain.flow.weave import Weave
from toolchain.rlib.jit import JitDriver
from toolchain.rlib.rarithmetic import r_uint
from toolchain.rlib.rawmem import FuncSig
from toolchain.rlib.symbolic import Symbolic
from toolchain.flow.model import (
    CAUGHT_EXCEPTION, LAST_EXCEPTION, Block, Constant, FunctionGraph, Link, Location,
    SpaceOperation, Value, Variable,
)

Position = tuple[FunctionGraph, Block]
NO_CLASS_VALUE = object()
# The field that holds a built-in exception's message; named so that it cannot clash
# with an attribute of a user's exception class.
EXCEPTION_MESSAGE = "_kiln_message"

# The built-in exceptions the runtime itself may raise; they always exist in a program.
RUNTIME_EXCEPTIONS = (IndexError, KeyError, ZeroDivisionError, ValueError, OverflowError,
                      OSError, AssertionError, RecursionError, MemoryError)

# The one specialisation the annotator knows (RPython's spelling): a graph per kind of
# first argument, for hints that take any value (rlib.jit.promote).
SPECIALIZE_ARGTYPE0 = "specialize:argtype(0)"


def argtype_key(s_arg: SomeValue) -> Any:
    """What tells two `specialize:argtype(0)` graphs apart: the annotation's class, the
    root class of an instance (so the key stays put while the instance's annotation
    generalises within its hierarchy), the kind of a string."""
    if isinstance(s_arg, SomeInstance):
        root = s_arg.classdef
        while root.base is not None:
            root = root.base
        return root
    if isinstance(s_arg, SomeString):
        return (SomeString, s_arg.kind)
    return type(s_arg)


class Annotator:
    def __init__(self, target: Target, weaves: dict[JitDriver, Weave] | None = None,
                 replacements: dict[Callable[..., Any], Callable[..., Any]] | None = None
                 ) -> None:
        self.target = target
        self.weaves = weaves or {}  # jit=1: what merge points become (flow/weave.py)
        # jit=1: hints whose JIT version is another function (rlib.jit.set_param)
        self.replacements = replacements or {}
        self.bindings: dict[Variable, SomeValue] = {}
        self.graphs: dict[Callable[..., Any], FunctionGraph] = {}
        self.graph_order: list[FunctionGraph] = []
        self.classdefs: dict[type, ClassDef] = {}
        self.return_readers: dict[FunctionGraph, set[Position]] = {}
        self.pending: deque[Position] = deque()
        self.pending_set: set[Position] = set()
        self.reached: set[Position] = set()
        self.changes = 0  # grows with every generalisation; complete() watches it
        # (static class, method name, caller) of every method call, so that a subclass
        # met later with an override of that method re-flows the caller
        self.method_call_sites: list[tuple[ClassDef, str, Position]] = []
        self.prebuilt: dict[int, tuple[Any, SomeValue]] = {}
        self.alloc_sites: dict[SpaceOperation, Any] = {}
        self.current: Position | None = None
        self.current_op: SpaceOperation | None = None
        self.int_min = -(1 << (target.word_bits - 1))
        self.int_max = (1 << (target.word_bits - 1)) - 1
        self.exception_root = self.getclassdef(BaseException)
        message = self.attribute(self.exception_root, EXCEPTION_MESSAGE)
        message.s_value = SomeString("str", can_be_none=True)
        message.written = True
        for cls in RUNTIME_EXCEPTIONS:
            self.getclassdef(cls)

    # -- driving ------------------------------------------------------------------------

    def build_types(self, func: Callable[..., Any], args_s: list[SomeValue]) -> FunctionGraph:
        graph = self.getgraph(func, None)
        self.generalize_inputs(graph, graph.startblock, args_s)
        self.complete()
        self.check_attributes()
        return graph

    def complete(self) -> None:
        """Runs to the fixpoint.  A block that fails is retried once everything else has
        settled, since an error may come from a type that is still growing (an attribute
        seen as None before its real value arrives); only a failure that persists when
        nothing changes any more is reported."""
        blocked: dict[Position, TranslationError] = {}
        self.drain(blocked)
        while blocked:
            for position in list(blocked):
                self.schedule(position)
            changes_before = self.changes
            self.drain(blocked)
            if blocked and self.changes == changes_before:
                raise min(blocked.values(), key=lambda e: (str(e.loc or ""), str(e)))

    def drain(self, blocked: dict[Position, TranslationError]) -> None:
        """Flows pending blocks until none is left, recording which ones fail."""
        while self.pending:
            position = self.pending.popleft()
            self.pending_set.discard(position)
            try:
                self.flowin(*position)
            except TranslationError as err:
                blocked[position] = err
                self.current_op = None
            else:
                blocked.pop(position, None)

    def schedule(self, position: Position) -> None:
        if position not in self.pending_set:
            self.changes += 1
            self.pending_set.add(position)
            self.pending.append(position)

    def reflow(self, readers: set[Position]) -> None:
        self.changes += 1
        for position in readers:
            self.schedule(position)

    def getgraph(self, func: Callable[..., Any], loc: Location | None,
                 args_s: list[SomeValue] | None = None) -> FunctionGraph:
        """The graph a call with the positional arguments `args_s` reaches: a function
        with `*args` gets one graph per number of extra arguments (its call sites fix
        it), and one marked `specialize:argtype(0)` (rlib.jit.promote) one graph per
        kind of first argument, so that one program may pass it unrelated types."""
        func = self.replacements.get(func, func)
        key: Any = func
        if args_s is not None:
            if func.__code__.co_flags & inspect.CO_VARARGS:
                key = (func, max(0, len(args_s) - func.__code__.co_argcount))
            elif getattr(func, "_annspecialcase_", None) == SPECIALIZE_ARGTYPE0 and args_s:
                key = (func, argtype_key(args_s[0]))
        graph = self.graphs.get(key)
        if graph is None:
            graph = build_flow_graph(func, self.weaves)
            self.graphs[key] = graph
            self.graph_order.append(graph)
            self.return_readers[graph] = set()
        return graph

    # -- bindings -------------------------------------------------------------------

    def binding(self, value: Value) -> SomeValue:
        if value is CAUGHT_EXCEPTION:
            return SomeInstance(self.exception_root)
        if isinstance(value, Constant):
            return self.constant_annotation(value.value)
        try:
            return self.bindings[value]
        except KeyError:
            raise AssertionError(f"{value} has no annotation yet") from None

    def setbinding(self, var: Variable, s_value: SomeValue) -> None:
        old = self.bindings.get(var)
        if old is not None:
            s_value = self.unify(old, s_value, f"variable '{var.hint}'")
        if old != s_value:
            self.changes += 1
        self.bindings[var] = s_value

    def unify(self, s_old: SomeValue, s_new: SomeValue, what: str) -> SomeValue:
        try:
            result = union(s_old, s_new)
        except UnionError as e:
            raise self.clash(what, e.s1, e.s2) from None
        self.unify_containers(s_old, s_new)
        return result

    def unify_containers(self, s1: SomeValue, s2: SomeValue) -> None:
        if isinstance(s1, SomeList) and isinstance(s2, SomeList):
            a, b = s1.listdef, s2.listdef
            if a is not b:
                item = self.unify(a.item, b.item, "the items of two lists that meet")
                b.forward = a
                a.readers |= b.readers
                a.item = item
                self.reflow(a.readers)
        elif isinstance(s1, SomeDict) and isinstance(s2, SomeDict):
            a, b = s1.dictdef, s2.dictdef
            if a is not b:
                key = self.unify(a.key, b.key, "the keys of two dicts that meet")
                value = self.unify(a.value, b.value, "the values of two dicts that meet")
                b.forward = a
                a.readers |= b.readers
                a.key, a.value = key, value
                self.reflow(a.readers)
        elif isinstance(s1, SomeTuple) and isinstance(s2, SomeTuple):
            for x, y in zip(s1.items, s2.items):
                self.unify_containers(x, y)

    def clash(self, what: str, s1: SomeValue, s2: SomeValue) -> TranslationError:
        notes = []
        for s in (s1, s2):
            where = f" (from {s.origin}, in '{s.origin.funcname}')" if s.origin else ""
            notes.append(f"one is {s.describe()}{where}")
        return TranslationError(f"type clash: {what} is both {s1.describe()} and "
                                f"{s2.describe()}", self.here(), notes)

    def here(self) -> Location | None:
        if self.current_op is not None and self.current_op.loc is not None:
            return self.current_op.loc
        if self.current is not None:
            return self.current[0].loc
        return None

    def error(self, message: str) -> TranslationError:
        return TranslationError(message, self.here())

    # -- flowing --------------------------------------------------------------------

    def generalize_inputs(self, graph: FunctionGraph, block: Block,
                          args_s: list[SomeValue]) -> None:
        changed = False
        for var, s_new in zip(block.inputargs, args_s):
            old = self.bindings.get(var)
            if old is not None:
                what = (f"argument '{var.hint}' of '{graph.name}'"
                        if block is graph.startblock else f"variable '{var.hint}'")
                try:
                    s_new = self.unify(old, s_new, what)
                except TranslationError as err:
                    if s_new.origin is not None and self.current_op is None:
                        err.loc = s_new.origin  # where the clashing value came from
                        err.args = (err._render(),)
                    raise
            if old is None or old != s_new:
                self.bindings[var] = s_new
                changed = True
        if changed or (graph, block) not in self.reached:
            self.reached.add((graph, block))
            self.schedule((graph, block))

    def flowin(self, graph: FunctionGraph, block: Block) -> None:
        if block is graph.returnblock:
            self.reflow(self.return_readers[graph])
            return
        if block is graph.exceptblock:
            s_exc = self.bindings[block.inputargs[0]]
            if not isinstance(s_exc, SomeInstance) or not s_exc.classdef.issubclass(
                    self.exception_root):
                raise TranslationError(f"only exception instances can be raised, not "
                                       f"{s_exc.describe()}", s_exc.origin or graph.loc)
            return
        self.current = (graph, block)
        for op in block.operations:
            self.current_op = op
            s_result = rules.consider(self, op)
            if isinstance(s_result, SomeImpossible):
                self.current_op = None
                if op is block.raising_op:  # it may still raise into a handler
                    for link in block.exits:
                        if link.exitcase == "exception":
                            self.follow(graph, link)
                return  # this path cannot continue (yet): e.g. a call that never returns
            if s_result.origin is None:
                s_result = self.with_origin(s_result, op.loc)
            self.setbinding(op.result, s_result)
        self.current_op = None
        exits = block.exits
        if block.exitswitch is not None and block.exitswitch is not LAST_EXCEPTION:
            s_switch = self.binding(block.exitswitch)
            if s_switch.is_constant():
                exits = [link for link in exits if link.exitcase == bool(s_switch.const)]
        for link in exits:
            self.follow(graph, link)

    def with_origin(self, s: SomeValue, loc: Location | None) -> SomeValue:
        if isinstance(s, (SomeInteger, SomeFloat, SomeString)):
            s = copy.copy(s)
            s.origin = loc
        return s

    def follow(self, graph: FunctionGraph, link: Link) -> None:
        args_s = [self.binding(arg) for arg in link.args]
        self.generalize_inputs(graph, link.target, args_s)

    # -- calls -------------------------------------------------------------------------

    def call_function(self, func: Callable[..., Any], args_s: list[SomeValue],
                      kwargs_s: dict[str, SomeValue] | None = None) -> SomeValue:
        graph = self.getgraph(func, self.here(), args_s)
        args_s = self.match_arguments(graph, args_s, kwargs_s or {})
        self.generalize_inputs(graph, graph.startblock, args_s)
        assert self.current is not None
        self.return_readers[graph].add(self.current)
        return self.bindings.get(graph.returnblock.inputargs[0], SomeImpossible())

    def match_arguments(self, graph: FunctionGraph, args_s: list[SomeValue],
                        kwargs_s: dict[str, SomeValue]) -> list[SomeValue]:
        names = graph.argnames
        if graph.has_varargs:
            names = names[:-1]
            extra = SomeTuple(tuple(args_s[len(names):]))
            args_s = args_s[:len(names)]
        result: list[SomeValue | None] = [*args_s] + [None] * (len(names) - len(args_s))
        if len(args_s) > len(names):
            raise self.error(f"{graph.name}() takes {len(names)} argument"
                             f"{'s' if len(names) != 1 else ''} but {len(args_s)} "
                             "were given")
        for key, s in kwargs_s.items():
            if key not in names:
                raise self.error(f"{graph.name}() got an unexpected keyword argument "
                                 f"'{key}'")
            i = names.index(key)
            if result[i] is not None:
                raise self.error(f"{graph.name}() got multiple values for '{key}'")
            result[i] = s
        first_default = len(names) - len(graph.defaults)
        for i, s in enumerate(result):
            if s is None:
                if i < first_default:
                    raise self.error(f"{graph.name}() missing required argument "
                                     f"'{names[i]}'")
                result[i] = self.constant_annotation(graph.defaults[i - first_default])
        if graph.has_varargs:
            result.append(extra)
        return result  # type: ignore[return-value]

    def call_method(self, s_obj: SomeInstance, name: str, args_s: list[SomeValue],
                    kwargs_s: dict[str, SomeValue] | None = None) -> SomeValue:
        assert self.current is not None
        self.method_call_sites.append((s_obj.classdef, name, self.current))
        impls = s_obj.classdef.method_implementations(name)
        if not impls:
            raise self.error(f"'{s_obj.classdef.name}' object has no method '{name}'")
        s_result: SomeValue = SomeImpossible()
        for cd, func in impls:
            s_self = SomeInstance(cd)
            s_ret = self.call_function(func, [s_self, *args_s], kwargs_s)
            s_result = self.unify(s_result, s_ret, f"the result of method '{name}'")
        if len(impls) > 1:
            self.normalize_signatures([self.graphs[func] for _, func in impls], s_result, 1)
        return s_result

    def call_functions(self, funcs: frozenset[Any], args_s: list[SomeValue],
                       kwargs_s: dict[str, SomeValue]) -> SomeValue:
        """A call through a function value: every function it may hold is called."""
        s_result: SomeValue = SomeImpossible()
        ordered = sorted(funcs, key=lambda f: (f.__code__.co_filename, f.__code__.co_firstlineno))
        for func in ordered:
            s_ret = self.call_function(func, args_s, kwargs_s)
            s_result = self.unify(s_result, s_ret, "the results of a function value's calls")
        if len(ordered) > 1:
            self.normalize_signatures([self.graphs[f] for f in ordered], s_result, 0)
        return s_result

    def normalize_signatures(self, graphs: list[FunctionGraph], s_result: SomeValue,
                             first: int) -> None:
        """Functions called through one pointer (a vtable slot, a function value) get one
        C signature: the union of their parameter and result annotations.  `first` skips
        `self`, which each method types as its own class."""
        nparams = {len(g.startblock.inputargs) for g in graphs}
        if len(nparams) != 1:
            names = ", ".join(sorted({g.name for g in graphs}))
            raise self.error(f"{names} are called through one pointer but take different "
                             "numbers of arguments")
        for i in range(first, nparams.pop()):
            s_arg: SomeValue = SomeImpossible()
            for g in graphs:
                s_arg = self.unify(s_arg, self.bindings.get(g.startblock.inputargs[i],
                                                            SomeImpossible()),
                                   f"parameter {i} of the functions behind '{graphs[0].name}'")
            for g in graphs:
                args = [self.bindings.get(v, SomeImpossible()) for v in g.startblock.inputargs]
                args[i] = s_arg
                if not isinstance(s_arg, SomeImpossible):
                    self.generalize_inputs(g, g.startblock, args)
        for g in graphs:
            var = g.returnblock.inputargs[0]
            old = self.bindings.get(var)
            new = s_result if old is None else self.unify(old, s_result, "a method result")
            if old is None or old != new:
                self.bindings[var] = new
                self.reflow(self.return_readers[g])

    # -- classes and attributes -----------------------------------------------------------

    def getclassdef(self, cls: type) -> ClassDef:
        cd = self.classdefs.get(cls)
        if cd is None:
            bases = [b for b in cls.__bases__ if b is not object]
            if len(bases) > 1:
                raise self.error(f"class '{cls.__qualname__}' has several bases; only "
                                 "single inheritance is supported")
            base = self.getclassdef(bases[0]) if bases else None
            cd = ClassDef(cls, base)
            self.classdefs[cls] = cd
            if base is not None:  # the new class may override class constants in use
                for owner in base.mro():
                    for name, attr in list(owner.attrs.items()):
                        self.merge_class_constant(attr, cd, name)
                for static, method, caller in self.method_call_sites:
                    if cd.issubclass(static) and inspect.isfunction(cls.__dict__.get(method)):
                        self.schedule(caller)  # one more implementation to call
        return cd

    def merge_class_constant(self, attr: Attribute, cd: ClassDef, name: str) -> None:
        """A class constant that `cd` overrides makes the attribute a per-instance field,
        filled from the instance's class when it is allocated (see the rtyper)."""
        value = cd.cls.__dict__.get(name, NO_CLASS_VALUE)
        if value is NO_CLASS_VALUE or inspect.isfunction(value):
            return
        new = self.unify(attr.s_value, self.constant_annotation(value), f"attribute '{name}'")
        if new != attr.s_value or not attr.written:
            attr.s_value = new
            attr.written = True
            self.reflow(attr.readers)

    def attribute(self, cd: ClassDef, name: str) -> Attribute:
        """The attribute `name` as seen from `cd`, moved up to `cd` if subclasses had it."""
        attr = cd.find_attribute(name)
        if attr is not None:
            return attr
        attr = Attribute(name)
        for sub in cd.all_subdefs()[1:]:
            if name in sub.attrs:
                moved = sub.attrs.pop(name)
                attr.s_value = self.unify(attr.s_value, moved.s_value,
                                          f"attribute '{name}'")
                attr.readers |= moved.readers
                attr.written |= moved.written
        is_const, value = cd.class_constant(name)
        if is_const:
            attr.s_value = self.unify(attr.s_value, self.constant_annotation(value),
                                      f"attribute '{name}'")
        cd.attrs[name] = attr
        for sub in cd.all_subdefs()[1:]:
            self.merge_class_constant(attr, sub, name)
        self.reflow(attr.readers)
        return attr

    def read_attribute(self, cd: ClassDef, name: str) -> SomeValue:
        attr = self.attribute(cd, name)
        assert self.current is not None
        attr.readers.add(self.current)
        attr.read_locations.append(self.here())
        return attr.s_value

    def write_attribute(self, cd: ClassDef, name: str, s_value: SomeValue) -> None:
        attr = self.attribute(cd, name)
        attr.written = True
        new = self.unify(attr.s_value, s_value, f"attribute '{cd.name}.{name}'")
        if new != attr.s_value:
            attr.s_value = new
            self.reflow(attr.readers)

    def check_attributes(self) -> None:
        for cd in self.classdefs.values():
            for name, attr in cd.attrs.items():
                if not attr.written and not cd.class_constant(name)[0] and attr.read_locations:
                    loc = attr.read_locations[0]
                    raise TranslationError(f"'{cd.name}' instances have no attribute "
                                           f"'{name}' (it is read but never set)", loc)

    # -- containers -------------------------------------------------------------------

    def listdef_at(self, op: SpaceOperation) -> ListDef:
        listdef = self.alloc_sites.get(op)
        if listdef is None:
            listdef = self.alloc_sites[op] = ListDef(SomeImpossible(), op.loc)
        return listdef

    def dictdef_at(self, op: SpaceOperation) -> DictDef:
        dictdef = self.alloc_sites.get(op)
        if dictdef is None:
            dictdef = self.alloc_sites[op] = DictDef(SomeImpossible(), SomeImpossible(), op.loc)
        return dictdef

    def new_list(self, op: SpaceOperation, s_item: SomeValue) -> SomeList:
        """A list made by a builtin at `op` (one list definition per site)."""
        s_list = SomeList(self.listdef_at(op), op.loc)
        self.generalize_list_item(s_list, s_item)
        return s_list

    def check_dict_key(self, s_dict: SomeDict, s_key: SomeValue) -> None:
        """Looking a key up must not change the key type, but the types must agree."""
        self.unify(self.read_dict(s_dict).key, s_key, "the keys of a dict")

    def read_list_item(self, s_list: SomeList) -> SomeValue:
        listdef = s_list.listdef
        assert self.current is not None
        listdef.readers.add(self.current)
        return listdef.item

    def generalize_list_item(self, s_list: SomeList, s_item: SomeValue) -> None:
        listdef = s_list.listdef
        new = self.unify(listdef.item, s_item, f"the items of a list (created at "
                         f"{listdef.origin})" if listdef.origin else "the items of a list")
        if new != listdef.item:
            listdef.item = new
            self.reflow(listdef.readers)

    def read_dict(self, s_dict: SomeDict) -> DictDef:
        dictdef = s_dict.dictdef
        assert self.current is not None
        dictdef.readers.add(self.current)
        return dictdef

    def generalize_dict(self, s_dict: SomeDict, s_key: SomeValue, s_value: SomeValue) -> None:
        dictdef = s_dict.dictdef
        if not isinstance(s_key, (SomeInteger, SomeString, SomeInstance, SomeTuple,
                                  SomeImpossible)):
            raise self.error(f"dict keys may be int, str, bytes, instances or tuples, not "
                             f"{s_key.describe()}")
        key = self.unify(dictdef.key, s_key, "the keys of a dict")
        value = self.unify(dictdef.value, s_value, "the values of a dict")
        if key != dictdef.key or value != dictdef.value:
            dictdef.key, dictdef.value = key, value
            self.reflow(dictdef.readers)

    # -- constants --------------------------------------------------------------------

    def constant_annotation(self, value: Any) -> SomeValue:
        if value is None:
            return SomeNone()
        if isinstance(value, bool):
            return SomeBool(const=value)
        if isinstance(value, Symbolic):
            return SomeInteger()  # a number only the C compiler knows: never folded
        if isinstance(value, r_uint):
            if not 0 <= value < (1 << self.target.word_bits):
                raise self.error(f"the r_uint constant {value} does not fit in a "
                                 f"{self.target.word_bits}-bit word")
            return SomeInteger(const=int(value), unsigned=True)
        if isinstance(value, int):
            if not self.int_min <= value <= self.int_max:
                raise self.error(f"the constant {value} does not fit in a "
                                 f"{self.target.word_bits}-bit int of target "
                                 f"'{self.target.name}'")
            return SomeInteger(nonneg=value >= 0, const=value)
        if isinstance(value, float):
            return SomeFloat(const=value)
        if isinstance(value, bytes):
            return SomeString("bytes", const=value)
        if isinstance(value, str):
            return SomeString("str", const=value)
        if isinstance(value, tuple):
            return SomeTuple(tuple(self.constant_annotation(v) for v in value))
        if isinstance(value, (list, dict)) or (self.is_user_instance(value)
                                                and not isinstance(value, (JitDriver, FuncSig))
                                                and not isinstance(value, BaseException)):
            return self.prebuilt_annotation(value)
        if inspect.isfunction(value) and not builtins.is_builtin(value):
            return SomeFunctions(frozenset([value]))
        if callable(value) or isinstance(value, (types.ModuleType, JitDriver, FuncSig)):
            return SomeObject(value)
        raise self.error(f"a prebuilt constant of type '{type(value).__name__}' "
                         "is not supported")

    def is_user_instance(self, value: Any) -> bool:
        cls = type(value)
        return cls.__module__ not in ("builtins",) and not inspect.isclass(value) \
            and not inspect.isroutine(value) and hasattr(value, "__dict__") \
            and not isinstance(value, types.ModuleType)

    def prebuilt_annotation(self, value: Any) -> SomeValue:
        known = self.prebuilt.get(id(value))
        if known is not None:
            return known[1]
        s_value: SomeValue
        if isinstance(value, list):
            listdef = ListDef(SomeImpossible(), None)
            s_value = SomeList(listdef)
            self.prebuilt[id(value)] = (value, s_value)
            for item in value:
                self.generalize_list_item(s_value, self.constant_annotation(item))
        elif isinstance(value, dict):
            dictdef = DictDef(SomeImpossible(), SomeImpossible(), None)
            s_value = SomeDict(dictdef)
            self.prebuilt[id(value)] = (value, s_value)
            for k, v in value.items():
                self.generalize_dict(s_value, self.constant_annotation(k),
                                     self.constant_annotation(v))
        else:
            cd = self.getclassdef(type(value))
            s_value = SomeInstance(cd)
            self.prebuilt[id(value)] = (value, s_value)
            for name, attr_value in vars(value).items():
                self.write_attribute(cd, name, self.constant_annotation(attr_value))
        return s_value


def entry_point_annotations() -> list[SomeValue]:
    """`entry_point(argv)`: argv is a list of str."""
    return [SomeList(ListDef(SomeString("str"), None))]

