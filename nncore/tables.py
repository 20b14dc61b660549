"""A small table that renders as HTML in a notebook and as aligned text in a terminal."""

from __future__ import annotations

import html
import numbers
from dataclasses import dataclass
from typing import Sequence


def is_number(value: object) -> bool:
    """Whether a cell holds a number (a bool is not one)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def format_cell(value: object, number_format: str) -> str:
    """A number with ``number_format`` (``-0`` shown as ``0``); an integer or anything else
    with ``str``."""
    if not is_number(value) or isinstance(value, numbers.Integral):
        return str(value)
    text = format(float(value), number_format)
    return text[1:] if text.startswith("-") and float(text) == 0 else text


@dataclass(frozen=True)
class Table:
    """Rows of cells under a header row, with an optional caption.

    Number cells are printed with ``number_format`` (a format spec such as ``".2f"``) and
    aligned right; other cells are printed with ``str``.
    """

    headers: Sequence[str]
    rows: Sequence[Sequence[object]]
    caption: str = ""
    number_format: str = ".4g"

    def __post_init__(self) -> None:
        for i, row in enumerate(self.rows):
            if len(row) != len(self.headers):
                raise ValueError(
                    f"rows[{i}]: expected {len(self.headers)} cells (one per header), "
                    f"got {len(row)}"
                )

    def _repr_html_(self) -> str:
        out = ['<table class="nncore-table">']
        if self.caption:
            out.append(f"<caption>{html.escape(self.caption)}</caption>")
        out.append("<thead><tr>")
        out += [f'<th scope="col">{html.escape(h)}</th>' for h in self.headers]
        out.append("</tr></thead><tbody>")
        for row in self.rows:
            cells = []
            for value in row:
                align = ' class="numeric"' if is_number(value) else ""
                cells.append(f"<td{align}>{html.escape(format_cell(value, self.number_format))}</td>")
            out.append("<tr>" + "\n".join(cells) + "</tr>")
        out.append("</tbody></table>")
        # Line breaks between cells and rows keep their words apart in the search index.
        return "\n".join(out)

    def __str__(self) -> str:
        texts = [[format_cell(v, self.number_format) for v in row] for row in self.rows]
        widths = [max([len(h)] + [len(r[i]) for r in texts]) for i, h in enumerate(self.headers)]
        lines = [self.caption] if self.caption else []
        lines.append("  ".join(h.ljust(w) for h, w in zip(self.headers, widths)))
        lines.append("  ".join("-" * w for w in widths))
        for row, values in zip(texts, self.rows):
            lines.append("  ".join(
                t.rjust(w) if is_number(v) else t.ljust(w)
                for t, v, w in zip(row, values, widths)
            ))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)
