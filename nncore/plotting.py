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
COLUMN_WIDTH = 2.0  # horizontal distance between gate columns, in row heights
BEND = 0.3  # length of the slanted last part of a wire that changes rows


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


def circuit_layout(nodes: Sequence) -> list[tuple[float, float]]:
    """A position ``(column, row)`` for each node: inputs in column 0, each gate one column
    right of its latest input; inputs in the order the output reaches them, top to bottom,
    each gate at the mean height of its inputs."""
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
    return [(COLUMN_WIDTH * columns[i], rows.get(i, 0.0)) for i in range(len(nodes))]


def draw_circuit(nodes: Sequence, decimals: int = 2):
    """Draw a computational graph (its nodes as ``derivations.graph.Node``) after its
    forward and backward passes.

    Gates are circles with their label; every wire carries the forward value above it (green)
    and, below it, the gradient that flows back along it (red), printed with ``decimals``
    decimals. The output wire on the right carries the output and the gradient 1.

    Returns the matplotlib figure.
    """
    import matplotlib.pyplot as plt

    positions = circuit_layout(nodes)
    width = max(x for x, _ in positions) + COLUMN_WIDTH
    height = max(y for _, y in positions) + 1
    # 0.52 inch per unit: a 9-column circuit is about 9.7 inches wide, so that on the
    # page (text about 9.4 inches at 72 px per inch) the labels keep their size.
    fig, ax = plt.subplots(figsize=(0.52 * (width + 0.7), 0.52 * (height + 0.4)))
    radius = 0.36
    fmt = f"{{:.{decimals}f}}".format

    def wire(start, end, value, gradient):
        # Horizontal from the source, then straight into the gate: the labels sit on the
        # horizontal part, where wires from different rows never cross.
        (x0, y0), (x1, y1) = start, end
        bend = x1 if y0 == y1 else max(x0 + 0.5 * (x1 - x0), x1 - BEND)
        ax.plot([x0, bend, x1], [y0, y0, y1], color="0.35", lw=1.2, solid_capstyle="round")
        lx = (x0 + bend) / 2
        ax.text(lx, y0 - 0.07, fmt(float(value)), color=VALUE_COLOUR, ha="center",
                va="bottom", fontsize=10, fontweight="bold")
        ax.text(lx, y0 + 0.07, fmt(float(gradient)), color=GRADIENT_COLOUR, ha="center",
                va="top", fontsize=10, fontstyle="italic")

    for index, node in enumerate(nodes):
        x, y = positions[index]
        if node.is_input:
            ax.text(x - 0.05, y, node.label, ha="right", va="center", fontsize=13)
            continue
        ax.add_patch(plt.Circle((x, y), radius, facecolor="#eef2f8", edgecolor="0.25", lw=1.2))
        ax.text(x, y, node.label, ha="center", va="center",
                fontsize=10 if len(node.label) <= 3 else 8)
        for position, source in enumerate(node.inputs):
            sx, sy = positions[source]
            start = (sx + (0.05 if nodes[source].is_input else radius), sy)
            wire(start, (x - radius, y), nodes[source].value, node.sent_back[position])
    ox, oy = positions[-1]
    wire((ox + radius, oy), (ox + COLUMN_WIDTH * 0.8, oy), nodes[-1].value, nodes[-1].gradient)

    ax.set_xlim(-0.75, width - 0.05)
    ax.set_ylim(height - 0.5, -0.5)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.annotate("value above the wire", (0, 1), xycoords="axes fraction", xytext=(0, 4),
                textcoords="offset points", color=VALUE_COLOUR, fontsize=10, fontweight="bold")
    ax.annotate("gradient below the wire", (0, 1), xycoords="axes fraction", xytext=(135, 4),
                textcoords="offset points", color=GRADIENT_COLOUR, fontsize=10,
                fontstyle="italic")
    return fig
