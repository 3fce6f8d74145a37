/* Sieve of Eratosthenes: the hand-written equivalent of sieve.py.  The flags are one
 * GC-allocated array of bool, as the list is; the array is pointer-free, so atomic. */
#include <gc.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long sieve(long limit) {
    bool *flags = GC_MALLOC_ATOMIC((size_t)(limit + 1) * sizeof(bool));
    memset(flags, true, (size_t)(limit + 1) * sizeof(bool));
    flags[0] = false;
    flags[1] = false;
    for (long i = 2; i * i <= limit; i++) {
        if (flags[i])
            for (long j = i * i; j <= limit; j += i) flags[j] = false;
    }
    long count = 0, last = 0;
    for (long k = 0; k <= limit; k++) {
        if (flags[k]) {
            count++;
            last = k;
        }
    }
    return count * 1000003 + last;
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    long limit = strtol(argv[1], NULL, 10);
    GC_INIT();
    long checksum = 0;
    for (int r = 0; r < 10; r++) checksum += sieve(limit);
    printf("sieve(%ld) x10 = %ld\n", limit, checksum);
    return 0;
}
