/* checked.h - integer arithmetic that reports overflow instead of wrapping.
 *
 * Every size or element count computed from input (shape inference, the
 * readers' tensor arithmetic, allocation sizes) goes through these: an
 * overflow is an error the caller reports at the construct's location,
 * never a wrapped value that would reach the generated code.  Each returns
 * 1 and stores the result, or 0 (and leaves *r unspecified) on overflow.
 */
#ifndef NN_CHECKED_H
#define NN_CHECKED_H

#include <stddef.h>

/* *r = a * b. */
static inline int nn_mul_ll(long long a, long long b, long long *r)
{
    return !__builtin_mul_overflow(a, b, r);
}

/* *r = a + b. */
static inline int nn_add_ll(long long a, long long b, long long *r)
{
    return !__builtin_add_overflow(a, b, r);
}

/* *r = a - b. */
static inline int nn_sub_ll(long long a, long long b, long long *r)
{
    return !__builtin_sub_overflow(a, b, r);
}

/* *r = a * b for allocation sizes. */
static inline int nn_mul_size(size_t a, size_t b, size_t *r)
{
    return !__builtin_mul_overflow(a, b, r);
}

#endif
