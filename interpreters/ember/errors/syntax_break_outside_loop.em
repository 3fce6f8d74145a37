# status: 2
fn f()
  break
end
