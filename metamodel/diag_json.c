/* diag_json.c - diagnostics for machines: JSON lines and SARIF 2.1.0
 * (see diag.h, enum nn_diag_format).
 *
 * Both carry what the text form does, less the excerpt: file, 1-based line
 * and column (in characters, as the text form counts them), the end of the
 * span, the severity and the message.  SARIF readers count columns in
 * UTF-16 units unless told otherwise, so the run says "unicodeCodePoints".
 */
#include "metamodel/diag_json.h"

#include <string.h>

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

/* Bytes of the well-formed UTF-8 character at t[i..n), or 0. */
static size_t utf8_len(const unsigned char *t, size_t i, size_t n)
{
    unsigned char c = t[i];
    if (c < 0x80)
        return 1;
    size_t k = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
             : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (k == 0 || i + k > n)
        return 0;
    for (size_t j = 1; j < k; j++)
        if ((t[i + j] & 0xC0) != 0x80)
            return 0;
    if ((c == 0xE0 && t[i + 1] < 0xA0) || (c == 0xED && t[i + 1] >= 0xA0) ||
        (c == 0xF0 && t[i + 1] < 0x90) || (c == 0xF4 && t[i + 1] >= 0x90))
        return 0; /* overlong, a surrogate, or beyond U+10FFFF */
    return k;
}

/* text[0..len) as a JSON string: quoted, escaped, a byte that is not
 * UTF-8 as U+FFFD (JSON text is Unicode). */
static void json_string(FILE *out, const char *text, size_t len)
{
    const unsigned char *t = (const unsigned char *)text;
    fputc('"', out);
    for (size_t i = 0; i < len;) {
        size_t k = utf8_len(t, i, len);
        if (k == 0) {
            fputs("\\ufffd", out);
            i++;
        } else if (k > 1) {
            fwrite(t + i, 1, k, out);
            i += k;
        } else {
            unsigned char c = t[i++];
            if (c == '"' || c == '\\')
                fprintf(out, "\\%c", c);
            else if (c == '\n')
                fputs("\\n", out);
            else if (c == '\t')
                fputs("\\t", out);
            else if (c < 0x20 || c == 0x7f)
                fprintf(out, "\\u%04x", c);
            else
                fputc(c, out);
        }
    }
    fputc('"', out);
}

/* A path as a URI reference: unreserved characters and '/' as they are,
 * every other byte percent-encoded. */
static void uri(FILE *out, const char *path)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            fputc(*p, out);
        else
            fprintf(out, "%%%02X", *p);
    }
    fputc('"', out);
}

struct span {
    int line, col, end_line, end_col; /* 0: unknown */
};

static struct span span_of(struct nn_loc loc)
{
    struct span s = {0, 0, 0, 0};
    if (!loc.src)
        return s;
    nn_source_linecol(loc.src, loc.start, &s.line, &s.col);
    if (loc.end > loc.start)
        nn_source_linecol(loc.src, loc.end, &s.end_line, &s.end_col);
    return s;
}

static const char *level(enum nn_severity sev)
{
    return sev == NN_ERROR ? "error" : sev == NN_WARNING ? "warning" : "note";
}

/* {"file": ..., "line": ..., "column": ..., "end_line": ..., "end_column": ...,
 *  "severity": ..., "message": ...} on one line. */
static void json_line(FILE *out, struct nn_loc loc, enum nn_severity sev, const char *msg,
                      size_t len)
{
    struct span s = span_of(loc);
    fputs("{\"file\": ", out);
    if (loc.src)
        json_string(out, loc.src->path, strlen(loc.src->path));
    else
        fputs("null", out);
    if (s.line)
        fprintf(out, ", \"line\": %d, \"column\": %d", s.line, s.col);
    if (s.end_line)
        fprintf(out, ", \"end_line\": %d, \"end_column\": %d", s.end_line, s.end_col);
    fprintf(out, ", \"severity\": \"%s\", \"message\": ", level(sev));
    json_string(out, msg, len);
    fputs("}\n", out);
}

/* The log's head, up to the results array. */
static void sarif_open(FILE *out)
{
    fputs("{\"version\": \"2.1.0\",\n"
          " \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
          " \"runs\": [{\"tool\": {\"driver\": {\"name\": \"nnc\", \"version\": \"" PACKAGE_VERSION
          "\"}},\n  \"columnKind\": \"unicodeCodePoints\",\n  \"results\": [",
          out);
}

static void sarif_result(FILE *out, struct nn_loc loc, enum nn_severity sev, const char *msg,
                         size_t len)
{
    struct span s = span_of(loc);
    fprintf(out, "\n   {\"level\": \"%s\", \"message\": {\"text\": ", level(sev));
    json_string(out, msg, len);
    fputc('}', out);
    if (loc.src) {
        fputs(", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", out);
        uri(out, loc.src->path);
        fputc('}', out);
        if (s.line) {
            fprintf(out, ", \"region\": {\"startLine\": %d, \"startColumn\": %d", s.line, s.col);
            if (s.end_line)
                fprintf(out, ", \"endLine\": %d, \"endColumn\": %d", s.end_line, s.end_col);
            fputc('}', out);
        }
        fputs("}}]", out);
    }
    fputc('}', out);
}

void nn_diag_json_write(struct nn_diag_sink *s, struct nn_loc loc, enum nn_severity sev,
                        const char *msg, size_t len)
{
    if (s->format == NN_DIAG_JSON) {
        json_line(s->out, loc, sev, msg, len);
    } else {
        if (!s->opened)
            sarif_open(s->out);
        s->opened = 1;
        if (s->written)
            fputc(',', s->out);
        sarif_result(s->out, loc, sev, msg, len);
    }
    s->written++;
}

void nn_diag_json_finish(struct nn_diag_sink *s)
{
    if (s->format != NN_DIAG_SARIF)
        return;
    if (!s->opened)
        sarif_open(s->out);
    s->opened = 1;
    fputs("\n  ]}]}\n", s->out);
}
