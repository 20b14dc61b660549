"""Sphinx extension: offer each executed page as a Jupyter notebook download.

MyST-NB writes every executed page to ``<build>/jupyter_execute/<page>.ipynb``, outputs
included. This writes that notebook next to the page's source in ``_sources/`` and tells
sphinx-book-theme about it (``ipynb_source``), which adds ``.ipynb`` to the page's download
menu. The cells get ids from their position (``cell-0``, ``cell-1``, ...) instead of the
random ones jupytext draws, and consecutive pieces of the same output stream are joined (the
kernel splits printed text at times that vary from run to run), so the same sources give the
same file.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx


def merged_streams(outputs: list[dict]) -> list[dict]:
    """``outputs`` with each run of consecutive ``stdout`` (or ``stderr``) pieces joined."""
    merged: list[dict] = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.get("output_type") == "stream" and previous is not None
                and previous.get("output_type") == "stream"
                and previous.get("name") == output.get("name")):
            text = "".join(previous["text"]) + "".join(output["text"])
            previous["text"] = text.splitlines(keepends=True)
        else:
            merged.append(output)
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
    # Before sphinx-book-theme builds its header buttons (default priority 500).
    app.connect("html-page-context", add_notebook, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
