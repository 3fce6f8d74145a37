"""for/else: the else branch runs only when the loop was not broken."""

from support import line, say


def first_divisor(n):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        return 0
    return d


def entry_point(argv):
    for n in [2, 9, 17, 91, 97]:
        say(b"divisor", first_divisor(n))
    for word in [b"alpha", b"beta"]:
        for c in word:
            if c == 116:
                line(word + b" has a t")
                break
        else:
            line(word + b" has no t")
    for i in range(0):
        line(b"never")
    else:
        line(b"empty loop runs else")
    return 0
