"""Ember's built-in functions and the methods of its built-in types.

A built-in function is a `W_Builtin` whose `index` selects a branch of
`call_builtin`; methods of lists, strs and dicts are selected by name in
`call_type_method`.  Text handling is ASCII-only on purpose (upper, lower, isdigit,
...): the same bytes come out on CPython and translated, whatever the host's locale.
"""

import math
import os
import time

from em_objects import (
    NIL, W_Class, W_Dict, W_Float, W_Instance, W_Int, W_Iterator, W_List, W_Str,
    error, quote, wrap_bool,
)
import em_ops

BUILTIN_NAMES = ["print", "write", "str", "int", "float", "len", "type", "range",
                 "sqrt", "floor", "abs", "chr", "ord", "readline", "args", "clock",
                 "isinstance", "round", "exit", "min", "max", "pow", "list", "assert",
                 "sin", "cos"]

PRINT = 0
WRITE = 1
STR = 2
INT = 3
FLOAT = 4
LEN = 5
TYPE = 6
RANGE = 7
SQRT = 8
FLOOR = 9
ABS = 10
CHR = 11
ORD = 12
READLINE = 13
ARGS = 14
CLOCK = 15
ISINSTANCE = 16
ROUND = 17
EXIT = 18
MIN = 19
MAX = 20
POW = 21
LIST = 22
ASSERT = 23
SIN = 24
COS = 25


class ExitProgram(Exception):
    """`exit(status)`: unwinds every guest frame to the entry point."""

    def __init__(self, status):
        self.status = status


def arity(name, args, low, high):
    if len(args) < low or len(args) > high:
        expected = str(low)
        if high > low:
            expected = str(low) + " to " + str(high)
        raise error("TypeError", name + "() takes " + expected + " arguments (" +
                    str(len(args)) + " given)")


def int_arg(name, w_value):
    if not isinstance(w_value, W_Int):
        raise error("TypeError", name + "() needs an int, not " + w_value.type_name())
    return w_value.value


def str_arg(name, w_value):
    if not isinstance(w_value, W_Str):
        raise error("TypeError", name + "() needs a str, not " + w_value.type_name())
    return w_value.value


def float_arg(name, w_value):
    w_float = em_ops.float_of(w_value)
    if w_float is None:
        raise error("TypeError", name + "() needs a number, not " + w_value.type_name())
    return w_float.value


def list_arg(name, w_value):
    if not isinstance(w_value, W_List):
        raise error("TypeError", name + "() needs a list, not " + w_value.type_name())
    return w_value.items


def parse_int(text):
    """Decimal digits with an optional sign and surrounding blanks; ValueError
    otherwise (the same rules on every platform)."""
    stripped = strip(text)
    start = 0
    negative = False
    if len(stripped) > 0 and (stripped[0] == "-" or stripped[0] == "+"):
        negative = stripped[0] == "-"
        start = 1
    if start >= len(stripped):
        raise error("ValueError", "invalid int: " + quote(text))
    value = 0
    for i in range(start, len(stripped)):
        c = stripped[i]
        if not is_digit(c):
            raise error("ValueError", "invalid int: " + quote(text))
        value = value * 10 + (ord(c) - 48)
    if negative:
        return -value
    return value


def parse_float(text):
    stripped = strip(text)
    if len(stripped) == 0:
        raise error("ValueError", "invalid float: " + quote(text))
    digits = 0
    for c in stripped:
        if is_digit(c):
            digits += 1
        elif c != "." and c != "e" and c != "E" and c != "-" and c != "+":
            raise error("ValueError", "invalid float: " + quote(text))
    if digits == 0:
        raise error("ValueError", "invalid float: " + quote(text))
    try:
        return float(stripped)
    except ValueError:
        raise error("ValueError", "invalid float: " + quote(text))


def is_digit(c):
    return c >= "0" and c <= "9"


def is_alpha(c):
    return (c >= "a" and c <= "z") or (c >= "A" and c <= "Z")


def is_space(c):
    return c == " " or c == "\t" or c == "\n" or c == "\r"


def strip(text):
    start = 0
    stop = len(text)
    while start < stop and is_space(text[start]):
        start += 1
    while stop > start and is_space(text[stop - 1]):
        stop -= 1
    return text[start:stop]


def to_upper(text):
    parts = []
    for c in text:
        if c >= "a" and c <= "z":
            parts.append(chr(ord(c) - 32))
        else:
            parts.append(c)
    return "".join(parts)


def to_lower(text):
    parts = []
    for c in text:
        if c >= "A" and c <= "Z":
            parts.append(chr(ord(c) + 32))
        else:
            parts.append(c)
    return "".join(parts)


