# Back Mice course. Two commands are the contract (see README.md):
#   make lab    set everything up in .venv and open the course in JupyterLab
#   make test   set everything up and run every test
# Everything installs with pip into .venv; nothing is installed system-wide.

PYTHON ?= python3
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
# nbgrader shells out to `alembic` (and jupyter to its sub-commands): every call from make
# must see the virtual environment's bin/ first.
export PATH := $(BIN):$(PATH)
# Use this environment's Jupyter kernels and extensions, not ones from the user's home.
export JUPYTER_PREFER_ENV_PATH := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

ASSIGNMENT_IDS := $(notdir $(patsubst %/,%,$(wildcard solutions/*/)))

.PHONY: help lab test bench site assignments validate clean distclean

help:
	@echo "make lab          install into .venv and open the course in JupyterLab"
	@echo "make lab INSTRUCTOR=1   the same, with nbgrader's Formgrader and assignment list"
	@echo "make test         install into .venv and run every test"
	@echo "make bench        measure speed and size (writes bench/results.json)"
	@echo "make site         build the course website into site/ (offline, lessons executed)"
	@echo "make assignments  regenerate assignments/ (student release) from solutions/"
	@echo "make validate     check every solution scores full marks with nbgrader"
	@echo "make clean        remove generated grading data (keeps .venv)"

# --- environment -------------------------------------------------------------------------
$(VENV)/.python-ok:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	@touch $@

# Runtime: what a student needs (the same pins as environment.yml), and JupyterLab settings
# that stop it asking the internet for news and updates.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings
$(VENV)/.runtime: pyproject.toml assets/jupyterlab/overrides.json $(VENV)/.python-ok
	$(BIN)/python -m pip install --quiet --editable .
	mkdir -p $(LAB_SETTINGS) && cp assets/jupyterlab/overrides.json $(LAB_SETTINGS)/overrides.json
	@touch $@

# Test tools on top of the runtime.
$(VENV)/.test: pyproject.toml $(VENV)/.runtime
	$(BIN)/python -m pip install --quiet --editable ".[test,site]"
	@touch $@

# --- the two commands ----------------------------------------------------------------------
# The student's JupyterLab; `make lab INSTRUCTOR=1` adds nbgrader's Formgrader and lists back
# (backmice/labconfig.py decides both, per launch, on the same install). The same launcher as
# `python -m backmice lab`, the way in without make: one way to start the course.
lab: $(VENV)/.runtime
	$(BIN)/python -m backmice lab $(if $(INSTRUCTOR),--instructor)

# Every test: unit tests, notebook hygiene, the nbgrader pipeline, and nbval over lessons/ and
# solutions/ (see [tool.pytest.ini_options] in pyproject.toml). Self-checks run by the tests
# write to a throw-away progress file, never to ~/.backmice.
test: $(VENV)/.test
	BACKMICE_PROGRESS_FILE="$$(mktemp -d)/progress.json" $(BIN)/python -m pytest -n 2 --dist loadscope

# Speed and size figures (not part of `make test`): bench/run.py explains each one.
bench: $(VENV)/.test
	$(BIN)/python bench/run.py

# The course website (Jupyter Book 1): lessons executed with BACKMICE_STATIC=1 so every tool is a
# plain figure; backmice/site.py explains the build. Its own extra, never on Binder.
$(VENV)/.site: pyproject.toml $(VENV)/.runtime
	$(BIN)/python -m pip install --quiet --editable ".[site]"
	@touch $@

site: $(VENV)/.site
	$(BIN)/python -m backmice.site --out site

# --- instructor helpers --------------------------------------------------------------------
# Regenerates the student release for every assignment in solutions/ (never edit assignments/
# by hand). Uses a throw-away gradebook so an instructor's gradebook.db is never touched.
assignments: $(VENV)/.runtime
	$(BIN)/python -m backmice.release --all

validate: $(VENV)/.runtime
	$(BIN)/python -m backmice.release --validate --all

clean:
	rm -rf submitted autograded feedback release_tmp gradebook.db .pytest_cache

distclean: clean
	rm -rf $(VENV)
