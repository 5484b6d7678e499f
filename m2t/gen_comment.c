/* gen_comment.c - the comments of a model in the code generated from it:
 * a layer's "# ..." lines above the line that builds it, a network's lead
 * comment as the first paragraph of its class docstring (gen_impl.h). */
#include <string.h>

#include "m2t/gen_impl.h"

/* Write text's lines ("# a\n# b") at indent, each a comment. */
static void comment_lines(FILE *f, int indent, const char *text)
{
    while (text && *text) {
        const char *end = strchr(text, '\n');
        size_t n = end ? (size_t)(end - text) : strlen(text);
        if (n > 0)
            fprintf(f, "%*s%.*s\n", indent, "", (int)n, text);
        text = end ? end + 1 : NULL;
    }
}

void nn_gen_comments(FILE *f, int indent, const struct nn_comments *c)
{
    comment_lines(f, indent, c->lead);
    comment_lines(f, indent, c->trail);
}

/* line[0..n) as docstring text: a backslash doubled, a quote that another
 * follows (or that ends the line) escaped, so no text can close the string. */
static const char *escaped(struct nn_gen *g, const char *line, size_t n)
{
    char *out = nn_arena_alloc(g->a, 2 * n + 1);
    size_t k = 0;
    for (size_t i = 0; out && i < n; i++) {
        if (line[i] == '\\' || (line[i] == '"' && (i + 1 == n || line[i + 1] == '"')))
            out[k++] = '\\';
        out[k++] = line[i];
    }
    if (out)
        out[k] = '\0';
    return out ? out : "";
}

const char *nn_gen_doc_title(struct nn_gen *g, const struct nn_network *net, int indent)
{
    const char *text = net->head.c.lead;
    if (!text || !*text)
        return nn_arena_printf(g->a, "The %s network.", net->head.name);
    const char *out = "";
    for (int first = 1; text && *text; first = 0) {
        const char *end = strchr(text, '\n');
        size_t n = end ? (size_t)(end - text) : strlen(text);
        const char *line = text;
        if (n > 0 && line[0] == '#') { /* the comment mark and one space after it go */
            line++, n--;
            if (n > 0 && line[0] == ' ')
                line++, n--;
        }
        const char *plain = escaped(g, line, n);
        out = first ? plain : n ? nn_arena_printf(g->a, "%s\n%*s%s", out, indent, "", plain)
                                : nn_arena_printf(g->a, "%s\n", out);
        text = end ? end + 1 : NULL;
    }
    return out;
}
