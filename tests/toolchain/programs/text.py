import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    s = "  Hello, World  "
    out(s.strip())
    out(s.lstrip() + "|")
    out(s.rstrip() + "|")
    out("xxabcxx".strip("x"))
    words = "the quick  brown fox".split()
    out(str(len(words)))
    out("-".join(words))
    out(",".join("a,b,,c".split(",")))
    out(str("hello".find("l")) + " " + str("hello".rfind("l")) + " " + str("hello".find("z")))
    out(str("hello".find("l", 3)))
    out(str("banana".count("an")))
    out("banana".replace("an", "AN"))
    out("MiXeD".lower() + " " + "MiXeD".upper())
    for t in ["123", "abc", "a1", "", "  ", "ABC", "abc"]:
        out(str(t.isdigit()) + str(t.isalpha()) + str(t.isspace()) + str(t.isalnum())
            + str(t.isupper()) + str(t.islower()))
    out(str("hello".startswith("he")) + str("hello".endswith("lo")))
    out("abcdef"[1:3] + "|" + "abcdef"[:2] + "|" + "abcdef"[4:] + "|" + "abcdef"[-2:])
    out("ab" * 3)
    out(str("ell" in "hello") + str("xyz" in "hello"))
    out(str(int("42") + int("-7") + int("  12  ")))
    out(str(int("ff", 16)) + " " + str(int("777", 8)) + " " + str(int("1_000")))
    out(str(ord("A")) + chr(66) + chr(ord("a") + 2))
    out(str(True) + str(False) + str(None))
    out(repr("it's") + repr('say "hi"') + repr("tab\there\n"))
    n = 42
    name = "kiln"
    out(f"{name} has {n} items, {n * 2} doubled, {repr(name)} {name!r}")
    out("%d items, %s, %x hex, %r" % (n, name, 255, name))
    out("%f" % 3.25)
    out("100%% sure %d" % 7)
    try:
        int("12x")
    except ValueError:
        out("bad int")
    try:
        float("nope")
    except ValueError:
        out("bad float")
    data = b"bytes \x00\xff"
    out(str(len(data)) + " " + str(data[7]))
    text = data.decode("latin-1")
    out(str(len(text)))
    out(repr(""))
    return 0
