"""Ember's operators: arithmetic, comparison, indexing and iteration on boxed values.

The int-int and float-float cases come first because they are the hot ones; every
operation a guest program can misuse raises a guest TypeError (or ZeroDivisionError,
IndexError, KeyError) instead of failing in the host.
"""

import math

from em_objects import (
    W_Dict, W_Float, W_Int, W_Iterator, W_List, W_ListIterator, W_RangeIterator, W_Str,
    W_StrIterator, error, quote, wrap_bool,
)


def type_error(what, w_a, w_b):
    return error("TypeError", "unsupported operand types for " + what + ": " +
                 w_a.type_name() + " and " + w_b.type_name())


def float_of(w_value):
    """The value of an int or float as a float; None for anything else."""
    if isinstance(w_value, W_Float):
        return w_value
    if isinstance(w_value, W_Int):
        return W_Float(float(w_value.value))
    return None


def add(w_a, w_b):
    if isinstance(w_a, W_Int) and isinstance(w_b, W_Int):
        return W_Int(w_a.value + w_b.value)
    if isinstance(w_a, W_Str) and isinstance(w_b, W_Str):
        return W_Str(w_a.value + w_b.value)
    if isinstance(w_a, W_List) and isinstance(w_b, W_List):
        return W_List(w_a.items + w_b.items)
    w_fa = float_of(w_a)
    w_fb = float_of(w_b)
    if w_fa is None or w_fb is None:
        raise type_error("+", w_a, w_b)
    return W_Float(w_fa.value + w_fb.value)


def sub(w_a, w_b):
    if isinstance(w_a, W_Int) and isinstance(w_b, W_Int):
        return W_Int(w_a.value - w_b.value)
    w_fa = float_of(w_a)
    w_fb = float_of(w_b)
    if w_fa is None or w_fb is None:
        raise type_error("-", w_a, w_b)
    return W_Float(w_fa.value - w_fb.value)


def repeat(items, count):
    result = []
    for _ in range(count):
        for w_item in items:
            result.append(w_item)
    return result


def mul(w_a, w_b):
    if isinstance(w_a, W_Int) and isinstance(w_b, W_Int):
        return W_Int(w_a.value * w_b.value)
    if isinstance(w_a, W_Str) and isinstance(w_b, W_Int):
        parts = []
        for _ in range(w_b.value):
            parts.append(w_a.value)
        return W_Str("".join(parts))
    if isinstance(w_a, W_List) and isinstance(w_b, W_Int):
        return W_List(repeat(w_a.items, w_b.value))
    w_fa = float_of(w_a)
    w_fb = float_of(w_b)
    if w_fa is None or w_fb is None:
        raise type_error("*", w_a, w_b)
    return W_Float(w_fa.value * w_fb.value)


def div(w_a, w_b):
    w_fa = float_of(w_a)
    w_fb = float_of(w_b)
    if w_fa is None or w_fb is None:
        raise type_error("/", w_a, w_b)
    if w_fb.value == 0.0:
        raise error("ZeroDivisionError", "division by zero")
    return W_Float(w_fa.value / w_fb.value)


def float_floordiv(a, b):
    # float(): CPython's math.floor gives an int, the subset's a float.
    return float(math.floor(a / b))


