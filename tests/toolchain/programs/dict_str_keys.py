"""Dicts keyed by strings built at run time, with lookups by equal but distinct strings."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    ages = {"ada": 36, "alan": 41}
    ages["grace"] = 85
    key = "gr" + "ace"
    out(str(ages[key]) + " " + str(ages.get("bob", -1)) + " " + str("alan" in ages))
    index = {}
    for i in range(300):
        index["k" + str(i)] = i
    out(str(len(index)) + " " + str(index["k299"]) + " " + str(index["k" + str(150)]))
    empty_key = {"": 0, " ": 1}
    out(str(empty_key[""]) + str(empty_key[" "]))
    upper = {}
    for name in ages:
        upper[name.upper()] = ages[name]
    for name in upper:
        out(name + "=" + str(upper[name]))
    return 0
