/* eval_import.c - projects in several files: `from .layers import ConvBNAct`,
 * `from models.blocks import Bottleneck`, `from ..ops.misc import X` resolved
 * to the sibling files of the file being read.
 *
 * An import names a project file when that file exists (relative imports
 * from the importing file's folder, absolute ones from the folder of the
 * file read).  The name stays a dotted path until it is used outside module
 * level (or as a class base): then the file is read, run once at module
 * level (lenient), and the name is what it defines.  Reading a file counts
 * against the recursion budget; a file imported while it runs is a cycle.
 */
#include <stdio.h>
#include <string.h>

#include "grammar/pyparse.h"
#include "m2m/eval_int.h"

struct nn_m2m_module {
    const char *file;              /* its path as opened */
    struct nn_m2m_env *env;        /* its names, once run */
    int loading;                   /* being run: importing it again is a cycle */
    struct nn_m2m_module *next;
};

/* The folder of path ("." for a bare name). */
static const char *folder_of(struct nn_m2m_eval *ev, const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? nn_arena_strndup(ev->a, path, (size_t)(slash - path)) : ".";
}

/* Is path a readable regular file? */
static int exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    int ok = fseek(f, 0, SEEK_END) == 0 && ftell(f) >= 0;
    fclose(f);
    return ok;
}

static const char *normal(struct nn_m2m_eval *ev, const char *path);

/* dir/a/b.py or dir/a/b/__init__.py for the dotted name a.b; NULL if neither exists. */
static const char *module_file(struct nn_m2m_eval *ev, const char *dir, const char *dotted)
{
    char *rel = nn_arena_strdup(ev->a, dotted);
    if (!rel || !*rel)
        return NULL;
    for (char *p = rel; *p; p++)
        if (*p == '.')
            *p = '/';
    const char *f = nn_arena_printf(ev->a, "%s/%s.py", dir, rel);
    if (f && exists(f))
        return normal(ev, f);
    f = nn_arena_printf(ev->a, "%s/%s/__init__.py", dir, rel);
    return f && exists(f) ? normal(ev, f) : NULL;
}

/* path with "." and "dir/.." parts taken out (textually). */
static const char *normal(struct nn_m2m_eval *ev, const char *path)
{
    size_t n = strlen(path);
    char *out = nn_arena_alloc(ev->a, n + 2);
    size_t k = 0;
    if (!out)
        return path;
    for (const char *p = path; *p;) {
        size_t len = strcspn(p, "/");
        int up = len == 2 && p[0] == '.' && p[1] == '.';
        size_t last = k; /* start of the last part written */
        while (last > 0 && out[last - 1] != '/')
            last--;
        if (len == 1 && p[0] == '.') {
        } else if (up && k > last && strncmp(out + last, "..", k - last) != 0) {
            k = last > 0 ? last - 1 : 0; /* drop the last part */
        } else if (len || k == 0) {
            if ((k > 0 && out[k - 1] != '/') || (p == path && len == 0))
                out[k++] = '/'; /* one slash after the root of an absolute path */
            memcpy(out + k, p, len);
            k += len;
        }
        p += len + (p[len] == '/');
    }
    out[k] = 0;
    return k ? out : ".";
}

/* The folder the package `top` lives in, when the file's folder dir is
 * inside a package of that name (import torchvision from torchvision's
 * own files); NULL otherwise. */
static const char *package_root(struct nn_m2m_eval *ev, const char *dir, const char *top)
{
    size_t n = strlen(top);
    for (int up = 0; dir && strcmp(dir, ".") != 0 && up < 64; up++) {
        const char *base = strrchr(dir, '/');
        base = base ? base + 1 : dir;
        const char *init = nn_arena_printf(ev->a, "%s/__init__.py", dir);
        if (strlen(base) == n && strncmp(base, top, n) == 0 && init && exists(init))
            return folder_of(ev, dir);
        if (!strchr(dir, '/'))
            return NULL;
        dir = folder_of(ev, dir);
    }
    return NULL;
}

