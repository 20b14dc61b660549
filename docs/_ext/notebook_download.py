"""Sphinx extension: offer each executed page as a Jupyter notebook download.

MyST-NB writes every executed page to ``<build>/jupyter_execute/<page>.ipynb``; its outputs
are those of the execution cache (:func:`executed_notebook`). This writes that notebook next
to the page's source in ``_sources/`` and tells
sphinx-book-theme about it (``ipynb_source``), which adds ``.ipynb`` to the page's download
menu. The cells get ids from their position (``cell-0``, ``cell-1``, ...) instead of the
random ones jupytext draws, and consecutive pieces of the same output stream are joined (the
kernel splits printed text at times that vary from run to run), so the same sources give the
same file.

No package does this: MyST-NB's ``jupyter_execute`` copy lacks the outputs on a cache hit,
and MyST-NB's own stream merge (``nb_merge_streams``, which the pages use) ends every piece
with a line break, so a print the kernel split in mid-line would become two lines
(executablebooks/MyST-NB#690; ``tests/test_deterministic_build.py`` fails once that changes).
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
from sphinx.application import Sphinx

GLUE_PREFIX = "application/papermill.record/"


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


def glue_record(output: dict) -> bool:
    """Whether ``output`` only carries a value for ``glue(..., display=False)``, which no
    notebook viewer shows."""
    data = output.get("data", {})
    return bool(data) and all(key.startswith(GLUE_PREFIX) for key in data)


def executed_notebook(app: Sphinx, pagename: str):
    """The page as MyST-NB executed it, outputs from the execution cache.

    On a cache hit MyST-NB writes ``jupyter_execute/<page>.ipynb`` without outputs (it merges
    the cached outputs into a copy it does not write), so they are merged in here again.
    """
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.is_file():
        return None
    notebook = nbformat.read(executed, as_version=4)
    cache_path = Path(app.config.nb_execution_cache_path)
    if app.config.nb_execution_mode == "cache" and cache_path.exists():
        from jupyter_cache import get_cache

        try:
            _, notebook = get_cache(str(cache_path)).merge_match_into_notebook(notebook)
        except KeyError:
            pass  # not in the cache: the file holds what the kernel sent
    return notebook


def add_notebook(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    notebook = executed_notebook(app, pagename) if doctree is not None else None
    if notebook is None:
        return
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index}"
        if "outputs" in cell:
            cell["outputs"] = merged_streams(
                [output for output in cell["outputs"] if not glue_record(output)])
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(nbformat.writes(notebook), encoding="utf-8")
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app: Sphinx) -> dict[str, object]:
    # Before sphinx-book-theme builds its header buttons (default priority 500).
    app.connect("html-page-context", add_notebook, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
