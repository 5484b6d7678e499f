/* train_gen.c - training and evaluation code (--with-training).
 *
 * Appends to the generated module the code that trains the model as the
 * pivot's config says (optimiser, learning rate, weight decay, momentum,
 * loss, epochs, batch size) on the TrainingDataset, then evaluates it on
 * the TestDataset with the configured metrics.  Data loading (CSV with a
 * header row, or a folder of images with one sub-folder per class) and the
 * metrics are plain numpy, the same for both frameworks; training is the
 * framework's own loop (PyTorch) or compile/fit (Keras).  It runs when the
 * module is executed as a script.
 */
#include <string.h>

#include "m2t/gen_impl.h"

/* What the model's last module outputs, for the loss and the decision. */
enum outkind { OUT_LOGITS, OUT_PROBS, OUT_LOGPROBS, OUT_SIGMOID };

static enum outkind output_kind(const struct nn_model *m)
{
    const struct nn_network *n = &m->net;
    if (!n->nmodules)
        return OUT_LOGITS;
    size_t idx = 0;
    if (nn_flow_resolve(m, n, n->nmodules - 1, &idx) != NN_REF_LAYER)
        return OUT_LOGITS;
    const char *act = nn_elem_str(&n->layers[idx], NN_A_ACTV_FUNC);
    if (strcmp(act, "softmax") == 0)
        return OUT_PROBS;
    if (strcmp(act, "log_softmax") == 0)
        return OUT_LOGPROBS;
    return strcmp(act, "sigmoid") == 0 ? OUT_SIGMOID : OUT_LOGITS;
}

/* Does the network start with an Embedding (integer inputs)? */
static int integer_input(const struct nn_model *m)
{
    size_t idx = 0;
    return m->net.nmodules &&
           nn_flow_resolve(m, &m->net, 0, &idx) == NN_REF_LAYER &&
           m->net.layers[idx].kind == NN_K_EMBEDDING;
}

/* The settings as module constants. */
static void write_settings(struct nn_gen *g, const struct nn_elem *cfg, const struct nn_elem *tr,
                           const struct nn_elem *te)
{
    FILE *f = g->f;
    struct nn_arena *a = g->a;
    fprintf(f, "\n\n# ---- training and evaluation (nnc --with-training) ----\n\n");
    fprintf(f, "TRAIN_DATA = %s\n", nn_py_str(a, nn_elem_str(tr, NN_A_PATH_DATA)));
    fprintf(f, "TEST_DATA = %s\n", te ? nn_py_str(a, nn_elem_str(te, NN_A_PATH_DATA)) : "None");
    fprintf(f, "BATCH_SIZE = %lld\nEPOCHS = %lld\nLEARNING_RATE = %s\n",
            nn_elem_int(cfg, NN_A_BATCH_SIZE), nn_elem_int(cfg, NN_A_EPOCHS),
            nn_py_float(a, nn_elem_float(cfg, NN_A_LEARNING_RATE)));
    fprintf(f, "WEIGHT_DECAY = %s\nMOMENTUM = %s\n",
            nn_py_float(a, nn_elem_float(cfg, NN_A_WEIGHT_DECAY)),
            nn_py_float(a, nn_elem_float(cfg, NN_A_MOMENTUM)));
    if (nn_elem_float(cfg, NN_A_KERNEL_L2) > 0 && g->target->fw->id == NN_FW_TORCH)
        fprintf(f, "# The L2 penalty on every Linear and convolution kernel, added to the loss\n"
                   "# (Keras's kernel_regularizer=l2(KERNEL_L2) on each of them).\n"
                   "KERNEL_L2 = %s\n", nn_py_float(a, nn_elem_float(cfg, NN_A_KERNEL_L2)));
    const struct nn_attr *labels = nn_elem_attr(tr, NN_A_LABELS);
    const char *col = "None", *classes = "None";
    if (labels && labels->v.type == NN_V_LIST && labels->v.n) {
        col = nn_py_str(a, labels->v.items[0].s ? labels->v.items[0].s : "");
        classes = "[";
        for (size_t i = 0; i < labels->v.n; i++)
            classes = nn_arena_printf(a, "%s%s%s", classes, i ? ", " : "",
                                      nn_py_str(a, labels->v.items[i].s2 ? labels->v.items[i].s2 : ""));
        classes = nn_arena_printf(a, "%s]", classes);
    }
    fprintf(f, "# The label column (None: the last one) and the class names in order.\n");
    fprintf(f, "LABEL_COLUMN = %s\nCLASSES = %s\n", col, classes);
}

