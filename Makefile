# The kit's commands. Each calls the `oddk` CLI in .venv; Windows users run the
# same `oddk …` commands directly (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup run test lab site app check-app course golden test-notebook tidy datasets datasets-check portal pins bench bench-data hub-env hub test-hub bench-hub

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

setup: $(STAMP) ## create .venv and install the pinned packages (again when the pins change)

$(STAMP): requirements.txt pyproject.toml $(wildcard package-lock.json) jupyter/overrides.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	if [ -f package-lock.json ]; then npm ci --silent --no-audit --no-fund; fi
	mkdir -p $(VENV)/share/jupyter/lab/settings && cp jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/
	touch $(STAMP)

run: setup ## run every notebook on the embedded data and build the site (build/site/index.html)
	$(BIN)/oddk run

# Two workers, one file each at a time (nbval's cells of a notebook must stay together).
test: setup ## run every test: library, notebooks (papermill and nbval), course, browser, pins
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python -m pytest -n 2 --dist loadfile

# The course on a JupyterHub (course/README.md, "On a JupyterHub"): as root, on a server of its own.
hub-env: setup ## build the course hub's environment in /opt/oddk-hub (ODDK_HUB_PREFIX), readable by every account
	$(BIN)/python course/hub/hub_env.py

hub: hub-env ## start the course hub for the class in course/hub/class.csv at http://127.0.0.1:8000 (root; Ctrl+C stops it)
	$(BIN)/python course/hub/start.py

test-hub: hub-env ## the course on a real JupyterHub: an instructor, three students (real accounts, removed after), a whole round
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python -m pytest -m hub tests/hub

bench-hub: hub-env ## benchmark: 30 students x 4 assignments submitted and autograded through the course hub (root)
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python benchmarks/hub_class.py

lab: setup ## open JupyterLab at the start notebook
	$(BIN)/jupyter lab notebooks/00-start-here.ipynb

site: setup ## rebuild the site (pages, data cards, glossary, search, meeting slides) from the last `make run`
	$(BIN)/oddk site

app: setup ## run the dashboard as a Voilà app at http://127.0.0.1:8866, offline (Ctrl+C stops it)
	$(BIN)/oddk app

check-app: setup ## "check my file" as a Voilà app at http://127.0.0.1:8866: upload, report, fixed CSV (Ctrl+C stops it)
	$(BIN)/oddk check-app

course: setup ## regenerate the course's student versions (course/release/) from course/source/ with nbgrader
	$(BIN)/oddk course

golden: setup ## refresh the golden outputs (# NBVAL_CHECK_OUTPUT cells) from a fresh run; NB=03-clean for one notebook
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/oddk golden $(NB)

test-notebook: setup ## test one notebook's runs and golden cells: make test-notebook NB=03-clean
	@test -n "$(NB)" || { echo "Say which notebook: make test-notebook NB=03-clean"; exit 2; }
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/oddk test-notebook $(NB)

tidy: setup ## strip outputs and widget state from notebooks saved in JupyterLab
	$(BIN)/oddk tidy

datasets: setup ## regenerate datasets/ from the seeded generator (identical bytes if nothing changed)
	$(BIN)/oddk datasets

datasets-check: setup ## check that datasets/ is exactly what the generator makes
	$(BIN)/oddk datasets --check

portal: setup ## start the practice portal at http://127.0.0.1:5000 (Ctrl+C stops it)
	$(BIN)/oddk portal serve

pins: ## re-pin requirements.in into requirements.txt in a fresh venv, then environment.yml and binder/
	rm -rf build/pins-venv && $(PYTHON) -m venv build/pins-venv
	build/pins-venv/bin/python -m pip install --quiet -r requirements.in
	{ sed -n '1,3p' requirements.txt; build/pins-venv/bin/python -m pip freeze --exclude-editable; } > build/requirements.new
	mv build/requirements.new requirements.txt && rm -rf build/pins-venv
	$(BIN)/oddk pins

bench: setup ## run the benchmarks (not part of the tests); figures as ratios to their peers
	$(BIN)/python benchmarks/run.py

bench-data: setup ## a one-million-row municipal-style CSV for benchmarks (build/bench/scale-1m.csv, never committed)
	$(BIN)/oddk scale --rows 1000000 --out build/bench/scale-1m.csv
