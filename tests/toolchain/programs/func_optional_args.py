"""Parameters defaulting to None, `or` for string defaults, and `not` on containers."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


class Node:
    def __init__(self, name, parent=None):
        self.name = name
        self.parent = parent


def path(node=None):
    if node is None:
        return "/"
    parts = []
    while node is not None:
        parts.append(node.name)
        node = node.parent
    parts.reverse()
    return "/" + "/".join(parts)


def label(name):
    return name or "anonymous"


def entry_point(argv):
    root = Node("usr")
    lib = Node("lib", root)
    out(path() + " " + path(root) + " " + path(lib) + " " + path(Node("x", parent=lib)))
    out(label("") + " " + label("kiln"))
    items = []
    out(str(not items))
    items.append(1)
    out(str(not items))
    return 0
