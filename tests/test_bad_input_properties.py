"""Property tests: bad input to nncore's public functions is refused with a named error.

Whatever the bad value (a string, None, an object or complex array, NaN or infinity, an
empty array, shapes that do not broadcast), each call raises ``TypeError`` or ``ValueError``
whose message names the argument and says what was expected; none returns NaN. Integers are
accepted: they are exact real numbers and are converted to float64.
"""

from __future__ import annotations

import re

import numpy
import pytest
from hypothesis import given
from hypothesis import strategies as st

import nncore
import nncore._generated as generated
from derivations.registry import FORMULAS
from nncore.tables import Table

FUNCTIONS = [(f.name, [str(a) for a in f.arguments]) for f in FORMULAS]

good_numbers = st.floats(min_value=-10, max_value=10, allow_nan=False)
bad_values = st.one_of(
    st.text(max_size=5).map(lambda s: (s, TypeError, "expected real numbers")),
    st.none().map(lambda s: (s, TypeError, "expected real numbers")),
    st.builds(lambda n: (numpy.array([object()] * n, dtype=object), TypeError, "dtype object"),
              st.integers(1, 3)),
    st.complex_numbers(allow_nan=False, allow_infinity=False, min_magnitude=1e-3).map(
        lambda c: (numpy.array([c]), TypeError, "complex")),
    st.sampled_from([numpy.nan, numpy.inf, -numpy.inf]).map(
        lambda v: (numpy.array([1.0, v]), ValueError, "expected finite numbers")),
    st.just((numpy.array([]), ValueError, "expected at least one number")),
)


@pytest.mark.parametrize("name, arguments", FUNCTIONS, ids=[f[0] for f in FUNCTIONS])
@given(data=st.data())
def test_generated_functions_name_the_bad_argument(name, arguments, data):
    function = getattr(generated, name)
    values = {a: data.draw(good_numbers) for a in arguments}
    bad_argument = data.draw(st.sampled_from(arguments))
    value, error, expected = data.draw(bad_values)
    values[bad_argument] = value
    with pytest.raises(error) as raised:
        function(**values)
    message = str(raised.value)
    assert message.startswith(f"{bad_argument}: "), message
    assert re.search(expected, message), message


@pytest.mark.parametrize("name, arguments", [f for f in FUNCTIONS if len(f[1]) > 1],
                         ids=[f[0] for f in FUNCTIONS if len(f[1]) > 1])
@given(first=st.integers(2, 5), second=st.integers(2, 5))
def test_shapes_that_do_not_broadcast_are_refused(name, arguments, first, second):
    if first == second:
        second = first + 1
    values = {a: 1.0 for a in arguments}
    values[arguments[0]] = numpy.ones(first)
    values[arguments[1]] = numpy.ones(second)
    with pytest.raises(ValueError, match="arguments must broadcast to one shape") as raised:
        getattr(generated, name)(**values)
    assert f"{arguments[0]} ({first},)" in str(raised.value)


@given(value=st.integers(-50, 50))
def test_integers_are_exact_numbers(value):
    assert nncore.warm_up_circuit(value, 1, 2) == (value + 1) * 2


POINT = {"w0": 2.0, "x0": -1.0, "w1": -3.0, "x1": -2.0, "w2": -3.0}
bad_positive = st.one_of(
    st.floats(max_value=0.0, allow_nan=False).map(lambda v: (v, ValueError)),
    st.sampled_from([numpy.nan, numpy.inf]).map(lambda v: (v, ValueError)),
    st.text(max_size=3).map(lambda v: (v, TypeError)),
    st.just((True, TypeError)),
)


@given(setting=st.sampled_from(["epsilon", "tolerance", "absolute_tolerance"]),
       bad=bad_positive)
def test_gradient_check_refuses_bad_settings(setting, bad):
    value, error = bad
    gradients = dict(zip(POINT, nncore.sigmoid_circuit_gradient(**POINT)))
    with pytest.raises(error, match=f"^{setting}: expected a finite number > 0"):
        nncore.gradient_check(nncore.sigmoid_circuit, POINT, gradients, **{setting: value})


