# A function without a return value gives nil; a bare return too.
fn nothing() end
fn early(x)
  if x then return end
  return "late"
end
print(nothing(), early(true), early(false))
