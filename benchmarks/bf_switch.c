/* The baseline for benchmarks/bench_bf.py: a plain switch-based BF interpreter in C.
 *
 * It has the same semantics as interpreters/bf/bf.py (8-bit wrapping cells, a tape that
 * grows to the right, 0 stored at end of input, comments skipped) and the same
 * structure (commands only, bracket jumps precomputed, one switch per command, buffered
 * stdout), so that the ratio measures the translator rather than a cleverer algorithm.
 *
 *     gcc -O2 -o bf_switch benchmarks/bf_switch.c && ./bf_switch PROGRAM.b
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *xrealloc(void *p, size_t size)
{
    p = realloc(p, size);
    if (p == NULL) {
        fputs("bf_switch: out of memory\n", stderr);
        exit(1);
    }
    return p;
}

/* Reads the file and keeps only the eight command bytes. */
static char *load(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    size_t capacity = 4096, n = 0;
    char *code = xrealloc(NULL, capacity);
    int c;
    while ((c = getc(f)) != EOF) {
        if (strchr("+-<>.,[]", c) == NULL || c == 0)
            continue;
        if (n == capacity)
            code = xrealloc(code, capacity *= 2);
        code[n++] = (char)c;
    }
    fclose(f);
    *length = n;
    return code;
}

/* jump[pc] is the index of the matching bracket, for both '[' and ']'. */
static size_t *match_brackets(const char *code, size_t n)
{
    size_t *jump = xrealloc(NULL, (n + 1) * sizeof *jump);
    size_t *stack = xrealloc(NULL, (n + 1) * sizeof *stack);
    size_t depth = 0;
    for (size_t pc = 0; pc < n; pc++) {
        if (code[pc] == '[') {
            stack[depth++] = pc;
        } else if (code[pc] == ']') {
            if (depth == 0) {
                fprintf(stderr, "bf_switch: unmatched bracket at command %zu\n", pc);
                exit(1);
            }
            size_t open = stack[--depth];
            jump[open] = pc;
            jump[pc] = open;
        }
    }
    if (depth != 0) {
        fprintf(stderr, "bf_switch: unmatched bracket at command %zu\n", stack[depth - 1]);
        exit(1);
    }
    free(stack);
    return jump;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: bf_switch PROGRAM.b\n", stderr);
        return 1;
    }
    static char outbuf[1 << 16];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);

    size_t n;
    char *code = load(argv[1], &n);
    size_t *jump = match_brackets(code, n);
    size_t size = 4096, pos = 0;
    unsigned char *tape = calloc(size, 1);
    if (tape == NULL) {
        fputs("bf_switch: out of memory\n", stderr);
        return 1;
    }

    for (size_t pc = 0; pc < n; pc++) {
        switch (code[pc]) {
        case '+': tape[pos]++; break;
        case '-': tape[pos]--; break;
        case '>':
            if (++pos == size) {
                tape = xrealloc(tape, size * 2);
                memset(tape + size, 0, size);
                size *= 2;
            }
            break;
        case '<':
            if (pos == 0) {
                fflush(stdout);
                fprintf(stderr, "bf_switch: moved left of the first cell at command %zu\n", pc);
                return 1;
            }
            pos--;
            break;
        case '.': putchar(tape[pos]); break;
        case ',': {
            fflush(stdout);
            int c = getchar();
            tape[pos] = c == EOF ? 0 : (unsigned char)c;
            break;
        }
        case '[': if (tape[pos] == 0) pc = jump[pc]; break;
        case ']': if (tape[pos] != 0) pc = jump[pc]; break;
        }
    }
    fflush(stdout);
    return 0;
}
