/* norm_spell.c - the text of the PyTorch helpers nnc writes for Keras's
 * normalisations that PyTorch has no class for: the generators write them,
 * and the PyTorch reader knows them when it reads nnc's own output back
 * (frameworks/spell.h). */
#include "frameworks/spell.h"

/* Keras's Normalization: fixed statistics per channel. */
const char nn_torch_standardize[] =
    "class Standardize(nn.Module):\n"
    "    \"\"\"(x - mean) / max(sqrt(variance), 1e-7) with fixed statistics per\n"
    "    channel (axis 1), as Keras's Normalization: buffers, not trained (zeros\n"
    "    and ones until set when not given).\"\"\"\n"
    "\n"
    "    def __init__(self, num_features, mean=None, variance=None):\n"
    "        super().__init__()\n"
    "        self.register_buffer(\"mean\", torch.zeros(num_features) if mean is None\n"
    "                             else torch.tensor(mean, dtype=torch.float32))\n"
    "        self.register_buffer(\"variance\", torch.ones(num_features) if variance is None\n"
    "                             else torch.tensor(variance, dtype=torch.float32))\n"
    "\n"
    "    def forward(self, x):\n"
    "        shape = (-1,) + (1,) * (x.dim() - 2)\n"
    "        std = self.variance.sqrt().clamp_min(1e-7)\n"
    "        return (x - self.mean.view(shape)) / std.view(shape)\n";

/* Keras's BatchNormalization(center=False or scale=False). */
const char nn_torch_partly_affine[] =
    "def partly_affine(norm, center=True, scale=True):\n"
    "    \"\"\"A batch norm that learns only some of its affine parameters (Keras's\n"
    "    center and scale): the bias (beta) stays 0 unless center, the weight\n"
    "    (gamma) stays 1 unless scale; neither is trained then.\"\"\"\n"
    "    norm.bias.requires_grad_(center)\n"
    "    norm.weight.requires_grad_(scale)\n"
    "    return norm\n";