/* Labels to numbers, and the example loaders (CSV or image folders). */
static void write_loaders(struct nn_gen *g, const struct nn_elem *tr, const char *task)
{
    FILE *f = g->f;
    int regression = strcmp(task, "regression") == 0, multi = strcmp(task, "multi_class") == 0;
    const struct nn_net_shapes *ns = nn_shape_net(g->shapes, &g->m->net);
    int cf = g->input_layout && strcmp(g->input_layout, "channels first") == 0;
    char shape[160] = "INPUT_SHAPE";
    if (cf && ns && nn_shape_known(&ns->in))
        nn_shape_format(&ns->in, shape, sizeof shape); /* the pivot's order */
    fprintf(f, "\n\ndef encode_labels(values):\n"
               "    \"\"\"Label strings to targets: class indices, or numbers.\"\"\"\n");
    if (regression)
        fprintf(f, "    return np.array([float(v) for v in values], dtype=\"float32\")\n");
    else
        fprintf(f, "    if CLASSES:\n        values = [CLASSES.index(v) for v in values]\n"
                   "    return np.array([int(float(v)) for v in values], dtype=\"%s\")\n",
                multi ? "int64" : "float32");
    fprintf(f, "\n\ndef as_inputs(x):\n"
               "    \"\"\"Flat examples to the model's input (the pivot's channel-last order).\"\"\"\n"
               "    x = x.reshape((-1, *%s))\n", shape);
    if (cf)
        fprintf(f, "    x = np.moveaxis(x, -1, 1)\n");
    fprintf(f, "    return x.astype(\"%s\")\n", integer_input(g->m) ? "int64" : "float32");
    if (strcmp(nn_elem_str(tr, NN_A_INPUT_FORMAT), "images") == 0) {
        fprintf(f, "\n\ndef load(path):\n"
                   "    \"\"\"(inputs, targets) from a folder with one sub-folder of images per\n"
                   "    class (named as in CLASSES, else sorted).\"\"\"\n"
                   "    height, width, channels = %s[-3:]\n"
                   "    names = CLASSES or sorted(os.listdir(path))\n"
                   "    images, labels = [], []\n"
                   "    for name in names:\n"
                   "        folder = os.path.join(path, name)\n"
                   "        for file in sorted(os.listdir(folder)):\n"
                   "            image = Image.open(os.path.join(folder, file))\n"
                   "            image = image.convert(\"L\" if channels == 1 else \"RGB\")\n"
                   "            image = image.resize((width, height))\n"
                   "            images.append(np.asarray(image, dtype=\"float32\") / 255.0)\n"
                   "            labels.append(name if CLASSES else str(names.index(name)))\n"
                   "    return as_inputs(np.stack(images)), encode_labels(labels)\n", shape);
        return;
    }
    fprintf(f, "\n\ndef load(path):\n"
               "    \"\"\"(inputs, targets) from a CSV file with a header row: the label\n"
               "    column, and the features of one example in the other columns.\"\"\"\n"
               "    with open(path, newline=\"\") as file:\n"
               "        rows = list(csv.reader(file))\n"
               "    header, rows = rows[0], rows[1:]\n"
               "    label = header.index(LABEL_COLUMN) if LABEL_COLUMN else len(header) - 1\n"
               "    labels = [row.pop(label) for row in rows]\n"
               "    x = np.array([[float(v) for v in row] for row in rows])\n"
               "    return as_inputs(x), encode_labels(labels)\n");
}

/* Does a configured metric need precision and recall? */
static int needs_precision(const struct nn_attr *metrics, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *m = metrics->v.items[i].s;
        if (m && (strcmp(m, "precision") == 0 || strcmp(m, "recall") == 0 ||
                  strcmp(m, "f1-score") == 0))
            return 1;
    }
    return 0;
}

