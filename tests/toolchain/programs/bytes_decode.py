"""encode and decode with latin-1: every byte value survives the round trip."""

import os

from support import say

# Built at import time, so it is prebuilt data in the binary.
ALL_BYTES = bytes(range(256))


def entry_point(argv):
    raw = ALL_BYTES
    text = raw.decode("latin-1")
    say(b"len", len(text))
    say(b"ord-200", ord(text[200]))
    back = text.encode("latin-1")
    say(b"same", 1 if back == raw else 0)
    s = "caf\xe9 na\xefve"
    encoded = s.encode("latin-1")
    say(b"encoded-len", len(encoded))
    say(b"e-acute", encoded[3])
    os.write(1, encoded + b"\n")
    word = b"kiln".decode("latin-1")
    os.write(1, (word.upper() + "!\n").encode("latin-1"))
    return 0
