# Objects hold mutable state shared by reference.
class Counter
  fn init() self.count = 0 end
  fn bump(by)
    self.count += by
    return self
  end
end
c = Counter()
c.bump(1).bump(2).bump(3)
print(c.count)
alias = c
alias.bump(10)
print(c.count, c == alias, Counter() == Counter())
class Empty end
e = Empty()
e.note = "attached later"
print(e.note, e)
