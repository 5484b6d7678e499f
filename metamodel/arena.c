/* arena.c - region allocator (see arena.h). */
#include "metamodel/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NN_ARENA_CHUNK (64 * 1024)
#define NN_ARENA_ALIGN 16

struct nn_arena_chunk {
    struct nn_arena_chunk *next;
    size_t size; /* usable bytes in data */
    _Alignas(NN_ARENA_ALIGN) unsigned char data[];
};

void nn_arena_init(struct nn_arena *a)
{
    memset(a, 0, sizeof *a);
}

void nn_arena_free(struct nn_arena *a)
{
    struct nn_arena_chunk *c = a->head;
    while (c) {
        struct nn_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    nn_arena_init(a);
}

void nn_arena_reset(struct nn_arena *a)
{
    struct nn_arena_chunk *keep = a->head;
    if (!keep)
        return;
    struct nn_arena_chunk *c = keep->next;
    while (c) {
        struct nn_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    keep->next = NULL;
    a->total = keep->size;
    a->used = 0;
}

/* A new chunk large enough for n bytes; big requests get a chunk of their own. */
static int add_chunk(struct nn_arena *a, size_t n)
{
    size_t size = n > NN_ARENA_CHUNK / 4 ? n : NN_ARENA_CHUNK;
    struct nn_arena_chunk *c = malloc(sizeof *c + size);
    if (!c) {
        a->failed = 1;
        return 0;
    }
    c->size = size;
    a->total += size;
    if (n > NN_ARENA_CHUNK / 4 && a->head) {
        /* keep filling the current chunk: put the big one behind it */
        c->next = a->head->next;
        a->head->next = c;
        memset(c->data, 0, n);
        return 2;
    }
    c->next = a->head;
    a->head = c;
    a->used = 0;
    return 1;
}

void *nn_arena_alloc(struct nn_arena *a, size_t n)
{
    if (n == 0)
        n = 1;
    if (n > SIZE_MAX - NN_ARENA_ALIGN) {
        a->failed = 1;
        return NULL;
    }
    n = (n + NN_ARENA_ALIGN - 1) & ~(size_t)(NN_ARENA_ALIGN - 1);
    if (!a->head || a->head->size - a->used < n) {
        int r = add_chunk(a, n);
        if (r == 0)
            return NULL;
        if (r == 2)
            return a->head->next->data;
    }
    void *p = a->head->data + a->used;
    a->used += n;
    memset(p, 0, n);
    return p;
}

char *nn_arena_strndup(struct nn_arena *a, const char *s, size_t n)
{
    char *p = nn_arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *nn_arena_strdup(struct nn_arena *a, const char *s)
{
    return nn_arena_strndup(a, s, strlen(s));
}

char *nn_arena_printf(struct nn_arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = n < 0 ? NULL : nn_arena_alloc(a, (size_t)n + 1);
    if (p)
        vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

void *nn_arena_grow(struct nn_arena *a, void *old, size_t count, size_t cap, size_t size)
{
    if (size && cap > SIZE_MAX / size) {
        a->failed = 1;
        return NULL;
    }
    void *p = nn_arena_alloc(a, cap * size);
    if (p && old && count)
        memcpy(p, old, count * size);
    return p;
}
