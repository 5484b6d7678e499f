"""A small VGG-style network written as keras.applications writes its models:
a builder function with weights/include_top/input_shape/pooling arguments,
the input shape from imagenet_utils.obtain_input_shape, the data format from
backend.image_data_format(), block helper functions, a weight-loading branch
that weights=None skips, and Functional(inputs, outputs).  nnc migrates the
model built at the bottom, or the one --class 'TinyVGG(...)' asks for."""
from keras.src import backend
from keras.src import layers
from keras.src.applications import imagenet_utils
from keras.src.models import Functional
from keras.src.ops import operation_utils


def conv_block(x, filters, convs, name):
    for i in range(convs):
        x = layers.Conv2D(filters, (3, 3), activation="relu", padding="same",
                          name=f"{name}_conv{i + 1}")(x)
    return layers.MaxPooling2D((2, 2), strides=(2, 2), name=f"{name}_pool")(x)


def TinyVGG(include_top=True, weights="imagenet", input_tensor=None, input_shape=None,
            pooling=None, classes=10, classifier_activation="softmax", name="tiny_vgg"):
    if not (weights in {"imagenet", None}):
        raise ValueError("weights should be None or 'imagenet'")
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=32, min_size=16,
        data_format=backend.image_data_format(), require_flatten=include_top,
        weights=weights)
    if input_tensor is None:
        img_input = layers.Input(shape=input_shape)
    elif not backend.is_keras_tensor(input_tensor):
        img_input = layers.Input(tensor=input_tensor, shape=input_shape)
    else:
        img_input = input_tensor
    channel_axis = 3 if backend.image_data_format() == "channels_last" else 1
    x = conv_block(img_input, 8, 2, "block1")
    x = conv_block(x, 16, 2, "block2")
    x = layers.BatchNormalization(axis=channel_axis, name="bn")(x)
    if include_top:
        x = layers.Flatten(name="flatten")(x)
        x = layers.Dense(32, activation="relu", name="fc1")(x)
        imagenet_utils.validate_activation(classifier_activation, weights)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    elif pooling == "avg":
        x = layers.GlobalAveragePooling2D()(x)
    elif pooling == "max":
        x = layers.GlobalMaxPooling2D()(x)
    if input_tensor is not None:
        inputs = operation_utils.get_source_inputs(input_tensor)
    else:
        inputs = img_input
    model = Functional(inputs, x, name=name)
    if weights == "imagenet":
        model.load_weights("tiny_vgg_weights.h5")
    return model


model = TinyVGG(weights=None)
