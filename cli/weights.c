/* weights.c - --weights: a saved PyTorch state_dict converted into the
 * Keras weights file of the generated model (see weights.h).
 *
 * The user's Python does the work: it imports the generated module from a
 * private temporary folder beside the output, loads the state_dict with
 * torch, calls the module's load_torch_state_dict and saves the Keras
 * weights there (Keras on its PyTorch backend: torch is needed anyway); nnc then publishes that file under its name (never over
 * an existing file without --force) and removes the folder.  From a Keras
 * source to a PyTorch target the same steps run kweights.c's program,
 * which writes a state_dict file instead.
 */
#include "cli/weights.h"
#include "cli/output.h"
#include "cli/spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* What the interpreter runs: argv[1..4] are the generated module, the
 * state_dict file, the weights file to write and the model class.  Exit 3:
 * a package is missing; 1: the state_dict does not fit. */
static const char convert_py[] =
    "import importlib, importlib.util, os, sys\n"
    "sys.dont_write_bytecode = True  # nothing left in the scratch folder\n"
    "os.environ['KERAS_BACKEND'] = 'torch'  # torch reads the state_dict: no second framework\n"
    "code, source, target, cls = sys.argv[1:5]\n"
    "def fail(status, message):\n"
    "    sys.stderr.write('nnc: error: --weights: ' + message + '\\n')\n"
    "    sys.exit(status)\n"
    "for package in ('numpy', 'torch', 'keras'):\n"
    "    try:\n"
    "        importlib.import_module(package)\n"
    "    except ImportError as e:\n"
    "        fail(3, f\"converting a PyTorch state_dict needs the Python package '{package}', \"\n"
    "                f\"which {sys.executable} cannot import ({e}); install it or name \"\n"
    "                \"another interpreter with --python\")\n"
    "import torch\n"
    "spec = importlib.util.spec_from_file_location('nnc_generated', code)\n"
    "module = importlib.util.module_from_spec(spec)\n"
    "spec.loader.exec_module(module)\n"
    "try:\n"
    "    state = torch.load(source, map_location='cpu', weights_only=True)\n"
    "except Exception as e:\n"
    "    fail(1, f\"'{source}' is not a saved state_dict \"\n"
    "            f\"(torch.save(model.state_dict(), ...)): {e}\")\n"
    "if not isinstance(state, dict):\n"
    "    fail(1, f\"'{source}' holds a {type(state).__name__}, not a state_dict \"\n"
    "            \"(torch.save(model.state_dict(), ...))\")\n"
    "model = getattr(module, cls)()\n"
    "try:\n"
    "    module.load_torch_state_dict(model, state)\n"
    "except (KeyError, ValueError) as e:\n"
    "    fail(1, f\"'{source}' does not fit the migrated model: {e}\")\n"
    "model.save_weights(target)\n";

/* Write all of text to path (a new file): 0, or an errno value. */
static int write_file(const char *path, const char *text, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        return errno;
    int err = nn_write_all(fd, text, len);
    if (close(fd) != 0 && !err)
        err = errno;
    return err;
}

/* Run python with the conversion script; its wait status, or -1 (errno). */
static int run_python(const char *python, const char *script, char *const *args)
{
    char *argv[] = {(char *)python, "-c", (char *)script, args[0], args[1], args[2],
                    args[3], args[4], args[5], NULL};
    return nn_spawn_wait(argv, -1, -1);
}

/* The folder part of path ("." when it has none), malloc'ed. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

/* Move the finished file tmp to path: over it only with force. 0 or errno. */
static int publish(const char *tmp, const char *path, int force)
{
    if (force)
        return rename(tmp, path) == 0 ? 0 : errno;
    if (link(tmp, path) != 0)
        return errno;
    unlink(tmp);
    return 0;
}

/* Paths inside the temporary folder dir. */
struct scratch {
    char dir[4096], code[4160], h5[4160];
};

/* Make the temporary folder beside out and name its files (the result's
 * ends with suffix): 0 or errno. */
static int scratch_open(struct scratch *s, const char *out, const char *suffix)
{
    char *d = dir_of(out);
    if (!d)
        return ENOMEM;
    int n = snprintf(s->dir, sizeof s->dir, "%s/.nnc-weights-XXXXXX", d);
    free(d);
    if (n < 0 || (size_t)n >= sizeof s->dir)
        return ENAMETOOLONG;
    if (!mkdtemp(s->dir))
        return errno;
    snprintf(s->code, sizeof s->code, "%s/generated.py", s->dir);
    snprintf(s->h5, sizeof s->h5, "%s/model%s", s->dir, suffix);
    return 0;
}

/* Remove the temporary folder and what is left in it. */
static void scratch_close(struct scratch *s)
{
    unlink(s->code);
    unlink(s->h5);
    char cache[4200];
    snprintf(cache, sizeof cache, "%s/__pycache__", s->dir);
    rmdir(cache);
    rmdir(s->dir);
}

/* Say why the conversion failed; the exit status. */
static int report_status(const struct nn_weights_job *j, int status)
{
    if (status < 0) {
        fprintf(stderr, "nnc: error: --weights: cannot run '%s' (--python names the Python "
                "interpreter): %s\n", j->python, strerror(errno));
        return 3;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 1)
        fprintf(stderr, "nnc: error: --weights: '%s' failed converting '%s'; no file "
                "written\n", j->python, j->state_dict);
    return WIFEXITED(status) && WEXITSTATUS(status) == 1 ? 1 : 3;
}

int nn_weights_convert(const struct nn_weights_job *j, int (*write_code)(void *), void *arg)
{
    struct scratch s;
    int err = scratch_open(&s, j->out, j->from_keras ? ".pt" : ".weights.h5");
    if (err) {
        fprintf(stderr, "nnc: error: --weights: cannot create a folder beside '%s': %s\n",
                j->out, strerror(err));
        return 3;
    }
    int rc = 3;
    if ((err = write_file(s.code, j->code, j->len)) != 0) {
        fprintf(stderr, "nnc: error: --weights: cannot write '%s': %s\n", s.code, strerror(err));
    } else {
        char *args[] = {s.code, (char *)j->state_dict, s.h5, (char *)j->cls,
                        (char *)(j->program ? j->program : ""),
                        (char *)(j->network ? j->network : "")};
        rc = report_status(j, run_python(j->python, j->from_keras ? nn_kweights_py : convert_py,
                                         args));
    }
    if (rc == 0)
        rc = write_code(arg); /* the generated code first, then its weights */
    if (rc == 0 && (err = publish(s.h5, j->out, j->force)) != 0) {
        if (err == EEXIST)
            fprintf(stderr, "nnc: '%s' exists; use --force to replace it\n", j->out);
        else
            fprintf(stderr, "nnc: cannot write '%s': %s\n", j->out, strerror(err));
        rc = 3;
    }
    scratch_close(&s);
    return rc;
}
