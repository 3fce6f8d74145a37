# Handlers nest; an exception unwinds through calls to the nearest one.
fn level3() throw ValueError("deep") end
fn level2() return level3() end
fn level1()
  try
    level2()
  catch e
    print("level1 caught", e.message)
    throw KeyError("rethrown as " + e.message)
  end
end
try
  level1()
catch outer
  print("outer caught", outer)
end
try
  try
    throw "inner"
  catch e
    print("inner handler", e)
  end
  print("after inner try")
  throw "second"
catch e
  print("outer handler", e)
end
