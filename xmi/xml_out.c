/* xml_out.c - tree building and saving helpers (see xml_out.h). */
#include "xmi/xml_out.h"

#include <stdarg.h>
#include <stdlib.h>

#include <libxml/xmlsave.h>

xmlNodePtr nn_xmi_el(xmlNodePtr parent, xmlNsPtr ns, const char *name)
{
    /* xmlNewChild would give a NULL-namespace child its parent's namespace */
    xmlNodePtr n = xmlNewDocNode(parent->doc, ns, (const xmlChar *)name, NULL);
    return n ? xmlAddChild(parent, n) : NULL;
}

void nn_xmi_set(xmlNodePtr n, xmlNsPtr ns, const char *name, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    char *buf = small;
    if (len >= (int)sizeof small) {
        buf = malloc((size_t)len + 1);
        if (!buf)
            return;
        va_start(ap, fmt);
        vsnprintf(buf, (size_t)len + 1, fmt, ap);
        va_end(ap);
    }
    xmlSetNsProp(n, ns, (const xmlChar *)name, (const xmlChar *)buf);
    if (buf != small)
        free(buf);
}

/* libxml2 output callbacks onto a stdio stream. */
static int write_cb(void *ctx, const char *buf, int len)
{
    return fwrite(buf, 1, (size_t)len, ctx) == (size_t)len ? len : -1;
}

static int close_cb(void *ctx)
{
    (void)ctx;
    return 0;
}

xmlNodePtr nn_xmi_text_el(xmlNodePtr parent, const char *name, const char *text)
{
    xmlNodePtr n = nn_xmi_el(parent, NULL, name);
    if (n)
        xmlNodeAddContent(n, (const xmlChar *)text);
    return n;
}

int nn_xmi_save(xmlDocPtr doc, FILE *out)
{
    xmlSaveCtxtPtr s = xmlSaveToIO(write_cb, close_cb, out, "UTF-8", XML_SAVE_FORMAT);
    if (!s)
        return -1;
    long rc = xmlSaveDoc(s, doc);
    if (xmlSaveClose(s) < 0 || rc < 0)
        return -1;
    return 0;
}
