/* diag_json.h - the machine-readable forms of diagnostics (diag.c calls
 * these when the sink's format is not text). */
#ifndef NN_DIAG_JSON_H
#define NN_DIAG_JSON_H

#include "metamodel/diag.h"

/* One diagnostic with message msg[0..len) in s's format (JSON or SARIF). */
void nn_diag_json_write(struct nn_diag_sink *s, struct nn_loc loc, enum nn_severity sev,
                        const char *msg, size_t len);

/* SARIF: close the log (writing its head first when nothing was reported). */
void nn_diag_json_finish(struct nn_diag_sink *s);

#endif
