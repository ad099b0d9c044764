# Entry points for a fresh Debian machine with Python 3.11 (see README):
#   make site            — set up .venv, generate docs/ from data/, build site/ with MkDocs, zip it for offline reading
#   make site-zensical   — the same site, built with Zensical instead of MkDocs
#   make serve           — preview with `mkdocs serve`, regenerated whenever data/ or a template changes
#   make test            — set up .venv, Chromium, LibreOffice and Java, then run the whole test suite (browser tests included)
#   make benchmark       — time the build (scripts/benchmark.py; a measurement, not a test)
#   make lighthouse      — audit every page with Lighthouse CI (lighthouserc.json)
#   make communes        — regenerate the official datasets' extracts under data/sources/ from the pinned packages
#   make clean           — remove what the build and the installs wrote

VENV := .venv
PYTHON := $(VENV)/bin/python
CALLCMA := $(VENV)/bin/callcma
STAMP := $(VENV)/.installed
AXE := tests/browser/node_modules/axe-core/axe.min.js
PA11Y := tests/pa11y/node_modules/pa11y/package.json
LHCI := scripts/lighthouse/node_modules/.bin/lhci
# Debian's Chromium and its flags, from src/callcma/settings.py (read only when the lighthouse target runs).
CHROMIUM = $(shell $(PYTHON) -c 'from callcma.settings import CHROMIUM; print(CHROMIUM)')
CHROMIUM_FLAGS = $(shell $(PYTHON) -c 'from callcma.settings import CHROMIUM_FLAGS; print(" ".join(CHROMIUM_FLAGS))')
DECOUPAGE := scripts/communes/node_modules/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site site-zensical serve test pango browser libreoffice java benchmark lighthouse clean communes

# generate → the engine's build → package, dated from the last commit (src/callcma/cli.py, stages/__init__.py, engines.py).
site: $(STAMP) pango
	$(CALLCMA) site --engine mkdocs
	@echo "Site built in site/. Preview it with: make serve"

site-zensical: $(STAMP) pango
	$(CALLCMA) site --engine zensical

serve: $(STAMP) pango
	$(VENV)/bin/mkdocs serve --config-file mkdocs-serve.yml

# Two workers, one per core (a third measured no faster: 265 s against 275 s on 2026-12-06, within the noise; the
# suite keeps both cores busy with Chromium and the builds); an idle worker takes tests from a busy one; the slowest
# tests are listed at the end.
test: $(STAMP) pango browser libreoffice java $(AXE) $(PA11Y) $(DECOUPAGE)
	$(PYTHON) -m pytest -n 2 --dist worksteal --durations=15

# Exact versions from requirements.lock (both engines included); the project itself is installed editable so
# that the command line, the MkDocs hooks and the tests import src/callcma.
$(STAMP): requirements.lock pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Pango (with HarfBuzz and fontconfig), which WeasyPrint uses to lay out the PDF edition (src/callcma/pdf.py), and
# HarfBuzz's subsetter, with which it embeds only the glyphs used (without it WeasyPrint warns, and the build refuses).
pango:
	@/sbin/ldconfig -p | grep -q 'libpangoft2-1.0.so.0 ' && /sbin/ldconfig -p | grep -q 'libharfbuzz-subset.so.0 ' || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null)

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

# pa11y for tests/test_validators.py, at the exact version of tests/pa11y/package-lock.json, on Debian's Chromium:
# no browser of its own (PUPPETEER_SKIP_DOWNLOAD, and no install script).
$(PA11Y): tests/pa11y/package.json tests/pa11y/package-lock.json
	@command -v npm >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null)
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix tests/pa11y --no-audit --no-fund --silent --ignore-scripts
	touch $@

# The official datasets (Etalab's decoupage-administratif, one alias per vintage) at the exact versions of
# scripts/communes/package-lock.json; tests/test_extract.py regenerates the archived extracts from them.
$(DECOUPAGE): scripts/communes/package.json scripts/communes/package-lock.json
	@command -v npm >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null)
	npm ci --prefix scripts/communes --no-audit --no-fund --silent
	touch $@

# Regenerate data/sources/<dataset id>.json from the pinned packages (after changing data/sources.yaml's datasets).
communes: $(STAMP) $(DECOUPAGE)
	$(PYTHON) scripts/extract_communes.py

benchmark: $(STAMP) pango
	$(PYTHON) scripts/benchmark.py

# Lighthouse CI (lighthouserc.json) on every page of site/, served with compression as static hosts do;
# it reports (in .lighthouseci/) and does not judge. Not part of `make test`.
lighthouse: site browser $(LHCI)
	$(LHCI) autorun --config=lighthouserc.json --collect.chromePath="$(CHROMIUM)" --collect.settings.chromeFlags="$(CHROMIUM_FLAGS)"

# @lhci/cli at the exact version of scripts/lighthouse/package-lock.json.
$(LHCI): scripts/lighthouse/package.json scripts/lighthouse/package-lock.json
	@command -v npm >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null)
	npm ci --prefix scripts/lighthouse --no-audit --no-fund --silent
	touch $@

# The generated files under docs/ are those its manifest lists (src/callcma/stages/s5_write.py): nothing else goes.
clean:
	if [ -x $(PYTHON) ]; then $(PYTHON) -c 'import pathlib; from callcma.stages import remove_generated; remove_generated(pathlib.Path("docs"))'; fi
	rm -rf site .callcma-site-* .callcma-engine.yml $(VENV) tests/browser/node_modules tests/pa11y/node_modules scripts/communes/node_modules scripts/lighthouse/node_modules .lighthouseci
