/* arena.h - region allocator: one arena per compilation, freed at once.
 *
 * Every tree and table built while compiling one input (pivot model,
 * Python syntax tree, parser scratch) lives in an arena, so no pass has
 * to free node by node and an error path cannot leak.  Allocation
 * failure is reported by a NULL return and a sticky flag; callers check
 * nn_arena_failed() once at the end of a stage.
 */
#ifndef NN_ARENA_H
#define NN_ARENA_H

#include <stddef.h>

struct nn_arena_chunk;

struct nn_arena {
    struct nn_arena_chunk *head; /* newest chunk first */
    size_t used;                 /* bytes used in head */
    size_t total;                /* bytes allocated from the system */
    int failed;                  /* an allocation returned NULL */
};

void nn_arena_init(struct nn_arena *a);
void nn_arena_free(struct nn_arena *a);
/* Forget everything allocated but keep one chunk for reuse (scratch space). */
void nn_arena_reset(struct nn_arena *a);

/* Zeroed, aligned storage for n bytes; NULL only if the system is out of memory. */
void *nn_arena_alloc(struct nn_arena *a, size_t n);
/* Copy of s[0..n) with a terminating NUL. */
char *nn_arena_strndup(struct nn_arena *a, const char *s, size_t n);
char *nn_arena_strdup(struct nn_arena *a, const char *s);
/* printf into the arena. */
char *nn_arena_printf(struct nn_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Grow an arena array: returns a copy of old[0..count) with room for cap items. */
void *nn_arena_grow(struct nn_arena *a, void *old, size_t count, size_t cap, size_t size);

static inline int nn_arena_failed(const struct nn_arena *a) { return a->failed; }

#endif
