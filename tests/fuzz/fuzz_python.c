/* fuzz_python.c - libFuzzer target: the Python front end (decoding,
 * scanner, parser, tree) and the ast.dump printer. */
#include "tests/fuzz/fuzz_common.h"

#include "grammar/pydump.h"
#include "grammar/pyparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct nn_source src;
    char *text = fuzz_source(&src, "fuzz.py", data, size);
    FILE *out = fopen("/dev/null", "w");
    if (!text || !out) {
        free(text);
        if (out)
            fclose(out);
        return 0;
    }
    struct nn_diag_sink sink;
    nn_diag_init(&sink, out);
    struct nn_arena arena;
    nn_arena_init(&arena);
    struct nn_py_node *tree = nn_py_parse(&src, &arena, &sink);
    if (tree)
        nn_py_dump(tree, out);
    nn_arena_free(&arena);
    nn_source_free(&src);
    free(text);
    fclose(out);
    return 0;
}
