"""Sphinx extension: execute the pages that need it in parallel, before Sphinx reads them.

MyST-NB executes each page while Sphinx reads it, one page after another, and most of that
time is spent waiting for one kernel. Just before the read, this extension finds the pages
whose outputs are not in the jupyter-cache, executes them with one kernel per CPU core at a
time, and stores each result in the cache exactly as MyST-NB would (same notebook, same
working directory, same timeout, the run time kept for "About this build"). MyST-NB then
finds every page in the cache.

A page that fails here is not cached: MyST-NB runs it again while reading and reports the
error as usual.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def notebooks_to_execute(app: Sphinx, env, docnames: list[str]) -> dict[str, object]:
    """The pages among ``docnames`` that MyST-NB would execute, read as MyST-NB reads them."""
    from jupyter_cache import get_cache
    from myst_nb.core.read import create_nb_reader

    cache = get_cache(app.config.nb_execution_cache_path)
    pending = {}
    for docname in docnames:
        path = env.doc2path(docname)
        text = Path(path).read_text(encoding="utf-8")
        reader = create_nb_reader(str(path), env.myst_config, env.mystnb_config, text)
        if reader is None:
            continue
        notebook = reader.read(text)
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            pending[str(path)] = notebook
    return pending


def execute(path: str, notebook, timeout: int):
    from jupyter_cache.executors.utils import single_nb_execution

    return single_nb_execution(notebook, cwd=str(Path(path).parent), allow_errors=False,
                               timeout=timeout, meta_override=True)


def execute_in_parallel(app: Sphinx, env, docnames: list[str]) -> None:
    if app.config.nb_execution_mode != "cache":
        return
    pending = notebooks_to_execute(app, env, docnames)
    workers = min(len(pending), os.cpu_count() or 1)
    if workers < 2:
        return  # nothing to gain: MyST-NB executes the page itself
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(app.config.nb_execution_cache_path)
    timeout = app.config.nb_execution_timeout
    logger.info("executing %d pages, %d at a time", len(pending), workers)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        runs = {pool.submit(execute, path, notebook, timeout): path
                for path, notebook in pending.items()}
        for run in as_completed(runs):
            path, result = runs[run], run.result()
            if result.err is None:
                cache.cache_notebook_bundle(
                    CacheBundleIn(pending[path], path, data={"execution_seconds": result.time}),
                    check_validity=False, overwrite=True)
    logger.info("executed in %.1f s", time.perf_counter() - start)


def setup(app: Sphinx) -> dict[str, object]:
    # After library_dependencies has dropped stale pages from the cache (env-get-outdated).
    app.connect("env-before-read-docs", execute_in_parallel)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
