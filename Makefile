# Backprop, Derived. The two commands a reader needs: `make html` and `make test`.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
SPHINXOPTS ?= -W --keep-going -n
BUILDDIR ?= _build
# --jobs auto: Sphinx reads (and so runs) the pages in one process per core; where it cannot
# fork (Windows), it reads them one after another. --show-traceback: a page whose code raises
# stops the build, and a parallel build prints the cell's traceback only with this.
SPHINX := BACKPROP_BUILD=$(BUILDDIR) $(BIN)/sphinx-build -c . --jobs auto --show-traceback \
	$(SPHINXOPTS)
# The Chinese edition is built beside the English one, then copied into it (MyST-NB writes
# its executed notebooks next to the output folder, which must not be inside the site).
CHINESE := zh_CN

.PHONY: html test gettext generate serve clean bench mutation

# Creates .venv when missing and installs the project with the exact versions tested.
# (PYTHONWARNINGS=ignore: setuptools advises on every editable install of a flat layout.)
$(INSTALLED): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -c constraints.txt -e ".[docs,test]"
	touch $(INSTALLED)

# Everything a build reads. When none of it is newer than the last build, the site is up to
# date and Sphinx does not start (its own finding that nothing changed takes about 8 s for
# the two editions, nearly all of it starting Python and loading each edition's environment).
BUILD_INPUTS := conf.py Makefile \
	$(shell find docs derivations nncore -name __pycache__ -prune -o -name '*.mo' -o -print)

html: $(BUILDDIR)/.html-built  ## Build the site into _build/html, the Chinese edition into _build/html/zh_CN.

$(BUILDDIR)/.html-built: $(INSTALLED) $(BUILD_INPUTS)
	$(SPHINX) -b html -d $(BUILDDIR)/doctrees docs $(BUILDDIR)/html
	$(SPHINX) -b html -D language=$(CHINESE) -d $(BUILDDIR)/$(CHINESE)/doctrees \
		docs $(BUILDDIR)/$(CHINESE)/html
	rm -rf $(BUILDDIR)/html/$(CHINESE)
	cp -R $(BUILDDIR)/$(CHINESE)/html $(BUILDDIR)/html/$(CHINESE)
	touch $@

test: html  ## Run the whole test suite, including the checks of the site just built.
	BACKPROP_SITE=$(BUILDDIR)/html $(BIN)/python -m pytest -n auto --dist loadgroup --no-loadscope-reorder

gettext: $(INSTALLED)  ## Extract the English messages and update docs/locales/zh_CN/*.po.
	$(SPHINX) -b gettext -d $(BUILDDIR)/gettext/doctrees docs $(BUILDDIR)/gettext
	$(BIN)/sphinx-intl update -p $(BUILDDIR)/gettext -l $(CHINESE) -d docs/locales --line-width -1

generate: $(INSTALLED)  ## Regenerate nncore/_generated.py from derivations/.
	$(BIN)/python -m derivations.codegen

serve: $(INSTALLED)  ## Rebuild and reload in the browser on every change.
	BACKPROP_BUILD=$(BUILDDIR) $(BIN)/sphinx-autobuild -b html -c . -n \
		-d $(BUILDDIR)/doctrees docs $(BUILDDIR)/html \
		--watch derivations --watch nncore --watch conf.py \
		--re-ignore "_build/.*|jupyter_execute/.*|.*\.ipynb"

bench: $(INSTALLED)  ## Time nncore against hand-written NumPy (and PyTorch, if installed).
	$(BIN)/python -m bench.run --json $(BUILDDIR)/bench.json

mutation: $(INSTALLED)  ## Mutation testing of derivations/ and nncore/ with the fast tests (long).
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[mutation]"
	$(BIN)/mutmut run
	$(BIN)/mutmut results

clean:  ## Remove the build and the execution cache (not .venv).
	rm -rf $(BUILDDIR)
