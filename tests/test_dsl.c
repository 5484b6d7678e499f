/* test_dsl.c - unit tests for the schema, the DSL parser, validation and the printer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/dsl.h"
#include "m2t/dsl_print.h"
#include "metamodel/validate.h"
#include "metamodel/value.h"

/* Parse (and validate when parsing succeeded); diagnostics go to a buffer. */
struct run {
    struct nn_model m;
    struct nn_source src;
    struct nn_diag_sink diag;
    char *msgs;
    size_t msglen;
    FILE *out;
};

static int run_text(struct run *r, const char *text)
{
    memset(r, 0, sizeof *r);
    r->out = open_memstream(&r->msgs, &r->msglen);
    nn_diag_init(&r->diag, r->out);
    nn_source_from_string(&r->src, "t.nn", text);
    nn_model_init(&r->m);
    if (nn_dsl_parse(&r->src, &r->m, &r->diag) == 0)
        nn_validate(&r->m, &r->diag);
    fflush(r->out);
    return r->diag.errors;
}

static void run_free(struct run *r)
{
    fclose(r->out);
    free(r->msgs);
    nn_model_free(&r->m);
    nn_source_free(&r->src);
}

static char *print_model(const struct nn_model *m)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    nn_dsl_print(m, f);
    fclose(f);
    return buf;
}

#define MLP "net: layers: - a: type=Linear in_features=2 out_features=3 modules: - a "

static void schema_rows_are_grouped_by_kind(void **state)
{
    (void)state;
    for (size_t i = 1; i < NN_FIELD_COUNT; i++)
        assert_true(nn_fields[i - 1].kind <= nn_fields[i].kind);
    for (int k = 0; k < NN_KIND_COUNT; k++) {
        size_t n;
        const struct nn_field *f = nn_schema_kind_fields((enum nn_kind)k, &n);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(f[i].kind, k);
            assert_ptr_equal(nn_schema_field((enum nn_kind)k, f[i].attr), &f[i]);
        }
    }
    assert_null(nn_schema_field(NN_K_LINEAR, NN_A_RATE));
}

static void schema_lookups_by_spelling(void **state)
{
    (void)state;
    for (int k = 0; k < NN_KIND_COUNT; k++)
        assert_int_equal(nn_schema_kind_by_name(nn_kind_infos[k].name,
                                                strlen(nn_kind_infos[k].name)), k);
    for (int a = 0; a < NN_ATTR_COUNT; a++)
        assert_int_equal(nn_schema_attr_by_key(nn_attr_infos[a].key,
                                               strlen(nn_attr_infos[a].key)), a);
    assert_int_equal(nn_schema_kind_by_name("Lin", 3), -1);
    assert_true(nn_schema_enum_has(NN_ENUM_ACTIVATION, "leaky_relu", 10));
    assert_false(nn_schema_enum_has(NN_ENUM_ACTIVATION, "leaky", 5));
    assert_false(nn_schema_enum_has(NN_ENUM_POOLING, "", 0));
}

/* Is text a whole decimal integer literal (what the DSL accepts for an int)? */
static int default_is_int(const char *text)
{
    const char *p = text + (text[0] == '-');
    if (!*p)
        return 0;
    for (; *p; p++)
        if (*p < '0' || *p > '9')
            return 0;
    errno = 0;
    (void)strtoll(text, NULL, 10);
    return errno == 0;
}

/* Is text a whole finite number literal (what the DSL accepts for a float)? */
static int default_is_float(const char *text)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    return end != text && *end == '\0' && errno == 0 && isfinite(v) &&
           strspn(text, "-+.0123456789eE") == strlen(text);
}

/* Every default must be a valid value of its attribute's type. */
static void schema_defaults_conform(void **state)
{
    (void)state;
    for (size_t i = 0; i < NN_FIELD_COUNT; i++) {
        const struct nn_field *f = &nn_fields[i];
        if (!f->def[0])
            continue;
        switch (nn_attr_infos[f->attr].type) {
        case NN_T_INT: assert_true(default_is_int(f->def)); break;
        case NN_T_FLOAT: assert_true(default_is_float(f->def)); break;
        case NN_T_BOOL: assert_true(strcmp(f->def, "True") == 0 || strcmp(f->def, "False") == 0);
            break;
        case NN_T_ENUM:
            assert_true(nn_schema_enum_has(nn_attr_infos[f->attr].values, f->def, strlen(f->def)));
            break;
        default: break;
        }
    }
}

