"""keys, values and items follow insertion order, through deletion and re-insertion."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def show(d):
    parts = []
    for k, v in d.items():
        parts.append(k + "=" + str(v))
    out(" ".join(parts))


def entry_point(argv):
    d = {}
    for name in ["zeta", "alpha", "mu", "beta", "omega"]:
        d[name] = len(name)
    show(d)
    del d["alpha"]
    d["alpha"] = 0
    d["zeta"] = 99
    show(d)
    out(",".join(d.keys()))
    out(",".join([str(v) for v in d.values()]))
    for i in range(50):
        d["tmp" + str(i)] = i
    for i in range(50):
        del d["tmp" + str(i)]
    d["last"] = -1
    show(d)
    return 0
