# Sieve of Eratosthenes.
fn primes_below(n)
  flags = [true] * n
  result = []
  for i in range(2, n) do
    if flags[i] then
      result.append(i)
      j = i * i
      while j < n do
        flags[j] = false
        j += i
      end
    end
  end
  return result
end
p = primes_below(1000)
print(len(p), p.slice(0, 10), p[-1])
