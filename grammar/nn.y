/* nn.y - grammar of the BESSER-NN DSL (BESSER's notation plus nnc's extensions).
 *
 * The actions only collect: items with their key=value pairs go to
 * dsl_build.c, which checks them against the schema and fills the pivot.
 * Errors recover at the next item or section keyword.
 */
%define api.pure full
%define api.prefix {nn_dsl_yy}
%define api.location.type {struct nn_span}
%define parse.error detailed
%locations
%expect 0
%param {yyscan_t scanner}
%parse-param {struct nn_dsl_state *p}

%code requires {
#include "grammar/dsl_state.h"
#include "grammar/dsl_build.h"
typedef void *yyscan_t;
}

%code provides {
int nn_dsl_yylex(NN_DSL_YYSTYPE *yylval, struct nn_span *yylloc, yyscan_t scanner);
void nn_dsl_yyerror(struct nn_span *loc, yyscan_t scanner, struct nn_dsl_state *p,
                    const char *msg);
}

%code {
#define YYLLOC_DEFAULT(Cur, Rhs, N)                           \
    do {                                                      \
        if (N) {                                              \
            (Cur).start = YYRHSLOC(Rhs, 1).start;             \
            (Cur).end = YYRHSLOC(Rhs, N).end;                 \
        } else {                                              \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;   \
        }                                                     \
    } while (0)
#define LOC(s) nn_dsl_loc(p, (s))
}

%union {
    struct { const char *text; size_t len; } tok;
    struct nn_value value;
    struct nn_dsl_vlist *vlist;
    struct nn_dsl_pair *pair;
}

%token <tok> NAME "name" INT "integer" FLOAT "decimal" STRING "string"
%token <tok> ITEM_LABEL "item '- NAME:'" ITEM_NAME "item '- NAME'"
%token <tok> SUBNET_LABEL "sub-network '- NAME: layers:'"
%token KW_LAYERS "'layers'" KW_SUB_NN "'sub_nn'" KW_TENSOR_OPS "'tensor_ops'"
%token KW_MODULES "'modules'" KW_CONFIG "'config'" KW_TRAINING "'TrainingDataset'"
%token KW_TEST "'TestDataset'" KW_INPUTS "'inputs'"
%token UNTERMINATED "unterminated string" BADCHAR "unexpected character"

%type <value> value scalar list labels
%type <vlist> list_items label_items
%type <value> label
%type <pair> pairs pair

/* A sub-network's own tensor_ops:/modules: are read greedily (shift). */
%precedence LOW
%precedence KW_TENSOR_OPS KW_MODULES

%%

network
    : net_head net_attrs inputs_opt layers_section sub_part trailer
                                    { nn_dsl_network_end(p); }
    ;

inputs_opt
    : %empty
    | KW_INPUTS ':' input_items     { nn_dsl_section(p, NN_SEC_INPUTS, @1); }
    ;

input_items
    : input_item
    | input_items input_item
    ;

input_item
    : ITEM_LABEL pairs              { nn_dsl_input(p, $1.text, $1.len, @1, $2); }
    | SUBNET_LABEL                  { nn_dsl_input(p, $1.text, $1.len, @1, NULL); }
                                    /* the last input, empty, before layers: */
    ;

net_attrs
    : pairs                         { nn_dsl_network_attrs(p, $1); }
    ;

net_head
    : NAME ':'                      { nn_dsl_network_begin(p, $1.text, $1.len, @1); }
    ;

layers_section
    : KW_LAYERS ':' layer_items     { nn_dsl_section(p, NN_SEC_LAYERS, @1); }
    ;

layer_items
    : %empty
    | layer_items layer_item
    ;

layer_item
    : ITEM_LABEL pairs              { nn_dsl_layer(p, $1.text, $1.len, @1, $2); }
    ;

sub_part
    : ops_opt modules_opt
    | KW_SUB_NN ':' subnet_items ops_opt modules_opt  { nn_dsl_section(p, NN_SEC_SUB_NN, @1); }
    ;

subnet_items
    : subnet_item
    | subnet_items subnet_item
    ;

subnet_item
    : subnet_head subnet_attrs KW_LAYERS ':' layer_items sub_ops_opt sub_modules_opt
                                    { nn_dsl_section(p, NN_SEC_LAYERS, @3);
                                      nn_dsl_subnet_end(p); }
    ;

