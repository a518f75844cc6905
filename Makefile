# leadrules: `make demo` tours the rules, `make test` runs every test in
# Rust, C and Python. Both install what they need (a local .venv for the
# Python tools); nothing here needs root.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo
PYTHON ?= python3
ifeq ($(origin CC),default)
CC := gcc
endif
VENV := .venv
VPY := $(VENV)/bin/python
TARGET := target/debug
BUILD := build
CFLAGS := -std=c11 -Wall -Wextra -Wpedantic -Werror -Iinclude -g
STATIC_LIBS := -lpthread -ldl -lm

.PHONY: demo test rust-test lint c-test py-test venv header bench clean bench-peers

demo:
	$(CARGO) run --quiet -p leadrules --example tour

test: lint rust-test c-test py-test
	@echo "make test: every suite passed"

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --quiet -- -D warnings

rust-test:
	$(CARGO) test --workspace --exclude leadrules-python

# C: the API tests linked against the shared and the static library (and
# once more under AddressSanitizer + UBSan), and the conformance vectors
# through the JSON entry point.
c-test:
	$(CARGO) build --quiet -p leadrules-ffi
	mkdir -p $(BUILD)
	$(CC) $(CFLAGS) tests/c/test_api.c -o $(BUILD)/test_api_shared \
	    -L$(TARGET) -lleadrules -Wl,-rpath,$(CURDIR)/$(TARGET) -lpthread
	$(CC) $(CFLAGS) tests/c/test_api.c -o $(BUILD)/test_api_static \
	    $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) tests/c/conformance.c -o $(BUILD)/conformance \
	    -L$(TARGET) -lleadrules -Wl,-rpath,$(CURDIR)/$(TARGET)
	$(CC) $(CFLAGS) examples/c/handover.c -o $(BUILD)/example_handover \
	    $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer tests/c/test_api.c \
	    -o $(BUILD)/test_api_sanitized $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) tests/c/test_sweep.c -o $(BUILD)/test_sweep \
	    $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer tests/c/test_sweep.c \
	    -o $(BUILD)/test_sweep_sanitized $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(BUILD)/test_api_shared
	$(BUILD)/test_api_static
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    $(BUILD)/test_api_sanitized
	$(BUILD)/test_sweep
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    $(BUILD)/test_sweep_sanitized
	$(PYTHON) tests/c/run_conformance.py $(BUILD)/conformance
	$(BUILD)/example_handover > /dev/null
	@if command -v valgrind > /dev/null; then \
	    valgrind --quiet --error-exitcode=1 --leak-check=full $(BUILD)/test_api_static > /dev/null; \
	    valgrind --quiet --error-exitcode=1 --leak-check=full $(BUILD)/test_sweep > /dev/null; \
	    echo "valgrind: test_api and test_sweep clean"; \
	else echo "valgrind not installed: memory check skipped"; fi

$(VPY):
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet "maturin>=1.9.4,<2" pytest mypy numpy

venv: $(VPY)

# Python: the binding's tests and stubs, then the examples; the CRM example
# (examples/python/crm/) brings its own tests, a mypy --strict run and a demo.
py-test: $(VPY)
	$(VPY) -m pip install --quiet --force-reinstall --no-deps ./python
	cd tests/python && ../../$(VPY) -m pytest -q
	$(VPY) -m mypy --strict tests/python/typing_check.py
	$(VPY) -m mypy.stubtest leadrules._native
	$(VPY) examples/python/handover.py > /dev/null
	$(VPY) examples/python/workflows.py > /dev/null
	cd examples/python && ../../$(VPY) -m pytest -q crm/tests
	cd examples/python && ../../$(VPY) -m mypy --strict crm
	cd examples/python && ../../$(VPY) -m crm > /dev/null

# Benchmarks (issue 7; never part of `make test`, CI does not run them):
# criterion in Rust (every decision kind typed and JSON, scale with org
# count, workflow size and sweep size, the sweep) and the allocation table,
# then the medians of this run as a table; the C bench against the release
# static library; the Python benches against a release build of the module.
# About 7 minutes on 2 cores from a fresh clone. Results: BENCHMARKS.md.
bench: $(VPY)
	start=$$(date +%s); \
	$(CARGO) bench -p leadrules --benches; \
	$(PYTHON) bench/criterion_table.py --since $$start
	$(CARGO) build --release -p leadrules-ffi
	mkdir -p $(BUILD)
	$(CC) -O2 -std=c11 -Wall -Wextra -Wpedantic -Werror -Iinclude bench/c/bench.c \
	    -o $(BUILD)/bench_c target/release/libleadrules.a $(STATIC_LIBS)
	$(BUILD)/bench_c
	$(VPY) -m pip install --quiet --force-reinstall --no-deps ./python
	$(VPY) bench/sweep.py
	$(VPY) bench/decisions.py

# The peer comparison (issue 7; never part of `make test`): leadrules
# against zen-engine, cedarpy, casbin, transitions and python-statemachine,
# installed with leadrules (release build) into their own venv; every engine
# is checked against leadrules on a shared truth table, then all are timed
# in one run. A peer that cannot install is reported and skipped.
PEERS_VENV := .venv-peers
PEERS_VPY := $(PEERS_VENV)/bin/python

$(PEERS_VPY):
	$(PYTHON) -m venv $(PEERS_VENV)
	$(PEERS_VPY) -m pip install --quiet --upgrade pip

bench-peers: $(PEERS_VPY)
	$(PEERS_VPY) -m pip install --quiet --force-reinstall --no-deps ./python
	$(PEERS_VPY) bench/peers/install.py
	$(PEERS_VPY) bench/peers/run.py

# Regenerates include/leadrules.h from ffi/ with the pinned cbindgen.
header:
	LEADRULES_BLESS=1 $(CARGO) test --quiet -p leadrules-ffi --test header

clean:
	rm -rf $(BUILD) $(VENV)
	$(CARGO) clean
