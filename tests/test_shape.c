/* test_shape.c - unit tests for shape inference and the dataflow it follows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frameworks/pytext.h"
#include "metamodel/checked.h"
#include "metamodel/flow.h"
#include "metamodel/shape.h"
#include "metamodel/tensor_op.h"
#include "metamodel/validate.h"

/* A layer of kind k named name, appended to the root network and its modules. */
static struct nn_elem *layer(struct nn_model *m, enum nn_kind k, const char *name)
{
    struct nn_elem *e = nn_net_add_layer(m, &m->net);
    e->kind = k;
    e->name = name;
    struct nn_module *mod = nn_net_add_module(m, &m->net);
    mod->name = name;
    m->net.has_modules = 1;
    return e;
}

static struct nn_elem *op(struct nn_model *m, enum nn_kind k, const char *name)
{
    struct nn_elem *e = nn_net_add_op(m, &m->net);
    e->kind = k;
    e->name = name;
    struct nn_module *mod = nn_net_add_module(m, &m->net);
    mod->name = name;
    return e;
}

static void set_input(struct nn_model *m, long long a, long long b, long long c)
{
    long long v[3] = {a, b, c};
    nn_elem_set_ints(m, &m->net.head, NN_A_INPUT_SHAPE, v, c ? 3 : b ? 2 : 1);
}

static void ints(struct nn_model *m, struct nn_elem *e, enum nn_attr_id id, long long a,
                 long long b)
{
    long long v[2] = {a, b};
    nn_elem_set_ints(m, e, id, v, b ? 2 : 1);
}

/* Conv 'same' stride 2 on odd sizes rounds up; in_channels and in_features are filled. */
static void conv_same_and_linear_fill_sizes(void **state)
{
    (void)state;
    struct nn_model m;
    nn_model_init(&m);
    set_input(&m, 7, 8, 3);
    struct nn_elem *c = layer(&m, NN_K_CONV2D, "c");
    nn_elem_set_int(&m, c, NN_A_OUT_CHANNELS, 5);
    ints(&m, c, NN_A_KERNEL_DIM, 3, 3);
    ints(&m, c, NN_A_STRIDE_DIM, 2, 2);
    nn_elem_set_name(&m, c, NN_A_PADDING_TYPE, "same");
    struct nn_elem *p = layer(&m, NN_K_POOLING, "p");
    nn_elem_set_name(&m, p, NN_A_POOLING_TYPE, "max");
    nn_elem_set_name(&m, p, NN_A_DIMENSION, "2D");
    ints(&m, p, NN_A_KERNEL_DIM, 2, 2);
    layer(&m, NN_K_FLATTEN, "f");
    struct nn_elem *l = layer(&m, NN_K_LINEAR, "l");
    nn_elem_set_int(&m, l, NN_A_OUT_FEATURES, 10);
    struct nn_diag_sink d;
    nn_diag_init(&d, NULL);
    const struct nn_shapes *s;
    assert_int_equal(nn_shape_infer(&m, NULL, 0, &d, &s), 0);
    const struct nn_net_shapes *ns = nn_shape_net(s, &m.net);
    assert_int_equal(ns->mod_out[0].rank, 3);
    assert_int_equal(ns->mod_out[0].d[0], 4);
    assert_int_equal(ns->mod_out[0].d[1], 4);
    assert_int_equal(ns->mod_out[0].d[2], 5);
    assert_int_equal(ns->mod_out[1].d[0], 2);
    assert_int_equal(ns->mod_out[2].d[0], 20);
    assert_int_equal(ns->out.rank, 1);
    assert_int_equal(ns->out.d[0], 10);
    assert_int_equal(nn_elem_int(c, NN_A_IN_CHANNELS), 3);
    assert_int_equal(nn_elem_int(l, NN_A_IN_FEATURES), 20);
    nn_model_free(&m);
}

/* Inference stops at an Unmapped element: its output and what follows are
 * unknown, without an error; a size after it stays unset, and validation
 * accepts that in a partial model only. */
