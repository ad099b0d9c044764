# Two entry points for a fresh Debian machine with Python 3.11 (see README):
#   make site   — set up .venv, generate the pages from data/ and build the site into site/
#   make test   — set up .venv, Chromium, LibreOffice and Java, then run the whole test suite (browser tests included)

VENV := .venv
PYTHON := $(VENV)/bin/python
STAMP := $(VENV)/.installed
AXE := tests/browser/node_modules/axe-core/axe.min.js
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test browser libreoffice java benchmark lighthouse clean

site: $(STAMP)
	$(VENV)/bin/mkdocs build
	@echo "Site built in site/. Preview it with: $(VENV)/bin/mkdocs serve"

serve: $(STAMP)
	$(VENV)/bin/mkdocs serve

test: $(STAMP) browser libreoffice java $(AXE)
	$(PYTHON) -m pytest

# Exact versions from requirements.lock; the project itself is installed editable so that
# the MkDocs hook and the tests import src/callcma.
$(STAMP): requirements.lock pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Debian's Chromium: Playwright's own browser download does not work on these machines.
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

# LibreOffice Calc without a display: the spreadsheet test opens faits.xlsx with it, as a reader would.
libreoffice:
	@command -v soffice >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui >/dev/null)

# Java for the Nu Html Checker (vnu.jar, from npm vnu-jar below).
java:
	@command -v java >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null)

# axe-core for the accessibility tests, at the exact version of tests/browser/package-lock.json.
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@command -v npm >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null)
	npm ci --prefix tests/browser --no-audit --no-fund --silent --ignore-scripts
	touch $@

benchmark: $(STAMP)
	$(PYTHON) scripts/benchmark.py

lighthouse: site
	$(PYTHON) scripts/lighthouse_audit.py site

clean:
	rm -rf site docs/donnees $(VENV) tests/browser/node_modules
	find docs -maxdepth 1 -name '*.md' -exec grep -l 'Page générée par' {} + | xargs -r rm
