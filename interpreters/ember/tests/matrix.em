# Matrix multiplication with nested lists of floats.
fn matmul(a, b)
  n = len(a)
  m = len(b[0])
  k = len(b)
  c = []
  for i in range(n) do
    row = [0.0] * m
    for j in range(m) do
      s = 0.0
      for t in range(k) do s += a[i][t] * b[t][j] end
      row[j] = s
    end
    c.append(row)
  end
  return c
end
a = [[1.0, 2.0], [3.0, 4.0]]
print(matmul(a, a))
id = [[1, 0], [0, 1]]
print(matmul(a, id) == a)
p = a
for i in range(5) do p = matmul(p, a) end
print(p)
