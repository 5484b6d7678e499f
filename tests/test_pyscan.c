/* test_pyscan.c - cmocka tests for the Python scanner: indentation, strings, numbers.
 *
 * Each case parses a small source through nn_py_parse() and checks the
 * ast.dump() text (the expected strings are what CPython 3.11 prints) or
 * the first diagnostic.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "grammar/pydump.h"
#include "grammar/pyparse.h"

/* Dump of `text` as one statement's value, or the diagnostics if it fails. */
static char *parse_text(const char *text, int *ok)
{
    struct nn_source src;
    nn_source_from_string(&src, "t.py", text);
    src.len = strlen(text);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    struct nn_arena a;
    struct nn_diag_sink sink;
    nn_arena_init(&a);
    nn_diag_init(&sink, out);
    struct nn_py_node *tree = nn_py_parse(&src, &a, &sink);
    if (tree)
        nn_py_dump(tree, out);
    *ok = tree != NULL;
    fclose(out);
    nn_arena_free(&a);
    nn_source_free(&src);
    return buf;
}

/* The dump of text must be want. */
static void check_dump(const char *text, const char *want)
{
    int ok;
    char *got = parse_text(text, &ok);
    if (!ok || strcmp(got, want) != 0)
        fail_msg("source %s\n got: %s\nwant: %s", text, got, want);
    free(got);
}

/* The dump of a one-expression module must contain want. */
static void check_has(const char *text, const char *want)
{
    int ok;
    char *got = parse_text(text, &ok);
    if (!ok || !strstr(got, want))
        fail_msg("source %s\n got: %s\nwant part: %s", text, got, want);
    free(got);
}

/* text must fail with a first message starting "t.py:LINE:COL: error: " and containing msg. */
static void check_error(const char *text, const char *where, const char *msg)
{
    int ok;
    char *got = parse_text(text, &ok);
    char prefix[64];
    snprintf(prefix, sizeof prefix, "t.py:%s: error: ", where);
    if (ok || strncmp(got, prefix, strlen(prefix)) != 0 || !strstr(got, msg))
        fail_msg("source %s\n got: %s\nwant: %s...%s", text, got, prefix, msg);
    free(got);
}

static void test_indent_blocks(void **state)
{
    (void)state;
    check_dump("if a:\n    b\n    if c:\n        d\ne\n",
               "Module(body=[If(test=Name(id='a', ctx=Load()), body=[Expr(value=Name(id='b', "
               "ctx=Load())), If(test=Name(id='c', ctx=Load()), body=[Expr(value=Name(id='d', "
               "ctx=Load()))], orelse=[])], orelse=[]), Expr(value=Name(id='e', ctx=Load()))], "
               "type_ignores=[])");
    /* blank lines, comments and a missing final newline */
    check_dump("if a:\n\n    # c\n  \n    b", "Module(body=[If(test=Name(id='a', ctx=Load()), "
               "body=[Expr(value=Name(id='b', ctx=Load()))], orelse=[])], type_ignores=[])");
    /* several DEDENTs at once and at end of input */
    check_has("def f():\n    if x:\n        if y:\n            pass\nz\n",
              "orelse=[])], orelse=[])], decorator_list=[]), Expr(value=Name(id='z'");
}

static void test_indent_tabs_formfeed(void **state)
{
    (void)state;
    check_has("if a:\n\tb\n\tc\n", "body=[Expr(value=Name(id='b', ctx=Load())), Expr(");
    check_has("\fif a:\n  \f  b\n", "If(test=Name(id='a'");
    check_error("if a:\n\tb\n        c\n", "3:9", "inconsistent use of tabs and spaces");
    check_error("if a:\n        b\n    c\n", "3:5", "unindent does not match");
    check_error("a\n  b\n", "2:3", "unexpected indent");
}

static void test_line_joining(void **state)
{
    (void)state;
    check_has("x = (1,\n  2,\n\n# c\n 3)\n", "elts=[Constant(value=1), Constant(value=2), Constant(value=3)]");
    check_has("x = 1 + \\\n    2\n", "BinOp(left=Constant(value=1), op=Add(), right=Constant(value=2))");
    check_error("x = 1 \\ 2\n", "1:7", "unexpected character after line continuation");
    check_error("x = (1,\n", "1:5", "'(' was never closed");
    check_error("x = (1]\n", "1:7", "does not match opening parenthesis");
    check_has("x = 1\r\ny = 2\r\n", "Name(id='y', ctx=Store())");
}

