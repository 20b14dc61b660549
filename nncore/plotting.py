"""Figures shared by the pages, with matplotlib only (imported here, not by ``import nncore``).

Call :func:`use_book_style` once at the top of a page: it sets the figure format and a
style that reads well on the site.
"""

from __future__ import annotations

from typing import Sequence

VALUE_COLOUR = "#1a7a3a"  # forward values, above the wires (as in the CS231n lecture)
GRADIENT_COLOUR = "#b3261e"  # gradients, below the wires
# The two classes of the series: colour and marker shape differ, so that they stay apart in
# grey print and for readers who do not tell red from blue.
RED_CLASS = {"color": "#c62828", "marker": "o", "label": "red class (t = 0)"}
BLUE_CLASS = {"color": "#1f5fa8", "marker": "^", "label": "blue class (t = 1)"}
def use_book_style() -> None:
    """SVG figures with fixed metadata (the same sources give the same files) and a clean style."""
    import matplotlib
    import matplotlib_inline.backend_inline

    matplotlib_inline.backend_inline.set_matplotlib_formats("svg", metadata={"Date": None})
    matplotlib.rcParams.update({
        "svg.hashsalt": "backprop-derived",
        "svg.fonttype": "path",
        "font.size": 11,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "figure.dpi": 100,
    })


def circuit_layout(nodes: Sequence) -> list[tuple[int, float]]:
    """A grid position ``(column, row)`` for each node: inputs in column 0, each gate one
    column right of its latest input; inputs in the order the output reaches them, top to
    bottom, each gate at the mean height of its inputs."""
    columns: list[int] = []
    for node in nodes:
        columns.append(0 if node.is_input else 1 + max(columns[i] for i in node.inputs))
    rows: dict[int, float] = {}

    def place(index: int) -> float:
        if index not in rows:
            node = nodes[index]
            if node.is_input:
                rows[index] = float(sum(1 for i in rows if nodes[i].is_input))
            else:
                heights = [place(i) for i in node.inputs]
                rows[index] = sum(heights) / len(heights)
        return rows[index]

    place(len(nodes) - 1)
    return [(columns[i], rows.get(i, 0.0)) for i in range(len(nodes))]


def circuit_number(value: object, decimals: int = 4) -> str:
    """A wire's number as the pages print it: an integer as an integer (``2``, ``-1``), any
    other value with ``decimals`` decimals."""
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:.{decimals}f}"


