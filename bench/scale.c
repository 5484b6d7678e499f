/* scale.c - does nnc's time and memory grow linearly with the model?
 *
 *   scale [--rounds K] [--runs R] [--floor-ms T] [--floor-kb M] N1 N2 ...
 *       builds synthetic models of N1, N2, ... layers (synth.h) and times
 *       DSL parse, validation, shape inference and torch-sub generation to
 *       memory.  Each size runs in processes of its own (so its peak memory
 *       is its own), R passes per process, and the sizes take turns for K
 *       rounds so that load from other programs falls on all of them alike.
 *       Prints the table and the growth from each size to the next; exits 1
 *       when a step's total time or memory grows more than 1.1 times the
 *       layers, beyond the floors (which keep timer noise on small sizes
 *       from failing it).
 *   scale --one N R     one process: prints one result line
 *   scale --emit N      print the synthetic model
 *
 * Times are CPU time of the process (CLOCK_PROCESS_CPUTIME_ID): on a
 * machine shared with other work, wall time mostly measures the others.
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/stats.h"
#include "bench/synth.h"
#include "grammar/dsl.h"
#include "m2t/gen.h"
#include "metamodel/shape.h"
#include "metamodel/validate.h"

extern char **environ;

enum phase { PH_PARSE, PH_VALIDATE, PH_SHAPE, PH_GEN, PH_TOTAL, PH_COUNT };
static const char *const phase_names[PH_COUNT] = {"parse", "validate", "shape", "torch-sub",
                                                  "total"};

#define MAX_RUNS 50
#define MAX_ATTEMPTS 3
#define MAX_ROUNDS (MAX_ATTEMPTS * 10)
#define MAX_SIZES 8
#define GROWTH_SLACK 1.1 /* 10x the layers may cost at most 11x */

/* One size's figures, as a child reports them and as the rounds sum them up. */
struct result {
    size_t layers, bytes, out_bytes;
    size_t arena;                         /* the model's arena after generation */
    long maxrss_kb;                       /* peak resident memory of the process */
    double med[PH_COUNT], best[PH_COUNT]; /* seconds */
};

/* Options of the table mode. */
struct table_opts {
    int rounds, runs;
    double floor_s;
    long floor_kb;
    size_t sizes[MAX_SIZES];
    size_t nsizes;
};

static double now(void)
{
    return nn_bench_seconds(CLOCK_PROCESS_CPUTIME_ID);
}

/* Median and least of v[0..n), n <= MAX_RUNS + MAX_ROUNDS. */
static double median(const double *v, int n, double *least)
{
    double s[MAX_RUNS + MAX_ROUNDS];
    memcpy(s, v, (size_t)n * sizeof *s);
    double med = nn_bench_median(s, (size_t)n);
    if (least)
        *least = s[0];
    return med;
}

/* One full pass over the model text: seconds per phase into t; 0 on success. */
static int measure_once(struct nn_source *src, double t[PH_COUNT], struct result *r)
{
    struct nn_diag_sink d;
    nn_diag_init(&d, stderr);
    d.max_errors = 5;
    struct nn_model m;
    nn_model_init(&m);
    struct nn_gen_options go = {.target = NN_TARGET_TORCH_SUB, .source_name = "synth.nn"};
    const struct nn_shapes *shapes;
    char *text = NULL;
    double t0 = now();
    int err = nn_dsl_parse(src, &m, &d);
    double t1 = now();
    err = err ? err : nn_validate(&m, &d);
    double t2 = now();
    err = err ? err : nn_shape_infer(&m, NULL, 0, &d, &shapes);
    double t3 = now();
    err = err ? err : nn_gen_code_string(&m, &go, &text, &r->out_bytes, &d);
    double t4 = now();
    r->arena = m.arena.total;
    free(text);
    nn_model_free(&m);
    t[PH_PARSE] = t1 - t0;
    t[PH_VALIDATE] = t2 - t1;
    t[PH_SHAPE] = t3 - t2;
    t[PH_GEN] = t4 - t3;
    t[PH_TOTAL] = t4 - t0;
    return err;
}

/* The child: measure one size and print its result line. */
static int run_one(size_t layers, int runs)
{
    struct result r = {.layers = layers};
    char *text = nn_synth_string(layers, &r.bytes);
    if (!text) {
        fprintf(stderr, "scale: cannot build a model of %zu layers\n", layers);
        return 1;
    }
    struct nn_source src;
    nn_source_from_string(&src, "synth.nn", text);
    double t[MAX_RUNS][PH_COUNT];
    for (int i = 0; i < runs; i++)
        if (measure_once(&src, t[i], &r) != 0) {
            nn_source_free(&src);
            free(text);
            return 1;
        }
    for (int p = 0; p < PH_COUNT; p++) {
        double col[MAX_RUNS];
        for (int i = 0; i < runs; i++)
            col[i] = t[i][p];
        r.med[p] = median(col, runs, &r.best[p]);
    }
    nn_source_free(&src);
    free(text);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%zu %zu %zu %zu %ld", r.layers, r.bytes, r.out_bytes, r.arena, ru.ru_maxrss);
    for (int p = 0; p < PH_COUNT; p++)
        printf(" %.9f %.9f", r.med[p], r.best[p]);
    putchar('\n');
    return 0;
}

