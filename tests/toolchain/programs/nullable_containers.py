from support import line, say


class Frame:
    def __init__(self):
        self.handlers = None
        self.names = None


def count(frame):
    handlers = frame.handlers
    if handlers is None or len(handlers) == 0:
        return -1
    return handlers.pop()


def setup(frame, n):
    handlers = frame.handlers
    if handlers is None:
        handlers = []
        frame.handlers = handlers
    handlers.append(n)
    if frame.names is None:
        frame.names = {}
    frame.names[n] = b"x"


def entry_point(argv):
    frame = Frame()
    say(b"empty", count(frame))
    if not frame.handlers:
        line(b"no handlers yet")
    setup(frame, 7)
    if frame.handlers:
        line(b"handlers now")
    say(b"popped", count(frame))
    say(b"names", len(frame.names))
    return 0
