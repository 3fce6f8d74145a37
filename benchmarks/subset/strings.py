"""String building: many small strings made with str() and +, collected in a list and
joined into one large string, then scanned byte by byte for a checksum."""

import os


def build(n, round_nr):
    parts = []
    for i in range(n):
        parts.append("item" + str(i * 7 + round_nr) + ":" + str(i % 97) + ",")
    return "".join(parts)


def checksum(text):
    data = text.encode("latin-1")
    h = 0
    for i in range(len(data)):
        h = (h * 31 + data[i]) & 0xFFFFFFFF
    return h


def entry_point(argv):
    n = int(argv[1])
    total = 0
    length = 0
    for round_nr in range(5):
        text = build(n, round_nr)
        length += len(text)
        total = (total + checksum(text)) & 0xFFFFFFFF
    os.write(1, ("length " + str(length) + " checksum " + str(total) + "\n").encode("latin-1"))
    return 0
