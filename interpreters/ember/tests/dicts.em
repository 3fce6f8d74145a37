# Dictionaries keep insertion order; keys are ints or strings.
d = {"one": 1, "two": 2}
d["three"] = 3
d[4] = "four"
print(d, len(d), d["two"], d[4])
print("one" in d, "five" in d, 4 in d, d.get("five"), d.get("five", 5))
d.remove("one")
print(d, d.keys(), d.values())
d["one"] = 1
print(d.items())
for k in d do
  write(k, "")
end
print()
counts = {}
for c in "mississippi" do
  counts[c] = counts.get(c, 0) + 1
end
print(counts)
