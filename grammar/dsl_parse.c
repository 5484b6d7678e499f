/* dsl_parse.c - nn_dsl_parse(): run scanner and parser over one source. */
#include "grammar/dsl.h"

#include <string.h>

#include "grammar/dsl_build.h"
#include "grammar/nn_parse.h"
#define YYSTYPE NN_DSL_YYSTYPE
#define YYLTYPE NN_DSL_YYLTYPE
#include "grammar/nn_lex.h"

int nn_dsl_parse(struct nn_source *src, struct nn_model *m, struct nn_diag_sink *d)
{
    struct nn_dsl_state st = {.src = src, .m = m, .diag = d, .cur = &m->net};
    int before = d->errors;
    nn_arena_init(&st.scratch);
    yyscan_t scanner;
    if (nn_dsl_yylex_init_extra(&st, &scanner) != 0) {
        nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR, "out of memory");
        return 1;
    }
    /* A UTF-8 byte order mark (some Windows editors write one) is skipped. */
    if (src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0)
        st.offset = 3;
    YY_BUFFER_STATE buf = nn_dsl_yy_scan_bytes(src->text + st.offset,
                                               (int)(src->len - st.offset), scanner);
    int rc = nn_dsl_yyparse(scanner, &st);
    nn_dsl_yy_delete_buffer(buf, scanner);
    nn_dsl_yylex_destroy(scanner);
    nn_dsl_attach_comments(&st);
    int oom = nn_arena_failed(&st.scratch);
    nn_arena_free(&st.scratch);
    if (rc == 2 || oom || nn_arena_failed(&m->arena))
        nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR, "out of memory");
    else if (rc != 0 && d->errors == before)
        nn_diag(d, nn_loc_make(src, src->len, src->len), NN_ERROR, "syntax error");
    return d->errors - before;
}
