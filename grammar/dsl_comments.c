/* dsl_comments.c - attach recorded comments to the items they belong to.
 *
 * A comment alone on its line belongs to the next item (leading); a comment
 * after code belongs to the last item that starts before it (trailing).
 * Items are visited in the finished model, so the grammar need not know
 * about comments at all.  The scanner records comments in source order;
 * each item is placed among them by binary search, which costs O(n log k)
 * for n items and k comments.  (Sorting all items by offset cost O(n log n)
 * and a copy of them, even for a file with a single comment.)
 */
#include "grammar/dsl_build.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Per comment: the nearest items seen so far on either side. */
struct near {
    struct nn_comments *before; /* the last item starting before the comment */
    size_t before_at;
    struct nn_comments *after;  /* the first item starting after it */
    size_t after_at;
};

struct walk {
    const struct nn_dsl_comment *c; /* the comments, in source order */
    size_t k;
    struct near *near;              /* per comment */
};

/* Index of the first comment that starts after offset at (k when none). */
static size_t first_after(const struct walk *w, size_t at)
{
    size_t lo = 0, hi = w->k;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->c[mid].start <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Offer one item: it may be the nearest before the next comment, or after
 * the previous one.  The nearest for the others follows by prefix/suffix.
 * Of items at one offset (a section keyword and its block), "before" takes
 * the last visited and "after" the first, as a stable sort would. */
static void add(struct walk *w, struct nn_loc loc, struct nn_comments *c)
{
    if (!loc.src)
        return;
    size_t at = loc.start, j = first_after(w, at);
    if (j < w->k && (!w->near[j].before || at >= w->near[j].before_at)) {
        w->near[j].before = c;
        w->near[j].before_at = at;
    }
    if (j > 0 && (!w->near[j - 1].after || at < w->near[j - 1].after_at)) {
        w->near[j - 1].after = c;
        w->near[j - 1].after_at = at;
    }
}

static void add_elem(struct walk *w, struct nn_elem *e)
{
    add(w, e->loc, &e->c);
    for (size_t i = 0; i < e->nattrs; i++)
        add(w, e->attrs[i].key_loc, &e->attrs[i].c);
}

static void add_network(struct walk *w, struct nn_network *n)
{
    add_elem(w, &n->head);
    for (int k = 0; k < NN_SEC_COUNT; k++)
        add(w, n->sec_loc[k], &n->sec[k]);
    for (size_t i = 0; i < n->ninputs; i++)
        add_elem(w, &n->inputs[i]);
    for (size_t i = 0; i < n->nlayers; i++)
        add_elem(w, &n->layers[i]);
    for (size_t i = 0; i < n->nsubnets; i++)
        add_network(w, &n->subnets[i]);
    for (size_t i = 0; i < n->nops; i++)
        add_elem(w, &n->ops[i]);
    for (size_t i = 0; i < n->nmodules; i++)
        add(w, n->modules[i].loc, &n->modules[i].c);
    if (n->config)
        add_elem(w, n->config);
    if (n->training)
        add_elem(w, n->training);
    if (n->test)
        add_elem(w, n->test);
}

/* Items seen at one comment hold for the next ones too, when nearer:
 * "before" carries forward, "after" backward. */
static void spread(struct walk *w)
{
    for (size_t j = 1; j < w->k; j++) {
        struct near *prev = &w->near[j - 1], *cur = &w->near[j];
        if (prev->before && (!cur->before || prev->before_at > cur->before_at)) {
            cur->before = prev->before;
            cur->before_at = prev->before_at;
        }
    }
    for (size_t j = w->k; j-- > 1;) {
        struct near *cur = &w->near[j], *prev = &w->near[j - 1];
        if (cur->after && (!prev->after || cur->after_at < prev->after_at)) {
            prev->after = cur->after;
            prev->after_at = cur->after_at;
        }
    }
}

/* The comments going to one destination, chained through next[] in
 * source order, and the bytes their joined text takes. */
struct slot {
    const char **dst;
    size_t first, last, bytes, count;
};

/* Destinations by address (open addressing), so that each one's text is
 * built once: appending comment by comment copied the text each time. */
struct chains {
    struct slot *slots;
    size_t mask;
    size_t *next;
};

/* The slot for dst, made on first use. */
static struct slot *slot_for(struct chains *h, const char **dst)
{
    size_t i = (size_t)(((uintptr_t)dst >> 3) * (uintptr_t)0x9E3779B97F4A7C15u) & h->mask;
    while (h->slots[i].dst && h->slots[i].dst != dst)
        i = (i + 1) & h->mask;
    h->slots[i].dst = dst;
    return &h->slots[i];
}

/* Comment i's text without trailing blanks. */
static size_t trimmed(const char *text, size_t len)
{
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\r'))
        len--;
    return len;
}

/* Where comment i goes: after its item, before the next, or at the end. */
static const char **destination(struct nn_dsl_state *p, const struct walk *w, size_t i)
{
    if (w->c[i].trailing && w->near[i].before)
        return &w->near[i].before->trail;
    if (w->near[i].after)
        return &w->near[i].after->lead;
    return &p->m->net.epilogue;
}

/* Join one destination's comments with '\n' into the arena. */
static void build(struct nn_dsl_state *p, const struct chains *h, const struct slot *s)
{
    size_t old = *s->dst ? strlen(*s->dst) + 1 : 0;
    char *out = nn_arena_alloc(&p->m->arena, old + s->bytes);
    if (!out)
        return;
    memcpy(out, *s->dst ? *s->dst : "", old);
    if (old)
        out[old - 1] = '\n';
    char *o = out + old;
    for (size_t i = s->first, n = 0; n < s->count; i = h->next[i], n++) {
        const char *text = p->src->text + p->comments[i].start;
        size_t len = trimmed(text, p->comments[i].end - p->comments[i].start);
        memcpy(o, text, len);
        o += len;
        *o++ = n + 1 < s->count ? '\n' : '\0';
    }
    *s->dst = out;
}

/* Chain every comment to its destination, then build each text once. */
static void place(struct nn_dsl_state *p, const struct walk *w)
{
    size_t size = 16;
    while (size < 2 * w->k)
        size *= 2;
    struct chains h = {calloc(size, sizeof *h.slots), size - 1, malloc(w->k * sizeof *h.next)};
    for (size_t i = 0; h.slots && h.next && i < w->k; i++) {
        struct slot *s = slot_for(&h, destination(p, w, i));
        if (s->count++)
            h.next[s->last] = i;
        else
            s->first = i;
        s->last = i;
        s->bytes += trimmed(p->src->text + w->c[i].start, w->c[i].end - w->c[i].start) + 1;
    }
    for (size_t i = 0; h.slots && h.next && i < size; i++)
        if (h.slots[i].dst)
            build(p, &h, &h.slots[i]);
    if (!h.slots || !h.next)
        nn_arena_alloc(&p->m->arena, SIZE_MAX); /* marks the arena failed: out of memory */
    free(h.slots);
    free(h.next);
}

void nn_dsl_attach_comments(struct nn_dsl_state *p)
{
    if (p->ncomments == 0)
        return;
    struct walk w = {p->comments, p->ncomments,
                     nn_arena_alloc(&p->m->arena, p->ncomments * sizeof *w.near)};
    if (!w.near)
        return;
    add_network(&w, &p->m->net);
    spread(&w);
    place(p, &w);
}
