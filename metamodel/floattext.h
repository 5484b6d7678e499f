/* floattext.h - the shortest decimal digits that read back as a double.
 *
 * The one search every printer of decimals uses (the DSL printer, Python
 * text, the XMI values, the Python AST dump); each then lays the digits out
 * in its own notation.
 */
#ifndef NN_FLOATTEXT_H
#define NN_FLOATTEXT_H

#include <stddef.h>

/* d[0].d[1]...d[n-1] times 10^exp: the fewest significant digits that read
 * back as |x| (trailing zeros dropped, at least one digit). */
struct nn_float_digits {
    char d[24];     /* the digits, NUL-terminated */
    int n;          /* how many */
    int exp;        /* decimal exponent of the first digit */
};

/* The shortest digits of |x|; x must be finite. */
void nn_float_digits(double x, struct nn_float_digits *out);
/* C's "%.*g" at the shortest precision that reads back as x (x finite). */
void nn_float_g(double x, char *buf, size_t size);

#endif
