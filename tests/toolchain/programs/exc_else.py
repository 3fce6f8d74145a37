"""try/except/else/finally: else runs only without an exception, before finally."""

from support import line


def attempt(n):
    trace = []
    try:
        if n < 0:
            raise ValueError("neg")
        trace.append(b"body")
    except ValueError:
        trace.append(b"except")
    else:
        trace.append(b"else")
    finally:
        trace.append(b"finally")
    return b",".join(trace)


def entry_point(argv):
    line(attempt(1))
    line(attempt(-1))
    return 0
