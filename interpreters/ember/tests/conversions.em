# Conversions between types.
print(str(42), str(4.5), str(nil), str(true), str([1, "a"]))
print(int("123"), int(" -45 "), int("+7"), int(3.99), int(-3.99), int(5))
print(float("2.5"), float("1e3"), float(3), float(" -0.5 "))
print(type(1), type(1.5), type("s"), type([]), type({}), type(nil), type(true))
print(type(print), type(fn() return 1 end), list("abc"), list(range(3)))
