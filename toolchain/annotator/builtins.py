"""Annotation of the built-in functions and methods the subset supports.

`BUILTINS` maps the live builtin object (`len`, `os.read`, `math.sqrt`, ...) to its rule;
`METHODS` maps (annotation class, method name) to the rule for methods of lists, dicts
and strings.  The rtyper's `rbuiltin.py` lowers the same names.
"""

from __future__ import annotations

import copy
import inspect
import math
import os
import time
from typing import TYPE_CHECKING, Any, Callable

from toolchain.annotator.model import (
    SomeBool, SomeDict, SomeFloat, SomeImpossible, SomeInstance, SomeInteger, SomeList,
    NO_CONST, SomeNone, SomeObject, SomeString, SomeTuple, SomeValue,
)
from toolchain.flow.model import SpaceOperation
from toolchain.rlib import jit, rawmem
from toolchain.rlib.rarithmetic import intmask, ovfcheck, r_uint

if TYPE_CHECKING:
    from toolchain.annotator.annotator import Annotator

Rule = Callable[..., SomeValue]


def arity(ann: Annotator, name: str, args_s: list[SomeValue], low: int,
          high: int | None = None) -> None:
    high = low if high is None else high
    if not low <= len(args_s) <= high:
        wanted = str(low) if low == high else f"{low} to {high}"
        raise ann.error(f"{name}() takes {wanted} argument{'s' if high != 1 else ''} "
                        f"({len(args_s)} given)")


def expect(ann: Annotator, what: str, s: SomeValue, kind: type | tuple[type, ...],
           description: str) -> None:
    if not isinstance(s, kind):
        raise ann.error(f"{what} expects {description}, got {s.describe()}")


def is_number(s: SomeValue) -> bool:
    return isinstance(s, (SomeInteger, SomeFloat))


# -- functions ------------------------------------------------------------------------

def b_len(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "len", args_s, 1)
    s = args_s[0]
    if isinstance(s, (SomeList, SomeString, SomeDict)):
        return SomeInteger(nonneg=True)
    if isinstance(s, SomeTuple):
        return SomeInteger(nonneg=True, const=len(s.items))
    raise ann.error(f"len() of {s.describe()} is not supported")


