# Floats print as the shortest string that reads back the same.
print(0.1 + 0.2, 1.0, 2.5 * 4, 1 / 3, 10 / 4)
print(1e10, 1.5e-7, 123456789.125, -0.0)
print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2)
print(1 + 0.5, 3 - 0.25, 2 * 0.5)
print(sqrt(2), floor(2.7), floor(-2.5), abs(-3.5), abs(-4))
print(round(3.14159, 2), round(2.5), round(-2.5), round(1.23456789, 6))
print(pow(2, 10), pow(2.0, 0.5), pow(3, 0))
