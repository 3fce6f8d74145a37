"""Sieve of Eratosthenes, prime gaps and twin primes."""

from support import say


def sieve(n):
    is_prime = [True] * (n + 1)
    is_prime[0] = False
    is_prime[1] = False
    i = 2
    while i * i <= n:
        if is_prime[i]:
            j = i * i
            while j <= n:
                is_prime[j] = False
                j += i
        i += 1
    return [k for k in range(n + 1) if is_prime[k]]


def entry_point(argv):
    primes = sieve(20000)
    say(b"count", len(primes))
    say(b"largest", primes[-1])
    gap = 0
    twins = 0
    for i in range(1, len(primes)):
        d = primes[i] - primes[i - 1]
        if d > gap:
            gap = d
        if d == 2:
            twins += 1
    say(b"max-gap", gap)
    say(b"twins", twins)
    return 0
