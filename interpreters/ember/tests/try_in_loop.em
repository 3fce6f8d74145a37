# break/continue inside try, and exceptions inside loops, keep the stack sound.
results = []
for i in range(6) do
  try
    if i == 1 then continue end
    if i == 4 then break end
    results.append(10 // (i - 2))
  catch e
    results.append("err")
  end
end
print(results)
n = 0
while true do
  try
    n += 1
    if n == 3 then throw "three" end
    if n == 5 then break end
  catch e
    print("caught", e, "at", n)
  end
end
print("n =", n)
for x in [1, 2] do
  for y in ["a", 0] do
    try
      print(x + y)
    catch e
      print(type(e))
    end
  end
end
