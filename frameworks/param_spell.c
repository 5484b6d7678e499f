/* param_spell.c - the Keras helper layer nnc writes for a learned tensor
 * (param: the pivot's Parameter), which the Keras reader recognises as its own. */
#include "frameworks/spell.h"

const char nn_keras_learned_tensor_helper[] =
    "class LearnedTensor(layers.Layer):\n"
    "    \"\"\"A learned tensor of the given shape (batch excluded), made by\n"
    "    add_weight; called on a tensor, it is repeated over that tensor's batch.\"\"\"\n"
    "\n"
    "    def __init__(self, shape, initializer, **kwargs):\n"
    "        super().__init__(**kwargs)\n"
    "        self.tensor_shape = tuple(shape)\n"
    "        self.initializer = keras.initializers.get(initializer)\n"
    "\n"
    "    def build(self, input_shape):\n"
    "        self.value = self.add_weight(shape=self.tensor_shape,\n"
    "                                     initializer=self.initializer, name=\"value\")\n"
    "\n"
    "    def call(self, x):\n"
    "        return ops.broadcast_to(self.value, (ops.shape(x)[0],) + self.tensor_shape)\n"
    "\n"
    "    def get_config(self):\n"
    "        return {**super().get_config(), \"shape\": self.tensor_shape,\n"
    "                \"initializer\": keras.initializers.serialize(self.initializer)}\n";
