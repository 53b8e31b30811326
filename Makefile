# The two commands a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
VENV := .venv
PYTHON := $(VENV)/bin/python
APT_PACKAGES := pkg-config zlib1g-dev libzstd-dev libsnappy-dev liblz4-dev libbrotli-dev
# Tests build in release with testing enabled: the codec's matrix and fault tests run fast,
# and the interop tests drive the same `lake` binary.
TEST_FLAGS := -c release -Xswiftc -enable-testing
TEST_BIN := $(shell pwd)/.build/release/lake

.PHONY: deps venv build release test swift-test interop demo bench bench-micro bench-check bench-thresholds clean

## deps: install missing system -dev packages (apt-get when root, else print the command)
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing system packages. Run:  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

## venv: the pinned Python peers (pyarrow, DuckDB, Polars, pyspark, delta-rs) for interop tests
venv: $(VENV)/.stamp
$(VENV)/.stamp: requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product lake

## test: the whole suite — Swift unit tests, then interop tests against the pinned peers
test: deps venv
	$(SWIFT) build $(TEST_FLAGS) --build-tests
	$(SWIFT) test $(TEST_FLAGS) --skip-build
	LAKE_BIN=$(TEST_BIN) $(PYTHON) -m pytest -q interop

## demo: build in release and run the main job: `lake demo` builds a Brazilian online shop's
## lakehouse in a fresh .demo/ (landing files -> bronze -> silver -> gold, expectations, an
## event log). Afterwards: `.build/release/lake demo --dir .demo --new-file` lands another
## month, `--bad-file` a broken export that a fail expectation rejects.
DEMO_DIR := .demo
demo: release
	@rm -rf $(DEMO_DIR)
	@.build/release/lake demo --dir $(DEMO_DIR)

## bench: lake against DuckDB, Polars, pyarrow and delta-rs on the same files, writing
## bench/results.md and bench/ratios.png (method: bench/README.md). BENCH_QUICK=1: small data,
## one round, results under bench/data/quick-results. BENCH_ARGS: more options for bench/run.py
## (e.g. --only sum-double). BENCH_PYTHON: an existing interpreter with the pinned peers.
BENCH_PYTHON ?=
bench: deps
	@if [ -z "$(BENCH_PYTHON)" ]; then $(MAKE) --no-print-directory venv; fi
	$(SWIFT) build -c release --product lake
	$(SWIFT) build -c release --product lake-bench
	$(or $(BENCH_PYTHON),$(PYTHON)) bench/run.py $(if $(BENCH_QUICK),--quick) $(BENCH_ARGS)

## bench-micro: the micro-benchmarks (Benchmarks/, package-benchmark; see Benchmarks/README.md)
bench-micro: deps
	cd Benchmarks && $(SWIFT) package --disable-sandbox benchmark

## bench-check: run the gated micro-benchmarks and fail when one's p90 CPU time or malloc count
## regresses past its committed threshold (Benchmarks/Thresholds, tolerances in
## Benchmarks/Sources/BenchmarkSupport/Rates.swift). Not part of `make test`. package-benchmark
## exits 2 on a regression, 4 when results only improved past the tolerance (a pass here:
## refresh the thresholds with `make bench-thresholds`). BENCH_FILTER: a regex of benchmark names.
BENCH_UNGATED := ^memory: sum 32 Mi
BENCH_FILTER ?=
BENCH_SELECT = --skip '$(BENCH_UNGATED)' $(if $(BENCH_FILTER),--filter '$(BENCH_FILTER)')
bench-check: deps
	@cd Benchmarks && rc=0; \
	$(SWIFT) package --disable-sandbox benchmark thresholds check $(BENCH_SELECT) --no-progress || rc=$$?; \
	case $$rc in \
	  0) echo "bench-check: every gated benchmark is within its threshold";; \
	  4) echo "bench-check: no regression; some benchmarks improved past the tolerance (make bench-thresholds to lock that in)";; \
	  *) echo "bench-check: FAILED (exit $$rc; 2 = a regression past a threshold)"; exit 1;; \
	esac

## bench-thresholds: re-measure the gated micro-benchmarks and rewrite Benchmarks/Thresholds
## (after an intended performance change; commit the result)
bench-thresholds: deps
	cd Benchmarks && $(SWIFT) package --disable-sandbox --allow-writing-to-package-directory \
	  benchmark thresholds update $(BENCH_SELECT) --no-progress
	python3 Benchmarks/prune-thresholds.py Benchmarks/Thresholds

clean:
	rm -rf .build $(DEMO_DIR) demo-out
