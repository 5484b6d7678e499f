/* batch.c - many input files in one call; see batch.h.
 *
 * The parent never handles a signal asynchronously: it keeps SIGCHLD and
 * the interrupting signals blocked and takes them one at a time with
 * sigwaitinfo(), so there is no flag to share with a handler.  Workers
 * restore the signal mask and guard their temporary output file
 * (nn_output_guard_signals), so an interrupted batch leaves every output
 * either complete or absent.
 */
#include "cli/batch.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/output.h"
#include "cli/verify.h"

/* A worker that died of a signal other than ours: a bug in nnc. */
#define STATUS_CRASH 4

struct file_result {
    char *output;      /* where the result goes; NULL with --check */
    struct nn_file_id out_dir; /* the output's directory, by identity */
    int has_out_dir;
    char *log;         /* the worker's diagnostics */
    size_t log_len;
    int status;        /* exit status, or -signal */
    int done;
    int started;
};

struct worker {
    pid_t pid;
    FILE *log;
    size_t file;
};

struct batch {
    const struct nn_cli_options *o;
    struct nn_cli_options wo;   /* what workers get: o, with every input's identity */
    struct nn_file_id *ids;     /* the inputs' identities, one per distinct file */
    size_t *id_file;            /* the file each identity was first seen in */
    char *const *files;
    size_t count;
    nn_batch_compile_fn compile;
    struct file_result *res;
    struct worker *workers;
    size_t running, jobs;
    size_t next_start, next_report;
    size_t ok, partial, unchanged, failed;
    int worst;
    int stop;          /* the interrupting signal, or 0 */
    sigset_t waited;   /* SIGCHLD and the interrupting signals */
    sigset_t saved;    /* the mask to give back (and to workers) */
};

static const int interrupting[] = {SIGINT, SIGTERM, SIGHUP};

/* Mark file i finished with status and the parent's message "what: detail". */
static void finish_early(struct batch *b, size_t i, int status, const char *what,
                         const char *detail)
{
    struct file_result *r = &b->res[i];
    FILE *mem = open_memstream(&r->log, &r->log_len);
    if (mem) {
        fprintf(mem, "nnc: %s: %s: %s\n", b->files[i], what, detail);
        fclose(mem);
    }
    r->status = status;
    r->done = r->started = 1;
}

/* Record file i's identity; an input given twice is migrated once. */
static void plan_input(struct batch *b, size_t i)
{
    struct nn_file_id id;
    if (nn_file_id_of(b->files[i], &id) != 0)
        return; /* the worker reports why it cannot be read */
    for (size_t k = 0; k < b->wo.inputs.count; k++) {
        if (b->ids[k].dev == id.dev && b->ids[k].ino == id.ino) {
            finish_early(b, i, 3, "not migrated: the same file as an earlier input",
                         b->files[b->id_file[k]]);
            return;
        }
    }
    b->id_file[b->wo.inputs.count] = i;
    b->ids[b->wo.inputs.count++] = id;
}

/* The identity of the directory holding path (path itself may not exist). */
static int dir_id_of(const char *path, struct nn_file_id *id)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, (size_t)(slash - path) + 1) : strdup(".");
    int err = dir ? nn_file_id_of(dir, id) : ENOMEM;
    free(dir);
    return err;
}

/* Is file k's output file i's one: the same directory and name? */
static int same_output(const struct file_result *a, const struct file_result *b)
{
    const char *na = strrchr(a->output, '/'), *nb = strrchr(b->output, '/');
    if (!a->has_out_dir || !b->has_out_dir)
        return strcmp(a->output, b->output) == 0;
    return a->out_dir.dev == b->out_dir.dev && a->out_dir.ino == b->out_dir.ino &&
           strcmp(na ? na + 1 : a->output, nb ? nb + 1 : b->output) == 0;
}

