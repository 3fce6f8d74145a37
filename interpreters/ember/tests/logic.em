# and/or return one of their operands and stop early.
print(true and false, true or false, not true, not nil)
print(1 and 2, nil and 2, 0 or "x", "" or [] or "last")
fn loud(x)
  print("evaluated", x)
  return x
end
print(false and loud(1))
print(true or loud(2))
print(loud(3) and loud(4))
print(not 0, not 0.0, not "", not [], not {}, not [0])