/* Parse a child's result line; 0 on success. */
static int parse_result(const char *line, struct result *r)
{
    int used;
    if (sscanf(line, "%zu %zu %zu %zu %ld%n", &r->layers, &r->bytes, &r->out_bytes, &r->arena,
               &r->maxrss_kb, &used) != 5)
        return -1;
    line += used;
    for (int p = 0; p < PH_COUNT; p++) {
        if (sscanf(line, "%lf %lf%n", &r->med[p], &r->best[p], &used) != 2)
            return -1;
        line += used;
    }
    return 0;
}

/* Run `self --one N runs` in a fresh process (so its peak memory is its
 * own) and read its result; 0 on success. */
static int spawn_one(const char *self, size_t layers, int runs, struct result *r)
{
    char n[32], rs[16];
    snprintf(n, sizeof n, "%zu", layers);
    snprintf(rs, sizeof rs, "%d", runs);
    char *argv[] = {(char *)self, "--one", n, rs, NULL};
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
    posix_spawn_file_actions_addclose(&fa, fd[0]);
    pid_t pid;
    int rc = posix_spawn(&pid, self, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fd[1]);
    char line[1024] = "";
    FILE *in = fdopen(fd[0], "r");
    if (in) {
        if (!fgets(line, sizeof line, in))
            line[0] = '\0';
        fclose(in);
    }
    int status = 0;
    if (rc != 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        return -1;
    return parse_result(line, r);
}

static void print_row(const struct result *r)
{
    printf("| %7zu | %5.1f MB |", r->layers, r->bytes / 1e6);
    for (int p = 0; p < PH_COUNT; p++)
        printf(" %9.2f |", r->best[p] * 1e3);
    printf(" %9.2f | %6.1f MB | %6.1f MB |\n", r->med[PH_TOTAL] * 1e3, r->arena / 1048576.0,
           r->maxrss_kb / 1024.0);
}

/* One growth figure, marked when above limit beyond the floor; 1 when a gated one is. */
static int growth(double from, double to, double limit, double floor, int gated, int print)
{
    int over = to > limit * from + floor;
    if (print)
        printf(" x%6.2f%s |", to / from, over ? (gated ? "!" : "*") : " ");
    return over && gated;
}

/* The growth from a to b (printed when print is set); 1 when a gated figure grew too fast. */
static int step_growth(const struct result *a, const struct result *b, const struct table_opts *o,
                       int print)
{
    double k = (double)b->layers / (double)a->layers, limit = k * GROWTH_SLACK;
    int bad = 0;
    if (print)
        printf("|  x%-5.0f |  x%5.2f |", k, (double)b->bytes / (double)a->bytes);
    for (int p = 0; p < PH_COUNT; p++)
        bad |= growth(a->best[p], b->best[p], limit, o->floor_s, p == PH_TOTAL, print);
    bad |= growth(a->med[PH_TOTAL], b->med[PH_TOTAL], limit, o->floor_s, 0, print);
    bad |= growth((double)a->arena, (double)b->arena, limit, 0, 1, print);
    bad |= growth((double)a->maxrss_kb, (double)b->maxrss_kb, limit, (double)o->floor_kb, 1,
                  print);
    if (print)
        putchar('\n');
    return bad;
}

/* Does any step grow too fast? */
static int any_step_bad(const struct result *r, const struct table_opts *o)
{
    int bad = 0;
    for (size_t i = 1; i < o->nsizes; i++)
        bad |= step_growth(&r[i - 1], &r[i], o, 0);
    return bad;
}

/* Fold round k's result for a size into its summary (best times, largest
 * memory) and keep its medians for the median over rounds. */
static void fold(struct result *sum, const struct result *r, int k, double med[][MAX_ROUNDS])
{
    if (k == 0) {
        *sum = *r;
    } else {
        for (int p = 0; p < PH_COUNT; p++)
            sum->best[p] = r->best[p] < sum->best[p] ? r->best[p] : sum->best[p];
        sum->maxrss_kb = r->maxrss_kb > sum->maxrss_kb ? r->maxrss_kb : sum->maxrss_kb;
    }
    for (int p = 0; p < PH_COUNT; p++)
        med[p][k] = r->med[p];
}

/* Medians over rounds and the summaries of every size, kept across attempts. */
struct tally {
    struct result sum[MAX_SIZES];
    double med[MAX_SIZES][PH_COUNT][MAX_ROUNDS];
    int rounds;
};

/* o->rounds more rounds of every size, the sizes in turn; 0 on success. */
static int measure_rounds(const char *self, const struct table_opts *o, struct tally *t)
{
    for (int k = 0; k < o->rounds; k++, t->rounds++)
        for (size_t i = 0; i < o->nsizes; i++) {
            struct result r;
            if (spawn_one(self, o->sizes[i], o->runs, &r) != 0) {
                fprintf(stderr, "scale: the run for %zu layers failed\n", o->sizes[i]);
                return -1;
            }
            fold(&t->sum[i], &r, t->rounds, t->med[i]);
        }
    for (size_t i = 0; i < o->nsizes; i++)
        for (int p = 0; p < PH_COUNT; p++)
            t->sum[i].med[p] = median(t->med[i][p], t->rounds, NULL);
    return 0;
}

static void print_table(const struct tally *t, const struct table_opts *o)
{
    printf("CPU milliseconds, best of %d rounds x %d passes (total also as the median).\n\n",
           t->rounds, o->runs);
    printf("|  layers |  .nn text |");
    for (int p = 0; p < PH_COUNT; p++)
        printf(" %9s |", phase_names[p]);
    printf(" total med |  arena    |  peak RSS |\n|--------:|---------:|");
    for (int p = 0; p <= PH_COUNT; p++)
        printf("----------:|");
    printf("----------:|----------:|\n");
    for (size_t i = 0; i < o->nsizes; i++) {
        print_row(&t->sum[i]);
        if (i > 0)
            step_growth(&t->sum[i - 1], &t->sum[i], o, 1);
    }
    printf("\nGrowth rows (xN): each size against the previous one.  Limit: %.1f times the\n"
           "growth in layers, plus %.1f ms for times and %ld kB for the peak RSS.  '!' marks\n"
           "a checked figure over it (total best, arena, peak RSS), '*' another figure.\n",
           GROWTH_SLACK, o->floor_s * 1e3, o->floor_kb);
}

/* Measure, and measure again (up to twice) while a step looks too steep, so
 * that a burst of load from other programs is not taken for non-linearity;
 * print the table; 0 when linear. */
static int run_table(const char *self, const struct table_opts *o)
{
    struct tally t = {.rounds = 0};
    int bad = 1;
    for (int attempt = 0; bad && attempt < MAX_ATTEMPTS; attempt++) {
        if (attempt > 0) {
            printf("(a step grew too fast; measuring again)\n");
            fflush(stdout);
        }
        if (measure_rounds(self, o, &t) != 0)
            return 2;
        bad = any_step_bad(t.sum, o);
    }
    print_table(&t, o);
    printf(bad ? "FAIL: time or memory grows faster than the model (CPU time also depends on\n"
                 "the caches other programs share: see doc/bench.md)\n"
               : "OK: time and memory grow linearly\n");
    return bad;
}

/* A positive size from text; 0 when it is not one. */
static size_t parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    return *s && !*end && !errno && v >= NN_SYNTH_MIN ? (size_t)v : 0;
}

