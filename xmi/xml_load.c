/* xml_load.c - safe, located XML parsing (see xml_load.h). */
#include "xmi/xml_load.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

/* Per-parser state, reached through the parser context's _private. */
struct load_state {
    struct nn_xmi_doc *x;
    int doctype;                 /* a DOCTYPE was seen and refused */
    int last_code;               /* the last message reported, to drop repeats */
    size_t last_off;
};

/* Byte offset of 1-based (line, col) in the source (its line index, diag.h). */
static size_t offset_of(const struct nn_xmi_doc *x, long line, long col)
{
    if (line < 1 || line > INT_MAX)
        return line < 1 ? 0 : x->src->len;
    return nn_source_offset(x->src, (int)line, (int)(col > 1 && col < INT_MAX ? col - 1 : 0));
}

/* libxml2's message on one line: its line breaks become "; ". */
static char *one_line(const char *msg)
{
    size_t len = strlen(msg);
    while (len && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
        len--;
    char *out = malloc(2 * len + 1), *o = out;
    for (size_t i = 0; out && i < len; i++) {
        if (msg[i] == '\n') {
            *o++ = ';';
            *o++ = ' ';
        } else {
            *o++ = msg[i];
        }
    }
    if (out)
        *o = '\0';
    return out;
}

/* libxml2's structured error callback: one diagnostic per message.  It
 * also receives, through the process-wide handler set while parsing,
 * libxml2's messages that have no parser context (encoding errors):
 * those are placed where the parser stands. */
static void on_error(void *ctx, xmlErrorPtr e)
{
    xmlParserCtxtPtr p = ctx;
    struct load_state *st = p->_private;
    if (st->doctype && e->domain == XML_FROM_PARSER && e->code == XML_ERR_USER_STOP)
        return;
    long line = e->line, col = e->int2;
    if (line <= 0 && p->input) {
        line = p->input->line;
        col = p->input->col;
    }
    size_t off = offset_of(st->x, line, col);
    if (e->code == st->last_code && off == st->last_off)
        return; /* libxml2 often says the same thing twice */
    st->last_code = e->code;
    st->last_off = off;
    char *msg = one_line(e->message ? e->message : "malformed XML");
    enum nn_severity sev = e->level == XML_ERR_WARNING ? NN_WARNING : NN_ERROR;
    nn_diag(st->x->d, nn_loc_make(st->x->src, off, off), sev, "%s", msg ? msg : "malformed XML");
    free(msg);
}

/* SAX: a DOCTYPE is refused before its internal subset is read. */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
    (void)name;
    (void)ext;
    (void)sys;
    xmlParserCtxtPtr p = ctx;
    struct load_state *st = p->_private;
    long line = p->input ? p->input->line : 0, col = p->input ? p->input->col : 0;
    size_t off = offset_of(st->x, line, col);
    /* point at the keyword itself */
    const char *kw = NULL;
    for (size_t i = off; i-- > 0 && !kw;)
        if (strncmp(st->x->src->text + i, "<!DOCTYPE", 9) == 0)
            kw = st->x->src->text + i;
    if (kw)
        off = (size_t)(kw - st->x->src->text);
    st->doctype = 1;
    nn_diag(st->x->d, nn_loc_make(st->x->src, off, off + (kw ? 9 : 0)), NN_ERROR,
            "a DOCTYPE is not allowed in XMI: entities and DTDs are never read");
    xmlStopParser(p);
}

/* libxml2 (before 2.12) compares each attribute of a start tag with every
 * earlier one: 100,000 attributes on one element take minutes.  No XMI
 * element has more than a few dozen, so a linear scan refuses more than
 * this many before libxml2 sees the document. */
#define MAX_ATTRIBUTES 10000

/* Past the end of a construct that starts at t[i] and ends with end. */
static size_t skip_to(const char *t, size_t len, size_t i, const char *end)
{
    size_t k = strlen(end);
    for (; i + k <= len; i++)
        if (memcmp(t + i, end, k) == 0)
            return i + k;
    return len;
}

