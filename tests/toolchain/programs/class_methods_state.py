"""Methods that mutate state, return self-derived values, and call other methods."""

from support import say


class Account:
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.log = []

    def deposit(self, amount):
        self.balance += amount
        self.log.append(amount)
        return self.balance

    def withdraw(self, amount):
        if amount > self.balance:
            return False
        self.deposit(-amount)
        return True

    def transfer(self, other, amount):
        if self.withdraw(amount):
            other.deposit(amount)
            return True
        return False


def entry_point(argv):
    a = Account(b"ada", 100)
    b = Account(b"bob")
    say(b"dep", a.deposit(50))
    say(b"ok", 1 if a.transfer(b, 120) else 0)
    say(b"fail", 1 if b.transfer(a, 500) else 0)
    say(b"a", a.balance)
    say(b"b", b.balance)
    say(b"log", len(a.log) * 10 + len(b.log))
    return 0
