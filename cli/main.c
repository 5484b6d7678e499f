/* main.c - the nnc driver: options, the pipeline, exit statuses.
 *
 * nn_compile() reads as the pipeline: read the input, parse it into the
 * pivot, validate, emit the requested form into memory, and write it
 * atomically.  Exit statuses: 0 success, 1 errors in the input, 2 bad
 * usage, 3 an I/O failure, 5 written but partial (NN_EXIT_PARTIAL).  Only
 * this file calls exit().
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/batch.h"
#include "cli/formats.h"
#include "cli/output.h"
#include "cli/verify.h"
#include "cli/weights.h"
#include "frameworks/pytext.h"
#include "grammar/pydump.h"
#include "metamodel/shape.h"
#include "metamodel/suggest.h"
#include "metamodel/validate.h"
#include "m2t/verify_gen.h"

static const char usage_text[] =
    "usage: nnc FILE [options]\n"
    "       nnc --target T --output-dir DIR [-j N] FILE...\n"
    "\n"
    "Migrates neural-network code through the BESSER-NN pivot model.\n"
    "FILE is recognised by content: a .nn pivot (BESSER-NN DSL), PyTorch code,\n"
    "TensorFlow/Keras code (Sequential, functional or a keras.Model subclass),\n"
    "a BESSER-NN XMI document, or a UML model holding a network.\n"
    "\n"
    "  --check            validate FILE and infer its shapes; write nothing\n"
    "  --dump-python-ast  print FILE's Python syntax tree as CPython's ast.dump()\n"
    "  --emit-dsl         print the pivot in canonical DSL form (= --target dsl)\n"
    "  -t, --target T     write the pivot as T (see below)\n"
    "  --channels first|last\n"
    "                     PyTorch targets: take channel-first input and keep the\n"
    "                     native layout, or (default) channel-last input like Keras\n"
    "  --input-shape N,N,...\n"
    "                     the network's input shape (batch excluded, in the\n"
    "                     source's layout: channels first for PyTorch code),\n"
    "                     overriding its input_shape\n"
    "  --input-shape NAME=N,N,...\n"
    "                     the same for the input NAME of a network of several\n"
    "                     inputs; repeat it, once per input\n"
    "  --with-training    code targets: add training and evaluation code, run\n"
    "                     when the generated module is executed as a script\n"
    "                     (needs the network's input shape)\n"
    "  -o, --output FILE  write the result to FILE ('-' = standard output)\n"
    "  -f, --force        replace an existing output file\n"
    "  -d, --output-dir DIR\n"
    "                     write each result into DIR (created if needed)\n"
    "  -j, --jobs N       with several FILEs: migrate N at a time (default: the\n"
    "                     number of processors)\n"
    "  --class NAME       migrate the model NAME of a Python file: a class, a variable\n"
    "                     or a factory function (called without arguments); for a\n"
    "                     Keras builder function, 'NAME(ARGS)' calls it: --class\n"
    "                     'VGG16(weights=None)' (NAME alone: with its defaults)\n"
    "  --keep-going       report unmappable constructs as warnings and write the\n"
    "                     model with a TODO for each; it raises NotImplementedError\n"
    "                     when run, and nnc exits with status 5\n"
    "  --weights FILE     with --target tf-sub or tf-seq and a PyTorch FILE: also\n"
    "                     convert the state_dict saved in FILE (torch.save(model.\n"
    "                     state_dict(), FILE)) into BASE.weights.h5 beside the\n"
    "                     generated code, for the model's load_weights; with\n"
    "                     --target torch-sub or torch-seq and a Keras FILE: the\n"
    "                     Keras weights in FILE (model.save_weights, model.save)\n"
    "                     into BASE.pt, for model.load_state_dict(torch.load(..))\n"
    "  --python PATH      the Python that converts or verifies (default: python3);\n"
    "                     it needs numpy and the source's and target's frameworks\n"
    "  --verify           with a code target and a Python FILE: after writing,\n"
    "                     build FILE's model and the generated one with the same\n"
    "                     weights (random, or --weights FILE's) and random inputs,\n"
    "                     print the largest differences; exit 7 when an output\n"
    "                     differs by more than the tolerance\n"
    "  --verify-only GEN  the same check of the generated file GEN (made by nnc\n"
    "                     from FILE with these options, maybe edited); writes nothing\n"
    "  --tolerance T      --verify passes when |difference| <= T * max(1, max\n"
    "                     |source output|) (default: 1e-5)\n"
    "  --merge-into UML   attach the network to the UML model UML as the behaviour\n"
    "                     --behavior names; writes BASE.merged.uml beside UML\n"
    "  --behavior Q       Package::Class::operation or Package::Machine::State; also\n"
    "                     selects the network to read from a UML model\n"
    "  --diagnostics-format text|json|sarif\n"
    "                     how errors and warnings are written on stderr: for\n"
    "                     people (default), one JSON object per line (and, with\n"
    "                     several FILEs, the report on stdout as JSON lines), or\n"
    "                     a SARIF 2.1.0 log (one FILE)\n"
    "  -h, --help         show this help\n"
    "  -V, --version      show the version\n"
    "\n"
    "Targets: %s.\n"
    "\n"
    "Default output: for --emit-dsl, standard output when FILE is a .nn file,\n"
    "otherwise BASE.nn beside FILE (BASE = FILE's name up to its first dot);\n"
    "for other targets, BASE plus the target's suffix beside FILE.\n"
    "An existing output is never replaced without --force, the input never.\n"
    "\n"
    "With several FILEs, each is migrated on its own; a line per file reports\n"
    "it (in the order given), and the other files are still written when one\n"
    "fails; an output already holding exactly the result is reported\n"
    "'unchanged' (a success).  An interrupted run leaves no partial output file.\n"
    "Exit status: 0 success, 1 errors in the input, 2 bad usage, 3 I/O failure,\n"
    "4 nnc crashed on a file, 5 written but partial (--keep-going left TODOs),\n"
    "7 written but --verify found an output that differs from the source's;\n"
    "several FILEs: the worst failure, else 5 if a file is partial.\n";

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

/* An unknown --target: the closest names, then every target; returns 2. */
static int unknown_target(const char *name)
{
    const char *names[64];
    size_t n = 0, best[2];
    while (n < sizeof names / sizeof *names && (names[n] = nn_cli_writer_name(n)) != NULL)
        n++;
    size_t k = nn_suggest(name, names, n, best, 2);
    fprintf(stderr, "nnc: unknown target '%s'", name);
    for (size_t i = 0; i < k; i++)
        fprintf(stderr, "%s'%s'", i == 0 ? "; did you mean " : " or ", names[best[i]]);
    fprintf(stderr, "%s\nTargets: ", k ? "?" : "");
    nn_cli_list_writers(stderr);
    fprintf(stderr, ".\nTry 'nnc --help'.\n");
    return 2;
}

