"""Tables as the pages show them: numbers formatted and aligned right, text aligned left,
``-0`` printed as ``0``, HTML escaped; the same cells in the text and the HTML forms."""

from __future__ import annotations

import numpy
import pytest

from nncore.tables import Table

TABLE = Table(("name", "value", "n"), [("a", 1.23456, 3), ("b<c", -0.00001, True)],
              caption="costs & steps", number_format=".2f")


def test_text_aligns_numbers_right_and_text_left():
    assert str(TABLE) == "\n".join([
        "costs & steps",
        "name  value  n   ",  # headers aligned left
        "----  -----  ----",
        "a      1.23     3",
        "b<c    0.00  True",  # -0.00 shown as 0.00; a bool is text, not a number
    ])
    assert repr(TABLE) == str(TABLE)


def test_html_escapes_and_marks_the_number_cells():
    assert TABLE._repr_html_() == "\n".join([
        '<table class="nncore-table">',
        "<caption>costs &amp; steps</caption>",
        "<thead><tr>",
        '<th scope="col">name</th>',
        '<th scope="col">value</th>',
        '<th scope="col">n</th>',
        "</tr></thead><tbody>",
        '<tr><td>a</td>\n<td class="numeric">1.23</td>\n<td class="numeric">3</td></tr>',
        '<tr><td>b&lt;c</td>\n<td class="numeric">0.00</td>\n<td>True</td></tr>',
        "</tbody></table>",
    ])


def test_without_a_caption_neither_form_has_one():
    table = Table(("x",), [(2.0,)])
    assert str(table) == "x\n-\n2"  # the default format ".4g"
    assert "<caption>" not in table._repr_html_()


@pytest.mark.parametrize("value, text", [
    (numpy.float64(-1e-9), "0.000"),  # rounds to -0.000: shown as 0.000
    (-0.0004, "0.000"),
    (-0.0006, "-0.001"),  # a negative number that does not round to zero keeps its sign
    (numpy.int64(-7), "-7"),  # integers are printed whole
    (2.5, "2.500"),
    ("-0.000", "-0.000"),  # a string is printed as it is
])
def test_number_format_and_negative_zero(value, text):
    assert str(Table(("v",), [(value,)], number_format=".3f")).splitlines()[-1].strip() == text
