/* framework.h - a framework is a row, a code target is a row (frameworks.def).
 *
 * A framework row names its spelling table (shared by its reader and its
 * generator), its generator and its reader; a target row names the
 * framework and the style it writes.  The driver builds its reader and
 * writer tables from these rows and the generators take everything
 * framework-specific from them, so no code switches on the framework.
 * framework.c is the one file that knows every framework.
 */
#ifndef NN_FRAMEWORK_H
#define NN_FRAMEWORK_H

#include "metamodel/diag.h"
#include "metamodel/pivot.h"

struct nn_spell;
struct nn_gen_backend;
struct nn_read_options;

enum nn_framework_id {
#define NN_FRAMEWORK(id, name, spell, gen, read, detect) NN_FW_##id,
#include "frameworks/frameworks.def"
    NN_FW_COUNT
};

enum nn_target {
#define NN_TARGET(id, name, alias, suffix, fw, style, title) NN_TARGET_##id,
#include "frameworks/frameworks.def"
    NN_TARGET_COUNT
};

/* The architecture style of generated code. */
enum nn_style { NN_STYLE_SEQ, NN_STYLE_SUB };

struct nn_framework {
    enum nn_framework_id id;
    const char *name;                       /* for messages: "PyTorch" */
    const struct nn_spell *spell;           /* classes, arguments, defaults */
    const struct nn_gen_backend *gen;       /* m2t: writes its classes */
    int (*read)(struct nn_source *src, struct nn_model *m, struct nn_diag_sink *d,
                const struct nn_read_options *o); /* m2m: source to pivot; error count */
    int (*detect)(const struct nn_source *src);   /* does src use this framework? */
};

struct nn_target_info {
    const char *name;                       /* --target value */
    const char *alias;                      /* another accepted spelling, or NULL */
    const char *suffix;                     /* default output: BASE + suffix */
    const struct nn_framework *fw;
    enum nn_style style;
    const char *title;                      /* the generated module's header */
};

extern const struct nn_framework nn_frameworks[NN_FW_COUNT];
extern const struct nn_target_info nn_targets[NN_TARGET_COUNT];

/* Parse a target name or alias; 0 on success, -1 when unknown. */
int nn_target_from_name(const char *s, enum nn_target *t);
/* The canonical name of a target ("torch-seq"). */
static inline const char *nn_target_name(enum nn_target t) { return nn_targets[t].name; }

#endif
