"""The annotation lattice: what the annotator knows about each value.

`SomeImpossible` is the bottom ("no value reaches here yet"); `union` moves up the
lattice.  Containers and instances point at shared, mutable definitions (`ListDef`,
`DictDef`, `ClassDef`) so that a generalisation seen at one place reaches every place that
shares the container; the definitions remember who read them, and those readers are
re-flowed when the definition grows.

An annotation may carry `origin`: the source location that first produced it.  Type
clashes report the origins of both sides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from toolchain.flow.model import Location

if TYPE_CHECKING:
    from toolchain.annotator.classdef import ClassDef

NO_CONST = object()


class UnionError(Exception):
    def __init__(self, s1: SomeValue, s2: SomeValue) -> None:
        super().__init__(f"{s1.describe()} and {s2.describe()}")
        self.s1 = s1
        self.s2 = s2


class SomeValue:
    const: Any = NO_CONST
    origin: Location | None = None

    def is_constant(self) -> bool:
        return self.const is not NO_CONST

    def describe(self) -> str:
        raise NotImplementedError

    def same_kind(self, other: SomeValue) -> bool:
        return type(self) is type(other)

    def merge(self, other: SomeValue) -> SomeValue:
        """Union of two annotations of the same kind (const dropped if they differ)."""
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        # origin is provenance for error messages, not part of the type
        return type(self) is type(other) and _fields(self) == _fields(other)

    def __hash__(self) -> int:
        return hash(type(self))

    def __repr__(self) -> str:
        return self.describe()


def _fields(s: SomeValue) -> dict[str, Any]:
    return {k: v for k, v in s.__dict__.items() if k != "origin"}


class SomeImpossible(SomeValue):
    def describe(self) -> str:
        return "<nothing>"


class SomeInteger(SomeValue):
    def __init__(self, nonneg: bool = False, const: Any = NO_CONST,
                 origin: Location | None = None, unsigned: bool = False) -> None:
        self.nonneg = nonneg or unsigned
        self.const = const
        self.origin = origin
        self.unsigned = unsigned

    def describe(self) -> str:
        return "r_uint" if self.unsigned else "int"

    def same_kind(self, other: SomeValue) -> bool:
        return isinstance(other, SomeInteger)

    def merge(self, other: SomeValue) -> SomeValue:
        assert isinstance(other, SomeInteger)
        const = self.const if self.const == other.const and self.is_constant() else NO_CONST
        if isinstance(self, SomeBool) and isinstance(other, SomeBool):
            return SomeBool(const=const, origin=self.origin)
        return SomeInteger(nonneg=self.nonneg and other.nonneg, const=const,
                           origin=self.origin, unsigned=self.unsigned or other.unsigned)


class SomeBool(SomeInteger):
    def __init__(self, const: Any = NO_CONST, origin: Location | None = None) -> None:
        super().__init__(nonneg=True, const=const, origin=origin)
        self.unsigned = False

    def describe(self) -> str:
        return "bool"


class SomeFloat(SomeValue):
    def __init__(self, const: Any = NO_CONST, origin: Location | None = None) -> None:
        self.const = const
        self.origin = origin

    def describe(self) -> str:
        return "float"

    def merge(self, other: SomeValue) -> SomeValue:
        const = self.const if self.const == other.const else NO_CONST
        return SomeFloat(const, self.origin)


class SomeString(SomeValue):
    """A byte string; `kind` is "bytes" or "str" because indexing differs in Python 3
    (bytes[i] is an int, str[i] a one-character str).  Both translate to bytes."""

    def __init__(self, kind: str, can_be_none: bool = False, const: Any = NO_CONST,
                 origin: Location | None = None) -> None:
        self.kind = kind
        self.can_be_none = can_be_none
        self.const = const
        self.origin = origin

    def describe(self) -> str:
        return self.kind + (" or None" if self.can_be_none else "")

    def same_kind(self, other: SomeValue) -> bool:
        return isinstance(other, SomeString) and other.kind == self.kind

    def merge(self, other: SomeValue) -> SomeValue:
        assert isinstance(other, SomeString)
        const = self.const if self.const == other.const else NO_CONST
        return SomeString(self.kind, self.can_be_none or other.can_be_none, const,
                          self.origin)


class SomeNone(SomeValue):
    def __init__(self, origin: Location | None = None) -> None:
        self.const = None
        self.origin = origin

    def describe(self) -> str:
        return "None"

    def merge(self, other: SomeValue) -> SomeValue:
        return self


class ListDef:
    """The shared item type of every list that may flow to the same places."""

    def __init__(self, item: SomeValue, origin: Location | None) -> None:
        self.item = item
        self.origin = origin
        self.readers: set[Any] = set()
        self.forward: ListDef | None = None

    def find(self) -> ListDef:
        d = self
        while d.forward is not None:
            d = d.forward
        return d


class SomeList(SomeValue):
    def __init__(self, listdef: ListDef, origin: Location | None = None,
                 can_be_none: bool = False) -> None:
        self._listdef = listdef
        self.origin = origin
        self.can_be_none = can_be_none

    @property
    def listdef(self) -> ListDef:
        return self._listdef.find()

    def describe(self) -> str:
        return f"list of {self.listdef.item.describe()}" + (
            " or None" if self.can_be_none else "")

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, SomeList) and other.listdef is self.listdef
                and other.can_be_none == self.can_be_none)

    def __hash__(self) -> int:
        return hash(SomeList)

    def merge(self, other: SomeValue) -> SomeValue:
        # the listdefs themselves are unified by the annotator
        assert isinstance(other, SomeList)
        return SomeList(self._listdef, self.origin, self.can_be_none or other.can_be_none)


class DictDef:
    def __init__(self, key: SomeValue, value: SomeValue, origin: Location | None) -> None:
        self.key = key
        self.value = value
        self.origin = origin
        self.readers: set[Any] = set()
        self.forward: DictDef | None = None

    def find(self) -> DictDef:
        d = self
        while d.forward is not None:
            d = d.forward
        return d


class SomeDict(SomeValue):
    def __init__(self, dictdef: DictDef, origin: Location | None = None,
                 can_be_none: bool = False) -> None:
        self._dictdef = dictdef
        self.origin = origin
        self.can_be_none = can_be_none

    @property
    def dictdef(self) -> DictDef:
        return self._dictdef.find()

    def describe(self) -> str:
        d = self.dictdef
        return f"dict of {d.key.describe()} to {d.value.describe()}" + (
            " or None" if self.can_be_none else "")

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, SomeDict) and other.dictdef is self.dictdef
                and other.can_be_none == self.can_be_none)

    def __hash__(self) -> int:
        return hash(SomeDict)

    def merge(self, other: SomeValue) -> SomeValue:
        assert isinstance(other, SomeDict)
        return SomeDict(self._dictdef, self.origin, self.can_be_none or other.can_be_none)


class SomeTuple(SomeValue):
    def __init__(self, items: tuple[SomeValue, ...], origin: Location | None = None) -> None:
        self.items = items
        self.origin = origin

    def describe(self) -> str:
        return "tuple of (" + ", ".join(s.describe() for s in self.items) + ")"

    def same_kind(self, other: SomeValue) -> bool:
        return isinstance(other, SomeTuple) and len(other.items) == len(self.items)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SomeTuple) and other.items == self.items

    def __hash__(self) -> int:
        return hash(SomeTuple)

    def merge(self, other: SomeValue) -> SomeValue:
        assert isinstance(other, SomeTuple)
        return SomeTuple(tuple(union(a, b) for a, b in zip(self.items, other.items)),
                         self.origin)


class SomeInstance(SomeValue):
    def __init__(self, classdef: ClassDef, can_be_none: bool = False,
                 origin: Location | None = None) -> None:
        self.classdef = classdef
        self.can_be_none = can_be_none
        self.origin = origin

    def describe(self) -> str:
        return f"instance of {self.classdef.name}" + (" or None" if self.can_be_none else "")

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, SomeInstance) and other.classdef is self.classdef
                and other.can_be_none == self.can_be_none)

    def __hash__(self) -> int:
        return hash(SomeInstance)

    def merge(self, other: SomeValue) -> SomeValue:
        assert isinstance(other, SomeInstance)
        common = self.classdef.common_base(other.classdef)
        if common is None:
            raise UnionError(self, other)
        return SomeInstance(common, self.can_be_none or other.can_be_none, self.origin)


class SomeObject(SomeValue):
    """A prebuilt object used only as a constant: a function, a class, a builtin."""

    def __init__(self, value: Any, origin: Location | None = None) -> None:
        self.const = value
        self.origin = origin

    def describe(self) -> str:
        name = getattr(self.const, "__qualname__", None) or type(self.const).__name__
        return f"constant {name}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SomeObject) and other.const is self.const

    def __hash__(self) -> int:
        return id(self.const)

    def same_kind(self, other: SomeValue) -> bool:
        return isinstance(other, SomeObject) and other.const is self.const

    def merge(self, other: SomeValue) -> SomeValue:
        return self


class SomeFunctions(SomeValue):
    """A function value: one of a set of plain functions (dispatch tables, callbacks).
    One function is a constant; several share one C signature and become a pointer."""

    def __init__(self, funcs: frozenset[Any], origin: Location | None = None) -> None:
        self.funcs = funcs
        self.origin = origin
        self.const = next(iter(funcs)) if len(funcs) == 1 else NO_CONST

    def describe(self) -> str:
        names = sorted(f.__qualname__ for f in self.funcs)
        return "function " + " or ".join(names)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SomeFunctions) and other.funcs == self.funcs

    def __hash__(self) -> int:
        return hash(self.funcs)

    def merge(self, other: SomeValue) -> SomeValue:
        assert isinstance(other, SomeFunctions)
        return SomeFunctions(self.funcs | other.funcs, self.origin)


NULLABLE = (SomeInstance, SomeString, SomeList, SomeDict)


def union(s1: SomeValue, s2: SomeValue) -> SomeValue:
    if isinstance(s1, SomeImpossible):
        return s2
    if isinstance(s2, SomeImpossible):
        return s1
    if isinstance(s1, SomeNone) and isinstance(s2, NULLABLE):
        s1, s2 = s2, s1
    if isinstance(s2, SomeNone):
        if isinstance(s1, SomeNone):
            return s1
        if isinstance(s1, SomeInstance):
            return SomeInstance(s1.classdef, True, s1.origin)
        if isinstance(s1, SomeString):
            return SomeString(s1.kind, True, origin=s1.origin)
        if isinstance(s1, SomeList):
            return SomeList(s1._listdef, s1.origin, can_be_none=True)
        if isinstance(s1, SomeDict):
            return SomeDict(s1._dictdef, s1.origin, can_be_none=True)
        raise UnionError(s1, s2)
    if not s1.same_kind(s2) and not s2.same_kind(s1):
        raise UnionError(s1, s2)
    return s1.merge(s2)
