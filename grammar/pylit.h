/* pylit.h - Python literals: numbers, strings, bytes and f-strings.
 *
 * Owns the conversion of literal token text into Constant and JoinedStr
 * nodes: number syntax to values (big integers in decimal), escape
 * sequences, adjacent-literal concatenation, and f-string replacement
 * fields (whose expressions are parsed by a nested parser).
 */
#ifndef NN_PYLIT_H
#define NN_PYLIT_H

#include "grammar/pystate.h"

/* A Constant for the number literal text[0..len), or NULL after an error. */
struct nn_py_node *nn_py_number(struct nn_py_parse *p, const char *text, size_t len,
                                const struct nn_py_span *at);
/* One node for adjacent string tokens (NN_PY_IDENT nodes holding the raw
 * token text in s[0], slen bytes): a Constant or a JoinedStr, or NULL. */
struct nn_py_node *nn_py_strings(struct nn_py_parse *p, struct nn_py_node *toks,
                                 const struct nn_py_span *at);
/* Append the UTF-8 (or surrogate 3-byte form) of cp to buf; returns bytes written. */
int nn_py_utf8_put(char *buf, unsigned long cp);
/* Decode one UTF-8 sequence at s (n bytes available); sets *len, returns the
 * code point, or -1 if malformed. */
long nn_py_utf8_get(const unsigned char *s, size_t n, int *len);

#endif
