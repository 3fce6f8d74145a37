"""Dijkstra's shortest paths on a weighted grid, with a list-based binary heap of tuples."""

from support import say


def heap_push(heap, item):
    heap.append(item)
    i = len(heap) - 1
    while i > 0:
        p = (i - 1) // 2
        if heap[p][0] <= heap[i][0]:
            break
        heap[p], heap[i] = heap[i], heap[p]
        i = p


def heap_pop(heap):
    top = heap[0]
    last = heap.pop()
    if heap:
        heap[0] = last
        i = 0
        n = len(heap)
        while True:
            small = i
            for c in [2 * i + 1, 2 * i + 2]:
                if c < n and heap[c][0] < heap[small][0]:
                    small = c
            if small == i:
                break
            heap[small], heap[i] = heap[i], heap[small]
            i = small
    return top


def shortest(cost, w, h):
    inf = 1 << 28
    dist = [inf] * (w * h)
    dist[0] = cost[0]
    heap = [(cost[0], 0)]
    while heap:
        d, node = heap_pop(heap)
        if d > dist[node]:
            continue
        x = node % w
        y = node // w
        for nx, ny in [(x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)]:
            if 0 <= nx < w and 0 <= ny < h:
                n = ny * w + nx
                nd = d + cost[n]
                if nd < dist[n]:
                    dist[n] = nd
                    heap_push(heap, (nd, n))
    return dist[w * h - 1]


def entry_point(argv):
    w = 30
    h = 20
    cost = []
    seed = 5
    for i in range(w * h):
        seed = (seed * 17 + 11) % 101
        cost.append(1 + seed % 9)
    say(b"shortest", shortest(cost, w, h))
    say(b"flat", shortest([1] * 100, 10, 10))
    return 0
