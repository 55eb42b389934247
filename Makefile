# The two commands a newcomer needs: `make demo` and `make test`. Both install what is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help

NODE_STAMP := node_modules/.install-stamp
# The JVM parsers: rebuilt only when a source file or the pom changes.
JVM_JAR := spark/jvm/target/awslogs-1.0.0.jar
JVM_SOURCES := spark/jvm/pom.xml $(shell find spark/jvm/src -type f 2>/dev/null)
VENV := spark/.venv
PY := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.install-stamp
PYTHON ?= python3

.PHONY: help setup jar test test-ts test-py lint lint-ts lint-py format demo preview-dev preview-prod clean

help:
	@echo "make demo   - the whole platform offline: synthesize dev, policy report, Spark over a generated corpus, audit answers"
	@echo "make test   - every test (TypeScript + Python), after type-checking and linting"
	@echo "make lint   - ESLint, Prettier, ruff"
	@echo "make format - rewrite files with Prettier and ruff format"

$(NODE_STAMP): package.json package-lock.json policies/package.json
	npm ci --no-audit --no-fund
	@touch $@

$(VENV_STAMP): spark/pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e 'spark[dev]'
	@touch $@

$(JVM_JAR): $(JVM_SOURCES)
	mvn -q -B -f spark/jvm/pom.xml package -DskipTests
	@touch $@

jar: $(JVM_JAR)

setup: $(NODE_STAMP) $(VENV_STAMP) $(JVM_JAR)

test: lint test-ts test-py

# The TypeScript tests need the Python venv: the declared-format test compares the TypeScript
# schema derivation with the Python one, and the IAM linter (parliament) runs there.
test-ts: $(NODE_STAMP) $(VENV_STAMP) $(JVM_JAR)
	npx tsc --noEmit -p tsconfig.json
	npx mocha

test-py: $(VENV_STAMP) $(JVM_JAR)
	cd spark && .venv/bin/python -m pytest

lint: lint-ts lint-py

lint-ts: $(NODE_STAMP)
	npx eslint .
	npx prettier --check .

# The Python outside spark/ (the IAM linter driver) follows spark/'s ruff settings.
PY_OUTSIDE_SPARK := ../tests/components/iam

lint-py: $(VENV_STAMP)
	cd spark && .venv/bin/ruff check --config pyproject.toml . $(PY_OUTSIDE_SPARK) && .venv/bin/ruff format --check --config pyproject.toml . $(PY_OUTSIDE_SPARK)

format: $(NODE_STAMP) $(VENV_STAMP)
	npx prettier --write .
	cd spark && .venv/bin/ruff format --config pyproject.toml . $(PY_OUTSIDE_SPARK) && .venv/bin/ruff check --fix --config pyproject.toml . $(PY_OUTSIDE_SPARK)

# Uncompressed MiB of generated logs; the default finishes in a few minutes on 2 cores.
DEMO_MB ?= 20

demo: $(NODE_STAMP) $(VENV_STAMP) $(JVM_JAR)
	cd spark && .venv/bin/python -m demo run --mb $(DEMO_MB)

preview-dev: $(NODE_STAMP) $(JVM_JAR)
	npm run --silent preview:offline -- --stack dev

preview-prod: $(NODE_STAMP) $(JVM_JAR)
	npm run --silent preview:offline -- --stack prod --json plan.json

clean:
	rm -rf node_modules $(VENV) .demo bin spark/jvm/target
