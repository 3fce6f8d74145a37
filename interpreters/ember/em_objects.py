"""Ember's run-time values: one boxed class per guest type, RPython style.

Every guest value is a `W_Root`; the VM only ever holds `W_Root` variables and asks
the value itself (virtual methods) for truth, display, equality and hashing, so each
variable keeps one static type when translated.  Guest errors travel as the one
Python exception `GuestError`.
"""

from toolchain.rlib.jit import elidable, promote


def quote(value):
    """A string as a literal: in double quotes, with the escapes the lexer reads."""
    parts = ['"']
    for c in value:
        if c == '"':
            parts.append('\\"')
        elif c == "\\":
            parts.append("\\\\")
        elif c == "\n":
            parts.append("\\n")
        elif c == "\t":
            parts.append("\\t")
        else:
            parts.append(c)
    parts.append('"')
    return "".join(parts)


class GuestError(Exception):
    """A guest exception in flight.  Errors raised by the runtime carry only `kind`
    and `message`; the VM turns them into an instance of the guest class `kind` when
    a guest handler (or the top level) first looks at them."""

    def __init__(self, w_value, kind, message):
        self.w_value = w_value
        self.kind = kind
        self.message = message
        self.line = 0
        self.where = ""


def error(kind, message):
    return GuestError(None, kind, message)


class W_Root:
    def type_name(self):
        return "object"

    def is_true(self):
        return True

    def to_str(self, vm):
        """What `print` and `str()` show."""
        return self.repr(vm)

    def repr(self, vm):
        """What the value looks like inside a printed list or dict."""
        return "<" + self.type_name() + ">"

    def equals(self, other):
        return self is other


class W_Nil(W_Root):
    def type_name(self):
        return "nil"

    def is_true(self):
        return False

    def repr(self, vm):
        return "nil"


class W_Unbound(W_Root):
    """The value of a variable not assigned yet; programs never see it (reading one is
    a NameError), and it keeps None out of the VM's variables."""


class W_Bool(W_Root):
    _immutable_fields_ = ["value"]

    def __init__(self, value):
        self.value = value

    def type_name(self):
        return "bool"

    def is_true(self):
        return self.value

    def repr(self, vm):
        if self.value:
            return "true"
        return "false"


class W_Int(W_Root):
    _immutable_fields_ = ["value"]

    def __init__(self, value):
        self.value = value

    def type_name(self):
        return "int"

    def is_true(self):
        return self.value != 0

    def repr(self, vm):
        return str(self.value)

    def equals(self, other):
        if isinstance(other, W_Int):
            return self.value == other.value
        if isinstance(other, W_Float):
            return float(self.value) == other.value
        return False


class W_Float(W_Root):
    _immutable_fields_ = ["value"]

    def __init__(self, value):
        self.value = value

    def type_name(self):
        return "float"

    def is_true(self):
        return self.value != 0.0

    def repr(self, vm):
        return str(self.value)

    def equals(self, other):
        if isinstance(other, W_Float):
            return self.value == other.value
        if isinstance(other, W_Int):
            return self.value == float(other.value)
        return False


class W_Str(W_Root):
    _immutable_fields_ = ["value"]

    def __init__(self, value):
        self.value = value

    def type_name(self):
        return "str"

    def is_true(self):
        return len(self.value) > 0

    def to_str(self, vm):
        return self.value

    def repr(self, vm):
        return quote(self.value)

    def equals(self, other):
        if isinstance(other, W_Str):
            return self.value == other.value
        return False


class W_List(W_Root):
    def __init__(self, items):
        self.items = items

    def type_name(self):
        return "list"

    def is_true(self):
        return len(self.items) > 0

    def repr(self, vm):
        parts = []
        for w_item in self.items:
            parts.append(w_item.repr(vm))
        return "[" + ", ".join(parts) + "]"


