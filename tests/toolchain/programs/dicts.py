from support import line, say

TABLE = {1: 10, 2: 20, -3: 30}


def entry_point(argv):
    d = {}
    for i in range(200):
        d[i * 7] = i
    say(b"len", len(d))
    say(b"d[70]", d[70])
    say(b"get-miss", d.get(5, -1))
    say(b"get-hit", d.get(14, -1))
    if 49 in d:
        line(b"49 in d")
    if 50 not in d:
        line(b"50 not in d")
    d[70] = 12345
    say(b"overwrite", d[70])
    say(b"len-same", len(d))
    say(b"table", TABLE[1] + TABLE[2] + TABLE[-3])
    names = {1: b"one", 2: b"two"}
    line(names[2])
    neg = {-5: 1}
    neg[-5] += 41
    say(b"neg", neg[-5])
    if d:
        line(b"non-empty dict is true")
    return 0
