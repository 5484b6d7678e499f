/* dsl_state.h - state shared by the DSL scanner and parser (one per parse). */
#ifndef NN_DSL_STATE_H
#define NN_DSL_STATE_H

#include <stddef.h>

#include "metamodel/diag.h"
#include "metamodel/pivot.h"

/* A byte span; the parser's location type. */
struct nn_span {
    size_t start, end;
};

/* A comment seen by the scanner. */
struct nn_dsl_comment {
    size_t start, end;
    int trailing;       /* code precedes it on its line */
};

/* A key=value pair before it is checked against the schema. */
struct nn_dsl_pair {
    const char *key;
    struct nn_span key_span;
    struct nn_value value;
    struct nn_dsl_pair *next;
};

struct nn_dsl_state {
    struct nn_source *src;
    struct nn_model *m;
    struct nn_diag_sink *diag;
    size_t offset;                  /* scanner position (bytes) */
    int line_has_code;              /* a token was seen on the current line */
    struct nn_dsl_comment *comments;
    size_t ncomments, capcomments;
    struct nn_network *cur;         /* the network items are added to */
    struct nn_arena scratch;        /* key=value pairs, freed when the parse ends */
};

/* Location of a span in this parse's source. */
static inline struct nn_loc nn_dsl_loc(struct nn_dsl_state *p, struct nn_span s)
{
    return nn_loc_make(p->src, s.start, s.end);
}

#endif
