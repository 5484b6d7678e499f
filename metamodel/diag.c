/* diag.c - locations to line:col, and the diagnostic printer (see diag.h). */
#include "metamodel/diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void nn_diag_init(struct nn_diag_sink *s, FILE *out)
{
    memset(s, 0, sizeof *s);
    s->out = out;
}

int nn_source_read(struct nn_source *src, const char *path)
{
    memset(src, 0, sizeof *src);
    FILE *f = fopen(path, "rb");
    if (!f)
        return errno ? errno : EIO;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    int err = 0;
    while (buf) {
        size_t n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
        if (n == 0) {
            if (ferror(f))
                err = errno ? errno : EIO;
            break;
        }
        if (len > NN_MAX_SOURCE_BYTES) {
            err = EFBIG;
            break;
        }
        if (cap - len - 1 == 0) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf)
        return ENOMEM;
    if (err) {
        free(buf);
        return err;
    }
    buf[len] = '\0';
    src->path = path;
    src->text = buf;
    src->len = len;
    src->owns_text = 1;
    return 0;
}

void nn_source_from_string(struct nn_source *src, const char *path, const char *text)
{
    memset(src, 0, sizeof *src);
    src->path = path;
    src->text = text;
    src->len = strlen(text);
    src->lines = NULL;
}

void nn_source_free(struct nn_source *src)
{
    if (src->owns_text)
        free((void *)src->text);
    free(src->lines);
    memset(src, 0, sizeof *src);
}

/* Index line starts once so that each lookup is a binary search. */
static int index_lines(struct nn_source *src)
{
    size_t n = 1;
    for (size_t i = 0; i < src->len; i++)
        n += src->text[i] == '\n';
    src->lines = malloc(n * sizeof *src->lines);
    if (!src->lines)
        return 0;
    size_t k = 0;
    src->lines[k++] = 0;
    for (size_t i = 0; i < src->len; i++)
        if (src->text[i] == '\n')
            src->lines[k++] = i + 1;
    src->nlines = n;
    return 1;
}

/* Characters (UTF-8 lead bytes) in text[from..to). */
static int count_chars(const char *text, size_t from, size_t to)
{
    int c = 0;
    for (size_t i = from; i < to; i++)
        c += ((unsigned char)text[i] & 0xC0) != 0x80;
    return c;
}

static size_t line_index(struct nn_source *src, size_t off)
{
    size_t lo = 0, hi = src->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (src->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

void nn_source_linecol(struct nn_source *src, size_t off, int *line, int *col)
{
    if (off > src->len)
        off = src->len;
    if (!src->lines && !index_lines(src)) {
        *line = 0;
        *col = 0;
        return;
    }
    size_t li = line_index(src, off);
    *line = (int)li + 1;
    *col = count_chars(src->text, src->lines[li], off) + 1;
}

size_t nn_source_nlines(struct nn_source *src)
{
    return src->lines || index_lines(src) ? src->nlines : 0;
}

size_t nn_source_offset(struct nn_source *src, int line, int byte_col)
{
    if (line < 1 || (!src->lines && !index_lines(src)))
        return 0;
    if ((size_t)line > src->nlines)
        return src->len;
    size_t off = src->lines[line - 1] + (size_t)(byte_col > 0 ? byte_col : 0);
    return off > src->len ? src->len : off;
}

static const char *severity_name(enum nn_severity sev)
{
    switch (sev) {
    case NN_ERROR: return "error";
    case NN_WARNING: return "warning";
    case NN_NOTE: return "note";
    }
    return "error";
}

/* Print the source line holding loc.start and carets under the span. */
static void print_excerpt(FILE *out, struct nn_source *src, struct nn_loc loc)
{
    size_t li = line_index(src, loc.start);
    size_t from = src->lines[li], to = from;
    while (to < src->len && src->text[to] != '\n' && src->text[to] != '\r')
        to++;
    fprintf(out, "%.*s\n", (int)(to - from), src->text + from);
    for (size_t i = from; i < loc.start && i < to; i++) {
        unsigned char ch = (unsigned char)src->text[i];
        if ((ch & 0xC0) != 0x80)
            fputc(ch == '\t' ? '\t' : ' ', out);
    }
    size_t end = loc.end > to ? to : loc.end;
    int width = end > loc.start ? count_chars(src->text, loc.start, end) : 1;
    for (int i = 0; i < width; i++)
        fputc(i == 0 ? '^' : '~', out);
    fputc('\n', out);
}

void nn_diag(struct nn_diag_sink *s, struct nn_loc loc, enum nn_severity sev,
             const char *fmt, ...)
{
    if (sev == NN_ERROR)
        s->errors++;
    else if (sev == NN_WARNING)
        s->warnings++;
    if (!s->out || (sev == NN_ERROR && s->max_errors && s->errors > s->max_errors))
        return;
    struct nn_source *src = loc.src;
    int line = 0, col = 0;
    if (src) {
        nn_source_linecol(src, loc.start, &line, &col);
        fprintf(s->out, "%s:%d:%d: ", src->path, line, col);
    } else {
        fputs("nnc: ", s->out);
    }
    fprintf(s->out, "%s: ", severity_name(sev));
    va_list ap;
    va_start(ap, fmt);
    vfprintf(s->out, fmt, ap);
    va_end(ap);
    fputc('\n', s->out);
    if (src && line > 0)
        print_excerpt(s->out, src, loc);
}

void nn_unreachable(const char *file, int line)
{
    fprintf(stderr, "nnc: internal error at %s:%d: please report this bug\n", file, line);
    abort();
}
