/* compile.c - time nnc's .nn -> PyTorch path on one file, for the BESSER comparison.
 *
 *   compile [--reps N] [--with-training] [--nnc PATH] FILE DIR
 *
 * In process: read FILE, parse, validate, generate torch-sub code and write
 * it to a file in DIR, N times (the work BESSER's parser and generator do).
 * With --nnc, also N whole runs of `PATH FILE --target torch-sub -o OUT`,
 * exec and process start included, and N runs of `PATH --version`, which
 * is process start alone.  Prints one line:
 *   FILE in-process-s process-s start-s   (medians; 0 without --nnc)
 * Times are wall-clock, as BESSER's side is measured.  Every run writes a
 * new file (the driver gives BESSER a new directory each time too): ext4
 * flushes a file rewritten in place on close, which would time the disk.
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "bench/stats.h"
#include "grammar/dsl.h"
#include "m2t/gen.h"
#include "metamodel/validate.h"

extern char **environ;

#define MAX_REPS 1000

static double now(void)
{
    return nn_bench_seconds(CLOCK_MONOTONIC);
}

/* Write text to path; 0 on success. */
static int write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = fwrite(text, 1, len, f);
    return fclose(f) != 0 || n != len ? -1 : 0;
}

/* One compilation, as the driver does it but without its option handling:
 * 0 on success. */
static int compile_once(const char *in, const char *out, int training)
{
    struct nn_source src;
    if (nn_source_read(&src, in) != 0)
        return -1;
    struct nn_diag_sink d;
    nn_diag_init(&d, stderr);
    struct nn_model m;
    nn_model_init(&m);
    struct nn_gen_options go = {.target = NN_TARGET_TORCH_SUB, .source_name = in,
                                .with_training = training};
    char *text = NULL;
    size_t len = 0;
    int err = nn_dsl_parse(&src, &m, &d);
    err = err ? err : nn_validate(&m, &d);
    err = err ? err : nn_gen_code_string(&m, &go, &text, &len, &d);
    err = err ? err : write_file(out, text, len);
    free(text);
    nn_model_free(&m);
    nn_source_free(&src);
    return err;
}

/* Run argv[0] with standard output discarded; 0 when it succeeded. */
static int run(char **argv)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int status, rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0 || waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* One whole nnc process (out NULL: `nnc --version`); 0 when it succeeded. */
static int run_nnc(const char *nnc, const char *in, const char *out, int training)
{
    char *argv[] = {(char *)nnc, (char *)in, "--target", "torch-sub", "-o", (char *)out,
                    training ? "--with-training" : NULL, NULL};
    char *version[] = {(char *)nnc, "--version", NULL};
    return run(out ? argv : version);
}

/* Median seconds of reps compilations into new files in dir (in process, or
 * through nnc when set), or with dir NULL of reps `nnc --version`. */
static int time_reps(const char *nnc, const char *in, const char *dir, int training, int reps,
                     double *med)
{
    double t[MAX_REPS];
    for (int i = 0; i < reps; i++) {
        char out[4096] = "";
        if (dir)
            snprintf(out, sizeof out, "%s/%s%d.py", dir, nnc ? "proc" : "inproc", i);
        double t0 = now();
        int rc = nnc ? run_nnc(nnc, in, dir ? out : NULL, training)
                     : compile_once(in, out, training);
        t[i] = now() - t0;
        if (rc != 0) {
            fprintf(stderr, "compile: %s failed%s\n", in, nnc ? " (nnc process)" : "");
            return -1;
        }
    }
    *med = nn_bench_median(t, (size_t)reps);
    return 0;
}

int main(int argc, char **argv)
{
    int reps = 20, training = 0, i = 1;
    const char *nnc = NULL;
    for (; i < argc - 2; i++) {
        if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc - 2)
            reps = atoi(argv[++i]);
        else if (strcmp(argv[i], "--with-training") == 0)
            training = 1;
        else if (strcmp(argv[i], "--nnc") == 0 && i + 1 < argc - 2)
            nnc = argv[++i];
        else
            break;
    }
    if (i != argc - 2 || reps < 1 || reps > MAX_REPS) {
        fprintf(stderr, "usage: compile [--reps N] [--with-training] [--nnc PATH] FILE DIR\n");
        return 2;
    }
    const char *in = argv[i], *dir = argv[i + 1];
    char warm[4096];
    snprintf(warm, sizeof warm, "%s/warm.py", dir);
    double inproc = 0, proc = 0, start = 0;
    if (compile_once(in, warm, training) != 0) /* warm-up, and the errors once */
        return 1;
    if (time_reps(NULL, in, dir, training, reps, &inproc) != 0 ||
        (nnc && time_reps(nnc, in, dir, training, reps, &proc) != 0) ||
        (nnc && time_reps(nnc, in, NULL, training, reps, &start) != 0))
        return 1;
    printf("%s %.9f %.9f %.9f\n", in, inproc, proc, start);
    return 0;
}
