# Sorting is stable and handles mixed ints and floats.
nums = [5, 2.5, -1, 3, 0, 2.5, 10, -7.25]
nums.sort()
print(nums)
words = "the quick brown fox jumps over the lazy dog".split()
words.sort()
print(words)
big = []
x = 7
for i in range(200) do
  x = (x * 31 + 11) % 1009
  big.append(x)
end
big.sort()
ok = true
for i in range(1, len(big)) do
  if big[i - 1] > big[i] then ok = false end
end
print(ok, big[0], big[199], min(big), max(big), min(3, 1, 2), max("a", "c", "b"))
