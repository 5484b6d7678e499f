/* test_support.c - unit tests for the arena, the diagnostic printer and the
 * "did you mean" suggestions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metamodel/arena.h"
#include "metamodel/diag.h"
#include "metamodel/suggest.h"

static void arena_allocates_zeroed_aligned_memory(void **state)
{
    (void)state;
    struct nn_arena a;
    nn_arena_init(&a);
    for (int i = 0; i < 10000; i++) {
        unsigned char *p = nn_arena_alloc(&a, (size_t)(i % 97) + 1);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        for (int k = 0; k < (i % 97) + 1; k++)
            assert_int_equal(p[k], 0);
        memset(p, 0xAB, (size_t)(i % 97) + 1);
    }
    void *big = nn_arena_alloc(&a, 1 << 20);
    assert_non_null(big);
    char *s = nn_arena_printf(&a, "%s-%d", "layer", 42);
    assert_string_equal(s, "layer-42");
    assert_false(nn_arena_failed(&a));
    nn_arena_free(&a);
}

static void arena_grow_keeps_items(void **state)
{
    (void)state;
    struct nn_arena a;
    nn_arena_init(&a);
    int *v = NULL;
    size_t n = 0, cap = 0;
    for (int i = 0; i < 1000; i++) {
        if (n == cap) {
            cap = cap ? cap * 2 : 4;
            v = nn_arena_grow(&a, v, n, cap, sizeof *v);
        }
        v[n++] = i;
    }
    for (int i = 0; i < 1000; i++)
        assert_int_equal(v[i], i);
    nn_arena_free(&a);
}

static void linecol_counts_lines_and_characters(void **state)
{
    (void)state;
    struct nn_source src;
    nn_source_from_string(&src, "t.nn", "ab\n\xc3\xa9x y\n\nlast");
    int line, col;
    nn_source_linecol(&src, 0, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 1);
    nn_source_linecol(&src, 5, &line, &col); /* 'x' after a two-byte char */
    assert_int_equal(line, 2);
    assert_int_equal(col, 2);
    nn_source_linecol(&src, 10, &line, &col);
    assert_int_equal(line, 4);
    assert_int_equal(col, 1);
    nn_source_free(&src);
}

static void diag_prints_location_line_and_caret(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    struct nn_diag_sink sink;
    nn_diag_init(&sink, out);
    struct nn_source src;
    nn_source_from_string(&src, "m.nn", "net:\n    layers:\n\tbad=1\n");
    nn_diag(&sink, nn_loc_make(&src, 18, 21), NN_ERROR, "unknown key '%s'", "bad");
    nn_diag(&sink, nn_loc_make(NULL, 0, 0), NN_WARNING, "no location");
    fclose(out);
    assert_string_equal(buf, "m.nn:3:2: error: unknown key 'bad'\n"
                             "\tbad=1\n"
                             "\t^~~\n"
                             "nnc: warning: no location\n");
    assert_int_equal(sink.errors, 1);
    assert_int_equal(sink.warnings, 1);
    free(buf);
    nn_source_free(&src);
}

static void suggest_ranks_close_names(void **state)
{
    (void)state;
    static const char *const kinds[] = {"Linear", "Flatten", "LSTM", "Conv1D", "Conv2D"};
    size_t best[3];
    /* a swap is one edit; case does not count; the closest comes first */
    assert_int_equal(nn_suggest("LSMT", kinds, 5, best, 3), 1);
    assert_int_equal(best[0], 2);
    assert_int_equal(nn_suggest("conv2d", kinds, 5, best, 3), 2);
    assert_int_equal(best[0], 4);
    assert_int_equal(best[1], 3);
    /* k bounds the answer and keeps the closest */
    assert_int_equal(nn_suggest("conv2d", kinds, 5, best, 1), 1);
    assert_int_equal(best[0], 4);
    /* nothing close: nothing offered */
    assert_int_equal(nn_suggest("Dense", kinds, 5, best, 3), 0);
    assert_int_equal(nn_suggest("x", kinds, 5, best, 0), 0);
    /* a long shared piece */
    static const char *const targets[] = {"dsl", "torch-seq", "tf-seq"};
    assert_int_equal(nn_suggest("pytorch", targets, 3, best, 3), 1);
    assert_int_equal(best[0], 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_allocates_zeroed_aligned_memory),
        cmocka_unit_test(arena_grow_keeps_items),
        cmocka_unit_test(linecol_counts_lines_and_characters),
        cmocka_unit_test(diag_prints_location_line_and_caret),
        cmocka_unit_test(suggest_ranks_close_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
