# How every kind of value prints.
print(nil, true, false, 0, -12, 3.0, 1e100, 2.5e-5, "text")
print([], {}, [[]], {"k": [1, {"n": nil}]}, ["s", 1.5])
print(print, fn() return 1 end, range(2))
class K end
print(K, K())
fn named() end
print(named)
write("no newline", 1)
write("\n")
print()
