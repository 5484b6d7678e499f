/* symtab.c - string hash table (see symtab.h). */
#include "metamodel/symtab.h"

#include <stdint.h>
#include <string.h>

struct slot {
    const char *key;
    uint64_t hash;
    int tag;
    size_t value;
};

struct nn_symtab {
    struct slot *slots;
    size_t cap;   /* a power of two */
    size_t count;
};

/* FNV-1a. */
static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

struct nn_symtab *nn_symtab_new(struct nn_arena *a, size_t expected)
{
    struct nn_symtab *t = nn_arena_alloc(a, sizeof *t);
    if (!t)
        return NULL;
    size_t cap = 16;
    while (cap < expected * 2)
        cap *= 2;
    t->slots = nn_arena_alloc(a, cap * sizeof *t->slots);
    if (!t->slots)
        return NULL;
    t->cap = cap;
    return t;
}

static struct slot *find(const struct nn_symtab *t, const char *key, uint64_t h)
{
    size_t i = (size_t)h & (t->cap - 1);
    while (t->slots[i].key) {
        if (t->slots[i].hash == h && strcmp(t->slots[i].key, key) == 0)
            return &t->slots[i];
        i = (i + 1) & (t->cap - 1);
    }
    return &t->slots[i];
}

/* Double the table when it is half full (old slots stay in the arena). */
static int grow(struct nn_arena *a, struct nn_symtab *t)
{
    struct slot *old = t->slots;
    size_t oldcap = t->cap;
    t->slots = nn_arena_alloc(a, oldcap * 2 * sizeof *t->slots);
    if (!t->slots) {
        t->slots = old;
        return 0;
    }
    t->cap = oldcap * 2;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].key)
            *find(t, old[i].key, old[i].hash) = old[i];
    return 1;
}

int nn_symtab_put(struct nn_arena *a, struct nn_symtab *t, const char *key, int tag, size_t value)
{
    if ((t->count + 1) * 2 > t->cap && !grow(a, t))
        return -1;
    uint64_t h = hash_str(key);
    struct slot *s = find(t, key, h);
    if (s->key)
        return 0;
    s->key = key;
    s->hash = h;
    s->tag = tag;
    s->value = value;
    t->count++;
    return 1;
}

int nn_symtab_get(const struct nn_symtab *t, const char *key, int *tag, size_t *value)
{
    const struct slot *s = find(t, key, hash_str(key));
    if (!s->key)
        return 0;
    *tag = s->tag;
    *value = s->value;
    return 1;
}

size_t nn_symtab_count(const struct nn_symtab *t)
{
    return t->count;
}
