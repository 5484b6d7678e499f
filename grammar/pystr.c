/* pystr.c - string literals: escapes, concatenation and f-strings (see pylit.h). */
#include <stdlib.h>
#include <string.h>

#include "grammar/pybuild.h"
#include "grammar/pylit.h"
#include "grammar/pyunidata.h"

/* A growing byte buffer in the arena. */
struct buf {
    struct nn_arena *a;
    char *d;
    size_t len, cap;
};

/* One string token, taken apart. */
struct strtok {
    const char *body;   /* between the quotes */
    size_t len;
    size_t off;         /* source offset of body */
    int raw, bytes, fstr, u;
};

/* Literal text and parts of a JoinedStr being built. */
struct fparts {
    struct nn_py_parse *p;
    struct buf lit;
    struct nn_py_list parts;
    int u;
    const struct nn_py_span *at;
};

static int put(struct buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = nn_arena_grow(b->a, b->d, b->len, cap, 1);
        if (!d)
            return 0;
        b->d = d;
        b->cap = cap;
    }
    memcpy(b->d + b->len, s, n);
    b->len += n;
    b->d[b->len] = '\0';
    return 1;
}

int nn_py_utf8_put(char *o, unsigned long cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

long nn_py_utf8_get(const unsigned char *s, size_t n, int *len)
{
    *len = 1;
    if (s[0] < 0x80)
        return s[0];
    int k = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
    if (k == 0 || (size_t)k > n || s[0] > 0xF4)
        return -1;
    long cp = s[0] & (0x3F >> (k - 1));
    for (int i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return -1;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    *len = k;
    return cp;
}

static int put_cp(struct buf *b, unsigned long cp)
{
    char o[4];
    return put(b, o, (size_t)nn_py_utf8_put(o, cp));
}

/* Report an error at source offset off. */
static int fail_at(struct nn_py_parse *p, size_t off, size_t n, const char *msg)
{
    struct nn_py_span at = {off, off + n, 0, 0, 0, 0};
    nn_py_error(p, &at, "%s", msg);
    return 0;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* \xhh, \uXXXX, \UXXXXXXXX: `digits` hex digits at s[i..]; -1 if malformed. */
static long hex_escape(const char *s, size_t n, size_t i, int digits)
{
    long v = 0;
    if (i + (size_t)digits > n)
        return -1;
    for (int k = 0; k < digits; k++) {
        int d = hexval(s[i + (size_t)k]);
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* \N{name}: the code point, with *used set to the bytes after "\N". */
static long named_escape(const char *s, size_t n, size_t i, size_t *used)
{
    if (i >= n || s[i] != '{')
        return -1;
    const char *e = memchr(s + i, '}', n - i);
    if (!e)
        return -1;
    *used = (size_t)(e - s) - i + 1;
    return nn_py_uni_lookup(s + i + 1, (unsigned)((size_t)(e - s) - i - 1));
}

/* One escape sequence at s[i] == '\\'; returns bytes consumed or 0 on error. */
static size_t escape(struct nn_py_parse *p, struct buf *b, const char *s, size_t n, size_t i,
                     int bytes, size_t off)
{
    if (i + 1 >= n)
        return put(b, "\\", 1) ? 1 : 0;
    char c = s[i + 1], ch = 0;
    long v;
    size_t used = 2;
    switch (c) {
    case '\n': return 2;
    case '\\': case '\'': case '"': ch = c; break;
    case 'a': ch = 7; break;
    case 'b': ch = 8; break;
    case 'f': ch = 12; break;
    case 'n': ch = 10; break;
    case 'r': ch = 13; break;
    case 't': ch = 9; break;
    case 'v': ch = 11; break;
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
        v = c - '0';
        while (used < 4 && i + used < n && s[i + used] >= '0' && s[i + used] <= '7')
            v = v * 8 + (s[i + used++] - '0');
        if (bytes) {
            ch = (char)(v & 0xFF);
            break;
        }
        return put_cp(b, (unsigned long)v) ? used : 0;
    case 'x':
        if ((v = hex_escape(s, n, i + 2, 2)) < 0)
            return fail_at(p, off + i, 2, bytes ? "(value error) invalid \\x escape"
                                                : "(unicode error) truncated \\xXX escape");
        if (bytes) {
            ch = (char)v;
            used = 4;
            break;
        }
        return put_cp(b, (unsigned long)v) ? 4 : 0;
    case 'u': case 'U': case 'N':
        if (bytes)
            return put(b, s + i, 2) ? 2 : 0;
        if (c == 'N')
            v = named_escape(s, n, i + 2, &used), used += 2;
        else
            v = hex_escape(s, n, i + 2, c == 'u' ? 4 : 8), used = c == 'u' ? 6 : 10;
        if (v < 0 || v > 0x10FFFF)
            return fail_at(p, off + i, 2, c == 'N' ? "(unicode error) malformed \\N character escape"
                                                   : "(unicode error) truncated \\uXXXX escape");
        return put_cp(b, (unsigned long)v) ? used : 0;
    default:
        return put(b, s + i, 2) ? 2 : 0;
    }
    return put(b, &ch, 1) ? used : 0;
}

/* Decode a plain (non-f) literal body into b. */
static int decode(struct nn_py_parse *p, struct buf *b, const char *s, size_t n, int raw,
                  int bytes, size_t off)
{
    if (bytes)
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)s[i] >= 0x80)
                return fail_at(p, off + i, 1, "bytes can only contain ASCII literal characters");
    if (raw)
        return put(b, s, n);
    size_t i = 0;
    while (i < n) {
        const char *bs = memchr(s + i, '\\', n - i);
        size_t j = bs ? (size_t)(bs - s) : n;
        if (!put(b, s + i, j - i))
            return 0;
        if (j == n)
            break;
        size_t used = escape(p, b, s, n, j, bytes, off);
        if (!used)
            return 0;
        i = j + used;
    }
    return 1;
}

/* Take a string token apart: prefix letters, quotes, body. */
static void split_token(const struct nn_py_node *t, struct strtok *st)
{
    const char *s = t->s[0];
    size_t i = 0;
    memset(st, 0, sizeof *st);
    for (; s[i] != '\'' && s[i] != '"'; i++) {
        char c = (char)(s[i] | 0x20);
        st->raw |= c == 'r';
        st->bytes |= c == 'b';
        st->fstr |= c == 'f';
        st->u |= c == 'u';
    }
    size_t q = t->slen - i >= 6 && s[i + 1] == s[i] && s[i + 2] == s[i] ? 3 : 1;
    st->body = s + i + q;
    st->len = t->slen - i - 2 * q;
    st->off = (size_t)t->ival + i + q;
}

/* A str Constant holding text[0..n). */
static struct nn_py_node *str_const(struct nn_py_parse *p, const char *text, size_t n, int u,
                                    int bytes, const struct nn_py_span *at)
{
    struct nn_py_node *c = nn_py_mk(p, NN_PY_Constant, at);
    if (c) {
        c->op = bytes ? NN_PYC_BYTES : NN_PYC_STR;
        c->s[0] = text ? text : "";
        c->slen = n;
        c->s[1] = u ? "u" : NULL;
    }
    return c;
}

/* Move pending literal text into a Constant part. */
static int flush(struct fparts *f)
{
    if (f->lit.len == 0)
        return 1;
    struct nn_py_node *c = str_const(f->p, f->lit.d, f->lit.len, f->u, 0, f->at);
    if (!c)
        return 0;
    f->parts = nn_py_list_add(f->parts, c);
    f->lit = (struct buf){f->p->arena, NULL, 0, 0};
    return 1;
}

/* Parse the replacement-field expression s[0..n) found at source offset off. */
static struct nn_py_node *field_expr(struct nn_py_parse *p, const char *s, size_t n, size_t off)
{
    char *text = malloc(n + 2);
    if (!text)
        return NULL;
    text[0] = '(';
    memcpy(text + 1, s, n);
    text[n + 1] = ')';
    struct nn_py_parse sub;
    nn_py_state_init(&sub, p->arena, p->sink, p->src);
    int line, col;
    nn_source_linecol(p->src, off - 1, &line, &col);
    sub.base = off - 1;
    sub.line = line;
    sub.line_start = p->src->lines[line - 1];
    struct nn_py_node *e = nn_py_parse_buffer(&sub, text, n + 2, 1);
    free(text);
    return e;
}

static int parse_parts(struct fparts *f, const char *s, size_t n, size_t *pi, int raw,
                       size_t off, int depth, int in_spec);

/* End of a replacement field's expression starting at s[i]; n if none. */
static size_t expr_end(struct nn_py_parse *p, const char *s, size_t n, size_t i, size_t off)
{
    int nest = 0;
    char quote = 0;
    size_t qlen = 0;
    for (; i < n; i++) {
        char c = s[i];
        if (c == '\\')
            return fail_at(p, off + i, 1, "f-string expression part cannot include a backslash"), n + 1;
        if (quote) {
            if (c == quote && (qlen == 1 || (i + 2 < n && s[i + 1] == c && s[i + 2] == c))) {
                i += qlen - 1;
                quote = 0;
            }
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            qlen = i + 2 < n && s[i + 1] == c && s[i + 2] == c ? 3 : 1;
            i += qlen - 1;
        } else if (c == '(' || c == '[' || c == '{') {
            nest++;
        } else if (c == ')' || c == ']' || c == '}') {
            if (nest == 0)
                return c == '}' ? i : (fail_at(p, off + i, 1, "f-string: unmatched bracket"), n + 1);
            nest--;
        } else if (c == '#') {
            return fail_at(p, off + i, 1, "f-string expression part cannot include '#'"), n + 1;
        } else if (nest == 0 && (c == '!' || c == '=' || c == '<' || c == '>') &&
                   i + 1 < n && s[i + 1] == '=') {
            i++;
        } else if (nest == 0 && (c == '=' || c == '!' || c == ':')) {
            return i;
        }
    }
    if (quote)
        fail_at(p, off + i - 1, 1, "f-string: unterminated string");
    else
        fail_at(p, off + i - 1, 1, "f-string: expecting '}'");
    return n + 1;
}

/* The conversion and format spec of a field; *pi is after the expression. */
static int field_tail(struct fparts *f, const char *s, size_t n, size_t *pi, int raw,
                      size_t off, int depth, struct nn_py_node *fv, int debug)
{
    size_t i = *pi;
    fv->ival = -1;
    if (i < n && s[i] == '!') {
        char c = i + 1 < n ? s[i + 1] : 0;
        if (c != 's' && c != 'r' && c != 'a')
            return fail_at(f->p, off + i, 1, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
        fv->ival = c;
        i += 2;
    }
    if (i < n && s[i] == ':') {
        struct fparts spec = {f->p, {f->p->arena, NULL, 0, 0}, {NULL, NULL}, f->u, f->at};
        i++;
        if (!parse_parts(&spec, s, n, &i, raw, off, depth + 1, 1) || !flush(&spec))
            return 0;
        struct nn_py_node *js = nn_py_mk(f->p, NN_PY_JoinedStr, f->at);
        if (!js)
            return 0;
        js->n[0] = spec.parts.head;
        fv->n[1] = js;
    } else if (debug && fv->ival == -1) {
        fv->ival = 'r';
    }
    if (i >= n || s[i] != '}')
        return fail_at(f->p, off + (i < n ? i : n - 1), 1, "f-string: expecting '}'");
    *pi = i + 1;
    return 1;
}

/* A replacement field at s[*pi] == '{'. */
static int field(struct fparts *f, const char *s, size_t n, size_t *pi, int raw, size_t off,
                 int depth)
{
    if (depth >= 2)
        return fail_at(f->p, off + *pi, 1, "f-string: expressions nested too deeply");
    size_t start = *pi + 1, end = expr_end(f->p, s, n, start, off);
    if (end > n)
        return 0;
    size_t k = start;
    while (k < end && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\f'))
        k++;
    if (k == end)
        return fail_at(f->p, off + start, 1, "f-string: empty expression not allowed");
    struct nn_py_node *e = field_expr(f->p, s + start, end - start, off + start);
    if (!e)
        return 0;
    size_t i = end;
    int debug = i < n && s[i] == '=';
    if (debug) {
        i++;
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
            i++;
        if (!put(&f->lit, s + start, i - start))
            return 0;
    }
    struct nn_py_node *fv = nn_py_mk(f->p, NN_PY_FormattedValue, f->at);
    if (!fv)
        return 0;
    fv->n[0] = e;
    if (!field_tail(f, s, n, &i, raw, off, depth, fv, debug) || !flush(f))
        return 0;
    f->parts = nn_py_list_add(f->parts, fv);
    *pi = i;
    return 1;
}

/* End of the literal run starting at s[i]: the next brace outside \N{...}. */
static size_t literal_end(const char *s, size_t n, size_t i, int raw)
{
    for (; i < n; i++) {
        if (s[i] == '{' || s[i] == '}')
            return i;
        if (!raw && s[i] == '\\' && i + 2 < n && s[i + 1] == 'N' && s[i + 2] == '{') {
            const char *e = memchr(s + i, '}', n - i);
            if (!e)
                return n;
            i = (size_t)(e - s);
        } else if (!raw && s[i] == '\\' && i + 1 < n) {
            i++;
        }
    }
    return n;
}

/* Literal text and fields of an f-string body (or, in_spec, of a format spec up to '}'). */
static int parse_parts(struct fparts *f, const char *s, size_t n, size_t *pi, int raw,
                       size_t off, int depth, int in_spec)
{
    size_t i = *pi;
    while (i < n) {
        size_t j = literal_end(s, n, i, raw);
        if (!decode(f->p, &f->lit, s + i, j - i, raw, 0, off + i))
            return 0;
        i = j;
        if (i == n)
            break;
        if (s[i] == '}' && in_spec)
            break;
        if (!in_spec && i + 1 < n && s[i + 1] == s[i]) {
            if (!put(&f->lit, s + i, 1))
                return 0;
            i += 2;
            continue;
        }
        if (s[i] == '}')
            return fail_at(f->p, off + i, 1, "f-string: single '}' is not allowed");
        if (!field(f, s, n, &i, raw, off, depth))
            return 0;
    }
    *pi = i;
    return 1;
}

/* Concatenation that involves at least one f-string. */
static struct nn_py_node *joined(struct nn_py_parse *p, struct nn_py_node *toks, int u,
                                 const struct nn_py_span *at)
{
    struct fparts f = {p, {p->arena, NULL, 0, 0}, {NULL, NULL}, u, at};
    for (struct nn_py_node *t = toks; t; t = t->next) {
        struct strtok st;
        split_token(t, &st);
        size_t i = 0;
        if (st.fstr ? !parse_parts(&f, st.body, st.len, &i, st.raw, st.off, 0, 0)
                    : !decode(p, &f.lit, st.body, st.len, st.raw, 0, st.off))
            return NULL;
    }
    if (!flush(&f))
        return NULL;
    struct nn_py_node *js = nn_py_mk(p, NN_PY_JoinedStr, at);
    if (js)
        js->n[0] = f.parts.head;
    return js;
}

struct nn_py_node *nn_py_strings(struct nn_py_parse *p, struct nn_py_node *toks,
                                 const struct nn_py_span *at)
{
    struct strtok st;
    int anyf = 0, bytes = -1, u = 0;
    for (struct nn_py_node *t = toks; t; t = t->next) {
        split_token(t, &st);
        if (t == toks) {
            u = st.u;
            bytes = st.bytes;
        } else if (bytes != st.bytes) {
            struct nn_py_span s = {(size_t)t->ival, (size_t)t->ival + t->slen, 0, 0, 0, 0};
            nn_py_error(p, &s, "cannot mix bytes and nonbytes literals");
            return NULL;
        }
        anyf |= st.fstr;
    }
    if (anyf)
        return joined(p, toks, u, at);
    struct buf b = {p->arena, NULL, 0, 0};
    for (struct nn_py_node *t = toks; t; t = t->next) {
        split_token(t, &st);
        if (!decode(p, &b, st.body, st.len, st.raw, st.bytes, st.off))
            return NULL;
    }
    return str_const(p, b.d, b.len, u, bytes, at);
}
