/* suggest.c - "did you mean": the known names closest to a misspelt one. */
#include "metamodel/suggest.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Case-insensitive equality of two characters. */
static int same(char a, char b)
{
    return tolower((unsigned char)a) == tolower((unsigned char)b);
}

/* Edit distance with adjacent swaps (optimal string alignment), or SIZE_MAX
 * when out of memory.  Three rows of |b|+1 entries. */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (lb >= SIZE_MAX / 3 / sizeof(size_t) - 1)
        return SIZE_MAX;
    size_t w = lb + 1, *rows = malloc(3 * w * sizeof *rows);
    if (!rows)
        return SIZE_MAX;
    size_t *two = rows, *prev = rows + w, *cur = rows + 2 * w;
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t d = prev[j - 1] + !same(a[i - 1], b[j - 1]);
            if (prev[j] + 1 < d)
                d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]) &&
                two[j - 2] + 1 < d)
                d = two[j - 2] + 1;
            cur[j] = d;
        }
        size_t *t = two; two = prev; prev = cur; cur = t;
    }
    size_t d = prev[lb];
    free(rows);
    return d;
}

/* Length of the longest piece a and b share (case-insensitive). */
static size_t shared_piece(const char *a, const char *b)
{
    size_t best = 0;
    for (const char *p = a; *p; p++)
        for (const char *q = b; *q; q++) {
            size_t n = 0;
            while (p[n] && q[n] && same(p[n], q[n]))
                n++;
            if (n > best)
                best = n;
        }
    return best;
}

/* How far cand is from name, or SIZE_MAX when it is not close at all. */
static size_t score(const char *name, const char *cand)
{
    size_t d = distance(name, cand);
    size_t ln = strlen(name), lc = strlen(cand), shorter = ln < lc ? ln : lc;
    if (d != SIZE_MAX && d <= (ln + 2) / 3)
        return d;
    size_t piece = shared_piece(name, cand);
    return d != SIZE_MAX && piece >= 4 && 2 * piece >= shorter ? d : SIZE_MAX;
}

size_t nn_suggest(const char *name, const char *const *cands, size_t n, size_t *best, size_t k)
{
    size_t found = 0;
    size_t *scores = k ? malloc(k * sizeof *scores) : NULL;
    if (!scores)
        return 0;
    for (size_t i = 0; i < n; i++) {
        size_t s = score(name, cands[i]);
        if (s == SIZE_MAX || (found == k && s >= scores[k - 1]))
            continue;
        size_t at = found < k ? found++ : k - 1; /* insert, keeping the order */
        while (at > 0 && scores[at - 1] > s) {
            scores[at] = scores[at - 1];
            best[at] = best[at - 1];
            at--;
        }
        scores[at] = s;
        best[at] = i;
    }
    free(scores);
    return found;
}
