"""append and pop (from the end and by index), as a stack and as a queue."""

from support import say


def entry_point(argv):
    stack = []
    for i in range(10):
        stack.append(i * i)
    say(b"len", len(stack))
    say(b"pop", stack.pop())
    say(b"pop", stack.pop())
    say(b"pop0", stack.pop(0))
    say(b"pop1", stack.pop(1))
    say(b"pop-neg", stack.pop(-2))
    say(b"len", len(stack))
    queue = [1, 2, 3]
    total = 0
    while queue:
        item = queue.pop(0)
        total += item
        if item < 20:
            queue.append(item * 3)
    say(b"total", total)
    for x in stack:
        say(b"left", x)
    big = []
    for i in range(10000):
        big.append(i)
    while len(big) > 5:
        big.pop()
    say(b"big", big[-1])
    return 0
