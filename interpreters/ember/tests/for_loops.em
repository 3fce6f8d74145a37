# for loops over ranges, lists, strings and dicts.
for i in range(3) do write(i, "") end
print()
for i in range(10, 0, -3) do write(i, "") end
print()
for i in range(2, 5) do write(i, "") end
print()
for x in [10, 20] do
  for y in "ab" do write(x, y, "|") end
end
print()
for k in {"z": 1, "a": 2} do write(k, "") end
print()
for i in range(0) do print("never") end
r = range(3)
print(r.next(), r.next(), r.next(), r.next())
