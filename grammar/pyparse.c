/* pyparse.c - bytes to tree: BOM, PEP 263, UTF-8 checks, newlines (see pyparse.h). */
#include "grammar/pyparse.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/pylit.h"
#include "grammar/pystate.h"
#include "grammar/pyunidata.h"

enum codec { CODEC_UTF8, CODEC_LATIN1, CODEC_ASCII, CODEC_CP1252, CODEC_KOI8R, CODEC_UNKNOWN };

/* The coding name declared in the line s[0..n), copied to name; 0 if none. */
static int coding_decl(const char *s, size_t n, char *name, size_t cap)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\f'))
        i++;
    if (i == n || s[i] != '#')
        return 0;
    for (; i + 7 <= n; i++) {
        if (memcmp(s + i, "coding", 6) != 0 || (s[i + 6] != ':' && s[i + 6] != '='))
            continue;
        size_t j = i + 7, k = 0;
        while (j < n && (s[j] == ' ' || s[j] == '\t'))
            j++;
        while (j < n && k + 1 < cap && (isalnum((unsigned char)s[j]) || strchr("-_.", s[j])))
            name[k++] = s[j++];
        name[k] = '\0';
        if (k)
            return 1;
    }
    return 0;
}

/* Whether name (lower case, '_' as '-') is `base` or starts with `base-`. */
static int name_is(const char *name, const char *base)
{
    size_t n = strlen(base);
    return strncmp(name, base, n) == 0 && (name[n] == '\0' || name[n] == '-');
}

/* CPython's notion of the codec a coding name selects. */
static enum codec codec_of(const char *decl, int *exact_utf8)
{
    char name[64];
    size_t k = 0;
    for (; decl[k] && k + 1 < sizeof name; k++)
        name[k] = decl[k] == '_' ? '-' : (char)tolower((unsigned char)decl[k]);
    name[k] = '\0';
    *exact_utf8 = name_is(name, "utf-8");
    if (*exact_utf8 || !strcmp(name, "utf8") || !strcmp(name, "u8"))
        return CODEC_UTF8;
    if (name_is(name, "latin-1") || name_is(name, "iso-8859-1") || name_is(name, "iso-latin-1") ||
        !strcmp(name, "latin1") || !strcmp(name, "l1") || !strcmp(name, "iso8859-1") ||
        !strcmp(name, "8859") || !strcmp(name, "cp819") || !strcmp(name, "latin"))
        return CODEC_LATIN1;
    if (!strcmp(name, "ascii") || !strcmp(name, "us-ascii") || !strcmp(name, "646"))
        return CODEC_ASCII;
    if (!strcmp(name, "cp1252") || !strcmp(name, "windows-1252"))
        return CODEC_CP1252;
    if (!strcmp(name, "koi8-r"))
        return CODEC_KOI8R;
    return CODEC_UNKNOWN;
}

/* Length of the line starting at s (without its newline). */
static size_t line_len(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] != '\n' && s[i] != '\r')
        i++;
    return i;
}

/* Whether the line is blank or only a comment. */
static int blank_or_comment(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\f'))
        i++;
    return i == n || s[i] == '#';
}

/* Find the declared codec (first two lines). 0 after reporting an error. */
static int find_codec(struct nn_source *src, size_t skip, int bom, enum codec *c,
                      struct nn_diag_sink *sink)
{
    const char *s = src->text + skip;
    size_t n = src->len - skip, l1 = line_len(s, n);
    char name[64];
    int found = coding_decl(s, l1, name, sizeof name);
    if (!found && blank_or_comment(s, l1) && l1 < n) {
        size_t st = l1 + (s[l1] == '\r' && l1 + 1 < n && s[l1 + 1] == '\n' ? 2 : 1);
        found = coding_decl(s + st, line_len(s + st, n - st), name, sizeof name);
    }
    *c = CODEC_UTF8;
    if (!found)
        return 1;
    int exact;
    *c = codec_of(name, &exact);
    struct nn_loc at = nn_loc_make(src, skip, skip);
    if (*c == CODEC_UNKNOWN) {
        nn_diag(sink, at, NN_ERROR, "unknown encoding: %s", name);
        return 0;
    }
    if (bom && !exact) {
        nn_diag(sink, at, NN_ERROR, "encoding problem: %s with BOM", name);
        return 0;
    }
    return 1;
}

/* Check UTF-8 (surrogates and overlong forms rejected); 0 after an error. */
static int check_utf8(struct nn_source *src, size_t from, struct nn_diag_sink *sink)
{
    const unsigned char *s = (const unsigned char *)src->text;
    for (size_t i = from; i < src->len;) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        int len;
        long cp = nn_py_utf8_get(s + i, src->len - i, &len);
        int bad = cp < 0 || (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
                  (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF);
        if (bad) {
            nn_diag(sink, nn_loc_make(src, i, i + 1), NN_ERROR,
                    "(unicode error) 'utf-8' codec can't decode byte 0x%02x", s[i]);
            return 0;
        }
        i += (size_t)len;
    }
    return 1;
}

