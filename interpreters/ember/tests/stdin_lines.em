# readline() returns each line of stdin, then nil.
total = 0
count = 0
while true do
  line = readline()
  if line == nil then break end
  parts = line.split()
  for p in parts do
    total += int(p)
  end
  count += 1
end
print(count, "lines, total", total)
