/* pynum.c - number literals: integers of any size, floats, imaginaries. */
#include <stdlib.h>
#include <string.h>

#include "grammar/pybuild.h"
#include "grammar/pylit.h"

/* Integers are carried as decimal text; like CPython (sys.int_info's
 * default_max_str_digits) nnc converts no integer of more than this many
 * decimal digits, which also bounds the quadratic conversion below. */
#define MAX_INT_DIGITS 4300

/* Does a literal of n significant digits in base exceed MAX_INT_DIGITS
 * decimal digits?  (log10 of 16, 8, 2: 1.204, 0.903, 0.301; a bound that errs
 * by at most one digit.) */
static int too_many_digits(size_t n, int base)
{
    double per = base == 16 ? 1.2042 : base == 8 ? 0.9031 : base == 2 ? 0.30103 : 1.0;
    return base == 10 ? n > MAX_INT_DIGITS : (double)n * per > MAX_INT_DIGITS + 1;
}

/* Report an integer literal buf[0..k) (prefix letter x, or 0) beyond
 * MAX_INT_DIGITS; 1 when it is. */
static int too_long(struct nn_py_parse *p, const char *buf, size_t k, char x,
                    const struct nn_py_span *at)
{
    int base = x == 'x' ? 16 : x == 'o' ? 8 : x == 'b' ? 2 : 10;
    size_t lead = base == 10 ? 0 : 2;
    if (base == 10 && strpbrk(buf, ".eEjJ"))
        return 0; /* a float or an imaginary */
    while (lead + 1 < k && buf[lead] == '0')
        lead++;
    if (!too_many_digits(k - lead, base))
        return 0;
    nn_py_error(p, at, "an integer literal of more than %d digits (CPython's limit for "
                "converting integers to text)", MAX_INT_DIGITS);
    return 1;
}

/* Digits of text[0..len) in base `base` as a decimal string in the arena. */
static char *to_decimal(struct nn_arena *a, const char *text, size_t len, int base)
{
    /* little-endian limbs of 10^9 */
    size_t cap = len / 2 + 2, n = 1;
    unsigned *limb = calloc(cap, sizeof *limb);
    if (!limb)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
                   : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) : (unsigned)(c - 'A' + 10);
        unsigned long long carry = d;
        for (size_t k = 0; k < n; k++) {
            unsigned long long v = (unsigned long long)limb[k] * (unsigned)base + carry;
            limb[k] = (unsigned)(v % 1000000000u);
            carry = v / 1000000000u;
        }
        if (carry)
            limb[n++] = (unsigned)carry;
    }
    char *out = nn_arena_alloc(a, n * 9 + 1);
    if (out) {
        int w = sprintf(out, "%u", limb[n - 1]);
        for (size_t k = n - 1; k-- > 0;)
            w += sprintf(out + w, "%09u", limb[k]);
    }
    free(limb);
    return out;
}

struct nn_py_node *nn_py_number(struct nn_py_parse *p, const char *text, size_t len,
                                const struct nn_py_span *at)
{
    char small[128];
    char *buf = len < sizeof small ? small : malloc(len + 1);
    struct nn_py_node *n = buf ? nn_py_mk(p, NN_PY_Constant, at) : NULL;
    if (!n) {
        if (buf != small)
            free(buf);
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < len; i++)
        if (text[i] != '_')
            buf[k++] = text[i];
    buf[k] = '\0';
    char x = k > 1 && buf[0] == '0' ? (char)(buf[1] | 0x20) : 0;
    if (too_long(p, buf, k, x, at)) {
        if (buf != small)
            free(buf);
        return NULL;
    }
    if (x == 'x' || x == 'o' || x == 'b') {
        n->op = NN_PYC_INT;
        n->s[0] = to_decimal(p->arena, buf + 2, k - 2, x == 'x' ? 16 : x == 'o' ? 8 : 2);
    } else if ((buf[k - 1] | 0x20) == 'j') {
        buf[k - 1] = '\0';
        n->op = NN_PYC_IMAG;
        n->dval = strtod(buf, NULL);
    } else if (strpbrk(buf, ".eE")) {
        n->op = NN_PYC_FLOAT;
        n->dval = strtod(buf, NULL);
    } else {
        size_t z = 0;
        while (z + 1 < k && buf[z] == '0')
            z++;
        n->op = NN_PYC_INT;
        n->s[0] = nn_arena_strndup(p->arena, buf + z, k - z);
    }
    if (buf != small)
        free(buf);
    if (n->op == NN_PYC_INT && !n->s[0])
        return NULL;
    return n;
}
