/* formats.c - the reader and writer tables (see formats.h). */
#include "cli/formats.h"

#include <string.h>

#include "grammar/dsl.h"
#include "m2t/dsl_print.h"
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

/* First match wins: the DSL, which accepts anything, comes last. */
static const struct nn_reader readers[] = {
    {"BESSER-NN XMI", nn_xmi_detect, read_xmi},
    {"BESSER-NN DSL", any_source, read_dsl},
};

static const struct nn_writer writers[] = {
    {"dsl", NULL, ".nn", write_dsl},
    {"xmi", NULL, ".xmi", write_xmi},
    {"ecore", NULL, ".ecore", write_ecore},
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
