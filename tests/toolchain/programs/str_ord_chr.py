"""ord and chr over the Latin-1 range, and a Caesar cipher built on them."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def caesar(text, shift):
    result = []
    for c in text:
        if "a" <= c <= "z":
            result.append(chr((ord(c) - ord("a") + shift) % 26 + ord("a")))
        elif "A" <= c <= "Z":
            result.append(chr((ord(c) - ord("A") + shift) % 26 + ord("A")))
        else:
            result.append(c)
    return "".join(result)


def entry_point(argv):
    out(str(ord("a")) + " " + str(ord("Z")) + " " + str(ord(" ")) + " " + str(ord("\n")))
    out(chr(72) + chr(105) + chr(33))
    secret = caesar("Hello, World!", 3)
    out(secret)
    out(caesar(secret, -3))
    total = 0
    for i in range(256):
        total += ord(chr(i))
    out(str(total))
    out(str(ord("\xe9")) + " " + str(ord(chr(255))) + " " + str(len(chr(0))))
    return 0
