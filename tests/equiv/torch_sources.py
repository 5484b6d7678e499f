"""The PyTorch examples the source-vs-migrated oracle (torch_equiv.py) runs.

One row per examples/pytorch/*.py file, written by hand from reading the
file (not from nnc's output):
    builder   a Python expression evaluated in the file's namespace that
              gives the source model (a name the file defines, or a class
              call with the arguments the file itself uses);
    shape     one example's input in the source's own layout; None marks
              the batch axis when it is not the first (time-major RNNs);
    ints      the inputs are token ids (an Embedding comes first): drawn
              from [0, num_embeddings of the first Embedding).
    samples   how many random inputs; 100 unless the row says otherwise.
    inputs    instead of shape, for a forward(self, a, b, ...) of several
              tensors: each parameter's name and shape, in forward's order,
              each in the source's layout (an image channels first); each
              input gets its own random tensor.

The two VGG16 files pool their features to 7x7 adaptively (as torchvision's
VGG16 does), so they take 32x32 images: 100 of them cost what 2 at 224x224
would.
"""

SOURCES = {
    "activations_zoo": dict(builder="Zoo()", shape=(10,)),
    "add_module_mlp": dict(builder="model", shape=(30,)),
    "alexnet_module": dict(builder="AlexNet(num_classes=10)", shape=(3, 224, 224)),
    "alexnet_sequential": dict(builder="model", shape=(3, 224, 224)),
    "attention_matmul": dict(builder="DotAttention()", shape=(7, 32)),
    "self_attention": dict(builder="model", shape=(12, 16)),
    "cross_attention": dict(builder="model", shape=(9, 12)),
    "transformer_encoder": dict(builder="model", shape=(10, 16)),
    "encoder_prenorm_gelu": dict(builder="model", shape=(8, 12)),
    "transformer_classifier": dict(builder="model", shape=(24,), ints=True),
    "layer_scale_block": dict(builder="model", shape=(3, 32, 32)),  # param
    "vit_tiny": dict(builder="model", shape=(3, 16, 16)),  # param
    "autoencoder": dict(builder="AutoEncoder()", shape=(784,)),
    "block_side_input": dict(builder="Head()", shape=(12,)),
    "bilstm_hidden": dict(builder="BiLSTM()", shape=(12,), ints=True),
    "cnn_bn_adaptive": dict(builder="model", shape=(3, 32, 32)),
    "channel_shuffle": dict(builder="model", shape=(3, 8, 8)),
    "cnn_rnn_text": dict(builder="model", shape=(40,), ints=True),
    "conv1d_signal": dict(builder="model", shape=(1, 256)),
    "conv3d_video": dict(builder="m", shape=(3, 8, 32, 32)),
    "conv_pad_same": dict(builder="model", shape=(3, 24, 24)),
    "conv_transpose1d": dict(builder="up1d", shape=(4, 9)),
    "conv_transpose3d": dict(builder="up3d", shape=(2, 3, 4, 5)),
    "dcgan_generator": dict(builder="netG", shape=(32, 1, 1)),
    "dropout_functional": dict(builder="Net()", shape=(100,)),
    "embed_conv1d": dict(builder="model", shape=(50,), ints=True),
    "ensemble_stack": dict(builder="EnsembleRegressor()", shape=(16,)),
    "gated_multiply": dict(builder="GatedUnit()", shape=(64,)),
    "global_pool_mean": dict(builder="GAPNet()", shape=(3, 16, 16)),
    "grouped_conv": dict(builder="model", shape=(3, 20, 20)),
    "grouped_conv1d": dict(builder="net", shape=(8, 40)),
    "gru_classifier": dict(builder="net", shape=(20,), ints=True),
    "lenet5": dict(builder="net", shape=(1, 28, 28)),
    "lstm_mean_pool": dict(builder="MeanPoolLSTM()", shape=(15,), ints=True),
    "lstm_text": dict(builder="model", shape=(100,), ints=True),
    "mlp_mnist": dict(builder="MLP()", shape=(1, 28, 28)),
    "moduledict_heads": dict(builder="Model()", shape=(16,)),
    "modulelist_mlp": dict(builder="model", shape=(10,)),
    "multi_model_file": dict(builder="clf", shape=(3, 32, 32)),
    "nested_sequential": dict(builder="model", shape=(1, 28, 28)),
    "norm_layers": dict(builder="NormNet()", shape=(3, 12, 12)),
    "prelu_elu": dict(builder="model", shape=(3, 16, 16)),  # PReLU
    "ordered_dict_mlp": dict(builder="net", shape=(20,)),
    "pad_crop_shapes": dict(builder="model", shape=(3, 10, 9)),
    "patch_tokens": dict(builder="model", shape=(3, 32, 32)),
    "regression_mlp": dict(builder="model", shape=(13,)),
    "renamed_imports": dict(builder="SmallNet()", shape=(3, 30, 30)),
    "residual_block": dict(builder="model", shape=(3, 32, 32)),
    "se_block": dict(builder="model", shape=(3, 8, 8)),
    "shared_block": dict(builder="model", shape=(12,)),
    "signal_unsqueeze": dict(builder="SignalCNN()", shape=(64,)),
    "slice_chunk": dict(builder="model", shape=(4, 12)),
    "simple_rnn": dict(builder="CharRNN()", shape=(16,), ints=True),
    "squeeze_hidden_rnn": dict(builder="model", shape=(20,), ints=True),
    "stacked_gru_timemajor": dict(builder="model", shape=(10, None, 8)),
    "tensor_math": dict(builder="TensorMath()", shape=(3, 10, 10)),
    "tf_tutorial_cnn_module": dict(builder="model", shape=(3, 32, 32)),
    "tf_tutorial_cnn_sequential": dict(builder="model", shape=(3, 32, 32)),
    "two_branch_concat": dict(builder="net", shape=(3, 32, 32)),
    "unet_inline": dict(builder="model", shape=(3, 32, 32)),
    "upsample_decoder": dict(builder="decoder", shape=(8, 4, 4)),
    "vgg16_module": dict(builder="VGG16(num_classes=10)", shape=(3, 32, 32)),
    "vgg16_sequential": dict(builder="vgg16", shape=(3, 32, 32)),
    # code other people write (torchreal): factories, configurations, several files
    "config_dataclass": dict(builder="stagenet_small()", shape=(3, 16, 16)),
    "factory_resnet": dict(builder="ResNet18()", shape=(3, 16, 16)),
    "project_import": dict(builder="TwoStage()", shape=(3, 16, 16)),
    "lstm_zero_state": dict(builder="model", shape=(10, 8)),
    # tpool: ceil_mode pooling, per-axis convolution padding, ModuleDict blocks
    "ceil_pool_stem": dict(builder="model", shape=(3, 67, 67)),
    "dense_block_dict": dict(builder="model", shape=(3, 8, 8)),
    "factorised_conv": dict(builder="model", shape=(3, 13, 11)),
    "quantized_widths": dict(builder="model", shape=(3, 16, 16)),
    # the architectures people use now (issue 15's examples)
    "mobilenet_v2_small": dict(builder="model", shape=(3, 32, 32)),
    "stats_pooling": dict(builder="model", shape=(20, 50)),
    "fpn_topdown": dict(builder="model", shape=(3, 16, 16)),
    "textcnn_kim": dict(builder="KimCNN()", shape=(20,), ints=True),
    # multiin: blocks whose forward takes several tensors
    "block_two_inputs": dict(builder="net", shape=(4,)),
    "decoder_skip": dict(builder="model", shape=(3, 16, 16)),
    "unet_small": dict(builder="model", shape=(1, 30, 30)),
    # several inputs (forward(self, a, b)): each its own random tensor
    "image_tabular": dict(builder="model", inputs={"image": (3, 32, 32), "features": (5,)}),
    "two_tower": dict(builder="model", inputs={"user": (12,), "item": (20,)}),
    # one block class built with different arguments
    "block_args": dict(builder="model", shape=(3, 8, 8)),
}
