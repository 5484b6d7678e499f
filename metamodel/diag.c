/* diag.c - locations to line:col, and the diagnostic printer (see diag.h). */
#include "metamodel/diag.h"
#include "metamodel/diag_json.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void nn_diag_init(struct nn_diag_sink *s, FILE *out)
{
    memset(s, 0, sizeof *s);
    s->out = out;
    s->max_errors = NN_DIAG_MAX_ERRORS;
    s->max_warnings = NN_DIAG_MAX_WARNINGS;
}

/* Wait until fd (a pipe or socket) has data or its end; ETIMEDOUT after
 * NN_PIPE_WAIT_SECONDS of silence.  0 or an errno value. */
static int wait_readable(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    for (;;) {
        int n = poll(&p, 1, NN_PIPE_WAIT_SECONDS * 1000);
        if (n > 0)
            return 0;
        if (n == 0)
            return ETIMEDOUT;
        if (errno != EINTR)
            return errno;
    }
}

/* Read fd to its end into a fresh buffer (*buf, *len); pipes are waited on
 * through poll, never by a read that could block forever.  0 or errno. */
static int read_all(int fd, int is_pipe, char **buf, size_t *len)
{
    size_t cap = 4096;
    *len = 0;
    if (!(*buf = malloc(cap)))
        return ENOMEM;
    for (;;) {
        int err = is_pipe ? wait_readable(fd) : 0;
        if (err)
            return err;
        ssize_t n = read(fd, *buf + *len, cap - *len - 1);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0)
            return n < 0 ? errno : 0;
        *len += (size_t)n;
        if (*len > NN_MAX_SOURCE_BYTES)
            return EFBIG;
        if (cap - *len - 1 == 0) {
            char *nb = realloc(*buf, cap * 2);
            if (!nb)
                return ENOMEM;
            *buf = nb;
            cap *= 2;
        }
    }
}

