/* pystate.h - state shared by the Python scanner, parser and literal decoders.
 *
 * One struct nn_py_parse per parse (and one per f-string replacement field,
 * which is parsed by a nested parser over the same source).  It is flex's
 * `extra` and bison's parse-param: it holds the indent stack, the bracket
 * stack, pending DEDENTs, the soft-keyword token queue, the arena the tree
 * is built in, and the diagnostic sink.  Nothing here is global.
 */
#ifndef NN_PYSTATE_H
#define NN_PYSTATE_H

#include <stddef.h>

#include "grammar/pyast.h"
#include "metamodel/diag.h"

/* A token or rule span: byte offsets into the source and CPython positions. */
struct nn_py_span {
    size_t start, end;    /* byte offsets in the source text */
    int line, col;        /* 1-based line, 0-based UTF-8 byte column */
    int end_line, end_col;
};

#define NN_PY_MAXINDENT 100
#define NN_PY_MAXDEPTH 200
/* Syntax-tree depth accepted (CPython 3.11 refuses trees a few thousand
 * levels deep; the standard library needs 33).  Every recursive walk of
 * the tree (dump, evaluation) is bounded by it. */
#define NN_PY_MAX_TREE_DEPTH 1000
struct nn_py_qtok; /* a queued token (soft-keyword lookahead), python.l */

struct nn_py_parse {
    struct nn_arena *arena;        /* where the tree goes */
    struct nn_diag_sink *sink;     /* where errors go */
    struct nn_source *src;         /* the (UTF-8, \n-only) source */
    size_t base;                   /* source offset of the scanned buffer's start */
    size_t off;                    /* source offset of the next unscanned byte */
    int line;                      /* current line (1-based) */
    size_t line_start;             /* source offset where the line starts */
    int start_token;               /* first token to hand to bison (mode), then 0 */
    int last_token;                /* last token handed to bison */
    int prev_token;                /* the one before it */
    struct nn_py_span prev_span;   /* and its span */
    struct nn_py_span last_span;
    int line_first;                /* next token is the first of a logical line */
    /* indentation */
    int indent[NN_PY_MAXINDENT];   /* columns, tabs to multiples of 8 */
    int altindent[NN_PY_MAXINDENT];/* columns, tabs as 1 (consistency check) */
    int nindent;                   /* entries in use; indent[0] == 0 */
    int pending_dedents;           /* DEDENTs still to return */
    int pending_newline;           /* a NEWLINE is owed at end of input */
    int at_eof;                    /* the scanner has seen the end */
    /* brackets */
    char brackets[NN_PY_MAXDEPTH]; /* open bracket characters */
    size_t bracket_off[NN_PY_MAXDEPTH];
    int depth;
    /* soft keywords (match/case) */
    struct nn_py_qtok *queue;      /* tokens read ahead */
    size_t qlen, qpos, qcap;
    int match_levels[NN_PY_MAXINDENT]; /* indent depth of open match blocks */
    int nmatch;
    int match_pending;             /* MATCH returned, its INDENT not yet */
    /* parser */
    int lex_error;                 /* the scanner already reported an error */
    int pending_as;                /* parenthesised with-items not yet used */
    struct nn_py_span as_at;       /* where the first of them is */
    struct nn_py_node *result;     /* Module, or the expression of an f-string field */
    struct nn_py_node *ctx[3];     /* shared Load, Store, Del nodes */
};

/* Report an error at a span (counts it in the sink). */
void nn_py_error(struct nn_py_parse *p, const struct nn_py_span *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Parse text[0..len) (a copy of source bytes starting at source offset
 * base, on line `line` which starts at line_start) with the start token
 * `mode`.  Returns the tree in p->result, or NULL after reporting errors. */
struct nn_py_node *nn_py_parse_buffer(struct nn_py_parse *p, const char *text, size_t len,
                                      int mode);

/* Initialise a parse state for a source. */
void nn_py_state_init(struct nn_py_parse *p, struct nn_arena *a, struct nn_diag_sink *sink,
                      struct nn_source *src);

#endif
