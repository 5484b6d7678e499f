# pyunigen.py - regenerates grammar/pyunidata.c (Unicode facts for the Python
# front end) from this Python's unicodedata; run with Python 3.11:
#   python3 tests/tools/pyunigen.py grammar/pyunidata.c tests/tools/pyunigen_tail.c
# The second file holds the look-up functions appended after the tables.
import sys, unicodedata, re
def ranges(pred):
    out=[]; start=None
    for c in range(0x110000+1):
        ok = c < 0x110000 and pred(c)
        if ok and start is None: start=c
        if not ok and start is not None: out.append((start,c-1)); start=None
    return out
def emit_ranges(f, name, rs):
    f.write("static const struct uni_range %s[] = {\n" % name)
    for i in range(0, len(rs), 4):
        f.write("    " + " ".join("{0x%X, 0x%X}," % r for r in rs[i:i+4]) + "\n")
    f.write("};\n\n")
f=open(sys.argv[1],'w')
f.write('/* pyunidata.c - Unicode facts for the Python front end (generated data).\n'
 ' *\n * Generated from the unicodedata module of CPython %s (Unicode %s) by a\n'
 ' * short script: printable ranges for repr(), identifier ranges, character\n'
 ' * names for \\N{...} escapes, per-character NFKC forms of identifier\n'
 ' * characters, and the upper halves of two 8-bit codecs.\n'
 ' * Regenerate rather than edit by hand.\n */\n' % (sys.version.split()[0], unicodedata.unidata_version))
f.write('#include "grammar/pyunidata.h"\n\n#include <stdlib.h>\n#include <string.h>\n\n')
f.write("struct uni_range { unsigned lo, hi; };\n\n")
emit_ranges(f, "printable", ranges(lambda c: chr(c).isprintable()))
emit_ranges(f, "id_start", ranges(lambda c: c >= 0x80 and chr(c).isidentifier()))
emit_ranges(f, "id_cont", ranges(lambda c: c >= 0x80 and ('a'+chr(c)).isidentifier()))
# ranged names: PREFIX-HEX
ranged={}; names=[]
for c in range(0x110000):
    n=unicodedata.name(chr(c), None)
    if not n: continue
    m=re.fullmatch(r'(.*-)([0-9A-F]{4,6})', n)
    if m and int(m.group(2),16)==c:
        ranged.setdefault(m.group(1),[]).append(c); continue
    if n.startswith('HANGUL SYLLABLE '):
        ranged.setdefault('HANGUL SYLLABLE ',[]).append(c)
    names.append((n,c))
names.sort()
f.write("static const char name_text[] =\n")
offs=[]; pos=0
for i,(n,c) in enumerate(names):
    offs.append(pos); pos += len(n)+1
    f.write('    "%s\\0"\n' % n)
f.write(";\n\nstatic const struct { unsigned off, code; } name_index[] = {\n")
for i in range(0,len(names),6):
    f.write("    " + " ".join("{%d, 0x%X}," % (offs[j], names[j][1]) for j in range(i, min(i+6,len(names)))) + "\n")
f.write("};\n\n")
f.write("static const struct { const char *prefix; unsigned lo, hi; } ranged_names[] = {\n")
for p,cs in ranged.items():
    if p=='HANGUL SYLLABLE ': continue
    lo=cs[0]; prev=cs[0]
    for c in cs[1:]+[None]:
        if c is None or c!=prev+1:
            f.write('    {"%s", 0x%X, 0x%X},\n' % (p, lo, prev)); 
            if c is not None: lo=c
        if c is not None: prev=c
f.write("};\n\n")
nfkc=[]
for c in range(0x80, 0x110000):
    ch=chr(c)
    if not ('a'+ch).isidentifier(): continue
    n=unicodedata.normalize('NFKC', ch)
    if n!=ch: nfkc.append((c, n.encode('utf-8')))
f.write("static const struct { unsigned cp; const char *to; } nfkc_map[] = {\n")
for c,b in nfkc:
    f.write('    {0x%X, "%s"},\n' % (c, ''.join('\\x%02x' % x for x in b)))
f.write("};\n\n")
for codec in ('cp1252','koi8_r'):
    f.write("static const unsigned short %s_high[128] = {\n" % codec)
    vals=[]
    for b in range(128,256):
        try: vals.append(ord(bytes([b]).decode(codec)))
        except UnicodeDecodeError: vals.append(0xFFFF)
    for i in range(0,128,8):
        f.write("    " + " ".join("0x%04X," % v for v in vals[i:i+8]) + "\n")
    f.write("};\n\n")
f.write(open(sys.argv[2]).read())
