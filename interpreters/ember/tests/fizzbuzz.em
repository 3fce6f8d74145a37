# FizzBuzz with string building.
out = []
for i in range(1, 31) do
  if i % 15 == 0 then
    out.append("FizzBuzz")
  elif i % 3 == 0 then
    out.append("Fizz")
  elif i % 5 == 0 then
    out.append("Buzz")
  else
    out.append(str(i))
  end
end
print(" ".join(out))
