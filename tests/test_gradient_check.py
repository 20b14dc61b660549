"""The gradient check passes right gradients and fails wrong ones."""

from __future__ import annotations

import numpy
import pytest

import nncore

POINT = dict(w0=2.0, x0=-1.0, w1=-3.0, x1=-2.0, w2=-3.0)


def circuit_gradient(**point):
    return dict(zip(point, nncore.sigmoid_circuit_gradient(**point)))


def test_right_gradient_passes_with_small_relative_errors():
    report = nncore.gradient_check(nncore.sigmoid_circuit, POINT, circuit_gradient(**POINT))
    assert report.passed
    assert len(report.entries) == 5
    assert report.max_relative_error < 1e-8


def test_a_dropped_factor_fails_the_check():
    wrong = circuit_gradient(**POINT)
    wrong["w0"] = wrong["w0"] / POINT["x0"]  # the factor x0 of df/dw0 dropped
    report = nncore.gradient_check(nncore.sigmoid_circuit, POINT, wrong)
    assert not report.passed
    assert [e.name for e in report.failures] == ["w0"]
    assert "FAILED (1 of 5 entries)" in report.verdict
    assert "FAIL" in report._repr_html_()


def test_a_missing_sigmoid_factor_fails_on_every_entry():
    wrong = {k: v / 0.19661193324148185 * 0.25 for k, v in circuit_gradient(**POINT).items()}
    assert not nncore.gradient_check(nncore.sigmoid_circuit, POINT, wrong).passed


def test_array_parameters_are_checked_entry_by_entry():
    matrix = numpy.array([[1.0, -2.0, 0.5], [0.3, 0.0, 4.0]])

    def cost(W, b):
        return float(numpy.sum(numpy.sin(W)) * b)

    report = nncore.gradient_check(cost, {"W": matrix, "b": 1.5},
                                   {"W": numpy.cos(matrix) * 1.5, "b": numpy.sum(numpy.sin(matrix))})
    assert report.passed
    assert [e.name for e in report.entries][:2] == ["W[0, 0]", "W[0, 1]"]
    assert report.entries[-1].name == "b"
    assert matrix[0, 0] == 1.0  # the caller's array is not modified


def test_report_renders_as_a_table():
    report = nncore.gradient_check(nncore.sigmoid_circuit, POINT, circuit_gradient(**POINT))
    html = report._repr_html_()
    assert html.startswith('<div class="nncore-report passed"><p>Gradient check PASSED')
    assert '<table class="nncore-table">' in html
    assert html.count("<tr>") == 1 + 5
    for header in ("parameter", "analytic", "numeric", "relative error", "verdict"):
        assert f">{header}</th>" in html
    assert "PASSED" in html and "tolerance 1e-06" in html
    assert "w0" in str(report)


def test_zero_gradients_pass_through_the_absolute_tolerance():
    report = nncore.gradient_check(lambda a, b: a * 0.0 + b, {"a": 1.0, "b": 2.0},
                                   {"a": 0.0, "b": 1.0})
    assert report.passed
    assert report.entries[0].relative_error == 0.0


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (dict(cost=1), TypeError, "^cost: expected a function, got int$"),
        (dict(gradients={**circuit_gradient(**POINT), "x1": numpy.nan}), ValueError,
         r"^gradients\['x1'\]: expected finite numbers"),
        (dict(gradients={"w0": 1.0}), ValueError, "gradients: expected one entry per parameter"),
        (dict(epsilon=0.0), ValueError, "epsilon: expected a finite number > 0"),
        (dict(tolerance=-1.0), ValueError, "tolerance: expected a finite number > 0"),
        (dict(parameters={**POINT, "w0": float("nan")}), ValueError, r"parameters\['w0'\]"),
        (dict(gradients={**circuit_gradient(**POINT), "w0": [1.0, 2.0]}), ValueError,
         r"gradients\['w0'\]: expected shape \(\)"),
        (dict(cost=lambda **p: [1.0, 2.0]), ValueError, "cost: expected a scalar"),
        (dict(cost=lambda **p: float("nan")), ValueError, "cost: returned NaN"),
    ],
)
def test_bad_input_is_named(kwargs, error, message):
    arguments = dict(cost=nncore.sigmoid_circuit, parameters=POINT,
                     gradients=circuit_gradient(**POINT))
    arguments.update(kwargs)
    with pytest.raises(error, match=message):
        nncore.gradient_check(**arguments)


def test_the_function_and_its_module_have_different_names():
    import importlib

    module = importlib.import_module("nncore.gradient_checking")
    assert nncore.gradient_check is module.gradient_check  # the function, not a module
    assert callable(nncore.gradient_check)


def report_of(analytic, numeric, tolerance=0.5, absolute_tolerance=1e-10):
    entry = nncore.GradientEntry("W", (0, 1), analytic, numeric)
    return nncore.GradientCheckReport((entry,), 1e-6, tolerance, absolute_tolerance)