/* Transcode and normalise newlines into out (arena); 0 after an error. */
static int convert(struct nn_source *src, size_t from, enum codec c, struct nn_source *out,
                   struct nn_arena *a, struct nn_diag_sink *sink)
{
    const unsigned char *s = (const unsigned char *)src->text;
    char *d = nn_arena_alloc(a, (src->len - from) * 3 + 1);
    if (!d)
        return 0;
    size_t k = 0;
    for (size_t i = from; i < src->len; i++) {
        unsigned char b = s[i];
        if (b == '\r') {
            d[k++] = '\n';
            i += i + 1 < src->len && s[i + 1] == '\n';
        } else if (b < 0x80 || c == CODEC_UTF8) {
            d[k++] = (char)b;
        } else {
            long cp = c == CODEC_LATIN1 ? b : c == CODEC_ASCII ? -1
                    : nn_py_uni_codec_high(c == CODEC_CP1252 ? "cp1252" : "koi8-r", b);
            if (cp < 0) {
                nn_diag(sink, nn_loc_make(src, i, i + 1), NN_ERROR,
                        "(unicode error) cannot decode byte 0x%02x", b);
                return 0;
            }
            k += (size_t)nn_py_utf8_put(d + k, (unsigned long)cp);
        }
    }
    d[k] = '\0';
    out->text = d;
    out->len = k;
    return 1;
}

/* The UTF-8, \n-only text to scan: src itself when it already is. */
static int prepare(struct nn_source *src, struct nn_source *out, struct nn_arena *a,
                   struct nn_diag_sink *sink)
{
    int bom = src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0;
    size_t from = bom ? 3 : 0;
    enum codec c;
    memset(out, 0, sizeof *out);
    out->path = src->path;
    if (memchr(src->text, '\0', src->len)) {
        nn_diag(sink, nn_loc_make(src, 0, 0), NN_ERROR, "source code cannot contain null bytes");
        return 0;
    }
    if (!find_codec(src, from, bom, &c, sink))
        return 0;
    if (c == CODEC_UTF8 && !check_utf8(src, from, sink))
        return 0;
    if (c == CODEC_UTF8 && !bom && !memchr(src->text, '\r', src->len)) {
        out->text = src->text;
        out->len = src->len;
        return 1;
    }
    return convert(src, from, c, out, a, sink);
}

struct nn_py_node *nn_py_parse(struct nn_source *src, struct nn_arena *arena,
                               struct nn_diag_sink *sink)
{
    struct nn_source text;
    if (!prepare(src, &text, arena, sink)) {
        free(text.lines);
        return NULL;
    }
    struct nn_py_parse p;
    nn_py_state_init(&p, arena, sink, &text);
    struct nn_py_node *tree = nn_py_parse_buffer(&p, text.text, text.len, 0);
    const struct nn_py_node *deep = NULL;
    int too_deep = tree ? nn_py_too_deep(tree, NN_PY_MAX_TREE_DEPTH, &deep) : 0;
    if (too_deep > 0) {
        size_t at = nn_source_offset(&text, deep->lineno, deep->col_offset);
        nn_diag(sink, nn_loc_make(&text, at, at), NN_ERROR,
                "too deeply nested: the syntax tree is more than %d levels deep here",
                NN_PY_MAX_TREE_DEPTH);
        tree = NULL;
    }
    if (too_deep < 0 || nn_arena_failed(arena)) {
        nn_diag(sink, nn_loc_make(NULL, 0, 0), NN_ERROR, "out of memory");
        tree = NULL;
    }
    free(text.lines);
    return tree;
}

int nn_py_with_file(const char *path, FILE *err,
                    void (*use)(const struct nn_py_node *tree, void *ctx), void *ctx)
{
    struct nn_source src;
    int e = nn_source_read(&src, path);
    if (e) {
        fprintf(err, "nnc: cannot read '%s': %s\n", path, nn_source_error(e));
        return 3;
    }
    struct nn_arena arena;
    struct nn_diag_sink sink;
    nn_arena_init(&arena);
    nn_diag_init(&sink, err);
    struct nn_py_node *tree = nn_py_parse(&src, &arena, &sink);
    if (tree && use)
        use(tree, ctx);
    nn_diag_finish(&sink);
    nn_arena_free(&arena);
    nn_source_free(&src);
    return tree ? 0 : 1;
}

int nn_py_parse_file(const char *path, FILE *err)
{
    return nn_py_with_file(path, err, NULL, NULL);
}
