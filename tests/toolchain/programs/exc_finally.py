"""finally runs on normal exit and on exceptions, also nested inside except."""

from support import line, say


class Oops(Exception):
    pass


class Log:
    def __init__(self):
        self.entries = []


def body(log, mode):
    result = 10
    try:
        log.entries.append(1)
        if mode == 1:
            raise Oops()
        if mode == 2:
            result = 20
        else:
            log.entries.append(2)
    finally:
        log.entries.append(3)
    return result


def nested(log):
    try:
        try:
            raise Oops()
        finally:
            log.entries.append(4)
    except Oops:
        log.entries.append(5)
    finally:
        log.entries.append(6)


def entry_point(argv):
    for mode in range(3):
        log = Log()
        try:
            say(b"result", body(log, mode))
        except Oops:
            line(b"oops")
        say(b"entries", len(log.entries))
        say(b"last", log.entries[-1])
    log = Log()
    nested(log)
    for e in log.entries:
        say(b"nested", e)
    return 0