int nn_source_read(struct nn_source *src, const char *path)
{
    memset(src, 0, sizeof *src);
    /* Non-blocking: opening a FIFO nobody writes would otherwise wait forever. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return errno ? errno : EIO;
    struct stat st;
    int err = fstat(fd, &st) != 0 ? errno : 0;
    int is_pipe = !err && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
    if (!err && !is_pipe && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0)
        err = errno;
    char *buf = NULL;
    size_t len = 0;
    if (!err)
        err = read_all(fd, is_pipe, &buf, &len);
    close(fd);
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

const char *nn_source_error(int err)
{
    if (err == EFBIG)
        return "larger than " NN_STR(NN_MAX_SOURCE_MIB) " MiB (nnc's limit)";
    if (err == ETIMEDOUT)
        return "nothing written to it for " NN_STR(NN_PIPE_WAIT_SECONDS) " s (nnc's limit)";
    return strerror(err);
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

/* Does a line end at text[i]?  LF, CR and CRLF all end a line (a CR
 * followed by LF is counted at the LF). */
static int ends_line(const char *text, size_t len, size_t i)
{
    return text[i] == '\n' || (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n'));
}

/* Index line starts once so that each lookup is a binary search. */
static int index_lines(struct nn_source *src)
{
    size_t n = 1;
    for (size_t i = 0; i < src->len; i++)
        n += ends_line(src->text, src->len, i);
    src->lines = malloc(n * sizeof *src->lines);
    if (!src->lines)
        return 0;
    size_t k = 0;
    src->lines[k++] = 0;
    for (size_t i = 0; i < src->len; i++)
        if (ends_line(src->text, src->len, i))
            src->lines[k++] = i + 1;
    src->nlines = n;
    return 1;
}

/* Where line li's text starts: past a UTF-8 byte order mark on line 1. */
static size_t line_start(const struct nn_source *src, size_t li)
{
    size_t from = src->lines[li];
    if (li == 0 && src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0)
        from = 3;
    return from;
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
    size_t from = line_start(src, li);
    *line = (int)li + 1;
    *col = off > from ? count_chars(src->text, from, off) + 1 : 1;
}

size_t nn_source_line_of(struct nn_source *src, size_t off)
{
    if (off > src->len)
        off = src->len;
    if (!src->lines && !index_lines(src))
        return (size_t)-1;
    return line_index(src, off);
}

size_t nn_source_line_begin(struct nn_source *src, size_t li)
{
    if ((!src->lines && !index_lines(src)) || li >= src->nlines)
        return src->len;
    return line_start(src, li);
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

/* Bytes in the UTF-8 character at t[i..n) that a terminal may show as it
 * is, or 0 when it must be escaped: control characters (C0, DEL, C1, the
 * escape sequences' introducers), malformed or truncated sequences. */
static size_t printable_len(const unsigned char *t, size_t i, size_t n)
{
    unsigned char c = t[i];
    if (c == '\t' || (c >= 0x20 && c < 0x7f))
        return 1;
    size_t k = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
             : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (k == 0 || i + k > n || (c == 0xC2 && t[i + 1] < 0xA0))
        return 0; /* not a lead byte, cut short, or a C1 control */
    for (size_t j = 1; j < k; j++)
        if ((t[i + j] & 0xC0) != 0x80)
            return 0;
    return k;
}

/* Write text[from..to) to out (NULL: nowhere) with unprintable bytes as
 * \xNN; returns the columns it takes (a character 1, an escape 4). */
static size_t put_escaped(FILE *out, const char *text, size_t from, size_t to)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t width = 0;
    for (size_t i = from; i < to;) {
        size_t k = printable_len(t, i, to);
        if (k && out)
            fwrite(t + i, 1, k, out);
        else if (out)
            fprintf(out, "\\x%02X", t[i]);
        width += k ? 1 : 4;
        i += k ? k : 1;
    }
    return width;
}

/* Where the character k characters before (or after, forward) offset
 * at starts, not beyond the bound. */
static size_t step_chars(const char *text, size_t at, size_t bound, size_t k, int forward)
{
    while (k && at != bound) {
        at += forward ? 1 : (size_t)-1;
        while (at != bound && ((unsigned char)text[at] & 0xC0) == 0x80)
            at += forward ? 1 : (size_t)-1;
        k--;
    }
    return at;
}

/* Pad to the caret: a tab stays a tab, everything else becomes spaces. */
static void put_padding(FILE *out, const char *text, size_t from, size_t to)
{
    const unsigned char *t = (const unsigned char *)text;
    for (size_t i = from; i < to;) {
        size_t k = printable_len(t, i, to);
        fputs(k == 0 ? "    " : t[i] == '\t' ? "\t" : " ", out);
        i += k ? k : 1;
    }
}

/* Print the source line holding loc.start, cut to NN_DIAG_CONTEXT
 * characters around it ("..." where cut), and carets under the span. */
static void print_excerpt(FILE *out, struct nn_source *src, struct nn_loc loc)
{
    size_t li = line_index(src, loc.start);
    size_t from = line_start(src, li), to = from;
    while (to < src->len && src->text[to] != '\n' && src->text[to] != '\r')
        to++;
    size_t at = loc.start < from ? from : loc.start > to ? to : loc.start;
    size_t first = step_chars(src->text, at, from, NN_DIAG_CONTEXT, 0);
    size_t last = step_chars(src->text, at, to, NN_DIAG_CONTEXT, 1);
    fputs(first > from ? "..." : "", out);
    put_escaped(out, src->text, first, last);
    fputs(last < to ? "...\n" : "\n", out);
    fputs(first > from ? "   " : "", out);
    put_padding(out, src->text, first, at);
    size_t end = loc.end > last ? last : loc.end;
    size_t width = end > at ? put_escaped(NULL, src->text, at, end) : 1;
    for (size_t i = 0; i < (width ? width : 1); i++)
        fputc(i == 0 ? '^' : '~', out);
    fputc('\n', out);
}

/* Should this diagnostic be printed, under the caps?  Notes follow the
 * error or warning they belong to. */
static int shown(struct nn_diag_sink *s, enum nn_severity sev)
{
    if (sev == NN_ERROR)
        s->hiding = s->max_errors && s->errors > s->max_errors;
    else if (sev == NN_WARNING)
        s->hiding = s->max_warnings && s->warnings > s->max_warnings;
    return s->out && !s->hiding;
}

/* A message quoting a huge token keeps its head and its tail. */
static void put_message(FILE *mem, const char *msg, size_t len)
{
    size_t head = step_chars(msg, 0, len, NN_DIAG_MAX_MESSAGE - 60, 1);
    size_t tail = step_chars(msg, len, 0, 60, 0);
    if (tail <= head) {
        put_escaped(mem, msg, 0, len);
        return;
    }
    put_escaped(mem, msg, 0, head);
    fputs("...", mem);
    put_escaped(mem, msg, tail, len);
}

/* The whole diagnostic into mem: location, message (escaped), excerpt. */
static void format_diag(FILE *mem, struct nn_loc loc, enum nn_severity sev, const char *fmt,
                        va_list ap)
{
    struct nn_source *src = loc.src;
    int line = 0, col = 0;
    if (src)
        nn_source_linecol(src, loc.start, &line, &col);
    if (src) {
        put_escaped(mem, src->path, 0, strlen(src->path));
        fprintf(mem, ":%d:%d: ", line, col);
    } else {
        fputs("nnc: ", mem);
    }
    fprintf(mem, "%s: ", severity_name(sev));
    char *msg = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&msg, &len);
    if (m) {
        vfprintf(m, fmt, ap);
        fclose(m);
    }
    if (msg)
        put_message(mem, msg, len);
    free(msg);
    fputc('\n', mem);
    if (src && line > 0)
        print_excerpt(mem, src, loc);
}

/* A diagnostic for machines: the message formatted, then JSON or SARIF. */
static void machine_diag(struct nn_diag_sink *s, struct nn_loc loc, enum nn_severity sev,
                         const char *fmt, va_list ap)
{
    char *msg = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&msg, &len);
    if (!m)
        return;
    vfprintf(m, fmt, ap);
    if (fclose(m) == 0)
        nn_diag_json_write(s, loc, sev, msg, len);
    free(msg);
}

