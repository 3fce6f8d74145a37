"""A binary search tree: insertion, lookup, in-order walk, height, recursion on None."""

from support import say


class Tree:
    def __init__(self, key):
        self.key = key
        self.left = None
        self.right = None


def insert(node, key):
    if node is None:
        return Tree(key)
    if key < node.key:
        node.left = insert(node.left, key)
    elif key > node.key:
        node.right = insert(node.right, key)
    return node


def contains(node, key):
    while node is not None:
        if key == node.key:
            return True
        node = node.left if key < node.key else node.right
    return False


def walk(node, out):
    if node is None:
        return
    walk(node.left, out)
    out.append(node.key)
    walk(node.right, out)


def height(node):
    if node is None:
        return 0
    return 1 + max(height(node.left), height(node.right))


def entry_point(argv):
    root = None
    seed = 7
    for i in range(200):
        seed = (seed * 75 + 74) % 65537
        root = insert(root, seed % 1000)
    keys = []
    walk(root, keys)
    say(b"unique", len(keys))
    say(b"min", keys[0])
    say(b"max", keys[-1])
    say(b"height", height(root))
    found = 0
    for k in range(1000):
        if contains(root, k):
            found += 1
    say(b"found", found)
    return 0
