/* main.c - the nnc driver: options, the pipeline, exit statuses.
 *
 * nn_compile() reads as the pipeline: read the input, parse it into the
 * pivot, validate, emit the requested form into memory, and write it
 * atomically.  Exit statuses: 0 success, 1 errors in the input, 2 bad
 * usage, 3 an I/O failure.  Only this file calls exit().
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/formats.h"
#include "cli/output.h"
#include "grammar/pydump.h"
#include "metamodel/validate.h"

static const char usage_text[] =
    "usage: nnc FILE [options]\n"
    "\n"
    "Migrates neural-network code through the BESSER-NN pivot model.\n"
    "FILE is a .nn pivot (BESSER-NN DSL).\n"
    "\n"
    "  --check            validate FILE and report problems; write nothing\n"
    "  --dump-python-ast  print FILE's Python syntax tree as CPython's ast.dump()\n"
    "  --emit-dsl         print the pivot in canonical DSL form (= --target dsl)\n"
    "  -t, --target T     write the pivot as T (see below)\n"
    "  --channels first|last\n"
    "                     PyTorch targets: take channel-first input and keep the\n"
    "                     native layout, or (default) channel-last input like Keras\n"
    "  --input-shape N,N,...\n"
    "                     the network's input shape (batch excluded, channels last),\n"
    "                     overriding its input_shape\n"
    "  --with-training    code targets: add training and evaluation code, run\n"
    "                     when the generated module is executed as a script\n"
    "  -o, --output FILE  write the result to FILE ('-' = standard output)\n"
    "  -f, --force        replace an existing output file\n"
    "      --class NAME   migrate the model NAME (a class or a variable) of a Python file\n"
    "      --keep-going   report unmappable constructs as warnings and leave TODOs\n"
    "  -h, --help         show this help\n"
    "  -V, --version      show the version\n"
    "\n"
    "Targets: %s.\n"
    "\n"
    "Default output: for --emit-dsl, standard output when FILE is a .nn file,\n"
    "otherwise BASE.nn beside FILE (BASE = FILE's name up to its first dot);\n"
    "for other targets, BASE plus the target's suffix beside FILE.\n"
    "An existing output is never replaced without --force, the input never.\n"
    "Exit status: 0 success, 1 errors in the input, 2 bad usage, 3 I/O failure.\n";

static void print_usage(void)
{
    char *targets = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&targets, &len);
    if (f) {
        nn_cli_list_writers(f);
        fclose(f);
    }
    printf(usage_text, targets ? targets : "");
    free(targets);
}

static int usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "nnc: %s%s%s%s\nTry 'nnc --help'.\n", msg, arg ? " '" : "", arg ? arg : "",
            arg ? "'" : "");
    return 2;
}

/* "28,28,1" into o->input_shape; 0 on success. */
static int parse_shape(const char *s, struct nn_cli_options *o)
{
    size_t n = 0;
    while (*s) {
        char *end;
        errno = 0;
        long long v = strtoll(s, &end, 10);
        if (end == s || v <= 0 || errno || n == sizeof o->input_shape / sizeof *o->input_shape)
            return -1;
        o->input_shape[n++] = v;
        s = *end == ',' && end[1] ? end + 1 : end;
        if (*s && *end != ',')
            return -1;
    }
    o->input_rank = n;
    return n ? 0 : -1;
}