/* "28,28,1" into d (at most 8 sizes); the number of sizes, or 0 when malformed. */
static size_t parse_dims(const char *s, long long *d)
{
    size_t n = 0;
    while (*s) {
        char *end;
        errno = 0;
        long long v = strtoll(s, &end, 10);
        if (end == s || v <= 0 || errno || n == 8)
            return 0;
        d[n++] = v;
        s = *end == ',' && end[1] ? end + 1 : end;
        if (*s && *end != ',')
            return 0;
    }
    return n;
}

/* "image=3,32,32" (s, modified: the '=' ends the name) into o->shapes, which
 * holds one per option of argv (argc of them at most); 0, or -1 when
 * malformed, named twice or out of memory. */
static int parse_named_shape(char *s, struct nn_cli_options *o, int argc)
{
    char *eq = strchr(s, '=');
    size_t len = (size_t)(eq - s);
    if (!len || strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
                    len || (*s >= '0' && *s <= '9'))
        return -1;
    for (size_t i = 0; i < o->nshapes; i++)
        if (strlen(o->shapes[i].name) == len && strncmp(o->shapes[i].name, s, len) == 0)
            return -1;
    if (!o->shapes && !(o->shapes = calloc((size_t)argc, sizeof *o->shapes)))
        return -1;
    o->capshapes = (size_t)argc;
    struct nn_named_shape *n = &o->shapes[o->nshapes];
    if (o->nshapes == o->capshapes || !(n->rank = parse_dims(eq + 1, n->d)))
        return -1;
    *eq = 0; /* the name ends there: argv is the program's to modify */
    n->name = s;
    o->nshapes++;
    return 0;
}

/* --input-shape "28,28,1" (the one input) or "image=3,32,32" (one of
 * several named inputs, the option repeated); 0 on success. */