static void test_strings(void **state)
{
    (void)state;
    check_has("'a\\tb\\x41\\101\\u00e9\\N{BULLET}\\q'\n", "Constant(value='a\\tbAAé•\\\\q')");
    check_has("r'a\\tb'\n", "Constant(value='a\\\\tb')");
    check_has("b'\\x00\\xff\"'\n", "Constant(value=b'\\x00\\xff\"')");
    check_has("'''a\nb'''\n", "Constant(value='a\\nb')");
    check_has("\"it's\"\n", "Constant(value=\"it's\")");
    check_has("'a' \"b\" '''c'''\n", "Constant(value='abc')");
    check_has("u'x' 'y'\n", "Constant(value='xy', kind='u')");
    check_has("'\\ud800'\n", "Constant(value='\\ud800')");
    check_has("'\\\n'\n", "Constant(value='')");
    check_error("b'a' 'b'\n", "1:6", "cannot mix bytes and nonbytes literals");
    check_error("x = 'abc\n", "1:5", "unterminated string literal");
    check_error("x = '''abc\n\n", "1:5", "unterminated triple-quoted string literal");
}

static void test_fstrings(void **state)
{
    (void)state;
    check_has("f'a{b!r:>{w}}c{{d}}'\n",
              "JoinedStr(values=[Constant(value='a'), FormattedValue(value=Name(id='b', "
              "ctx=Load()), conversion=114, format_spec=JoinedStr(values=[Constant(value='>'), "
              "FormattedValue(value=Name(id='w', ctx=Load()), conversion=-1)])), "
              "Constant(value='c{d}')])");
    check_has("f'{x = }'\n", "Constant(value='x = '), FormattedValue(value=Name(id='x', "
              "ctx=Load()), conversion=114)");
    check_has("f'{a, b}' 'z'\n", "FormattedValue(value=Tuple(elts=[Name(id='a', ctx=Load()), "
              "Name(id='b', ctx=Load())], ctx=Load()), conversion=-1), Constant(value='z')");
    check_has("f'{\"q\"[0]}'\n", "Subscript(value=Constant(value='q')");
    check_error("f'{}'\n", "1:4", "empty expression not allowed");
    check_error("f'a}'\n", "1:4", "single '}' is not allowed");
    check_error("f'{a!x}'\n", "1:5", "invalid conversion character");
}

static void test_numbers(void **state)
{
    (void)state;
    check_has("1_000_000\n", "Constant(value=1000000)");
    check_has("0xFFFF_FFFF_FFFF_FFFF_FFFF\n", "Constant(value=1208925819614629174706175)");
    check_has("0o777 + 0b1010\n", "Constant(value=511), op=Add(), right=Constant(value=10)");
    check_has("123456789012345678901234567890\n", "Constant(value=123456789012345678901234567890)");
    check_has("1.5e300\n", "Constant(value=1.5e+300)");
    check_has("0.1 + 1e16 + 1e-5 + 10.0\n", "Constant(value=0.1), op=Add(), right=Constant(value=1e+16)");
    check_has("1e-5\n", "Constant(value=1e-05)");
    check_has("100.\n", "Constant(value=100.0)");
    check_has(".5j\n", "Constant(value=0.5j)");
    check_has("2J\n", "Constant(value=2j)");
    check_has("1e400\n", "Constant(value=inf)");
    check_has("0_0\n", "Constant(value=0)");
    check_error("x = 0777\n", "1:5", "leading zeros in decimal integer literals");
    check_error("x = 1abc\n", "1:5", "invalid decimal literal");
    check_error("x = 1__0\n", "1:5", "invalid decimal literal");
}

static void test_encodings(void **state)
{
    (void)state;
    check_has("\xEF\xBB\xBFx = '\xC3\xA9'\n", "Constant(value='é')");
    check_has("# -*- coding: latin-1 -*-\nx = '\xE9'\n", "Constant(value='é')");
    check_has("#!/usr/bin/python\n# vim: set fileencoding=iso-8859-1 :\nx = '\xE9'\n",
              "Constant(value='é')");
    check_has("\xEF\xBD\x97\xEF\xBD\x89 = \xC2\xB5\n", "Name(id='wi', ctx=Store())], value=Name(id='\xCE\xBC'");
    check_error("x = a\xE2\x82\xAC" "b\n", "1:6", "invalid character '\xE2\x82\xAC' (U+20AC)");
    check_error("x = '\xE9'\n", "1:6", "'utf-8' codec can't decode");
    check_error("# coding: klingon\n", "1:1", "unknown encoding");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_indent_blocks),
        cmocka_unit_test(test_indent_tabs_formfeed),
        cmocka_unit_test(test_line_joining),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_fstrings),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_encodings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
