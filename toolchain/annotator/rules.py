"""Annotation rules: the result type of each flow-graph operation from its argument types.

One function per operation name (`op_<name>`); builtins and the `os` functions the
subset supports have their own table.  Anything without a rule is outside the subset and
is reported with the types involved.
"""

from __future__ import annotations

import inspect
import operator
from typing import TYPE_CHECKING

from toolchain.annotator import builtins
from toolchain.annotator.model import (
    SomeBool, SomeDict, SomeFloat, SomeImpossible, SomeInstance, SomeInteger, SomeList,
    SomeFunctions, SomeNone, SomeObject, SomeString, SomeTuple, SomeValue,
)
from toolchain.flow.model import SpaceOperation

if TYPE_CHECKING:
    from toolchain.annotator.annotator import Annotator

INT_BINOPS = {"add", "sub", "mul", "floordiv", "mod", "and_", "or_", "xor", "lshift",
              "rshift", "truediv", "pow"}
FLOAT_BINOPS = {"add", "sub", "mul", "truediv", "floordiv", "mod"}
COMPARISONS = {"lt", "le", "eq", "ne", "gt", "ge"}


def consider(ann: Annotator, op: SpaceOperation) -> SomeValue:
    args_s = [ann.binding(arg) for arg in op.args]
    if any(isinstance(s, SomeImpossible) for s in args_s):
        return SomeImpossible()
    name = op.opname.removeprefix("inplace_")
    if name in INT_BINOPS or name in COMPARISONS:
        s_result = binop(ann, name, args_s) if name in INT_BINOPS else compare(ann, name, args_s)
        return fold(ann, name, args_s, s_result)
    rule = globals().get(f"op_{name}")
    if rule is None:
        raise ann.error(f"unsupported operation '{name}'")
    return rule(ann, op, *args_s)


def unsupported(ann: Annotator, what: str, *args_s: SomeValue) -> Exception:
    types_ = ", ".join(s.describe() for s in args_s)
    return ann.error(f"unsupported operation: {what} on ({types_})")


OPERATOR_SYMBOLS = {"add": "+", "sub": "-", "mul": "*", "floordiv": "//", "mod": "%",
                    "and_": "&", "or_": "|", "xor": "^", "truediv": "/", "pow": "**", "lshift": "<<", "rshift": ">>",
                    "lt": "<", "le": "<=", "eq": "==", "ne": "!=", "gt": ">", "ge": ">="}


def binop(ann: Annotator, name: str, args_s: list[SomeValue]) -> SomeValue:
    s1, s2 = args_s
    if isinstance(s1, SomeInteger) and isinstance(s2, SomeInteger):
        if name == "truediv":
            return SomeFloat()
        if name == "pow":
            return SomeInteger()
        if s1.unsigned or s2.unsigned:
            return SomeInteger(unsigned=True)
        nonneg = s1.nonneg and s2.nonneg and name in ("add", "mul", "floordiv", "mod",
                                                        "and_", "or_", "xor", "rshift")
        if name == "and_" and (s1.nonneg or s2.nonneg):
            nonneg = True
        if isinstance(s1, SomeBool) and isinstance(s2, SomeBool) and name in ("and_", "or_",
                                                                              "xor"):
            return SomeBool()
        return SomeInteger(nonneg=nonneg)
    if is_number(s1) and is_number(s2) and name in FLOAT_BINOPS:
        return SomeFloat()
    if name == "pow" and is_number(s1) and is_number(s2):
        both_ints = isinstance(s1, SomeInteger) and isinstance(s2, SomeInteger)
        return SomeInteger() if both_ints else SomeFloat()
    if name == "mul" and isinstance(s1, SomeInteger) and isinstance(s2, SomeString):
        return SomeString(s2.kind)
    if isinstance(s1, SomeString):
        if name == "add" and s1.same_kind(s2):
            return SomeString(s1.kind)
        if name == "mul" and isinstance(s2, SomeInteger):
            return SomeString(s1.kind)
        if name == "mod" and s1.kind == "str":
            return SomeString("str")  # %-formatting; checked when lowered
    if isinstance(s1, SomeList):
        if name == "add" and isinstance(s2, SomeList):
            s_result = SomeList(ann.listdef_at(ann.current_op))  # type: ignore[arg-type]
            ann.generalize_list_item(s_result, ann.read_list_item(s1))
            ann.generalize_list_item(s_result, ann.read_list_item(s2))
            return s_result
        if name == "mul" and isinstance(s2, SomeInteger):
            s_result = SomeList(ann.listdef_at(ann.current_op))  # type: ignore[arg-type]
            ann.generalize_list_item(s_result, ann.read_list_item(s1))
            return s_result
    raise unsupported(ann, f"'{OPERATOR_SYMBOLS[name]}'", s1, s2)


