"""Binary trees (the Computer Language Benchmarks Game's allocation benchmark): many
short-lived two-field instances, built recursively and walked recursively."""

import os


class Node:
    def __init__(self, left, right):
        self.left = left
        self.right = right


def bottom_up_tree(depth):
    if depth <= 0:
        return Node(None, None)
    return Node(bottom_up_tree(depth - 1), bottom_up_tree(depth - 1))


def item_check(node):
    if node.left is None:
        return 1
    return 1 + item_check(node.left) + item_check(node.right)


def out(text):
    os.write(1, (text + "\n").encode("latin-1"))


def entry_point(argv):
    max_depth = int(argv[1])
    min_depth = 4
    if max_depth < min_depth + 2:
        max_depth = min_depth + 2
    stretch = max_depth + 1
    out("stretch tree of depth " + str(stretch) + "\t check: "
        + str(item_check(bottom_up_tree(stretch))))
    long_lived = bottom_up_tree(max_depth)
    depth = min_depth
    while depth <= max_depth:
        iterations = 1 << (max_depth - depth + min_depth)
        check = 0
        for _ in range(iterations):
            check += item_check(bottom_up_tree(depth))
        out(str(iterations) + "\t trees of depth " + str(depth) + "\t check: " + str(check))
        depth += 2
    out("long lived tree of depth " + str(max_depth) + "\t check: "
        + str(item_check(long_lived)))
    return 0
