"""An inventory with orders: dicts of instances, validation errors, a formatted report."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


class Item:
    def __init__(self, sku, name, price, stock):
        self.sku = sku
        self.name = name
        self.price = price
        self.stock = stock


class OrderError(Exception):
    def __init__(self, reason):
        self.reason = reason


class Inventory:
    def __init__(self):
        self.items = {}
        self.revenue = 0.0

    def add(self, item):
        self.items[item.sku] = item

    def order(self, sku, qty):
        if sku not in self.items:
            raise OrderError("unknown sku " + sku)
        item = self.items[sku]
        if qty <= 0:
            raise OrderError("bad quantity %d" % qty)
        if item.stock < qty:
            raise OrderError("only %d of %s left" % (item.stock, item.name))
        item.stock -= qty
        self.revenue += item.price * qty
        return item.price * qty


def entry_point(argv):
    inv = Inventory()
    inv.add(Item("A1", "widget", 2.5, 10))
    inv.add(Item("B2", "gadget", 10.0, 3))
    inv.add(Item("C3", "doohickey", 0.75, 100))
    for sku, qty in [("A1", 4), ("B2", 5), ("Z9", 1), ("C3", 40), ("A1", 0), ("B2", 3)]:
        try:
            out("%s x%d: %f" % (sku, qty, inv.order(sku, qty)))
        except OrderError as e:
            out("rejected: " + e.reason)
    for sku, item in inv.items.items():
        out(f"{sku} {item.name} stock={item.stock}")
    out("revenue " + repr(inv.revenue))
    return 0
