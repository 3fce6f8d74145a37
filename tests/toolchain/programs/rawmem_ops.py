from support import line, say

from toolchain.rlib.rawmem import (
    cast_addr_to_instance, cast_instance_to_addr, raw_free, raw_load_byte, raw_load_double,
    raw_load_word, raw_malloc, raw_store_byte, raw_store_double, raw_store_word,
)


class Box:
    def __init__(self, value):
        self.value = value


def entry_point(argv):
    block = raw_malloc(64)
    for i in range(8):
        raw_store_word(block, i * 8, i * 1000 - 3)
    total = 0
    for i in range(8):
        total += raw_load_word(block, i * 8)
    say(b"words", total)
    raw_store_byte(block, 1, 300)
    say(b"byte", raw_load_byte(block, 1))
    raw_store_double(block, 16, 2.5)
    raw_store_double(block, 24, 4)
    say(b"doubles", int(raw_load_double(block, 16) * raw_load_double(block, 24)))
    raw_free(block)
    box = Box(42)
    address = cast_instance_to_addr(box)
    again = cast_addr_to_instance(Box, address)
    if again is box:
        line(b"same instance")
    say(b"through the address", again.value)
    if cast_addr_to_instance(Box, 0) is None:
        line(b"null is None")
    return 0
