# Integer arithmetic: floor division and modulo follow the divisor's sign.
print(1 + 2 * 3, (1 + 2) * 3, 10 - 4 - 3)
print(7 // 2, -7 // 2, 7 // -2, -7 // -2)
print(7 % 3, -7 % 3, 7 % -3, -7 % -3)
print(-(5), - -5, 2 * -3)
x = 10
x += 5
x -= 3
x *= 2
x //= 5
x %= 3
print(x)
print(1000000 * 1000, 123456789 + 987654321)
