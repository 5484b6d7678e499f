"""The pre-activation variant of resnet_tiny.py's network, built the way
keras.applications builds ResNet50V2 from resnet.py: the builder and the
blocks are imported from the module beside this file, only the stack of
blocks is written here, with a dropout before the head."""
from keras import layers

from resnet_tiny import preact_block, resnet_tiny


def resnet_tiny_v2(input_shape=(16, 16, 3), classes=5):
    def stack_fn(x):
        x = preact_block(x, 8, name="conv2_block1")
        x = preact_block(x, 16, stride=2, name="conv3_block1")
        x = preact_block(x, 16, name="conv3_block2")
        return layers.Dropout(0.2, name="stack_dropout")(x)

    return resnet_tiny(stack_fn, True, input_shape=input_shape, classes=classes,
                       name="resnet_tiny_v2")


model = resnet_tiny_v2()