/* Check file i's output against the inputs and the earlier outputs. */
static void plan_output(struct batch *b, size_t i)
{
    struct file_result *r = &b->res[i];
    struct nn_file_id id;
    r->has_out_dir = dir_id_of(r->output, &r->out_dir) == 0;
    if (nn_file_id_of(r->output, &id) == 0 && nn_file_ids_have(&b->wo.inputs, &id)) {
        finish_early(b, i, 3, "not migrated: its output is an input of this run", r->output);
        return;
    }
    for (size_t k = 0; k < i; k++) {
        if (!b->res[k].done && b->res[k].output && same_output(&b->res[k], r)) {
            finish_early(b, i, 3, "not migrated: an earlier file writes the same output",
                         r->output);
            return;
        }
    }
}

/* Identify every input, work out every output path; an input given twice,
 * an output that is an input, and a second file writing the same output
 * (compared by identity, not by name) fail up front, so no file's result
 * silently replaces another's or an input. */
static int plan_outputs(struct batch *b)
{
    const struct nn_writer *w = b->o->target ? nn_cli_writer(b->o->target) : NULL;
    for (size_t i = 0; i < b->count; i++)
        plan_input(b, i);
    for (size_t i = 0; w && i < b->count; i++) {
        b->res[i].output = nn_output_default_path(b->o->output_dir, b->files[i], w->suffix);
        if (!b->res[i].output)
            return ENOMEM;
        if (!b->res[i].done)
            plan_output(b, i);
    }
    return 0;
}

static void free_batch(struct batch *b)
{
    for (size_t i = 0; i < b->count; i++) {
        free(b->res[i].output);
        free(b->res[i].log);
    }
    free(b->res);
    free(b->workers);
    free(b->ids);
    free(b->id_file);
}

/* Out of descriptors or processes for now: a worker's end frees some. */
static int is_transient(int err)
{
    return err == EMFILE || err == ENFILE || err == EAGAIN || err == ENOMEM;
}

/* Start a worker for file i; returns 1 to retry once a running worker
 * ends (descriptors or processes exhausted for now), else 0. */
static int start_worker(struct batch *b, size_t i)
{
    struct file_result *r = &b->res[i];
    FILE *log = tmpfile();
    if (!log && b->running && is_transient(errno))
        return 1;
    if (!log) {
        finish_early(b, i, 3, "cannot create a temporary file", strerror(errno));
        return 0;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        int err = errno;
        fclose(log);
        if (b->running && is_transient(err))
            return 1;
        finish_early(b, i, 3, "cannot start a worker", strerror(err));
        return 0;
    }
    if (pid == 0) {
        nn_output_guard_signals();
        sigprocmask(SIG_SETMASK, &b->saved, NULL);
        dup2(fileno(log), STDERR_FILENO);
        /* The worker needs none of the parent's bookkeeping. */
        fclose(log);
        for (size_t k = 0; k < b->running; k++)
            fclose(b->workers[k].log);
        struct nn_cli_options fo = b->wo;
        fo.input = b->files[i];
        int rc = b->compile(&fo);
        free_batch(b);
        fflush(stdout);
        fflush(stderr);
        _exit(rc);
    }
    r->started = 1;
    b->workers[b->running++] = (struct worker){pid, log, i};
    return 0;
}

/* Slurp a worker's diagnostics into its result. */
static void collect_log(struct file_result *r, FILE *log)
{
    long n = fseek(log, 0, SEEK_END) == 0 ? ftell(log) : -1;
    if (n > 0 && (r->log = malloc((size_t)n)) != NULL) {
        rewind(log);
        r->log_len = fread(r->log, 1, (size_t)n, log);
    }
    fclose(log);
}

static void reap(struct batch *b)
{
    int st;
    pid_t pid;
    while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
        for (size_t k = 0; k < b->running; k++) {
            if (b->workers[k].pid != pid)
                continue;
            struct file_result *r = &b->res[b->workers[k].file];
            collect_log(r, b->workers[k].log);
            r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
            r->done = 1;
            b->workers[k] = b->workers[--b->running];
            break;
        }
    }
}

