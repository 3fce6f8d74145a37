/* Recursive Fibonacci: the hand-written equivalent of fib.py. */
#include <stdio.h>
#include <stdlib.h>

static long fib(long n) {
    if (n < 2) return n;
    return fib(n - 1) + fib(n - 2);
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    long n = strtol(argv[1], NULL, 10);
    printf("fib(%ld) = %ld\n", n, fib(n));
    return 0;
}
