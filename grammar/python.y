/* python.y - LALR(1) grammar for Python 3.11, building the CPython-shaped tree.
 *
 * CPython's grammar is PEG; this one accepts the same language with one
 * token of lookahead by parsing targets, keyword-argument names and
 * with-items as expressions and checking them in the actions (pybuild.c).
 * `match`/`case` are turned into keywords by the scanner when a logical
 * line calls for it.  The first error stops the parse, as in CPython.
 */
%define api.pure full
%define api.prefix {nn_py_yy}
%define api.location.type {struct nn_py_span}
%define parse.error verbose
%locations
%expect 0
%param {yyscan_t scanner}
%parse-param {struct nn_py_parse *p}

%code requires {
#include "grammar/pystate.h"
typedef void *yyscan_t;
}

%code provides {
int nn_py_yylex(NN_PY_YYSTYPE *lval, struct nn_py_span *lloc, yyscan_t scanner);
void nn_py_yyerror(struct nn_py_span *lloc, yyscan_t scanner, struct nn_py_parse *p,
                   const char *msg);
int nn_py_yyparse(yyscan_t scanner, struct nn_py_parse *p);
}

%code {
#include <string.h>

#include "grammar/pybuild.h"
#include "grammar/pylit.h"

#define YYLLOC_DEFAULT(Cur, Rhs, N)                                         \
    do {                                                                    \
        if (N) {                                                            \
            (Cur).start = YYRHSLOC(Rhs, 1).start;                           \
            (Cur).line = YYRHSLOC(Rhs, 1).line;                             \
            (Cur).col = YYRHSLOC(Rhs, 1).col;                               \
            (Cur).end = YYRHSLOC(Rhs, N).end;                               \
            (Cur).end_line = YYRHSLOC(Rhs, N).end_line;                     \
            (Cur).end_col = YYRHSLOC(Rhs, N).end_col;                       \
        } else {                                                            \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;                 \
            (Cur).line = (Cur).end_line = YYRHSLOC(Rhs, 0).end_line;        \
            (Cur).col = (Cur).end_col = YYRHSLOC(Rhs, 0).end_col;           \
        }                                                                   \
    } while (0)

/* Allocate node `dst` of kind k at span l, or stop the parse. */
#define NODE(dst, k, l)                                                     \
    do {                                                                    \
        if (!((dst) = nn_py_mk(p, NN_PY_##k, &(l))))                        \
            YYABORT;                                                        \
    } while (0)
/* Stop the parse when a check has reported an error. */
#define CHECK(x)                                                            \
    do {                                                                    \
        if (!(x))                                                           \
            YYABORT;                                                        \
    } while (0)
#define FAIL(l, ...)                                                        \
    do {                                                                    \
        nn_py_error(p, &(l), __VA_ARGS__);                                  \
        YYABORT;                                                            \
    } while (0)
#define ONE(x) nn_py_list_one(x)
#define ADD(l, x) nn_py_list_add((l), (x))
#define NIL ((struct nn_py_list){NULL, NULL})
#define LOAD nn_py_ctx(p, NN_PYOP_Load)
#define OP(o) nn_py_opn(p, NN_PYOP_##o)

/* Binary operation node. */
static struct nn_py_node *binop(struct nn_py_parse *p, struct nn_py_node *a, enum nn_py_op op,
                                struct nn_py_node *b, const struct nn_py_span *at)
{
    struct nn_py_node *n = nn_py_mk(p, NN_PY_BinOp, at);
    if (n) {
        n->n[0] = a;
        n->n[1] = nn_py_opn(p, op);
        n->n[2] = b;
    }
    return n;
}

/* Unary operation node. */
static struct nn_py_node *unop(struct nn_py_parse *p, enum nn_py_op op, struct nn_py_node *a,
                               const struct nn_py_span *at)
{
    struct nn_py_node *n = nn_py_mk(p, NN_PY_UnaryOp, at);
    if (n) {
        n->n[0] = nn_py_opn(p, op);
        n->n[1] = a;
    }
    return n;
}

/* Constant node of a simple type (None, True, False, Ellipsis). */
static struct nn_py_node *simple_const(struct nn_py_parse *p, enum nn_py_ctype t,
                                       const struct nn_py_span *at)
{
    struct nn_py_node *n = nn_py_mk(p, NN_PY_Constant, at);
    if (n)
        n->op = (int)t;
    return n;
}

/* Change the kind of a statement node built for its sync form. */
static struct nn_py_node *make_async(struct nn_py_node *n, const struct nn_py_span *at)
{
    if (n->kind == NN_PY_FunctionDef)
        n->kind = NN_PY_AsyncFunctionDef;
    else if (n->kind == NN_PY_For)
        n->kind = NN_PY_AsyncFor;
    else if (n->kind == NN_PY_With)
        n->kind = NN_PY_AsyncWith;
    n->lineno = at->line;
    n->col_offset = at->col;
    return n;
}
}

%union {
    struct nn_py_node *node;
    struct nn_py_list list;
    int num;
}

%token <node> NAME "name" NUMBER "number" STRING "string"
%token <num> AUGASSIGN "augmented assignment"
%token NEWLINE "newline" INDENT "indent" DEDENT "dedent"
%token START_FILE START_EXPR LEXERROR "invalid token"
%token FALSE_ "False" NONE_ "None" TRUE_ "True" AND "and" AS "as" ASSERT "assert"
%token ASYNC "async" AWAIT "await" BREAK "break" CLASS "class" CONTINUE "continue"
%token DEF "def" DEL "del" ELIF "elif" ELSE "else" EXCEPT "except" FINALLY "finally"
%token FOR "for" FROM "from" GLOBAL "global" IF "if" IMPORT "import" IN "in" IS "is"
%token LAMBDA "lambda" NONLOCAL "nonlocal" NOT "not" OR "or" PASS "pass" RAISE "raise"
%token RETURN "return" TRY "try" WHILE "while" WITH "with" YIELD "yield"
%token MATCH "match" CASE "case"
%token ARROW "->" POW "**" FLOORDIV "//" LSHIFT "<<" RSHIFT ">>" EQ "==" NE "!="
%token LE "<=" GE ">=" WALRUS ":=" ELLIPSIS "..."

%left '|'
%left '^'
%left '&'
%left LSHIFT RSHIFT
%left '+' '-'
%left '*' '/' '%' FLOORDIV '@'
%precedence UNARY
%right POW

%type <list> file_stmts stmts stmt simple_stmt small_stmts suite else_part opt_else
%type <list> tlse_items exprlist_items assign_targets name_list dotted_as_names
%type <list> import_as_names import_targets handlers with_items param_list params
%type <list> lparam_list lparams decorators paren_items list_items dict_items set_items
%type <list> comp_fors args arglist subscripts strings case_blocks subj_list
%type <list> pat_items map_items class_args
%type <node> small_stmt compound_stmt expr_stmt rhs testlist_star_expr tlse_elem
%type <node> exprlist exprlist_elem del_stmt return_stmt raise_stmt global_stmt
%type <node> nonlocal_stmt assert_stmt import_stmt dotted_as_name dotted_name
%type <node> import_as_name if_stmt while_stmt for_stmt try_stmt handler with_stmt
%type <node> with_item funcdef classdef decorated decorator async_stmt param tname
%type <node> lparam opt_returns namedexpr_test test lambdef or_test and_test not_test
%type <node> comparison star_expr expr await_primary primary atom paren_item
%type <node> list_item dict_item set_item comp_elem comp_for arg subscript subscript_all
%type <node> opt_test yield_expr match_stmt subject subj_elem case_block patterns
%type <node> pattern or_pattern closed_pattern pat_item signed_number literal_value
%type <node> name_or_attr map_item class_arg map_key
%type <num> comp_op dots

%start input

%%

input
    : START_FILE file_stmts
        { NODE(p->result, Module, @$); p->result->n[0] = $2.head; }
    | START_EXPR testlist_star_expr NEWLINE
        { CHECK(nn_py_no_stray_as(p)); p->result = $2; }
    ;

file_stmts
    : %empty                { $$ = NIL; }
    | file_stmts stmt       { $$ = nn_py_list_cat($1, $2); }
    ;

stmts
    : stmt                  { $$ = $1; }
    | stmts stmt            { $$ = nn_py_list_cat($1, $2); }
    ;

stmt
    : simple_stmt           { $$ = $1; }
    | compound_stmt         { $$ = ONE($1); }
    ;

simple_stmt
    : small_stmts NEWLINE       { CHECK(nn_py_no_stray_as(p)); $$ = $1; }
    | small_stmts ';' NEWLINE   { CHECK(nn_py_no_stray_as(p)); $$ = $1; }
    ;

small_stmts
    : small_stmt                    { $$ = ONE($1); }
    | small_stmts ';' small_stmt    { $$ = ADD($1, $3); }
    ;

small_stmt
    : expr_stmt | del_stmt | return_stmt | raise_stmt | global_stmt
    | nonlocal_stmt | assert_stmt | import_stmt
    | PASS          { NODE($$, Pass, @$); }
    | BREAK         { NODE($$, Break, @$); }
    | CONTINUE      { NODE($$, Continue, @$); }
    ;

/* Expression statements and every form of assignment. */
expr_stmt
    : rhs
        { NODE($$, Expr, @$); $$->n[0] = $1; }
    | assign_targets rhs
        { NODE($$, Assign, @$); $$->n[0] = $1.head; $$->n[1] = $2; }
    | testlist_star_expr ':' test
        { CHECK(nn_py_ann_target(p, $1)); NODE($$, AnnAssign, @$);
          $$->n[0] = $1; $$->n[1] = $3; $$->ival = $1->kind == NN_PY_Name && !$1->paren; }
    | testlist_star_expr ':' test '=' rhs
        { CHECK(nn_py_ann_target(p, $1)); NODE($$, AnnAssign, @$);
          $$->n[0] = $1; $$->n[1] = $3; $$->n[2] = $5;
          $$->ival = $1->kind == NN_PY_Name && !$1->paren; }
    | testlist_star_expr AUGASSIGN rhs
        { CHECK(nn_py_aug_target(p, $1)); NODE($$, AugAssign, @$);
          $$->n[0] = $1; $$->n[1] = nn_py_opn(p, (enum nn_py_op)$2); $$->n[2] = $3; }
    ;

assign_targets
    : rhs '='                   { CHECK(nn_py_target(p, $1, NN_PYOP_Store)); $$ = ONE($1); }
    | assign_targets rhs '='    { CHECK(nn_py_target(p, $2, NN_PYOP_Store)); $$ = ADD($1, $2); }
    ;

rhs : testlist_star_expr | yield_expr ;

testlist_star_expr
    : tlse_items            { $$ = nn_py_tuple(p, $1, 0, &@$); CHECK($$); }
    | tlse_items ','        { $$ = nn_py_tuple(p, $1, 1, &@$); CHECK($$); }
    ;

tlse_items
    : tlse_elem                 { $$ = ONE($1); }
    | tlse_items ',' tlse_elem  { $$ = ADD($1, $3); }
    ;

tlse_elem : test | star_expr ;

exprlist
    : exprlist_items        { $$ = nn_py_tuple(p, $1, 0, &@$); CHECK($$); }
    | exprlist_items ','    { $$ = nn_py_tuple(p, $1, 1, &@$); CHECK($$); }
    ;

exprlist_items
    : exprlist_elem                     { $$ = ONE($1); }
    | exprlist_items ',' exprlist_elem  { $$ = ADD($1, $3); }
    ;

exprlist_elem : expr | star_expr ;

del_stmt
    : DEL exprlist_items
        { CHECK(nn_py_del_targets(p, $2.head)); NODE($$, Delete, @$); $$->n[0] = $2.head; }
    | DEL exprlist_items ','
        { CHECK(nn_py_del_targets(p, $2.head)); NODE($$, Delete, @$); $$->n[0] = $2.head; }
    ;

return_stmt
    : RETURN                        { NODE($$, Return, @$); }
    | RETURN testlist_star_expr     { NODE($$, Return, @$); $$->n[0] = $2; }
    ;

raise_stmt
    : RAISE                     { NODE($$, Raise, @$); }
    | RAISE test                { NODE($$, Raise, @$); $$->n[0] = $2; }
    | RAISE test FROM test      { NODE($$, Raise, @$); $$->n[0] = $2; $$->n[1] = $4; }
    ;

global_stmt : GLOBAL name_list      { NODE($$, Global, @$); $$->n[0] = $2.head; } ;
nonlocal_stmt : NONLOCAL name_list  { NODE($$, Nonlocal, @$); $$->n[0] = $2.head; } ;

name_list
    : NAME                  { $$ = ONE($1); }
    | name_list ',' NAME    { $$ = ADD($1, $3); }
    ;

assert_stmt
    : ASSERT test               { NODE($$, Assert, @$); $$->n[0] = $2; }
    | ASSERT test ',' test      { NODE($$, Assert, @$); $$->n[0] = $2; $$->n[1] = $4; }
    ;

import_stmt
    : IMPORT dotted_as_names
        { NODE($$, Import, @$); $$->n[0] = $2.head; }
    | FROM dotted_name IMPORT import_targets
        { NODE($$, ImportFrom, @$); $$->s[0] = $2->s[0]; $$->n[0] = $4.head; }
    | FROM dots IMPORT import_targets
        { NODE($$, ImportFrom, @$); $$->ival = $2; $$->n[0] = $4.head; }
    | FROM dots dotted_name IMPORT import_targets
        { NODE($$, ImportFrom, @$); $$->ival = $2; $$->s[0] = $3->s[0]; $$->n[0] = $5.head; }
    ;

dots
    : '.'               { $$ = 1; }
    | ELLIPSIS          { $$ = 3; }
    | dots '.'          { $$ = $1 + 1; }
    | dots ELLIPSIS     { $$ = $1 + 3; }
    ;

dotted_name
    : NAME                  { $$ = $1; }
    | dotted_name '.' NAME
        { $$ = $1; $$->s[0] = nn_arena_printf(p->arena, "%s.%s", $1->s[0], $3->s[0]); CHECK($$->s[0]); }
    ;

dotted_as_names
    : dotted_as_name                        { $$ = ONE($1); }
    | dotted_as_names ',' dotted_as_name    { $$ = ADD($1, $3); }
    ;

dotted_as_name
    : dotted_name           { NODE($$, alias, @$); $$->s[0] = $1->s[0]; }
    | dotted_name AS NAME   { NODE($$, alias, @$); $$->s[0] = $1->s[0]; $$->s[1] = $3->s[0]; }
    ;

import_targets
    : '*'           { struct nn_py_node *a; NODE(a, alias, @$); a->s[0] = "*"; $$ = ONE(a); }
    | '(' import_as_names ')'       { $$ = $2; }
    | '(' import_as_names ',' ')'   { $$ = $2; }
    | import_as_names               { $$ = $1; }
    ;

import_as_names
    : import_as_name                        { $$ = ONE($1); }
    | import_as_names ',' import_as_name    { $$ = ADD($1, $3); }
    ;

import_as_name
    : NAME              { NODE($$, alias, @$); $$->s[0] = $1->s[0]; }
    | NAME AS NAME      { NODE($$, alias, @$); $$->s[0] = $1->s[0]; $$->s[1] = $3->s[0]; }
    ;

compound_stmt
    : if_stmt | while_stmt | for_stmt | try_stmt | with_stmt | funcdef | classdef
    | decorated | async_stmt | match_stmt
    ;

suite
    : simple_stmt                   { $$ = $1; }
    | NEWLINE INDENT stmts DEDENT   { $$ = $3; }
    ;

if_stmt
    : IF namedexpr_test ':' suite else_part
        { NODE($$, If, @$); $$->n[0] = $2; $$->n[1] = $4.head; $$->n[2] = $5.head; }
    ;

else_part
    : %empty                { $$ = NIL; }
    | ELSE ':' suite        { $$ = $3; }
    | ELIF namedexpr_test ':' suite else_part
        { struct nn_py_node *n; NODE(n, If, @$);
          n->n[0] = $2; n->n[1] = $4.head; n->n[2] = $5.head; $$ = ONE(n); }
    ;

opt_else
    : %empty                { $$ = NIL; }
    | ELSE ':' suite        { $$ = $3; }
    ;

while_stmt
    : WHILE namedexpr_test ':' suite opt_else
        { NODE($$, While, @$); $$->n[0] = $2; $$->n[1] = $4.head; $$->n[2] = $5.head; }
    ;

for_stmt
    : FOR exprlist IN testlist_star_expr ':' suite opt_else
        { CHECK(nn_py_target(p, $2, NN_PYOP_Store)); NODE($$, For, @$);
          $$->n[0] = $2; $$->n[1] = $4; $$->n[2] = $6.head; $$->n[3] = $7.head; }
    ;

try_stmt
    : TRY ':' suite handlers opt_else
        { NODE($$, Try, @$); $$->n[0] = $3.head; $$->n[1] = $4.head; $$->n[2] = $5.head;
          if ($4.head->op) $$->kind = NN_PY_TryStar; }
    | TRY ':' suite handlers opt_else FINALLY ':' suite
        { NODE($$, Try, @$); $$->n[0] = $3.head; $$->n[1] = $4.head; $$->n[2] = $5.head;
          $$->n[3] = $8.head; if ($4.head->op) $$->kind = NN_PY_TryStar; }
    | TRY ':' suite FINALLY ':' suite
        { NODE($$, Try, @$); $$->n[0] = $3.head; $$->n[3] = $6.head; }
    ;

handlers
    : handler               { $$ = ONE($1); }
    | handlers handler
        { if ($1.head->op != $2->op)
              FAIL(@2, "cannot have both 'except' and 'except*' on the same 'try'");
          $$ = ADD($1, $2); }
    ;

handler
    : EXCEPT ':' suite
        { NODE($$, ExceptHandler, @$); $$->n[1] = $3.head; }
    | EXCEPT test ':' suite
        { NODE($$, ExceptHandler, @$); $$->n[0] = $2; $$->n[1] = $4.head; }
    | EXCEPT test AS NAME ':' suite
        { NODE($$, ExceptHandler, @$); $$->n[0] = $2; $$->s[0] = $4->s[0]; $$->n[1] = $6.head; }
    | EXCEPT '*' test ':' suite
        { NODE($$, ExceptHandler, @$); $$->n[0] = $3; $$->n[1] = $5.head; $$->op = 1; }
    | EXCEPT '*' test AS NAME ':' suite
        { NODE($$, ExceptHandler, @$); $$->n[0] = $3; $$->s[0] = $5->s[0];
          $$->n[1] = $7.head; $$->op = 1; }
    ;

with_stmt
    : WITH with_items ':' suite
        { NODE($$, With, @$); $$->n[0] = nn_py_with_items(p, $2.head); CHECK($$->n[0]);
          $$->n[1] = $4.head; }
    ;

with_items
    : with_item                 { $$ = ONE($1); }
    | with_items ',' with_item  { $$ = ADD($1, $3); }
    ;

with_item
    : test
        { NODE($$, withitem, @$); $$->n[0] = $1;
          if ($1->kind == NN_PY_WITHITEMS) p->pending_as--; }
    | test AS expr
        { CHECK(nn_py_target(p, $3, NN_PYOP_Store)); NODE($$, withitem, @$);
          $$->n[0] = $1; $$->n[1] = $3; }
    ;

funcdef
    : DEF NAME '(' params ')' opt_returns ':' suite
        { NODE($$, FunctionDef, @$); $$->s[0] = $2->s[0];
          $$->n[0] = nn_py_arguments(p, $4.head); CHECK($$->n[0]);
          $$->n[1] = $8.head; $$->n[3] = $6; }
    ;

opt_returns
    : %empty        { $$ = NULL; }
    | ARROW test    { $$ = $2; }
    ;

params
    : %empty            { $$ = NIL; }
    | param_list        { $$ = $1; }
    | param_list ','    { $$ = $1; }
    ;

param_list
    : param                 { $$ = ONE($1); }
    | param_list ',' param  { $$ = ADD($1, $3); }
    ;

param
    : tname                 { $$ = $1; }
    | tname '=' test        { $$ = $1; $$->n[1] = $3; }
    | '*'                   { $$ = nn_py_param(p, 2, NULL, NULL, NULL, &@$); CHECK($$); }
    | '*' tname             { $$ = $2; $$->op = 1; nn_py_at($$, &@$); }
    | '*' NAME ':' star_expr
        { $$ = nn_py_param(p, 1, $2, $4, NULL, &@$); CHECK($$); }
    | POW tname             { $$ = $2; $$->op = 3; nn_py_at($$, &@$); }
    | '/'                   { $$ = nn_py_param(p, 4, NULL, NULL, NULL, &@$); CHECK($$); }
    ;

tname
    : NAME                  { $$ = nn_py_param(p, 0, $1, NULL, NULL, &@$); CHECK($$); }
    | NAME ':' test         { $$ = nn_py_param(p, 0, $1, $3, NULL, &@$); CHECK($$); }
    ;

classdef
    : CLASS NAME ':' suite
        { NODE($$, ClassDef, @$); $$->s[0] = $2->s[0]; $$->n[2] = $4.head; }
    | CLASS NAME '(' ')' ':' suite
        { NODE($$, ClassDef, @$); $$->s[0] = $2->s[0]; $$->n[2] = $6.head; }
    | CLASS NAME '(' arglist ')' ':' suite
        { NODE($$, ClassDef, @$); $$->s[0] = $2->s[0]; $$->n[2] = $7.head;
          CHECK(nn_py_call_args(p, $$, $4.head, 0, 1)); }
    ;

decorated
    : decorators funcdef        { $$ = $2; $$->n[2] = $1.head; }
    | decorators classdef       { $$ = $2; $$->n[3] = $1.head; }
    | decorators ASYNC funcdef  { $$ = make_async($3, &@2); $$->n[2] = $1.head; }
    ;

decorators
    : decorator                 { $$ = ONE($1); }
    | decorators decorator      { $$ = ADD($1, $2); }
    ;

decorator : '@' namedexpr_test NEWLINE { $$ = $2; } ;

async_stmt
    : ASYNC funcdef     { $$ = make_async($2, &@$); }
    | ASYNC with_stmt   { $$ = make_async($2, &@$); }
    | ASYNC for_stmt    { $$ = make_async($2, &@$); }
    ;

/* Match statements. */
match_stmt
    : MATCH subject ':' NEWLINE INDENT case_blocks DEDENT
        { NODE($$, Match, @$); $$->n[0] = $2; $$->n[1] = $6.head; }
    ;

subject
    : subj_list
        { if ($1.head == $1.tail && $1.head->kind == NN_PY_Starred) FAIL(@1, "invalid syntax");
          $$ = nn_py_tuple(p, $1, 0, &@$); CHECK($$); }
    | subj_list ','     { $$ = nn_py_tuple(p, $1, 1, &@$); CHECK($$); }
    ;

subj_list
    : subj_elem                 { $$ = ONE($1); }
    | subj_list ',' subj_elem   { $$ = nn_py_list_cat($1, ONE($3)); }
    ;

subj_elem : namedexpr_test | star_expr ;

case_blocks
    : case_block                { $$ = ONE($1); }
    | case_blocks case_block    { $$ = ADD($1, $2); }
    ;

case_block
    : CASE patterns ':' suite
        { NODE($$, match_case, @$); $$->n[0] = $2; $$->n[2] = $4.head; }
    | CASE patterns IF namedexpr_test ':' suite
        { NODE($$, match_case, @$); $$->n[0] = $2; $$->n[1] = $4; $$->n[2] = $6.head; }
    ;

patterns
    : pat_items
        { if ($1.head == $1.tail && $1.head->kind != NN_PY_MatchStar) $$ = $1.head;
          else { NODE($$, MatchSequence, @$); $$->n[0] = $1.head; } }
    | pat_items ','     { NODE($$, MatchSequence, @$); $$->n[0] = $1.head; }
    ;

pat_items
    : pat_item                  { $$ = ONE($1); }
    | pat_items ',' pat_item    { $$ = ADD($1, $3); }
    ;

pat_item
    : pattern
    | '*' NAME
        { NODE($$, MatchStar, @$); if (strcmp($2->s[0], "_") != 0) $$->s[0] = $2->s[0]; }
    ;

pattern
    : or_pattern
    | or_pattern AS NAME
        { if (strcmp($3->s[0], "_") == 0) FAIL(@3, "cannot use '_' as a target");
          NODE($$, MatchAs, @$); $$->n[0] = $1; $$->s[0] = $3->s[0]; }
    ;

or_pattern
    : closed_pattern
    | or_pattern '|' closed_pattern
        { if ($1->kind == NN_PY_MatchOr && !$1->paren) { $$ = $1;
              struct nn_py_list l = {$1->n[0], $1->n[0]};
              while (l.tail->next) l.tail = l.tail->next;
              ADD(l, $3); nn_py_at($$, &@$); }
          else { NODE($$, MatchOr, @$); $$->n[0] = ADD(ONE($1), $3).head; } }
    ;

closed_pattern
    : literal_value     { NODE($$, MatchValue, @$); $$->n[0] = $1; }
    | NONE_             { NODE($$, MatchSingleton, @$); $$->op = NN_PYC_NONE; }
    | TRUE_             { NODE($$, MatchSingleton, @$); $$->op = NN_PYC_TRUE; }
    | FALSE_            { NODE($$, MatchSingleton, @$); $$->op = NN_PYC_FALSE; }
    | NAME
        { NODE($$, MatchAs, @$); if (strcmp($1->s[0], "_") != 0) $$->s[0] = $1->s[0]; }
    | name_or_attr '.' NAME
        { struct nn_py_node *a; NODE(a, Attribute, @$); a->n[0] = $1; a->s[0] = $3->s[0];
          a->n[1] = LOAD; NODE($$, MatchValue, @$); $$->n[0] = a; }
    | '(' pattern ')'               { $$ = $2; $$->paren = 1; }
    | '(' ')'                       { NODE($$, MatchSequence, @$); }
    | '(' pat_items ',' ')'         { NODE($$, MatchSequence, @$); $$->n[0] = $2.head; }
    | '(' pat_items ',' pat_item ')'
        { NODE($$, MatchSequence, @$); $$->n[0] = ADD($2, $4).head; }
    | '(' '*' NAME ')'              { FAIL(@2, "invalid syntax"); }
    | '[' ']'                       { NODE($$, MatchSequence, @$); }
    | '[' pat_items ']'             { NODE($$, MatchSequence, @$); $$->n[0] = $2.head; }
    | '[' pat_items ',' ']'         { NODE($$, MatchSequence, @$); $$->n[0] = $2.head; }
    | '{' '}'                       { NODE($$, MatchMapping, @$); }
    | '{' map_items '}'
        { NODE($$, MatchMapping, @$); CHECK(nn_py_match_mapping(p, $$, $2.head)); }
    | '{' map_items ',' '}'
        { NODE($$, MatchMapping, @$); CHECK(nn_py_match_mapping(p, $$, $2.head)); }
    | name_or_attr '(' ')'
        { NODE($$, MatchClass, @$); $$->n[0] = $1; }
    | name_or_attr '(' class_args ')'
        { NODE($$, MatchClass, @$); $$->n[0] = $1; CHECK(nn_py_match_class(p, $$, $3.head)); }
    | name_or_attr '(' class_args ',' ')'
        { NODE($$, MatchClass, @$); $$->n[0] = $1; CHECK(nn_py_match_class(p, $$, $3.head)); }
    ;

literal_value
    : signed_number
    | signed_number '+' NUMBER      { $$ = binop(p, $1, NN_PYOP_Add, $3, &@$); CHECK($$); }
    | signed_number '-' NUMBER      { $$ = binop(p, $1, NN_PYOP_Sub, $3, &@$); CHECK($$); }
    | strings           { $$ = nn_py_strings(p, $1.head, &@$); CHECK($$); }
    ;

signed_number
    : NUMBER
    | '-' NUMBER        { $$ = unop(p, NN_PYOP_USub, $2, &@$); CHECK($$); }
    ;

name_or_attr
    : NAME      { $$ = nn_py_name(p, $1, &@$); CHECK($$); }
    | name_or_attr '.' NAME
        { NODE($$, Attribute, @$); $$->n[0] = $1; $$->s[0] = $3->s[0]; $$->n[1] = LOAD; }
    ;

map_items
    : map_item                  { $$ = ONE($1); }
    | map_items ',' map_item    { $$ = ADD($1, $3); }
    ;

map_item
    : map_key ':' pattern   { NODE($$, keyword, @$); $$->n[0] = $3; $$->n[1] = $1; }
    | POW NAME              { NODE($$, keyword, @$); $$->s[0] = $2->s[0]; }
    ;

map_key
    : literal_value
    | NONE_             { $$ = simple_const(p, NN_PYC_NONE, &@$); CHECK($$); }
    | TRUE_             { $$ = simple_const(p, NN_PYC_TRUE, &@$); CHECK($$); }
    | FALSE_            { $$ = simple_const(p, NN_PYC_FALSE, &@$); CHECK($$); }
    | name_or_attr '.' NAME
        { NODE($$, Attribute, @$); $$->n[0] = $1; $$->s[0] = $3->s[0]; $$->n[1] = LOAD; }
    ;

class_args
    : class_arg                 { $$ = ONE($1); }
    | class_args ',' class_arg  { $$ = ADD($1, $3); }
    ;

class_arg
    : pattern
    | NAME '=' pattern      { NODE($$, keyword, @$); $$->s[0] = $1->s[0]; $$->n[0] = $3; }
    ;

/* Expressions. */
namedexpr_test
    : test
    | NAME WALRUS test
        { NODE($$, NamedExpr, @$); $$->n[0] = nn_py_name(p, $1, &@1); CHECK($$->n[0]);
          $$->n[0]->n[0] = nn_py_ctx(p, NN_PYOP_Store); $$->n[1] = $3; }
    ;

test
    : or_test
    | or_test IF or_test ELSE test
        { NODE($$, IfExp, @$); $$->n[0] = $3; $$->n[1] = $1; $$->n[2] = $5; }
    | lambdef
    ;

lambdef
    : LAMBDA ':' test
        { NODE($$, Lambda, @$); $$->n[0] = nn_py_arguments(p, NULL); CHECK($$->n[0]); $$->n[1] = $3; }
    | LAMBDA lparams ':' test
        { NODE($$, Lambda, @$); $$->n[0] = nn_py_arguments(p, $2.head); CHECK($$->n[0]);
          $$->n[1] = $4; }
    ;

lparams
    : lparam_list           { $$ = $1; }
    | lparam_list ','       { $$ = $1; }
    ;

lparam_list
    : lparam                    { $$ = ONE($1); }
    | lparam_list ',' lparam    { $$ = ADD($1, $3); }
    ;

lparam
    : NAME              { $$ = nn_py_param(p, 0, $1, NULL, NULL, &@$); CHECK($$); }
    | NAME '=' test     { $$ = nn_py_param(p, 0, $1, NULL, $3, &@$); CHECK($$); }
    | '*'               { $$ = nn_py_param(p, 2, NULL, NULL, NULL, &@$); CHECK($$); }
    | '*' NAME          { $$ = nn_py_param(p, 1, $2, NULL, NULL, &@$); CHECK($$); }
    | POW NAME          { $$ = nn_py_param(p, 3, $2, NULL, NULL, &@$); CHECK($$); }
    | '/'               { $$ = nn_py_param(p, 4, NULL, NULL, NULL, &@$); CHECK($$); }
    ;

or_test
    : and_test
    | or_test OR and_test       { $$ = nn_py_boolop(p, NN_PYOP_Or, $1, $3, &@$); CHECK($$); }
    ;

and_test
    : not_test
    | and_test AND not_test     { $$ = nn_py_boolop(p, NN_PYOP_And, $1, $3, &@$); CHECK($$); }
    ;

not_test
    : NOT not_test      { $$ = unop(p, NN_PYOP_Not, $2, &@$); CHECK($$); }
    | comparison
    ;

comparison
    : expr
    | comparison comp_op expr   { $$ = nn_py_compare(p, $1, $2, $3, &@$); CHECK($$); }
    ;

comp_op
    : '<'       { $$ = NN_PYOP_Lt; }
    | '>'       { $$ = NN_PYOP_Gt; }
    | EQ        { $$ = NN_PYOP_Eq; }
    | GE        { $$ = NN_PYOP_GtE; }
    | LE        { $$ = NN_PYOP_LtE; }
    | NE        { $$ = NN_PYOP_NotEq; }
    | IN        { $$ = NN_PYOP_In; }
    | NOT IN    { $$ = NN_PYOP_NotIn; }
    | IS        { $$ = NN_PYOP_Is; }
    | IS NOT    { $$ = NN_PYOP_IsNot; }
    ;

star_expr : '*' expr    { NODE($$, Starred, @$); $$->n[0] = $2; $$->n[1] = LOAD; } ;

expr
    : expr '|' expr         { $$ = binop(p, $1, NN_PYOP_BitOr, $3, &@$); CHECK($$); }
    | expr '^' expr         { $$ = binop(p, $1, NN_PYOP_BitXor, $3, &@$); CHECK($$); }
    | expr '&' expr         { $$ = binop(p, $1, NN_PYOP_BitAnd, $3, &@$); CHECK($$); }
    | expr LSHIFT expr      { $$ = binop(p, $1, NN_PYOP_LShift, $3, &@$); CHECK($$); }
    | expr RSHIFT expr      { $$ = binop(p, $1, NN_PYOP_RShift, $3, &@$); CHECK($$); }
    | expr '+' expr         { $$ = binop(p, $1, NN_PYOP_Add, $3, &@$); CHECK($$); }
    | expr '-' expr         { $$ = binop(p, $1, NN_PYOP_Sub, $3, &@$); CHECK($$); }
    | expr '*' expr         { $$ = binop(p, $1, NN_PYOP_Mult, $3, &@$); CHECK($$); }
    | expr '/' expr         { $$ = binop(p, $1, NN_PYOP_Div, $3, &@$); CHECK($$); }
    | expr '%' expr         { $$ = binop(p, $1, NN_PYOP_Mod, $3, &@$); CHECK($$); }
    | expr FLOORDIV expr    { $$ = binop(p, $1, NN_PYOP_FloorDiv, $3, &@$); CHECK($$); }
    | expr '@' expr         { $$ = binop(p, $1, NN_PYOP_MatMult, $3, &@$); CHECK($$); }
    | '-' expr %prec UNARY  { $$ = unop(p, NN_PYOP_USub, $2, &@$); CHECK($$); }
    | '+' expr %prec UNARY  { $$ = unop(p, NN_PYOP_UAdd, $2, &@$); CHECK($$); }
    | '~' expr %prec UNARY  { $$ = unop(p, NN_PYOP_Invert, $2, &@$); CHECK($$); }
    | expr POW expr         { $$ = binop(p, $1, NN_PYOP_Pow, $3, &@$); CHECK($$); }
    | await_primary
    ;

await_primary
    : AWAIT primary     { NODE($$, Await, @$); $$->n[0] = $2; }
    | primary
    ;

primary
    : atom
    | primary '.' NAME
        { NODE($$, Attribute, @$); $$->n[0] = $1; $$->s[0] = $3->s[0]; $$->n[1] = LOAD; }
    | primary '(' ')'
        { NODE($$, Call, @$); $$->n[0] = $1; }
    | primary '(' arglist ')'
        { NODE($$, Call, @$); $$->n[0] = $1; CHECK(nn_py_call_args(p, $$, $3.head, 1, 2)); }
    | primary '[' subscript_all ']'
        { NODE($$, Subscript, @$); $$->n[0] = $1; $$->n[1] = $3; $$->n[2] = LOAD; }
    ;

atom
    : NAME          { $$ = nn_py_name(p, $1, &@$); CHECK($$); }
    | NUMBER        { $$ = $1; }
    | strings       { $$ = nn_py_strings(p, $1.head, &@$); CHECK($$); }
    | ELLIPSIS      { $$ = simple_const(p, NN_PYC_ELLIPSIS, &@$); CHECK($$); }
    | NONE_         { $$ = simple_const(p, NN_PYC_NONE, &@$); CHECK($$); }
    | TRUE_         { $$ = simple_const(p, NN_PYC_TRUE, &@$); CHECK($$); }
    | FALSE_        { $$ = simple_const(p, NN_PYC_FALSE, &@$); CHECK($$); }
    | '(' ')'       { NODE($$, Tuple, @$); $$->n[1] = LOAD; $$->paren = 1; }
    | '(' yield_expr ')'            { $$ = $2; $$->paren = 1; }
    | '(' paren_items ')'           { $$ = nn_py_group(p, $2, 0, &@$); CHECK($$); }
    | '(' paren_items ',' ')'       { $$ = nn_py_group(p, $2, 1, &@$); CHECK($$); }
    | '(' comp_elem comp_fors ')'
        { NODE($$, GeneratorExp, @$); $$->n[0] = $2; $$->n[1] = $3.head; $$->paren = 1; }
    | '[' ']'                       { NODE($$, List, @$); $$->n[1] = LOAD; }
    | '[' list_items ']'            { NODE($$, List, @$); $$->n[0] = $2.head; $$->n[1] = LOAD; }
    | '[' list_items ',' ']'        { NODE($$, List, @$); $$->n[0] = $2.head; $$->n[1] = LOAD; }
    | '[' comp_elem comp_fors ']'
        { NODE($$, ListComp, @$); $$->n[0] = $2; $$->n[1] = $3.head; }
    | '{' '}'                       { NODE($$, Dict, @$); }
    | '{' dict_items '}'            { NODE($$, Dict, @$); CHECK(nn_py_dict(p, $$, $2.head)); }
    | '{' dict_items ',' '}'        { NODE($$, Dict, @$); CHECK(nn_py_dict(p, $$, $2.head)); }
    | '{' set_items '}'             { NODE($$, Set, @$); $$->n[0] = $2.head; }
    | '{' set_items ',' '}'         { NODE($$, Set, @$); $$->n[0] = $2.head; }
    | '{' test ':' test comp_fors '}'
        { NODE($$, DictComp, @$); $$->n[0] = $2; $$->n[1] = $4; $$->n[2] = $5.head; }
    | '{' comp_elem comp_fors '}'
        { NODE($$, SetComp, @$); $$->n[0] = $2; $$->n[1] = $3.head; }
    ;

strings
    : STRING            { $$ = ONE($1); }
    | strings STRING    { $$ = ADD($1, $2); }
    ;

paren_items
    : paren_item                    { $$ = ONE($1); }
    | paren_items ',' paren_item    { $$ = ADD($1, $3); }
    ;

paren_item
    : namedexpr_test
    | star_expr
    | test AS expr
        { CHECK(nn_py_target(p, $3, NN_PYOP_Store)); NODE($$, ASITEM, @$);
          $$->n[0] = $1; $$->n[1] = $3; }
    ;

comp_elem
    : namedexpr_test
    | star_expr     { FAIL(@1, "iterable unpacking cannot be used in comprehension"); }
    ;

list_items
    : list_item                 { $$ = ONE($1); }
    | list_items ',' list_item  { $$ = ADD($1, $3); }
    ;

list_item : namedexpr_test | star_expr ;

dict_items
    : dict_item                 { $$ = ONE($1); }
    | dict_items ',' dict_item  { $$ = ADD($1, $3); }
    ;

dict_item
    : test ':' test     { NODE($$, keyword, @$); $$->n[1] = $1; $$->n[0] = $3; }
    | POW expr          { NODE($$, keyword, @$); $$->n[0] = $2; }
    ;

set_items
    : set_item                  { $$ = ONE($1); }
    | set_items ',' set_item    { $$ = ADD($1, $3); }
    ;

set_item : namedexpr_test | star_expr ;

comp_fors
    : comp_for              { $$ = ONE($1); }
    | comp_fors comp_for    { $$ = ADD($1, $2); }
    ;

comp_for
    : FOR exprlist IN or_test
        { CHECK(nn_py_target(p, $2, NN_PYOP_Store)); NODE($$, comprehension, @$);
          $$->n[0] = $2; $$->n[1] = $4; }
    | ASYNC FOR exprlist IN or_test
        { CHECK(nn_py_target(p, $3, NN_PYOP_Store)); NODE($$, comprehension, @$);
          $$->n[0] = $3; $$->n[1] = $5; $$->ival = 1; }
    | comp_for IF or_test
        { $$ = $1; struct nn_py_list l = {$1->n[2], $1->n[2]};
          while (l.tail && l.tail->next) l.tail = l.tail->next;
          $$->n[2] = ADD(l, $3).head; }
    ;

arglist
    : args          { $$ = $1; }
    | args ','      { $$ = $1; }
    ;

args
    : arg               { $$ = ONE($1); }
    | args ',' arg      { $$ = ADD($1, $3); }
    ;

arg
    : test
    | NAME WALRUS test
        { NODE($$, NamedExpr, @$); $$->n[0] = nn_py_name(p, $1, &@1); CHECK($$->n[0]);
          $$->n[0]->n[0] = nn_py_ctx(p, NN_PYOP_Store); $$->n[1] = $3; }
    | test '=' test     { $$ = nn_py_kwarg(p, $1, $3, &@$); CHECK($$); }
    | test comp_fors
        { NODE($$, GeneratorExp, @$); $$->n[0] = $1; $$->n[1] = $2.head; $$->ival = 1; }
    | NAME WALRUS test comp_fors
        { struct nn_py_node *w; NODE(w, NamedExpr, @$);
          w->n[0] = nn_py_name(p, $1, &@1); CHECK(w->n[0]);
          w->n[0]->n[0] = nn_py_ctx(p, NN_PYOP_Store); w->n[1] = $3;
          NODE($$, GeneratorExp, @$); $$->n[0] = w; $$->n[1] = $4.head; $$->ival = 1; }
    | '*' test          { NODE($$, Starred, @$); $$->n[0] = $2; $$->n[1] = LOAD; }
    | POW test          { NODE($$, keyword, @$); $$->n[0] = $2; }
    ;

subscript_all
    : subscripts
        { $$ = nn_py_tuple(p, $1, $1.head->kind == NN_PY_Starred, &@$); CHECK($$); }
    | subscripts ','    { $$ = nn_py_tuple(p, $1, 1, &@$); CHECK($$); }
    ;

subscripts
    : subscript                 { $$ = ONE($1); }
    | subscripts ',' subscript  { $$ = ADD($1, $3); }
    ;

subscript
    : namedexpr_test
    | star_expr
    | opt_test ':' opt_test
        { NODE($$, Slice, @$); $$->n[0] = $1; $$->n[1] = $3; }
    | opt_test ':' opt_test ':' opt_test
        { NODE($$, Slice, @$); $$->n[0] = $1; $$->n[1] = $3; $$->n[2] = $5; }
    ;

opt_test
    : %empty    { $$ = NULL; }
    | test
    ;

yield_expr
    : YIELD                         { NODE($$, Yield, @$); }
    | YIELD FROM test               { NODE($$, YieldFrom, @$); $$->n[0] = $3; }
    | YIELD testlist_star_expr      { NODE($$, Yield, @$); $$->n[0] = $2; }
    ;

%%

/* Whether a token can end / start an operand. */
static int ends_operand(int t)
{
    return t == NAME || t == NUMBER || t == STRING || t == ')' || t == ']' || t == '}' ||
           t == NONE_ || t == TRUE_ || t == FALSE_ || t == ELLIPSIS;
}

static int starts_operand(int t)
{
    return t == NAME || t == NUMBER || t == STRING || t == '(' || t == '[' || t == '{' ||
           t == NONE_ || t == TRUE_ || t == FALSE_ || t == ELLIPSIS || t == LAMBDA || t == NOT;
}

void nn_py_yyerror(struct nn_py_span *lloc, yyscan_t scanner, struct nn_py_parse *p,
                   const char *msg)
{
    (void)scanner;
    if (p->lex_error)
        return;
    if (strcmp(msg, "memory exhausted") == 0) /* bison's stack limit, YYMAXDEPTH */
        nn_py_error(p, lloc, "too deeply nested: the parser's stack is full here");
    else if (p->last_token == INDENT)
        nn_py_error(p, lloc, "unexpected indent");
    else if (p->depth > 0 && ends_operand(p->prev_token) && starts_operand(p->last_token))
        nn_py_error(p, &p->prev_span, "invalid syntax. Perhaps you forgot a comma?");
    else
        nn_py_error(p, lloc, "invalid syntax (%s)", msg);
}