static int parse_shape(char *s, struct nn_cli_options *o, int argc)
{
    if (strchr(s, '='))
        return o->input_rank ? -1 : parse_named_shape(s, o, argc);
    if (o->nshapes)
        return -1;
    o->input_rank = parse_dims(s, o->input_shape);
    return o->input_rank ? 0 : -1;
}

/* "-j 4": a worker count from 1 to 1024; 0 when malformed. */
static int parse_jobs(const char *s)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    return end != s && !*end && !errno && v >= 1 && v <= 1024 ? (int)v : 0;
}

/* "text", "json" or "sarif": 0, or -1. */
static int parse_diag_format(const char *s, enum nn_diag_format *f)
{
    static const char *const names[] = {"text", "json", "sarif"};
    for (int i = 0; i < 3; i++)
        if (strcmp(s, names[i]) == 0) {
            *f = (enum nn_diag_format)i;
            return 0;
        }
    return -1;
}

/* The input files, from argv after the options. */
struct inputs {
    char **files;
    size_t count;
    int jobs;
};

/* The framework of a code target's module ("torch" or "keras"), or NULL. */
static const char *code_framework(const char *target)
{
    if (target && (strcmp(target, "tf-sub") == 0 || strcmp(target, "tf-seq") == 0))
        return "keras";
    if (target && (strcmp(target, "torch-sub") == 0 || strcmp(target, "torch-seq") == 0))
        return "torch";
    return NULL;
}

/* verify: --verify, --verify-only and --tolerance with the rest; -1 to go
 * on, or 2. */
static int verify_options(struct nn_cli_options *o)
{
    if (o->verify_only)
        o->verify = 1;
    if (o->tolerance != 0 && !o->verify)
        return usage_error("--tolerance is the tolerance of --verify; add", "--verify");
    if (!o->verify)
        return -1;
    if (!code_framework(o->target))
        return usage_error("--verify checks generated code: it needs --target tf-sub, tf-seq, "
                           "torch-sub or", "torch-seq");
    if (o->verify_only && o->batch)
        return usage_error("--verify-only checks one generated file; drop the other inputs",
                           NULL);
    if (o->verify_only && (o->output || o->output_dir || o->force))
        return usage_error("--verify-only writes nothing; drop", "-o/--output-dir/--force");
    if (o->output && strcmp(o->output, "-") == 0)
        return usage_error("--verify runs the generated code, which needs a file, not", "-");
    if (o->tolerance == 0)
        o->tolerance = 1e-5;
    return -1;
}

/* "1e-4": a positive finite tolerance into *t; 0, or -1. */
static int parse_tolerance(const char *s, double *t)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !(v > 0) || v > 1e300)
        return -1;
    *t = v;
    return 0;
}

/* weights: --weights and --python together with the rest; -1 to go on, or 2. */
static int weights_options(const struct nn_cli_options *o)
{
    if (o->python && !o->weights && !o->verify)
        return usage_error("--python names the interpreter of --weights or --verify; add",
                           "--verify");
    if (!o->weights)
        return -1;
    if (o->verify_only || (o->verify && !o->batch && code_framework(o->target) &&
                           strcmp(code_framework(o->target), "torch") == 0))
        return -1; /* the source's weights, for the check only */
    if (o->batch)
        return usage_error("--weights converts the weights of one input file; drop the others",
                           NULL);
    if (!o->target || (strcmp(o->target, "tf-sub") != 0 && strcmp(o->target, "tf-seq") != 0 &&
                       strcmp(o->target, "torch-sub") != 0 && strcmp(o->target, "torch-seq") != 0))
        return usage_error("--weights writes Keras or PyTorch weights: it needs --target 'tf-sub' "
                           "(a PyTorch FILE) or", "torch-sub");
    if (o->output && strcmp(o->output, "-") == 0)
        return usage_error("--weights writes beside the generated code, which needs a file, not",
                           "-");
    return -1;
}

