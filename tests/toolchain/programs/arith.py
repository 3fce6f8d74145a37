from support import say


def entry_point(argv):
    values = [0, 1, -1, 7, -7, 13, -13, 100, -100, 12345]
    for a in values:
        for b in values:
            say(b"add", a + b)
            say(b"sub", a - b)
            say(b"mul", a * b)
            if b != 0:
                say(b"floordiv", a // b)
                say(b"mod", a % b)
            say(b"and", a & b)
            say(b"or", a | b)
            say(b"xor", a ^ b)
            if a < b:
                say(b"lt", 1)
            if a <= b and a != b:
                say(b"le-ne", 1)
            if a >= b or a == 3:
                say(b"ge", 1)
    for s in range(0, 20, 3):
        say(b"shl", 3 << s)
        say(b"shr", -1000 >> s)
        say(b"shr+", 1000 >> s)
    say(b"neg", -values[3])
    say(b"inv", ~values[4])
    x = 5
    x += 3
    x *= 2
    x -= 1
    x //= 2
    x %= 5
    x <<= 4
    x |= 1
    say(b"aug", x)
    return 0
