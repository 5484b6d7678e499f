/* text.c - the text nnc carries into generated code and XML (see text.h). */
#include "metamodel/text.h"

/* Bytes in the UTF-8 sequence that byte b starts; 0 when b starts none. */
static size_t seq_len(unsigned char b)
{
    if (b < 0x80)
        return 1;
    if (b >= 0xC2 && b <= 0xDF)
        return 2;
    if (b >= 0xE0 && b <= 0xEF)
        return 3;
    return b >= 0xF0 && b <= 0xF4 ? 4 : 0;
}

/* The code point of the k-byte sequence at s (avail bytes left); -1 when
 * malformed, overlong or beyond U+10FFFF. */
static long decode(const unsigned char *s, size_t k, size_t avail)
{
    static const long least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (k == 0 || k > avail)
        return -1;
    long cp = k == 1 ? s[0] : s[0] & (0x7F >> k);
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return -1;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    return cp < least[k] || cp > 0x10FFFF ? -1 : cp;
}

/* Can Python strings and XML both hold code point cp? */
static int allowed(long cp)
{
    if (cp < 0x20)
        return cp == '\t';
    if (cp == 0x7F || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return (cp & 0xFFFE) != 0xFFFE && !(cp >= 0xFDD0 && cp <= 0xFDEF);
}

int nn_text_check(const char *s, size_t n, size_t *off, long *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t k = seq_len(u[i]);
        long c = decode(u + i, k, n - i);
        if (c < 0 || !allowed(c)) {
            *off = i;
            *cp = c;
            return 1;
        }
        i += k;
    }
    return 0;
}

const char *nn_text_problem(long cp)
{
    if (cp < 0)
        return "bytes that are not UTF-8";
    if (cp < 0x20 || cp == 0x7F)
        return "a control character";
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return "a surrogate";
    return "a noncharacter";
}
