/* dsl_comments.c - attach recorded comments to the items they belong to.
 *
 * A comment alone on its line belongs to the next item (leading); a comment
 * after code belongs to the last item that starts before it (trailing).
 * Items are collected from the finished model with their offsets, so the
 * grammar need not know about comments at all.
 */
#include <stdlib.h>
#include <string.h>

#include "grammar/dsl_build.h"

struct slot {
    size_t at;                 /* offset of the item */
    struct nn_comments *c;
};

struct slots {
    struct slot *v;
    size_t n, cap;
    struct nn_arena *arena;
};

static void add(struct slots *s, struct nn_loc loc, struct nn_comments *c)
{
    if (!loc.src)
        return;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        struct slot *v = nn_arena_grow(s->arena, s->v, s->n, cap, sizeof *v);
        if (!v)
            return;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n].at = loc.start;
    s->v[s->n].c = c;
    s->n++;
}

static void add_elem(struct slots *s, struct nn_elem *e)
{
    add(s, e->loc, &e->c);
    for (size_t i = 0; i < e->nattrs; i++)
        add(s, e->attrs[i].key_loc, &e->attrs[i].c);
}

static void add_network(struct slots *s, struct nn_network *n)
{
    add_elem(s, &n->head);
    for (int k = 0; k < NN_SEC_COUNT; k++)
        add(s, n->sec_loc[k], &n->sec[k]);
    for (size_t i = 0; i < n->nlayers; i++)
        add_elem(s, &n->layers[i]);
    for (size_t i = 0; i < n->nsubnets; i++)
        add_network(s, &n->subnets[i]);
    for (size_t i = 0; i < n->nops; i++)
        add_elem(s, &n->ops[i]);
    for (size_t i = 0; i < n->nmodules; i++)
        add(s, n->modules[i].loc, &n->modules[i].c);
    if (n->config)
        add_elem(s, n->config);
    if (n->training)
        add_elem(s, n->training);
    if (n->test)
        add_elem(s, n->test);
}

static int by_offset(const void *a, const void *b)
{
    size_t x = ((const struct slot *)a)->at, y = ((const struct slot *)b)->at;
    return x < y ? -1 : x > y;
}

/* Append comment text to *dst (lines joined by '\n'). */
static void append(struct nn_arena *a, const char **dst, const char *text, size_t len)
{
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\r'))
        len--;
    if (*dst)
        *dst = nn_arena_printf(a, "%s\n%.*s", *dst, (int)len, text);
    else
        *dst = nn_arena_strndup(a, text, len);
}

void nn_dsl_attach_comments(struct nn_dsl_state *p)
{
    if (p->ncomments == 0)
        return;
    struct slots s = {.arena = &p->m->arena};
    add_network(&s, &p->m->net);
    qsort(s.v, s.n, sizeof *s.v, by_offset);
    size_t next = 0; /* first item starting after the current comment */
    for (size_t i = 0; i < p->ncomments; i++) {
        const struct nn_dsl_comment *c = &p->comments[i];
        while (next < s.n && s.v[next].at < c->start)
            next++;
        const char *text = p->src->text + c->start;
        size_t len = c->end - c->start;
        if (c->trailing && next > 0)
            append(&p->m->arena, &s.v[next - 1].c->trail, text, len);
        else if (next < s.n)
            append(&p->m->arena, &s.v[next].c->lead, text, len);
        else
            append(&p->m->arena, &p->m->net.epilogue, text, len);
    }
}
