"""Sphinx extension: re-execute a page when a library module it imports changes.

jupyter-cache, which MyST-NB uses in ``cache`` mode, recognises a page by its code cells
only, and Sphinx re-reads only the pages whose own source changed. A page that imports
``nncore`` would keep its old outputs after an edit of ``nncore/``. This extension:

1. finds, for every page, the modules of ``derivations/`` and ``nncore/`` it imports, directly
   or through other modules (read from the import statements of its code cells and of the
   modules, with one parser, :meth:`Library.imports_in`, without importing anything);
2. hashes their sources, and keeps the hash of each page next to the execution cache (in
   ``library-dependencies.json`` for the cache, shared by both editions, and in
   ``library-dependencies-<language>.json`` for each edition's doctrees);
3. when a page's hash changes, tells Sphinx to re-read it and drops its entry from the
   execution cache, so that it runs again. Pages that import nothing that changed keep
   their cached outputs.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from jupyter_cache import get_cache
from jupyter_cache.base import JupyterCacheAbstract
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)
PACKAGES = ("derivations", "nncore")
# A page's code cells, and the options that may open one (":tags: ..." lines, or YAML).
CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
CELL_OPTIONS = re.compile(r"\A(?:---\n.*?\n---\n|(?::[^\n]*\n)+)", re.DOTALL)
# A line that may start an import statement (with its parenthesised continuation). Only these
# are parsed: parsing whole cells and modules made this scan about 5 times slower.
IMPORT_LINE = re.compile(
    r"^[ \t]*((?:from[ \t]+[\w.]+[ \t]+)?import\b(?:[^(\n]*\([^)]*\)|[^\n]*))", re.MULTILINE
)


class Library:
    """The modules of the local packages under ``root`` and the imports between them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = {
            ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__"): path
            for package in PACKAGES for path in sorted((root / package).rglob("*.py"))
        }

    def resolve(self, module: str, names: list[str]) -> set[str]:
        """The modules meant by ``from module import names`` (or ``import module``)."""
        found = {module} if module in self.files else set()
        found |= {f"{module}.{name}" for name in names if f"{module}.{name}" in self.files}
        parts = module.split(".")
        found |= {".".join(parts[:i]) for i in range(1, len(parts))} & set(self.files)
        return found

    def imports_in(self, source: str) -> set[str]:
        """The local modules that the import statements of Python ``source`` name, at any
        indentation. Each candidate line is parsed alone, so a line that only looks like an
        import (in a string, say) is skipped, or at worst adds a dependency."""
        found: set[str] = set()
        for statement in IMPORT_LINE.findall(source):
            try:
                nodes = ast.parse(statement).body  # more than one after a ";"
            except SyntaxError:
                continue
            for node in nodes:
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    found |= self.resolve(node.module, [a.name for a in node.names])
                elif isinstance(node, ast.Import):
                    for alias in node.names:
                        found |= self.resolve(alias.name, [])
        return found

    @lru_cache(maxsize=None)
    def imports_of(self, module: str) -> frozenset[str]:
        return frozenset(self.imports_in(self.files[module].read_text(encoding="utf-8")))

    def closure(self, modules: set[str]) -> set[str]:
        """``modules`` and everything they import from the local packages."""
        seen: set[str] = set()
        pending = list(modules)
        while pending:
            module = pending.pop()
            if module not in seen:
                seen.add(module)
                pending.extend(self.imports_of(module))
        return seen

    def hash_of(self, modules: set[str]) -> str:
        digest = hashlib.sha256()
        for module in sorted(modules):
            digest.update(module.encode())
            digest.update(self.files[module].read_bytes())
        return digest.hexdigest()[:16]


def page_imports(library: Library, source: str) -> set[str]:
    """The local modules the code cells of a MyST page import directly."""
    cells = [CELL_OPTIONS.sub("", cell, count=1) for cell in CODE_CELL.findall(source)]
    return set().union(*(library.imports_in(cell) for cell in cells))


def drop_from_cache(cache: JupyterCacheAbstract, page: Path) -> None:
    """Remove the executed copy of ``page`` from the execution cache."""
    for record in cache.list_cache_records():
        if Path(record.uri) == page:
            cache.remove_cache(record.pk)


def outdated_by_library(app: Sphinx, env, added, changed, removed) -> list[str]:
    """The pages to read again. Two records: which library each cached execution ran against
    (shared by the editions, which share the cache) and which library the outputs in this
    edition's doctrees came from (one record per language)."""
    library = Library(Path(app.confdir))
    cache_path = app.config.nb_execution_cache_path
    # Opened (and so created) before Sphinx forks its readers (--jobs): readers that find no
    # cache each create its tables, at the same moment, and one of them fails with "table
    # settings already exists" (jupyter-cache creates a cache without a lock; reported as
    # sphinx-doc/sphinx#12481, which points to the extension using jupyter-cache).
    cache = get_cache(cache_path)
    cache.list_cache_records()
    folder = Path(cache_path).parent
    records = [folder / "library-dependencies.json",
               folder / f"library-dependencies-{app.config.language}.json"]
    executed, read = (json.loads(r.read_text(encoding="utf-8")) if r.exists() else {}
                      for r in records)
    outdated = []
    for docname in sorted(env.found_docs):
        path = Path(env.doc2path(docname))
        modules = library.closure(page_imports(library, path.read_text(encoding="utf-8")))
        current = library.hash_of(modules) if modules else ""
        if executed.get(docname, "") != current:
            drop_from_cache(cache, path)
            executed[docname] = current
        if read.get(docname, "") != current:
            if docname not in added and docname not in changed:
                outdated.append(docname)
            read[docname] = current
    app._library_dependencies = list(zip(records, (executed, read)))
    if outdated:
        logger.info("library changed: re-executing %s", ", ".join(outdated))
    return outdated


def remember_dependencies(app: Sphinx, exception: Exception | None) -> None:
    """Record the hashes only after a build that succeeded, so that a failed build is
    retried in full next time."""
    if exception is None and hasattr(app, "_library_dependencies"):
        for record, known in app._library_dependencies:
            record.parent.mkdir(parents=True, exist_ok=True)
            record.write_text(json.dumps(known, indent=1, sort_keys=True) + "\n",
                              encoding="utf-8")


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("env-get-outdated", outdated_by_library)
    app.connect("build-finished", remember_dependencies)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