@given(name=st.sampled_from(list(POINT)), bad=bad_values)
def test_gradient_check_names_the_bad_parameter(name, bad):
    value, error, expected = bad
    gradients = dict(zip(POINT, nncore.sigmoid_circuit_gradient(**POINT)))
    with pytest.raises(error, match=rf"^parameters\['{name}'\]: .*{expected}"):
        nncore.gradient_check(nncore.sigmoid_circuit, {**POINT, name: value}, gradients)


@given(width=st.integers(1, 4), extra=st.integers(1, 3))
def test_table_refuses_ragged_rows(width, extra):
    headers = [f"h{i}" for i in range(width)]
    with pytest.raises(ValueError, match=rf"rows\[1\]: expected {width} cells"):
        Table(headers, [[0] * width, [0] * (width + extra)])


# --- the layer library: layers, sequential networks, optimisers -------------------------

def small_network():
    return nncore.Sequential.from_sizes((2, 3, 2), numpy.random.RandomState(0))


@given(which=st.sampled_from(["x", "t"]), bad=bad_values)
def test_prepare_names_the_bad_argument(which, bad):
    value, error, expected = bad
    arguments = {"x": numpy.ones((4, 2)), "t": numpy.eye(2)[[0, 1, 1, 0]]}
    arguments[which] = value
    with pytest.raises((TypeError, ValueError)) as raised:
        small_network().prepare(**arguments)
    message = str(raised.value)
    assert message.startswith(f"{which}: "), message
    if raised.type is error:
        assert re.search(expected, message) or "expected shape" in message, message


@given(rows=st.integers(1, 5), columns=st.integers(1, 5), classes=st.integers(1, 5))
def test_prepare_refuses_shapes_that_do_not_fit(rows, columns, classes):
    x = numpy.ones((rows, columns))
    t = numpy.zeros((rows, classes))
    t[:, 0] = 1
    if columns == 2 and classes == 2:
        t = t[:-1] if rows > 1 else numpy.zeros((rows, 2))
    with pytest.raises(ValueError, match="^(x|t): expected"):
        small_network().prepare(x, t)


@given(which=st.sampled_from(["weights", "bias"]), bad=bad_values)
def test_linear_layer_names_the_bad_argument(which, bad):
    value, error, expected = bad
    arguments = {"weights": numpy.ones((2, 3)), "bias": numpy.zeros((1, 3))}
    arguments[which] = value
    with pytest.raises((TypeError, ValueError), match=f"^{which}: "):
        nncore.Linear(**arguments)


@given(bad=bad_positive)
def test_optimisers_refuse_a_bad_learning_rate(bad):
    value, error = bad
    with pytest.raises(error, match="^learning_rate: "):
        nncore.GradientDescent(value)
    with pytest.raises(error, match="^learning_rate: "):
        nncore.Momentum(value, 0.5)


@given(momentum=st.one_of(st.floats(max_value=-1e-9), st.floats(min_value=1.0),
                          st.sampled_from([numpy.nan, numpy.inf])))
def test_momentum_outside_zero_to_one_is_refused(momentum):
    with pytest.raises(ValueError, match=r"^momentum: expected a finite number >= 0 and < 1"):
        nncore.Momentum(0.1, momentum)


@given(count=st.one_of(st.integers(max_value=0), st.floats(allow_nan=False),
                       st.text(max_size=2), st.booleans()))
def test_training_counts_must_be_integers_large_enough(count):
    network = small_network()
    batch = network.prepare(numpy.ones((4, 2)), numpy.eye(2)[[0, 1, 1, 0]])
    with pytest.raises((TypeError, ValueError), match="^batch_size: "):
        nncore.train(network, batch, nncore.GradientDescent(0.1), epochs=2, batch_size=count)
    epochs = count - 1 if type(count) is int else count  # 0 epochs are allowed, -1 is not
    with pytest.raises((TypeError, ValueError), match="^epochs: "):
        nncore.train(network, batch, nncore.GradientDescent(0.1), epochs=epochs)