/* Parse argv into o; returns -1 to go on, or an exit status. */
static int parse_options(int argc, char **argv, struct nn_cli_options *o)
{
    static const struct option longopts[] = {
        {"check", no_argument, NULL, 'c'},   {"emit-dsl", no_argument, NULL, 'e'},
        {"target", required_argument, NULL, 't'},
        {"dump-python-ast", no_argument, NULL, 'P'},
        {"output", required_argument, NULL, 'o'}, {"force", no_argument, NULL, 'f'},
        {"class", required_argument, NULL, 'C'}, {"keep-going", no_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},    {"version", no_argument, NULL, 'V'},
        {"channels", required_argument, NULL, 'H'}, {"input-shape", required_argument, NULL, 'I'},
        {"with-training", no_argument, NULL, 'T'},
        {NULL, 0, NULL, 0}};
    int ch, check = 0, dump = 0;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, ":o:t:fhV", longopts, NULL)) != -1) {
        switch (ch) {
        case 'c': check = 1; break;
        case 'e': o->target = "dsl"; break;
        case 't': o->target = optarg; break;
        case 'P': dump = 1; break;
        case 'o': o->output = optarg; break;
        case 'f': o->force = 1; break;
        case 'C': o->class_name = optarg; break;
        case 'k': o->keep_going = 1; break;
        case 'H':
            if (strcmp(optarg, "first") != 0 && strcmp(optarg, "last") != 0)
                return usage_error("--channels takes 'first' or 'last', not", optarg);
            o->channels_first = strcmp(optarg, "first") == 0;
            break;
        case 'I':
            if (parse_shape(optarg, o) != 0)
                return usage_error("--input-shape takes positive sizes like 28,28,1, not", optarg);
            break;
        case 'T': o->with_training = 1; break;
        case 'h': print_usage(); return 0;
        case 'V': printf("nnc %s\n", PACKAGE_VERSION); return 0;
        case ':': return usage_error("this option needs a value:", argv[optind - 1]);
        default: return usage_error("unknown option", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return usage_error("no input file", NULL);
    if (optind + 1 < argc)
        return usage_error("unexpected argument", argv[optind + 1]);
    o->input = argv[optind];
    if (dump)
        return nn_py_dump_file(o->input, stdout, stderr);
    if (check && o->target)
        return usage_error("--check writes nothing; drop it or the target", NULL);
    if (!check && !o->target)
        return usage_error("say what to do: --check, --emit-dsl or --target", NULL);
    if (o->target && !nn_cli_writer(o->target))
        return usage_error("unknown target", o->target);
    return -1;
}

/* Does the path end in suffix? */
static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* BASE + suffix beside the input, BASE being the name up to its first dot. */
static char *default_output(const char *input, const char *suffix)
{
    const char *slash = strrchr(input, '/');
    const char *name = slash ? slash + 1 : input;
    size_t base = strcspn(name, ".");
    if (base == 0)
        base = strlen(name);
    size_t dir = (size_t)(name - input);
    char *out = malloc(dir + base + strlen(suffix) + 1);
    if (out)
        sprintf(out, "%.*s%.*s%s", (int)dir, input, (int)base, name, suffix);
    return out;
}

/* Emit the pivot with writer w into a memory buffer; returns the error count. */
static int emit(const struct nn_writer *w, const struct nn_cli_options *o, struct nn_model *m,
                struct nn_diag_sink *d, char **data, size_t *len)
{
    FILE *mem = open_memstream(data, len);
    if (!mem) {
        nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR, "out of memory");
        return 1;
    }
    int errors = w->write(m, o, mem, d);
    if (fclose(mem) != 0 && errors == 0) {
        nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR, "out of memory");
        errors = 1;
    }
    return errors;
}

/* Write the emitted text where the options say. */
static int deliver(const struct nn_writer *w, const struct nn_cli_options *o, const char *data,
                   size_t len)
{
    if (o->output)
        return nn_output_write(o->output, o->input, o->force, data, len);
    if (strcmp(w->name, "dsl") == 0 && ends_with(o->input, ".nn"))
        return nn_output_write("-", o->input, o->force, data, len);
    char *path = default_output(o->input, w->suffix);
    if (!path)
        return 3;
    int rc = nn_output_write(path, o->input, o->force, data, len);
    free(path);
    return rc;
}

/* The pipeline: read, parse into the pivot, validate, emit, write. */
static int nn_compile(const struct nn_cli_options *o)
{
    struct nn_source src;
    int err = nn_source_read(&src, o->input);
    if (err) {
        fprintf(stderr, "nnc: cannot read '%s': %s\n", o->input, strerror(err));
        return 3;
    }
    struct nn_diag_sink diag;
    nn_diag_init(&diag, stderr);
    struct nn_model m;
    nn_model_init(&m);
    const struct nn_reader *r = nn_cli_reader_for(&src);
    if (r->read(&src, &m, &diag, o) == 0)
        nn_validate(&m, &diag);
    int rc = diag.errors ? 1 : 0;
    const struct nn_writer *w = o->target ? nn_cli_writer(o->target) : NULL;
    if (rc == 0 && w) {
        char *data = NULL;
        size_t len = 0;
        if (emit(w, o, &m, &diag, &data, &len) != 0)
            rc = 1;
        else
            rc = deliver(w, o, data, len);
        free(data);
    }
    nn_model_free(&m);
    nn_source_free(&src);
    return rc;
}

int main(int argc, char **argv)
{
    struct nn_cli_options o = {0};
    int rc = parse_options(argc, argv, &o);
    if (rc >= 0)
        return rc;
    return nn_compile(&o);
}
