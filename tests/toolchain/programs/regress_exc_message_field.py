"""Regression test (found by the corpus): a user exception's own field named `message` (bytes here) is typed as the built-in
`str or None` message: "unsupported operation: '+' on (bytes, str or None)"."""
import os


class VMError(Exception):
    def __init__(self, message):
        self.message = message


def entry_point(argv):
    try:
        raise VMError(b"stack underflow")
    except VMError as e:
        os.write(1, b"error: " + e.message + b"\n")
    return 0
