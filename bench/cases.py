"""The benchmark's data and initial parameters, drawn as in the book's chapters, each from
an explicit :class:`numpy.random.RandomState`."""

from __future__ import annotations

import numpy
from sklearn.datasets import load_digits, make_circles
from sklearn.model_selection import train_test_split

#: Part 4's learning rate and momentum (for the summed cost over 100 samples).
PART4_LEARNING_RATE, PART4_MOMENTUM = 0.02, 0.9
#: The digits chapter's learning rate and batch size.
DIGITS_LEARNING_RATE, DIGITS_BATCH = 0.1, 25


def draw_series_parameters(random_state, sizes, scale):
    """Per layer, ``b = randn(1, out) * scale`` then ``W = randn(in, out) * scale`` (the
    series' order b_h, W_h, b_o, W_o); returns ``[(W, b), ...]``."""
    parameters = []
    for inputs, outputs in zip(sizes[:-1], sizes[1:]):
        b = random_state.randn(1, outputs) * scale
        W = random_state.randn(inputs, outputs) * scale
        parameters.append((W, b))
    return parameters


def circles(samples, seed=1):
    """Part 4's case at ``samples`` points: ``(X, T, parameters, learning_rate, momentum)``.

    As in the chapter: one random state draws the circles, then parameters at scale 1 (the
    gradient check's, unused here), then the training start at scale 0.1. The summed cost
    grows with the number of samples, so the learning rate is 0.02 scaled by 100 / samples
    (at N = 10,000 the unscaled 0.02 diverges).
    """
    rs = numpy.random.RandomState(seed)
    X, labels = make_circles(n_samples=samples, shuffle=False, factor=0.3, noise=0.1,
                             random_state=rs)
    T = numpy.eye(2)[labels]
    draw_series_parameters(rs, (2, 3, 2), scale=1.0)
    start = draw_series_parameters(rs, (2, 3, 2), scale=0.1)
    return X, T, start, PART4_LEARNING_RATE * 100 / samples, PART4_MOMENTUM


def digits(batch_size=DIGITS_BATCH, seed=1):
    """The digits case: ``(batches, parameters, learning_rate)``.

    As in the chapter: raw pixels (0 to 16) and one-hot targets; one random state splits off
    60 % for training (then validation and test) and draws each ``W`` as
    ``randn(in, out) * 0.1`` with zero biases. The training set is cut in order into
    consecutive batches of exactly ``batch_size`` samples (the last few samples are dropped).
    """
    rs = numpy.random.RandomState(seed)
    data = load_digits()
    X, T = data.data, numpy.eye(10)[data.target]
    X_train, X_rest, T_train, T_rest = train_test_split(X, T, test_size=0.4, random_state=rs)
    train_test_split(X_rest, T_rest, test_size=0.5, random_state=rs)
    sizes = (64, 20, 20, 10)
    start = [(rs.randn(n_in, n_out) * 0.1, numpy.zeros((1, n_out)))
             for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    batches = [(numpy.ascontiguousarray(X_train[i:i + batch_size]),
                numpy.ascontiguousarray(T_train[i:i + batch_size]))
               for i in range(0, len(X_train) - batch_size + 1, batch_size)]
    return batches, start, DIGITS_LEARNING_RATE
