# The two commands a new user needs: `make run` opens Liaison, `make test` runs every check.
# Both set up what they need first: Debian's libraries for Qt, then a virtual environment in .venv.

VENV := .venv
PYTHON := $(VENV)/bin/python
READY := $(VENV)/.ready
PACKAGED := $(VENV)/.package-ready

.PHONY: run test lint clean package

run: $(READY)
	$(PYTHON) main.py $(ARGS)

test: $(READY)
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(VENV)/bin/ruff check .
	QT_QPA_PLATFORM=offscreen $(PYTHON) -m pytest --numprocesses auto $(PYTEST_ARGS)

# The self-contained Liaison for this system, in dist/ (scripts/package.py says what it builds),
# smoke-tested; PyInstaller comes from the `package` extra, installed here only.
package: $(PACKAGED)
	$(PYTHON) scripts/package.py $(PACKAGE_ARGS)

$(PACKAGED): $(READY)
	scripts/install-system-packages package
	$(PYTHON) -m pip install --quiet --editable '.[test,package]'
	touch $(PACKAGED)

$(READY): pyproject.toml scripts/install-system-packages
	scripts/install-system-packages
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet --editable '.[test]'
	touch $(READY)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