/* The folder a `from` import at s is relative to: the importing file's,
 * up level - 1 times; for an absolute import, the folder of the package it
 * names when the importing file is inside it, else the file read's. */
static const char *import_folder(struct nn_m2m_eval *ev, const struct nn_py_node *s)
{
    const char *from = normal(ev, s->src ? s->src->path : ev->src->path);
    if (s->ival == 0) {
        const char *top = s->s[0] ? nn_arena_strndup(ev->a, s->s[0], strcspn(s->s[0], ".")) : NULL;
        const char *root = top ? package_root(ev, folder_of(ev, from), top) : NULL;
        return root ? root : folder_of(ev, normal(ev, ev->src->path));
    }
    const char *dir = folder_of(ev, from);
    for (long i = 1; dir && i < s->ival; i++)
        dir = normal(ev, nn_arena_printf(ev->a, "%s/..", dir));
    return dir;
}

void nn_m2m_import_mark(struct nn_m2m_eval *ev, const struct nn_py_node *s, const char *name,
                        struct nn_mval *v)
{
    const char *mod = s->s[0], *dir = import_folder(ev, s), *f = NULL;
    if (!dir || nn_m2m_is_inert(name))
        return;
    if (mod && (f = module_file(ev, dir, mod))) {
        v->file = f;
        return;
    }
    f = module_file(ev, dir, mod ? nn_arena_printf(ev->a, "%s.%s", mod, name) : name);
    if (f) { /* from . import layers: the module itself */
        v->file = f;
        v->i = 1;
    }
}

/* Give every node of the tree n (and its siblings) the file it was read from. */
static void stamp(struct nn_py_node *n, struct nn_source *src)
{
    for (; n; n = n->next) {
        n->src = src;
        for (int i = 0; i < 7 && n->kind != NN_PY_OPNODE; i++)
            if (n->n[i])
                stamp(n->n[i], src);
    }
}

/* The line starts of src, in the arena (nn_source_free is never called on
 * an imported source: nothing of it may live outside the arena).  LF, CR
 * and CRLF end a line, as diag.c counts them. */
static int index_lines(struct nn_m2m_eval *ev, struct nn_source *src)
{
    size_t n = 1;
    const char *t = src->text;
    for (size_t i = 0; i < src->len; i++)
        n += t[i] == '\n' || (t[i] == '\r' && (i + 1 == src->len || t[i + 1] != '\n'));
    size_t *lines = nn_arena_alloc(ev->a, n * sizeof *lines), k = 0;
    if (!lines)
        return 0;
    lines[k++] = 0;
    for (size_t i = 0; i < src->len; i++)
        if (t[i] == '\n' || (t[i] == '\r' && (i + 1 == src->len || t[i + 1] != '\n')))
            lines[k++] = i + 1;
    src->lines = lines;
    src->nlines = n;
    return 1;
}

/* The file as a source kept in the arena (diagnostics may cite it after the
 * reader returns); NULL after reporting. */
static struct nn_source *read_source(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                     const char *file)
{
    struct nn_source tmp, *src = nn_arena_alloc(ev->a, sizeof *src);
    int err = nn_source_read(&tmp, file);
    if (err) {
        nn_diag(ev->d, nn_m2m_loc(ev, at), NN_ERROR, "cannot read %s: %s", file,
                nn_source_error(err));
        return NULL;
    }
    char *text = src ? nn_arena_alloc(ev->a, tmp.len + 1) : NULL;
    if (text) {
        memcpy(text, tmp.text, tmp.len + 1);
        nn_source_from_string(src, nn_arena_strdup(ev->a, file), text);
        src->len = tmp.len;
    }
    nn_source_free(&tmp);
    return text && index_lines(ev, src) ? src : NULL;
}

