# Benchmark: recursive fib (calls, int arithmetic, comparisons).  Argument: n.
fn fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end
n = 27
if len(args()) > 0 then n = int(args()[0]) end
print(fib(n))
