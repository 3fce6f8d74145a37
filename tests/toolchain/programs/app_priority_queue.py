"""A binary min-heap priority queue of (priority, name) entries, and heapsort with it."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


class Entry:
    def __init__(self, priority, name):
        self.priority = priority
        self.name = name


class Heap:
    def __init__(self):
        self.items = []

    def push(self, entry):
        items = self.items
        items.append(entry)
        i = len(items) - 1
        while i > 0:
            parent = (i - 1) // 2
            if items[parent].priority <= items[i].priority:
                break
            items[parent], items[i] = items[i], items[parent]
            i = parent

    def pop(self):
        items = self.items
        top = items[0]
        last = items.pop()
        if len(items) > 0:
            items[0] = last
            i = 0
            while True:
                left = 2 * i + 1
                right = left + 1
                smallest = i
                if left < len(items) and items[left].priority < items[smallest].priority:
                    smallest = left
                if right < len(items) and items[right].priority < items[smallest].priority:
                    smallest = right
                if smallest == i:
                    break
                items[smallest], items[i] = items[i], items[smallest]
                i = smallest
        return top


def entry_point(argv):
    h = Heap()
    for prio, name in [(5, "write docs"), (1, "fix build"), (3, "review"), (4, "lunch"),
                       (2, "triage"), (9, "refactor")]:
        h.push(Entry(prio, name))
    while len(h.items) > 0:
        e = h.pop()
        out(str(e.priority) + " " + e.name)
    seed = 99
    h2 = Heap()
    for i in range(300):
        seed = (seed * 109 + 89) % 10007
        h2.push(Entry(seed, ""))
    prev = -1
    ordered = True
    count = 0
    while len(h2.items) > 0:
        p = h2.pop().priority
        if p < prev:
            ordered = False
        prev = p
        count += 1
    out(str(count) + " " + str(ordered))
    return 0
