/* symtab.h - string-keyed hash table in an arena (names of layers, ops, subnets).
 *
 * Open addressing with linear probing; keys are not copied.  Validation of a
 * model with 100k layers resolves every reference in constant time each.
 */
#ifndef NN_SYMTAB_H
#define NN_SYMTAB_H

#include <stddef.h>

#include "metamodel/arena.h"

struct nn_symtab;

struct nn_symtab *nn_symtab_new(struct nn_arena *a, size_t expected);
/* Insert key -> (tag, value); returns 0 if key was present (nothing changed),
 * 1 if inserted, -1 when out of memory. */
int nn_symtab_put(struct nn_arena *a, struct nn_symtab *t, const char *key, int tag, size_t value);
/* 1 and the entry's tag and value when found, else 0. */
int nn_symtab_get(const struct nn_symtab *t, const char *key, int *tag, size_t *value);
/* Number of distinct keys. */
size_t nn_symtab_count(const struct nn_symtab *t);

#endif
