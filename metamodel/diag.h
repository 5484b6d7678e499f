/* diag.h - source files, byte-offset locations and the one diagnostic printer.
 *
 * Every front end (DSL, Python, XMI) and every pass reports through
 * nn_diag(): `file:line:col: error: message`, the source line, and carets
 * under the span.  Locations are byte offsets into the source text and are
 * turned into line and column only when printed.  A sink counts errors so
 * that a stage can go on after the first one and report them all.
 */
#ifndef NN_DIAG_H
#define NN_DIAG_H

#include <stddef.h>
#include <stdio.h>

struct nn_source {
    const char *path;  /* name shown in diagnostics */
    const char *text;  /* whole contents, NUL-terminated */
    size_t len;        /* bytes in text */
    size_t *lines;     /* start offset of each line (built on first use) */
    size_t nlines;
    int owns_text;     /* text was read by nn_source_read and is freed with it */
};

struct nn_loc {
    struct nn_source *src;       /* NULL: no location */
    size_t start;                /* first byte */
    size_t end;                  /* one past the last byte (== start: a point) */
};

enum nn_severity { NN_ERROR, NN_WARNING, NN_NOTE };

struct nn_diag_sink {
    FILE *out;        /* where messages go (NULL: count only) */
    int errors;
    int warnings;
    int max_errors;   /* stop printing after this many errors (0: no limit) */
};

void nn_diag_init(struct nn_diag_sink *s, FILE *out);

/* Read a whole file into a fresh source; returns 0, or errno on failure. */
int nn_source_read(struct nn_source *src, const char *path);
/* The largest file nn_source_read accepts (EFBIG beyond): 64 MiB, some
 * hundred times the largest real model file, and a bound on the memory a
 * hostile input can claim. */
#define NN_MAX_SOURCE_BYTES (64 << 20)
/* A source over text that the caller keeps alive (tests, generated input). */
void nn_source_from_string(struct nn_source *src, const char *path, const char *text);
void nn_source_free(struct nn_source *src);

/* 1-based line and column (in characters) of a byte offset. */
void nn_source_linecol(struct nn_source *src, size_t off, int *line, int *col);
/* The byte offset of a 1-based line and a 0-based byte column (CPython's
 * positions), clamped to the text; constant time after the first call. */
size_t nn_source_offset(struct nn_source *src, int line, int byte_col);
/* Number of lines (the source's one line index, built on first use); 0 when
 * out of memory. */
size_t nn_source_nlines(struct nn_source *src);

void nn_diag(struct nn_diag_sink *s, struct nn_loc loc, enum nn_severity sev,
             const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Construct a location. */
static inline struct nn_loc nn_loc_make(struct nn_source *src, size_t start, size_t end)
{
    struct nn_loc l = {src, start, end};
    return l;
}

/* Internal compiler errors: never reached with any input. */
#define NN_UNREACHABLE() nn_unreachable(__FILE__, __LINE__)
_Noreturn void nn_unreachable(const char *file, int line);

#endif