static void unmapped_stops_inference(void **state)
{
    (void)state;
    struct nn_model m;
    nn_model_init(&m);
    set_input(&m, 6, 0, 0);
    struct nn_elem *a = layer(&m, NN_K_LINEAR, "a");
    nn_elem_set_int(&m, a, NN_A_OUT_FEATURES, 4);
    struct nn_elem *u = layer(&m, NN_K_UNMAPPED, "u");
    nn_elem_set_string(&m, u, NN_A_CONSTRUCT, "torch.fft.fft has no pivot equivalent");
    nn_elem_set_string(&m, u, NN_A_SOURCE, "net.py:12");
    struct nn_elem *b = layer(&m, NN_K_LINEAR, "b");
    nn_elem_set_int(&m, b, NN_A_OUT_FEATURES, 2);
    struct nn_diag_sink d;
    nn_diag_init(&d, NULL);
    const struct nn_shapes *s;
    assert_int_equal(nn_shape_infer(&m, NULL, 0, &d, &s), 0);
    const struct nn_net_shapes *ns = nn_shape_net(s, &m.net);
    assert_int_equal(ns->mod_out[0].d[0], 4);
    assert_int_equal(ns->mod_in[1].d[0], 4);
    assert_true(ns->mod_out[1].rank < 0);
    assert_true(ns->mod_out[2].rank < 0 && ns->out.rank < 0);
    assert_int_equal(nn_elem_int(a, NN_A_IN_FEATURES), 6);
    assert_false(nn_elem_has(b, NN_A_IN_FEATURES));
    assert_int_equal(nn_model_gaps(&m), 1);
    nn_elem_unset(&m.net.head, NN_A_INPUT_SHAPE);
    assert_int_equal(nn_validate(&m, &d), 0);
    u->kind = NN_K_DROPOUT; /* no gap: the missing size is an error again */
    nn_elem_unset(u, NN_A_CONSTRUCT);
    nn_elem_unset(u, NN_A_SOURCE);
    nn_elem_set_float(&m, u, NN_A_RATE, 0.5);
    assert_int_equal(nn_model_gaps(&m), 0);
    assert_int_not_equal(nn_validate(&m, &d), 0);
    nn_model_free(&m);
}

/* A stated size that disagrees with the input is an error at the attribute. */
static void mismatch_is_reported(void **state)
{
    (void)state;
    struct nn_model m;
    nn_model_init(&m);
    set_input(&m, 6, 0, 0);
    struct nn_elem *l = layer(&m, NN_K_LINEAR, "fc");
    nn_elem_set_int(&m, l, NN_A_IN_FEATURES, 5);
    nn_elem_set_int(&m, l, NN_A_OUT_FEATURES, 2);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    struct nn_diag_sink d;
    nn_diag_init(&d, out);
    const struct nn_shapes *s;
    assert_int_equal(nn_shape_infer(&m, NULL, 0, &d, &s), 1);
    fclose(out);
    assert_non_null(strstr(buf, "fc: in_features is 5 but the input gives 6"));
    free(buf);
    nn_model_free(&m);
}

/* Recurrent return types, bidirectional; the override replaces input_shape. */
static void rnn_shapes_and_override(void **state)
{
    (void)state;
    struct nn_model m;
    nn_model_init(&m);
    set_input(&m, 99, 99, 0);
    struct nn_elem *a = layer(&m, NN_K_LSTM, "a");
    nn_elem_set_name(&m, a, NN_A_RETURN_TYPE, "full");
    nn_elem_set_int(&m, a, NN_A_HIDDEN_SIZE, 4);
    nn_elem_set_bool(&m, a, NN_A_BIDIRECTIONAL, 1);
    struct nn_elem *b = layer(&m, NN_K_GRU, "b");
    nn_elem_set_name(&m, b, NN_A_RETURN_TYPE, "hidden");
    nn_elem_set_int(&m, b, NN_A_HIDDEN_SIZE, 3);
    struct nn_diag_sink d;
    nn_diag_init(&d, NULL);
    const struct nn_shapes *s;
    long long ov[2] = {12, 5};
    assert_int_equal(nn_shape_infer(&m, ov, 2, &d, &s), 0);
    const struct nn_net_shapes *ns = nn_shape_net(s, &m.net);
    assert_int_equal(ns->mod_out[0].rank, 2);
    assert_int_equal(ns->mod_out[0].d[0], 12);
    assert_int_equal(ns->mod_out[0].d[1], 8);
    assert_int_equal(nn_elem_int(a, NN_A_INPUT_SIZE), 5);
    assert_int_equal(nn_elem_int(b, NN_A_INPUT_SIZE), 8);
    assert_int_equal(ns->out.rank, 1);
    assert_int_equal(ns->out.d[0], 3);
    nn_model_free(&m);
}

