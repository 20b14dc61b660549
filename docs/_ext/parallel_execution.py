"""Sphinx extension: execute the pages that need it in parallel, while Sphinx reads the others.

MyST-NB executes each page while Sphinx reads it, one page after another, and most of that
time is spent waiting for one kernel. Just before the read, this extension finds the pages
whose outputs are not in the jupyter-cache and starts executing them, one kernel per CPU core
at a time, the pages with the most code first. Sphinx reads the pages without code first
(the reference pages, whose autodoc takes a while), then each executed page in the order
they were started; when it comes to one, it waits for that page's kernel and stores the result
in the cache exactly as MyST-NB would (same notebook, same working directory, same timeout,
the run time kept for "About this build"). MyST-NB then finds the page in the cache.
On Linux the kernels are forks of one process that has imported, once, the modules the pages
import (``forked_kernels``), so that each page does not pay again for starting Python, IPython,
matplotlib, SymPy and scikit-learn.

A page that fails here is not cached: MyST-NB runs it again while reading and reports the
error as usual.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import Future, wait
from pathlib import Path
from queue import Empty, SimpleQueue

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def notebooks_to_execute(app: Sphinx, env, docnames: list[str]) -> dict[str, object]:
    """The pages among ``docnames`` that MyST-NB would execute, read as MyST-NB reads them,
    by docname."""
    from jupyter_cache import get_cache
    from myst_nb.core.read import create_nb_reader

    cache = get_cache(app.config.nb_execution_cache_path)
    pending = {}
    for docname in docnames:
        path = str(env.doc2path(docname))
        text = Path(path).read_text(encoding="utf-8")
        reader = create_nb_reader(path, env.myst_config, env.mystnb_config, text)
        if reader is None:
            continue
        notebook = reader.read(text)
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            pending[docname] = notebook
    return pending


def code_size(notebook) -> int:
    """The characters of code in ``notebook``: a rough guess of how long it runs."""
    return sum(len(cell.source) for cell in notebook.cells if cell.cell_type == "code")


def execute(path: str, notebook, timeout: int, **client_options):
    from jupyter_cache.executors.utils import single_nb_execution

    return single_nb_execution(notebook, cwd=str(Path(path).parent), allow_errors=False,
                               timeout=timeout, meta_override=True, **client_options)


def start_fork_server(notebooks) -> tuple[object | None, dict[str, object]]:
    """A kernel fork server preloaded with the modules ``notebooks`` import, and the options
    that make nbclient use it; (None, {}) where kernels cannot be forked."""
    from forked_kernels import KernelForkServer, can_fork_kernels, imported_modules

    if not can_fork_kernels():
        return None, {}
    sources = [cell.source for notebook in notebooks for cell in notebook.cells
               if cell.cell_type == "code"]
    server = KernelForkServer(imported_modules(sources))
    return server, {"kernel_manager_class": server.kernel_manager_class()}


def start_executing(app: Sphinx, env, docnames: list[str]) -> None:
    """Start the kernels and reorder ``docnames`` (in place, as Sphinx allows)."""
    app._executions = {}
    if app.config.nb_execution_mode != "cache":
        return
    pending = notebooks_to_execute(app, env, docnames)
    workers = min(len(pending), os.cpu_count() or 1)
    if workers < 2:
        return  # nothing to gain: MyST-NB executes the page itself
    order = sorted(pending, key=lambda docname: -code_size(pending[docname]))
    logger.info("executing %d pages, %d at a time", len(pending), workers)
    app._fork_server, client_options = start_fork_server(pending.values())
    # Once its page has run, a kernel is killed rather than asked to shut down: nothing is lost,
    # and when a build is interrupted, a kernel asked to stop in mid-cell prints tracebacks.
    client_options["shutdown_kernel"] = "immediate"
    timeout = app.config.nb_execution_timeout
    tasks = []
    for docname in order:
        path = str(env.doc2path(docname))
        run = Future()
        tasks.append((run, execute, (path, pending[docname], timeout), client_options))
        app._executions[docname] = (path, pending[docname], run)
    run_in_daemon_threads(tasks, workers)
    docnames[:] = [d for d in docnames if d not in pending] + order


def run_in_daemon_threads(tasks: list[tuple], workers: int) -> None:
    """Run ``(future, function, args, kwargs)`` tasks in order, ``workers`` at a time, each
    result or error set on its future. The threads are daemons (unlike a ThreadPoolExecutor's):
    an interrupted build (Ctrl-C) exits at once instead of executing every page left first;
    the kernels then stop with it (they watch their parent process)."""
    queue = SimpleQueue()
    for task in tasks:
        queue.put(task)

    def work() -> None:
        while True:
            try:
                run, function, args, kwargs = queue.get_nowait()
            except Empty:
                return
            if run.set_running_or_notify_cancel():
                try:
                    run.set_result(function(*args, **kwargs))
                except BaseException as error:  # noqa: BLE001 - handed to whoever waits
                    run.set_exception(error)

    for _ in range(workers):
        threading.Thread(target=work, daemon=True).start()


def store_when_executed(app: Sphinx, docname: str, source: list[str]) -> None:
    """Before Sphinx parses a page executed in the background: wait for it, cache it."""
    execution = getattr(app, "_executions", {}).pop(docname, None)
    if execution is None:
        return
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    path, notebook, run = execution
    try:
        result = run.result()
    except Exception as error:  # noqa: BLE001 - MyST-NB runs the page again and reports
        logger.info("%s: executing in the background failed (%r)", docname, error)
        return
    if result.err is None:
        get_cache(app.config.nb_execution_cache_path).cache_notebook_bundle(
            CacheBundleIn(notebook, path, data={"execution_seconds": result.time}),
            check_validity=False, overwrite=True)


def wait_for_the_rest(app: Sphinx, exception: Exception | None) -> None:
    """Let kernels still running after a failed build finish before Sphinx exits; then stop
    the fork server."""
    runs = [run for _, _, run in getattr(app, "_executions", {}).values()]
    wait([run for run in runs if not run.cancel()])
    if getattr(app, "_fork_server", None) is not None:
        app._fork_server.close()


def setup(app: Sphinx) -> dict[str, object]:
    # After library_dependencies has dropped stale pages from the cache (env-get-outdated).
    app.connect("env-before-read-docs", start_executing)
    app.connect("source-read", store_when_executed)
    app.connect("build-finished", wait_for_the_rest)
    return {"version": "1", "parallel_read_safe": False, "parallel_write_safe": True}
