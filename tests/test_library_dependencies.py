"""Pages re-execute when, and only when, a library module they import changes."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
from library_dependencies import Library, page_imports  # noqa: E402

PAGE = """
```{code-cell} ipython3
import nncore
from derivations import graph, display
from derivations.formula import (Formula,
    scalar_formula)
```

Prose that mentions `from nncore import plotting` imports nothing.

```{code-cell} ipython3
:tags: [remove-input]
:mystnb:
:  image:
:    alt: "a figure"

from nncore import _generated as plotting
```
"""


def make_library(root: Path) -> Library:
    files = {
        "derivations/__init__.py": "",
        "derivations/graph.py": ('"""The gates.\n\nimport them first (not Python)."""\n\n\n'
                                 'def gates():\n    from derivations.gates import decompose\n'),
        "derivations/gates.py": "import sympy\n",
        "derivations/display.py": "",
        "derivations/formula.py": "",
        "derivations/unrelated.py": "",
        "nncore/__init__.py": "from nncore._generated import logistic\n",
        "nncore/_generated.py": "from nncore._validation import float_arrays\n",
        "nncore/_validation.py": "",
        "nncore/plotting.py": "",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return Library(root)


def test_a_page_depends_on_what_it_imports_directly_and_indirectly(tmp_path):
    library = make_library(tmp_path)
    modules = library.closure(page_imports(library, PAGE))
    assert modules == {
        "derivations", "derivations.graph", "derivations.gates", "derivations.display",
        "derivations.formula", "nncore", "nncore._generated", "nncore._validation",
    }  # not nncore.plotting: named in prose, and as an alias of another module


def test_every_statement_of_a_line_counts(tmp_path):
    library = make_library(tmp_path)
    assert library.imports_in("import numpy; import nncore.plotting") == {
        "nncore", "nncore.plotting"}


def test_the_hash_changes_with_a_dependency_and_not_with_other_modules(tmp_path):
    library = make_library(tmp_path)
    modules = library.closure(page_imports(library, PAGE))
    before = library.hash_of(modules)
    (tmp_path / "derivations" / "unrelated.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "nncore" / "plotting.py").write_text("y = 2\n", encoding="utf-8")
    assert Library(tmp_path).hash_of(modules) == before
    (tmp_path / "derivations" / "gates.py").write_text("import sympy  # edited\n",
                                                     encoding="utf-8")
    assert Library(tmp_path).hash_of(modules) != before


def test_the_chapters_import_the_library():
    library = Library(ROOT)
    source = (ROOT / "docs" / "chapters" / "computational-graph.md").read_text(encoding="utf-8")
    modules = library.closure(page_imports(library, source))
    assert {"derivations.chain_rule", "derivations.graph", "nncore._generated"} <= modules
    assert "derivations.codegen" not in modules


def test_each_edition_reads_a_changed_page_again_but_only_the_first_runs_it(tmp_path,
                                                                            monkeypatch):
    """The English and the Chinese editions share the execution cache: after a change of a
    module a page imports, the first build drops the page's cached execution (so it runs
    again) and both builds read the page again."""
    import library_dependencies

    make_library(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text(PAGE, encoding="utf-8")
    dropped = []
    monkeypatch.setattr(library_dependencies, "drop_from_cache",
                        lambda cache, page: dropped.append(page.name))

    def build(language: str) -> list[str]:
        config = SimpleNamespace(language=language,
                                 nb_execution_cache_path=str(tmp_path / "_build" / "cache"))
        app = SimpleNamespace(confdir=str(tmp_path), config=config)
        env = SimpleNamespace(found_docs={"page"},
                              doc2path=lambda docname: tmp_path / "docs" / f"{docname}.md")
        outdated = library_dependencies.outdated_by_library(app, env, set(), set(), set())
        library_dependencies.remember_dependencies(app, None)
        return outdated

    assert (build("en"), build("zh_CN"), dropped) == (["page"], ["page"], ["page.md"])
    assert (build("en"), build("zh_CN"), dropped) == ([], [], ["page.md"])
    with (tmp_path / "nncore" / "_validation.py").open("a", encoding="utf-8") as module:
        module.write("CHANGED = True\n")
    assert (build("en"), build("zh_CN")) == (["page"], ["page"])
    assert dropped == ["page.md", "page.md"]
