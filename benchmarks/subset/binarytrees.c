/* Binary trees: the hand-written equivalent of binarytrees.py.  Nodes are two-pointer
 * structs allocated with Boehm's GC_MALLOC, the translated program's allocator, so the
 * comparison is of the code around the allocations. */
#include <gc.h>
#include <stdio.h>
#include <stdlib.h>

struct node {
    struct node *left, *right;
};

static struct node *new_node(struct node *left, struct node *right) {
    struct node *n = GC_MALLOC(sizeof(struct node));
    n->left = left;
    n->right = right;
    return n;
}

static struct node *bottom_up_tree(long depth) {
    if (depth <= 0) return new_node(NULL, NULL);
    struct node *left = bottom_up_tree(depth - 1);
    return new_node(left, bottom_up_tree(depth - 1));
}

static long item_check(const struct node *node) {
    if (node->left == NULL) return 1;
    return 1 + item_check(node->left) + item_check(node->right);
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    long max_depth = strtol(argv[1], NULL, 10);
    long min_depth = 4;
    GC_INIT();
    if (max_depth < min_depth + 2) max_depth = min_depth + 2;
    long stretch = max_depth + 1;
    printf("stretch tree of depth %ld\t check: %ld\n", stretch,
           item_check(bottom_up_tree(stretch)));
    struct node *long_lived = bottom_up_tree(max_depth);
    for (long depth = min_depth; depth <= max_depth; depth += 2) {
        long iterations = 1L << (max_depth - depth + min_depth);
        long check = 0;
        for (long i = 0; i < iterations; i++) check += item_check(bottom_up_tree(depth));
        printf("%ld\t trees of depth %ld\t check: %ld\n", iterations, depth, check);
    }
    printf("long lived tree of depth %ld\t check: %ld\n", max_depth, item_check(long_lived));
    return 0;
}
