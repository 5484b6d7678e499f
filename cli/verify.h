/* verify.h - --verify: run the script nnc wrote (m2t/verify_gen.c) with the
 * user's Python, to check a generated model against its source. */
#ifndef NN_CLI_VERIFY_H
#define NN_CLI_VERIFY_H

#include <stddef.h>

/* A generated model's outputs differ from its source's beyond the
 * tolerance (--verify); also the script's own exit status for it. */
#define NN_EXIT_DIFFERS 7

struct nn_verify_job {
    const char *python;     /* the interpreter (--python), looked up on the PATH */
    const char *source;     /* the file nnc read */
    const char *generated;  /* the generated module to check */
    const char *script;     /* the verification script's text */
    size_t len;
    double tolerance;       /* --tolerance */
    const char *weights;    /* --weights: the source's trained weights, or NULL */
    int brief;              /* one verdict line on stderr (batch mode), not a table */
};

/* Run the check.  Returns 0 (every output within the tolerance), 1 (the
 * models could not be compared), 2 (the direction is not available),
 * 3 (a missing interpreter or package, an I/O failure) or NN_EXIT_DIFFERS,
 * after saying why on stderr. */
int nn_verify_run(const struct nn_verify_job *j);

#endif