/* The configured metrics over numpy arrays. */
static void write_report(struct nn_gen *g, const struct nn_elem *cfg)
{
    FILE *f = g->f;
    const struct nn_attr *metrics = nn_elem_attr(cfg, NN_A_METRICS);
    size_t n = metrics && metrics->v.type == NN_V_LIST ? metrics->v.n : 0;
    fprintf(f, "\n\ndef report(truth, predicted):\n"
               "    \"\"\"Print the configured metrics (precision, recall and F1 are\n"
               "    macro averages over the classes).\"\"\"\n");
    if (needs_precision(metrics, n)) /* computed only when printed */
        fprintf(f, "    classes = np.unique(np.concatenate([truth, predicted]))\n"
                   "    hits = [np.sum((predicted == c) & (truth == c)) for c in classes]\n"
                   "    precision = np.mean([h / max(np.sum(predicted == c), 1)\n"
                   "                         for h, c in zip(hits, classes)])\n"
                   "    recall = np.mean([h / max(np.sum(truth == c), 1)\n"
                   "                      for h, c in zip(hits, classes)])\n");
    int any = 0;
    for (size_t i = 0; i < n || (!n && !any); i++) {
        const char *m = n ? metrics->v.items[i].s : "accuracy";
        any = 1;
        if (!m)
            continue;
        if (strcmp(m, "accuracy") == 0)
            fprintf(f, "    print(f\"accuracy: {np.mean(truth == predicted):.4f}\")\n");
        else if (strcmp(m, "precision") == 0)
            fprintf(f, "    print(f\"precision: {precision:.4f}\")\n");
        else if (strcmp(m, "recall") == 0)
            fprintf(f, "    print(f\"recall: {recall:.4f}\")\n");
        else if (strcmp(m, "f1-score") == 0)
            fprintf(f, "    f1 = 2 * precision * recall / max(precision + recall, 1e-12)\n"
                       "    print(f\"f1-score: {f1:.4f}\")\n");
        else if (strcmp(m, "mae") == 0)
            fprintf(f, "    print(f\"mae: {np.mean(np.abs(truth - predicted)):.4f}\")\n");
    }
}

/* From outputs to predictions: classes, or the values for regression. */
static void write_decide(struct nn_gen *g, const char *loss, enum outkind out)
{
    FILE *f = g->f;
    fprintf(f, "\n\ndef decide(outputs):\n    \"\"\"Model outputs to predicted targets.\"\"\"\n");
    if (strcmp(loss, "crossentropy") == 0)
        fprintf(f, "    return np.argmax(outputs, axis=-1)\n");
    else if (strcmp(loss, "binary_crossentropy") == 0)
        fprintf(f, "    return (outputs.reshape(-1) > %s).astype(\"float32\")\n",
                out == OUT_SIGMOID ? "0.5" : "0.0");
    else
        fprintf(f, "    return outputs.reshape(-1)\n");
}

