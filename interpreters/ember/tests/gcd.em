# Euclid's algorithm and friends.
fn gcd(a, b)
  while b != 0 do
    t = a % b
    a = b
    b = t
  end
  return a
end
fn lcm(a, b) return a // gcd(a, b) * b end
print(gcd(48, 18), gcd(17, 5), gcd(0, 9), lcm(4, 6), lcm(21, 6))
acc = 1
for i in range(1, 21) do acc = lcm(acc, i) end
print("lcm 1..20 =", acc)
