/* formats.h - what nnc reads and writes, as two tables.
 *
 * A reader turns a source into the pivot; a writer turns the pivot into
 * text.  Adding a front end or a target is one row here plus its module;
 * the driver never switches on formats.
 */
#ifndef NN_FORMATS_H
#define NN_FORMATS_H

#include <stdio.h>

#include "cli/output.h"
#include "m2m/reader.h"
#include "metamodel/diag.h"
#include "metamodel/pivot.h"

/* The exit status of a run that wrote its output, but partial: the model
 * holds constructs nnc could not migrate (--keep-going left them as TODOs). */
#define NN_EXIT_PARTIAL 5

/* Options that reach readers and writers. */
struct nn_cli_options {
    const char *input;
    const char *output;       /* NULL: the documented default */
    const char *output_dir;   /* --output-dir: results go there */
    int batch;                /* several inputs: never standard output */
    const char *target;       /* writer name; NULL with --check */
    int force;
    const char *class_name;   /* --class: the model to migrate from a Python file */
    int keep_going;           /* --keep-going: unmappable constructs become TODOs */
    int channels_first;       /* --channels first: native PyTorch layout */
    int with_training;        /* --with-training: add a training script */
    long long input_shape[8]; /* --input-shape, overriding the network's */
    size_t input_rank;        /* 0: no override */
    struct nn_named_shape *shapes; /* --input-shape NAME=N,N,...: one per named input */
    size_t nshapes, capshapes;
    const char *merge_into;   /* --merge-into: the UML model the network joins */
    const char *behavior;     /* --behavior: Package::Class::operation or ...::State */
    struct nn_file_ids inputs; /* every file the run reads: never written */
    enum nn_diag_format diag_format; /* --diagnostics-format; json also makes the
                                        batch report JSON lines */
    const char *weights;      /* --weights: a saved PyTorch state_dict to convert */
    const char *python;       /* --python: the interpreter that converts it */
    int verify;               /* --verify: check the generated model against the source */
    const char *verify_only;  /* --verify-only: check this generated file, write nothing */
    double tolerance;         /* --tolerance (relative to the output's scale); 0: 1e-5 */
};

struct nn_reader {
    const char *name;                                   /* for messages */
    int (*detect)(const struct nn_source *src);         /* does src look like this format? */
    int (*read)(struct nn_source *src, struct nn_model *m, struct nn_diag_sink *d,
                const struct nn_cli_options *o);        /* returns the error count */
};

/* A writer's result when a file it needed (read or written beside the
 * output) failed: the driver exits with status 3, not 1. */
#define NN_WRITER_IO_FAILURE (-1)

struct nn_writer {
    const char *name;          /* --target value (--emit-dsl is "dsl") */
    const char *alias;         /* another accepted spelling, or NULL */
    const char *suffix;        /* default output: BASE + suffix */
    int (*write)(struct nn_model *m, const struct nn_cli_options *o, FILE *out,
                 struct nn_diag_sink *d);  /* error count, or NN_WRITER_IO_FAILURE */
};

/* The reader for src (by content); never NULL: the DSL is the fallback. */
const struct nn_reader *nn_cli_reader_for(const struct nn_source *src);
/* The writer called name (or alias), or NULL. */
const struct nn_writer *nn_cli_writer(const char *name);
/* The name of the i-th writer, or NULL past the last. */
const char *nn_cli_writer_name(size_t i);
/* "dsl, torch-seq, ..." for messages. */
void nn_cli_list_writers(FILE *out);

#endif
