"""Fields and variables that hold an instance or None: linked structures and lookups."""

from support import line, say


class Frame:
    def __init__(self, name, parent):
        self.name = name
        self.parent = parent
        self.handler = None


class Handler:
    def __init__(self, label):
        self.label = label


def depth(frame):
    d = 0
    while frame is not None:
        d += 1
        frame = frame.parent
    return d


def find_handler(frame):
    while frame is not None:
        if frame.handler is not None:
            return frame.handler
        frame = frame.parent
    return None


def entry_point(argv):
    root = Frame(b"root", None)
    mid = Frame(b"mid", root)
    leaf = Frame(b"leaf", mid)
    say(b"depth", depth(leaf))
    h = find_handler(leaf)
    line(b"none" if h is None else h.label)
    root.handler = Handler(b"root-handler")
    h = find_handler(leaf)
    if h is not None:
        line(h.label)
    mid.handler = Handler(b"mid-handler")
    h = find_handler(leaf)
    if h is not None:
        line(h.label)
    leaf.parent = None
    say(b"cut", depth(leaf))
    return 0
