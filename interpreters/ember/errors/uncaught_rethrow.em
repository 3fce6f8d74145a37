# status: 1
try
  [1][3]
catch e
  print("handled once:", e)
  throw e
end