static void parses_a_one_line_model(void **state)
{
    (void)state;
    struct run r;
    assert_int_equal(run_text(&r, MLP), 0);
    assert_string_equal(r.m.net.head.name, "net");
    assert_int_equal(r.m.net.nlayers, 1);
    assert_int_equal(r.m.net.layers[0].kind, NN_K_LINEAR);
    assert_int_equal(nn_elem_int(&r.m.net.layers[0], NN_A_OUT_FEATURES), 3);
    assert_int_equal(r.m.net.modules[0].ref, NN_REF_LAYER);
    run_free(&r);
}

static void values_negative_decimal_and_defaults(void **state)
{
    (void)state;
    struct run r;
    assert_int_equal(run_text(&r, "n: layers: - f: type=Flatten start_dim=2 end_dim=-2 "
                                  "- d: type=Dropout rate=0. - e: type=Dropout rate=25e-2 "
                                  "modules: - f - d - e"), 0);
    assert_int_equal(nn_elem_int(&r.m.net.layers[0], NN_A_END_DIM), -2);
    assert_true(nn_elem_float(&r.m.net.layers[1], NN_A_RATE) == 0.0);
    assert_true(nn_elem_float(&r.m.net.layers[2], NN_A_RATE) == 0.25);
    /* unset: the schema default */
    assert_int_equal(nn_elem_bool(&r.m.net.layers[0], NN_A_INPUT_REUSED), 0);
    assert_string_equal(nn_elem_str(&r.m.net.layers[0], NN_A_ACTV_FUNC), "None");
    run_free(&r);
}

static void reports_every_error(void **state)
{
    (void)state;
    struct run r;
    int errors = run_text(&r, "n:\n layers:\n - a: type=Linear in_features=0 out_features=2\n"
                              " - b: type=Dropout rate=2.0\n"
                              " - c: type=Pooling pooling_type=max dimension=5D kernel_dim=[2,2]\n"
                              " modules:\n - a - b - c - zz\n");
    assert_int_equal(errors, 4);
    assert_non_null(strstr(r.msgs, "t.nn:3:31: error: 'in_features' must be greater than 0"));
    assert_non_null(strstr(r.msgs, "t.nn:4:25: error: 'rate' must be in [0, 1)"));
    assert_non_null(strstr(r.msgs, "'5D' is not a valid dimension"));
    assert_non_null(strstr(r.msgs, "t.nn:7:16: error: module 'zz' names no layer"));
    run_free(&r);
}

static void recovers_after_syntax_errors(void **state)
{
    (void)state;
    struct run r;
    int errors = run_text(&r, "n:\n layers:\n - a: type=Linear in_features 3 out_features=2\n"
                              " - b: type=Linear in_features=3 out_features=[2\n"
                              " - c: type=Linear in_features=3 out_features=2\n modules: - c\n");
    assert_int_equal(errors, 3); /* line 3, line 5, and [2 is no integer */
    assert_non_null(strstr(r.msgs, "t.nn:3:31: error: syntax error"));
    assert_non_null(strstr(r.msgs, "t.nn:5:4: error: syntax error"));
    assert_non_null(strstr(r.msgs, "note: this '[' is not closed"));
    run_free(&r);
}

static void duplicate_and_repeated_keys(void **state)
{
    (void)state;
    struct run r;
    assert_int_equal(run_text(&r, "n: layers: - a: type=Flatten - a: type=Flatten start_dim=1 "
                                  "start_dim=2 modules: - a"), 1);
    assert_non_null(strstr(r.msgs, "repeated key 'start_dim'"));
    run_free(&r);
    assert_int_equal(run_text(&r, "n: layers: - a: type=Flatten - a: type=Flatten modules: - a"), 1);
    assert_non_null(strstr(r.msgs, "'a' is defined more than once"));
    run_free(&r);
}

static void sub_network_sections(void **state)
{
    (void)state;
    struct run r;
    /* BESSER's reading: with no modules of its own the network takes the
     * sections that follow the last sub-network */
    assert_int_equal(run_text(&r, "n: layers: - a: type=Flatten sub_nn: - s: layers: - x: "
                                  "type=Flatten modules: - a - s"), 0);
    assert_int_equal(r.m.net.nmodules, 2);
    assert_int_equal(r.m.net.subnets[0].nmodules, 0);
    assert_int_equal(r.m.net.modules[1].ref, NN_REF_SUBNET);
    run_free(&r);
    /* a sub-network with its own modules, then the network's */
    assert_int_equal(run_text(&r, "n: layers: - a: type=Flatten sub_nn: - s: layers: - x: "
                                  "type=Flatten modules: - x modules: - a - s"), 0);
    assert_int_equal(r.m.net.nmodules, 2);
    assert_int_equal(r.m.net.subnets[0].nmodules, 1);
    run_free(&r);
}

