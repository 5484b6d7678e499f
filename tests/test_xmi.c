/* test_xmi.c - unit tests for the Ecore view of the schema, XMI writing and
 * reading, value spellings, and the safe XML loader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "grammar/dsl.h"
#include "m2t/dsl_print.h"
#include "metamodel/validate.h"
#include "xmi/meta.h"
#include "xmi/uml.h"
#include "xmi/value.h"
#include "xmi/xmi.h"
#include "xmi/xml_load.h"

/* Text written by fn into memory. */
static char *capture_model(int (*fn)(const struct nn_model *, FILE *, struct nn_diag_sink *),
                           const struct nn_model *m, int *errors)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct nn_diag_sink d;
    nn_diag_init(&d, stderr);
    *errors = fn(m, f, &d);
    fclose(f);
    return buf;
}

static char *print_dsl(const struct nn_model *m)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    nn_dsl_print(m, f);
    fclose(f);
    return buf;
}

/* Parse and validate DSL text into m; returns the error count. */
static int load_dsl(struct nn_model *m, struct nn_source *src, const char *text)
{
    struct nn_diag_sink d;
    nn_diag_init(&d, NULL);
    nn_source_from_string(src, "t.nn", text);
    nn_model_init(m);
    if (nn_dsl_parse(src, m, &d) == 0)
        nn_validate(m, &d);
    return d.errors;
}

/* Read XMI text into m; returns the error count (messages into *msgs). */
static int load_xmi(struct nn_model *m, struct nn_source *src, const char *text, char **msgs)
{
    size_t len = 0;
    FILE *f = open_memstream(msgs, &len);
    struct nn_diag_sink d;
    nn_diag_init(&d, f);
    nn_source_from_string(src, "t.xmi", text);
    nn_model_init(m);
    if (nn_xmi_read(src, m, &d) == 0)
        nn_validate(m, &d);
    fclose(f);
    return d.errors;
}

static const char every_type[] =
    "# lead\nnet:  # trail\n    input_shape=[8, 8, 4]\n    layers:\n"
    "        - c:\n            type=Conv2D\n            out_channels=4\n"
    "            kernel_dim=[3, 3]  # k\n            padding_type=same\n            bias=False\n"
    "        - g:\n            type=Activation\n            actv_func=\"swish_x\"\n"
    "            name_layer_input=\"input\"\n"
    "        - b:\n            type=BatchNorm\n            dimension=2D\n            eps=1e-7\n"
    "    sub_nn:\n        - s:\n            layers:\n                - h:\n"
    "                    type=Dropout\n                    rate=0.25\n"
    "    tensor_ops:\n        - name=m\n            type=multiply\n"
    "            layers_of_tensors=[\"c\", g, -2, 0.5]\n"
    "    modules:\n        # first\n        - c\n        - g\n        - b\n        - m\n        - s\n"
    "    config:\n        batch_size=2\n        epochs=1\n        learning_rate=0.001\n"
    "        optimiser=\"adam\"\n        metrics=[\"accuracy\", \"f1-score\"]\n"
    "        loss_function=mse\n        weight_decay=0.0\n        momentum=0.0\n"
    "    TrainingDataset:\n        name=tr\n        path_data=\"d.csv\"\n        task_type=binary\n"
    "        input_format=csv\n        labels={(col=\"y\", label=\"a\"), (col=\"y\", label=\"b\")}\n"
    "# the end\n";

static void every_kind_has_a_class_that_maps_back(void **state)
{
    (void)state;
    for (int k = 0; k < NN_KIND_COUNT; k++) {
        enum nn_class c = nn_kind_infos[k].cls;
        const char *name = nn_xmi_class_name((enum nn_kind)k);
        assert_non_null(name);
        if (c == NN_CLASS_LAYER || c == NN_CLASS_DATASET || c == NN_CLASS_CONFIG)
            assert_int_equal(nn_xmi_kind_by_class(name), k);
    }
    assert_int_equal(nn_xmi_kind_by_class("TensorOp"), -1);
    assert_true(nn_xmi_hoisted(NN_CLASS_LAYER, NN_A_ACTV_FUNC));
    assert_false(nn_xmi_hoisted(NN_CLASS_LAYER, NN_A_IN_FEATURES));
    assert_true(nn_xmi_attr_free_name(NN_A_ACTV_FUNC));
    assert_false(nn_xmi_attr_free_name(NN_A_PADDING_TYPE));
    assert_int_equal(nn_xmi_attr_rep(NN_A_NAME_LAYER_INPUT), NN_XMI_REF);
    assert_int_equal(nn_xmi_attr_rep(NN_A_LAYERS_OF_TENSORS), NN_XMI_ARGS);
    assert_int_equal(nn_xmi_attr_rep(NN_A_KERNEL_DIM), NN_XMI_MANY);
}

