/* test_support.c - unit tests for the arena, the diagnostic printer and the
 * "did you mean" suggestions. */
#define _GNU_SOURCE /* fopencookie: counting the writes of the diagnostic printer */
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

/* Writes reaching an unbuffered stream: one per diagnostic expected. */
static ssize_t count_write(void *cookie, const char *buf, size_t size)
{
    (void)buf;
    ++*(int *)cookie;
    return (ssize_t)size;
}

static void diag_writes_once_per_diagnostic(void **state)
{
    (void)state;
    int writes = 0;
    cookie_io_functions_t io = {NULL, count_write, NULL, NULL};
    FILE *out = fopencookie(&writes, "w", io);
    setvbuf(out, NULL, _IONBF, 0); /* like stderr */
    struct nn_diag_sink sink;
    nn_diag_init(&sink, out);
    struct nn_source src;
    nn_source_from_string(&src, "m.nn", "net:\n    layers:\n\tbad=1\n");
    nn_diag(&sink, nn_loc_make(&src, 18, 21), NN_ERROR, "unknown key '%s'", "bad");
    nn_diag(&sink, nn_loc_make(&src, 5, 11), NN_WARNING, "a warning");
    fclose(out);
    assert_int_equal(writes, 2);
    nn_source_free(&src);
}

/* The diagnostics of one call into a fresh string. */
static char *diag_text(struct nn_source *src, size_t start, size_t end, const char *msg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    struct nn_diag_sink sink;
    nn_diag_init(&sink, out);
    nn_diag(&sink, nn_loc_make(src, start, end), NN_ERROR, "%s", msg);
    fclose(out);
    return buf;
}

static void diag_escapes_control_characters(void **state)
{
    (void)state;
    struct nn_source src;
    nn_source_from_string(&src, "m.nn", "a\033[31mb \xff\xc2\x9b c\n");
    char *text = diag_text(&src, 12, 13, "name 'x\033]0;t\a'"); /* at 'c' */
    assert_string_equal(text, "m.nn:1:12: error: name 'x\\x1B]0;t\\x07'\n"
                              "a\\x1B[31mb \\xFF\\xC2\\x9B c\n"
                              "                        ^\n");
    free(text);
    nn_source_free(&src);
}

static void diag_cuts_long_lines_around_the_column(void **state)
{
    (void)state;
    char line[10002];
    memset(line, 'x', 10000);
    line[5000] = 'Y';
    line[10000] = '\n';
    line[10001] = '\0';
    struct nn_source src;
    nn_source_from_string(&src, "m.nn", line);
    char *text = diag_text(&src, 5000, 5001, "here");
    char *excerpt = strchr(text, '\n') + 1, *caret = strchr(excerpt, '\n') + 1;
    assert_int_equal(strchr(excerpt, '\n') - excerpt, 3 + 2 * NN_DIAG_CONTEXT + 3);
    assert_memory_equal(excerpt, "...", 3);
    assert_int_equal(excerpt[3 + NN_DIAG_CONTEXT], 'Y');
    assert_int_equal(strchr(caret, '^') - caret, 3 + NN_DIAG_CONTEXT);
    free(text);
    nn_source_free(&src);
}

static void diag_caps_errors_and_counts_the_rest(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    struct nn_diag_sink sink;
    nn_diag_init(&sink, out);
    for (int i = 0; i < NN_DIAG_MAX_ERRORS + 5; i++) {
        nn_diag(&sink, nn_loc_make(NULL, 0, 0), NN_ERROR, "error %d", i);
        nn_diag(&sink, nn_loc_make(NULL, 0, 0), NN_NOTE, "note %d", i);
    }
    nn_diag_finish(&sink);
    fclose(out);
    assert_int_equal(sink.errors, NN_DIAG_MAX_ERRORS + 5);
    char last[64];
    snprintf(last, sizeof last, "nnc: note: note %d\n", NN_DIAG_MAX_ERRORS - 1);
    assert_non_null(strstr(buf, last));
    snprintf(last, sizeof last, "error %d", NN_DIAG_MAX_ERRORS);
    assert_null(strstr(buf, last));
    snprintf(last, sizeof last, "note %d", NN_DIAG_MAX_ERRORS);
    assert_null(strstr(buf, last));
    assert_non_null(strstr(buf, "nnc: 5 more errors not shown"));
    free(buf);
}

static void linecol_counts_cr_and_crlf_and_skips_a_bom(void **state)
{
    (void)state;
    struct nn_source src;
    nn_source_from_string(&src, "t.nn", "\xef\xbb\xbf" "ab\rcd\r\nef\n\rg");
    int line, col;
    nn_source_linecol(&src, 4, &line, &col); /* 'b' after the BOM */
    assert_int_equal(line, 1);
    assert_int_equal(col, 2);
    nn_source_linecol(&src, 7, &line, &col); /* 'd' after a CR */
    assert_int_equal(line, 2);
    assert_int_equal(col, 2);
    nn_source_linecol(&src, 10, &line, &col); /* 'e' after a CRLF */
    assert_int_equal(line, 3);
    assert_int_equal(col, 1);
    nn_source_linecol(&src, 14, &line, &col); /* 'g' after LF then CR */
    assert_int_equal(line, 5);
    assert_int_equal(col, 1);
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
        cmocka_unit_test(diag_writes_once_per_diagnostic),
        cmocka_unit_test(diag_escapes_control_characters),
        cmocka_unit_test(diag_cuts_long_lines_around_the_column),
        cmocka_unit_test(diag_caps_errors_and_counts_the_rest),
        cmocka_unit_test(linecol_counts_cr_and_crlf_and_skips_a_bom),
        cmocka_unit_test(suggest_ranks_close_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