/* Errors shape inference reports for model m, into a string (caller frees). */
static char *infer_errors(struct nn_model *m, int *errors)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    struct nn_diag_sink d;
    nn_diag_init(&d, out);
    const struct nn_shapes *s;
    *errors = nn_shape_infer(m, NULL, 0, &d, &s);
    fclose(out);
    return buf;
}

/* Cross attention reads a second operand (name_kv_input); embed_dim is filled
 * from the queries, must divide by num_heads, and keys/values must match it. */
static void attention_takes_keys_and_values(void **state)
{
    (void)state;
    long long kv_sizes[3] = {12, 8, 12}, heads[3] = {4, 4, 5};
    const char *want[3] = {NULL, "as many features as the queries",
                           "embed_dim must be a multiple of num_heads"};
    for (int k = 0; k < 3; k++) {
        struct nn_model m;
        nn_model_init(&m);
        set_input(&m, 7, 12, 0);
        struct nn_elem *mem = layer(&m, NN_K_LINEAR, "mem");
        nn_elem_set_int(&m, mem, NN_A_OUT_FEATURES, kv_sizes[k]);
        struct nn_elem *a = layer(&m, NN_K_MH_ATTENTION, "attn");
        nn_elem_set_int(&m, a, NN_A_NUM_HEADS, heads[k]);
        nn_elem_set_string(&m, a, NN_A_NAME_LAYER_INPUT, "input");
        nn_elem_set_string(&m, a, NN_A_NAME_KV_INPUT, "mem");
        struct nn_elem *p = op(&m, NN_K_OP_POSITIONS, "steps");
        nn_elem_set_string(&m, p, NN_A_NAME_LAYER_INPUT, "input");
        int errors;
        char *buf = infer_errors(&m, &errors);
        assert_int_equal(errors, want[k] != NULL);
        if (want[k])
            assert_non_null(strstr(buf, want[k]));
        if (!want[k])
            assert_int_equal(nn_elem_int(a, NN_A_EMBED_DIM), 12);
        free(buf);
        nn_model_free(&m);
    }
}

/* positions: (steps, features) -> (steps,). */
static void positions_give_the_steps(void **state)
{
    (void)state;
    struct nn_model m;
    nn_model_init(&m);
    set_input(&m, 9, 5, 0);
    op(&m, NN_K_OP_POSITIONS, "steps");
    struct nn_diag_sink d;
    nn_diag_init(&d, NULL);
    const struct nn_shapes *s;
    assert_int_equal(nn_shape_infer(&m, NULL, 0, &d, &s), 0);
    const struct nn_net_shapes *ns = nn_shape_net(s, &m.net);
    assert_int_equal(ns->out.rank, 1);
    assert_int_equal(ns->out.d[0], 9);
    nn_model_free(&m);
}

/* param: a Parameter gives its tensor_shape whatever its input; a multiply
 * with a map broadcasts it; one that does not broadcast is reported; a
 * tensor_shape beyond the pivot's axes is reported. */
