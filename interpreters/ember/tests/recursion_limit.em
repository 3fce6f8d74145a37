# Unbounded recursion raises a catchable RecursionError.
fn down(n) return down(n + 1) end
try
  down(0)
catch e
  print(type(e), e.message)
end
fn depth(n)
  if n == 0 then return 0 end
  return 1 + depth(n - 1)
end
print(depth(500))
