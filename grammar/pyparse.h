/* pyparse.h - the Python front end's entry points.
 *
 * Owns the way from bytes to tree: BOM and PEP 263 coding lines (UTF-8,
 * Latin-1, cp1252, koi8-r, ASCII), UTF-8 validation, newline
 * normalisation, then the scanner and parser.  The tree lives in the
 * caller's arena; errors go to the caller's sink.
 */
#ifndef NN_PYPARSE_H
#define NN_PYPARSE_H

#include <stdio.h>

#include "grammar/pyast.h"
#include "metamodel/arena.h"
#include "metamodel/diag.h"

/* Parse a whole module.  Returns the Module node, or NULL after reporting
 * errors to sink.  The tree does not point into src. */
struct nn_py_node *nn_py_parse(struct nn_source *src, struct nn_arena *arena,
                               struct nn_diag_sink *sink);

/* Read and parse a file, hand the tree to use(tree, ctx) (when use is not
 * NULL), and free it: 0 ok, 1 syntax errors, 3 unreadable. */
int nn_py_with_file(const char *path, FILE *err,
                    void (*use)(const struct nn_py_node *tree, void *ctx), void *ctx);
/* Parse a file only (no dump): 0 ok, 1 syntax errors, 3 unreadable. */
int nn_py_parse_file(const char *path, FILE *err);

#endif