/* Does line[0..n) contain the text t? */
static int has_text(const char *line, size_t n, const char *t)
{
    size_t k = strlen(t);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(line + i, t, k) == 0)
            return 1;
    return 0;
}

/* The first error object of a worker's JSON-lines log, or NULL; its
 * length in *len. */
static const char *first_error(const struct file_result *r, size_t *len)
{
    const char *p = r->log, *end = r->log + r->log_len;
    while (p && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (has_text(p, n, "\"severity\": \"error\"")) {
            *len = n;
            return p;
        }
        p = nl ? nl + 1 : NULL;
    }
    return NULL;
}

/* A JSON string of s (a file name): quotes, backslashes and control bytes escaped. */
static void json_str(const char *s)
{
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            printf("\\%c", *p);
        else if (*p < 0x20)
            printf("\\u%04x", *p);
        else
            putchar(*p);
    }
    putchar('"');
}

/* One file's report line as JSON: file, status, output, the first error. */
static void report_json(const struct file_result *r, const char *file, const char *status,
                        const char *why)
{
    printf("{\"file\": ");
    json_str(file);
    printf(", \"status\": \"%s\"", status);
    if (r->output && strcmp(status, "failed") != 0) {
        printf(", \"output\": ");
        json_str(r->output);
    }
    if (why)
        printf(", \"reason\": \"%s\"", why);
    size_t len;
    const char *e = first_error(r, &len);
    if (e)
        printf(", \"first_error\": %.*s", (int)len, e);
    printf("}\n");
}

static void report(struct batch *b, size_t i)
{
    struct file_result *r = &b->res[i];
    if (r->log_len) {
        fwrite(r->log, 1, r->log_len, stderr);
        fflush(stderr);
    }
    int json = b->o->diag_format == NN_DIAG_JSON;
    if (r->status == NN_OUT_UNCHANGED) {
        b->unchanged++;
        if (json)
            report_json(r, b->files[i], "unchanged", NULL);
        else
            printf("unchanged %s -> %s\n", b->files[i], r->output ? r->output : "");
    } else if (r->status == 0 || r->status == NN_EXIT_PARTIAL) {
        *(r->status ? &b->partial : &b->ok) += 1;
        if (json)
            report_json(r, b->files[i], r->status ? "partial" : "ok", NULL);
        else
            printf("%s %s%s%s\n", r->status ? "partial" : "ok     ", b->files[i],
                   r->output ? " -> " : "", r->output ? r->output : "");
    } else {
        int sig = r->status < 0 ? -r->status : 0;
        int status = sig ? STATUS_CRASH : r->status;
        const char *why = status == 1                 ? "errors in the input"
                          : status == 3               ? "I/O failure"
                          : status == NN_EXIT_DIFFERS ? "differs from the source (--verify)"
                                                      : "failed";
        if (sig && b->stop)
            why = "interrupted";
        else if (sig)
            why = strsignal(sig);
        b->failed++;
        if (!(sig && b->stop) && status > b->worst)
            b->worst = status;
        if (json)
            report_json(r, b->files[i], "failed", sig && !b->stop ? "nnc crashed" : why);
        else
            printf("failed  %s (%s%s)\n", b->files[i], sig && !b->stop ? "nnc crashed: " : "",
                   why);
    }
    fflush(stdout);
}

/* Print the finished files that come next in the given order. */
static void report_ready(struct batch *b)
{
    while (b->next_report < b->count && b->res[b->next_report].done)
        report(b, b->next_report++);
}

static void interrupt_workers(struct batch *b, int sig)
{
    b->stop = sig;
    for (size_t k = 0; k < b->running; k++)
        kill(b->workers[k].pid, SIGTERM);
}

