"""Annotation rules: the result type of each flow-graph operation from its argument types.

One function per operation name (`op_<name>`); builtins and the `os` functions the
subset supports have their own table.  Anything without a rule is outside the subset and
is reported with the types involved.
"""

from __future__ import annotations

import inspect
import os
from typing import TYPE_CHECKING, Any, Callable

from toolchain.annotator.model import (
    SomeBool, SomeDict, SomeImpossible, SomeInstance, SomeInteger, SomeList,
    SomeNone, SomeObject, SomeString, SomeTuple, SomeValue,
)
from toolchain.flow.model import SpaceOperation

if TYPE_CHECKING:
    from toolchain.annotator.annotator import Annotator

INT_BINOPS = {"add", "sub", "mul", "floordiv", "mod", "and_", "or_", "xor", "lshift",
              "rshift"}
COMPARISONS = {"lt", "le", "eq", "ne", "gt", "ge"}


def consider(ann: Annotator, op: SpaceOperation) -> SomeValue:
    args_s = [ann.binding(arg) for arg in op.args]
    if any(isinstance(s, SomeImpossible) for s in args_s):
        return SomeImpossible()
    name = op.opname.removeprefix("inplace_")
    if name in INT_BINOPS:
        return binop(ann, name, args_s)
    if name in COMPARISONS:
        return compare(ann, name, args_s)
    rule = globals().get(f"op_{name}")
    if rule is None:
        raise ann.error(f"unsupported operation '{name}'")
    return rule(ann, op, *args_s)


def unsupported(ann: Annotator, what: str, *args_s: SomeValue) -> Exception:
    types_ = ", ".join(s.describe() for s in args_s)
    return ann.error(f"unsupported operation: {what} on ({types_})")


OPERATOR_SYMBOLS = {"add": "+", "sub": "-", "mul": "*", "floordiv": "//", "mod": "%",
                    "and_": "&", "or_": "|", "xor": "^", "lshift": "<<", "rshift": ">>",
                    "lt": "<", "le": "<=", "eq": "==", "ne": "!=", "gt": ">", "ge": ">="}


def binop(ann: Annotator, name: str, args_s: list[SomeValue]) -> SomeValue:
    s1, s2 = args_s
    if isinstance(s1, SomeInteger) and isinstance(s2, SomeInteger):
        nonneg = s1.nonneg and s2.nonneg and name in ("add", "mul", "floordiv", "mod",
                                                        "and_", "or_", "xor", "rshift")
        if name == "and_" and (s1.nonneg or s2.nonneg):
            nonneg = True
        if isinstance(s1, SomeBool) and isinstance(s2, SomeBool) and name in ("and_", "or_",
                                                                              "xor"):
            return SomeBool()
        return SomeInteger(nonneg=nonneg)
    if name == "add" and isinstance(s1, SomeString) and s1.same_kind(s2):
        return SomeString(s1.kind)
    raise unsupported(ann, f"'{OPERATOR_SYMBOLS[name]}'", s1, s2)


def compare(ann: Annotator, name: str, args_s: list[SomeValue]) -> SomeValue:
    s1, s2 = args_s
    if isinstance(s1, SomeInteger) and isinstance(s2, SomeInteger):
        return SomeBool()
    if isinstance(s1, SomeString) and isinstance(s2, SomeString) and s1.kind == s2.kind:
        return SomeBool()
    if name in ("eq", "ne") and (isinstance(s1, SomeNone) or isinstance(s2, SomeNone)):
        return SomeBool()
    raise unsupported(ann, f"'{OPERATOR_SYMBOLS[name]}'", s1, s2)


def op_same_as(ann: Annotator, op: SpaceOperation, s: SomeValue) -> SomeValue:
    return s


def op_int_of(ann: Annotator, op: SpaceOperation, s: SomeValue) -> SomeValue:
    if not isinstance(s, SomeInteger):
        raise ann.error(f"range() needs int arguments, got {s.describe()}")
    return SomeInteger(nonneg=s.nonneg)


def op_bool(ann: Annotator, op: SpaceOperation, s: SomeValue) -> SomeValue:
    if isinstance(s, (SomeObject, SomeTuple)):
        raise unsupported(ann, "truth test", s)
    return SomeBool()


def op_bool_not(ann: Annotator, op: SpaceOperation, s: SomeValue) -> SomeValue:
    return SomeBool()


def op_neg(ann: Annotator, op: SpaceOperation, s: SomeValue) -> SomeValue:
    if isinstance(s, SomeInteger):
        return SomeInteger()
    raise unsupported(ann, "unary '-'", s)


