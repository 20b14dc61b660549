"""The smallest text of a matplotlib SVG figure, read from the file.

The book's figures are written with ``svg.fonttype = "path"`` (``nncore.plotting``): every
character is a ``<use xlink:href="#DejaVuSans-..">`` of a glyph path defined once in
``<defs>``, drawn at 100 units per em (``matplotlib.textpath.TextToPath.FONT_SCALE``) and
placed by a ``scale(...)`` transform on the ``<use>`` element and on the groups around it. A
glyph's font size in the SVG's user units (points for matplotlib) is therefore 100 times the
scale of all the transforms above it; mathtext sub- and superscripts carry their own extra
``scale(0.7)``. On a page the figure shows at the width of its ``<img>``, so a size ``s`` in
user units shows at ``s * rendered width / SVG width`` CSS pixels.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
GLYPH_UNITS_PER_EM = 100.0
TRANSFORM = re.compile(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)")


@dataclass(frozen=True)
class FigureText:
    """The smallest glyph of a figure (None without text) and the figure's width, both in
    the SVG's user units."""

    smallest: float | None
    width: float

    def smallest_css_px(self, rendered_width: float) -> float | None:
        """The smallest text in CSS pixels when the figure shows ``rendered_width`` px wide."""
        if self.smallest is None:
            return None
        return self.smallest * rendered_width / self.width


def area_scale(transform: str | None) -> float:
    """How much an SVG ``transform`` attribute scales areas (the determinant of its linear
    part): translations, rotations and skews keep areas, ``scale(a b)`` multiplies by |ab|."""
    scale = 1.0
    for name, arguments in TRANSFORM.findall(transform or ""):
        numbers = [float(n) for n in re.split(r"[\s,]+", arguments.strip()) if n]
        if name == "scale":
            scale *= numbers[0] * (numbers[1] if len(numbers) > 1 else numbers[0])
        elif name == "matrix":
            a, b, c, d = numbers[:4]
            scale *= a * d - b * c
    return abs(scale)


def glyph_ids(root: ET.Element) -> set[str]:
    """Ids of the glyph paths in ``<defs>``: matplotlib names them font-code
    (``DejaVuSans-30``), its markers and clip paths carry no dash."""
    return {
        element.get("id")
        for defs in root.iter(f"{SVG}defs")
        for element in defs.iter(f"{SVG}path")
        if "-" in (element.get("id") or "")
    }


def figure_text(svg: Path | str) -> FigureText:
    """Smallest text and width of the SVG file ``svg``.

    Text is uniformly scaled, so a glyph's size is 100 times the square root of the area
    scale of the transforms from the root down to its ``<use>`` element (for matplotlib's
    ``scale(s -s)`` and ``scale(0.7)``, the product of the y scales)."""
    root = ET.parse(svg).getroot()
    view_box = root.get("viewBox")
    if view_box:
        width = float(view_box.split()[2])
    else:
        width = float(re.match(r"[0-9.]+", root.get("width", "")).group())
    glyphs = glyph_ids(root)
    sizes: list[float] = []

    def walk(element: ET.Element, scale: float) -> None:
        scale *= area_scale(element.get("transform"))
        href = element.get(XLINK_HREF) or element.get("href") or ""
        if element.tag == f"{SVG}use" and href.startswith("#") and href[1:] in glyphs:
            sizes.append(GLYPH_UNITS_PER_EM * math.sqrt(scale))
        for child in element:
            if child.tag != f"{SVG}defs":
                walk(child, scale)

    walk(root, 1.0)
    return FigureText(min(sizes) if sizes else None, width)