/* Parse the table mode's arguments; 0 on success. */
static int parse_table_args(int argc, char **argv, struct table_opts *o)
{
    *o = (struct table_opts){.rounds = 3, .runs = 3, .floor_s = 0.005, .floor_kb = 2048};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
            o->rounds = atoi(argv[++i]);
        else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            o->runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--floor-ms") == 0 && i + 1 < argc)
            o->floor_s = atof(argv[++i]) / 1e3;
        else if (strcmp(argv[i], "--floor-kb") == 0 && i + 1 < argc)
            o->floor_kb = atol(argv[++i]);
        else if (o->nsizes < MAX_SIZES && parse_size(argv[i]))
            o->sizes[o->nsizes++] = parse_size(argv[i]);
        else
            return -1;
    }
    return o->nsizes && o->runs >= 1 && o->runs <= MAX_RUNS && o->rounds >= 1 &&
                   o->rounds <= MAX_ROUNDS / MAX_ATTEMPTS
               ? 0
               : -1;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--emit") == 0 && parse_size(argv[2]))
        return nn_synth_write(stdout, parse_size(argv[2])) == 0 ? 0 : 1;
    if (argc == 4 && strcmp(argv[1], "--one") == 0 && parse_size(argv[2]) && atoi(argv[3]) >= 1 &&
        atoi(argv[3]) <= MAX_RUNS)
        return run_one(parse_size(argv[2]), atoi(argv[3]));
    struct table_opts o;
    if (parse_table_args(argc, argv, &o) != 0) {
        fprintf(stderr, "usage: scale [--rounds K] [--runs R] [--floor-ms T] [--floor-kb M] "
                        "N1 N2 ...\n"
                        "       scale --one N R | --emit N   (N >= %d, R <= %d)\n",
                NN_SYNTH_MIN, MAX_RUNS);
        return 2;
    }
    return run_table(argv[0], &o);
}