static void names_are_java_identifiers(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(nn_xmi_enum_name(NN_ENUM_INPUT_FORMAT, buf, sizeof buf),
                        "InputFormatKind");
    assert_string_equal(nn_xmi_enum_name(-1, buf, sizeof buf), "TensorOpKind");
    assert_string_equal(nn_xmi_literal_id("1D", 2, buf, sizeof buf), "_1D");
    assert_string_equal(nn_xmi_literal_id("f1-score", 8, buf, sizeof buf), "f1_score");
}

static void decimals_are_shortest_and_exact(void **state)
{
    (void)state;
    const double v[] = {0.001, 1e-5, 0.1, 1.0 / 3, 123456789.0, -0.5, 5e-324, 1.7976931348623157e308};
    char buf[64];
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        struct nn_value x = {.type = NN_V_FLOAT, .f = v[i]};
        assert_true(strtod(nn_xmi_value_text(&x, buf, sizeof buf), NULL) == v[i]);
    }
    struct nn_value x = {.type = NN_V_FLOAT, .f = 0.001};
    assert_string_equal(nn_xmi_value_text(&x, buf, sizeof buf), "0.001");
}

static void dsl_xmi_dsl_is_identical(void **state)
{
    (void)state;
    struct nn_model a, b;
    struct nn_source sa, sb;
    assert_int_equal(load_dsl(&a, &sa, every_type), 0);
    int errors;
    char *xmi = capture_model(nn_xmi_write, &a, &errors);
    assert_int_equal(errors, 0);
    char *msgs = NULL;
    assert_int_equal(load_xmi(&b, &sb, xmi, &msgs), 0);
    char *pa = print_dsl(&a), *pb = print_dsl(&b);
    assert_string_equal(pa, pb);
    assert_non_null(strstr(pb, "# the end"));
    assert_non_null(strstr(pb, "actv_func=\"swish_x\""));
    char *xmi2 = capture_model(nn_xmi_write, &b, &errors);
    assert_string_equal(xmi, xmi2);
    free(xmi), free(xmi2), free(pa), free(pb), free(msgs);
    nn_model_free(&a), nn_model_free(&b);
    nn_source_free(&sa), nn_source_free(&sb);
}

