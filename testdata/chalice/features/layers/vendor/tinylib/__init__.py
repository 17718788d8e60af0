"""A vendored module: with automatic_layer, vendor/ goes into the managed layer.

requirements.txt is empty (no download needed); without vendor/ content the
managed layer would be empty and chalice would drop it.
"""


def greet(name):
    return 'hello %s' % name