/* The offset of the first attribute beyond MAX_ATTRIBUTES in a start tag,
 * or 0 when every tag has fewer: one pass over the text. */
static size_t crowded_tag(const char *t, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if (t[i] != '<') {
            i++;
            continue;
        }
        if (i + 4 <= len && memcmp(t + i, "<!--", 4) == 0)
            i = skip_to(t, len, i + 4, "-->");
        else if (i + 9 <= len && memcmp(t + i, "<![CDATA[", 9) == 0)
            i = skip_to(t, len, i + 9, "]]>");
        else if (i + 1 < len && (t[i + 1] == '?' || t[i + 1] == '!' || t[i + 1] == '/'))
            i = skip_to(t, len, i + 1, ">");
        else { /* a start tag: count the '=' outside quoted values */
            long n = 0;
            for (i++; i < len && t[i] != '>'; i++) {
                if (t[i] == '"' || t[i] == '\'') {
                    char q = t[i];
                    while (++i < len && t[i] != q)
                        ;
                } else if (t[i] == '=' && ++n > MAX_ATTRIBUTES) {
                    size_t a = i; /* back to the attribute's name */
                    while (a > 0 && t[a - 1] != ' ' && t[a - 1] != '\n' && t[a - 1] != '\t' &&
                           t[a - 1] != '\r')
                        a--;
                    return a;
                }
            }
        }
    }
    return 0;
}

int nn_xmi_load(struct nn_source *src, struct nn_diag_sink *d, struct nn_xmi_doc *x)
{
    memset(x, 0, sizeof *x);
    x->src = src;
    x->d = d;
    int before = d->errors;
    if (!nn_source_nlines(src)) {
        nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR, "out of memory");
        return 1;
    }
    xmlInitParser();
    xmlParserCtxtPtr p = xmlNewParserCtxt();
    if (!p) {
        nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR, "out of memory");
        return 1;
    }
    struct load_state st = {x, 0, -1, 0};
    size_t crowded;
    p->_private = &st;
    p->sax->serror = on_error;
    p->sax->internalSubset = on_doctype;
    if (src->len > (size_t)0x7fffffff) {
        nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR, "%s: too large for an XML file",
                src->path);
    } else if ((crowded = crowded_tag(src->text, src->len)) != 0) {
        nn_diag(d, nn_loc_make(src, crowded, crowded), NN_ERROR,
                "an element with more than %d attributes (nnc's limit)", MAX_ATTRIBUTES);
    } else {
        /* Messages without a parser context (encoding errors) would go
         * to libxml2's generic handler, straight to stderr: route them to
         * on_error too, for this parse only. */
        xmlSetStructuredErrorFunc(p, on_error);
        x->doc = xmlCtxtReadMemory(p, src->text, (int)src->len, src->path, NULL,
                                   XML_PARSE_NONET | XML_PARSE_BIG_LINES);
        xmlSetStructuredErrorFunc(NULL, NULL);
        if (!x->doc && d->errors == before)
            nn_diag(d, nn_loc_make(src, 0, 0), NN_ERROR, "not a well-formed XML document");
    }
    xmlFreeParserCtxt(p);
    if (d->errors > before && x->doc) {
        xmlFreeDoc(x->doc);
        x->doc = NULL;
    }
    return d->errors - before;
}

void nn_xmi_unload(struct nn_xmi_doc *x)
{
    if (x->doc)
        xmlFreeDoc(x->doc);
    memset(x, 0, sizeof *x);
}

/* "prefix:name" of a node or attribute into buf. */
static void qualified(const xmlNs *ns, const xmlChar *name, char *buf, size_t size)
{
    if (ns && ns->prefix)
        snprintf(buf, size, "%s:%s", (const char *)ns->prefix, (const char *)name);
    else
        snprintf(buf, size, "%s", (const char *)name);
}

