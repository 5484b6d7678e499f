/* eval_num.c - Python's conversions between numbers and text, computed
 * exactly as CPython does or refused: int(text, base), the shortest repr of
 * a float, len() in code points, and the format spec mini-language of
 * f-strings (the common subset; any other spec is an error, never an
 * approximation). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "m2m/eval_int.h"

/* The value of digit c, or 99 when it is none. */
static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    return c >= 'A' && c <= 'Z' ? c - 'A' + 10 : 99;
}

/* Skip the prefix (0x, 0o, 0b) that base allows; base 0 takes it from the
 * text.  Returns the base, or -1 when the text is not valid for it. */
static int take_prefix(const char **p, int base)
{
    const char *s = *p;
    char x = s[0] == '0' ? (char)(s[1] | 0x20) : 0;
    int pb = x == 'x' ? 16 : x == 'o' ? 8 : x == 'b' ? 2 : 0;
    if (pb && (base == 0 || base == pb)) {
        *p = s + 2;
        if (**p == '_')
            (*p)++;
        return pb;
    }
    if (base != 0)
        return base;
    for (const char *q = s; *q == '0' || *q == '_'; q++) /* 0, 00, 0_0 only */
        if (q[1] != '0' && q[1] != '_' && digit_value(q[1]) < 10)
            return -1;
    return 10;
}

/* Digits of s in base (single '_' between digits) as a magnitude; 0 when
 * invalid, -1 when beyond 2^63, else 1. */
static int magnitude(const char *s, size_t n, int base, unsigned long long *out)
{
    unsigned long long v = 0;
    if (n == 0 || s[0] == '_' || s[n - 1] == '_')
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '_' && s[i + 1] != '_')
            continue;
        int d = digit_value(s[i]);
        if (d >= base)
            return 0;
        if (__builtin_mul_overflow(v, (unsigned)base, &v) || __builtin_add_overflow(v, (unsigned)d, &v))
            return -1;
    }
    *out = v;
    return v > 9223372036854775808ull ? -1 : 1;
}

int nn_m2m_parse_int(const char *text, int base, long long *out)
{
    static const char ws[] = " \t\n\r\f\v";
    const char *s = text + strspn(text, ws);
    size_t n = strlen(s);
    while (n && strchr(ws, s[n - 1]))
        n--;
    int neg = n && s[0] == '-';
    if (n && (s[0] == '-' || s[0] == '+')) {
        s++;
        n--;
    }
    if ((base != 0 && (base < 2 || base > 36)) || n == 0)
        return 1;
    const char *d = s;
    if ((base = take_prefix(&d, base)) < 0)
        return 1;
    unsigned long long m;
    int r = magnitude(d, n - (size_t)(d - s), base, &m);
    if (r <= 0)
        return r == 0 ? 1 : 2;
    if (!neg && m > 9223372036854775807ull)
        return 2;
    *out = neg ? (long long)(0 - m) : (long long)m;
    return 0;
}

size_t nn_m2m_utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* The shortest "%.Ne" of f that reads back as f. */
static void shortest(double f, char *buf, size_t size)
{
    for (int p = 0; p < 17; p++) {
        snprintf(buf, size, "%.*e", p, f);
        if (strtod(buf, NULL) == f)
            return;
    }
}

/* Write digits dg[0..nd) with decimal exponent x in fixed notation. */
static size_t fixed(char *out, const char *dg, size_t nd, int x)
{
    size_t k = 0;
    if (x < 0) {
        out[k++] = '0';
        out[k++] = '.';
        for (int i = 0; i < -x - 1; i++)
            out[k++] = '0';
        memcpy(out + k, dg, nd);
        return k + nd;
    }
    for (int i = 0; i <= x; i++)
        out[k++] = (size_t)i < nd ? dg[i] : '0';
    out[k++] = '.';
    if ((size_t)x + 1 >= nd) {
        out[k++] = '0';
        return k;
    }
    memcpy(out + k, dg + x + 1, nd - (size_t)x - 1);
    return k + nd - (size_t)x - 1;
}

const char *nn_m2m_float_repr(struct nn_arena *a, double f)
{
    if (isnan(f))
        return "nan";
    if (isinf(f))
        return f < 0 ? "-inf" : "inf";
    char e[48], dg[24], out[64];
    shortest(f, e, sizeof e);
    const char *p = e + (e[0] == '-');
    size_t nd = 0;
    for (; *p != 'e'; p++)
        if (*p != '.')
            dg[nd++] = *p;
    int x = atoi(p + 1);
    size_t k = 0;
    if (e[0] == '-')
        out[k++] = '-';
    if (x < -4 || x >= 16)
        return nn_arena_printf(a, "%.*s%c%s%.*se%c%02d", (int)k, out, dg[0], nd > 1 ? "." : "",
                               (int)nd - 1, dg + 1, x < 0 ? '-' : '+', abs(x));
    k += fixed(out + k, dg, nd, x);
    return nn_arena_strndup(a, out, k);
}

