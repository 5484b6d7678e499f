/* comments.c - the comments of a Python source in the pivot, so that they
 * reach the .nn and the generated code (issue 18): the "#" lines right
 * above the line that builds a layer become its comments, and the model
 * class's (or factory's) docstring the network's.  Python's syntax tree
 * keeps no comments: they are read from the source text around each
 * layer's location. */
#include "m2m/reader.h"

#include <string.h>

#include "grammar/pylit.h"

/* The comment text of line [b, e) ("# ..." with its indentation and
 * trailing blanks cut), or NULL when the line is not a comment alone.
 * Control characters become spaces: a .nn comment may not hold them. */
static char *comment_of(struct nn_arena *a, const char *text, size_t b, size_t e)
{
    while (b < e && (text[b] == ' ' || text[b] == '\t'))
        b++;
    while (e > b && strchr(" \t\r", text[e - 1]))
        e--;
    if (b >= e || text[b] != '#' || (e - b > 1 && text[b + 1] == '!'))
        return NULL;
    char *s = nn_arena_printf(a, "%.*s", (int)(e - b), text + b);
    size_t n = s ? strlen(s) : 0;
    for (size_t i = 0; i < n;) { /* what a .nn comment may not hold becomes '?' */
        int len = 1;
        long cp = nn_py_utf8_get((const unsigned char *)s + i, n - i, &len);
        if (cp < 0 || len < 1)
            len = 1;
        if (cp < 0x20 || cp == 0x7f || (cp >= 0xd800 && cp <= 0xdfff) ||
            (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
            memset(s + i, cp >= 0 && cp < 0x80 ? ' ' : '?', (size_t)len);
        i += (size_t)len;
    }
    return s;
}

const char *nn_m2m_comments_above(struct nn_arena *a, const struct nn_loc *loc)
{
    struct nn_source *src = loc->src;
    if (!src || !src->text || loc->start > src->len)
        return NULL;
    const char *out = NULL;
    size_t li = nn_source_line_of(src, loc->start); /* line indexes: linear in the layers */
    while (li != (size_t)-1 && li > 0) {
        size_t b = nn_source_line_begin(src, li - 1), e = nn_source_line_begin(src, li);
        char *c = comment_of(a, src->text, b, e > b ? e - 1 : b);
        if (!c)
            break;
        out = out ? nn_arena_printf(a, "%s\n%s", c, out) : c;
        li--;
    }
    return out;
}

/* Columns of leading blanks of line [b, e), or -1 for a blank line. */
static long indent_of(const char *s, size_t b, size_t e)
{
    size_t i = b;
    while (i < e && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i == e ? -1 : (long)(i - b);
}

const char *nn_m2m_docstring_comment(struct nn_arena *a, const struct nn_py_node *def)
{
    int body = !def ? 0 : def->kind == NN_PY_ClassDef ? 2 : def->kind == NN_PY_Module ? 0 : 1;
    const struct nn_py_node *first = def ? def->n[body] : NULL;
    if (!first || first->kind != NN_PY_Expr || !first->n[0] ||
        first->n[0]->kind != NN_PY_Constant || first->n[0]->op != NN_PYC_STR)
        return NULL;
    const char *s = first->n[0]->s[0];
    size_t len = first->n[0]->slen;
    long common = -1; /* the smallest indentation of the lines after the first (PEP 257) */
    for (size_t b = 0, e; b < len; b = e + 1) {
        for (e = b; e < len && s[e] != '\n'; e++)
            ;
        long k = b ? indent_of(s, b, e) : -1;
        if (k >= 0 && (common < 0 || k < common))
            common = k;
    }
    const char *out = NULL;
    size_t blank = 0; /* blank lines held back: none at the ends */
    for (size_t b = 0, e; b < len; b = e + 1) {
        for (e = b; e < len && s[e] != '\n'; e++)
            ;
        size_t from = b;
        if (b && common > 0)
            from += (size_t)common < e - b ? (size_t)common : e - b;
        while (b == 0 && from < e && (s[from] == ' ' || s[from] == '\t'))
            from++;
        char *c = comment_of(a, nn_arena_printf(a, "# %.*s", (int)(e - from), s + from), 0,
                             e - from + 2);
        if (!c || strcmp(c, "#") == 0) {
            blank += out != NULL;
            continue;
        }
        for (; blank > 0 && out; blank--)
            out = nn_arena_printf(a, "%s\n#", out);
        out = out ? nn_arena_printf(a, "%s\n%s", out, c) : c;
    }
    return out;
}

/* The comments above each layer of n that has none yet; a layer built on
 * the same line as the one before it (a loop, a comprehension) gets none. */
static void net_comments(struct nn_arena *a, struct nn_network *n)
{
    const struct nn_loc *prev = NULL;
    for (size_t i = 0; i < n->nlayers; i++) {
        struct nn_elem *e = &n->layers[i];
        int again = prev && prev->src && prev->src == e->loc.src &&
                    nn_source_line_of(prev->src, prev->start) ==
                        nn_source_line_of(e->loc.src, e->loc.start);
        if (!e->c.lead && !again)
            e->c.lead = nn_m2m_comments_above(a, &e->loc);
        prev = &e->loc;
    }
}

void nn_m2m_attach_comments(struct nn_model *m, const struct nn_py_node *model_def,
                            const struct nn_py_node *module)
{
    if (!m->net.head.c.lead)
        m->net.head.c.lead = nn_m2m_docstring_comment(&m->arena, model_def);
    if (!m->net.head.c.lead)
        m->net.head.c.lead = nn_m2m_docstring_comment(&m->arena, module);
    net_comments(&m->arena, &m->net);
    for (size_t i = 0; i < m->net.nsubnets; i++)
        net_comments(&m->arena, &m->net.subnets[i]);
}
