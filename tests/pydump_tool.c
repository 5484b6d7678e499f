/* pydump_tool.c - batch driver for the Python front end tests.
 *
 *   pydump_tool FILE.py             print ast.dump() of one file (exit 0/1/3)
 *   pydump_tool --batch LIST OUT    dump every file named in LIST into OUT:
 *                                   "=== path" then the dump or "!error"
 *   pydump_tool --bench LIST        parse every file (no dump), print MB/s
 *   pydump_tool --errors LIST       print "path:line" of each file's first error
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grammar/pydump.h"
#include "grammar/pyparse.h"

/* Next line of a list file, without its newline; NULL at the end. */
static char *next_line(FILE *f, char *buf, size_t cap)
{
    if (!fgets(buf, (int)cap, f))
        return NULL;
    buf[strcspn(buf, "\n")] = '\0';
    return buf;
}

/* Dump every listed file. */
static int batch(const char *list, const char *outpath)
{
    FILE *l = fopen(list, "r"), *out = fopen(outpath, "w"), *null = fopen("/dev/null", "w");
    if (!l || !out || !null) {
        perror("pydump_tool");
        return 2;
    }
    char path[4096];
    while (next_line(l, path, sizeof path)) {
        fprintf(out, "=== %s\n", path);
        if (nn_py_dump_file(path, out, null) != 0)
            fputs("!error\n", out);
    }
    fclose(l);
    fclose(out);
    fclose(null);
    return 0;
}

#if defined(__SANITIZE_ADDRESS__)
#define NN_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NN_SANITIZED 1
#endif
#endif
#ifndef NN_SANITIZED
#define NN_SANITIZED 0
#endif

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Parse every listed file from memory, timing the parses only. */
static int bench(const char *list)
{
    FILE *l = fopen(list, "r");
    if (!l) {
        perror("pydump_tool");
        return 2;
    }
    size_t n = 0, cap = 0, bytes = 0;
    struct nn_source *srcs = NULL;
    char path[4096];
    while (next_line(l, path, sizeof path)) {
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            struct nn_source *s = realloc(srcs, cap * sizeof *s);
            if (!s)
                return 2;
            srcs = s;
        }
        if (nn_source_read(&srcs[n], path) == 0) {
            srcs[n].path = strdup(path);
            bytes += srcs[n++].len;
        }
    }
    fclose(l);
    struct nn_diag_sink sink;
    nn_diag_init(&sink, NULL);
    int ok = 0;
    double t0 = now();
    for (size_t i = 0; i < n; i++) {
        struct nn_arena a;
        nn_arena_init(&a);
        ok += nn_py_parse(&srcs[i], &a, &sink) != NULL;
        nn_arena_free(&a);
    }
    double t = now() - t0;
    printf("nnc%s: %zu files (%d parsed), %.1f MB in %.3f s: %.1f MB/s\n",
           NN_SANITIZED ? " (sanitizer build, speed not checked)" : "", n, ok, bytes / 1e6, t,
           bytes / 1e6 / t);
    for (size_t i = 0; i < n; i++) {
        free((char *)srcs[i].path);
        nn_source_free(&srcs[i]);
    }
    free(srcs);
    return 0;
}

/* Print the line of each listed file's first error ("path:line", 0 if none). */
static int errors(const char *list)
{
    FILE *l = fopen(list, "r");
    if (!l) {
        perror("pydump_tool");
        return 2;
    }
    char path[4096];
    while (next_line(l, path, sizeof path)) {
        char *msg = NULL;
        size_t len = 0;
        FILE *err = open_memstream(&msg, &len);
        int r = err ? nn_py_parse_file(path, err) : 3;
        if (err)
            fclose(err);
        int line = 0;
        const char *colon = msg ? strchr(msg, ':') : NULL;
        if (r == 1 && colon)
            line = atoi(colon + 1);
        printf("%s:%d\n", path, line);
        free(msg);
    }
    fclose(l);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--batch") == 0)
        return batch(argv[2], argv[3]);
    if (argc == 3 && strcmp(argv[1], "--bench") == 0)
        return bench(argv[2]);
    if (argc == 3 && strcmp(argv[1], "--errors") == 0)
        return errors(argv[2]);
    if (argc == 2)
        return nn_py_dump_file(argv[1], stdout, stderr);
    fprintf(stderr, "usage: pydump_tool FILE | --batch LIST OUT | --bench LIST | --errors LIST\n");
    return 2;
}
