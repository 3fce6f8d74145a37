"""Lowering of built-in functions and methods (the rtyper half of annotator/builtins.py).

Most become a `ccall` of a runtime function (`kiln_str_find`, `kiln_float_repr`, ...);
container methods become low-level container operations that genc specialises by item
type; `%`-formatting with a constant format is expanded at translation time.
"""

from __future__ import annotations

import math
import os
import time
from typing import TYPE_CHECKING, Any

from toolchain.annotator.annotator import EXCEPTION_MESSAGE
from toolchain.annotator.model import (
    SomeBool, SomeFloat, SomeInstance, SomeInteger, SomeList, SomeNone, SomeObject,
    SomeString, SomeTuple, SomeValue,
)
from toolchain.flow.model import Constant, SpaceOperation, Value, Variable
from toolchain.rlib import jit as rlib_jit
from toolchain.rlib import rawmem
from toolchain.rlib.rarithmetic import intmask, r_uint
from toolchain.rtyper.lltype import STR, Float, Signed

if TYPE_CHECKING:
    from toolchain.rtyper.rtyper import RTyper

C_FUNCTIONS: dict[Any, str] = {
    os.read: "kiln_os_read", os.write: "kiln_os_write", os.open: "kiln_os_open",
    os.close: "kiln_os_close", os.lseek: "kiln_os_lseek", os.getenv: "kiln_os_getenv",
    time.time: "kiln_time_time", math.sqrt: "kiln_math_sqrt",
    math.fabs: "fabs", math.pow: "kiln_math_pow", math.sin: "kiln_math_sin",
    math.cos: "kiln_math_cos",
    math.log: "kiln_math_log", math.exp: "kiln_math_exp", math.isnan: "kiln_math_isnan",
    math.isinf: "kiln_math_isinf", ord: "kiln_str_ord", chr: "kiln_str_chr",
}
RAW_C_FUNCTIONS: dict[Any, str] = {
    rawmem.raw_malloc: "kiln_raw_malloc", rawmem.raw_free: "kiln_raw_free",
    rawmem.code_alloc: "kiln_code_alloc", rawmem.code_make_executable: "kiln_code_executable",
    rawmem.code_make_writable: "kiln_code_writable", rawmem.code_free: "kiln_code_free",
    rawmem.flush_icache: "kiln_flush_icache",
    rawmem.malloc_function_address: "kiln_gc_malloc_address",
    rawmem.fetch_exception: "kiln_jit_fetch_exception",
    rawmem.restore_exception: "kiln_jit_restore_exception",
    rawmem.exception_address: "kiln_jit_exception_address",
}
RAW_ACCESS = {rawmem.raw_load_word: "raw_load_word", rawmem.raw_store_word: "raw_store_word",
              rawmem.raw_load_byte: "raw_load_byte", rawmem.raw_store_byte: "raw_store_byte",
              rawmem.raw_load_double: "raw_load_double",
              rawmem.raw_store_double: "raw_store_double"}
FLOAT_ARGUMENTS = {math.sqrt, math.fabs, math.pow, math.sin, math.cos,
                   math.log, math.exp, math.isnan, math.isinf}


def to_float(rtyper: RTyper, value: Value, s: SomeValue) -> Value:
    if isinstance(s, SomeFloat):
        return value
    if isinstance(value, Constant):
        return Constant(float(value.value), Float)
    return rtyper.emit("cast_int_to_float", [value], rtype=Float)


def to_str(rtyper: RTyper, value: Value, s: SomeValue, result: Variable | None = None,
           use_repr: bool = False) -> Variable:
    """str(value) or repr(value) for the types the subset prints."""
    if isinstance(s, SomeString):
        if use_repr:
            return rtyper.emit("ccall", [Constant("kiln_str_repr"), value], result, STR)
        return rtyper.emit("same_as", [value], result, STR)
    if isinstance(s, SomeBool):
        return rtyper.emit("ccall", [Constant("kiln_str_from_bool"), value], result, STR)
    if isinstance(s, SomeInteger):
        convert = "kiln_str_from_uint" if s.unsigned else "kiln_str_from_int"
        return rtyper.emit("ccall", [Constant(convert), value], result, STR)
    if isinstance(s, SomeFloat):
        return rtyper.emit("ccall", [Constant("kiln_float_repr"), value], result, STR)
    if isinstance(s, SomeNone):
        return rtyper.emit("same_as", [Constant("None", STR)], result, STR)
    if isinstance(s, SomeInstance):  # an exception: its message, "" when it has none
        root = rtyper.ann.exception_root
        message = rtyper.emit("getfield", [value, Constant(root), Constant(EXCEPTION_MESSAGE)],
                              rtype=STR)
        return rtyper.emit("ccall", [Constant("kiln_str_or_empty"), message], result, STR)
    raise rtyper.error(f"cannot convert {s.describe()} to a string")