/* Parse argv into o and in; returns -1 to go on, or an exit status. */
static int parse_options(int argc, char **argv, struct nn_cli_options *o, struct inputs *in)
{
    static const struct option longopts[] = {
        {"check", no_argument, NULL, 'c'},   {"emit-dsl", no_argument, NULL, 'e'},
        {"target", required_argument, NULL, 't'},
        {"dump-python-ast", no_argument, NULL, 'P'},
        {"output", required_argument, NULL, 'o'}, {"force", no_argument, NULL, 'f'},
        {"class", required_argument, NULL, 'N'}, {"keep-going", no_argument, NULL, 'k'},
        {"merge-into", required_argument, NULL, 'm'}, {"behavior", required_argument, NULL, 'b'},
        {"help", no_argument, NULL, 'h'},    {"version", no_argument, NULL, 'V'},
        {"channels", required_argument, NULL, 'C'}, {"input-shape", required_argument, NULL, 'I'},
        {"with-training", no_argument, NULL, 'T'},
        {"output-dir", required_argument, NULL, 'd'}, {"jobs", required_argument, NULL, 'j'},
        {"diagnostics-format", required_argument, NULL, 'D'},
        {"weights", required_argument, NULL, 'W'}, {"python", required_argument, NULL, 'Y'},
        {"verify", no_argument, NULL, 'v'}, {"verify-only", required_argument, NULL, 'G'},
        {"tolerance", required_argument, NULL, 'L'},
        {NULL, 0, NULL, 0}};
    int ch, check = 0, dump = 0, rc;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, ":o:t:d:j:fhV", longopts, NULL)) != -1) {
        switch (ch) {
        case 'c': check = 1; break;
        case 'e': o->target = "dsl"; break;
        case 't': o->target = optarg; break;
        case 'P': dump = 1; break;
        case 'o': o->output = optarg; break;
        case 'd': o->output_dir = optarg; break;
        case 'j':
            if (!(in->jobs = parse_jobs(optarg)))
                return usage_error("-j takes a number of jobs from 1 to 1024, not", optarg);
            break;
        case 'f': o->force = 1; break;
        case 'N': o->class_name = optarg; break;
        case 'k': o->keep_going = 1; break;
        case 'C':
            if (strcmp(optarg, "first") != 0 && strcmp(optarg, "last") != 0)
                return usage_error("--channels takes 'first' or 'last', not", optarg);
            o->channels_first = strcmp(optarg, "first") == 0;
            break;
        case 'I':
            if (parse_shape(optarg, o, argc) != 0)
                return usage_error("--input-shape takes positive sizes like 28,28,1, or, once "
                                   "per input of a model of several, NAME=3,32,32 (each name "
                                   "once, never with an unnamed shape), not", optarg);
            break;
        case 'T': o->with_training = 1; break;
        case 'W': o->weights = optarg; break;
        case 'Y': o->python = optarg; break;
        case 'v': o->verify = 1; break;
        case 'G': o->verify_only = optarg; break;
        case 'L':
            if (parse_tolerance(optarg, &o->tolerance) != 0)
                return usage_error("--tolerance takes a positive number like 1e-5, not", optarg);
            break;
        case 'm': o->merge_into = optarg; break;
        case 'b': o->behavior = optarg; break;
        case 'D':
            if (parse_diag_format(optarg, &o->diag_format) != 0)
                return usage_error("--diagnostics-format takes 'text', 'json' or 'sarif', not",
                                   optarg);
            break;
        case 'h': print_usage(); return 0;
        case 'V': printf("nnc %s\n", PACKAGE_VERSION); return 0;
        case ':': return usage_error("this option needs a value:", argv[optind - 1]);
        default: return usage_error("unknown option", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return usage_error("no input file", NULL);
    in->files = argv + optind;
    in->count = (size_t)(argc - optind);
    o->input = argv[optind];
    o->batch = in->count > 1;
    if (o->batch && (dump || o->merge_into))
        return usage_error("this takes one input file; unexpected", argv[optind + 1]);
    if (o->output && o->output_dir)
        return usage_error("-o and --output-dir exclude each other", NULL);
    if (o->batch && o->diag_format == NN_DIAG_SARIF)
        return usage_error("--diagnostics-format sarif writes one log for one input; with "
                           "several inputs use", "json");
    if (o->batch && o->output)
        return usage_error("-o names one output; with several inputs use", "--output-dir");
    if (dump)
        return nn_py_dump_file(o->input, stdout, stderr);
    if (o->merge_into && (check || (o->target && strcmp(o->target, "uml-merge") != 0)))
        return usage_error("--merge-into writes the merged UML model; drop", "--check/--target");
    if (o->merge_into && !o->behavior)
        return usage_error("--merge-into needs --behavior", NULL);
    if (o->merge_into)
        o->target = "uml-merge";
    if (check && o->target)
        return usage_error("--check writes nothing; drop it or the target", NULL);
    if (!check && !o->target)
        return usage_error("say what to do: --check, --emit-dsl or --target", NULL);
    if (o->target && !nn_cli_writer(o->target))
        return unknown_target(o->target);
    if ((rc = verify_options(o)) >= 0)
        return rc;
    return weights_options(o);
}

/* Does the path end in suffix? */
static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
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
    if (fclose(mem) != 0 && errors >= 0) {
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
        return nn_output_write(o->output, &o->inputs, o->force ? NN_OUT_FORCE : 0, data, len);
    if (strcmp(w->name, "dsl") == 0 && ends_with(o->input, ".nn") && !o->output_dir && !o->batch)
        return nn_output_write("-", &o->inputs, o->force ? NN_OUT_FORCE : 0, data, len);
    char *path = nn_output_default_path(o->output_dir, o->merge_into ? o->merge_into : o->input,
                                        w->suffix);
    if (!path)
        return 3;
    /* Batch mode: an output already holding the result is "unchanged". */
    int flags = o->force ? NN_OUT_FORCE : o->batch ? NN_OUT_SAME_OK | NN_OUT_SAY_SAME : 0;
    int rc = nn_output_write(path, &o->inputs, flags, data, len);
    free(path);
    return rc;
}

/* What deliver needs, for nn_weights_convert's callback. */
struct delivery {
    const struct nn_writer *w;
    const struct nn_cli_options *o;
    const char *data;
    size_t len;
};

static int deliver_cb(void *arg)
{
    const struct delivery *d = arg;
    return deliver(d->w, d->o, d->data, d->len);
}

/* weights: the generated PyTorch code and, beside it, the state_dict
 * converted from the Keras weights --weights names (nothing written when
 * either fails). */
static int deliver_state_dict(const struct nn_writer *w, const struct nn_cli_options *o,
                              struct nn_model *m, const char *data, size_t len)
{
    if (!strstr(data, "\ndef load_keras_weights(")) {
        fprintf(stderr, "nnc: error: --weights: the PyTorch code nnc writes for '%s' has no "
                "load_keras_weights (none with --channels first)\n", o->input);
        return 1;
    }
    char *code = o->output ? strdup(o->output)
                           : nn_output_default_path(o->output_dir, o->input, w->suffix);
    char *pt = code ? nn_output_default_path(NULL, code, ".pt") : NULL;
    int flags = o->force ? NN_OUT_FORCE : 0, rc = 3;
    if (pt && nn_output_check(code, &o->inputs, flags) == 0 &&
        nn_output_check(pt, &o->inputs, flags) == 0) {
        struct nn_weights_job j = {o->python ? o->python : "python3", o->weights, data, len,
                                   nn_py_class_name(&m->arena, m->net.head.name), pt, o->force,
                                   1, o->input, m->net.head.name};
        struct delivery d = {w, o, data, len};
        rc = nn_weights_convert(&j, deliver_cb, &d);
    }
    free(code);
    free(pt);
    return rc;
}

/* weights: the generated code and, beside it, the weights converted from
 * the state_dict --weights names (nothing written when either fails). */
static int deliver_weights(const struct nn_writer *w, const struct nn_cli_options *o,
                           struct nn_model *m, const char *data, size_t len)
{
    int keras = m->weights_source && strcmp(m->weights_source, "keras") == 0;
    if (!keras && (!m->weights_source || strcmp(m->weights_source, "torch") != 0)) {
        fprintf(stderr, "nnc: error: --weights converts a PyTorch state_dict or Keras weights; "
                "'%s' is not PyTorch code (nor Keras code)\n", o->input);
        return 2;
    }
    if (keras != (strncmp(o->target, "torch-", 6) == 0))
        return usage_error(keras ? "--weights with a Keras source writes a PyTorch state_dict: it "
                                   "needs --target 'torch-sub' or"
                                 : "--weights with a PyTorch source writes Keras weights: it "
                                   "needs --target 'tf-sub' or",
                           keras ? "torch-seq" : "tf-seq");
    if (keras)
        return deliver_state_dict(w, o, m, data, len);
    if (!strstr(data, "\nINPUT_SHAPE = ") && !strstr(data, "\nINPUT_SHAPES = ")) {
        fprintf(stderr, "nnc: error: --weights: the input shape of '%s' is unknown, and Keras "
                "makes a model's weights when the model first runs: give it with "
                "--input-shape (one input, batch excluded, as the source takes it)\n", o->input);
        return 1;
    }
    char *code = o->output ? strdup(o->output)
                           : nn_output_default_path(o->output_dir, o->input, w->suffix);
    char *h5 = code ? nn_output_default_path(NULL, code, ".weights.h5") : NULL;
    int flags = o->force ? NN_OUT_FORCE : 0, rc = 3;
    if (h5 && nn_output_check(code, &o->inputs, flags) == 0 &&
        nn_output_check(h5, &o->inputs, flags) == 0) {
        struct nn_weights_job j = {o->python ? o->python : "python3", o->weights, data, len,
                                   nn_py_class_name(&m->arena, m->net.head.name), h5, o->force,
                                   0, NULL, NULL};
        struct delivery d = {w, o, data, len};
        rc = nn_weights_convert(&j, deliver_cb, &d);
    }
    free(code);
    free(h5);
    return rc;
}

/* verify: can the generated model be checked against its source?  0, or
 * 2 after saying why (nothing is written then). */
static int verify_possible(const struct nn_cli_options *o, const struct nn_model *m,
                           const char *data)
{
    if (!m->source_builder || !m->weights_source) {
        fprintf(stderr, "nnc: error: --verify compares the generated model with the source "
                "model, and '%s' (a pivot) has none; verify the PyTorch or Keras file it "
                "came from\n", o->input);
        return 2;
    }
    if (m->net.ninputs > 1) {
        fprintf(stderr, "nnc: error: --verify: '%s' takes several inputs; the check feeds "
                "one\n", o->input);
        return 2;
    }
    if (strcmp(m->weights_source, "keras") == 0 &&
        strcmp(code_framework(o->target), "torch") == 0 &&
        !strstr(data, "\ndef load_keras_weights(")) {
        fprintf(stderr, "nnc: error: --verify: Keras -> PyTorch is not available yet: the "
                "generated module has no load_keras_weights to take the source's weights\n");
        return 2;
    }
    return 0;
}

/* verify: run the check of the generated file path against the source. */
static int verify_generated(const struct nn_cli_options *o, struct nn_model *m, const char *path)
{
    struct nn_verify_spec spec = {code_framework(o->target),
                                  nn_py_class_name(&m->arena, m->net.head.name), 16};
    char *script = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&script, &len);
    if (!mem || !spec.cls) {
        fprintf(stderr, "nnc: out of memory\n");
        if (mem)
            fclose(mem);
        free(script);
        return 3;
    }
    nn_verify_gen(m, &spec, mem);
    int rc = 3;
    if (fclose(mem) != 0 || nn_arena_failed(&m->arena))
        fprintf(stderr, "nnc: out of memory\n");
    else {
        struct nn_verify_job j = {o->python ? o->python : "python3", o->input, path, script,
                                  len, o->tolerance, o->weights, o->batch};
        rc = nn_verify_run(&j);
    }
    free(script);
    return rc;
}

/* The generated file --verify checks: --verify-only's, else where deliver
 * wrote (malloc'ed), or NULL. */
static char *verified_path(const struct nn_writer *w, const struct nn_cli_options *o)
{
    if (o->verify_only)
        return strdup(o->verify_only);
    if (o->output)
        return strdup(o->output);
    return nn_output_default_path(o->output_dir, o->input, w->suffix);
}

/* Write the emitted text (with --weights, the weights beside it), then
 * --verify's check; --verify-only: the check alone. */
static int deliver_all(const struct nn_writer *w, const struct nn_cli_options *o,
                       struct nn_model *m, const char *data, size_t len)
{
    const char *fw = code_framework(o->target);
    int rc = o->verify ? verify_possible(o, m, data) : 0;
    /* --weights converts to the target's framework; with --verify, a file of
     * the target's own framework is only the source's weights to check with */
    int convert = o->weights && fw &&
                  (!o->verify || (m->weights_source && strcmp(fw, m->weights_source) != 0));
    if (rc == 0 && !o->verify_only)
        rc = convert ? deliver_weights(w, o, m, data, len) : deliver(w, o, data, len);
    if (!o->verify || (rc != 0 && rc != NN_OUT_UNCHANGED))
        return rc;
    char *path = verified_path(w, o);
    int vrc = path ? verify_generated(o, m, path) : 3;
    free(path);
    return vrc ? vrc : rc;
}

/* --input-shape NAME=...: each named input's shape, replacing the model's;
 * the PyTorch reader has used them already, by forward's parameter names,
 * and reported any other.  Returns the errors reported. */
static int apply_named_shapes(struct nn_model *m, const struct nn_cli_options *o,
                              struct nn_diag_sink *d)
{
    int errors = 0;
    if (m->weights_source && strcmp(m->weights_source, "torch") == 0)
        return 0;
    for (size_t i = 0; i < o->nshapes; i++) {
        long k = nn_net_input_named(&m->net, o->shapes[i].name);
        if (k < 0) {
            nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR, "--input-shape %s=...: the model has "
                    "no input named '%s'%s", o->shapes[i].name, o->shapes[i].name,
                    m->net.ninputs ? "" : " (it takes one input: give its shape unnamed)");
            errors++;
        } else
            nn_elem_set_ints(m, &m->net.inputs[k], NN_A_INPUT_SHAPE, o->shapes[i].d,
                             o->shapes[i].rank);
    }
    return errors;
}

