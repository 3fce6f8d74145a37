"""Fake JIT hooks for the weaving test (the logic around the hook, not the JIT): at
the portal's entry (the flag is true only on the first arrival) the hook says "the JIT
ran" and goes on with total += 50; at i == 3 it goes on with total += 100; at i == 5 it
jumps to i = 8 with total += 1000 and a new box; at i == 12 it says "the portal
returned 777"."""

from weave_program import Box


class State:
    def __init__(self):
        self.i = 0
        self.total = 0
        self.box = Box(0)


STATE = State()


def hook(entry, i, total, box):
    if entry:
        STATE.i = i
        STATE.total = total + 50
        STATE.box = box
        return 1
    if i == 3:
        STATE.i = i
        STATE.total = total + 100
        STATE.box = box
        return 1
    if i == 5:
        STATE.i = 8
        STATE.total = total + 1000
        STATE.box = Box(box.value + 100)
        return 1
    if i == 12:
        return 2
    return 0


def get_i(current):
    return STATE.i


def get_total(current):
    return STATE.total


def get_box(current):
    return STATE.box


def result():
    return 777
