"""What the annotator learns about each user class: its place in the (single) inheritance
tree, its instance attributes with their annotations, and its methods.

An attribute lives on the most general class where it is used: reading or writing it
through a base class moves it up from the subclasses that had it, merging annotations.
"""

from __future__ import annotations

import inspect
from typing import Any, Callable

from toolchain.annotator.model import SomeImpossible, SomeValue


class Attribute:
    def __init__(self, name: str) -> None:
        self.name = name
        self.s_value: SomeValue = SomeImpossible()
        self.readers: set[Any] = set()
        self.written = False
        self.read_locations: list[Any] = []


class ClassDef:
    def __init__(self, cls: type, base: ClassDef | None) -> None:
        self.cls = cls
        self.name = cls.__qualname__
        self.base = base
        self.subdefs: list[ClassDef] = []
        self.attrs: dict[str, Attribute] = {}
        if base is not None:
            base.subdefs.append(self)

    def __repr__(self) -> str:
        return f"<ClassDef {self.name}>"

    def mro(self) -> list[ClassDef]:
        result: list[ClassDef] = []
        cd: ClassDef | None = self
        while cd is not None:
            result.append(cd)
            cd = cd.base
        return result

    def all_subdefs(self) -> list[ClassDef]:
        result = [self]
        for sub in self.subdefs:
            result += sub.all_subdefs()
        return result

    def issubclass(self, other: ClassDef) -> bool:
        return other in self.mro()

    def common_base(self, other: ClassDef) -> ClassDef | None:
        mine = self.mro()
        for cd in other.mro():
            if cd in mine:
                return cd
        return None

    def find_attribute(self, name: str) -> Attribute | None:
        for cd in self.mro():
            if name in cd.attrs:
                return cd.attrs[name]
        return None

    def lookup_method(self, name: str) -> tuple[ClassDef, Callable[..., Any]] | None:
        """The function that `self.name` finds in the class dict, and where it is defined."""
        for cd in self.mro():
            value = cd.cls.__dict__.get(name)
            if inspect.isfunction(value):
                return cd, value
        return None

    def class_constant(self, name: str) -> tuple[bool, Any]:
        for cd in self.mro():
            if name in cd.cls.__dict__:
                value = cd.cls.__dict__[name]
                if not inspect.isfunction(value):
                    return True, value
                return False, None
        return False, None

    def method_implementations(self, name: str) -> list[tuple[ClassDef, Callable[..., Any]]]:
        """Every function a call of `name` on an instance of this class may reach."""
        found = []
        inherited = self.lookup_method(name)
        if inherited is not None:
            found.append(inherited)
        for sub in self.all_subdefs()[1:]:
            value = sub.cls.__dict__.get(name)
            if inspect.isfunction(value):
                found.append((sub, value))
        return found
