"""Union-find with path compression and union by size: connected components."""

from support import say


class DisjointSet:
    def __init__(self, n):
        self.parent = [i for i in range(n)]
        self.size = [1] * n
        self.sets = n

    def find(self, x):
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            nxt = self.parent[x]
            self.parent[x] = root
            x = nxt
        return root

    def union(self, a, b):
        ra = self.find(a)
        rb = self.find(b)
        if ra == rb:
            return False
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        self.sets -= 1
        return True


def entry_point(argv):
    ds = DisjointSet(1000)
    seed = 1
    merged = 0
    for i in range(700):
        seed = (seed * 97 + 13) % 1009
        a = seed % 1000
        seed = (seed * 97 + 13) % 1009
        b = seed % 1000
        if ds.union(a, b):
            merged += 1
    say(b"merged", merged)
    say(b"sets", ds.sets)
    biggest = 0
    for i in range(1000):
        if ds.find(i) == i and ds.size[i] > biggest:
            biggest = ds.size[i]
    say(b"biggest", biggest)
    return 0
