import os

from support import line, say


class AppError(Exception):
    def __init__(self, code):
        self.code = code


class NotFound(AppError):
    pass


def check(n):
    if n < 0:
        raise ValueError("negative")
    if n == 0:
        raise NotFound(404)
    if n > 100:
        raise AppError(500)
    return n * 2


def safe_div(a, b):
    try:
        return a // b
    except ZeroDivisionError:
        return -1


def lookup(d, k):
    try:
        value = d[k]
    except KeyError:
        line(b"missing key")
        return 0
    else:
        line(b"found key")
        return value


def index(items, i):
    try:
        return items[i]
    except IndexError:
        return -99


def cleanup(n):
    log = []
    try:
        try:
            log.append(1)
            check(n)
            log.append(2)
        finally:
            log.append(3)
    except AppError as e:
        say(b"app error code", e.code)
    return len(log)


def reraise(n):
    try:
        check(n)
    except ValueError:
        line(b"reraising")
        raise


def deep(n):
    if n == 0:
        raise NotFound(1)
    return deep(n - 1) + 1


def entry_point(argv):
    for n in [5, -1, 0, 200]:
        try:
            say(b"check", check(n))
        except NotFound as e:
            say(b"not found", e.code)
        except AppError as e:
            say(b"app", e.code)
        except ValueError:
            line(b"value error")
    say(b"div", safe_div(7, 2))
    say(b"div0", safe_div(7, 0))
    d = {1: 10}
    say(b"lookup", lookup(d, 1))
    say(b"lookup", lookup(d, 2))
    say(b"index", index([1, 2, 3], 1))
    say(b"index-miss", index([1, 2, 3], 10))
    say(b"index-neg", index([1, 2, 3], -1))
    say(b"cleanup-ok", cleanup(5))
    say(b"cleanup-err", cleanup(0))
    try:
        reraise(-5)
    except ValueError:
        line(b"caught reraise")
    try:
        deep(50)
    except AppError as e:
        say(b"deep", e.code)
    try:
        os.open("/nonexistent/kiln/file", os.O_RDONLY, 0)
    except OSError:
        line(b"oserror")
    caught = 0
    for i in range(5):
        try:
            if i % 2 == 0:
                raise AppError(i)
        except AppError as e:
            caught += e.code
    say(b"loop", caught)
    check_recursion()
    return 0


def forever(n):
    return forever(n + 1) + 1


def check_recursion():
    try:
        forever(0)
    except RecursionError:
        line(b"recursion limit")
