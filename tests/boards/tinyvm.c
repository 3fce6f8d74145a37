/* A tiny stand-in "interpreter" for board tests: it runs a program file whose lines are
 * commands, so fault cases (spin forever, flood both streams) are easy to write. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    char line[256];
    FILE *f;
    if (argc < 2 || !(f = fopen(argv[1], "r"))) {
        fprintf(stderr, "usage: tinyvm PROGRAM\n");
        return 2;
    }
    /* Buffered stderr, so that flooding it costs write calls by the block, not the byte. */
    setvbuf(stderr, NULL, _IOFBF, 1 << 16);
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "print ", 6)) {
            fputs(line + 6, stdout);
        } else if (!strncmp(line, "cat-stdin", 9)) {
            int c;
            while ((c = getchar()) != EOF) putchar(c);
        } else if (!strncmp(line, "spin", 4)) {
            fflush(stdout);
            for (volatile unsigned long i = 0;; i++) {}
        } else if (!strncmp(line, "sleep ", 6)) {
            fflush(stdout);
            sleep((unsigned)atoi(line + 6));
        } else if (!strncmp(line, "flood ", 6)) {
            long n = atol(line + 6);
            for (long i = 0; i < n; i++) {
                putchar('o');
                fputc('e', stderr);
            }
        } else if (!strncmp(line, "segv", 4)) {
            fflush(stdout);
            *(volatile int *)0 = 1;
        } else if (!strncmp(line, "exit ", 5)) {
            fflush(stdout);
            return atoi(line + 5);
        }
    }
    return 0;
}