subnet_head
    : SUBNET_LABEL                  { nn_dsl_subnet_begin(p, $1.text, $1.len, @1); }
    ;

/* block classes: a sub-network's own attributes (source_class) */
subnet_attrs
    : pairs                         { nn_dsl_subnet_attrs(p, $1); }
    ;

sub_ops_opt
    : %empty %prec LOW
    | KW_TENSOR_OPS ':' op_items    { nn_dsl_section(p, NN_SEC_TENSOR_OPS, @1); }
    ;

sub_modules_opt
    : %empty %prec LOW
    | KW_MODULES ':' module_items   { nn_dsl_section(p, NN_SEC_MODULES, @1); }
    ;

ops_opt
    : %empty
    | KW_TENSOR_OPS ':' op_items    { nn_dsl_section(p, NN_SEC_TENSOR_OPS, @1); }
    ;

op_items
    : %empty
    | op_items op_item
    ;

op_item
    : ITEM_NAME '=' value pairs     { nn_dsl_op(p, $1.text, $1.len, @1, $3, $4); }
    ;

modules_opt
    : %empty
    | KW_MODULES ':' module_items   { nn_dsl_section(p, NN_SEC_MODULES, @1); }
    ;

module_items
    : %empty
    | module_items ITEM_NAME        { nn_dsl_module(p, $2.text, $2.len, @2); }
    | module_items error            { }
    ;

trailer
    : config_opt training_opt test_opt
    ;

config_opt
    : %empty
    | KW_CONFIG ':' pairs           { nn_dsl_section(p, NN_SEC_CONFIG, @1);
                                      nn_dsl_block(p, NN_K_CONFIG, @1, $3); }
    ;

training_opt
    : %empty
    | KW_TRAINING ':' pairs         { nn_dsl_section(p, NN_SEC_TRAINING, @1);
                                      nn_dsl_block(p, NN_K_TRAINING_DATASET, @1, $3); }
    ;

test_opt
    : %empty
    | KW_TEST ':' pairs             { nn_dsl_section(p, NN_SEC_TEST, @1);
                                      nn_dsl_block(p, NN_K_TEST_DATASET, @1, $3); }
    ;

pairs
    : %empty                        { $$ = NULL; }
    | pairs pair                    { $$ = nn_dsl_pair_append(p, $1, $2); }
    | pairs error                   { $$ = $1; }
    ;

pair
    : NAME '=' value                { $$ = nn_dsl_pair_new(p, $1.text, $1.len, @1, $3); }
    ;

value
    : scalar
    | list
    | labels
    ;

scalar
    : INT                           { $$ = nn_dsl_int(p, $1.text, $1.len, @1); }
    | FLOAT                         { $$ = nn_dsl_float(p, $1.text, $1.len, @1); }
    | STRING                        { $$ = nn_dsl_text(p, NN_V_STRING, $1.text, $1.len, @1); }
    | NAME                          { $$ = nn_dsl_text(p, NN_V_NAME, $1.text, $1.len, @1); }
    ;

list
    : '[' ']'                       { $$ = nn_dsl_list(p, NULL, @$); }
    | '[' list_items ']'            { $$ = nn_dsl_list(p, $2, @$); }
    | '[' list_items error          { nn_diag(p->diag, LOC(@1), NN_NOTE, "this '[' is not closed");
                                      $$ = nn_dsl_list(p, $2, @$); }
    ;

list_items
    : scalar                        { $$ = nn_dsl_vlist_append(p, NULL, $1); }
    | list_items ',' scalar         { $$ = nn_dsl_vlist_append(p, $1, $3); }
    ;

labels
    : '{' label_items '}'           { $$ = nn_dsl_list(p, $2, @$); }
    ;

label_items
    : label                         { $$ = nn_dsl_vlist_append(p, NULL, $1); }
    | label_items ',' label         { $$ = nn_dsl_vlist_append(p, $1, $3); }
    ;

label
    : '(' NAME '=' STRING ',' NAME '=' STRING ')'
                                    { $$ = nn_dsl_label(p, $2.text, $2.len, @2, $4.text, $4.len,
                                                        $6.text, $6.len, @6, $8.text, $8.len, @$); }
    ;

%%

void nn_dsl_yyerror(struct nn_span *loc, yyscan_t scanner, struct nn_dsl_state *p,
                    const char *msg)
{
    (void)scanner;
    nn_diag(p->diag, LOC(*loc), NN_ERROR, "%s", msg);
}