FOLDABLE = {"add": operator.add, "sub": operator.sub, "mul": operator.mul,
            "and_": operator.and_, "or_": operator.or_, "xor": operator.xor,
            "lt": operator.lt, "le": operator.le, "eq": operator.eq, "ne": operator.ne,
            "gt": operator.gt, "ge": operator.ge}


def fold(ann: Annotator, name: str, args_s: list[SomeValue], s_result: SomeValue) -> SomeValue:
    """An operation on two int constants has a constant result (so that `if` can prune
    branches that cannot run, e.g. on `len(args)` of a fixed *args tuple)."""
    s1, s2 = args_s
    if not (name in FOLDABLE and s1.is_constant() and s2.is_constant()
            and isinstance(s1, SomeInteger) and isinstance(s2, SomeInteger)
            and not s1.unsigned and not s2.unsigned):
        return s_result
    value = FOLDABLE[name](s1.const, s2.const)
    if isinstance(s_result, SomeBool):
        return SomeBool(const=bool(value))
    if isinstance(s_result, SomeInteger) and ann.int_min <= value <= ann.int_max:
        return SomeInteger(nonneg=value >= 0, const=value)
    return s_result


def is_number(s: SomeValue) -> bool:
    return isinstance(s, (SomeInteger, SomeFloat))


def compare(ann: Annotator, name: str, args_s: list[SomeValue]) -> SomeValue:
    s1, s2 = args_s
    if is_number(s1) and is_number(s2):
        return SomeBool()
    if isinstance(s1, SomeString) and isinstance(s2, SomeString) and s1.kind == s2.kind:
        return SomeBool()
    if name in ("eq", "ne"):
        if isinstance(s1, SomeNone) or isinstance(s2, SomeNone):
            return SomeBool()
        if isinstance(s1, SomeTuple) and isinstance(s2, SomeTuple) and s1.same_kind(s2):
            for a, b in zip(s1.items, s2.items):
                compare(ann, name, [a, b])
            return SomeBool()
        if isinstance(s1, SomeInstance) and isinstance(s2, SomeInstance):
            return SomeBool()  # identity, as for objects without __eq__
    raise unsupported(ann, f"'{OPERATOR_SYMBOLS[name]}'", s1, s2)


def op_same_as(ann: Annotator, op: SpaceOperation, s: SomeValue) -> SomeValue:
    return s


def op_int_of(ann: Annotator, op: SpaceOperation, s: SomeValue) -> SomeValue:
    if not isinstance(s, SomeInteger):
        raise ann.error(f"range() needs int arguments, got {s.describe()}")
    return SomeInteger(nonneg=s.nonneg)


def op_bool(ann: Annotator, op: SpaceOperation, s: SomeValue) -> SomeValue:
    if isinstance(s, (SomeObject, SomeTuple, SomeFunctions)):
        raise unsupported(ann, "truth test", s)
    if s.is_constant() and isinstance(s, (SomeInteger, SomeNone)):
        return SomeBool(const=bool(s.const))
    return SomeBool()


def op_bool_not(ann: Annotator, op: SpaceOperation, s: SomeValue) -> SomeValue:
    return SomeBool(const=not s.const) if s.is_constant() else SomeBool()


def op_neg(ann: Annotator, op: SpaceOperation, s: SomeValue) -> SomeValue:
    if isinstance(s, SomeInteger):
        return SomeInteger(unsigned=s.unsigned)
    if isinstance(s, SomeFloat):
        return SomeFloat()
    raise unsupported(ann, "unary '-'", s)


def op_pos(ann: Annotator, op: SpaceOperation, s: SomeValue) -> SomeValue:
    if is_number(s):
        return s
    raise unsupported(ann, "unary '+'", s)


def op_invert(ann: Annotator, op: SpaceOperation, s: SomeValue) -> SomeValue:
    if isinstance(s, SomeInteger):
        return SomeInteger(unsigned=s.unsigned)
    raise unsupported(ann, "'~'", s)


