# break and continue apply to the innermost loop only.
found = []
for i in range(5) do
  for j in range(5) do
    if j > i then break end
    if (i + j) % 2 == 1 then continue end
    found.append([i, j])
  end
end
print(found)
items = [1, 2, 3]
for x in items do
  if x == 1 then items.append(4) end
  write(x, "")
end
print()
