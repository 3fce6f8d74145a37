# Built-in errors have a message field and a class to test.
try
  [][0]
catch e
  print(type(e), e.message, isinstance(e, IndexError), isinstance(e, Error))
end
try
  {}.remove("k")
catch e
  print(type(e), e.message)
end
try
  assert(1 == 2, "math is broken")
catch e
  print(e)
end
try
  assert(false)
catch e
  print(e)
end
fn f(a, b) return a end
try
  f(1)
catch e
  print(e)
end
try
  chr(300)
catch e
  print(e)
end
