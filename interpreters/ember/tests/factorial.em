# Recursion and iteration agree.
fn fact(n)
  if n <= 1 then return 1 end
  return n * fact(n - 1)
end
fn fact_loop(n)
  result = 1
  while n > 1 do
    result *= n
    n -= 1
  end
  return result
end
for n in [0, 1, 5, 10, 12] do
  print(n, fact(n), fact_loop(n), fact(n) == fact_loop(n))
end