/* What the caps kept back, as the sink's format says it. */
static void kept_back(struct nn_diag_sink *s, int n, const char *what, int max)
{
    char buf[160];
    int len = snprintf(buf, sizeof buf, "%d more %s%s not shown (at most %d are shown per file)",
                       n, what, n == 1 ? "" : "s", max);
    if (s->format == NN_DIAG_TEXT)
        fprintf(s->out, "nnc: %s\n", buf);
    else
        nn_diag_json_write(s, nn_loc_make(NULL, 0, 0), NN_NOTE, buf, (size_t)len);
}

void nn_diag(struct nn_diag_sink *s, struct nn_loc loc, enum nn_severity sev,
             const char *fmt, ...)
{
    if (sev == NN_ERROR)
        s->errors++;
    else if (sev == NN_WARNING)
        s->warnings++;
    if (!shown(s, sev))
        return;
    char *text = NULL;
    size_t len = 0;
    if (s->format != NN_DIAG_TEXT) {
        va_list ap;
        va_start(ap, fmt);
        machine_diag(s, loc, sev, fmt, ap);
        va_end(ap);
        return;
    }
    FILE *mem = open_memstream(&text, &len);
    if (!mem) {
        fputs("nnc: out of memory while reporting a diagnostic\n", s->out);
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    format_diag(mem, loc, sev, fmt, ap);
    va_end(ap);
    if (fclose(mem) == 0) /* one write per diagnostic, even to unbuffered stderr */
        fwrite(text, 1, len, s->out);
    free(text);
}

int nn_diag_capped(const struct nn_diag_sink *s, enum nn_severity sev)
{
    if (sev == NN_ERROR)
        return !s->out || (s->max_errors && s->errors >= s->max_errors);
    if (sev == NN_WARNING)
        return !s->out || (s->max_warnings && s->warnings >= s->max_warnings);
    return !s->out || s->hiding;
}

void nn_diag_finish(struct nn_diag_sink *s)
{
    if (!s->out)
        return;
    if (s->max_errors && s->errors > s->max_errors)
        kept_back(s, s->errors - s->max_errors, "error", s->max_errors);
    if (s->max_warnings && s->warnings > s->max_warnings)
        kept_back(s, s->warnings - s->max_warnings, "warning", s->max_warnings);
    nn_diag_json_finish(s);
    fflush(s->out);
}

void nn_unreachable(const char *file, int line)
{
    fprintf(stderr, "nnc: internal error at %s:%d: please report this bug\n", file, line);
    abort();
}