def b_isinstance(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
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


def b_str(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "str", args_s, 1)
    s = args_s[0]
    if isinstance(s, SomeString) and s.kind == "bytes":
        raise ann.error("str() of bytes is not supported: use .decode('latin-1')")
    if isinstance(s, SomeInstance) and s.classdef.issubclass(ann.exception_root):
        return SomeString("str")  # the exception's message
    if not isinstance(s, (SomeInteger, SomeFloat, SomeString, SomeNone)):
        raise ann.error(f"str() of {s.describe()} is not supported")
    return SomeString("str")


def b_repr(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "repr", args_s, 1)
    if not isinstance(args_s[0], (SomeInteger, SomeFloat, SomeString, SomeNone)):
        raise ann.error(f"repr() of {args_s[0].describe()} is not supported")
    return SomeString("str")


def b_int(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "int", args_s, 1, 2)
    s = args_s[0]
    if len(args_s) == 2:
        expect(ann, "int()", s, SomeString, "a string when a base is given")
        expect(ann, "int()", args_s[1], SomeInteger, "an int base")
    elif not isinstance(s, (SomeInteger, SomeFloat, SomeString)):
        raise ann.error(f"int() of {s.describe()} is not supported")
    return SomeInteger()


def b_float(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "float", args_s, 1)
    if not isinstance(args_s[0], (SomeInteger, SomeFloat, SomeString)):
        raise ann.error(f"float() of {args_s[0].describe()} is not supported")
    return SomeFloat()


def b_bool(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "bool", args_s, 1)
    return SomeBool()


def b_ord(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "ord", args_s, 1)
    expect(ann, "ord()", args_s[0], SomeString, "a one-character string")
    return SomeInteger(nonneg=True)


def b_chr(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "chr", args_s, 1)
    expect(ann, "chr()", args_s[0], SomeInteger, "an int")
    return SomeString("str")


def b_hash(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "hash", args_s, 1)
    if not isinstance(args_s[0], (SomeInteger, SomeString)):
        raise ann.error(f"hash() of {args_s[0].describe()} is not supported")
    return SomeInteger()


def b_abs(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "abs", args_s, 1)
    s = args_s[0]
    if isinstance(s, SomeFloat):
        return SomeFloat()
    expect(ann, "abs()", s, SomeInteger, "a number")
    return SomeInteger(nonneg=True)


def b_minmax(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "min/max", args_s, 2)
    if not all(is_number(s) for s in args_s):
        raise ann.error("min() and max() take two numbers here")
    if any(isinstance(s, SomeFloat) for s in args_s):
        return SomeFloat()
    return SomeInteger(nonneg=all(s.nonneg for s in args_s))  # type: ignore[attr-defined]


def b_float_fn(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
    name = op.args[0].value.__name__  # type: ignore[union-attr]
    nargs = 2 if name == "pow" else 1
    arity(ann, f"math.{name}", args_s, nargs)
    for s in args_s:
        if not is_number(s):
            raise ann.error(f"math.{name}() expects numbers, got {s.describe()}")
    if name in ("isnan", "isinf"):
        return SomeBool()
    if name == "floor":
        return SomeInteger()  # Python 3's math.floor gives an int
    return SomeFloat()


def b_time(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "time.time", args_s, 0)
    return SomeFloat()


def b_os_read(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "os.read", args_s, 2)
    expect(ann, "os.read()", args_s[0], SomeInteger, "an int file descriptor")
    expect(ann, "os.read()", args_s[1], SomeInteger, "an int size")
    return SomeString("bytes")


def b_os_write(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "os.write", args_s, 2)
    expect(ann, "os.write()", args_s[0], SomeInteger, "an int file descriptor")
    if not (isinstance(args_s[1], SomeString) and args_s[1].kind == "bytes"):
        raise ann.error(f"os.write() expects bytes, got {args_s[1].describe()}")
    return SomeInteger(nonneg=True)


def b_os_open(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "os.open", args_s, 3)
    expect(ann, "os.open()", args_s[0], SomeString, "a str or bytes path")
    expect(ann, "os.open()", args_s[1], SomeInteger, "int flags")
    expect(ann, "os.open()", args_s[2], SomeInteger, "an int mode")
    return SomeInteger(nonneg=True)


def b_os_close(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "os.close", args_s, 1)
    expect(ann, "os.close()", args_s[0], SomeInteger, "an int file descriptor")
    return SomeNone()


def b_os_lseek(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "os.lseek", args_s, 3)
    for s in args_s:
        expect(ann, "os.lseek()", s, SomeInteger, "int arguments")
    return SomeInteger()


def b_os_getenv(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "os.getenv", args_s, 1)
    expect(ann, "os.getenv()", args_s[0], SomeString, "a str name")
    return SomeString("str", can_be_none=True)


def b_r_uint(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "r_uint", args_s, 1)
    expect(ann, "r_uint()", args_s[0], SomeInteger, "an int")
    return SomeInteger(unsigned=True)


def b_we_are_jitted(ann: Annotator, op: SpaceOperation,
                    args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "we_are_jitted", args_s, 0)
    # Not a constant: the C code folds it to False, the codewriter to True, and both
    # branches must be in the graphs the codewriter reads.
    return SomeBool()


def b_intmask(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "intmask", args_s, 1)
    expect(ann, "intmask()", args_s[0], SomeInteger, "an int")
    return SomeInteger()


def b_ovfcheck(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
    raise ann.error("ovfcheck() must directly wrap one +, - or * of ints, "
                    "as in ovfcheck(a + b)")


def raw_rule(name: str, params: tuple[type, ...], result: SomeValue | None) -> Rule:
    """A rawmem primitive taking ints (and a float to store) and giving `result`."""
    def rule(ann: Annotator, op: SpaceOperation, args_s: list[SomeValue]) -> SomeValue:
        arity(ann, name, args_s, len(params))
        for s, kind in zip(args_s, params):
            if kind is SomeFloat:
                if not is_number(s):
                    raise ann.error(f"{name}() stores a float, got {s.describe()}")
            else:
                expect(ann, f"{name}()", s, kind, "an int address, offset or size")
        return result if result is not None else SomeNone()
    return rule


# What the JIT may hold as an address (a GC reference): every GC object kind.
GC_OBJECTS = (SomeInstance, SomeNone, SomeString, SomeList, SomeDict, SomeTuple)


def b_cast_instance_to_addr(ann: Annotator, op: SpaceOperation,
                            args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "cast_instance_to_addr", args_s, 1)
    expect(ann, "cast_instance_to_addr()", args_s[0], GC_OBJECTS,
           "an instance, str, bytes, list, dict, tuple or None")
    return SomeInteger()


def b_cast_addr_to_like(ann: Annotator, op: SpaceOperation,
                        args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "cast_addr_to_like", args_s, 2)
    expect(ann, "cast_addr_to_like()", args_s[0], SomeInteger, "an int address")
    expect(ann, "cast_addr_to_like()", args_s[1], GC_OBJECTS,
           "an instance, str, bytes, list, dict or tuple as its type example")
    s_like = copy.copy(args_s[1])
    s_like.const = NO_CONST
    return s_like


def b_cast_addr_to_instance(ann: Annotator, op: SpaceOperation,
                            args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "cast_addr_to_instance", args_s, 2)
    s_cls = args_s[0]
    if not (isinstance(s_cls, SomeObject) and inspect.isclass(s_cls.const)):
        raise ann.error("cast_addr_to_instance() needs a class as its first argument")
    expect(ann, "cast_addr_to_instance()", args_s[1], SomeInteger, "an int address")
    return SomeInstance(ann.getclassdef(s_cls.const), can_be_none=True)


INT = SomeInteger
RAW_BUILTINS: dict[Any, Rule] = {
    rawmem.raw_malloc: raw_rule("raw_malloc", (INT,), SomeInteger()),
    rawmem.raw_free: raw_rule("raw_free", (INT,), None),
    rawmem.raw_load_word: raw_rule("raw_load_word", (INT, INT), SomeInteger()),
    rawmem.raw_store_word: raw_rule("raw_store_word", (INT, INT, INT), None),
    rawmem.raw_load_byte: raw_rule("raw_load_byte", (INT, INT), SomeInteger(nonneg=True)),
    rawmem.raw_store_byte: raw_rule("raw_store_byte", (INT, INT, INT), None),
    rawmem.raw_load_double: raw_rule("raw_load_double", (INT, INT), SomeFloat()),
    rawmem.raw_store_double: raw_rule("raw_store_double", (INT, INT, SomeFloat), None),
    rawmem.code_alloc: raw_rule("code_alloc", (INT,), SomeInteger()),
    rawmem.code_make_executable: raw_rule("code_make_executable", (INT, INT), None),
    rawmem.code_make_writable: raw_rule("code_make_writable", (INT, INT), None),
    rawmem.code_free: raw_rule("code_free", (INT, INT), None),
    rawmem.flush_icache: raw_rule("flush_icache", (INT, INT), None),
    rawmem.malloc_function_address: raw_rule("malloc_function_address", (), SomeInteger()),
    rawmem.fetch_exception: raw_rule("fetch_exception", (), SomeInteger()),
    rawmem.restore_exception: raw_rule("restore_exception", (INT,), None),
    rawmem.exception_address: raw_rule("exception_address", (), SomeInteger()),
    rawmem.cast_instance_to_addr: b_cast_instance_to_addr,
    rawmem.cast_addr_to_instance: b_cast_addr_to_instance,
    rawmem.cast_addr_to_like: b_cast_addr_to_like,
}


MATH_FUNCTIONS = (math.sqrt, math.floor, math.fabs, math.pow, math.sin, math.cos, math.log,
                  math.exp, math.isnan, math.isinf)

BUILTINS: dict[Any, Rule] = {
    len: b_len, isinstance: b_isinstance, str: b_str, repr: b_repr, int: b_int,
    float: b_float, bool: b_bool, ord: b_ord, chr: b_chr, hash: b_hash, abs: b_abs,
    min: b_minmax, max: b_minmax, time.time: b_time,
    os.read: b_os_read, os.write: b_os_write, os.open: b_os_open, os.close: b_os_close,
    os.lseek: b_os_lseek, os.getenv: b_os_getenv,
    r_uint: b_r_uint, intmask: b_intmask, ovfcheck: b_ovfcheck,
    jit.we_are_jitted: b_we_are_jitted,
    **{fn: b_float_fn for fn in MATH_FUNCTIONS},
    **RAW_BUILTINS,
}


def is_builtin(value: Any) -> bool:
    try:
        return value in BUILTINS
    except TypeError:
        return False


def call_builtin(ann: Annotator, op: SpaceOperation, callee: Any,
                 args_s: list[SomeValue]) -> SomeValue:
    return BUILTINS[callee](ann, op, args_s)


# -- methods ----------------------------------------------------------------------------

def m_list_append(ann: Annotator, op: SpaceOperation, s_list: SomeList,
                  args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "list.append", args_s, 1)
    ann.generalize_list_item(s_list, args_s[0])
    return SomeNone()


def m_list_insert(ann: Annotator, op: SpaceOperation, s_list: SomeList,
                  args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "list.insert", args_s, 2)
    expect(ann, "list.insert()", args_s[0], SomeInteger, "an int index")
    ann.generalize_list_item(s_list, args_s[1])
    return SomeNone()


def m_list_extend(ann: Annotator, op: SpaceOperation, s_list: SomeList,
                  args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "list.extend", args_s, 1)
    other = args_s[0]
    expect(ann, "list.extend()", other, SomeList, "a list")
    ann.generalize_list_item(s_list, ann.read_list_item(other))  # type: ignore[arg-type]
    return SomeNone()


def m_list_pop(ann: Annotator, op: SpaceOperation, s_list: SomeList,
               args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "list.pop", args_s, 0, 1)
    if args_s:
        expect(ann, "list.pop()", args_s[0], SomeInteger, "an int index")
    return ann.read_list_item(s_list)


def m_list_index(ann: Annotator, op: SpaceOperation, s_list: SomeList,
                 args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "list.index", args_s, 1)
    ann.read_list_item(s_list)
    return SomeInteger(nonneg=True)


def m_list_reverse(ann: Annotator, op: SpaceOperation, s_list: SomeList,
                   args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "list.reverse", args_s, 0)
    return SomeNone()


def m_list_sort(ann: Annotator, op: SpaceOperation, s_list: SomeList,
                args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "list.sort", args_s, 0)
    item = ann.read_list_item(s_list)
    if not isinstance(item, (SomeInteger, SomeFloat, SomeString, SomeImpossible)):
        raise ann.error(f"list.sort() sorts ints, floats or strings, not {item.describe()}")
    return SomeNone()


def m_dict_get(ann: Annotator, op: SpaceOperation, s_dict: SomeDict,
               args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "dict.get", args_s, 1, 2)
    dictdef = ann.read_dict(s_dict)
    ann.check_dict_key(s_dict, args_s[0])
    s_default = args_s[1] if len(args_s) == 2 else SomeNone()
    return ann.unify(dictdef.value, s_default, "the default and the values of dict.get()")


def m_dict_setdefault(ann: Annotator, op: SpaceOperation, s_dict: SomeDict,
                      args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "dict.setdefault", args_s, 2)
    ann.generalize_dict(s_dict, args_s[0], args_s[1])
    return ann.read_dict(s_dict).value


def m_dict_pop(ann: Annotator, op: SpaceOperation, s_dict: SomeDict,
               args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "dict.pop", args_s, 1, 2)
    dictdef = ann.read_dict(s_dict)
    ann.check_dict_key(s_dict, args_s[0])
    if len(args_s) == 2:
        return ann.unify(dictdef.value, args_s[1], "the default and the values of dict.pop()")
    return dictdef.value


def m_dict_keys(ann: Annotator, op: SpaceOperation, s_dict: SomeDict,
                args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "dict.keys", args_s, 0)
    return ann.new_list(op, ann.read_dict(s_dict).key)


def m_dict_values(ann: Annotator, op: SpaceOperation, s_dict: SomeDict,
                  args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "dict.values", args_s, 0)
    return ann.new_list(op, ann.read_dict(s_dict).value)


def m_dict_items(ann: Annotator, op: SpaceOperation, s_dict: SomeDict,
                 args_s: list[SomeValue]) -> SomeValue:
    arity(ann, "dict.items", args_s, 0)
    dictdef = ann.read_dict(s_dict)
    return ann.new_list(op, SomeTuple((dictdef.key, dictdef.value)))


def m_str_join(ann: Annotator, op: SpaceOperation, s_sep: SomeString,
               args_s: list[SomeValue]) -> SomeValue:
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


def same_kind_args(ann: Annotator, name: str, s_str: SomeString,
                   args_s: list[SomeValue]) -> None:
    for s in args_s:
        if not (isinstance(s, SomeString) and s.kind == s_str.kind):
            raise ann.error(f"{s_str.kind}.{name}() expects {s_str.kind} arguments, got "
                            f"{s.describe()}")


def string_method(name: str, low: int, high: int, result: str) -> Rule:
    """A method whose arguments are strings of the receiver's kind."""
    def rule(ann: Annotator, op: SpaceOperation, s_str: SomeString,
             args_s: list[SomeValue]) -> SomeValue:
        arity(ann, f"{s_str.kind}.{name}", args_s, low, high)
        same_kind_args(ann, name, s_str, [s for s in args_s if not isinstance(s, SomeNone)])
        if result == "bool":
            return SomeBool()
        if result == "int":
            return SomeInteger()
        if result == "list":
            return ann.new_list(op, SomeString(s_str.kind))
        return SomeString(s_str.kind)
    return rule


def m_str_find(ann: Annotator, op: SpaceOperation, s_str: SomeString,
               args_s: list[SomeValue]) -> SomeValue:
    arity(ann, f"{s_str.kind}.find", args_s, 1, 3)
    same_kind_args(ann, "find", s_str, args_s[:1])
    for s in args_s[1:]:
        expect(ann, "find()", s, SomeInteger, "int positions")
    return SomeInteger()


def m_str_encode(ann: Annotator, op: SpaceOperation, s_str: SomeString,
                 args_s: list[SomeValue]) -> SomeValue:
    return recode(ann, op, s_str, args_s, "str", "encode", "bytes")


def m_str_decode(ann: Annotator, op: SpaceOperation, s_str: SomeString,
                 args_s: list[SomeValue]) -> SomeValue:
    return recode(ann, op, s_str, args_s, "bytes", "decode", "str")


def recode(ann: Annotator, op: SpaceOperation, s_str: SomeString, args_s: list[SomeValue],
           source: str, name: str, result: str) -> SomeValue:
    if s_str.kind != source:
        raise ann.error(f"{s_str.kind} has no method '{name}'")
    arity(ann, f"{source}.{name}", args_s, 0, 1)
    if args_s and args_s[0].const not in ("latin-1", "latin1", "iso-8859-1"):
        raise ann.error(f"{name}() supports only 'latin-1' (a str holds bytes after "
                        "translation; see docs/language.md)")
    return SomeString(result, can_be_none=s_str.can_be_none)


STRING_METHODS: dict[str, Rule] = {
    "join": m_str_join, "find": m_str_find, "rfind": m_str_find,
    "encode": m_str_encode, "decode": m_str_decode,
    "split": string_method("split", 0, 1, "list"),
    "strip": string_method("strip", 0, 1, "same"),
    "lstrip": string_method("lstrip", 0, 1, "same"),
    "rstrip": string_method("rstrip", 0, 1, "same"),
    "startswith": string_method("startswith", 1, 1, "bool"),
    "endswith": string_method("endswith", 1, 1, "bool"),
    "count": string_method("count", 1, 1, "int"),
    "replace": string_method("replace", 2, 2, "same"),
    "lower": string_method("lower", 0, 0, "same"),
    "upper": string_method("upper", 0, 0, "same"),
    **{name: string_method(name, 0, 0, "bool")
       for name in ("isdigit", "isalpha", "isspace", "isalnum", "isupper", "islower")},
}

METHODS: dict[tuple[type, str], Rule] = {
    (SomeList, "append"): m_list_append, (SomeList, "pop"): m_list_pop,
    (SomeList, "insert"): m_list_insert, (SomeList, "extend"): m_list_extend,
    (SomeList, "index"): m_list_index, (SomeList, "reverse"): m_list_reverse,
    (SomeList, "sort"): m_list_sort,
    (SomeDict, "get"): m_dict_get, (SomeDict, "setdefault"): m_dict_setdefault,
    (SomeDict, "pop"): m_dict_pop, (SomeDict, "keys"): m_dict_keys,
    (SomeDict, "values"): m_dict_values, (SomeDict, "items"): m_dict_items,
    **{(SomeString, name): rule for name, rule in STRING_METHODS.items()},
}


def m_funcsig_call(ann: Annotator, op: SpaceOperation, s_sig: SomeObject,
                   args_s: list[SomeValue]) -> SomeValue:
    sig = s_sig.const
    arity(ann, "call", args_s, len(sig.args) + 1)
    expect(ann, "call()", args_s[0], SomeInteger, "an int code address")
    for s, kind in zip(args_s[1:], sig.args):
        if kind == rawmem.DOUBLE and not is_number(s):
            raise ann.error(f"this FuncSig passes a double, got {s.describe()}")
        if kind == rawmem.WORD:
            expect(ann, "call()", s, SomeInteger, "an int for a WORD argument")
    return SomeFloat() if sig.result == rawmem.DOUBLE else SomeInteger()


def call_method(ann: Annotator, op: SpaceOperation, s_obj: SomeValue, name: str,
                args_s: list[SomeValue]) -> SomeValue:
    if isinstance(s_obj, SomeObject) and isinstance(s_obj.const, rawmem.FuncSig):
        if name != "call":
            raise ann.error(f"FuncSig has no method '{name}'")
        return m_funcsig_call(ann, op, s_obj, args_s)
    rule = METHODS.get((type(s_obj), name))
    if rule is None:
        raise ann.error(f"{s_obj.describe()} has no method '{name}' in the subset")
    return rule(ann, op, s_obj, args_s)

