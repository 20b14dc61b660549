"""Sphinx extension: offer each executed page as a Jupyter notebook download.

MyST-NB writes every executed page to ``<build>/jupyter_execute/<page>.ipynb``, outputs
included. This writes that notebook next to the page's source in ``_sources/`` and tells
sphinx-book-theme about it (``ipynb_source``), which adds ``.ipynb`` to the page's download
menu. The cells get ids from their position (``cell-0``, ``cell-1``, ...) instead of the
random ones jupytext draws, and consecutive pieces of the same output stream are joined (the
kernel splits printed text at times that vary from run to run), so the same sources give the
same file.

MyST-NB's own ``coalesce_streams`` (used when ``nb_merge_streams`` is on) is replaced by
:func:`merged_streams`: MyST-NB's version appends later pieces to the first one *in place*
and then writes the notebook with the later pieces still present (a print the kernel split
in two appeared twice in ``jupyter_execute``), and it ends every piece with a line break (a
print split in mid-line rendered as two lines). :func:`merged_streams` joins the pieces as
they were sent, into copies.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import myst_nb.core.render
from sphinx.application import Sphinx


def _text(output: dict) -> str:
    text = output["text"]
    return text if isinstance(text, str) else "".join(text)


def merged_streams(outputs: list[dict]) -> list[dict]:
    """Copies of ``outputs`` with each run of consecutive ``stdout`` (or ``stderr``) pieces
    joined into one; ``outputs`` is left as it was."""
    merged: list[dict] = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.get("output_type") == "stream" and previous is not None
                and previous.get("output_type") == "stream"
                and previous.get("name") == output.get("name")):
            text = _text(previous) + _text(output)
            as_lines = not isinstance(previous["text"], str)
            previous["text"] = text.splitlines(keepends=True) if as_lines else text
        else:
            merged.append(copy.deepcopy(output))
    return merged


def add_notebook(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if doctree is None or not executed.is_file():
        return
    notebook = json.loads(executed.read_text(encoding="utf-8"))
    for index, cell in enumerate(notebook.get("cells", [])):
        cell["id"] = f"cell-{index}"
        if "outputs" in cell:
            cell["outputs"] = merged_streams(cell["outputs"])
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app: Sphinx) -> dict[str, object]:
    myst_nb.core.render.coalesce_streams = merged_streams
    # Before sphinx-book-theme builds its header buttons (default priority 500).
    app.connect("html-page-context", add_notebook, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