/* The PyTorch optimiser expression for the configured name. */
static const char *torch_optimiser(struct nn_gen *g, const char *name)
{
    static const char *const rows[][2] = {
        {"sgd", "torch.optim.SGD(\n        params, lr=LEARNING_RATE, momentum=MOMENTUM,\n"
                "        weight_decay=WEIGHT_DECAY)"},
        {"adam", "torch.optim.Adam(\n        params, lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY)"},
        {"adamW", "torch.optim.AdamW(\n        params, lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY)"},
        {"adagrad", "torch.optim.Adagrad(\n        params, lr=LEARNING_RATE, "
                    "weight_decay=WEIGHT_DECAY)"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        if (strcmp(rows[i][0], name) == 0)
            return rows[i][1];
    (void)g;
    return NULL;
}

/* The PyTorch loss for the configured name and the model's output. */
static const char *torch_loss(const char *loss, enum outkind out)
{
    if (strcmp(loss, "crossentropy") == 0)
        return out == OUT_PROBS ? "F.nll_loss(torch.log(outputs.clamp_min(1e-7)), targets)"
                                : "F.cross_entropy(outputs, targets)";
    if (strcmp(loss, "binary_crossentropy") == 0)
        return out == OUT_SIGMOID ? "F.binary_cross_entropy(outputs.reshape(-1), targets)"
                                  : "F.binary_cross_entropy_with_logits(outputs.reshape(-1), "
                                    "targets)";
    return "F.mse_loss(outputs.reshape(-1), targets)";
}

/* regularizers: the config's kernel L2 penalty, exactly as Keras adds it
 * (the factor times the sum of squares, every Linear and convolution
 * kernel, biases and other weights not); type(), not isinstance(), as
 * MultiheadAttention's output projection is an nn.Linear subclass whose
 * Keras counterpart has no regularizer. */
static int write_kernel_penalty(struct nn_gen *g)
{
    if (!(nn_elem_float(g->m->net.config, NN_A_KERNEL_L2) > 0))
        return 0;
    fprintf(g->f, "\n\nKERNELS = (\n    nn.Linear, nn.Conv1d, nn.Conv2d, nn.Conv3d,\n"
                  "    nn.ConvTranspose1d, nn.ConvTranspose2d, nn.ConvTranspose3d)\n"
                  "\n\ndef kernel_penalty(model):\n"
                  "    \"\"\"KERNEL_L2 times the sum of the squares of every kernel.\"\"\"\n"
                  "    return KERNEL_L2 * sum(\n"
                  "        module.weight.square().sum()\n"
                  "        for module in model.modules() if type(module) in KERNELS)\n");
    return 1;
}

/* Training and prediction with a PyTorch loop. */
static void write_torch(struct nn_gen *g, const char *opt, const char *loss, enum outkind out)
{
    FILE *f = g->f;
    fprintf(f, "\n\ndef loss_fn(outputs, targets):\n"
               "    \"\"\"The configured loss (%s).\"\"\"\n    return %s\n", loss,
            torch_loss(loss, out));
    int penalty = write_kernel_penalty(g);
    fprintf(f, "\n\ndef train(model, x, y):\n"
               "    \"\"\"Train for EPOCHS epochs of shuffled mini-batches.\"\"\"\n"
               "    params = model.parameters()\n"
               "    optimiser = %s\n"
               "    data = torch.utils.data.TensorDataset(\n"
               "        torch.as_tensor(x), torch.as_tensor(y))\n"
               "    loader = torch.utils.data.DataLoader(\n"
               "        data, batch_size=BATCH_SIZE, shuffle=True)\n"
               "    for epoch in range(EPOCHS):\n"
               "        model.train()\n"
               "        total = 0.0\n"
               "        for inputs, targets in loader:\n"
               "            optimiser.zero_grad()\n"
               "            loss = loss_fn(model(inputs), targets)%s\n"
               "            loss.backward()\n"
               "            optimiser.step()\n"
               "            total += loss.item() * len(inputs)\n"
               "        print(f\"epoch {epoch + 1}/{EPOCHS}: loss {total / len(x):.4f}\")\n",
            opt, penalty ? " + kernel_penalty(model)" : "");
    fprintf(f, "\n\ndef predict(model, x):\n    \"\"\"The model's outputs, in evaluation mode.\"\"\"\n"
               "    model.eval()\n"
               "    with torch.no_grad():\n"
               "        return model(torch.as_tensor(x)).numpy()\n");
}

/* Training and prediction with compile and fit. */
static void write_keras(struct nn_gen *g, const char *opt, const char *loss, enum outkind out)
{
    FILE *f = g->f;
    static const char *const opts[][2] = {
        {"sgd", "keras.optimizers.SGD(\n        learning_rate=LEARNING_RATE, momentum=MOMENTUM,\n"
                "        weight_decay=WEIGHT_DECAY or None)"},
        {"adam", "keras.optimizers.Adam(\n        learning_rate=LEARNING_RATE,\n"
                 "        weight_decay=WEIGHT_DECAY or None)"},
        {"adamW", "keras.optimizers.AdamW(\n        learning_rate=LEARNING_RATE,\n"
                  "        weight_decay=WEIGHT_DECAY)"},
        {"adagrad", "keras.optimizers.Adagrad(\n        learning_rate=LEARNING_RATE,\n"
                    "        weight_decay=WEIGHT_DECAY or None)"},
    };
    const char *o = opts[0][1];
    for (size_t i = 0; i < sizeof opts / sizeof *opts; i++)
        if (strcmp(opts[i][0], opt) == 0)
            o = opts[i][1];
    const char *l = strcmp(loss, "mse") == 0 ? "keras.losses.MeanSquaredError()"
        : strcmp(loss, "binary_crossentropy") == 0
            ? (out == OUT_SIGMOID ? "keras.losses.BinaryCrossentropy()"
                                  : "keras.losses.BinaryCrossentropy(from_logits=True)")
            : (out == OUT_PROBS ? "keras.losses.SparseCategoricalCrossentropy()"
                                : "keras.losses.SparseCategoricalCrossentropy(from_logits=True)");
    fprintf(f, "\n\ndef train(model, x, y):\n"
               "    \"\"\"Compile with the configured optimiser and loss, then fit.\"\"\"\n"
               "    optimiser = %s\n"
               "    model.compile(\n        optimizer=optimiser,\n        loss=%s)\n"
               "    model.fit(x, y, batch_size=BATCH_SIZE, epochs=EPOCHS, verbose=2)\n", o, l);
    fprintf(f, "\n\ndef predict(model, x):\n    \"\"\"The model's outputs, in inference mode.\"\"\"\n"
               "    return np.asarray(model.predict(x, batch_size=BATCH_SIZE, verbose=0))\n");
}

/* main(): load, train, evaluate. */
static void write_main(struct nn_gen *g)
{
    const char *cls = nn_py_class_name(g->a, g->m->net.head.name);
    fprintf(g->f, "\n\ndef main():\n"
                  "    \"\"\"Train on TRAIN_DATA, then report the metrics on TEST_DATA.\"\"\"\n"
                  "    x, y = load(TRAIN_DATA)\n"
                  "    model = %s()\n"
                  "    train(model, x, y)\n"
                  "    x_test, y_test = load(TEST_DATA) if TEST_DATA else (x, y)\n"
                  "    report(y_test, decide(predict(model, x_test)))\n"
                  "\n\nif __name__ == \"__main__\":\n    main()\n", cls);
}

/* The PyTorch loop, with the optimiser's constructor for opt. */
static void torch_train(struct nn_gen *g, const char *opt, const char *loss, enum outkind out)
{
    write_torch(g, torch_optimiser(g, opt), loss, out);
}

/* Each framework's training code, by framework row. */
static void (*const trainers[NN_FW_COUNT])(struct nn_gen *, const char *, const char *,
                                           enum outkind) = {
    [NN_FW_TORCH] = torch_train,
    [NN_FW_KERAS] = write_keras,
};

void nn_gen_train(struct nn_gen *g)
{
    const struct nn_network *n = &g->m->net;
    if (!n->config || !n->training) {
        nn_gen_error(g, n->head.loc, "--with-training needs a config: and a TrainingDataset: "
                     "section");
        return;
    }
    const char *opt = nn_elem_str(n->config, NN_A_OPTIMISER);
    if (!torch_optimiser(g, opt)) {
        const struct nn_attr *a = nn_elem_attr(n->config, NN_A_OPTIMISER);
        nn_gen_error(g, a ? a->v.loc : n->config->loc, "unknown optimiser '%s'", opt);
        return;
    }
    if (!g->input_shape) { /* the loaders reshape examples to INPUT_SHAPE */
        nn_gen_error(g, n->head.loc, "--with-training needs the input shape of '%s': give it "
                     "input_shape= or use --input-shape N,N,...", n->head.name);
        return;
    }
    const char *loss = nn_elem_str(n->config, NN_A_LOSS_FUNCTION);
    enum outkind out = output_kind(g->m);
    write_settings(g, n->config, n->training, n->test);
    write_loaders(g, n->training, nn_elem_str(n->training, NN_A_TASK_TYPE));
    write_report(g, n->config);
    write_decide(g, loss, out);
    trainers[g->target->fw->id](g, opt, loss, out);
    write_main(g);
}