def all_chars(text, kind):
    """isdigit / isalpha / isspace of a whole str (false when empty)."""
    if len(text) == 0:
        return False
    for c in text:
        if kind == 0 and not is_digit(c):
            return False
        if kind == 1 and not is_alpha(c):
            return False
        if kind == 2 and not is_space(c):
            return False
    return True


def split(text, sep):
    """str.split: on runs of blanks when `sep` is empty, else on every `sep`."""
    parts = []
    if len(sep) == 0:
        start = -1
        for i in range(len(text)):
            if is_space(text[i]):
                if start >= 0:
                    parts.append(W_Str(text[start:i]))
                    start = -1
            elif start < 0:
                start = i
        if start >= 0:
            parts.append(W_Str(text[start:len(text)]))
        return parts
    start = 0
    while True:
        found = text.find(sep, start)
        if found < 0:
            break
        parts.append(W_Str(text[start:found]))
        start = found + len(sep)
    parts.append(W_Str(text[start:len(text)]))
    return parts


def replace(text, old, new):
    if len(old) == 0:
        raise error("ValueError", "replace() of an empty str")
    parts = []
    start = 0
    while True:
        found = text.find(old, start)
        if found < 0:
            break
        parts.append(text[start:found])
        parts.append(new)
        start = found + len(old)
    parts.append(text[start:len(text)])
    return "".join(parts)


def clamp_slice(start, stop, length):
    """(start, stop) for slice(a, b): negative values count from the end; out of
    range values are clamped like Python's."""
    if start < 0:
        start += length
    if stop < 0:
        stop += length
    if start < 0:
        start = 0
    if stop > length:
        stop = length
    if stop < start:
        stop = start
    return start, stop


def round_to(value, digits):
    """`value` rounded half up to `digits` decimals: the quotient of two exactly
    representable numbers, so it prints as those decimals on every platform."""
    scale = 1.0
    for _ in range(digits):
        scale = scale * 10.0
    return math.floor(value * scale + 0.5) / scale


def merge_sort(items, what):
    """A stable sort of ints/floats or strs (`compare` raises TypeError for a mix)."""
    if len(items) <= 1:
        return items
    middle = len(items) // 2
    left = merge_sort(items[0:middle], what)
    right = merge_sort(items[middle:len(items)], what)
    result = []
    i = 0
    j = 0
    while i < len(left) and j < len(right):
        if em_ops.compare(right[j], left[i], what) < 0:
            result.append(right[j])
            j += 1
        else:
            result.append(left[i])
            i += 1
    while i < len(left):
        result.append(left[i])
        i += 1
    while j < len(right):
        result.append(right[j])
        j += 1
    return result


def min_max(name, args, want_max):
    items = args
    if len(args) == 1:
        items = list_arg(name, args[0])
    if len(items) == 0:
        raise error("ValueError", name + "() of an empty list")
    w_best = items[0]
    for w_item in items:
        order = em_ops.compare(w_item, w_best, name)
        if (want_max and order > 0) or (not want_max and order < 0):
            w_best = w_item
    return w_best


