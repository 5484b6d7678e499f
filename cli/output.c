/* output.c - atomic output files (see output.h). */
#include "cli/output.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The temporary file being written, so that an interrupted run removes it:
 * nnc's one piece of process-wide mutable state, because a signal handler
 * can reach nothing else.  Only the driver writes files, never the core. */
static char *volatile in_flight;

static const int guarded_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void remove_in_flight(int sig)
{
    char *p = in_flight;
    if (p)
        unlink(p);
    raise(sig); /* the handler was reset on entry: die of the signal */
}

void nn_output_guard_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = remove_in_flight;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof guarded_signals / sizeof *guarded_signals; i++)
        sigaddset(&sa.sa_mask, guarded_signals[i]);
    signal(SIGXFSZ, SIG_IGN); /* a size limit makes write() fail with EFBIG */
    for (size_t i = 0; i < sizeof guarded_signals / sizeof *guarded_signals; i++) {
        struct sigaction old;
        /* A signal ignored by whoever started us (nohup) stays ignored. */
        if (sigaction(guarded_signals[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(guarded_signals[i], &sa, NULL);
    }
}

/* Block the guarded signals (how = SIG_BLOCK) or restore them. */
static void mask_signals(int how, sigset_t *saved)
{
    if (how == SIG_BLOCK) {
        sigset_t set;
        sigemptyset(&set);
        for (size_t i = 0; i < sizeof guarded_signals / sizeof *guarded_signals; i++)
            sigaddset(&set, guarded_signals[i]);
        sigprocmask(SIG_BLOCK, &set, saved);
    } else {
        sigprocmask(SIG_SETMASK, saved, NULL);
    }
}

static int fail(const char *what, const char *path, int err)
{
    fprintf(stderr, "nnc: %s '%s': %s\n", what, path, strerror(err));
    return 3;
}

static int refuse_existing(const char *path)
{
    fprintf(stderr, "nnc: '%s' exists; use --force to replace it\n", path);
    return 3;
}

int nn_write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? errno : EIO;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

int nn_file_id_of(const char *path, struct nn_file_id *id)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return errno;
    id->dev = st.st_dev;
    id->ino = st.st_ino;
    return 0;
}

int nn_file_ids_have(const struct nn_file_ids *ids, const struct nn_file_id *id)
{
    for (size_t i = 0; ids && i < ids->count; i++)
        if (ids->ids[i].dev == id->dev && ids->ids[i].ino == id->ino)
            return 1;
    return 0;
}

/* Is st the null device (whatever its name)? */
static int is_null_device(const struct stat *st)
{
    struct stat null;
    return S_ISCHR(st->st_mode) && stat("/dev/null", &null) == 0 && S_ISCHR(null.st_mode) &&
           null.st_rdev == st->st_rdev;
}

/* Open a FIFO for writing without blocking: wait a bounded time for a
 * reader (open fails with ENXIO until one comes), then write blocking. */
static int open_fifo(const char *path)
{
    const struct timespec step = {0, 20 * 1000 * 1000};
    int fd = -1;
    for (long waited = 0; fd < 0; waited += 20) {
        fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY);
        if (fd >= 0 || errno != ENXIO || waited >= NN_PIPE_WAIT_SECONDS * 1000L)
            break;
        nanosleep(&step, NULL);
    }
    if (fd >= 0 && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

/* Write into an existing file that is not a regular one (a device or a
 * FIFO): renaming a new file over it would replace, say, /dev/null itself. */
static int write_into(const char *path, const struct stat *st, const char *data, size_t len)
{
    int fd = S_ISFIFO(st->st_mode) ? open_fifo(path) : open(path, O_WRONLY | O_NOCTTY);
    if (fd < 0 && errno == ENXIO && S_ISFIFO(st->st_mode)) {
        fprintf(stderr, "nnc: cannot write '%s': no process opened the FIFO for reading within %d s\n",
                path, NN_PIPE_WAIT_SECONDS);
        return 3;
    }
    if (fd < 0)
        return fail("cannot write", path, errno);
    int err = nn_write_all(fd, data, len);
    if (close(fd) != 0 && !err)
        err = errno;
    return err ? fail("cannot write", path, err) : 0;
}

/* The checks made before writing path; *st and *exists describe it.
 * 0 when it may be written, else prints why not and returns 3. */
static int vet(const char *path, const struct nn_file_ids *inputs, int flags, struct stat *st,
               int *exists)
{
    *exists = stat(path, st) == 0;
    if (!*exists)
        return 0;
    struct nn_file_id id = {st->st_dev, st->st_ino};
    if (nn_file_ids_have(inputs, &id)) {
        fprintf(stderr, "nnc: refusing to write '%s': it is an input file of this run\n", path);
        return 3;
    }
    if (S_ISDIR(st->st_mode))
        return fail("cannot write", path, EISDIR);
    if ((S_ISBLK(st->st_mode) || S_ISCHR(st->st_mode)) && !is_null_device(st) &&
        !(flags & NN_OUT_FORCE)) {
        fprintf(stderr, "nnc: refusing to write into '%s': it is a device; use --force to write into it\n",
                path);
        return 3;
    }
    return 0;
}

int nn_output_check(const char *path, const struct nn_file_ids *inputs, int flags)
{
    struct stat st;
    int exists;
    if (strcmp(path, "-") == 0)
        return 0;
    int rc = vet(path, inputs, flags, &st, &exists);
    if (rc == 0 && exists && S_ISREG(st.st_mode) && !(flags & (NN_OUT_FORCE | NN_OUT_SAME_OK)))
        rc = refuse_existing(path);
    return rc;
}

/* Does the file at path hold exactly data? */
static int same_content(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    int same = 1;
    for (size_t i = 0; same && i <= len; i++) {
        int c = fgetc(f);
        same = i == len ? c == EOF : c == (unsigned char)data[i];
    }
    fclose(f);
    return same;
}

/* Move the finished temporary file to path: rename() replaces (--force);
 * link() never does, atomically, so two writers racing for one path cannot
 * both believe they won.  0 or an errno value. */
static int publish(const char *tmp, const char *path, int flags)
{
    if (flags & NN_OUT_FORCE)
        return rename(tmp, path) == 0 ? 0 : errno;
    int err = link(tmp, path) == 0 ? 0 : errno;
    if (err == EPERM || err == ENOSYS) {
        /* A file system without hard links: check, then rename. */
        err = access(path, F_OK) == 0 ? EEXIST : rename(tmp, path) == 0 ? 0 : errno;
    }
    return err;
}

int nn_output_write(const char *path, const struct nn_file_ids *inputs, int flags,
                    const char *data, size_t len)
{
    if (strcmp(path, "-") == 0) {
        if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
            return fail("cannot write", "<stdout>", errno);
        return 0;
    }
    struct stat st;
    int exists;
    if (vet(path, inputs, flags, &st, &exists) != 0)
        return 3;
    if (exists && !S_ISREG(st.st_mode))
        return write_into(path, &st, data, len); /* /dev/null, a FIFO: nothing to replace */
    exists = exists || access(path, F_OK) == 0;
    if (exists && (flags & NN_OUT_SAME_OK) && same_content(path, data, len))
        return flags & NN_OUT_SAY_SAME ? NN_OUT_UNCHANGED : 0;
    if (exists && !(flags & NN_OUT_FORCE))
        return refuse_existing(path);
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp)
        return fail("cannot write", path, ENOMEM);
    snprintf(tmp, n + 16, "%s.nnc-XXXXXX", path);
    /* Creating the file and recording it happen with the signals held, so
     * no moment exists where an interruption would leave it behind. */
    sigset_t saved;
    mask_signals(SIG_BLOCK, &saved);
    int fd = mkstemp(tmp);
    if (fd >= 0)
        in_flight = tmp;
    mask_signals(SIG_SETMASK, &saved);
    if (fd < 0) {
        int err = errno;
        free(tmp);
        return fail("cannot create a file beside", path, err);
    }
    int err = nn_write_all(fd, data, len);
    mode_t mask = umask(0);
    umask(mask);
    if (!err && fchmod(fd, 0666 & ~mask) != 0)
        err = errno;
    if (close(fd) != 0 && !err)
        err = errno;
    mask_signals(SIG_BLOCK, &saved);
    if (!err)
        err = publish(tmp, path, flags);
    if (err || !(flags & NN_OUT_FORCE))
        unlink(tmp); /* after link(): the spare name; after a failure: the file */
    in_flight = NULL;
    if (err) /* published: the signals stay held until the process ends */
        mask_signals(SIG_SETMASK, &saved);
    free(tmp);
    if (err == EEXIST && (flags & NN_OUT_SAME_OK) && same_content(path, data, len))
        return flags & NN_OUT_SAY_SAME ? NN_OUT_UNCHANGED : 0;
    if (err == EEXIST)
        return refuse_existing(path);
    return err ? fail("cannot write", path, err) : 0;
}

int nn_output_make_dirs(const char *path)
{
    char *p = strdup(path);
    if (!p)
        return ENOMEM;
    int err = 0;
    for (char *s = p + 1; !err; s++) {
        if (*s != '/' && *s)
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            err = errno;
        *s = c;
        if (!c)
            break;
    }
    free(p);
    struct stat st;
    if (!err && (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)))
        err = ENOTDIR;
    return err;
}

char *nn_output_default_path(const char *dir, const char *input, const char *suffix)
{
    const char *slash = strrchr(input, '/');
    const char *name = slash ? slash + 1 : input;
    size_t base = strcspn(name, ".");
    if (base == 0)
        base = strlen(name);
    /* The directory part: dir plus a slash, or the input's own. */
    size_t d = dir ? strlen(dir) : (size_t)(name - input);
    while (dir && d > 1 && dir[d - 1] == '/')
        d--;
    const char *sep = dir && !(d == 1 && dir[0] == '/') ? "/" : "";
    char *path = malloc(d + 1 + base + strlen(suffix) + 1);
    if (path)
        sprintf(path, "%.*s%s%.*s%s", (int)d, dir ? dir : input, sep, (int)base, name, suffix);
    return path;
}
