# Benchmark: string building (concatenation, join, slicing, str()).  Argument: rounds.
fn build(n)
  parts = []
  for i in range(n) do
    parts.append("item" + str(i) + ";")
  end
  return "".join(parts)
end
fn checksum(s)
  total = 0
  for i in range(0, len(s), 7) do
    total = (total * 31 + ord(s[i])) % 1000003
  end
  return total
end
rounds = 3000
if len(args()) > 0 then rounds = int(args()[0]) end
total = 0
acc = ""
for r in range(rounds) do
  s = build(20 + r % 13)
  acc = acc + s.slice(0, 3)
  if len(acc) > 600 then acc = acc.slice(300, len(acc)).upper().lower() end
  total = (total + checksum(s) + len(acc)) % 1000003
end
print(total, len(acc))