def op_is_(ann: Annotator, op: SpaceOperation, s1: SomeValue, s2: SomeValue) -> SomeValue:
    # A value seen only as None so far makes `x is None` constant, so the branch that
    # would use x as an object is not flowed until x grows (a later reflow follows it).
    if isinstance(s1, SomeNone) and isinstance(s2, SomeNone):
        return SomeBool(const=True)
    return SomeBool()


def op_is_not(ann: Annotator, op: SpaceOperation, s1: SomeValue, s2: SomeValue) -> SomeValue:
    if isinstance(s1, SomeNone) and isinstance(s2, SomeNone):
        return SomeBool(const=False)
    return SomeBool()


def op_assert_(ann: Annotator, op: SpaceOperation, s: SomeValue, s_loc: SomeValue) -> SomeValue:
    return SomeNone()


# -- containers --------------------------------------------------------------------------

def op_newlist(ann: Annotator, op: SpaceOperation, *items_s: SomeValue) -> SomeValue:
    s_list = SomeList(ann.listdef_at(op), op.loc)
    for s in items_s:
        ann.generalize_list_item(s_list, s)
    return s_list


def op_newdict(ann: Annotator, op: SpaceOperation, *args_s: SomeValue) -> SomeValue:
    s_dict = SomeDict(ann.dictdef_at(op), op.loc)
    for s_key, s_value in zip(args_s[::2], args_s[1::2]):
        ann.generalize_dict(s_dict, s_key, s_value)
    return s_dict


def op_newtuple(ann: Annotator, op: SpaceOperation, *items_s: SomeValue) -> SomeValue:
    return SomeTuple(tuple(items_s), op.loc)


def op_len(ann: Annotator, op: SpaceOperation, s: SomeValue) -> SomeValue:
    return builtins.b_len(ann, op, [s])


def op_getslice(ann: Annotator, op: SpaceOperation, s_obj: SomeValue, s_start: SomeValue,
                s_stop: SomeValue) -> SomeValue:
    for s in (s_start, s_stop):
        if not isinstance(s, (SomeInteger, SomeNone)):
            raise ann.error(f"slice bounds must be ints, got {s.describe()}")
    if isinstance(s_obj, SomeString):
        return SomeString(s_obj.kind)
    if isinstance(s_obj, SomeList):
        s_result = SomeList(ann.listdef_at(op))
        ann.generalize_list_item(s_result, ann.read_list_item(s_obj))
        return s_result
    raise unsupported(ann, "slicing", s_obj)


def op_delitem(ann: Annotator, op: SpaceOperation, s_obj: SomeValue,
               s_index: SomeValue) -> SomeValue:
    if isinstance(s_obj, SomeList) and isinstance(s_index, SomeInteger):
        return SomeNone()
    if isinstance(s_obj, SomeDict):
        ann.check_dict_key(s_obj, s_index)
        return SomeNone()
    raise unsupported(ann, "'del'", s_obj, s_index)


def op_getitem(ann: Annotator, op: SpaceOperation, s_obj: SomeValue,
               s_index: SomeValue) -> SomeValue:
    if isinstance(s_obj, SomeList) and isinstance(s_index, SomeInteger):
        return ann.read_list_item(s_obj)
    if isinstance(s_obj, SomeString) and isinstance(s_index, SomeInteger):
        return SomeInteger(nonneg=True) if s_obj.kind == "bytes" else SomeString("str")
    if isinstance(s_obj, SomeDict):
        ann.check_dict_key(s_obj, s_index)
        return ann.read_dict(s_obj).value
    if isinstance(s_obj, SomeTuple) and s_index.is_constant():
        index = s_index.const
        if not -len(s_obj.items) <= index < len(s_obj.items):
            raise ann.error(f"tuple index {index} out of range")
        return s_obj.items[index]
    raise unsupported(ann, "indexing", s_obj, s_index)


def op_iter_sequence(ann: Annotator, op: SpaceOperation, s: SomeValue) -> SomeValue:
    if isinstance(s, (SomeList, SomeString)):
        return s
    if isinstance(s, SomeDict):
        return ann.new_list(op, ann.read_dict(s).key)  # iterates over a snapshot of keys
    if isinstance(s, SomeTuple):
        s_item: SomeValue = SomeImpossible()
        for item in s.items:
            s_item = ann.unify(s_item, item, "the items of a tuple iterated over")
        return ann.new_list(op, s_item)
    raise unsupported(ann, "iteration", s)


