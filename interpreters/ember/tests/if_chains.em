# if / elif / else chains.
fn classify(n)
  if n < 0 then
    return "negative"
  elif n == 0 then
    return "zero"
  elif n < 10 then
    return "small"
  elif n < 100 then
    return "medium"
  else
    return "large"
  end
end
for n in [-5, 0, 3, 42, 1000] do print(n, classify(n)) end
if nil then print("no") else print("nil is false") end
