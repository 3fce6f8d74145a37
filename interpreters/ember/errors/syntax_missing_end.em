# status: 2
fn f(x)
  if x then
    print(x)
end