/* Offset of "<qname" at or before the end of line: the start tag of n. */
static size_t tag_offset(const struct nn_xmi_doc *x, const xmlNode *n)
{
    long line = xmlGetLineNo(n);
    size_t nlines = nn_source_nlines(x->src);
    if (line < 1 || (size_t)line > nlines)
        return 0;
    char tag[256] = "<";
    qualified(n->ns, n->name, tag + 1, sizeof tag - 1);
    size_t k = strlen(tag);
    size_t end = (size_t)line < nlines ? nn_source_offset(x->src, (int)line + 1, 0) : x->src->len;
    const char *t = x->src->text;
    for (size_t i = end; i-- > 0;) {
        if (t[i] == '<' && end - i >= k && strncmp(t + i, tag, k) == 0 &&
            (t[i + k] == ' ' || t[i + k] == '>' || t[i + k] == '/' || t[i + k] == '\n' ||
             t[i + k] == '\t' || t[i + k] == '\r'))
            return i;
        if (end - i > 1 << 16)
            break;
    }
    return nn_source_offset(x->src, (int)line, 0);
}

struct nn_loc nn_xmi_loc(const struct nn_xmi_doc *x, const xmlNode *n, const char *qname)
{
    size_t at = n ? tag_offset(x, n) : 0;
    const char *t = x->src->text;
    if (!n || !qname)
        return nn_loc_make(x->src, at, at + 1 + (n ? strlen((const char *)n->name) : 0));
    size_t k = strlen(qname);
    for (size_t i = at; i < x->src->len && t[i] != '>'; i++) {
        if (t[i] == '"' || t[i] == '\'') { /* skip quoted values */
            char q = t[i];
            while (++i < x->src->len && t[i] != q)
                ;
            continue;
        }
        if ((t[i] == ' ' || t[i] == '\n' || t[i] == '\t' || t[i] == '\r') &&
            strncmp(t + i + 1, qname, k) == 0 && (t[i + 1 + k] == '=' || t[i + 1 + k] == ' '))
            return nn_loc_make(x->src, i + 1, i + 1 + k);
    }
    return nn_loc_make(x->src, at, at + 1);
}

void nn_xmi_error(const struct nn_xmi_doc *x, const xmlNode *n, const char *qname,
                  const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* Finding the attribute scans its tag: not for an error never shown. */
    struct nn_loc loc = nn_diag_capped(x->d, NN_ERROR) ? nn_loc_make(NULL, 0, 0)
                                                        : nn_xmi_loc(x, n, qname);
    nn_diag(x->d, loc, NN_ERROR, "%s", msg);
}

int nn_xmi_looks_like_xml(const struct nn_source *src)
{
    const unsigned char *t = (const unsigned char *)src->text;
    size_t i = 0;
    if (src->len >= 3 && t[0] == 0xEF && t[1] == 0xBB && t[2] == 0xBF)
        i = 3;
    while (i < src->len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
        i++;
    return i < src->len && t[i] == '<';
}

const char *nn_xmi_attr(const xmlNode *n, const char *ns, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (strcmp((const char *)a->name, name) != 0)
            continue;
        if (ns ? !(a->ns && strcmp((const char *)a->ns->href, ns) == 0) : a->ns != NULL)
            continue;
        return a->children && a->children->content ? (const char *)a->children->content : "";
    }
    return NULL;
}

const char *nn_xmi_ns(const xmlNode *n)
{
    return n->ns && n->ns->href ? (const char *)n->ns->href : "";
}

int nn_xmi_is_xmi_ns(const char *uri)
{
    return uri && (strncmp(uri, "http://www.omg.org/spec/XMI/", 28) == 0 ||
                   strcmp(uri, "http://www.omg.org/XMI") == 0);
}

const char *nn_xmi_qname_ns(const xmlNode *n, const char *qname, const char **local)
{
    const char *colon = strchr(qname, ':');
    char prefix[128];
    size_t k = colon ? (size_t)(colon - qname) : 0;
    if (k >= sizeof prefix)
        k = sizeof prefix - 1;
    memcpy(prefix, qname, k);
    prefix[k] = '\0';
    *local = colon ? colon + 1 : qname;
    xmlNsPtr ns = xmlSearchNs(n->doc, (xmlNodePtr)n, colon ? (const xmlChar *)prefix : NULL);
    return ns && ns->href ? (const char *)ns->href : NULL;
}