/* Run the module m at module level (lenient) in a scope of its own. */
static int run_module(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                      struct nn_m2m_module *m)
{
    struct nn_source *src = read_source(ev, at, m->file);
    struct nn_py_node *tree = src ? nn_py_parse(src, ev->a, ev->d) : NULL;
    if (!tree || !(m->env = nn_m2m_env_new(ev, NULL)))
        return -1;
    stamp(tree, src);
    int lenient = ev->lenient, bases = ev->resolve_bases;
    const char *star = ev->star_imports;
    ev->lenient = 1;
    ev->resolve_bases = 0;
    ev->star_imports = NULL;
    ev->importing++; /* a model its module level builds is not the one read */
    nn_m2m_exec_block(ev, m->env, tree->n[0]);
    ev->importing--;
    ev->lenient = lenient;
    ev->resolve_bases = bases;
    ev->star_imports = star;
    return 0;
}

/* The names of the project file `file`, read and run on first use; NULL after reporting. */
static struct nn_m2m_env *load(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                               const char *file)
{
    struct nn_m2m_module *m = ev->modules;
    while (m && strcmp(m->file, file) != 0)
        m = m->next;
    if (m && m->loading) { /* an error even at module level, where unknowns are quiet */
        nn_diag(ev->d, nn_m2m_loc(ev, at), NN_ERROR,
                "import cycle: %s is imported again while it runs", file);
        return NULL;
    }
    if (m)
        return m->env;
    if (!(m = nn_arena_alloc(ev->a, sizeof *m)))
        return NULL;
    m->file = file;
    m->next = ev->modules;
    ev->modules = m;
    if (!nn_depth_enter(&ev->nest, ev->d, nn_m2m_loc(ev, at)))
        return NULL;
    m->loading = 1;
    int st = run_module(ev, at, m);
    m->loading = 0;
    nn_depth_leave(&ev->nest);
    return st ? NULL : m->env;
}

/* Is file in the folder of the file read (a sibling of it)? */
static int sibling(struct nn_m2m_eval *ev, const char *file)
{
    return strcmp(folder_of(ev, file), folder_of(ev, normal(ev, ev->src->path))) == 0;
}

/* `from pkg import name` where pkg/__init__.py (v's file) does not define
 * name: when pkg is the read file's folder, its submodule of that name (a
 * file beside the one read; an error when there is none), else v, an
 * external name after all. */
static struct nn_mval *submodule(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                 struct nn_mval *v, const char *name)
{
    static const char base[] = "__init__.py";
    size_t n = strlen(v->file), k = sizeof base - 1;
    if (n <= k || strcmp(v->file + n - k, base) != 0 || v->file[n - k - 1] != '/' ||
        !sibling(ev, v->file)) {
        v->file = NULL;
        return v;
    }
    const char *sub = module_file(ev, folder_of(ev, v->file), name);
    if (!sub) {
        nn_diag(ev->d, nn_m2m_loc(ev, at), NN_ERROR, "cannot import '%s' from %s: it defines "
                "no such name and there is no module file of that name beside it", name, v->file);
        return NULL;
    }
    v->file = sub;
    v->i = 1;
    return nn_m2m_import_resolve(ev, at, v);
}

struct nn_mval *nn_m2m_import_resolve(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                      struct nn_mval *v)
{
    if (v->resolved)
        return v->resolved;
    if (ev->lenient && !ev->resolve_bases && !(ev->resolve_siblings && sibling(ev, v->file)))
        return v;
    struct nn_m2m_env *env = load(ev, at, v->file);
    if (!env)
        return ev->lenient ? v : NULL;
    const char *dot = strrchr(v->s, '.');
    struct nn_mval *r = NULL;
    if (v->i == 1 && (r = nn_m2m_obj_new(ev, NULL)))
        r->env = env; /* the module: its names are attributes */
    else if (!v->i && !(r = nn_m2m_lookup_here(env, dot ? dot + 1 : v->s)))
        return submodule(ev, at, v, dot ? dot + 1 : v->s);
    if (r && r != v && r->kind == NN_MV_PATH && r->file) /* imported there in turn */
        if (!(r = nn_m2m_import_resolve(ev, at, r)))
            return NULL;
    if (r)
        v->resolved = r;
    else
        v->file = NULL; /* nothing to resolve to: an external name after all */
    return r ? r : v;
}
