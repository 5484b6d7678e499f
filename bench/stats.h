/* stats.h - the clocks and medians the bench programs share. */
#ifndef NN_BENCH_STATS_H
#define NN_BENCH_STATS_H

#include <stddef.h>
#include <time.h>

/* The time of clock (CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID) in seconds. */
double nn_bench_seconds(clockid_t clock);

/* Sort v[0..n) (n > 0) and return its median. */
double nn_bench_median(double *v, size_t n);

#endif