def lower_builtin(rtyper: RTyper, op: SpaceOperation, callee: Any, args: list[Value]) -> None:
    args_s = [rtyper.binding(a) for a in args]
    result = op.result
    if callee is len:
        rtyper.rtype_len(SpaceOperation("len", args, result, op.loc), args_s)
    elif callee is isinstance:
        rtyper.rtype_isinstance(op, args)
    elif callee is str or callee is repr:
        to_str(rtyper, args[0], args_s[0], result, use_repr=callee is repr)
    elif callee is int:
        lower_int(rtyper, args, args_s, result)
    elif callee is float:
        s = args_s[0]
        if isinstance(s, SomeString):
            rtyper.emit("ccall", [Constant("kiln_float_from_str"), args[0]], result)
        else:
            rtyper.emit("same_as", [to_float(rtyper, args[0], s)], result)
    elif callee is bool:
        rtyper.rtype_bool(SpaceOperation("bool", args, result, op.loc), args_s)
    elif callee is hash:
        name = "kiln_str_hash" if isinstance(args_s[0], SomeString) else "kiln_int_hash"
        rtyper.emit("ccall", [Constant(name), args[0]], result)
    elif callee is abs:
        name = "fabs" if isinstance(args_s[0], SomeFloat) else "kiln_int_abs"
        rtyper.emit("ccall", [Constant(name), args[0]], result)
    elif callee is min or callee is max:
        lower_minmax(rtyper, callee is min, args, args_s, result)
    elif callee in RAW_C_FUNCTIONS:
        rtyper.emit("ccall", [Constant(RAW_C_FUNCTIONS[callee]), *args], result)
    elif callee in RAW_ACCESS:
        if callee is rawmem.raw_store_double:
            args = [args[0], args[1], to_float(rtyper, args[2], args_s[2])]
        rtyper.emit(RAW_ACCESS[callee], args, result)
    elif callee is rawmem.cast_instance_to_addr:
        rtyper.emit("cast_ptr_to_int", args, result)
    elif callee is rawmem.cast_addr_to_instance:
        rtyper.emit("cast_int_to_ptr", [args[1]], result)
    elif callee is rawmem.cast_addr_to_like:
        rtyper.emit("cast_int_to_ptr", [args[0]], result)
    elif callee is rlib_jit.we_are_jitted:
        rtyper.emit("jit_we_are_jitted", [], result)
    elif callee is r_uint or callee is intmask:
        rtyper.emit("same_as", [args[0]], result)  # C converts between the word types
    elif callee is math.floor:
        floored = rtyper.emit("ccall", [Constant("floor"), to_float(rtyper, args[0], args_s[0])],
                              rtype=Float)
        rtyper.emit("ccall", [Constant("kiln_float_to_int"), floored], result)
    elif callee in C_FUNCTIONS:
        if callee in FLOAT_ARGUMENTS:
            args = [to_float(rtyper, a, s) for a, s in zip(args, args_s)]
        rtyper.emit("ccall", [Constant(C_FUNCTIONS[callee]), *args], result)
    else:
        raise rtyper.error(f"no low-level translation for {callee!r}")


def lower_int(rtyper: RTyper, args: list[Value], args_s: list[SomeValue],
              result: Variable) -> None:
    s = args_s[0]
    if isinstance(s, SomeString):
        base = args[1] if len(args) == 2 else Constant(10, Signed)
        rtyper.emit("ccall", [Constant("kiln_int_from_str"), args[0], base], result)
    elif isinstance(s, SomeFloat):
        rtyper.emit("ccall", [Constant("kiln_float_to_int"), args[0]], result)
    else:
        rtyper.emit("same_as", [args[0]], result)


def lower_minmax(rtyper: RTyper, is_min: bool, args: list[Value], args_s: list[SomeValue],
                 result: Variable) -> None:
    floats = any(isinstance(s, SomeFloat) for s in args_s)
    if floats:
        args = [to_float(rtyper, a, s) for a, s in zip(args, args_s)]
    name = ("kiln_float_" if floats else "kiln_int_") + ("min" if is_min else "max")
    rtyper.emit("ccall", [Constant(name), *args], result)


# -- methods ------------------------------------------------------------------------

LIST_METHODS = {"append": "list_append", "insert": "list_insert", "extend": "list_extend",
                "index": "list_index", "reverse": "list_reverse", "sort": "list_sort"}
DICT_METHODS = {"get": "dict_get", "setdefault": "dict_setdefault", "pop": "dict_pop",
                "keys": "dict_keys", "values": "dict_values", "items": "dict_items"}
