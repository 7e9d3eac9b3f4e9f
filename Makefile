# The two commands of the README: `make run` and `make test`. Only Python 3.11 is needed.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint install migrate demo serve bench clean messages

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11 ($(PYTHON))"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/jxjy migrate --noinput -v0

demo: migrate
	$(BIN)/jxjy seed_demo

run: demo
	@echo "服务地址: http://$(HOST):$(PORT)/  (演示账户见 README.md，密码 Demo@2020)"
	$(BIN)/jxjy runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest -n 2 --dist loadfile

lint: install
	$(BIN)/ruff check src bench tests
	$(BIN)/mypy src/jxjy

bench: install
	$(BIN)/python bench/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var

# Translations (needs GNU gettext, a developer tool: apt-get install gettext). English msgids in
# code; each app keeps its Chinese catalogue in <app>/locale/zh_Hans. The compiled .mo files are
# committed, so `make run` needs no gettext. `make messages APP=catalog` updates one app.
APP ?= core org accounts plans catalog courseware exams learning credits billing certificates service stats reviews portals notices evaluations
messages: install
	for app in $(APP); do \
	  mkdir -p src/jxjy/$$app/locale; \
	  (cd src/jxjy/$$app && ../../../$(BIN)/jxjy makemessages -l zh_Hans --no-obsolete --no-location -v0 && \
	   ../../../$(BIN)/jxjy compilemessages -l zh_Hans -v0); \
	done
