/* floattext.c - the shortest decimal digits that read back (see floattext.h). */
#include "metamodel/floattext.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void nn_float_digits(double x, struct nn_float_digits *out)
{
    char buf[40];
    x = fabs(x);
    for (int p = 0; p < 17; p++) { /* 17 significant digits always read back */
        snprintf(buf, sizeof buf, "%.*e", p, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    char *e = strchr(buf, 'e');
    out->exp = atoi(e + 1);
    out->n = 0;
    for (char *q = buf; q < e && out->n + 1 < (int)sizeof out->d; q++)
        if (*q >= '0' && *q <= '9')
            out->d[out->n++] = *q;
    while (out->n > 1 && out->d[out->n - 1] == '0')
        out->n--;
    out->d[out->n] = '\0';
}

void nn_float_g(double x, char *buf, size_t size)
{
    struct nn_float_digits f;
    nn_float_digits(x, &f);
    /* %g with precision n: exponent form when exp < -4 or exp >= n */
    snprintf(buf, size, "%.*g", f.n, x);
}