# Optional trailing arguments of string methods, filled with what Python assumes, after
# the number of required ones.
STRING_DEFAULTS: dict[str, tuple[int, list[Any]]] = {
    "split": (0, [None]), "strip": (0, [None]), "lstrip": (0, [None]),
    "rstrip": (0, [None]), "find": (1, [0, "maxint"]), "rfind": (1, [0, "maxint"]),
}


def lower_method(rtyper: RTyper, op: SpaceOperation, s_obj: SomeValue, name: str,
                 args: list[Value]) -> None:
    result = op.result
    if isinstance(s_obj, SomeObject) and isinstance(s_obj.const, rawmem.FuncSig):
        sig = s_obj.const
        call_args = [args[1]] + [
            to_float(rtyper, a, rtyper.binding(a)) if kind == rawmem.DOUBLE else a
            for a, kind in zip(args[2:], sig.args)]
        rtyper.emit("raw_call", [Constant(sig), *call_args], result)
        return
    if isinstance(s_obj, SomeList):
        if name == "pop":
            rtyper.emit("list_pop" if len(args) == 1 else "list_pop_at", args, result)
        else:
            rtyper.emit(LIST_METHODS[name], args, result)
        return
    if isinstance(s_obj, SomeString):
        lower_string_method(rtyper, name, args, result)
        return
    if name == "get" and len(args) == 2:
        args = [*args, Constant(None)]
    rtyper.emit(DICT_METHODS[name], args, result)


def lower_string_method(rtyper: RTyper, name: str, args: list[Value],
                        result: Variable) -> None:
    if name in ("encode", "decode"):
        rtyper.emit("same_as", [args[0]], result)  # both kinds are bytes after translation
        return
    if name == "join":
        rtyper.emit("str_join", args, result)
        return
    required, defaults = STRING_DEFAULTS.get(name, (0, []))
    for default in defaults[len(args) - 1 - required:]:
        if default == "maxint":
            args.append(Constant(rtyper.ann.int_max, Signed))
        elif default is None:
            args.append(Constant(None, STR))
        else:
            args.append(Constant(default, Signed))
    rtyper.emit("ccall", [Constant(f"kiln_str_{name}"), *args], result)


# -- %-formatting -------------------------------------------------------------------

def lower_format(rtyper: RTyper, op: SpaceOperation, fmt: Value, value: Value,
                 s_value: SomeValue) -> None:
    """`"..." % x` with a constant format: the pieces are converted and joined."""
    if not isinstance(fmt, Constant):
        raise rtyper.error("'%' formatting needs a constant format string")
    if isinstance(s_value, SomeTuple):
        values = [rtyper.emit("tuple_getitem", [value, Constant(i, Signed)],
                              rtype=rtyper.lowleveltype(s))
                  for i, s in enumerate(s_value.items)]
        values_s = list(s_value.items)
    else:
        values, values_s = [value], [s_value]
    pieces: list[Value] = []
    text = fmt.value
    literal, i, used = [], 0, 0
    while i < len(text):
        c = text[i]
        if c != "%":
            literal.append(c)
            i += 1
            continue
        if i + 1 >= len(text):
            raise rtyper.error("incomplete format: a '%' at the end")
        spec = text[i + 1]
        i += 2
        if spec == "%":
            literal.append("%")
            continue
        if literal:
            pieces.append(Constant("".join(literal), STR))
            literal = []
        if used >= len(values):
            raise rtyper.error(f"not enough arguments for the format string {text!r}")
        v, s = values[used], values_s[used]
        used += 1
        pieces.append(format_one(rtyper, spec, v, s, text))
    if literal:
        pieces.append(Constant("".join(literal), STR))
    if used != len(values):
        raise rtyper.error(f"not all arguments converted by the format string {text!r}")
    listing = rtyper.emit("list_new", pieces, rtype=rtyper.str_list_type())
    rtyper.emit("str_join", [Constant("", STR), listing], op.result)


def format_one(rtyper: RTyper, spec: str, v: Value, s: SomeValue, text: str) -> Value:
    if spec == "s":
        return to_str(rtyper, v, s)
    if spec == "r":
        return to_str(rtyper, v, s, use_repr=True)
    if spec == "d":
        if isinstance(s, SomeFloat):
            v = rtyper.emit("ccall", [Constant("kiln_float_to_int"), v], rtype=Signed)
        return rtyper.emit("ccall", [Constant("kiln_str_from_int"), v], rtype=STR)
    if spec == "x":
        return rtyper.emit("ccall", [Constant("kiln_str_hex"), v], rtype=STR)
    if spec == "f":
        return rtyper.emit("ccall", [Constant("kiln_str_fixed"), to_float(rtyper, v, s)],
                           rtype=STR)
    raise rtyper.error(f"unsupported format '%{spec}' in {text!r} (use %d %s %x %f %r)")

