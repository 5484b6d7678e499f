/* formats.c - the reader and writer tables (see formats.h). */
#include "cli/formats.h"

#include <stdlib.h>
#include <string.h>

#include "cli/output.h"
#include "grammar/dsl.h"
#include "frameworks/framework.h"
#include "m2m/pydetect.h"
#include "m2m/reader.h"
#include "cli/graphviz.h"
#include "m2t/dot_print.h"
#include "m2t/dsl_print.h"
#include "m2t/gen.h"
#include "metamodel/inputs.h"
#include "xmi/uml.h"
#include "xmi/xmi.h"

static int read_dsl(struct nn_source *src, struct nn_model *m, struct nn_diag_sink *d,
                    const struct nn_cli_options *o)
{
    (void)o;
    return nn_dsl_parse(src, m, d);
}

static int any_source(const struct nn_source *src)
{
    (void)src;
    return 1;
}

static int write_dsl(struct nn_model *m, const struct nn_cli_options *o, FILE *out,
                     struct nn_diag_sink *d)
{
    (void)o;
    (void)d;
    nn_dsl_print(m, out);
    return 0;
}

/* Python for one of the four code targets (o->target names it). */
static int write_code(struct nn_model *m, const struct nn_cli_options *o, FILE *out,
                      struct nn_diag_sink *d)
{
    struct nn_gen_options g = {0};
    if (nn_target_from_name(o->target, &g.target) != 0)
        return 1;
    g.channels_first = o->channels_first;
    g.with_training = o->with_training;
    g.source_name = o->input;
    g.input_shape = o->input_rank ? o->input_shape : NULL;
    g.input_rank = o->input_rank;
    return nn_gen_code(m, &g, out, d);
}

/* What a Python reader needs of the command line. */
static struct nn_read_options read_options(const struct nn_cli_options *o)
{
    struct nn_read_options r = {0};
    if (o) {
        r.class_name = o->class_name;
        r.keep_going = o->keep_going;
        r.input_shape = o->input_rank ? o->input_shape : NULL;
        r.input_rank = o->input_rank;
        r.shapes = o->shapes;
        r.nshapes = o->nshapes;
    }
    return r;
}

/* The model as a Graphviz graph. */
static int write_dot(struct nn_model *m, const struct nn_cli_options *o, FILE *out,
                     struct nn_diag_sink *d)
{
    if (nn_inputs_refuse(m, "--target dot", 1, d))
        return 1;
    return nn_dot_print(m, o->input_rank ? o->input_shape : NULL, o->input_rank, out, d);
}

/* The graph drawn by Graphviz as SVG: the text first, then dot. */
static int write_svg(struct nn_model *m, const struct nn_cli_options *o, FILE *out,
                     struct nn_diag_sink *d)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem)
        return NN_WRITER_IO_FAILURE;
    int errors = write_dot(m, o, mem, d);
    fclose(mem);
    if (errors == 0)
        errors = nn_graphviz_render(text, len, "svg", out, d);
    free(text);
    return errors;
}

