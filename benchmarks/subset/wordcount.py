"""Dict-heavy word count: generate text from a pseudo-random word stream, split it,
count the words in a dict keyed by str, then summarise the counts."""

import os

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pu", "an", "el"]


def make_vocabulary(size):
    words = []
    for i in range(size):
        word = ""
        k = i
        while True:
            word += SYLLABLES[k % 12]
            k = k // 12
            if k == 0:
                break
        words.append(word)
    return words


def make_text(vocabulary, n):
    # A linear congruential generator, masked to 32 bits so that C's unsigned
    # arithmetic gives the same stream.
    seed = 12345
    picked = []
    for _ in range(n):
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        picked.append(vocabulary[(seed >> 8) % len(vocabulary)])
    return " ".join(picked)


def count_words(text):
    counts = {}
    for word in text.split():
        counts[word] = counts.get(word, 0) + 1
    return counts


def entry_point(argv):
    n = int(argv[1])
    vocabulary = make_vocabulary(20000)
    text = make_text(vocabulary, n)
    counts = count_words(text)
    top = 0
    weighted = 0
    for word, count in counts.items():
        if count > top:
            top = count
        weighted += count * len(word)
    os.write(1, ("distinct " + str(len(counts)) + " top " + str(top) + " weighted "
                 + str(weighted) + "\n").encode("latin-1"))
    return 0
