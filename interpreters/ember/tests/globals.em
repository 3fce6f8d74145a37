# Top-level names are globals; names assigned in a function are its locals.
x = "global x"
fn read_global() return x end
fn shadow()
  x = "local x"
  return x
end
print(read_global(), shadow(), x)
x = "changed"
print(read_global())
config = {"level": 1}
fn bump() config["level"] += 1 end
bump()
bump()
print(config["level"])