/* One reader per framework row: its m2m reader with the options it takes. */
#define NN_FRAMEWORK(id, n_, s_, g_, r_, d_)                                              \
    static int fw_read_##id(struct nn_source *src, struct nn_model *m, struct nn_diag_sink *d, \
                         const struct nn_cli_options *o)                                  \
    {                                                                                     \
        struct nn_read_options r = read_options(o);                                       \
        return nn_frameworks[NN_FW_##id].read(src, m, d, &r);                             \
    }                                                                                     \
    static int fw_detect_##id(const struct nn_source *src)                                   \
    {                                                                                     \
        return nn_frameworks[NN_FW_##id].detect(src);                                     \
    }
#include "frameworks/frameworks.def"

/* Python importing neither framework: an error, never the DSL. */
static int read_py_other(struct nn_source *src, struct nn_model *m, struct nn_diag_sink *d,
                         const struct nn_cli_options *o)
{
    (void)m;
    (void)o;
    return nn_m2m_py_other_read(src, d);
}

static int read_xmi(struct nn_source *src, struct nn_model *m, struct nn_diag_sink *d,
                    const struct nn_cli_options *o)
{
    (void)o;
    return nn_xmi_read(src, m, d);
}

static int write_xmi(struct nn_model *m, const struct nn_cli_options *o, FILE *out,
                     struct nn_diag_sink *d)
{
    (void)o;
    return nn_xmi_write(m, out, d);
}

/* The metamodel itself: the same for every input. */
static int write_ecore(struct nn_model *m, const struct nn_cli_options *o, FILE *out,
                       struct nn_diag_sink *d)
{
    (void)m;
    (void)o;
    return nn_xmi_write_ecore(out, d);
}

/* Would the model's own output be accepted?  Checked before the profile
 * is written beside it, so that a refused model leaves no profile behind.
 * 0, or 3 with the reason printed. */
static int model_output_ok(const struct nn_cli_options *o)
{
    if (o->output)
        return nn_output_check(o->output, &o->inputs, o->force ? NN_OUT_FORCE : 0);
    const struct nn_writer *w = nn_cli_writer(o->target);
    char *path = nn_output_default_path(o->output_dir, o->merge_into ? o->merge_into : o->input,
                                        w->suffix);
    if (!path)
        return 3;
    int rc = nn_output_check(path, &o->inputs, o->force ? NN_OUT_FORCE : 0);
    free(path);
    return rc;
}

/* The profile beside the model (written after the model was made and its
 * output checked, atomically; kept when it is already identical; replaced
 * only with --force).  Returns 0 or 3. */
static int write_profile_beside(const struct nn_cli_options *o, struct nn_diag_sink *d)
{
    if (model_output_ok(o) != 0)
        return 3;
    const char *target = o->output ? o->output : o->merge_into ? o->merge_into : o->input;
    if (o->output_dir && !o->output)
        target = o->output_dir; /* "DIR" or "DIR/": the profile goes into DIR */
    if (strcmp(target, "-") == 0) {
        nn_diag(d, nn_loc_make(NULL, 0, 0), NN_NOTE,
                "the model refers to " NN_UML_PROFILE_FILE "; write it with --target uml-profile");
        return 0;
    }
    const char *slash = strrchr(target, '/');
    int dir = slash ? (int)(slash - target + 1) : 0;
    int in_dir = target == o->output_dir && target[dir] != '\0';
    char *path;
    char *data = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&data, &len);
    if (!mem)
        return 3;
    int rc = nn_xmi_write_profile(mem, d);
    fclose(mem);
    if (in_dir)
        dir = (int)strlen(target);
    size_t plen = (size_t)dir + 1 + sizeof NN_UML_PROFILE_FILE;
    path = malloc(plen);
    if (path)
        snprintf(path, plen, "%.*s%s%s", dir, target, in_dir ? "/" : "", NN_UML_PROFILE_FILE);
    /* Kept when identical: many models share one profile. */
    if (rc == 0 && path)
        rc = nn_output_write(path, &o->inputs, NN_OUT_SAME_OK | (o->force ? NN_OUT_FORCE : 0),
                             data, len);
    free(path);
    free(data);
    return rc;
}

static int write_uml(struct nn_model *m, const struct nn_cli_options *o, FILE *out,
                     struct nn_diag_sink *d)
{
    if (nn_inputs_refuse(m, "--target uml", 0, d))
        return 1;
    int errors = nn_xmi_write_uml(m, out, d);
    if (errors == 0 && write_profile_beside(o, d) != 0)
        return NN_WRITER_IO_FAILURE;
    return errors;
}

static int read_uml(struct nn_source *src, struct nn_model *m, struct nn_diag_sink *d,
                    const struct nn_cli_options *o)
{
    return nn_xmi_read_uml(src, m, d, o->behavior);
}

/* The network merged into the UML model named by --merge-into. */
static int write_merge(struct nn_model *m, const struct nn_cli_options *o, FILE *out,
                       struct nn_diag_sink *d)
{
    if (nn_inputs_refuse(m, "--merge-into", 0, d))
        return 1;
    struct nn_source sys;
    int err = nn_source_read(&sys, o->merge_into);
    if (err) {
        nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR, "cannot read '%s': %s", o->merge_into,
                nn_source_error(err));
        return NN_WRITER_IO_FAILURE;
    }
    int rc = nn_xmi_merge(m, &sys, o->behavior, out, d);
    if (rc == 0 && write_profile_beside(o, d) != 0)
        rc = NN_WRITER_IO_FAILURE;
    nn_source_free(&sys);
    return rc;
}

/* The BESSER_NN profile alone. */
static int write_profile(struct nn_model *m, const struct nn_cli_options *o, FILE *out,
                         struct nn_diag_sink *d)
{
    (void)m;
    (void)o;
    return nn_xmi_write_profile(out, d);
}

/* First match wins: the DSL, which accepts anything, comes last. */
static const struct nn_reader readers[] = {
#define NN_FRAMEWORK(id, name, spell, gen, read, detect) {name, fw_detect_##id, fw_read_##id},
#include "frameworks/frameworks.def"
    {"Python", nn_m2m_py_other_detect, read_py_other},
    {"UML model", nn_xmi_detect_uml, read_uml},
    {"BESSER-NN XMI", nn_xmi_detect, read_xmi},
    {"BESSER-NN DSL", any_source, read_dsl},
};

static const struct nn_writer writers[] = {
    {"dsl", NULL, ".nn", write_dsl},
#define NN_TARGET(id, name, alias, suffix, fw, style, title) {name, alias, suffix, write_code},
#include "frameworks/frameworks.def"
    {"xmi", NULL, ".xmi", write_xmi},
    {"ecore", NULL, ".ecore", write_ecore},
    {"uml", NULL, ".uml", write_uml},
    {"uml-profile", NULL, ".profile.uml", write_profile},
    {"uml-merge", NULL, ".merged.uml", write_merge},
    {"dot", NULL, ".dot", write_dot},
    {"svg", NULL, ".svg", write_svg},
};

const struct nn_reader *nn_cli_reader_for(const struct nn_source *src)
{
    size_t n = sizeof readers / sizeof *readers;
    for (size_t i = 0; i < n; i++)
        if (readers[i].detect(src))
            return &readers[i];
    return &readers[n - 1];
}

const struct nn_writer *nn_cli_writer(const char *name)
{
    for (size_t i = 0; i < sizeof writers / sizeof *writers; i++)
        if (strcmp(writers[i].name, name) == 0 ||
            (writers[i].alias && strcmp(writers[i].alias, name) == 0))
            return &writers[i];
    return NULL;
}

void nn_cli_list_writers(FILE *out)
{
    for (size_t i = 0; i < sizeof writers / sizeof *writers; i++)
        fprintf(out, "%s%s", i ? ", " : "", writers[i].name);
}

const char *nn_cli_writer_name(size_t i)
{
    return i < sizeof writers / sizeof *writers ? writers[i].name : NULL;
}
