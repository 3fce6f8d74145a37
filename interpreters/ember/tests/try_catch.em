# Runtime errors are guest exceptions that try/catch can handle.
fn attempt(f)
  try
    return "ok: " + str(f())
  catch e
    return "caught " + str(e)
  end
end
print(attempt(fn() return 1 // 0 end))
print(attempt(fn() return 1.0 / 0 end))
print(attempt(fn() return [1, 2][5] end))
print(attempt(fn() return {"a": 1}["b"] end))
print(attempt(fn() return 1 + "a" end))
print(attempt(fn() return undefined_name end))
print(attempt(fn() return nil.field end))
print(attempt(fn() return int("12x") end))
print(attempt(fn() return len(5) end))
print(attempt(fn() return 5() end))
print(attempt(fn() return "abc".nosuch() end))
print(attempt(fn() return 42 end))