static void every_element_has_a_unique_id(void **state)
{
    (void)state;
    struct nn_model a;
    struct nn_source sa;
    assert_int_equal(load_dsl(&a, &sa, every_type), 0);
    int errors;
    char *xmi = capture_model(nn_xmi_write, &a, &errors);
    xmlDocPtr doc = xmlReadMemory(xmi, (int)strlen(xmi), "t.xmi", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    size_t n = 0, cap = 64;
    char **ids = malloc(cap * sizeof *ids);
    xmlNodePtr stack[64];
    int top = 0;
    stack[top++] = xmlDocGetRootElement(doc);
    while (top) {
        xmlNodePtr e = stack[--top];
        const char *id = nn_xmi_attr(e, NN_XMI_XMI_URI, "id");
        int leaf = e->children && e->children->type == XML_TEXT_NODE && !e->children->next &&
                   !e->properties; /* many-valued attribute items are values, not objects */
        assert_true(id != NULL || leaf);
        for (size_t i = 0; id && i < n; i++)
            assert_string_not_equal(ids[i], id);
        if (id && n < cap)
            ids[n++] = (char *)id;
        for (xmlNodePtr c = e->children; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE && top < 64)
                stack[top++] = c;
    }
    assert_true(n >= 15);
    free(ids);
    xmlFreeDoc(doc);
    free(xmi);
    nn_model_free(&a);
    nn_source_free(&sa);
}

static void doctype_and_entities_are_refused(void **state)
{
    (void)state;
    const char *bomb =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\">"
        "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
        "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<r>&c;&x;</r>\n";
    struct nn_model m;
    struct nn_source src;
    char *msgs = NULL;
    assert_true(load_xmi(&m, &src, bomb, &msgs) >= 1);
    assert_non_null(strstr(msgs, "t.xmi:2:1: error: a DOCTYPE is not allowed"));
    assert_null(strstr(msgs, "root:"));
    free(msgs);
    nn_model_free(&m);
    nn_source_free(&src);
}

static void errors_carry_line_and_column(void **state)
{
    (void)state;
    const char *text =
        "<?xml version=\"1.0\"?>\n<nn:NN xmlns:xmi=\"" NN_XMI_XMI_URI "\" xmlns:nn=\"" NN_XMI_NS_URI
        "\" xmi:id=\"n\" name=\"n\" modules=\"n.a\">\n"
        "  <layers xmi:type=\"nn:Linear\" xmi:id=\"n.a\" name=\"a\" out_features=\"x\"/>\n"
        "</nn:NN>\n";
    struct nn_model m;
    struct nn_source src;
    char *msgs = NULL;
    assert_int_equal(load_xmi(&m, &src, text, &msgs), 1);
    assert_non_null(strstr(msgs, "t.xmi:3:54: error: 'out_features' must be an integer"));
    assert_non_null(strstr(msgs, "^~~~~~~~~~~~"));
    free(msgs);
    nn_model_free(&m);
    nn_source_free(&src);
}

static void dsl_uml_dsl_is_identical(void **state)
{
    (void)state;
    struct nn_model a, b;
    struct nn_source sa, sb;
    assert_int_equal(load_dsl(&a, &sa, every_type), 0);
    int errors;
    char *uml = capture_model(nn_xmi_write_uml, &a, &errors);
    assert_int_equal(errors, 0);
    assert_true(nn_xmi_detect_uml(&(struct nn_source){.text = uml, .len = strlen(uml)}));
    struct nn_diag_sink d;
    nn_diag_init(&d, stderr);
    nn_source_from_string(&sb, "t.uml", uml);
    nn_model_init(&b);
    assert_int_equal(nn_xmi_read_uml(&sb, &b, &d, NULL), 0);
    assert_int_equal(nn_validate(&b, &d), 0);
    char *pa = print_dsl(&a), *pb = print_dsl(&b);
    assert_string_equal(pa, pb);
    free(uml), free(pa), free(pb);
    nn_model_free(&a), nn_model_free(&b);
    nn_source_free(&sa), nn_source_free(&sb);
}

static void profile_has_a_stereotype_per_kind(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct nn_diag_sink d;
    nn_diag_init(&d, stderr);
    assert_int_equal(nn_xmi_write_profile(f, &d), 0);
    fclose(f);
    char pat[128];
    for (int k = 0; k < NN_KIND_COUNT; k++) {
        if (!nn_kind_is_layer((enum nn_kind)k))
            continue;
        snprintf(pat, sizeof pat, "xmi:id=\"st.%s\"", nn_xmi_class_name((enum nn_kind)k));
        assert_non_null(strstr(buf, pat));
    }
    assert_non_null(strstr(buf, "nsURI=\"" NN_UML_PROFILE_URI "\""));
    free(buf);
}

static void ecore_declares_every_kind_and_enum(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct nn_diag_sink d;
    nn_diag_init(&d, stderr);
    assert_int_equal(nn_xmi_write_ecore(f, &d), 0);
    fclose(f);
    char pat[128];
    for (int k = 0; k < NN_KIND_COUNT; k++) {
        snprintf(pat, sizeof pat, "name=\"%s\"", nn_xmi_class_name((enum nn_kind)k));
        assert_non_null(strstr(buf, pat));
    }
    for (int a = 0; a < NN_ATTR_COUNT; a++) {
        snprintf(pat, sizeof pat, "name=\"%s\"", nn_attr_key((enum nn_attr_id)a));
        assert_non_null(strstr(buf, pat));
    }
    assert_non_null(strstr(buf, "literal=\"f1-score\""));
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_kind_has_a_class_that_maps_back),
        cmocka_unit_test(names_are_java_identifiers),
        cmocka_unit_test(decimals_are_shortest_and_exact),
        cmocka_unit_test(dsl_xmi_dsl_is_identical),
        cmocka_unit_test(every_element_has_a_unique_id),
        cmocka_unit_test(doctype_and_entities_are_refused),
        cmocka_unit_test(errors_carry_line_and_column),
        cmocka_unit_test(ecore_declares_every_kind_and_enum),
        cmocka_unit_test(dsl_uml_dsl_is_identical),
        cmocka_unit_test(profile_has_a_stereotype_per_kind),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
