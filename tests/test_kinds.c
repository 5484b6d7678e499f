/* test_kinds.c - walks every kind row of schema.def: the columns agree with
 * the kind's fields, and the predicates derived from them pick the kinds
 * their names say (so no predicate can depend on the order of the rows). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "frameworks/spell.h"
#include "m2m/torch_int.h"
#include "metamodel/pivot.h"
#include "metamodel/schema.h"

/* Is the DSL name of k one of the space-separated names? */
static int named(enum nn_kind k, const char *names)
{
    size_t n = strlen(nn_kind_name(k));
    for (const char *p = names; (p = strstr(p, nn_kind_name(k))) != NULL; p += n)
        if ((p == names || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

/* The family column matches the class: layers have one, ops are OP, sections NONE. */
static void family_matches_class(void **state)
{
    (void)state;
    for (int i = 0; i < NN_KIND_COUNT; i++) {
        enum nn_kind k = (enum nn_kind)i;
        enum nn_family f = nn_kind_family(k);
        if (nn_kind_is_layer(k))
            assert_true(f != NN_FAM_NONE && f != NN_FAM_OP);
        else
            assert_int_equal(f, nn_kind_is_op(k) ? NN_FAM_OP : NN_FAM_NONE);
    }
}

/* The predicates select exactly the kinds their names promise. */
static void predicates_pick_by_name(void **state)
{
    (void)state;
    for (int i = 0; i < NN_KIND_COUNT; i++) {
        enum nn_kind k = (enum nn_kind)i;
        assert_int_equal(nn_kind_is_rnn(k), named(k, "SimpleRNN LSTM GRU"));
        assert_int_equal(nn_kind_is_conv(k), named(k, "Conv1D Conv2D Conv3D"));
        assert_int_equal(nn_kind_is_tconv(k),
                         named(k, "ConvTranspose1D ConvTranspose2D ConvTranspose3D"));
        assert_int_equal(nn_kind_is_stateless(k),
                         named(k, "Flatten Pooling Dropout Activation Interpolate Padding"));
        /* PReLU: an activation with weights (not stateless, sized by its input) */
        assert_int_equal(nn_kind_family(k) == NN_FAM_ACTIVATION, named(k, "Activation PReLU"));
        assert_int_equal(nn_kind_fuses_activation(k),
                         named(k, "Linear Conv1D Conv2D Conv3D Pooling BatchNorm LayerNorm "
                                  "GroupNorm RMSNorm ConvTranspose1D ConvTranspose2D ConvTranspose3D"));
        if (nn_kind_is_conv(k))
            assert_int_equal(nn_kind_rank(k), nn_kind_name(k)[4] - '0');
        if (nn_kind_is_tconv(k))
            assert_int_equal(nn_kind_rank(k), nn_kind_name(k)[13] - '0');
    }
}

/* A rank comes with spatial axes; a rank read from an attribute needs that attribute. */
static void rank_and_layout_agree(void **state)
{
    (void)state;
    for (int i = 0; i < NN_KIND_COUNT; i++) {
        enum nn_kind k = (enum nn_kind)i;
        int r = nn_kind_rank(k);
        enum nn_layout l = nn_kind_layout(k);
        assert_true(r == NN_RANK_DIM || (r >= 0 && r <= 3));
        if (r == NN_RANK_DIM)
            assert_non_null(nn_schema_field(k, NN_A_DIMENSION));
        if (r != 0)
            assert_true(l == NN_LAYOUT_CHANNELS || l == NN_LAYOUT_CHANNELS_IF_SPATIAL);
        if (l == NN_LAYOUT_CHANNELS && nn_kind_is_layer(k))
            assert_true(r != 0);
        if (nn_kind_fuses_activation(k))
            assert_non_null(nn_schema_field(k, NN_A_ACTV_FUNC));
    }
}

/* The size column names a field of the kind; every INFER field is its kind's size. */
static void size_column_matches_infer_fields(void **state)
{
    (void)state;
    for (int i = 0; i < NN_KIND_COUNT; i++) {
        enum nn_kind k = (enum nn_kind)i;
        int a = nn_kind_size_attr(k);
        if (a >= 0) {
            const struct nn_field *f = nn_schema_field(k, (enum nn_attr_id)a);
            assert_non_null(f);
            assert_true(f->flags & (NN_F_INFER | NN_F_REQ));
            assert_false(nn_kind_is_stateless(k)); /* a size means weights */
        }
    }
    for (size_t i = 0; i < NN_FIELD_COUNT; i++)
        if (nn_fields[i].flags & NN_F_INFER)
            assert_int_equal(nn_kind_size_attr(nn_fields[i].kind), nn_fields[i].attr);
}

/* nn_layer_rank and nn_layer_out_rank read the columns and the attributes. */
static void layer_ranks_from_elements(void **state)
{
    (void)state;
    struct nn_model m;
    nn_model_init(&m);
    struct nn_elem e = {.kind = NN_K_CONV3D};
    assert_int_equal(nn_layer_rank(&e), 3);
    e.kind = NN_K_POOLING;
    nn_elem_set_name(&m, &e, NN_A_DIMENSION, "2D");
    assert_int_equal(nn_layer_rank(&e), 2);
    assert_int_equal(nn_layer_out_rank(&e, 4), 4);
    nn_elem_set_name(&m, &e, NN_A_POOLING_TYPE, "global_max");
    assert_int_equal(nn_layer_out_rank(&e, 4), 2);
    struct nn_elem f = {.kind = NN_K_FLATTEN}, g = {.kind = NN_K_GRU}, d = {.kind = NN_K_EMBEDDING};
    assert_int_equal(nn_layer_rank(&f), 0);
    assert_int_equal(nn_layer_out_rank(&f, 4), 2);
    assert_int_equal(nn_layer_out_rank(&d, 2), 3);
    nn_elem_set_name(&m, &g, NN_A_RETURN_TYPE, "full");
    assert_int_equal(nn_layer_out_rank(&g, 3), 3);
    nn_elem_set_name(&m, &g, NN_A_RETURN_TYPE, "last");
    assert_int_equal(nn_layer_out_rank(&g, 3), 2);
    nn_model_free(&m);
}

/* The PyTorch reader's class row called name, resolved; 0 when there is none. */
static int torch_class(const char *name, struct torch_class *out)
{
    for (size_t i = 0; i < nn_torch_class_count(); i++) {
        struct torch_class r;
        int ok = nn_torch_class_resolve(i, &r);
        if (strcmp(r.name, name) == 0) {
            assert_true(ok);
            *out = r;
            return 1;
        }
    }
    return 0;
}

/* Every class row of the PyTorch reader resolves through the shared table. */
static void torch_reader_rows_resolve(void **state)
{
    (void)state;
    for (size_t i = 0; i < nn_torch_class_count(); i++) {
        struct torch_class r;
        assert_true(nn_torch_class_resolve(i, &r));
        /* nn.Upsample alone takes its rank from its input (nn_torch_input_rank) */
        if (r.role == TR_LAYER && nn_kind_rank(r.kind) == NN_RANK_DIM)
            assert_true((r.rank >= 1 && r.rank <= 3) || (r.rank == 0 && r.kind == NN_K_INTERPOLATE));
    }
}

/* "nn.X#d" with '#' as rank r, without "nn.", into buf. */
static const char *torch_name(const char *cls, int r, char *buf, size_t size)
{
    const char *hash = strchr(cls + 3, '#');
    if (hash)
        snprintf(buf, size, "%.*s%d%s", (int)(hash - cls - 3), cls + 3, r, hash + 1);
    else
        snprintf(buf, size, "%s", cls + 3);
    return buf;
}

/* Every class the PyTorch generators write reads back as the same kind (or
 * the same activation): one table serves both directions. */
static void torch_table_reads_back(void **state)
{
    (void)state;
    char buf[64];
    struct torch_class r;
    for (int k = 0; k < NN_KIND_COUNT; k++)
        for (int rank = 1; nn_spell_torch.layer[k] && rank <= 3; rank++) {
            assert_true(torch_class(torch_name(nn_spell_torch.layer[k], rank, buf, sizeof buf), &r));
            assert_int_equal(r.kind, k);
        }
    for (size_t i = 0; i < nn_spell_torch.npools; i++)
        for (int rank = 1; rank <= 3; rank++) {
            assert_true(torch_class(torch_name(nn_spell_torch.pools[i].cls, rank, buf, sizeof buf), &r));
            assert_int_equal(r.kind, NN_K_POOLING);
            assert_int_equal(r.rank, rank);
        }
    for (size_t i = 0; i < nn_spell_torch.nacts; i++) {
        const char *mod = nn_spell_torch.acts[i].module;
        if (!mod || strcmp(mod, "nn.Identity") == 0) /* the identity: read as nothing */
            continue;
        if (nn_spell_torch.acts[i].param == NN_ACTP_TANH) /* nn.GELU with an argument */
            continue;
        assert_true(torch_class(torch_name(mod, 0, buf, sizeof buf), &r));
        assert_string_equal(r.actv, nn_spell_torch.acts[i].name);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(family_matches_class),
        cmocka_unit_test(predicates_pick_by_name),
        cmocka_unit_test(rank_and_layout_agree),
        cmocka_unit_test(size_column_matches_infer_fields),
        cmocka_unit_test(layer_ranks_from_elements),
        cmocka_unit_test(torch_reader_rows_resolve),
        cmocka_unit_test(torch_table_reads_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
