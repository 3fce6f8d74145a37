from support import line


def entry_point(argv):
    line(b"returning 3")
    return 3