def op_invert(ann: Annotator, op: SpaceOperation, s: SomeValue) -> SomeValue:
    if isinstance(s, SomeInteger):
        return SomeInteger()
    raise unsupported(ann, "'~'", s)


def op_is_(ann: Annotator, op: SpaceOperation, s1: SomeValue, s2: SomeValue) -> SomeValue:
    return SomeBool()


op_is_not = op_is_


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


def check_dict_key(ann: Annotator, s_key: SomeValue) -> None:
    if not isinstance(s_key, SomeInteger):
        raise ann.error(f"dict keys must be int in this version, got {s_key.describe()}")


def op_len(ann: Annotator, op: SpaceOperation, s: SomeValue) -> SomeValue:
    if isinstance(s, (SomeList, SomeString, SomeDict)):
        return SomeInteger(nonneg=True)
    raise unsupported(ann, "len()", s)


def op_getitem(ann: Annotator, op: SpaceOperation, s_obj: SomeValue,
               s_index: SomeValue) -> SomeValue:
    if isinstance(s_obj, SomeList) and isinstance(s_index, SomeInteger):
        return ann.read_list_item(s_obj)
    if isinstance(s_obj, SomeString) and isinstance(s_index, SomeInteger):
        return SomeInteger(nonneg=True) if s_obj.kind == "bytes" else SomeString("str")
    if isinstance(s_obj, SomeDict):
        check_dict_key(ann, s_index)
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
        check_dict_key(ann, s_index)
        ann.generalize_dict(s_obj, s_index, s_value)
        return SomeNone()
    raise unsupported(ann, "item assignment", s_obj, s_index, s_value)


def op_contains(ann: Annotator, op: SpaceOperation, s_container: SomeValue,
                s_item: SomeValue) -> SomeValue:
    if isinstance(s_container, SomeDict):
        check_dict_key(ann, s_item)
        ann.read_dict(s_container)
        return SomeBool()
    if isinstance(s_container, SomeList):
        ann.read_list_item(s_container)
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
    name = s_name.const
    if isinstance(s_obj, SomeInstance):
        return ann.call_method(s_obj, name, list(args_s))
    rule = METHODS.get((type(s_obj), name))
    if rule is None:
        raise ann.error(f"{s_obj.describe()} has no method '{name}' in the subset")
    return rule(ann, s_obj, *args_s)


def op_simple_call(ann: Annotator, op: SpaceOperation, s_callee: SomeValue,
                   *args_s: SomeValue) -> SomeValue:
    return call(ann, s_callee, list(args_s), {})


def op_call_kw(ann: Annotator, op: SpaceOperation, s_callee: SomeValue,
               s_names: SomeValue, *args_s: SomeValue) -> SomeValue:
    names = op.args[1].value  # type: ignore[union-attr]
    positional = list(args_s[:len(args_s) - len(names)])
    keywords = dict(zip(names, args_s[len(args_s) - len(names):]))
    return call(ann, s_callee, positional, keywords)


def call(ann: Annotator, s_callee: SomeValue, args_s: list[SomeValue],
         kwargs_s: dict[str, SomeValue]) -> SomeValue:
    if not isinstance(s_callee, SomeObject):
        raise ann.error(f"calling {s_callee.describe()} is not supported")
    callee = s_callee.const
    builtin = BUILTINS.get(callee)
    if builtin is not None:
        if kwargs_s:
            raise ann.error(f"{callee.__name__}() takes no keyword arguments here")
        return builtin(ann, *args_s)
    if inspect.isclass(callee):
        return instantiate(ann, callee, args_s, kwargs_s)
    if inspect.isfunction(callee):
        return ann.call_function(callee, args_s, kwargs_s)
    raise ann.error(f"calling {s_callee.describe()} is not supported in the subset")


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
        return s_obj
    if not cd.issubclass(s_obj.classdef):
        return s_obj  # unrelated classes: the narrowed branch never runs
    return SomeInstance(cd, origin=op.loc)


def b_isinstance(ann: Annotator, *args_s: SomeValue) -> SomeValue:
    arity(ann, "isinstance", args_s, 2)
    s_obj, s_cls = args_s
    if not (isinstance(s_cls, SomeObject) and inspect.isclass(s_cls.const)):
        raise ann.error("isinstance() needs a class as its second argument")
    if isinstance(s_obj, SomeInstance):
        cd = ann.getclassdef(s_cls.const)
        if s_obj.classdef.issubclass(cd) and not s_obj.can_be_none:
            return SomeBool(const=True)
        return SomeBool()
    if isinstance(s_obj, SomeNone):
        return SomeBool(const=False)
    raise ann.error(f"isinstance() on {s_obj.describe()} is not supported; it works on "
                    "instances of classes")


