"""Graphs as dicts of lists: BFS distances, DFS topological order, cycle detection."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def bfs(graph, start):
    dist = {start: 0}
    queue = [start]
    head = 0
    while head < len(queue):
        node = queue[head]
        head += 1
        for nxt in graph.get(node, []):
            if nxt not in dist:
                dist[nxt] = dist[node] + 1
                queue.append(nxt)
    return dist


class Topo:
    def __init__(self, graph):
        self.graph = graph
        self.state = {}
        self.order = []
        self.cyclic = False

    def visit(self, node):
        s = self.state.get(node, 0)
        if s == 1:
            self.cyclic = True
            return
        if s == 2:
            return
        self.state[node] = 1
        for nxt in self.graph.get(node, []):
            self.visit(nxt)
        self.state[node] = 2
        self.order.append(node)


def topo_sort(graph):
    t = Topo(graph)
    for node in graph:
        t.visit(node)
    t.order.reverse()
    return t


def entry_point(argv):
    g = {"a": ["b", "c"], "b": ["d"], "c": ["d", "e"], "d": ["f"], "e": ["f"], "f": []}
    dist = bfs(g, "a")
    out(" ".join([k + "=" + str(v) for k, v in dist.items()]))
    t = topo_sort(g)
    out(" ".join(t.order) + " cyclic=" + str(t.cyclic))
    g["f"] = ["a"]
    out("cyclic=" + str(topo_sort(g).cyclic))
    return 0