def call_builtin(vm, index, args):
    if index == PRINT or index == WRITE:
        parts = []
        for w_arg in args:
            parts.append(w_arg.to_str(vm))
        vm.write(" ".join(parts))
        if index == PRINT:
            vm.write("\n")
        return NIL
    if index == STR:
        arity("str", args, 1, 1)
        return W_Str(args[0].to_str(vm))
    if index == INT:
        arity("int", args, 1, 1)
        w_arg = args[0]
        if isinstance(w_arg, W_Int):
            return w_arg
        if isinstance(w_arg, W_Float):
            value = w_arg.value
            if math.isnan(value) or math.isinf(value):
                raise error("ValueError", "cannot convert " + str(value) + " to int")
            return W_Int(int(value))
        if isinstance(w_arg, W_Str):
            return W_Int(parse_int(w_arg.value))
        raise error("TypeError", "int() of " + w_arg.type_name())
    if index == FLOAT:
        arity("float", args, 1, 1)
        w_arg = args[0]
        if isinstance(w_arg, W_Str):
            return W_Float(parse_float(w_arg.value))
        return W_Float(float_arg("float", w_arg))
    if index == LEN:
        arity("len", args, 1, 1)
        w_arg = args[0]
        if isinstance(w_arg, W_Str):
            return W_Int(len(w_arg.value))
        if isinstance(w_arg, W_List):
            return W_Int(len(w_arg.items))
        if isinstance(w_arg, W_Dict):
            return W_Int(w_arg.count)
        raise error("TypeError", "len() of " + w_arg.type_name())
    if index == TYPE:
        arity("type", args, 1, 1)
        return W_Str(args[0].type_name())
    if index == RANGE:
        arity("range", args, 1, 3)
        if len(args) == 1:
            return em_ops.make_range(0, int_arg("range", args[0]), 1)
        step = 1
        if len(args) == 3:
            step = int_arg("range", args[2])
        return em_ops.make_range(int_arg("range", args[0]), int_arg("range", args[1]),
                                 step)
    if index == SQRT:
        arity("sqrt", args, 1, 1)
        value = float_arg("sqrt", args[0])
        if value < 0.0:
            raise error("ValueError", "sqrt() of a negative number")
        return W_Float(math.sqrt(value))
    if index == FLOOR:
        arity("floor", args, 1, 1)
        if isinstance(args[0], W_Int):
            return args[0]
        return W_Float(float(math.floor(float_arg("floor", args[0]))))
    if index == ABS:
        arity("abs", args, 1, 1)
        w_arg = args[0]
        if isinstance(w_arg, W_Int):
            if w_arg.value < 0:
                return W_Int(-w_arg.value)
            return w_arg
        return W_Float(math.fabs(float_arg("abs", w_arg)))
    if index == CHR:
        arity("chr", args, 1, 1)
        code = int_arg("chr", args[0])
        if code < 0 or code > 255:
            raise error("ValueError", "chr() argument not in 0..255")
        return W_Str(chr(code))
    if index == ORD:
        arity("ord", args, 1, 1)
        text = str_arg("ord", args[0])
        if len(text) != 1:
            raise error("TypeError", "ord() needs a str of length 1")
        return W_Int(ord(text[0]))
    if index == READLINE:
        arity("readline", args, 0, 0)
        return vm.readline()
    if index == ARGS:
        arity("args", args, 0, 0)
        items = []
        for arg in vm.args:
            items.append(W_Str(arg))
        return W_List(items)
    if index == CLOCK:
        arity("clock", args, 0, 0)
        return W_Float(time.time())
    if index == ISINSTANCE:
        arity("isinstance", args, 2, 2)
        w_class = args[1]
        if not isinstance(w_class, W_Class):
            raise error("TypeError", "isinstance() needs a class, not " +
                        w_class.type_name())
        w_obj = args[0]
        return wrap_bool(isinstance(w_obj, W_Instance) and
                         w_obj.w_class.is_subclass_of(w_class))
    if index == ROUND:
        arity("round", args, 1, 2)
        digits = 0
        if len(args) == 2:
            digits = int_arg("round", args[1])
        value = float_arg("round", args[0])
        if len(args) == 1:
            return W_Int(int(math.floor(value + 0.5)))
        return W_Float(round_to(value, digits))
    if index == EXIT:
        arity("exit", args, 0, 1)
        status = 0
        if len(args) == 1:
            status = int_arg("exit", args[0])
        raise ExitProgram(status)
    if index == MIN:
        return min_max("min", args, False)
    if index == MAX:
        return min_max("max", args, True)
    if index == POW:
        arity("pow", args, 2, 2)
        w_base = args[0]
        w_exp = args[1]
        if isinstance(w_base, W_Int) and isinstance(w_exp, W_Int) and w_exp.value >= 0:
            result = 1
            for _ in range(w_exp.value):
                result = result * w_base.value
            return W_Int(result)
        return W_Float(math.pow(float_arg("pow", w_base), float_arg("pow", w_exp)))
    if index == LIST:
        arity("list", args, 1, 1)
        iterator = em_ops.get_iter(args[0])
        items = []
        while True:
            w_item = iterator.next()
            if w_item is None:
                break
            items.append(w_item)
        return W_List(items)
    if index == ASSERT:
        arity("assert", args, 1, 2)
        if not args[0].is_true():
            message = "assertion failed"
            if len(args) == 2:
                message = args[1].to_str(vm)
            raise error("AssertionError", message)
        return NIL
    if index == SIN:
        arity("sin", args, 1, 1)
        return W_Float(math.sin(float_arg("sin", args[0])))
    arity("cos", args, 1, 1)
    return W_Float(math.cos(float_arg("cos", args[0])))


def list_method(vm, w_list, name, args):
    items = w_list.items
    if name == "append":
        arity(name, args, 1, 1)
        items.append(args[0])
        return NIL
    if name == "pop":
        arity(name, args, 0, 1)
        if len(items) == 0:
            raise error("IndexError", "pop from an empty list")
        index = len(items) - 1
        if len(args) == 1:
            index = em_ops.check_index(args[0], len(items), "list")
        return items.pop(index)
    if name == "insert":
        arity(name, args, 2, 2)
        index = int_arg(name, args[0])
        if index < 0:
            index += len(items)
        if index < 0:
            index = 0
        if index > len(items):
            index = len(items)
        items.insert(index, args[1])
        return NIL
    if name == "extend":
        arity(name, args, 1, 1)
        for w_item in list_arg(name, args[0]):
            items.append(w_item)
        return NIL
    if name == "index":
        arity(name, args, 1, 1)
        for i in range(len(items)):
            if em_ops.equals(items[i], args[0]):
                return W_Int(i)
        raise error("ValueError", args[0].repr(vm) + " is not in the list")
    if name == "reverse":
        arity(name, args, 0, 0)
        items.reverse()
        return NIL
    if name == "sort":
        arity(name, args, 0, 0)
        w_list.items = merge_sort(items, "sort")
        return NIL
    if name == "slice":
        arity(name, args, 2, 2)
        start, stop = clamp_slice(int_arg(name, args[0]), int_arg(name, args[1]),
                                  len(items))
        return W_List(items[start:stop])
    if name == "copy":
        arity(name, args, 0, 0)
        return W_List(items[0:len(items)])
    raise error("AttributeError", "list has no method '" + name + "'")