static void printer_keeps_comments_and_is_idempotent(void **state)
{
    (void)state;
    struct run r;
    assert_int_equal(run_text(&r, "# top\nn: # after name\n layers:\n # before a\n"
                                  " - a: type=Linear out_features=2 # after out\n"
                                  " in_features=4\n modules: - a\n# end\n"), 0);
    char *once = print_model(&r.m);
    assert_string_equal(once, "# top\n"
                              "n:  # after name\n"
                              "    layers:\n"
                              "        # before a\n"
                              "        - a:\n"
                              "            type=Linear\n"
                              "            in_features=4\n"
                              "            out_features=2  # after out\n"
                              "    modules:\n"
                              "        - a\n"
                              "# end\n");
    struct run r2;
    assert_int_equal(run_text(&r2, once), 0);
    char *twice = print_model(&r2.m);
    assert_string_equal(once, twice);
    free(once);
    free(twice);
    run_free(&r);
    run_free(&r2);
}

static void plain_models_print_plain_besser(void **state)
{
    (void)state;
    struct run r;
    assert_int_equal(run_text(&r, MLP "config: batch_size=1 epochs=1 learning_rate=0.1 "
                                  "optimiser=\"sgd\" loss_function=mse"), 0);
    char *out = print_model(&r.m);
    /* config keys BESSER requires are written with their defaults */
    assert_non_null(strstr(out, "metrics=[\"accuracy\"]\n"));
    assert_non_null(strstr(out, "weight_decay=0.0\n        momentum=0.0\n"));
    for (size_t i = 0; i < NN_FIELD_COUNT; i++)
        if ((nn_fields[i].flags & NN_F_EXT) && nn_fields[i].attr != NN_A_MOMENTUM) {
            char key[64];
            snprintf(key, sizeof key, "%s=", nn_attr_key(nn_fields[i].attr));
            assert_null(strstr(out, key));
        }
    free(out);
    run_free(&r);
}

static void float_format_round_trips(void **state)
{
    (void)state;
    const double values[] = {0.0, 1.0, 0.5, 0.001, 1e-5, 0.1, 123.25, 1e22, 3e-30, -0.75, 0.3};
    const char *texts[] = {"0.0", "1.0", "0.5", "0.001", "0.00001", "0.1", "123.25", "1e+22",
                           "3e-30", "-0.75", "0.3"};
    for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
        char buf[64];
        nn_dsl_format_float(values[i], buf, sizeof buf);
        assert_string_equal(buf, texts[i]);
        assert_true(strtod(buf, NULL) == values[i]);
    }
}

static void value_coercion(void **state)
{
    (void)state;
    struct nn_value v = {.type = NN_V_INT, .i = 2};
    assert_null(nn_value_coerce(NN_A_RATE, &v));
    assert_int_equal(v.type, NN_V_FLOAT);
    struct nn_value b = {.type = NN_V_NAME, .s = "True"};
    assert_null(nn_value_coerce(NN_A_INPUT_REUSED, &b));
    assert_int_equal(b.i, 1);
    struct nn_value s = {.type = NN_V_STRING, .s = "relu"};
    assert_null(nn_value_coerce(NN_A_ACTV_FUNC, &s));
    assert_int_equal(s.type, NN_V_NAME);
    struct nn_value l = {.type = NN_V_INT, .i = 3};
    assert_non_null(nn_value_coerce(NN_A_KERNEL_DIM, &l));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(schema_rows_are_grouped_by_kind),
        cmocka_unit_test(schema_lookups_by_spelling),
        cmocka_unit_test(schema_defaults_conform),
        cmocka_unit_test(parses_a_one_line_model),
        cmocka_unit_test(values_negative_decimal_and_defaults),
        cmocka_unit_test(reports_every_error),
        cmocka_unit_test(recovers_after_syntax_errors),
        cmocka_unit_test(duplicate_and_repeated_keys),
        cmocka_unit_test(sub_network_sections),
        cmocka_unit_test(printer_keeps_comments_and_is_idempotent),
        cmocka_unit_test(plain_models_print_plain_besser),
        cmocka_unit_test(float_format_round_trips),
        cmocka_unit_test(value_coercion),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