class W_Dict(W_Root):
    """An insertion-ordered dict whose keys are guest ints or strs.

    Two native dicts map a key to its slot in the parallel `keys`/`values` lists, one
    per key type, because a native dict's keys must all have one type.  A deleted slot
    keeps None until `compact` drops the holes."""

    def __init__(self):
        self.by_int = {}
        self.by_str = {}
        self.keys = []
        self.values = []
        self.count = 0

    def type_name(self):
        return "dict"

    def is_true(self):
        return self.count > 0

    def repr(self, vm):
        parts = []
        for i in range(len(self.keys)):
            w_key = self.keys[i]
            if w_key is not None:
                parts.append(w_key.repr(vm) + ": " + self.values[i].repr(vm))
        return "{" + ", ".join(parts) + "}"

    def slot(self, w_key):
        """The slot of `w_key`, or -1 when absent."""
        if isinstance(w_key, W_Str):
            return self.by_str.get(w_key.value, -1)
        if isinstance(w_key, W_Int):
            return self.by_int.get(w_key.value, -1)
        raise error("TypeError", "dict keys must be int or str, not " + w_key.type_name())

    def get(self, w_key):
        """The value stored under `w_key`, or None when absent."""
        index = self.slot(w_key)
        if index < 0:
            return None
        return self.values[index]

    def set(self, w_key, w_value):
        index = self.slot(w_key)
        if index >= 0:
            self.values[index] = w_value
            return
        index = len(self.keys)
        if isinstance(w_key, W_Str):
            self.by_str[w_key.value] = index
        elif isinstance(w_key, W_Int):
            self.by_int[w_key.value] = index
        self.keys.append(w_key)
        self.values.append(w_value)
        self.count += 1

    def delete(self, w_key):
        """Removes `w_key`; False when it was absent."""
        index = self.slot(w_key)
        if index < 0:
            return False
        if isinstance(w_key, W_Str):
            del self.by_str[w_key.value]
        elif isinstance(w_key, W_Int):
            del self.by_int[w_key.value]
        self.keys[index] = None
        self.values[index] = NIL
        self.count -= 1
        # Compacting only when holes dominate keeps deletion amortised O(1).
        if len(self.keys) > 8 and self.count * 2 < len(self.keys):
            self.compact()
        return True

    def compact(self):
        keys = []
        values = []
        for i in range(len(self.keys)):
            w_key = self.keys[i]
            if w_key is not None:
                keys.append(w_key)
                values.append(self.values[i])
        self.keys = keys
        self.values = values
        self.by_int = {}
        self.by_str = {}
        for i in range(len(keys)):
            w_key = keys[i]
            if isinstance(w_key, W_Str):
                self.by_str[w_key.value] = i
            elif isinstance(w_key, W_Int):
                self.by_int[w_key.value] = i

    def live_keys(self):
        result = []
        for w_key in self.keys:
            if w_key is not None:
                result.append(w_key)
        return result

    def live_values(self):
        result = []
        for i in range(len(self.keys)):
            if self.keys[i] is not None:
                result.append(self.values[i])
        return result


class Code:
    """A compiled function body: the instructions and what they refer to."""

    _immutable_fields_ = ["ops[*]", "lines[*]", "consts[*]", "names[*]", "name",
                          "nparams", "nlocals", "stack_size"]

    def __init__(self, name, ops, lines, consts, names, nparams, nlocals, local_names,
                 stack_size):
        self.name = name
        self.ops = ops
        self.lines = lines
        self.consts = consts
        self.names = names
        self.nparams = nparams
        self.nlocals = nlocals
        self.local_names = local_names
        self.stack_size = stack_size


class W_Function(W_Root):
    _immutable_fields_ = ["code"]

    def __init__(self, code):
        self.code = code

    def type_name(self):
        return "function"

    def repr(self, vm):
        return "<fn " + self.code.name + ">"


class W_Builtin(W_Root):
    """A built-in function; `index` selects its implementation in em_builtins."""

    _immutable_fields_ = ["index", "name"]

    def __init__(self, index, name):
        self.index = index
        self.name = name

    def type_name(self):
        return "builtin"

    def repr(self, vm):
        return "<builtin " + self.name + ">"


class ClassTemplate(W_Root):
    """What MAKE_CLASS turns into a class: the name and the compiled methods."""

    _immutable_fields_ = ["name", "method_names[*]", "methods[*]"]

    def __init__(self, name, method_names, methods):
        self.name = name
        self.method_names = method_names
        self.methods = methods


