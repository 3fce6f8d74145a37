# Recursive functions.
fn fib(n)
  if n < 2 then
    return n
  end
  return fib(n - 1) + fib(n - 2)
end
for i in range(15) do
  write(fib(i), "")
end
print()
print(fib(22))
