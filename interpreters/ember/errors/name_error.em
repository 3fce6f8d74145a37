# status: 1
fn f()
  return missing + 1
end
f()
