"""Word frequency count: normalise, count in a dict, rank by count then alphabetically."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


TEXT = """It was the best of times, it was the worst of times, it was the age of
wisdom, it was the age of foolishness, it was the epoch of belief, it was the
epoch of incredulity, it was the season of Light, it was the season of Darkness"""


def words(text):
    result = []
    current = []
    for c in text:
        if c.isalpha():
            current.append(c.lower())
        elif current:
            result.append("".join(current))
            current = []
    if current:
        result.append("".join(current))
    return result


def entry_point(argv):
    counts = {}
    for w in words(TEXT):
        counts[w] = counts.get(w, 0) + 1
    # Rank with a sortable key: a zero-padded inverted count, then the word.
    keys = []
    for w, n in counts.items():
        inverted = str(1000 - n)
        keys.append("0" * (4 - len(inverted)) + inverted + " " + w)
    keys.sort()
    for k in keys[:8]:
        parts = k.split(" ")
        out(parts[1] + " " + str(1000 - int(parts[0])))
    out(str(len(counts)) + " distinct")
    return 0
