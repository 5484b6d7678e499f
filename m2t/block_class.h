/* block_class.h - one generated class per source block (torch-sub, tf-sub).
 *
 * The class-based generators first write each non-chain sub-network's class
 * as they always did (one per instance).  This module then groups the
 * instances: those of the same source class (source_class, or both without
 * one) whose class texts are equal except for literal values (numbers,
 * strings, True/False) in __init__ become one class.  Each literal that
 * differs becomes a keyword parameter of the constructor, without a default:
 * every instantiation passes its own value, so each instance is built
 * exactly as its own class built it.  Literals whose values agree at every
 * instance share one parameter.
 *
 * Names: a group gets its source class's name (BasicBlock), the next group
 * of the same class BasicBlock2, BasicBlock3...; a group of several
 * instances without a class is named after their names' shared stem
 * (block1, block2: Block); a lone instance without a class keeps its own
 * name.  A parameter is named after the pivot attribute whose values it
 * carries: the attribute alone when it drives that attribute in several
 * layers (stride), else the layer and attribute (conv1_out_channels);
 * attributes shape inference fills (in_channels) come last.
 */
#ifndef NN_BLOCK_CLASS_H
#define NN_BLOCK_CLASS_H

#include <stddef.h>

#include "m2t/gen_impl.h"

struct nn_block_classes;

/* Group the class texts of the root's sub-networks: texts[k] is sub-network
 * k's class as written alone (NULL: it has none, a chain), named
 * nn_py_class_name(its name).  keras: the texts are Keras layers (their
 * constructor arguments are stored and returned by get_config).  taken:
 * class names the module already uses, NULL-terminated.  NULL when out of
 * memory. */
struct nn_block_classes *nn_block_classes_build(struct nn_gen *g, const char *const *texts,
                                                int keras, const char *const *taken);

/* The class sub-network k instantiates. */
const char *nn_block_class_name(const struct nn_block_classes *b, size_t k);

/* Its constructor's keyword arguments for sub-network k ("out_channels=8"),
 * "" when it takes none. */
const char *nn_block_class_args(const struct nn_block_classes *b, size_t k);

/* The text of sub-network k's class the first time it is asked for, NULL
 * afterwards (the class is already written). */
const char *nn_block_class_take(struct nn_block_classes *b, size_t k);

#endif
