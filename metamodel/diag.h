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

/* How diagnostics are written: for people (text, with the source line and
 * carets), one JSON object per line, or one SARIF 2.1.0 log whose results
 * are the diagnostics (opened at the first, closed by nn_diag_finish). */
enum nn_diag_format { NN_DIAG_TEXT, NN_DIAG_JSON, NN_DIAG_SARIF };

struct nn_diag_sink {
    FILE *out;        /* where messages go (NULL: count only) */
    int errors;
    int warnings;
    int max_errors;   /* stop printing after this many errors (0: no limit) */
    int max_warnings; /* the same for warnings */
    int hiding;       /* the last error or warning was not printed, nor its notes */
    enum nn_diag_format format;
    size_t written;   /* diagnostics written (SARIF: results, for the commas) */
    int opened;       /* SARIF: the log's head was written */
};

/* The caps nn_diag_init sets: a file with more errors (or warnings) gets
 * the first ones and a count of the others (nn_diag_finish). */
#define NN_DIAG_MAX_ERRORS 20
#define NN_DIAG_MAX_WARNINGS 100
/* Characters of the source line shown on each side of the column, and of
 * a message (longer ones are cut in the middle). */
#define NN_DIAG_CONTEXT 60
#define NN_DIAG_MAX_MESSAGE 300

void nn_diag_init(struct nn_diag_sink *s, FILE *out);
/* Would the next diagnostic of severity sev be kept back by the caps?
 * Callers whose location costs time to find skip finding it then. */
int nn_diag_capped(const struct nn_diag_sink *s, enum nn_severity sev);
/* Print how many errors and warnings the caps kept back, if any. */
void nn_diag_finish(struct nn_diag_sink *s);

/* Read a whole file into a fresh source; returns 0, or errno on failure.
 * A FIFO or socket is read without ever blocking for good: ETIMEDOUT when
 * nothing comes for NN_PIPE_WAIT_SECONDS (a FIFO nobody writes). */
int nn_source_read(struct nn_source *src, const char *path);
/* What an nn_source_read failure means, for messages. */
const char *nn_source_error(int err);
/* The largest file nn_source_read accepts (EFBIG beyond): 64 MiB, some
 * hundred times the largest real model file, and a bound on the memory a
 * hostile input can claim. */
#define NN_MAX_SOURCE_MIB 64
#define NN_MAX_SOURCE_BYTES (NN_MAX_SOURCE_MIB << 20)
/* How long the other end of a FIFO is waited for, reading or writing. */
#define NN_PIPE_WAIT_SECONDS 5
#define NN_STR_(x) #x
#define NN_STR(x) NN_STR_(x)
/* A source over text that the caller keeps alive (tests, generated input). */
void nn_source_from_string(struct nn_source *src, const char *path, const char *text);
void nn_source_free(struct nn_source *src);

/* 1-based line and column (in characters) of a byte offset. */
void nn_source_linecol(struct nn_source *src, size_t off, int *line, int *col);
/* The byte offset of a 1-based line and a 0-based byte column (CPython's
 * positions), clamped to the text; constant time after the first call. */
size_t nn_source_offset(struct nn_source *src, int line, int byte_col);
/* The 0-based line holding byte off (a binary search of the line index),
 * (size_t)-1 when out of memory; and where 0-based line li starts. */
size_t nn_source_line_of(struct nn_source *src, size_t off);
size_t nn_source_line_begin(struct nn_source *src, size_t li);
/* Number of lines (the source's one line index, built on first use); 0 when
 * out of memory. */
size_t nn_source_nlines(struct nn_source *src);

/* Report one diagnostic: formatted in memory and written at once, with
 * control characters and malformed UTF-8 of the input escaped (\xNN). */
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