def op_iter_item(ann: Annotator, op: SpaceOperation, s_seq: SomeValue,
                 s_index: SomeValue) -> SomeValue:
    return op_getitem(ann, op, s_seq, s_index)


def op_setitem(ann: Annotator, op: SpaceOperation, s_obj: SomeValue, s_index: SomeValue,
               s_value: SomeValue) -> SomeValue:
    if isinstance(s_obj, SomeList) and isinstance(s_index, SomeInteger):
        ann.generalize_list_item(s_obj, s_value)
        return SomeNone()
    if isinstance(s_obj, SomeDict):
        ann.generalize_dict(s_obj, s_index, s_value)
        return SomeNone()
    raise unsupported(ann, "item assignment", s_obj, s_index, s_value)


def op_contains(ann: Annotator, op: SpaceOperation, s_container: SomeValue,
                s_item: SomeValue) -> SomeValue:
    if isinstance(s_container, SomeDict):
        ann.read_dict(s_container)
        ann.check_dict_key(s_container, s_item)
        return SomeBool()
    if isinstance(s_container, SomeList):
        s_listed = ann.read_list_item(s_container)
        if isinstance(s_listed, SomeImpossible):
            return SomeBool(const=False)  # nothing was ever stored in this list
        compare(ann, "eq", [s_listed, s_item])
        return SomeBool()
    if isinstance(s_container, SomeString) and s_container.same_kind(s_item):
        return SomeBool()
    raise unsupported(ann, "'in'", s_item, s_container)


# -- attributes and calls ---------------------------------------------------------------

def op_getattr(ann: Annotator, op: SpaceOperation, s_obj: SomeValue,
               s_name: SomeValue) -> SomeValue:
    name = s_name.const
    if isinstance(s_obj, SomeInstance):
        if s_obj.classdef.lookup_method(name) is not None:
            raise ann.error(f"method '{name}' of '{s_obj.classdef.name}' used as a "
                            "value; only direct calls are supported")
        return ann.read_attribute(s_obj.classdef, name)
    raise unsupported(ann, f"attribute '.{name}'", s_obj)


def op_setattr(ann: Annotator, op: SpaceOperation, s_obj: SomeValue, s_name: SomeValue,
               s_value: SomeValue) -> SomeValue:
    if isinstance(s_obj, SomeInstance):
        ann.write_attribute(s_obj.classdef, s_name.const, s_value)
        return SomeNone()
    raise unsupported(ann, f"setting attribute '.{s_name.const}'", s_obj)


def op_call_method(ann: Annotator, op: SpaceOperation, s_obj: SomeValue,
                   s_name: SomeValue, *args_s: SomeValue) -> SomeValue:
    return call_method(ann, op, s_obj, s_name.const, list(args_s), {})


def op_call_method_kw(ann: Annotator, op: SpaceOperation, s_obj: SomeValue,
                      s_name: SomeValue, s_names: SomeValue, *args_s: SomeValue) -> SomeValue:
    names = op.args[2].value  # type: ignore[union-attr]
    positional = list(args_s[:len(args_s) - len(names)])
    keywords = dict(zip(names, args_s[len(args_s) - len(names):]))
    return call_method(ann, op, s_obj, s_name.const, positional, keywords)


def call_method(ann: Annotator, op: SpaceOperation, s_obj: SomeValue, name: str,
                args_s: list[SomeValue], kwargs_s: dict[str, SomeValue]) -> SomeValue:
    if isinstance(s_obj, SomeInstance):
        return ann.call_method(s_obj, name, args_s, kwargs_s)
    if kwargs_s:
        raise ann.error(f"{s_obj.describe()}.{name}() takes no keyword arguments here")
    return builtins.call_method(ann, op, s_obj, name, args_s)


def op_simple_call(ann: Annotator, op: SpaceOperation, s_callee: SomeValue,
                   *args_s: SomeValue) -> SomeValue:
    return call(ann, op, s_callee, list(args_s), {})


def op_call_kw(ann: Annotator, op: SpaceOperation, s_callee: SomeValue,
               s_names: SomeValue, *args_s: SomeValue) -> SomeValue:
    names = op.args[1].value  # type: ignore[union-attr]
    positional = list(args_s[:len(args_s) - len(names)])
    keywords = dict(zip(names, args_s[len(args_s) - len(names):]))
    return call(ann, op, s_callee, positional, keywords)