def op_jit_merge_point(ann: Annotator, op: SpaceOperation, *args_s: SomeValue) -> SomeValue:
    return SomeNone()


op_can_enter_jit = op_jit_merge_point


# -- builtin functions and methods ------------------------------------------------------

def expect(ann: Annotator, what: str, s: SomeValue, kind: type | tuple[type, ...],
           description: str) -> None:
    if not isinstance(s, kind):
        raise ann.error(f"{what} expects {description}, got {s.describe()}")


def b_len(ann: Annotator, *args_s: SomeValue) -> SomeValue:
    if len(args_s) != 1:
        raise ann.error(f"len() takes exactly one argument ({len(args_s)} given)")
    return op_len(ann, None, args_s[0])  # type: ignore[arg-type]


def b_os_read(ann: Annotator, *args_s: SomeValue) -> SomeValue:
    arity(ann, "os.read", args_s, 2)
    expect(ann, "os.read()", args_s[0], SomeInteger, "an int file descriptor")
    expect(ann, "os.read()", args_s[1], SomeInteger, "an int size")
    return SomeString("bytes")


def b_os_write(ann: Annotator, *args_s: SomeValue) -> SomeValue:
    arity(ann, "os.write", args_s, 2)
    expect(ann, "os.write()", args_s[0], SomeInteger, "an int file descriptor")
    if not (isinstance(args_s[1], SomeString) and args_s[1].kind == "bytes"):
        raise ann.error(f"os.write() expects bytes, got {args_s[1].describe()}")
    return SomeInteger(nonneg=True)


def b_os_open(ann: Annotator, *args_s: SomeValue) -> SomeValue:
    arity(ann, "os.open", args_s, 3)
    expect(ann, "os.open()", args_s[0], SomeString, "a str or bytes path")
    expect(ann, "os.open()", args_s[1], SomeInteger, "int flags")
    expect(ann, "os.open()", args_s[2], SomeInteger, "an int mode")
    return SomeInteger(nonneg=True)


def b_os_close(ann: Annotator, *args_s: SomeValue) -> SomeValue:
    arity(ann, "os.close", args_s, 1)
    expect(ann, "os.close()", args_s[0], SomeInteger, "an int file descriptor")
    return SomeNone()


def arity(ann: Annotator, name: str, args_s: tuple[SomeValue, ...], n: int) -> None:
    if len(args_s) != n:
        raise ann.error(f"{name}() takes {n} arguments ({len(args_s)} given)")


BUILTINS: dict[Any, Callable[..., SomeValue]] = {
    len: b_len, isinstance: b_isinstance, os.read: b_os_read, os.write: b_os_write, os.open: b_os_open,
    os.close: b_os_close,
}


def m_list_append(ann: Annotator, s_list: SomeList, *args_s: SomeValue) -> SomeValue:
    arity(ann, "list.append", args_s, 1)
    ann.generalize_list_item(s_list, args_s[0])
    return SomeNone()


def m_list_pop(ann: Annotator, s_list: SomeList, *args_s: SomeValue) -> SomeValue:
    if args_s:
        raise ann.error("list.pop() with an index is not supported in this version")
    return ann.read_list_item(s_list)


def m_dict_get(ann: Annotator, s_dict: SomeDict, *args_s: SomeValue) -> SomeValue:
    arity(ann, "dict.get", args_s, 2)
    check_dict_key(ann, args_s[0])
    dictdef = ann.read_dict(s_dict)
    return ann.unify(dictdef.value, args_s[1], "the default and the values of dict.get()")


def m_bytes_join(ann: Annotator, s_sep: SomeString, *args_s: SomeValue) -> SomeValue:
    arity(ann, "join", args_s, 1)
    s_list = args_s[0]
    if not isinstance(s_list, SomeList):
        raise ann.error(f"join() expects a list, got {s_list.describe()}")
    s_item = ann.read_list_item(s_list)
    if not (isinstance(s_item, (SomeString, SomeImpossible))
            and getattr(s_item, "kind", s_sep.kind) == s_sep.kind):
        raise ann.error(f"{s_sep.kind}.join() expects a list of {s_sep.kind}, got "
                        f"{s_list.describe()}")
    return SomeString(s_sep.kind)


METHODS: dict[tuple[type, str], Callable[..., SomeValue]] = {
    (SomeList, "append"): m_list_append,
    (SomeList, "pop"): m_list_pop,
    (SomeDict, "get"): m_dict_get,
    (SomeString, "join"): m_bytes_join,
}
