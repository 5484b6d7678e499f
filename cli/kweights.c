/* kweights.c - --weights for a Keras source and a PyTorch target: the
 * program the user's Python runs to turn the source's saved Keras weights
 * into the state_dict of the generated PyTorch model (see weights.h).
 *
 * Keras's weights files (.weights.h5, .keras) name the weights by Keras's
 * own object paths, not by layer, so the program builds the source model
 * (it runs the source file in a fresh Keras session, as the Keras reader
 * names unnamed layers), loads the file with load_weights, and hands the
 * layers' get_weights() to the generated load_keras_weights.
 */
#include "cli/weights.h"

/* argv[1..6]: the generated module, the Keras weights file, the state_dict
 * to write, the generated class, the source file and the source model's
 * name.  Exit 3: a package is missing; 1: the weights do not fit. */
const char nn_kweights_py[] =
    "import importlib, importlib.util, os, sys, warnings\n"
    "sys.dont_write_bytecode = True  # nothing left in the scratch folder\n"
    "code, source, target, cls, program, network = sys.argv[1:7]\n"
    "def fail(status, message):\n"
    "    sys.stderr.write('nnc: error: --weights: ' + message + '\\n')\n"
    "    sys.exit(status)\n"
    "def missing(package, e):\n"
    "    fail(3, f\"converting Keras weights needs the Python package '{package}', \"\n"
    "            f\"which {sys.executable} cannot import ({e}); install it or name \"\n"
    "            \"another interpreter with --python\")\n"
    "for package in ('numpy', 'torch', 'keras'):\n"
    "    try:\n"
    "        importlib.import_module(package)\n"
    "    except ImportError as e:\n"
    "        missing(package, e)\n"
    "import numpy as np\n"
    "import torch\n"
    "import keras\n"
    "spec = importlib.util.spec_from_file_location('nnc_generated', code)\n"
    "module = importlib.util.module_from_spec(spec)\n"
    "spec.loader.exec_module(module)\n"
    "keras.backend.clear_session()  # unnamed layers named as nnc named them\n"
    "sys.path.insert(0, os.path.dirname(os.path.abspath(program)))\n"
    "spec = importlib.util.spec_from_file_location('nnc_source', program)\n"
    "src = importlib.util.module_from_spec(spec)\n"
    "try:\n"
    "    spec.loader.exec_module(src)  # __name__ is not '__main__': no training runs\n"
    "except ImportError as e:\n"
    "    missing(e.name or str(e), e)\n"
    "except Exception as e:\n"
    "    fail(1, f\"running '{program}' to build the Keras model: {type(e).__name__}: {e}\")\n"
    "models = {k: v for k, v in vars(src).items() if isinstance(v, keras.Model)}\n"
    "model = models.get(network) or models.get('model') or next(\n"
    "    (v for v in models.values() if v.name == network), None)\n"
    "if model is None and isinstance(vars(src).get(network), type):\n"
    "    model = vars(src)[network]()  # the class alone: its instance, in the fresh session\n"
    "if model is None and len(models) == 1:\n"
    "    model = next(iter(models.values()))\n"
    "if model is None:\n"
    "    fail(1, f\"cannot find the Keras model {network} in '{program}'\")\n"
    "shape = getattr(module, 'INPUT_SHAPE', None)  # Keras makes the weights on the first call\n"
    "if shape is None and not model.built:\n"
    "    fail(1, f\"the input shape of '{program}' is unknown, and Keras makes a model's \"\n"
    "            \"weights when the model first runs: give it with --input-shape\")\n"
    "if shape is not None:  # a model built by build(shape) may still lack its layers' weights\n"
    "    for dtype in ('float32', 'int64'):\n"
    "        try:\n"
    "            model(np.zeros((1,) + tuple(shape), dtype=dtype))\n"
    "            break\n"
    "        except Exception:\n"
    "            pass\n"
    "try:\n"
    "    with warnings.catch_warnings(record=True) as caught:  # Keras only warns of a misfit\n"
    "        warnings.simplefilter('always')\n"
    "        model.load_weights(source)\n"
    "    misfit = [str(m.message) for m in caught if 'could not be loaded' in str(m.message)\n"
    "              or 'variables' in str(m.message)]\n"
    "    if misfit:\n"
    "        raise ValueError(misfit[0].strip())\n"
    "except Exception as e:\n"
    "    fail(1, f\"'{source}' is not a Keras weights file of this model \"\n"
    "            f\"(model.save_weights('m.weights.h5') or model.save('m.keras')): {e}\")\n"
    "net = getattr(module, cls)()\n"
    "try:\n"
    "    module.load_keras_weights(net, module.keras_layer_weights(model))\n"
    "except (KeyError, ValueError, NotImplementedError) as e:\n"
    "    fail(1, f\"'{source}' does not fit the migrated model: {e}\")\n"
    "torch.save(net.state_dict(), target)\n";
