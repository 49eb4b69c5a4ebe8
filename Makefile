# The two commands a newcomer runs (as root on Debian): `make demo`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ISSUE  ?= issues/2025-04-15-gongan
# Fonts (Song/Ming, Hei, Kai and Latin text faces; Noto CJK for body and headlines),
# PDF checkers, Ghostscript (the preflight's ink check), Argyll and the CGATS
# TR 002 data (only to rebuild the newsprint profile), venv support.
APT_PACKAGES := fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei fonts-lxgw-wenkai fonts-noto-cjk \
                fonts-noto-core fonts-dejavu-core fonts-liberation2 poppler-utils qpdf ghostscript \
                argyll icc-profiles-free python3-venv
# Headless Chromium: tests/test_watch.py drives the `typeset watch` page with it.
APT_PACKAGES += chromium
# A C compiler and the Python headers: setup.py compiles the text composer with Cython
# (without them it stays pure Python, slower, same output).
APT_PACKAGES += build-essential python3-dev
# The compiled composer modules (listed in typeset/_pure.py) and their C types: an edit rebuilds them.
COMPILED := $(shell $(PYTHON) -c "import runpy; print(*(m.replace('.', '/') + '.py' for m in \
              runpy.run_path('typeset/_pure.py')['COMPILED_MODULES']))" 2>/dev/null) $(wildcard typeset/text/*.pxd)

.PHONY: demo setup system fonts profile test bench clean

demo: setup
	$(BIN)/typeset build $(ISSUE)
	$(BIN)/typeset build issues/2024-11-05-dispatch
	$(BIN)/typeset build issues/2025-04-15-gongan-furniture issues/2024-11-05-dispatch-furniture
	$(BIN)/typeset build issues/2025-04-15-gongan-editions

setup: system $(VENV)/.installed fonts

# Warm the font cache (~/.cache/typeset): about a minute a face, once per machine;
# a no-op when the cache is warm. Builds would do it on first use anyway.
fonts: system $(VENV)/.installed
	$(BIN)/python -m typeset.tools.warm_fonts fonts/fonts.yaml

# Rebuild profiles/newsprint-tr002.icc from the CGATS TR 002 data (profiles/README.md).
profile: system
	tmp=$$(mktemp -d) && cp /usr/share/color/icc/TR002.ti3 $$tmp/ && \
	colprof -qm -kh -l240 -s /usr/share/color/icc/sRGB.icc -A typeset -M "CGATS TR 002" \
	  -D "Coldset newsprint (CGATS TR 002), 240% total ink" \
	  -C "Made by typeset from CGATS TR 002-2007 characterization data (zlib licence)" \
	  -O $(CURDIR)/profiles/newsprint-tr002.icc $$tmp/TR002 && rm -rf $$tmp

# Install only the Debian packages that are missing, so repeated runs are quick.
system:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# The editable install compiles the composer beside its sources (setup.py); its log, kept
# in .venv/install.log, says whether it did or why it stays pure Python (TYPESET_PURE=1, ...).
$(VENV)/.installed: pyproject.toml setup.py $(COMPILED)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -v -e . >$(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@sed -n 's/^ *\(typeset: \)/\1/p' $(VENV)/install.log
	touch $@

# The cluster extra too: tests/test_cluster.py starts a Dask scheduler and workers.
$(VENV)/.test-installed: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[test,cluster]'
	touch $@

test: setup $(VENV)/.test-installed
	$(BIN)/python -m pytest

$(VENV)/.bench-installed: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[bench,cluster]'
	touch $@

bench: setup $(VENV)/.bench-installed
	$(BIN)/python -m typeset.tools.bench_build
	$(BIN)/python -m typeset.tools.bench
	$(BIN)/python -m typeset.tools.bench_planner
	$(BIN)/python -m typeset.tools.bench_watch
	$(BIN)/python -m typeset.tools.bench_run

clean:
	rm -rf output/*/ $(VENV) build typeset/text/*.c typeset/text/*.so
