/* fuzz_python.c - libFuzzer target: the Python front end (decoding,
 * scanner, parser, tree) and the ast.dump printer. */
#include "tests/fuzz/fuzz_common.h"

#include "grammar/pydump.h"
#include "grammar/pyparse.h"

static void run_python(struct nn_source *src, struct nn_diag_sink *sink, FILE *out)
{
    struct nn_arena arena;
    nn_arena_init(&arena);
    struct nn_py_node *tree = nn_py_parse(src, &arena, sink);
    if (tree)
        nn_py_dump(tree, out);
    nn_arena_free(&arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_run(data, size, "fuzz.py", run_python);
}
