# State for callbacks lives in objects (functions do not capture locals).
class Adder
  fn init(n) self.n = n end
  fn apply(x) return x + self.n end
end
fn make_adder(n) return Adder(n).apply end
add5 = make_adder(5)
add10 = make_adder(10)
print(add5(1), add10(1), add5(add10(0)))
class Accumulator
  fn init() self.items = [] end
  fn add(x)
    self.items.append(x)
    return len(self.items)
  end
end
acc = Accumulator()
record = acc.add
record("a")
record("b")
print(acc.items)