def floordiv(w_a, w_b):
    if isinstance(w_a, W_Int) and isinstance(w_b, W_Int):
        if w_b.value == 0:
            raise error("ZeroDivisionError", "integer division by zero")
        return W_Int(w_a.value // w_b.value)
    w_fa = float_of(w_a)
    w_fb = float_of(w_b)
    if w_fa is None or w_fb is None:
        raise type_error("//", w_a, w_b)
    if w_fb.value == 0.0:
        raise error("ZeroDivisionError", "division by zero")
    return W_Float(float_floordiv(w_fa.value, w_fb.value))


def mod(w_a, w_b):
    if isinstance(w_a, W_Int) and isinstance(w_b, W_Int):
        if w_b.value == 0:
            raise error("ZeroDivisionError", "integer modulo by zero")
        return W_Int(w_a.value % w_b.value)
    w_fa = float_of(w_a)
    w_fb = float_of(w_b)
    if w_fa is None or w_fb is None:
        raise type_error("%", w_a, w_b)
    if w_fb.value == 0.0:
        raise error("ZeroDivisionError", "modulo by zero")
    # a - floor(a/b)*b, the same formula on every platform, rather than C's fmod
    # (which truncates) patched up: the result takes the divisor's sign.
    a = w_fa.value
    b = w_fb.value
    return W_Float(a - float_floordiv(a, b) * b)


def neg(w_a):
    if isinstance(w_a, W_Int):
        return W_Int(-w_a.value)
    if isinstance(w_a, W_Float):
        return W_Float(-w_a.value)
    raise error("TypeError", "bad operand type for unary -: " + w_a.type_name())


def equals(w_a, w_b):
    if w_a is w_b:
        return True
    if isinstance(w_a, W_List) and isinstance(w_b, W_List):
        if len(w_a.items) != len(w_b.items):
            return False
        for i in range(len(w_a.items)):
            if not equals(w_a.items[i], w_b.items[i]):
                return False
        return True
    return w_a.equals(w_b)


def compare(w_a, w_b, what):
    """-1, 0 or 1 for numbers or strings (NaN compares equal: sorting uses this,
    the comparison operators test floats directly); a TypeError otherwise."""
    if isinstance(w_a, W_Int) and isinstance(w_b, W_Int):
        if w_a.value < w_b.value:
            return -1
        if w_a.value > w_b.value:
            return 1
        return 0
    if isinstance(w_a, W_Str) and isinstance(w_b, W_Str):
        if w_a.value < w_b.value:
            return -1
        if w_a.value > w_b.value:
            return 1
        return 0
    w_fa = float_of(w_a)
    w_fb = float_of(w_b)
    if w_fa is None or w_fb is None:
        raise type_error(what, w_a, w_b)
    if w_fa.value < w_fb.value:
        return -1
    if w_fa.value > w_fb.value:
        return 1
    return 0


def lt(w_a, w_b):
    if isinstance(w_a, W_Int) and isinstance(w_b, W_Int):
        return wrap_bool(w_a.value < w_b.value)
    w_fa = float_of(w_a)
    w_fb = float_of(w_b)
    if w_fa is not None and w_fb is not None:
        return wrap_bool(w_fa.value < w_fb.value)
    return wrap_bool(compare(w_a, w_b, "<") < 0)


def le(w_a, w_b):
    if isinstance(w_a, W_Int) and isinstance(w_b, W_Int):
        return wrap_bool(w_a.value <= w_b.value)
    w_fa = float_of(w_a)
    w_fb = float_of(w_b)
    if w_fa is not None and w_fb is not None:
        return wrap_bool(w_fa.value <= w_fb.value)
    return wrap_bool(compare(w_a, w_b, "<=") <= 0)


def gt(w_a, w_b):
    if isinstance(w_a, W_Int) and isinstance(w_b, W_Int):
        return wrap_bool(w_a.value > w_b.value)
    w_fa = float_of(w_a)
    w_fb = float_of(w_b)
    if w_fa is not None and w_fb is not None:
        return wrap_bool(w_fa.value > w_fb.value)
    return wrap_bool(compare(w_a, w_b, ">") > 0)


def ge(w_a, w_b):
    if isinstance(w_a, W_Int) and isinstance(w_b, W_Int):
        return wrap_bool(w_a.value >= w_b.value)
    w_fa = float_of(w_a)
    w_fb = float_of(w_b)
    if w_fa is not None and w_fb is not None:
        return wrap_bool(w_fa.value >= w_fb.value)
    return wrap_bool(compare(w_a, w_b, ">=") >= 0)


def contains(w_container, w_item):
    if isinstance(w_container, W_List):
        for w_element in w_container.items:
            if equals(w_element, w_item):
                return True
        return False
    if isinstance(w_container, W_Dict):
        return w_container.slot(w_item) >= 0
    if isinstance(w_container, W_Str):
        if not isinstance(w_item, W_Str):
            raise error("TypeError", "'in <str>' needs a str, not " + w_item.type_name())
        return w_container.value.find(w_item.value) >= 0
    raise error("TypeError", "'in' is not supported by " + w_container.type_name())


def check_index(w_index, length, what):
    """A valid position for a sequence of `length`; negative indices count from the end."""
    if not isinstance(w_index, W_Int):
        raise error("TypeError", what + " indices must be int, not " + w_index.type_name())
    index = w_index.value
    if index < 0:
        index += length
    if index < 0 or index >= length:
        raise error("IndexError", what + " index " + str(w_index.value) + " out of range")
    return index


def key_repr(w_key):
    """A dict key as printed in a KeyError (keys are ints or strs)."""
    if isinstance(w_key, W_Str):
        return quote(w_key.value)
    if isinstance(w_key, W_Int):
        return str(w_key.value)
    return w_key.type_name()


def get_index(w_container, w_index):
    if isinstance(w_container, W_List):
        return w_container.items[check_index(w_index, len(w_container.items), "list")]
    if isinstance(w_container, W_Dict):
        w_value = w_container.get(w_index)
        if w_value is None:
            raise error("KeyError", key_repr(w_index))
        return w_value
    if isinstance(w_container, W_Str):
        index = check_index(w_index, len(w_container.value), "str")
        return W_Str(w_container.value[index])
    raise error("TypeError", w_container.type_name() + " is not indexable")


def set_index(w_container, w_index, w_value):
    if isinstance(w_container, W_List):
        w_container.items[check_index(w_index, len(w_container.items), "list")] = w_value
    elif isinstance(w_container, W_Dict):
        w_container.set(w_index, w_value)
    else:
        raise error("TypeError", w_container.type_name() + " does not support item assignment")


def get_iter(w_value):
    if isinstance(w_value, W_List):
        return W_ListIterator(w_value)
    if isinstance(w_value, W_Dict):
        return W_ListIterator(W_List(w_value.live_keys()))
    if isinstance(w_value, W_Str):
        return W_StrIterator(w_value.value)
    if isinstance(w_value, W_Iterator):
        return w_value
    raise error("TypeError", w_value.type_name() + " is not iterable")


def make_range(start, stop, step):
    if step == 0:
        raise error("ValueError", "range() step must not be zero")
    return W_RangeIterator(start, stop, step)
