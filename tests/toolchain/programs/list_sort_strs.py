"""sort on strings: byte order, so capitals before lower case and prefixes first."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    words = "the quick brown fox jumps over the lazy dog The Quick a aa".split()
    words.sort()
    out(" ".join(words))
    nums = [str(i) for i in [10, 9, 100, 1, 2, 20]]
    nums.sort()
    out(" ".join(nums))
    keys = ["b", "", "ab", "a", "ba"]
    keys.sort()
    out("|".join(keys))
    return 0
