/* weights.h - --weights: convert a saved PyTorch state_dict into the Keras
 * weights file (.weights.h5) of the model nnc generated, by running the
 * user's Python on the generated module's load_torch_state_dict; or saved
 * Keras weights into the PyTorch state_dict file (.pt) of the generated
 * module, by its load_keras_weights. */
#ifndef NN_CLI_WEIGHTS_H
#define NN_CLI_WEIGHTS_H

#include <stddef.h>

struct nn_weights_job {
    const char *python;       /* the interpreter (--python), looked up on the PATH */
    const char *state_dict;   /* the file torch.save wrote (--weights) */
    const char *code;         /* the generated module's text */
    size_t len;
    const char *cls;          /* the model class it defines */
    const char *out;          /* the weights file to write */
    int force;                /* replace an existing out */
    int from_keras;           /* a Keras source: out is a PyTorch state_dict (kweights.c) */
    const char *program;      /* from_keras: the source file, which builds the Keras model */
    const char *network;      /* from_keras: the source model's name */
};

/* The program that converts Keras weights (kweights.c). */
extern const char nn_kweights_py[];

/* Convert; once the weights are ready, call write_code(arg) (it writes the
 * generated module, returning 0 or an exit status), then publish the
 * weights file.  Nothing is written when the conversion fails.  Returns 0,
 * 1 (the state_dict does not fit the model), or 3 (a missing interpreter or
 * package, an I/O failure), after printing why on stderr. */
int nn_weights_convert(const struct nn_weights_job *j, int (*write_code)(void *), void *arg);

#endif
