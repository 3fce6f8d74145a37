from support import line, say


class Counter:
    STEP = 2

    def __init__(self, start, name=b"counter"):
        self.value = start
        self.name = name
        self.history = []

    def bump(self):
        self.value += self.STEP
        self.history.append(self.value)
        return self.value

    def report(self):
        say(self.name, self.value)


class Named(Counter):
    def label(self):
        return self.name + b"!"


class Node:
    def __init__(self, value, next):
        self.value = value
        self.next = next


DEFAULT = Counter(100, b"prebuilt")


def build(n):
    head = None
    for i in range(n):
        head = Node(i, head)
    return head


def entry_point(argv):
    c = Counter(1)
    c.bump()
    c.bump()
    c.report()
    say(b"history", len(c.history))
    n = Named(10, name=b"named")
    n.bump()
    n.report()
    line(n.label())
    DEFAULT.bump()
    DEFAULT.report()
    node = build(5)
    total = 0
    while node is not None:
        total += node.value
        node = node.next
    say(b"linked", total)
    return 0