/* The pipeline: read (parse into the pivot), validate, infer shapes, write
 * (emit, then deliver); --check stops before writing. */
static int nn_compile(const struct nn_cli_options *o)
{
    struct nn_source src;
    struct nn_diag_sink diag;
    nn_diag_init(&diag, stderr);
    diag.format = o->diag_format;
    int err = nn_source_read(&src, o->input);
    if (err) {
        nn_diag(&diag, nn_loc_make(NULL, 0, 0), NN_ERROR, "cannot read '%s': %s", o->input,
                nn_source_error(err));
        nn_diag_finish(&diag);
        return 3;
    }
    struct nn_model m;
    nn_model_init(&m);
    const struct nn_reader *r = nn_cli_reader_for(&src);
    int read_errors = r->read(&src, &m, &diag, o);
    if (nn_arena_failed(&m.arena) && !diag.errors) /* a reader went on past a failed allocation */
        nn_diag(&diag, nn_loc_make(NULL, 0, 0), NN_ERROR, "%s: out of memory", o->input);
    if (m.over_limit)
        nn_diag(&diag, nn_loc_make(NULL, 0, 0), NN_ERROR,
                "%s: more than %d layers, operations and modules in one model (nnc's limit)",
                o->input, NN_MAX_MODEL_ITEMS);
    else if (read_errors == 0 && apply_named_shapes(&m, o, &diag) == 0 &&
             nn_validate(&m, &diag) == 0)
        nn_shape_check(&m, o->input_rank ? o->input_shape : NULL, o->input_rank, &diag, NULL);
    int rc = diag.errors ? 1 : 0;
    const struct nn_writer *w = o->target ? nn_cli_writer(o->target) : NULL;
    if (rc == 0 && w) {
        char *data = NULL;
        size_t len = 0;
        int errors = emit(w, o, &m, &diag, &data, &len);
        if (errors == NN_WRITER_IO_FAILURE)
            rc = 3;
        else if (errors != 0)
            rc = 1;
        else
            rc = deliver_all(w, o, &m, data, len);
        free(data);
    }
    nn_diag_finish(&diag);
    if (rc == 0 && nn_model_gaps(&m) > 0) /* written, but with TODOs */
        rc = NN_EXIT_PARTIAL;
    nn_model_free(&m);
    nn_source_free(&src);
    return rc;
}