/* A format spec of the subset nnc computes: [[fill]align][sign][0][width]
 * [.precision][type], type one of d s f F e E x X o b %. */
struct fspec {
    char fill, align, sign, type;
    int zero, fill_given;
    long width, prec; /* prec -1: none */
};

/* Read a run of decimal digits (at most max); -1 when there is none or it is too big. */
static long spec_number(const char **p, long max)
{
    long v = 0;
    const char *s = *p;
    if (*s < '0' || *s > '9')
        return -1;
    for (; *s >= '0' && *s <= '9'; s++)
        if ((v = v * 10 + (*s - '0')) > max)
            return -1;
    *p = s;
    return v;
}

/* Parse spec into f; 0 when it is outside the subset. */
static int parse_spec(const char *s, struct fspec *f)
{
    memset(f, 0, sizeof *f);
    f->fill = ' ';
    f->prec = -1;
    if (s[0] && s[1] && strchr("<>^=", s[1])) {
        f->fill = s[0];
        f->fill_given = 1;
        f->align = s[1];
        s += 2;
    } else if (*s && strchr("<>^=", *s)) {
        f->align = *s++;
    }
    if (*s && strchr("+- ", *s))
        f->sign = *s++;
    if (*s == '0')
        f->zero = *s++ == '0';
    if (*s >= '0' && *s <= '9' && (f->width = spec_number(&s, NN_M2M_MAX_ITEMS)) < 0)
        return 0;
    if (*s == '.' && (s++, (f->prec = spec_number(&s, 1000)) < 0))
        return 0;
    if (*s && strchr("dsfFeExXob%", *s))
        f->type = *s++;
    return *s == '\0' && (unsigned char)f->fill < 0x80;
}

/* |i| in base (2, 8, 10 or 16; upper for X). */
static const char *int_digits(struct nn_arena *a, long long i, int base, int upper)
{
    unsigned long long m = i < 0 ? 0 - (unsigned long long)i : (unsigned long long)i;
    char buf[72];
    size_t k = sizeof buf;
    buf[--k] = '\0';
    do {
        buf[--k] = (upper ? "0123456789ABCDEF" : "0123456789abcdef")[m % (unsigned)base];
        m /= (unsigned)base;
    } while (m);
    return nn_arena_strdup(a, buf + k);
}

/* The body (no sign) of number v formatted by f; NULL outside the subset. */
static const char *number_body(struct nn_arena *a, const struct nn_mval *v, const struct fspec *f)
{
    int is_int = v->kind != NN_MV_FLOAT;
    char t = f->type;
    if (is_int && (t == 0 || t == 'd' || t == 'x' || t == 'X' || t == 'o' || t == 'b'))
        return f->prec >= 0 ? NULL
             : int_digits(a, v->i, t == 'x' || t == 'X' ? 16 : t == 'o' ? 8 : t == 'b' ? 2 : 10,
                          t == 'X');
    double x = fabs(is_int ? (double)v->i : v->f);
    int prec = f->prec < 0 ? 6 : (int)f->prec;
    if (t == 0 && !is_int && f->prec < 0)
        return nn_m2m_float_repr(a, x);
    if (t == 'f')
        return nn_arena_printf(a, "%.*f", prec, x);
    if (t == 'F')
        return nn_arena_printf(a, "%.*F", prec, x);
    if (t == 'e')
        return nn_arena_printf(a, "%.*e", prec, x);
    if (t == 'E')
        return nn_arena_printf(a, "%.*E", prec, x);
    if (t == '%')
        return nn_arena_printf(a, "%.*f%%", prec, x * 100);
    return NULL;
}

/* body padded to f's width with its sign placed by f's alignment. */
static const char *pad(struct nn_arena *a, const char *sign, const char *body,
                       const struct fspec *f, char align)
{
    long len = (long)(strlen(sign) + nn_m2m_utf8_len(body));
    long n = f->width > len ? f->width - len : 0;
    long left = align == '>' ? n : align == '^' ? n / 2 : 0, right = align == '>' ? 0 : n - left;
    char *fill = nn_arena_alloc(a, (size_t)n + 1);
    if (!fill)
        return NULL;
    memset(fill, f->fill, (size_t)n);
    if (align == '=')
        return nn_arena_printf(a, "%s%s%s", sign, fill, body);
    return nn_arena_printf(a, "%.*s%s%s%.*s", (int)left, fill, sign, body, (int)right, fill);
}

