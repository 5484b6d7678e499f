/* suggest.h - "did you mean": the known names closest to a misspelt one.
 *
 * Used wherever a name is looked up in a closed set (targets, layer kinds,
 * UML behaviours) so that the error can offer the likely intended names.
 * Closeness is case-insensitive: an edit distance (a swap of two adjacent
 * characters counts as one edit) small for the name's length, or a long
 * shared piece ("pytorch" and "torch-seq" share "torch").
 */
#ifndef NN_SUGGEST_H
#define NN_SUGGEST_H

#include <stddef.h>

/* Fill best[0..k) with the indices of the candidates close to name, the
 * closest first (ties in candidate order); returns how many were filled. */
size_t nn_suggest(const char *name, const char *const *cands, size_t n, size_t *best, size_t k);

#endif
