"""A singly linked list class: push, reverse, remove, and iteration by hand."""

from support import say


class Cell:
    def __init__(self, value, next):
        self.value = value
        self.next = next


class LinkedList:
    def __init__(self):
        self.head = None
        self.size = 0

    def push(self, value):
        self.head = Cell(value, self.head)
        self.size += 1

    def reverse(self):
        prev = None
        cur = self.head
        while cur is not None:
            nxt = cur.next
            cur.next = prev
            prev = cur
            cur = nxt
        self.head = prev

    def remove(self, value):
        prev = None
        cur = self.head
        while cur is not None:
            if cur.value == value:
                if prev is None:
                    self.head = cur.next
                else:
                    prev.next = cur.next
                self.size -= 1
                return True
            prev = cur
            cur = cur.next
        return False

    def to_list(self):
        result = []
        cur = self.head
        while cur is not None:
            result.append(cur.value)
            cur = cur.next
        return result


def entry_point(argv):
    ll = LinkedList()
    for i in range(8):
        ll.push(i)
    ll.reverse()
    ll.remove(0)
    ll.remove(5)
    ll.remove(7)
    ll.remove(42)
    say(b"size", ll.size)
    for v in ll.to_list():
        say(b"v", v)
    return 0