@pytest.mark.parametrize("analytic, numeric, passed", [
    (1.0, 0.5, True),  # relative error 0.5, exactly the tolerance
    (1.0, 0.49, False),  # relative error 0.51
    (-1.0, 0.5, False),  # relative error 1.5 / 1
    (1e-11, -1e-11, True),  # relative error 2, absolute error 2e-11: zero up to round-off
    (1e-10, -1e-10, False),  # absolute error 2e-10
])
def test_an_entry_passes_within_either_tolerance(analytic, numeric, passed):
    report = report_of(analytic, numeric)
    assert report.passed == passed == report.entry_passes(report.entries[0])
    assert report.failures == (() if passed else report.entries)


def test_entry_errors_and_name():
    entry = report_of(-3.0, 1.0).entries[0]
    assert (entry.name, entry.absolute_error, entry.relative_error) == ("W[0, 1]", 4.0, 4 / 3)
    assert report_of(0.0, 2.0).entries[0].relative_error == 1.0


def test_verdict_table_and_html_of_a_failed_check():
    report = report_of(2.0, 1.0, tolerance=1e-3, absolute_tolerance=1e-4)
    assert report.max_relative_error == 0.5
    assert report.verdict == (
        "Gradient check FAILED (1 of 1 entry): largest relative error 5.0e-01 over 1 entry "
        "(tolerance 1e-03, or 1e-04 absolute; central differences, ε = 1e-06).")
    table = report.table()
    assert tuple(table.headers) == ("parameter", "analytic", "numeric", "relative error",
                                    "verdict")
    assert [tuple(row) for row in table.rows] == [("W[0, 1]", 2.0, 1.0, "5.0e-01", "FAIL")]
    assert str(table).splitlines()[-1].split() == ["W[0,", "1]", "2", "1", "5.0e-01", "FAIL"]
    html = report._repr_html_()
    assert html.startswith('<div class="nncore-report failed"><p>Gradient check FAILED')
    assert html.endswith("</table></div>")
    assert repr(report) == f"{report.verdict}\n{table}"


def test_central_differences_use_the_given_step():
    # the cost |w| at 0: the central difference is 0 for any step, but at w = 1e-3 it is
    # 1 for a step below 1e-3 and 1e-3 / step for a larger one
    report = nncore.gradient_check(lambda w: abs(w), {"w": 1e-3}, {"w": 1.0}, epsilon=1e-2)
    assert report.entries[0].numeric == pytest.approx(0.1, rel=1e-9)
    assert report.epsilon == 1e-2
    assert not report.passed


def test_a_scalar_parameter_reaches_the_cost_as_a_number():
    seen = []
    nncore.gradient_check(lambda w: seen.append(w) or 2 * float(w), {"w": 1.5}, {"w": 2.0})
    assert all(type(w) is numpy.float64 for w in seen) and len(seen) == 2


def test_a_cost_that_is_not_finite_during_the_check_is_named():
    with pytest.raises(ValueError, match="^cost: returned NaN or infinity during the gradient "
                                         "check$"):
        nncore.gradient_check(lambda w: 1 / w if w > 0 else numpy.inf, {"w": 0.0},
                              {"w": 1.0}, epsilon=1e-3)


def test_an_entry_at_exactly_the_absolute_tolerance_passes():
    assert report_of(0.5, 0.25, tolerance=1e-3, absolute_tolerance=0.25).passed


def test_the_table_shows_eight_significant_digits_and_the_verdict_of_each_entry():
    report = nncore.GradientCheckReport(
        (nncore.GradientEntry("a", (), 1.23456789, 1.23456789),
         nncore.GradientEntry("b", (), 1e-20, 0.0)), 1e-6, 1e-6, 1e-10)
    lines = str(report.table()).splitlines()
    assert lines[-2].split() == ["a", "1.2345679", "1.2345679", "0.0e+00", "pass"]
    assert lines[-1].split() == ["b", "1e-20", "0", "1.0e+00", "pass"]


def test_a_long_report_shows_its_worst_entries_first():
    # 12 entries whose relative errors are k / 100 for k = 0..11; the entry with the
    # error 0.05 fails (absolute error above 1e-3), the others pass by the absolute tolerance
    entries = tuple(nncore.GradientEntry("w", (k,), 1.0, 1.0 - k / 100) for k in range(12))
    entries = entries[:5] + (nncore.GradientEntry("v", (), 100.0, 95.0),) + entries[6:]
    report = nncore.GradientCheckReport(entries, 1e-6, 1e-3, 0.2)
    assert report.verdict.startswith("Gradient check FAILED (1 of 12 entries): largest "
                                     "relative error 1.1e-01 over 12 entries")
    table = report.table(rows=4)
    assert table.caption == "The 4 worst of 12 entries"
    assert [row[0] for row in table.rows] == ["v", "w[11]", "w[10]", "w[9]"]
    assert [row[-1] for row in table.rows] == ["FAIL", "pass", "pass", "pass"]
    assert len(report.table().rows) == 10
    assert [row[0] for row in report.table(rows=None).rows][:2] == ["w[0]", "w[1]"]
    assert [row[0] for row in report.table(rows=12).rows][-1] == "w[11]"  # all, in order


@pytest.mark.parametrize("rows, error", [(0, ValueError), (2.5, TypeError), (True, TypeError)])
def test_the_number_of_rows_must_be_a_positive_integer(rows, error):
    report = report_of(2.0, 1.0)
    with pytest.raises(error, match="^rows: expected an integer"):
        report.table(rows=rows)
