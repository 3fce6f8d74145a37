# status: 1
fn divide(a, b)
  return a // b
end
print("before")
print(divide(1, 0))