def draw_circuit(nodes: Sequence, decimals: int = 4, fontsize: float = 8.0):
    """Draw a computational graph (its nodes as ``derivations.graph.Node``) after its
    forward and backward passes.

    Gates are circles with their label; every wire carries the forward value above it (green,
    bold) and, below it, the gradient that flows back along it (red, italic), printed by
    :func:`circuit_number`. The output wire on the right carries the output and the
    gradient 1.

    The layout is computed in points from the widths of the labels, so that nothing
    overlaps: each column is as wide as the widest label on a wire entering it, and each
    circle as wide as its label. Text is ``fontsize`` points (input names a little larger);
    a figure up to 7 inches wide shows on the site at its natural size, where 8 points are
    10.7 CSS pixels. The layout suits circuits whose inputs each feed one gate (the wires
    of an input that forks would cross).

    Returns the matplotlib figure.
    """
    import matplotlib.pyplot as plt
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    value_font = FontProperties(size=fontsize, weight="bold")
    gradient_font = FontProperties(size=fontsize, style="italic")
    gate_font = FontProperties(size=fontsize)
    name_font = FontProperties(size=fontsize * 1.25)

    def text_width(text: str, font: FontProperties) -> float:
        return TextPath((0, 0), text, prop=font).get_extents().width

    grid = circuit_layout(nodes)
    columns = 1 + max(c for c, _ in grid)
    text_height = 1.25 * fontsize
    pad, bend = 0.45 * fontsize, 1.2 * fontsize
    # every circle holds its label, and none is smaller than the one holding "exp"
    radius = [0.0 if n.is_input else 0.4 * fontsize + max(text_width(n.label, gate_font),
                                                            text_width("exp", gate_font)) / 2
              for n in nodes]

    # Horizontal room before each column: the widest label on a wire entering it, plus a
    # bend where a wire enters from another row.
    room = [0.0] * (columns + 1)
    for j, node in enumerate(nodes):
        for k, i in enumerate(node.inputs):
            width = max(text_width(circuit_number(nodes[i].value, decimals), value_font),
                        text_width(circuit_number(node.sent_back[k], decimals), gradient_font))
            turn = bend if grid[i][1] != grid[j][1] else 0.0
            if grid[i][0] == grid[j][0] - 1:
                room[grid[j][0]] = max(room[grid[j][0]], width + 2 * pad + turn)
    room[columns] = 2 * pad + max(
        text_width(circuit_number(nodes[-1].value, decimals), value_font),
        text_width(circuit_number(nodes[-1].gradient, decimals), gradient_font))
    widest = [max([radius[i] for i in range(len(nodes)) if grid[i][0] == c], default=0.0)
              for c in range(columns)]
    name_width = max(text_width(n.label, name_font) for n in nodes if n.is_input)
    xs = [name_width + pad]
    for c in range(1, columns):
        xs.append(xs[-1] + widest[c - 1] + room[c] + widest[c])
    width = xs[-1] + widest[-1] + room[columns] + pad
    # The key on one line above the circuit, or on two where the circuit is narrower.
    key = (("value above the wire", VALUE_COLOUR, value_font),
           ("gradient below the wire", GRADIENT_COLOUR, gradient_font))
    key_widths = [text_width(text, font) for text, _, font in key]
    one_line = sum(key_widths) + 5 * pad <= width
    width = max(width, max(key_widths) + 2 * pad)
    key_lines = 1 if one_line else 2

    row_height = 2 * text_height + 3 * pad
    # the key, then the labels above the first row
    top = key_lines * text_height + 2 * pad + text_height
    height = top + row_height * max(r for _, r in grid) + text_height + pad
    positions = [(xs[c], top + row_height * r) for c, r in grid]

    fig = plt.figure(figsize=(width / 72, height / 72))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_aspect("equal")
    ax.axis("off")

    def wire(start, corner, end, value, gradient):
        # Horizontal from the source to the corner, then straight to the end: the labels
        # sit on the horizontal part, where wires from different rows never cross.
        (x0, y0), (x1, y1) = start, end
        ax.plot([x0, corner, x1], [y0, y0, y1], color="0.35", lw=1.0, solid_capstyle="round")
        middle = (x0 + corner) / 2
        ax.text(middle, y0 - 0.15 * fontsize, circuit_number(value, decimals),
                color=VALUE_COLOUR, ha="center", va="bottom", fontproperties=value_font)
        ax.text(middle, y0 + 0.15 * fontsize, circuit_number(gradient, decimals),
                color=GRADIENT_COLOUR, ha="center", va="top", fontproperties=gradient_font)

    for index, node in enumerate(nodes):
        x, y = positions[index]
        r = radius[index]
        if node.is_input:
            ax.text(x - pad / 2, y, node.label, ha="right", va="center", fontproperties=name_font)
            continue
        ax.add_patch(plt.Circle((x, y), r, facecolor="#eef2f8", edgecolor="0.25", lw=1.0))
        ax.text(x, y, node.label, ha="center", va="center_baseline", fontproperties=gate_font)
        for position, source in enumerate(node.inputs):
            sx, sy = positions[source]
            if sy == y:
                corner, end = x - r, (x - r, y)
            else:  # the slanted part points at the centre and stops at the circle
                corner = x - r - bend
                dx, dy = x - corner, y - sy
                length = (dx ** 2 + dy ** 2) ** 0.5
                end = (x - r * dx / length, y - r * dy / length)
            wire((sx + radius[source], sy), corner, end, nodes[source].value,
                 node.sent_back[position])
    ox, oy = positions[-1]
    wire((ox + radius[-1], oy), width - pad, (width - pad, oy), nodes[-1].value,
         nodes[-1].gradient)

    for line, (text, colour, font) in enumerate(key):
        x = pad + (key_widths[0] + 3 * pad if one_line and line else 0.0)
        y = text_height * (1 if one_line else 1 + line)
        ax.text(x, y, text, color=colour, ha="left", va="center", fontproperties=font)
    return fig