def str_method(vm, text, name, args):
    if name == "split":
        arity(name, args, 0, 1)
        sep = ""
        if len(args) == 1:
            sep = str_arg(name, args[0])
            if len(sep) == 0:
                raise error("ValueError", "split() with an empty separator")
        return W_List(split(text, sep))
    if name == "join":
        arity(name, args, 1, 1)
        parts = []
        for w_item in list_arg(name, args[0]):
            parts.append(str_arg(name, w_item))
        return W_Str(text.join(parts))
    if name == "upper":
        arity(name, args, 0, 0)
        return W_Str(to_upper(text))
    if name == "lower":
        arity(name, args, 0, 0)
        return W_Str(to_lower(text))
    if name == "strip":
        arity(name, args, 0, 0)
        return W_Str(strip(text))
    if name == "find":
        arity(name, args, 1, 1)
        return W_Int(text.find(str_arg(name, args[0])))
    if name == "replace":
        arity(name, args, 2, 2)
        return W_Str(replace(text, str_arg(name, args[0]), str_arg(name, args[1])))
    if name == "startswith":
        arity(name, args, 1, 1)
        prefix = str_arg(name, args[0])
        return wrap_bool(text[0:len(prefix)] == prefix)
    if name == "endswith":
        arity(name, args, 1, 1)
        suffix = str_arg(name, args[0])
        return wrap_bool(len(suffix) <= len(text) and
                         text[len(text) - len(suffix):len(text)] == suffix)
    if name == "slice":
        arity(name, args, 2, 2)
        start, stop = clamp_slice(int_arg(name, args[0]), int_arg(name, args[1]),
                                  len(text))
        return W_Str(text[start:stop])
    if name == "isdigit":
        arity(name, args, 0, 0)
        return wrap_bool(all_chars(text, 0))
    if name == "isalpha":
        arity(name, args, 0, 0)
        return wrap_bool(all_chars(text, 1))
    if name == "isspace":
        arity(name, args, 0, 0)
        return wrap_bool(all_chars(text, 2))
    raise error("AttributeError", "str has no method '" + name + "'")


def dict_method(vm, w_dict, name, args):
    if name == "get":
        arity(name, args, 1, 2)
        w_value = w_dict.get(args[0])
        if w_value is not None:
            return w_value
        if len(args) == 2:
            return args[1]
        return NIL
    if name == "keys":
        arity(name, args, 0, 0)
        return W_List(w_dict.live_keys())
    if name == "values":
        arity(name, args, 0, 0)
        return W_List(w_dict.live_values())
    if name == "items":
        arity(name, args, 0, 0)
        pairs = []
        for i in range(len(w_dict.keys)):
            w_key = w_dict.keys[i]
            if w_key is not None:
                pairs.append(W_List([w_key, w_dict.values[i]]))
        return W_List(pairs)
    if name == "remove":
        arity(name, args, 1, 1)
        if not w_dict.delete(args[0]):
            raise error("KeyError", em_ops.key_repr(args[0]))
        return NIL
    raise error("AttributeError", "dict has no method '" + name + "'")


def call_type_method(vm, w_receiver, name, args):
    """`receiver.name(args)` for a receiver that is not an instance or a class."""
    if isinstance(w_receiver, W_List):
        return list_method(vm, w_receiver, name, args)
    if isinstance(w_receiver, W_Str):
        return str_method(vm, w_receiver.value, name, args)
    if isinstance(w_receiver, W_Dict):
        return dict_method(vm, w_receiver, name, args)
    if isinstance(w_receiver, W_Iterator) and name == "next":
        arity(name, args, 0, 0)
        w_item = w_receiver.next()
        if w_item is None:
            return NIL
        return w_item
    raise error("AttributeError", w_receiver.type_name() + " has no method '" + name + "'")


def read_all(fd):
    chunks = []
    while True:
        chunk = os.read(fd, 65536)
        if len(chunk) == 0:
            break
        chunks.append(chunk)
    return b"".join(chunks)