static void run(struct batch *b)
{
    for (;;) {
        while (!b->stop && b->running < b->jobs && b->next_start < b->count) {
            size_t i = b->next_start;
            if (!b->res[i].started && start_worker(b, i) != 0)
                break; /* retried when a running worker ends */
            b->next_start++;
        }
        report_ready(b);
        if (!b->running)
            break;
        int sig = sigwaitinfo(&b->waited, NULL);
        if (sig == SIGCHLD || sig < 0)
            reap(b);
        else if (!b->stop)
            interrupt_workers(b, sig);
    }
    /* After an interruption: what finished, in order, skipping the rest. */
    for (; b->next_report < b->count; b->next_report++)
        if (b->res[b->next_report].done)
            report(b, b->next_report);
}

/* At most as many workers as descriptors allow: the parent holds one per
 * running worker (its diagnostics), beside a reserve for its own files. */
static size_t bound_by_descriptors(size_t jobs)
{
    const rlim_t reserve = 16;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return jobs;
    size_t avail = rl.rlim_cur > reserve ? (size_t)(rl.rlim_cur - reserve) : 1;
    return jobs < avail ? jobs : avail;
}

int nn_batch_run(const struct nn_cli_options *o, char *const *files, size_t count, int jobs,
                 nn_batch_compile_fn compile)
{
    struct batch b = {.o = o, .files = files, .count = count, .compile = compile,
                      .jobs = jobs > 0 && (size_t)jobs < count ? (size_t)jobs : count};
    if (o->output_dir) {
        int err = nn_output_make_dirs(o->output_dir);
        if (err) {
            fprintf(stderr, "nnc: cannot create the output directory '%s': %s\n",
                    o->output_dir, strerror(err));
            return 3;
        }
    }
    b.jobs = bound_by_descriptors(b.jobs);
    b.wo = *o;
    b.res = calloc(count, sizeof *b.res);
    b.workers = calloc(b.jobs ? b.jobs : 1, sizeof *b.workers);
    b.ids = calloc(count ? count : 1, sizeof *b.ids);
    b.id_file = calloc(count ? count : 1, sizeof *b.id_file);
    b.wo.inputs.ids = b.ids;
    if (!b.res || !b.workers || !b.ids || !b.id_file || plan_outputs(&b) != 0) {
        fprintf(stderr, "nnc: out of memory\n");
        free_batch(&b);
        return 3;
    }
    /* Workers must be ours to reap, and a signal ignored by whoever
     * started us (nohup) must not stop the batch. */
    signal(SIGCHLD, SIG_DFL);
    sigemptyset(&b.waited);
    sigaddset(&b.waited, SIGCHLD);
    for (size_t i = 0; i < sizeof interrupting / sizeof *interrupting; i++) {
        struct sigaction old;
        if (sigaction(interrupting[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaddset(&b.waited, interrupting[i]);
    }
    sigprocmask(SIG_BLOCK, &b.waited, &b.saved);
    run(&b);
    sigprocmask(SIG_SETMASK, &b.saved, NULL);

    if (b.stop)
        fprintf(stderr, "nnc: interrupted: %zu of %zu files done, %zu not migrated\n",
                b.ok + b.partial + b.unchanged, count,
                count - b.ok - b.partial - b.unchanged);
    else
        printf(o->diag_format == NN_DIAG_JSON
                   ? "{\"files\": %zu%.0s, \"ok\": %zu, \"partial\": %zu, \"unchanged\": %zu, "
                     "\"failed\": %zu}\n"
                   : "nnc: %zu file%s: %zu ok, %zu partial, %zu unchanged, %zu failed\n",
               count, count == 1 ? "" : "s", b.ok, b.partial, b.unchanged, b.failed);
    int rc = b.stop ? 128 + b.stop : b.worst ? b.worst : b.partial ? NN_EXIT_PARTIAL : 0;
    free_batch(&b);
    return rc;
}
