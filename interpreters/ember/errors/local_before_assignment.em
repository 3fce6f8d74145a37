# status: 1
fn f(flag)
  if flag then x = 1 end
  return x
end
print(f(true))
f(false)