static void parameters_give_their_shape(void **state)
{
    (void)state;
    static const long long sizes[][3] = {{1, 1, 4}, {1, 1, 3}, {1, 1, 1}}; /* the third: 9 axes of 1 */
    static const size_t n[] = {3, 3, 9};
    static const char *const want[] = {NULL, "do not broadcast", "1 to 8 axes"};
    for (size_t k = 0; k < 3; k++) {
        struct nn_model m;
        nn_model_init(&m);
        set_input(&m, 6, 6, 4);
        struct nn_elem *p = layer(&m, NN_K_PARAMETER, "scale");
        long long v[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        memcpy(v, sizes[k], sizeof sizes[k]);
        nn_elem_set_ints(&m, p, NN_A_TENSOR_SHAPE, v, n[k]);
        struct nn_elem *mul = op(&m, NN_K_OP_MULTIPLY, "mul");
        struct nn_value items[2] = {nn_value_name("scale"), nn_value_name("input")};
        struct nn_value list = {.type = NN_V_LIST, .items = items, .n = 2};
        nn_elem_set(&m, mul, NN_A_LAYERS_OF_TENSORS, list);
        int errors;
        char *buf = infer_errors(&m, &errors);
        assert_int_equal(errors, want[k] != NULL);
        if (want[k])
            assert_non_null(strstr(buf, want[k]));
        free(buf);
        nn_model_free(&m);
    }
}

/* Tensor ops: concatenate of a branch and the input, reshape with -1. */
static void tensor_ops_follow_the_dataflow(void **state)
{
    (void)state;
    struct nn_model m;
    nn_model_init(&m);
    set_input(&m, 4, 6, 0);
    struct nn_elem *l = layer(&m, NN_K_LINEAR, "l");
    nn_elem_set_int(&m, l, NN_A_OUT_FEATURES, 2);
    struct nn_elem *cat = op(&m, NN_K_OP_CONCATENATE, "cat");
    nn_elem_set_int(&m, cat, NN_A_CONCATENATE_DIM, -1);
    struct nn_value items[2] = {nn_value_name("l"), nn_value_name("input")};
    struct nn_value list = {.type = NN_V_LIST, .items = items, .n = 2};
    nn_elem_set(&m, cat, NN_A_LAYERS_OF_TENSORS, list);
    struct nn_elem *rs = op(&m, NN_K_OP_RESHAPE, "rs");
    long long dims[2] = {-1, -1};
    nn_elem_set_ints(&m, rs, NN_A_RESHAPE_DIM, dims, 2);
    struct nn_diag_sink d;
    nn_diag_init(&d, NULL);
    const struct nn_shapes *s;
    assert_int_equal(nn_shape_infer(&m, NULL, 0, &d, &s), 0);
    const struct nn_net_shapes *ns = nn_shape_net(s, &m.net);
    assert_int_equal(ns->mod_out[1].d[1], 8);
    assert_int_equal(ns->out.rank, 1);
    assert_int_equal(ns->out.d[0], 32);
    struct nn_flow f;
    assert_int_equal(nn_flow_build(&m, &m.net, &f, &d), 0);
    assert_false(f.chain);
    assert_int_equal(f.breaks_at, 1);
    assert_true(f.input_far_use);
    nn_model_free(&m);
}

/* tensorops: on (4, 6, 5), a mean over axis 3 kept -> (4, 6, 1); the
 * subscript [:, -1, 1:6:2] drops the first data axis and keeps 3 of 6 ->
 * (3, 1); a sum over -1 -> (3,); subtracting a number keeps the shape. */
static void reductions_and_subscripts(void **state)
{
    (void)state;
    struct nn_model m;
    nn_model_init(&m);
    set_input(&m, 4, 6, 5);
    struct nn_elem *mean = op(&m, NN_K_OP_MEAN, "mean");
    nn_elem_set_int(&m, mean, NN_A_REDUCE_DIM, 3);
    nn_elem_set_bool(&m, mean, NN_A_REDUCE_KEEPDIMS, 1);
    struct nn_elem *sub = op(&m, NN_K_OP_SUBSCRIPT, "sub");
    struct nn_top_index ix[3];
    assert_int_equal(nn_top_index_parse(":", &ix[0]), 0);
    assert_int_equal(nn_top_index_parse("-1", &ix[1]), 0);
    assert_int_equal(nn_top_index_parse("1:6:2", &ix[2]), 0);
    struct nn_top_index bad;
    assert_int_not_equal(nn_top_index_parse("::-1", &bad), 0);
    assert_int_not_equal(nn_top_index_parse("1:x", &bad), 0);
    nn_top_set_indices(&m, sub, ix, 3);
    struct nn_elem *sum = op(&m, NN_K_OP_SUM, "sum");
    nn_elem_set_int(&m, sum, NN_A_REDUCE_DIM, -1);
    struct nn_elem *minus = op(&m, NN_K_OP_SUBTRACT, "minus");
    struct nn_value items[2] = {nn_value_name("sum"), nn_value_int(1)};
    struct nn_value list = {.type = NN_V_LIST, .items = items, .n = 2};
    nn_elem_set(&m, minus, NN_A_LAYERS_OF_TENSORS, list);
    struct nn_diag_sink d;
    nn_diag_init(&d, NULL);
    const struct nn_shapes *s;
    assert_int_equal(nn_shape_infer(&m, NULL, 0, &d, &s), 0);
    const struct nn_net_shapes *ns = nn_shape_net(s, &m.net);
    assert_int_equal(ns->mod_out[0].rank, 3);
    assert_int_equal(ns->mod_out[0].d[2], 1);
    assert_int_equal(ns->mod_out[1].rank, 2);
    assert_int_equal(ns->mod_out[1].d[0], 3);
    assert_int_equal(ns->mod_out[1].d[1], 1);
    assert_int_equal(ns->mod_out[2].rank, 1);
    assert_int_equal(ns->out.rank, 1);
    assert_int_equal(ns->out.d[0], 3);
    nn_model_free(&m);
}

/* A time-major input: swapping the batch with time leaves the time axis of
 * unknown size, which the RNN does not need (input_size is filled); a Linear
 * over an axis the batch landed on gets no size, and neither does a layer
 * downstream of it, without an error. */
static void batch_moved_among_data_axes(void **state)
{
    (void)state;
    struct nn_model m;
    nn_model_init(&m);
    set_input(&m, 4, 8, 0);
    struct nn_elem *t = op(&m, NN_K_OP_TRANSPOSE, "t");
    ints(&m, t, NN_A_TRANSPOSE_DIM, 0, 1);
    struct nn_elem *g = layer(&m, NN_K_GRU, "g");
    nn_elem_set_name(&m, g, NN_A_RETURN_TYPE, "full");
    nn_elem_set_int(&m, g, NN_A_HIDDEN_SIZE, 6);
    struct nn_elem *p = op(&m, NN_K_OP_PERMUTE, "p");
    long long perm[3] = {1, 2, 0};
    nn_elem_set_ints(&m, p, NN_A_PERMUTE_DIM, perm, 3);
    struct nn_elem *l = layer(&m, NN_K_LINEAR, "l");
    nn_elem_set_int(&m, l, NN_A_OUT_FEATURES, 2);
    layer(&m, NN_K_FLATTEN, "f");
    struct nn_diag_sink d;
    nn_diag_init(&d, NULL);
    const struct nn_shapes *s;
    assert_int_equal(nn_shape_infer(&m, NULL, 0, &d, &s), 0);
    const struct nn_net_shapes *ns = nn_shape_net(s, &m.net);
    assert_int_equal(ns->mod_out[0].rank, 2);
    assert_int_equal(ns->mod_out[0].d[0], NN_SHAPE_ANY);
    assert_int_equal(ns->mod_out[0].d[1], 8);
    assert_false(nn_shape_known(&ns->mod_out[0]));
    assert_int_equal(nn_elem_int(g, NN_A_INPUT_SIZE), 8);
    assert_int_equal(ns->mod_out[1].d[1], 6);
    assert_int_equal(ns->mod_out[2].d[0], 6);           /* (T?, 6) -> (6, T?) */
    assert_int_equal(ns->mod_out[2].d[1], NN_SHAPE_ANY);
    assert_false(nn_elem_has(l, NN_A_IN_FEATURES));
    assert_false(nn_shape_known(&ns->out));
    nn_model_free(&m);
}

/* TensorFlow's 'same' padding puts the odd cell after. */
static void same_padding_matches_tensorflow(void **state)
{
    (void)state;
    long long b, a;
    nn_shape_same_pad(7, 3, 2, &b, &a);
    assert_int_equal(b, 1);
    assert_int_equal(a, 1);
    nn_shape_same_pad(8, 3, 2, &b, &a);
    assert_int_equal(b, 0);
    assert_int_equal(a, 1);
    nn_shape_same_pad(5, 1, 2, &b, &a);
    assert_int_equal(b + a, 0);
}

/* ceil_mode windows as PyTorch 2.13 counts them (MaxPool1d on n cells):
 * a partial last window counts unless it starts past the input and its
 * left padding (5 cells, k 2, stride 3, pad 1: 2, not 3). */
static void ceil_windows_follow_pytorch(void **state)
{
    (void)state;
    static const long long cases[][5] = {
        /* n, k, stride, pad, windows */
        {9, 3, 2, 0, 4}, {10, 3, 2, 0, 5}, {4, 3, 2, 1, 3}, {5, 2, 3, 1, 2},
        {2, 2, 2, 1, 2}, {6, 3, 3, 1, 3}, {7, 2, 3, 1, 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_int_equal(nn_shape_ceil_windows(cases[i][0], cases[i][1], cases[i][2], cases[i][3]),
                         cases[i][4]);
}

/* Element counts and sizes overflow into an error value, never a wrapped one. */
static void counts_do_not_wrap(void **state)
{
    (void)state;
    struct nn_shape s = {3, {1LL << 31, 1LL << 31, 1LL << 31}};
    assert_int_equal(nn_shape_count(&s), -1);
    s.rank = 2;
    assert_int_equal(nn_shape_count(&s), 1LL << 62);
    long long r;
    assert_false(nn_mul_ll(1LL << 32, 1LL << 31, &r));
    assert_false(nn_add_ll(LLONG_MAX, 1, &r));
    assert_true(nn_add_ll(LLONG_MAX - 1, 1, &r) && r == LLONG_MAX);
    long long b, a;
    nn_shape_same_pad(LLONG_MAX, 3, LLONG_MAX / 2, &b, &a); /* no overflow inside */
    assert_true(b >= 0 && a >= b);
}

/* A generated call keeps every argument, however many (16 fitted before). */
static void calls_keep_every_argument(void **state)
{
    (void)state;
    struct nn_arena ar;
    nn_arena_init(&ar);
    struct nn_py_call c, copy;
    nn_py_call_init(&c, "f");
    char want[512] = "f(";
    for (int i = 0; i < 40; i++) {
        char *v = nn_arena_printf(&ar, "%d", i);
        nn_py_arg(&ar, &c, NULL, v);
        snprintf(want + strlen(want), sizeof want - strlen(want), "%s%d", i ? ", " : "", i);
        if (i == 20)
            copy = c;
    }
    strcat(want, ")");
    assert_string_equal(nn_py_call_text(&ar, &c), want);
    nn_py_arg(&ar, &copy, NULL, "x"); /* a copy appends without touching the original */
    assert_string_equal(nn_py_call_text(&ar, &c), want);
    nn_arena_free(&ar);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(conv_same_and_linear_fill_sizes),
        cmocka_unit_test(mismatch_is_reported),
        cmocka_unit_test(unmapped_stops_inference),
        cmocka_unit_test(rnn_shapes_and_override),
        cmocka_unit_test(tensor_ops_follow_the_dataflow),
        cmocka_unit_test(reductions_and_subscripts),
        cmocka_unit_test(same_padding_matches_tensorflow),
        cmocka_unit_test(ceil_windows_follow_pytorch),
        cmocka_unit_test(batch_moved_among_data_axes),
        cmocka_unit_test(counts_do_not_wrap),
        cmocka_unit_test(calls_keep_every_argument),
        cmocka_unit_test(attention_takes_keys_and_values),
        cmocka_unit_test(positions_give_the_steps),
        cmocka_unit_test(parameters_give_their_shape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
