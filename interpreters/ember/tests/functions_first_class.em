# Functions are values: passed, stored and returned.
fn twice(f, x) return f(f(x)) end
fn inc(x) return x + 1 end
fn square(x) return x * x end
print(twice(inc, 5), twice(square, 3))
ops = {"inc": inc, "square": square, "neg": fn(x) return -x end}
for name in ops do
  print(name, ops[name](7))
end
fn pick(name) return ops[name] end
print(pick("square")(9))
fn map(f, items)
  out = []
  for x in items do out.append(f(x)) end
  return out
end
print(map(square, range(6)), map(fn(s) return s.upper() end, ["a", "b"]))
