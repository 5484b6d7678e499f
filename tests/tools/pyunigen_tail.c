/* Binary search of a range table. */
static int in_ranges(const struct uni_range *r, size_t n, unsigned cp)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < r[mid].lo)
            hi = mid;
        else if (cp > r[mid].hi)
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

int nn_py_uni_printable(unsigned cp)
{
    return in_ranges(printable, COUNT(printable), cp);
}

int nn_py_uni_id_start(unsigned cp)
{
    return in_ranges(id_start, COUNT(id_start), cp);
}

int nn_py_uni_id_continue(unsigned cp)
{
    return in_ranges(id_cont, COUNT(id_cont), cp);
}

/* Names written PREFIX-HEX (CJK ideographs and the like). */
static long lookup_ranged(const char *up, unsigned n)
{
    for (size_t i = 0; i < COUNT(ranged_names); i++) {
        size_t pl = strlen(ranged_names[i].prefix);
        if (n <= pl || n > pl + 6 || memcmp(up, ranged_names[i].prefix, pl) != 0)
            continue;
        unsigned long v = 0;
        for (unsigned k = (unsigned)pl; k < n; k++) {
            char c = up[k];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0)
                return -1;
            v = v * 16 + (unsigned)d;
        }
        if (n - pl >= 4 && v >= ranged_names[i].lo && v <= ranged_names[i].hi)
            return (long)v;
    }
    return -1;
}

long nn_py_uni_lookup(const char *name, unsigned n)
{
    char up[128];
    if (n == 0 || n >= sizeof up)
        return -1;
    for (unsigned i = 0; i < n; i++)
        up[i] = name[i] >= 'a' && name[i] <= 'z' ? (char)(name[i] - 32) : name[i];
    up[n] = '\0';
    size_t lo = 0, hi = COUNT(name_index);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(up, name_text + name_index[mid].off);
        if (c == 0)
            return (long)name_index[mid].code;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lookup_ranged(up, n);
}

long nn_py_uni_codec_high(const char *codec, unsigned char b)
{
    const unsigned short *t = strcmp(codec, "cp1252") == 0 ? cp1252_high : koi8_r_high;
    unsigned v = t[b - 128];
    return v == 0xFFFF ? -1 : (long)v;
}

const char *nn_py_uni_nfkc(unsigned cp)
{
    size_t lo = 0, hi = COUNT(nfkc_map);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < nfkc_map[mid].cp)
            hi = mid;
        else if (cp > nfkc_map[mid].cp)
            lo = mid + 1;
        else
            return nfkc_map[mid].to;
    }
    return NULL;
}
