/* pydump.h - print a Python syntax tree as CPython 3.11's ast.dump() does.
 *
 * Owns the text form of the tree: node and field names from pyast.def,
 * omitted None fields, `[]` for empty lists, and Python's repr() of
 * constants (shortest round-trip floats, quoting and escapes of str and
 * bytes, integers of any size, Ellipsis).
 */
#ifndef NN_PYDUMP_H
#define NN_PYDUMP_H

#include <stdio.h>

#include "grammar/pyast.h"

/* Write ast.dump(tree) (no trailing newline). */
void nn_py_dump(const struct nn_py_node *tree, FILE *out);

/* Read and parse a file, print its dump and a newline to out, diagnostics
 * to err.  Returns 0, 1 (syntax errors) or 3 (the file cannot be read). */
int nn_py_dump_file(const char *path, FILE *out, FILE *err);

#endif