def call(ann: Annotator, op: SpaceOperation, s_callee: SomeValue, args_s: list[SomeValue],
         kwargs_s: dict[str, SomeValue]) -> SomeValue:
    if isinstance(s_callee, SomeFunctions):
        if len(s_callee.funcs) > 1 and kwargs_s:
            raise ann.error("calls through a function value take positional arguments only")
        return ann.call_functions(s_callee.funcs, args_s, kwargs_s)
    if not isinstance(s_callee, SomeObject):
        raise ann.error(f"calling {s_callee.describe()} is not supported")
    callee = s_callee.const
    if is_exception_init(callee):
        return exception_init(ann, args_s)
    if builtins.is_builtin(callee):
        if kwargs_s:
            raise ann.error(f"{callee.__name__}() takes no keyword arguments here")
        return builtins.call_builtin(ann, op, callee, args_s)
    if inspect.isclass(callee):
        return instantiate(ann, callee, args_s, kwargs_s)
    raise ann.error(f"calling {s_callee.describe()} is not supported in the subset")


def is_exception_init(callee: object) -> bool:
    """`Exception.__init__` (and its siblings), called from a user exception's __init__."""
    owner = getattr(callee, "__objclass__", None)
    return (getattr(callee, "__name__", None) == "__init__" and inspect.isclass(owner)
            and issubclass(owner, BaseException))


def exception_init(ann: Annotator, args_s: list[SomeValue]) -> SomeValue:
    if not args_s or not isinstance(args_s[0], SomeInstance) or len(args_s) > 2 or (
            len(args_s) == 2 and not (isinstance(args_s[1], SomeString)
                                      and args_s[1].kind == "str")):
        raise ann.error("Exception.__init__(self[, message]) takes at most one str message")
    return SomeNone()


def instantiate(ann: Annotator, cls: type, args_s: list[SomeValue],
                kwargs_s: dict[str, SomeValue]) -> SomeValue:
    if cls.__module__ == "builtins" and not issubclass(cls, BaseException):
        raise ann.error(f"creating '{cls.__name__}' objects is not supported here")
    cd = ann.getclassdef(cls)
    s_instance = SomeInstance(cd)
    found = cd.lookup_method("__init__")
    if found is None and issubclass(cls, BaseException):
        if kwargs_s or len(args_s) > 1 or (args_s and not (
                isinstance(args_s[0], SomeString) and args_s[0].kind == "str")):
            raise ann.error(f"{cls.__name__}() takes at most one str message here")
        return s_instance
    if found is not None:
        ann.call_function(found[1], [SomeInstance(found[0]), *args_s], kwargs_s)
    elif args_s or kwargs_s:
        raise ann.error(f"{cls.__qualname__}() takes no arguments")
    return s_instance


def op_add_ovf(ann: Annotator, op: SpaceOperation, s1: SomeValue,
               s2: SomeValue) -> SomeValue:
    for s in (s1, s2):
        if not isinstance(s, SomeInteger) or s.unsigned:
            raise ann.error(f"ovfcheck() works on signed ints, got {s.describe()}")
    return SomeInteger()


op_sub_ovf = op_mul_ovf = op_add_ovf


def op_exc_match(ann: Annotator, op: SpaceOperation, s_exc: SomeValue,
                 *classes_s: SomeValue) -> SomeValue:
    for s_cls in classes_s:
        ann.getclassdef(s_cls.const)
    return SomeBool()


def op_downcast(ann: Annotator, op: SpaceOperation, s_obj: SomeValue,
                s_cls: SomeValue) -> SomeValue:
    if not isinstance(s_obj, SomeInstance):
        return s_obj
    cd = ann.getclassdef(s_cls.const)
    if s_obj.classdef.issubclass(cd):
        return SomeInstance(s_obj.classdef, origin=op.loc)
    # a C, or (for unrelated classes) nothing: the narrowed branch then never runs, and
    # typing it as C keeps the annotation from depending on the order of flowing
    return SomeInstance(cd, origin=op.loc)


def op_jit_merge_point(ann: Annotator, op: SpaceOperation, *args_s: SomeValue) -> SomeValue:
    return SomeNone()


op_can_enter_jit = op_jit_merge_point
