/* eval_inert.c - external calls that do not touch the network: logging and
 * registration calls skipped (said once), typing.cast, and
 * functools.partial values. */
#include <string.h>

#include "m2m/eval_int.h"

/* Calls with no effect on the network, by the last part of their dotted
 * name (or the whole of it): they return None. */
static const char *const inert[] = {
    "_log_api_usage_once", "warnings.warn", "logging.info", "logging.debug",
    "logging.warning", "torch._C._log_api_usage_once",
};

int nn_m2m_is_inert(const char *path)
{
    const char *last = strrchr(path, '.');
    last = last ? last + 1 : path;
    for (size_t i = 0; i < sizeof inert / sizeof *inert; i++)
        if (strcmp(inert[i], path) == 0 || (inert[i][0] == '_' && strcmp(inert[i], last) == 0))
            return 1;
    return 0;
}

/* Skip an inert call, noting the first one. */
static struct nn_mval *skip(struct nn_m2m_eval *ev, const struct nn_py_node *at, const char *path)
{
    if (!ev->inert_noted && !ev->lenient) {
        ev->inert_noted = 1;
        nn_diag(ev->d, nn_m2m_loc(ev, at), NN_NOTE,
                "%s and the like do not change the network: skipped", path);
    }
    return nn_m2m_new(ev, NN_MV_NONE);
}

/* functools.partial(fn, *args, **kw): a BUILTIN "__partial__" whose receiver
 * is the tuple (fn, args, kwargs). */
static struct nn_mval *partial(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                               struct nn_m2m_args *a)
{
    if (a->npos < 1)
        return nn_m2m_fail(ev, at, "functools.partial() without a function");
    struct nn_mval *t = nn_m2m_seq(ev, NN_MV_TUPLE, 3);
    struct nn_mval *pos = nn_m2m_seq(ev, NN_MV_TUPLE, a->npos);
    struct nn_mval *kw = nn_m2m_seq(ev, NN_MV_DICT, a->nkw);
    struct nn_mval *p = nn_m2m_new(ev, NN_MV_BUILTIN);
    if (!t || !pos || !kw || !p)
        return NULL;
    for (size_t i = 1; i < a->npos; i++)
        nn_m2m_push(ev, pos, a->pos[i]);
    for (size_t i = 0; i < a->nkw; i++)
        nn_m2m_dict_set(ev, kw, nn_m2m_str(ev, a->kwname[i]), a->kw[i]);
    nn_m2m_push(ev, t, a->pos[0]);
    nn_m2m_push(ev, t, pos);
    nn_m2m_push(ev, t, kw);
    p->s = "__partial__";
    p->self = t;
    return p;
}

struct nn_mval *nn_m2m_inert_path(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                  struct nn_mval *fn, struct nn_m2m_args *a)
{
    if (nn_m2m_is_inert(fn->s))
        return skip(ev, at, fn->s);
    if (strcmp(fn->s, "typing.cast") == 0 && a->npos == 2 && a->nkw == 0)
        return a->pos[1];
    if (strcmp(fn->s, "functools.partial") == 0)
        return partial(ev, at, a);
    return &nn_m2m_unhandled;
}

/* The arguments of a partial call: the stored ones, then the call's (a
 * keyword given at the call replaces the stored one). */
static struct nn_m2m_args *merged(struct nn_m2m_eval *ev, struct nn_mval *pos, struct nn_mval *kw,
                                  struct nn_m2m_args *a)
{
    struct nn_m2m_args *m = nn_arena_alloc(ev->a, sizeof *m);
    size_t np = pos->n + a->npos, nk = kw->n + a->nkw;
    if (!m)
        return NULL;
    m->pos = nn_arena_alloc(ev->a, (np + 1) * sizeof *m->pos);
    m->posnode = nn_arena_alloc(ev->a, (np + 1) * sizeof *m->posnode);
    m->kwname = nn_arena_alloc(ev->a, (nk + 1) * sizeof *m->kwname);
    m->kw = nn_arena_alloc(ev->a, (nk + 1) * sizeof *m->kw);
    m->kwnode = nn_arena_alloc(ev->a, (nk + 1) * sizeof *m->kwnode);
    if (!m->pos || !m->posnode || !m->kwname || !m->kw || !m->kwnode)
        return NULL;
    for (size_t i = 0; i < np; i++) {
        m->pos[i] = i < pos->n ? pos->items[i] : a->pos[i - pos->n];
        m->posnode[i] = i < pos->n || !a->posnode ? NULL : a->posnode[i - pos->n];
    }
    m->npos = np;
    for (size_t i = 0; i < a->nkw; i++, m->nkw++) {
        m->kwname[m->nkw] = a->kwname[i];
        m->kw[m->nkw] = a->kw[i];
        m->kwnode[m->nkw] = a->kwnode ? a->kwnode[i] : NULL;
    }
    for (size_t i = 0; i < kw->n; i++)
        if (!nn_m2m_kwarg(a, kw->keys[i]->s)) {
            m->kwname[m->nkw] = kw->keys[i]->s;
            m->kwnode[m->nkw] = NULL;
            m->kw[m->nkw++] = kw->items[i];
        }
    return m;
}

struct nn_mval *nn_m2m_partial_call(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                    struct nn_mval *self, struct nn_m2m_args *a)
{
    struct nn_m2m_args *m = merged(ev, self->items[1], self->items[2], a);
    return m ? nn_m2m_call(ev, at, self->items[0], m) : NULL;
}
