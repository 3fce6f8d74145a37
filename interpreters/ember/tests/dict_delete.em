# Many deletions compact the table without losing order.
d = {}
for i in range(100) do
  d[i] = i * i
end
for i in range(100) do
  if i % 3 != 0 then
    d.remove(i)
  end
end
print(len(d), d.keys().slice(0, 8), d[99])
for i in range(5) do
  d[1000 + i] = i
end
print(len(d), d.keys().slice(30, 40))
