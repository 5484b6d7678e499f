/* pyunidata.h - Unicode facts the Python front end needs.
 *
 * Owns the generated tables in pyunidata.c: which code points repr()
 * prints as themselves, which may appear in identifiers, the character
 * names accepted by "\N{...}" escapes, and the 8-bit codecs (cp1252,
 * koi8-r) that PEP 263 coding lines may name.
 */
#ifndef NN_PYUNIDATA_H
#define NN_PYUNIDATA_H

/* Nonzero if str.isprintable() holds for the code point. */
int nn_py_uni_printable(unsigned cp);
/* Nonzero if the code point (>= 0x80) may start / continue an identifier. */
int nn_py_uni_id_start(unsigned cp);
int nn_py_uni_id_continue(unsigned cp);
/* NFKC form (UTF-8) of an identifier character, or NULL if it is its own. */
const char *nn_py_uni_nfkc(unsigned cp);
/* Code point named name[0..n) (any case), or -1. */
long nn_py_uni_lookup(const char *name, unsigned n);
/* Code point of byte b >= 0x80 in codec "cp1252" or "koi8-r", or -1. */
long nn_py_uni_codec_high(const char *codec, unsigned char b);

#endif