/* One run after the options: batch mode, or the one file. */
static int run(struct nn_cli_options *o, const struct inputs *in)
{
    int rc;
    if (o->batch) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        return nn_batch_run(o, in->files, in->count, in->jobs ? in->jobs : cpus > 0 ? (int)cpus : 1,
                            nn_compile);
    }
    if (o->output_dir && o->target && (rc = nn_output_make_dirs(o->output_dir)) != 0) {
        fprintf(stderr, "nnc: cannot create the output directory '%s': %s\n", o->output_dir,
                strerror(rc));
        return 3;
    }
    /* The files read, by identity: no output may replace one of them. */
    struct nn_file_id ids[2];
    o->inputs.ids = ids;
    if (nn_file_id_of(o->input, &ids[o->inputs.count]) == 0)
        o->inputs.count++;
    if (o->merge_into && nn_file_id_of(o->merge_into, &ids[o->inputs.count]) == 0)
        o->inputs.count++;
    nn_output_guard_signals();
    return nn_compile(o);
}

int main(int argc, char **argv)
{
    struct nn_cli_options o = {0};
    struct inputs in = {0};
    int rc = parse_options(argc, argv, &o, &in);
    if (rc < 0)
        rc = run(&o, &in);
    free(o.shapes);
    return rc;
}