class W_Class(W_Root):
    """A class.  It never changes once MAKE_CLASS has filled its methods in, so the
    JIT folds a lookup on a promoted class to the method (`lookup` is elidable)."""

    _immutable_fields_ = ["name", "w_super", "methods", "root_map"]

    def __init__(self, name, w_super):
        self.name = name
        self.w_super = w_super
        # Inherited methods are copied in when the class is made: a lookup is one dict
        # access.
        self.methods = {}
        self.root_map = Map([])

    def type_name(self):
        return "class"

    def repr(self, vm):
        return "<class " + self.name + ">"

    @elidable
    def lookup(self, name):
        return self.methods.get(name, None)

    @elidable
    def is_subclass_of(self, w_other):
        w_class = self
        while w_class is not None:
            if w_class is w_other:
                return True
            w_class = w_class.w_super
        return False


class Map:
    """The field layout shared by every instance that got the same fields in the same
    order (a hidden class): field name -> index into the instance's storage list.

    Instances keep a list instead of a dict of their own, which saves allocations,
    and the JIT can promote an instance's map to a constant and fold `index_of` and
    `with_field` (a transition, once made, is always the same map)."""

    _immutable_fields_ = ["names[*]", "indexes", "transitions"]

    def __init__(self, names):
        self.names = names
        self.indexes = {}
        for i in range(len(names)):
            self.indexes[names[i]] = i
        self.transitions = {}

    @elidable
    def index_of(self, name):
        return self.indexes.get(name, -1)

    @elidable
    def with_field(self, name):
        """The map of an instance of this map that gains the field `name`."""
        w_map = self.transitions.get(name, None)
        if w_map is None:
            w_map = Map(self.names + [name])
            self.transitions[name] = w_map
        return w_map


class W_Instance(W_Root):
    _immutable_fields_ = ["w_class"]

    def __init__(self, w_class):
        self.w_class = w_class
        self.map = w_class.root_map
        self.storage = []

    def get_field(self, name):
        """The field's value, or None when the instance has no such field."""
        index = promote(self.map).index_of(name)
        if index < 0:
            return None
        return self.storage[index]

    def set_field(self, name, w_value):
        index = promote(self.map).index_of(name)
        if index >= 0:
            self.storage[index] = w_value
            return
        self.map = self.map.with_field(name)
        self.storage.append(w_value)

    def type_name(self):
        return self.w_class.name

    def to_str(self, vm):
        return vm.instance_to_str(self)

    def repr(self, vm):
        return vm.instance_to_str(self)


class W_BoundMethod(W_Root):
    _immutable_fields_ = ["w_self", "w_function"]

    def __init__(self, w_self, w_function):
        self.w_self = w_self
        self.w_function = w_function

    def type_name(self):
        return "method"

    def repr(self, vm):
        return "<method " + self.w_function.code.name + ">"


class GlobalCell(W_Root):
    """The value of a global assigned more than once (see VM.store_global): stores go
    into the cell, so that they do not make the JIT's folded loads of globals stale."""

    def __init__(self, w_value):
        self.w_value = w_value


class VersionTag:
    """An identity: the VM takes a new one whenever a global slot gets another object."""


class W_Iterator(W_Root):
    """What `for` loops over; `next` returns None when exhausted."""

    def type_name(self):
        return "iterator"

    def next(self):
        raise NotImplementedError


class W_ListIterator(W_Iterator):
    """Reads the list as it is at each step, so appending while looping is seen."""

    _immutable_fields_ = ["w_list"]

    def __init__(self, w_list):
        self.w_list = w_list
        self.index = 0

    def next(self):
        if self.index >= len(self.w_list.items):
            return None
        w_item = self.w_list.items[self.index]
        self.index += 1
        return w_item


class W_StrIterator(W_Iterator):
    _immutable_fields_ = ["value"]

    def __init__(self, value):
        self.value = value
        self.index = 0

    def next(self):
        if self.index >= len(self.value):
            return None
        w_char = W_Str(self.value[self.index])
        self.index += 1
        return w_char


class W_RangeIterator(W_Iterator):
    _immutable_fields_ = ["stop", "step"]

    def __init__(self, current, stop, step):
        self.current = current
        self.stop = stop
        self.step = step

    def next(self):
        if self.step > 0:
            if self.current >= self.stop:
                return None
        elif self.current <= self.stop:
            return None
        w_item = W_Int(self.current)
        self.current += self.step
        return w_item


NIL = W_Nil()
UNBOUND = W_Unbound()
TRUE = W_Bool(True)
FALSE = W_Bool(False)


def wrap_bool(value):
    if value:
        return TRUE
    return FALSE