const char *nn_m2m_format(struct nn_m2m_eval *ev, const struct nn_mval *v, const char *spec)
{
    struct fspec f;
    if (!*spec)
        return nn_m2m_to_str(ev, (struct nn_mval *)v);
    if (!parse_spec(spec, &f))
        return NULL;
    if (v->kind == NN_MV_STR) {
        if (f.sign || f.zero || f.align == '=' || (f.type && f.type != 's'))
            return NULL;
        const char *s = v->s;
        if (f.prec >= 0) { /* the first prec code points */
            const char *p = s;
            for (long k = 0; *p; p++)
                if (((unsigned char)*p & 0xC0) != 0x80 && k++ == f.prec)
                    break;
            s = nn_arena_strndup(ev->a, s, (size_t)(p - s));
        }
        return s ? pad(ev->a, "", s, &f, f.align ? f.align : '<') : NULL;
    }
    if (v->kind != NN_MV_INT && v->kind != NN_MV_BOOL && v->kind != NN_MV_FLOAT)
        return NULL;
    const char *body = f.type == 's' ? NULL : number_body(ev->a, v, &f);
    if (!body)
        return NULL;
    int neg = v->kind == NN_MV_FLOAT ? signbit(v->f) != 0 && !isnan(v->f) : v->i < 0;
    const char *sign = neg ? "-" : f.sign == '+' ? "+" : f.sign == ' ' ? " " : "";
    if (f.zero && !f.fill_given)
        f.fill = '0';
    if (f.zero && !f.align)
        f.align = '=';
    return pad(ev->a, sign, body, &f, f.align ? f.align : '>');
}

/* The value a replacement field names: {} (the next positional), {N} or
 * {name}; NULL when there is none.  *next counts the automatic fields; it is
 * SIZE_MAX once a numbered one was seen (CPython refuses to mix them). */
static struct nn_mval *field_value(const char *name, size_t len, size_t *next,
                                   struct nn_m2m_args *a)
{
    if (len == 0)
        return *next < a->npos ? a->pos[(*next)++] : NULL;
    if (name[0] >= '0' && name[0] <= '9') {
        if (*next && *next != SIZE_MAX)
            return NULL;
        *next = SIZE_MAX;
        size_t i = 0;
        for (size_t k = 0; k < len; k++) {
            if (name[k] < '0' || name[k] > '9' || i > a->npos)
                return NULL;
            i = i * 10 + (size_t)(name[k] - '0');
        }
        return i < a->npos ? a->pos[i] : NULL;
    }
    for (size_t k = 0; k < a->nkw; k++)
        if (strlen(a->kwname[k]) == len && strncmp(a->kwname[k], name, len) == 0)
            return a->kw[k];
    return NULL;
}

/* One field {name[:spec]} at p (after '{', close its '}') as text, or NULL. */
static const char *format_field(struct nn_m2m_eval *ev, const char *p, const char *close,
                                size_t *next, struct nn_m2m_args *a)
{
    const char *colon = memchr(p, ':', (size_t)(close - p));
    const char *end = colon ? colon : close;
    if (memchr(p, '!', (size_t)(end - p)) || memchr(p, '[', (size_t)(end - p)) ||
        memchr(p, '.', (size_t)(end - p)) || memchr(p, '{', (size_t)(close - p)))
        return NULL; /* conversions, indexing, attributes and nested fields: not computed */
    struct nn_mval *v = field_value(p, (size_t)(end - p), next, a);
    const char *spec = colon ? nn_arena_strndup(ev->a, colon + 1, (size_t)(close - colon - 1)) : "";
    return v && spec ? nn_m2m_format(ev, v, spec) : NULL;
}

const char *nn_m2m_str_format(struct nn_m2m_eval *ev, const char *fmt, struct nn_m2m_args *a)
{
    char *buf = NULL;
    size_t len = 0, next = 0;
    FILE *out = open_memstream(&buf, &len);
    const char *p = fmt, *fail = NULL;
    while (out && *p && !fail) {
        size_t k = strcspn(p, "{}");
        fwrite(p, 1, k, out);
        p += k;
        if (!*p)
            break;
        if (p[1] == p[0]) { /* {{ and }} */
            fputc(*p, out);
            p += 2;
            continue;
        }
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        const char *t = close ? format_field(ev, p + 1, close, &next, a) : NULL;
        if (!t)
            fail = p;
        else
            fputs(t, out);
        p = close ? close + 1 : p;
    }
    if (!out)
        return NULL;
    fclose(out);
    const char *r = fail || !buf ? NULL : nn_arena_strndup(ev->a, buf, len);
    free(buf);
    return r;
}
