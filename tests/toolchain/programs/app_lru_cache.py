"""An LRU cache as a dict plus a doubly linked list of nodes with sentinels."""

from support import say


class Node:
    def __init__(self, key, value):
        self.key = key
        self.value = value
        self.prev = None
        self.next = None


class LRU:
    def __init__(self, capacity):
        self.capacity = capacity
        self.map = {}
        self.head = Node(-1, -1)
        self.tail = Node(-1, -1)
        self.head.next = self.tail
        self.tail.prev = self.head
        self.evictions = 0

    def _unlink(self, node):
        node.prev.next = node.next
        node.next.prev = node.prev

    def _push_front(self, node):
        node.next = self.head.next
        node.prev = self.head
        self.head.next.prev = node
        self.head.next = node

    def get(self, key):
        node = self.map.get(key)
        if node is None:
            return -1
        self._unlink(node)
        self._push_front(node)
        return node.value

    def put(self, key, value):
        node = self.map.get(key)
        if node is not None:
            node.value = value
            self._unlink(node)
            self._push_front(node)
            return
        if len(self.map) >= self.capacity:
            old = self.tail.prev
            self._unlink(old)
            del self.map[old.key]
            self.evictions += 1
        node = Node(key, value)
        self.map[key] = node
        self._push_front(node)


def entry_point(argv):
    cache = LRU(3)
    cache.put(1, 10)
    cache.put(2, 20)
    cache.put(3, 30)
    say(b"get1", cache.get(1))
    cache.put(4, 40)
    say(b"get2", cache.get(2))
    say(b"get3", cache.get(3))
    cache.put(3, 33)
    cache.put(5, 50)
    say(b"get1", cache.get(1))
    say(b"get3", cache.get(3))
    hits = 0
    seed = 3
    big = LRU(50)
    for i in range(3000):
        seed = (seed * 31 + 7) % 211
        if big.get(seed) >= 0:
            hits += 1
        else:
            big.put(seed, i)
    say(b"hits", hits)
    say(b"evictions", big.evictions)
    return 0
