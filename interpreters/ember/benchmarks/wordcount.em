# Benchmark: dict-heavy word counting over generated text.  Argument: repetitions.
syllables = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "ve", "zu", "do", "he"]
fn generate(count, seed)
  words = []
  x = seed
  for i in range(count) do
    x = (x * 1103 + 12345) % 65536
    w = syllables[x % 12]
    x = (x * 1103 + 12345) % 65536
    w = w + syllables[x % 12]
    if x % 3 == 0 then
      x = (x * 1103 + 12345) % 65536
      w = w + syllables[x % 12]
    end
    words.append(w)
  end
  return " ".join(words)
end
reps = 40
if len(args()) > 0 then reps = int(args()[0]) end
counts = {}
pair_counts = {}
for r in range(reps) do
  prev = ""
  for w in generate(2000, r + 1).split() do
    counts[w] = counts.get(w, 0) + 1
    key = prev + "/" + w
    pair_counts[key] = pair_counts.get(key, 0) + 1
    prev = w
  end
end
best = ""
best_count = 0
for w in counts do
  if counts[w] > best_count then
    best = w
    best_count = counts[w]
  end
end
print(len(counts), len(pair_counts), best, best_count)
