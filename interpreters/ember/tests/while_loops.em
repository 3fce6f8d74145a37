# while loops with break and continue.
i = 0
total = 0
while i < 100 do
  i += 1
  if i % 7 == 0 then continue end
  if i > 50 then break end
  total += i
end
print(i, total)
n = 27
steps = 0
while n != 1 do
  if n % 2 == 0 then n = n // 2 else n = 3 * n + 1 end
  steps += 1
end
print("collatz 27:", steps)
