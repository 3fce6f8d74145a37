# Building strings by concatenation and by join give the same result.
parts = []
s = ""
for i in range(50) do
  piece = chr(97 + i % 26) + str(i)
  parts.append(piece)
  s += piece
end
print(len(s), s == "".join(parts), s.slice(0, 20))
rev = []
i = len(s) - 1
while i >= 0 do
  rev.append(s[i])
  i -= 1
end
print("".join(rev).slice(0, 20))
print("palindrome", "racecar" == "".join(list("racecar")))
