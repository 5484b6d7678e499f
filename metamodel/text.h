/* text.h - the text nnc carries from its input into generated code and XML.
 *
 * Comments and strings of a model reach Python string literals, Python
 * comments and XML attributes.  Each must be valid UTF-8 and hold only
 * characters all three can hold: no control character but the tab, no
 * surrogate, no noncharacter (U+FFFE, U+FFFF, U+FDD0..U+FDEF).  A reader
 * refuses other text at its location rather than write what cannot be
 * read back.
 */
#ifndef NN_TEXT_H
#define NN_TEXT_H

#include <stddef.h>

/* 0 when s[0..n) is such text; else 1 with *off the offending byte and *cp
 * its code point (-1: not valid UTF-8). */
int nn_text_check(const char *s, size_t n, size_t *off, long *cp);

/* What is wrong with code point cp found by nn_text_check (static text). */
const char *nn_text_problem(long cp);

#endif
