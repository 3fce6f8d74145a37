# Counting words from stdin with a dict, then sorting by count.
counts = {}
while true do
  line = readline()
  if line == nil then break end
  for w in line.lower().split() do
    counts[w] = counts.get(w, 0) + 1
  end
end
pairs = []
for w in counts do pairs.append([counts[w], w]) end
# Sort by count descending, then word: insertion sort on pairs.
for i in range(1, len(pairs)) do
  j = i
  while j > 0 and (pairs[j - 1][0] < pairs[j][0] or (pairs[j - 1][0] == pairs[j][0] and pairs[j - 1][1] > pairs[j][1])) do
    t = pairs[j]
    pairs[j] = pairs[j - 1]
    pairs[j - 1] = t
    j -= 1
  end
end
for p in pairs.slice(0, 5) do print(p[1], p[0]) end
print(len(counts), "distinct words")
