/* graphviz.h - pictures of a model through Graphviz (--target svg).
 *
 * nnc writes the graph itself (m2t/dot_print.h); drawing it is Graphviz's
 * job, run as the external `dot` program found on the PATH.  It lives in the
 * driver because it starts a process: the library never does.
 */
#ifndef NN_GRAPHVIZ_H
#define NN_GRAPHVIZ_H

#include <stddef.h>
#include <stdio.h>

#include "metamodel/diag.h"

/* Render DOT text (len bytes) to out in Graphviz output format `format`
 * ("svg", "png").  0 on success; 1 after reporting why not through d (no
 * dot on the PATH, dot failed, a temporary file failed). */
int nn_graphviz_render(const char *text, size_t len, const char *format, FILE *out,
                       struct nn_diag_sink *d);

#endif
