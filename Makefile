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
# The independent libphonenumber the phone agreement test compares with:
# the Python port at the metadata release the Rust port ships
# (`rlibphonenumber` =2.2.15 in Cargo.toml: metadata 9.0.42), so both
# judge by one metadata.
PHONENUMBERS := phonenumbers==9.0.42
# The maintained public-holiday tables the docs' calendar recipe fills a
# calendar's `holidays` from (docs/config.md, run by `make docs-test`).
HOLIDAYS := holidays==0.108
TARGET := target/debug
BUILD := build
CFLAGS := -std=c11 -Wall -Wextra -Wpedantic -Werror -Iinclude -g
STATIC_LIBS := -lpthread -ldl -lm

.PHONY: demo test rust-test lint c-test py-test docs-test venv header bench clean bench-peers \
    release install uninstall install-test fuzz fuzz-smoke fuzz-tool example-distributed \
    check-complexity fuzz-large bench-compare dist wheel-test package-check bench-instructions \
    bench-check bench-baseline bench-report bench-targets

# The tour (examples/rust/tour.rs). The first build compiles the core,
# about a minute on 2 cores: cargo's own progress shows while it does.
demo:
	@echo "make demo: building the tour (the first build takes about a minute)..."
	$(CARGO) run -p leadrules --example tour

test: lint rust-test c-test py-test docs-test install-test
	@echo "make test: every suite passed"

# `make test` runs in two lanes at once, TEST_JOBS (2) jobs, each step's
# output printed whole when it ends (--output-sync): much of the suite uses
# one core (the C programs, valgrind, pytest, a release build's final
# fat-LTO step), so the other lane fills the second. The lanes never share a
# cargo target directory or the venv at the same time:
#   target/debug:  lint, rust-test, c-test, docs-test, package-check
#   the venv, the wheel's target/x86_64-unknown-linux-gnu/ and target/release/:
#                  venv, dist, py-test, release, wheel-test
# docs-test also waits for py-test (it runs the docs' Python against the
# installed wheel); install-test waits for both lanes. `make test
# TEST_JOBS=1` runs the same steps one at a time. Every step named alone
# (`make c-test`) runs as before, with no order imposed.
TEST_JOBS ?= 2
ifneq ($(filter test,$(MAKECMDGOALS)),)
MAKEFLAGS += -j$(TEST_JOBS) --output-sync=target
rust-test: | lint
c-test: | rust-test
docs-test: | c-test py-test
package-check: | docs-test
release: | py-test
wheel-test: | release
endif

# Formatting, clippy, and the API docs: `cargo doc` with every rustdoc
# warning an error (broken intra-doc links included). The Python crate is
# left out: documenting it would build PyO3 against a Python; its API is
# documented by its stubs (python/leadrules/_native.pyi) and docs/python.md.
# First, tests/lint/outside_references.py: no comment in a tracked code file
# may point at a document outside the repository (the design brief's
# sections, the issue tracker's issue or seed numbers); comments point at
# docs/, RELIABILITY.md or BENCHMARKS.md instead. Then
# tests/lint/module_cycles.py: no two modules of core depend on each other
# (docs/testing.md#module-cycles), after its own self-test on small crates
# (tests/lint/test_module_cycles.py, fixtures in tests/lint/fixtures/).
# And tests/bench/: the bench tooling's own logic (the comparison of
# `make bench-check`, the charts of `make bench-report`), no bench run.
lint:
	$(PYTHON) tests/lint/outside_references.py
	$(PYTHON) tests/lint/test_module_cycles.py --quiet
	$(PYTHON) -m unittest discover --start-directory tests/bench --quiet
	$(PYTHON) tests/lint/module_cycles.py
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --quiet -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps --workspace --exclude leadrules-python --quiet

# The packages rust-test tests, and the selection every other debug build of
# them in target/debug uses (FFI_DEBUG below).
RUST_PACKAGES := --workspace --exclude leadrules-python
# The C library (target/debug/libleadrules.{a,so}) for c-test and docs-test,
# built in rust-test's selection with its tests: cargo then resolves the
# dependencies' features as `cargo test` does (the test build's
# dev-dependencies widen serde's, indexmap's, num-traits'...), so after
# rust-test only the library itself is linked. `cargo build -p
# leadrules-ffi` resolved narrower features and rebuilt core and what it
# stands on. Named alone, `make c-test` builds the tests too (rust-test then
# finds them built). .cargo/config.toml keeps the build-time crates (proc
# macros, rlibphonenumber's protobuf build chain) the same in every build.
FFI_DEBUG := $(CARGO) build --quiet $(RUST_PACKAGES) --lib --tests

rust-test:
	$(CARGO) test $(RUST_PACKAGES)
	# The fuzz targets (their own workspace) still compile against core. In
	# the workspace's target/: the dependencies `make lint`'s clippy checked
	# are not checked again (a separate directory cost 112 s of CPU).
	$(CARGO) check --quiet --manifest-path fuzz/Cargo.toml --bins --no-default-features \
	    --target-dir target

# C: the API tests linked against the shared and the static library (and
# once more under AddressSanitizer + UBSan), the conformance vectors
# through the JSON entry point, and those a typed call can express through
# the typed calls (also under the sanitizers and valgrind), the assignment
# vectors through the typed assignment calls (tests/c/run_typed_assign.py),
# the handover, cross_silo and edit vectors through prepared facts
# (tests/c/run_typed_prepared.py, over tests/c/records.h's reader),
# the match_keys vectors through the typed leadrules_engine_match_keys
# (tests/c/run_typed_match_keys.py), the match vectors through the keyed
# leadrules_engine_match_keyed over keys from it
# (tests/c/run_typed_match_keyed.py). Under valgrind the match programs
# count definite leaks only: the phone metadata core loads once is a
# process-lifetime global ("possibly lost" at exit).
c-test:
	$(FFI_DEBUG)
	mkdir -p $(BUILD)
	# The library's SONAME (ffi/build.rs) is what the programs look for.
	ln -sfn libleadrules.so $(TARGET)/$(SONAME)
	$(CC) $(CFLAGS) tests/c/test_api.c -o $(BUILD)/test_api_shared \
	    -L$(TARGET) -lleadrules -Wl,-rpath,$(CURDIR)/$(TARGET) -lpthread
	$(CC) $(CFLAGS) tests/c/test_api.c -o $(BUILD)/test_api_static \
	    $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) tests/c/conformance.c -o $(BUILD)/conformance \
	    -L$(TARGET) -lleadrules -Wl,-rpath,$(CURDIR)/$(TARGET)
	$(CC) $(CFLAGS) tests/c/typed_conformance.c -o $(BUILD)/typed_conformance \
	    $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer tests/c/typed_conformance.c \
	    -o $(BUILD)/typed_conformance_sanitized $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) examples/c/handover.c -o $(BUILD)/example_handover \
	    $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer tests/c/test_api.c \
	    -o $(BUILD)/test_api_sanitized $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) tests/c/test_hardening.c -o $(BUILD)/test_hardening \
	    $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer tests/c/test_hardening.c \
	    -o $(BUILD)/test_hardening_sanitized $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) tests/c/test_sweep.c -o $(BUILD)/test_sweep \
	    $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer tests/c/test_sweep.c \
	    -o $(BUILD)/test_sweep_sanitized $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer tests/c/test_workflow.c \
	    -o $(BUILD)/test_workflow_sanitized $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) tests/c/test_prepared.c -o $(BUILD)/test_prepared $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) tests/c/typed_prepared.c -o $(BUILD)/typed_prepared $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer tests/c/typed_prepared.c \
	    -o $(BUILD)/typed_prepared_sanitized $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer tests/c/test_prepared.c \
	    -o $(BUILD)/test_prepared_sanitized $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) tests/c/test_assign.c -o $(BUILD)/test_assign $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer tests/c/test_assign.c \
	    -o $(BUILD)/test_assign_sanitized $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) tests/c/test_match.c -o $(BUILD)/test_match $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) tests/c/typed_match_keys.c -o $(BUILD)/typed_match_keys $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer tests/c/typed_match_keys.c \
	    -o $(BUILD)/typed_match_keys_sanitized $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer tests/c/test_match.c \
	    -o $(BUILD)/test_match_sanitized $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) tests/c/test_match_keyed.c -o $(BUILD)/test_match_keyed $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer tests/c/test_match_keyed.c \
	    -o $(BUILD)/test_match_keyed_sanitized $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) tests/c/typed_match_keyed.c -o $(BUILD)/typed_match_keyed $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer tests/c/typed_match_keyed.c \
	    -o $(BUILD)/typed_match_keyed_sanitized $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) tests/c/typed_assign.c -o $(BUILD)/typed_assign $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer tests/c/typed_assign.c \
	    -o $(BUILD)/typed_assign_sanitized $(TARGET)/libleadrules.a $(STATIC_LIBS)
	# Business hours: test_hours.c, and the sla vectors through the typed
	# leadrules_engine_sla (tests/c/run_typed_sla.py).
	$(CC) $(CFLAGS) tests/c/test_hours.c -o $(BUILD)/test_hours $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer tests/c/test_hours.c \
	    -o $(BUILD)/test_hours_sanitized $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) tests/c/typed_sla.c -o $(BUILD)/typed_sla $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(CC) $(CFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer tests/c/typed_sla.c \
	    -o $(BUILD)/typed_sla_sanitized $(TARGET)/libleadrules.a $(STATIC_LIBS)
	$(BUILD)/test_api_shared
	$(BUILD)/test_api_static
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    $(BUILD)/test_api_sanitized
	$(BUILD)/test_sweep
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    $(BUILD)/test_sweep_sanitized
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    $(BUILD)/test_workflow_sanitized
	$(BUILD)/test_prepared
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    $(BUILD)/test_prepared_sanitized
	$(BUILD)/test_assign
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    $(BUILD)/test_assign_sanitized
	$(BUILD)/test_match
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    $(BUILD)/test_match_sanitized
	$(BUILD)/test_match_keyed
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    $(BUILD)/test_match_keyed_sanitized
	$(BUILD)/test_hardening
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    $(BUILD)/test_hardening_sanitized
	$(PYTHON) tests/c/run_conformance.py $(BUILD)/conformance
	$(PYTHON) tests/c/run_typed_conformance.py $(BUILD)/typed_conformance
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    $(PYTHON) tests/c/run_typed_conformance.py $(BUILD)/typed_conformance_sanitized > /dev/null
	$(PYTHON) tests/c/run_typed_prepared.py $(BUILD)/typed_prepared
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    $(PYTHON) tests/c/run_typed_prepared.py $(BUILD)/typed_prepared_sanitized > /dev/null
	$(PYTHON) tests/c/run_typed_assign.py $(BUILD)/typed_assign
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    $(PYTHON) tests/c/run_typed_assign.py $(BUILD)/typed_assign_sanitized > /dev/null
	$(PYTHON) tests/c/run_typed_match_keys.py $(BUILD)/typed_match_keys
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    $(PYTHON) tests/c/run_typed_match_keys.py $(BUILD)/typed_match_keys_sanitized > /dev/null
	$(BUILD)/test_hours
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    $(BUILD)/test_hours_sanitized
	$(PYTHON) tests/c/run_typed_sla.py $(BUILD)/typed_sla
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    $(PYTHON) tests/c/run_typed_sla.py $(BUILD)/typed_sla_sanitized > /dev/null
	$(PYTHON) tests/c/run_typed_match_keyed.py $(BUILD)/typed_match_keyed
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    $(PYTHON) tests/c/run_typed_match_keyed.py $(BUILD)/typed_match_keyed_sanitized > /dev/null
	$(BUILD)/example_handover > /dev/null
	@if command -v valgrind > /dev/null; then \
	    valgrind --quiet --error-exitcode=1 --leak-check=full $(BUILD)/test_api_static > /dev/null && \
	    valgrind --quiet --error-exitcode=1 --leak-check=full $(BUILD)/test_sweep > /dev/null && \
	    valgrind --quiet --error-exitcode=1 --leak-check=full $(BUILD)/test_hardening 5 > /dev/null && \
	    valgrind --quiet --error-exitcode=1 --leak-check=full $(BUILD)/test_assign > /dev/null && \
	    valgrind --quiet --error-exitcode=1 --leak-check=full $(BUILD)/test_prepared > /dev/null && \
	    $(PYTHON) tests/c/run_typed_conformance.py valgrind --quiet --error-exitcode=1 --leak-check=full \
	        $(BUILD)/typed_conformance > /dev/null && \
	    $(PYTHON) tests/c/run_typed_assign.py valgrind --quiet --error-exitcode=1 --leak-check=full \
	        $(BUILD)/typed_assign > /dev/null && \
	    $(PYTHON) tests/c/run_typed_prepared.py valgrind --quiet --error-exitcode=1 --leak-check=full \
	        $(BUILD)/typed_prepared > /dev/null && \
	    valgrind --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
	        --show-leak-kinds=definite $(BUILD)/test_match > /dev/null && \
	    $(PYTHON) tests/c/run_typed_match_keys.py valgrind --quiet --error-exitcode=1 --leak-check=full \
	        --errors-for-leak-kinds=definite --show-leak-kinds=definite $(BUILD)/typed_match_keys > /dev/null && \
	    valgrind --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
	        --show-leak-kinds=definite $(BUILD)/test_match_keyed > /dev/null && \
	    $(PYTHON) tests/c/run_typed_match_keyed.py valgrind --quiet --error-exitcode=1 --leak-check=full \
	        --errors-for-leak-kinds=definite --show-leak-kinds=definite $(BUILD)/typed_match_keyed > /dev/null && \
	    echo "valgrind: test_api, test_sweep, test_hardening, test_assign, test_prepared, test_match, test_match_keyed, typed_conformance, typed_prepared, typed_assign, typed_match_keys and typed_match_keyed clean"; \
	else echo "valgrind not installed: memory check skipped"; fi
	@if command -v valgrind > /dev/null; then \
	    valgrind --quiet --error-exitcode=1 --leak-check=full $(BUILD)/test_hours > /dev/null && \
	    $(PYTHON) tests/c/run_typed_sla.py valgrind --quiet --error-exitcode=1 --leak-check=full \
	        $(BUILD)/typed_sla > /dev/null && \
	    echo "valgrind: test_hours and typed_sla clean"; \
	else echo "valgrind not installed: memory check of test_hours skipped"; fi

$(VPY):
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet "maturin>=1.9.4,<2" pytest mypy numpy $(PHONENUMBERS) $(HOLIDAYS)

venv: $(VPY)

# Python: the binding's tests and stubs, then the examples; the CRM example
# (examples/python/crm/) brings its own tests, a mypy --strict run and a demo.
# They run against the wheel `make dist` builds, the one a user installs
# (one optimised build serves py-test and wheel-test in `make test`).
py-test: $(VPY) dist
	# A venv made before the phone agreement test lacks its reference.
	$(VPY) -m pip install --quiet $(PHONENUMBERS)
	$(VPY) -m pip install --quiet --force-reinstall --no-deps $(DIST)/leadrules-*.whl
	cd tests/python && ../../$(VPY) -m pytest -q
	$(VPY) -m mypy --strict tests/python/typing_check.py
	$(VPY) -m mypy.stubtest leadrules._native
	$(VPY) tests/python/leak_check.py
	$(VPY) examples/python/handover.py > /dev/null
	$(VPY) examples/python/workflows.py > /dev/null
	cd examples/python && ../../$(VPY) -m pytest -q crm/tests
	cd examples/python && ../../$(VPY) -m mypy --strict crm
	cd examples/python && ../../$(VPY) -m crm > /dev/null

# The documentation's code (docs/testing.md#documentation-snippets): every
# ```c, ```rust and ```python block of README.md and docs/*.md built and run
# as a complete program from the repository root: Python in the venv with
# the package `py-test` installed (installed here when it is missing), C
# against the in-tree static library, Rust as the examples of one scratch
# crate depending on core by path (build/docs-snippets/).
docs-test: $(VPY)
	# A venv made before the holidays recipe lacks its package.
	$(VPY) -m pip install --quiet $(HOLIDAYS)
	$(FFI_DEBUG)
	$(VPY) -c "import leadrules" 2> /dev/null || \
	    $(VPY) -m pip install --quiet --force-reinstall --no-deps ./python
	CC="$(CC)" $(VPY) tests/docs/run_snippets.py

# Benchmarks (BENCHMARKS.md; never part of `make test`, CI does not run them):
# criterion in Rust (every decision kind typed and JSON, scale with org
# count, workflow size and sweep size, the sweep) and the allocation table,
# then the medians of this run as a table; the C bench against the release
# static library; the Python benches against a release build of the module.
# About 7 minutes on 2 cores from a fresh clone. Results: BENCHMARKS.md, and
# as JSON under bench/results/ (rust-criterion, c-calls, c-assign,
# python-calls, python-sweep, python-assign, python-match, python-hours;
# bench/results_file.py) for `make bench-report`.
CRITERION_BENCHES ?= --benches

bench: $(VPY)
	start=$$(date +%s); \
	$(CARGO) bench -p leadrules $(CRITERION_BENCHES); \
	$(PYTHON) bench/criterion_table.py --since $$start --json bench/results/rust-criterion.json
	$(CARGO) build --release -p leadrules-ffi
	mkdir -p $(BUILD)
	$(CC) -O2 -std=c11 -Wall -Wextra -Wpedantic -Werror -Iinclude bench/c/bench.c \
	    -o $(BUILD)/bench_c target/release/libleadrules.a $(STATIC_LIBS)
	$(PYTHON) bench/c_results.py c-calls -- $(BUILD)/bench_c
	$(CC) -O2 -std=c11 -Wall -Wextra -Wpedantic -Werror -Iinclude bench/c/assign.c \
	    -o $(BUILD)/bench_assign_c target/release/libleadrules.a $(STATIC_LIBS)
	$(PYTHON) bench/c_results.py c-assign -- $(BUILD)/bench_assign_c
	$(VPY) -m pip install --quiet --force-reinstall --no-deps ./python
	$(VPY) bench/sweep.py
	$(VPY) bench/decisions.py
	$(VPY) bench/assign.py
	$(VPY) bench/match.py
	$(VPY) bench/hours.py

# Every figure of BENCHMARKS.md's first table in one run, and only those:
# `make bench` without the criterion benches no target reads (scale, the
# sweep sizes, allocations), then `make bench-peers`, then `make
# bench-report`. The sizes chart then lacks the scale lines of a full run.
BENCH_TARGET_CRITERION := --bench decisions --bench prepared --bench assignment --bench hours --bench matching

bench-targets: $(VPY)
	$(MAKE) --no-print-directory bench CRITERION_BENCHES="$(BENCH_TARGET_CRITERION)"
	$(MAKE) --no-print-directory bench-peers
	$(MAKE) --no-print-directory bench-report

# Before/after in one run (bench/compare.py; never part of `make test`): the
# benches of BENCHMARKS.md's target table on BASE (a git revision, exported
# and built in build/compare/) and on the working tree, alternating bench by
# bench so that both see the same load. About 25 minutes on 2 cores.
BASE ?= HEAD~1
bench-compare:
	$(PYTHON) bench/compare.py $(BASE)

# Instructions per call (bench/instructions.py; never part of `make test`):
# callgrind's count of the instructions of each main path (the Python typed
# calls, transition, decide(dict); Rust typed and decide_json; C typed and
# JSON; the sweep per lead; the config load per org), N calls minus 0 calls
# in fresh processes. A count does not change with the machine's load, so
# two builds compare on a shared machine. Builds the working tree's release
# library and wheel (into .venv), writes
# bench/results/instructions-$(INSTR_LABEL).json and, given INSTR_BASE (the
# label of another results file, e.g. one written by `bench/instructions.py
# run --label BASE --tree DIR --python PY` for another revision), prints the
# table of both. About 15 minutes on 2 cores, builds included.
INSTR_LABEL ?= head
INSTR_BASE ?=

bench-instructions: $(VPY)
	$(PYTHON) bench/instructions.py run --label $(INSTR_LABEL) --python $(VPY) --build
	@if [ -n "$(INSTR_BASE)" ]; then $(PYTHON) bench/instructions.py table $(INSTR_BASE) $(INSTR_LABEL); fi

# The regression guard (docs/testing.md#the-regression-guard-make-bench-check;
# never part of `make test`, CI does not run it): the counts of
# bench-instructions for the working tree, into build/instructions/check.json,
# against the checked-in bench/results/instructions-baseline.json; fails when
# a path costs more than 10 % over it. Without valgrind it says so and passes.
# INSTR_ARGS narrows it (`--only python`, `--match transition`). About 15
# minutes on 2 cores, builds included. `make bench-baseline` rewrites the
# baseline from the working tree: run it on purpose, on a clean tree at a
# commit whose counts are the new standard, and commit the file.
INSTR_ARGS ?=

bench-check:
	@if command -v valgrind > /dev/null; then \
	    $(MAKE) --no-print-directory $(VPY) && \
	    $(PYTHON) bench/instructions.py check --python $(VPY) --build $(INSTR_ARGS); \
	else $(PYTHON) bench/instructions.py check; fi

bench-baseline: $(VPY)
	@command -v valgrind > /dev/null || { echo "make bench-baseline: valgrind is not installed"; exit 1; }
	$(PYTHON) bench/instructions.py run --label baseline --python $(VPY) --build

# BENCHMARKS.md from the last bench runs (never part of `make test`): the
# charts (bench/charts.py: one SVG per family, python.svg: one call against
# the peers and a hand-written if/else; rust.svg: one decision per kind;
# sizes.svg: sweeps, batches and scale against size, into
# bench/results/charts/), then the page's first table, every target with
# its figure, met or not, commit and date, and the instruction counts table
# (bench/targets.py, rewritten in place between their markers), all from
# the JSON results `make bench` and `make bench-peers` write under
# bench/results/. Standard library only, no build; the same results give
# the same bytes. A target is one line of TARGETS in bench/targets.py.
bench-report:
	$(PYTHON) bench/charts.py
	$(PYTHON) bench/targets.py

# The peer comparison (BENCHMARKS.md#peers; never part of `make test`):
# leadrules against zen-engine, Google CEL (common-expression-language),
# rule-engine, cedarpy, casbin, transitions and python-statemachine, installed
# with leadrules (release build) into their own venv; every engine is checked
# against leadrules on a shared truth table, then all are timed in one run,
# per decision and per partner portal page (50 leads × 6 actions); results in
# bench/results/peers-rules.json. A peer that cannot install is reported and
# skipped.
# Then business time: leadrules, businesstimedelta and business-duration asked
# the same random questions, checked against a brute-force clock, timed;
# results in bench/results/peers-business-time-<commit>.json.
PEERS_VENV := .venv-peers
PEERS_VPY := $(PEERS_VENV)/bin/python

$(PEERS_VPY):
	$(PYTHON) -m venv $(PEERS_VENV)
	$(PEERS_VPY) -m pip install --quiet --upgrade pip

bench-peers: $(PEERS_VPY)
	$(PEERS_VPY) -m pip install --quiet --force-reinstall --no-deps ./python
	$(PEERS_VPY) bench/peers/install.py
	$(PEERS_VPY) bench/peers/run.py
	$(PEERS_VPY) bench/peers/business_time.py

# Beyond one machine (not part of `make test`, docs/python.md "Beyond one
# machine" says why): examples/python/distributed/ sweeps a lead table cut
# into partitions on a Dask LocalCluster of worker processes. Its own venv
# gets the pinned dask, distributed, pandas and pyarrow (requirements.txt,
# CPython >= 3.11) and leadrules (release build); then the tests (20,000
# leads, 2 worker processes, checked against one sweep_columns) and the
# example at DIST_LEADS leads on DIST_WORKERS workers.
DIST_VENV := .venv-distributed
DIST_VPY := $(DIST_VENV)/bin/python
DIST_DIR := examples/python/distributed
DIST_LEADS ?= 2000000
DIST_WORKERS ?= 2

$(DIST_VENV)/installed: $(DIST_DIR)/requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	    { echo "example-distributed: its pinned pandas and pyarrow need Python >= 3.11 (PYTHON=$(PYTHON))" >&2; exit 1; }
	$(PYTHON) -m venv $(DIST_VENV)
	$(DIST_VPY) -m pip install --quiet --upgrade pip
	$(DIST_VPY) -m pip install --quiet -r $(DIST_DIR)/requirements.txt
	touch $@

example-distributed: $(DIST_VENV)/installed
	$(DIST_VPY) -m pip install --quiet --force-reinstall --no-deps ./python
	cd $(DIST_DIR) && ../../../$(DIST_VPY) -m pytest -q tests
	cd $(DIST_DIR) && ../../../$(DIST_VPY) dask_sweep.py --leads $(DIST_LEADS) --workers $(DIST_WORKERS)

# Fuzzing (RELIABILITY.md#fuzzing; never part of `make test`): cargo-fuzz over
# libFuzzer, on the stable toolchain through RUSTC_BOOTSTRAP (cargo-fuzz needs
# `-Zsanitizer`). Seeds are fuzz/corpus/ (from the conformance vectors,
# fuzz/seed_corpora.py); what a run finds goes to fuzz/work/, crashes to
# fuzz/artifacts/. `make fuzz` runs every target FUZZ_SECONDS (20 minutes
# by default); `make fuzz-smoke` 20 seconds each, about 3 minutes with the
# build once cargo-fuzz is installed.
FUZZ_TARGETS := config decide structured sweep_columns normalise
# Business hours and the SLA clock (fuzz/fuzz_targets/hours.rs).
FUZZ_TARGETS += hours
FUZZ_SECONDS ?= 1200
FUZZ := RUSTC_BOOTSTRAP=1 cargo fuzz

fuzz-tool:
	@command -v cargo-fuzz > /dev/null || $(CARGO) install --locked cargo-fuzz

fuzz: fuzz-tool
	cd fuzz && $(FUZZ) build -O
	cd fuzz && failed=""; for target in $(FUZZ_TARGETS); do \
	    mkdir -p work/$$target corpus/$$target; \
	    $(FUZZ) run -O $$target work/$$target corpus/$$target -- \
	        -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
	        -print_final_stats=1 > work/$$target.log 2>&1 || failed="$$failed $$target"; \
	    echo "== $$target: $$(grep -E '^(stat::number_of_executed_units|Done)' work/$$target.log | tr '\n' ' ')"; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: crashes in$$failed (fuzz/artifacts/, logs in fuzz/work/)"; exit 1; fi

fuzz-smoke:
	$(MAKE) fuzz FUZZ_SECONDS=20

# Fuzzing that can see cost (docs/testing.md; never part of `make test`): the
# `decide` and `config` targets on inputs up to FUZZ_LARGE_MAX_LEN (2 MiB),
# seeded with the hostile shapes of `make check-complexity` at about 1 MiB
# (fuzz/seed_corpora.py --large, written to fuzz/corpus-large/, not in git)
# as well as the conformance seeds. Built without a sanitizer (its own
# fuzz/target-large/): this profile looks for cost, and AddressSanitizer
# would multiply every unit's time (`make fuzz` keeps it for memory errors).
# A unit slower than FUZZ_LARGE_TIMEOUT seconds or a process over
# FUZZ_LARGE_RSS_MB of RSS (1.5 GiB: libFuzzer keeps its corpus in memory,
# about 400 MB after 20 minutes of inputs up to 2 MiB, and a legitimate
# unit adds under 200, read twice by the config target; a unit's own peak
# heap is what `make check-complexity` bounds) stops the run as a failure (its input in
# fuzz/artifacts/TARGET/); a unit over 1 s that is the slowest yet is
# written to fuzz/artifacts/TARGET/slow-unit-* and its time printed in the
# summary (logs in fuzz/work-large/TARGET.log).
# `-len_control=0`: lengths up to max_len from the start, instead of
# growing them over hours.
FUZZ_LARGE_TARGETS := decide config
FUZZ_LARGE_SECONDS ?= 1200
FUZZ_LARGE_MAX_LEN ?= 2097152
FUZZ_LARGE_TIMEOUT ?= 5
FUZZ_LARGE_RSS_MB ?= 1536
FUZZ_LARGE_BUILD := -O --sanitizer none --target-dir target-large

fuzz-large: fuzz-tool
	$(PYTHON) fuzz/seed_corpora.py --large
	cd fuzz && for target in $(FUZZ_LARGE_TARGETS); do $(FUZZ) build $(FUZZ_LARGE_BUILD) $$target; done
	cd fuzz && failed=""; for target in $(FUZZ_LARGE_TARGETS); do \
	    mkdir -p work-large/$$target; \
	    $(FUZZ) run $(FUZZ_LARGE_BUILD) $$target work-large/$$target corpus/$$target corpus-large/$$target -- \
	        -max_total_time=$(FUZZ_LARGE_SECONDS) -max_len=$(FUZZ_LARGE_MAX_LEN) -len_control=0 \
	        -timeout=$(FUZZ_LARGE_TIMEOUT) -rss_limit_mb=$(FUZZ_LARGE_RSS_MB) -report_slow_units=1 \
	        -print_final_stats=1 > work-large/$$target.log 2>&1 || failed="$$failed $$target"; \
	    echo "== $$target: $$(grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done)' work-large/$$target.log | tr '\n' ' ')"; \
	    echo "   slowest unit: $$(grep -oE '^Slowest unit: [0-9]+ s' work-large/$$target.log | tail -1 | grep -oE '[0-9]+ s' || echo 'none over 1 s');" \
	        "$$(grep -hoE 'ERROR: libFuzzer: (timeout|out-of-memory)[^)]*\)?|Test unit written to [^ ]+' work-large/$$target.log | tr '\n' ' ')"; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz-large: timeouts, memory or crashes in$$failed (fuzz/artifacts/, logs in fuzz/work-large/)"; exit 1; fi

# Complexity checks (docs/testing.md; never part of `make test`: timings are
# noisy): every hostile shape of the cost findings (RELIABILITY.md#cost), every
# request kind and the config loader at n, 2n, 4n and 8n, each in a fresh
# process of a release-built driver (bench/complexity/, its own crate); fails
# when time or peak heap grows faster than input^1.25, when an input <= 1 MiB
# takes over 100 ms, or when the peak heap passes 64 bytes per input byte (16
# for ignored request values). Times are CPU time; a time exponent over the
# bound is judged again by callgrind's instruction counts when valgrind is
# installed (a count no load moves). About 15 minutes on 2 cores
# against the code the findings were made on (e96a1b7; hostile sizes run into
# the 20 s timeout), far less once they are fixed. COMPLEXITY_ARGS passes
# options (`--only F1`, `--scale 0.1`, `--timeout 60`, `--json FILE`:
# bench/complexity.py --help).
COMPLEXITY_ARGS ?=

check-complexity:
	$(CARGO) build --quiet --release --manifest-path bench/complexity/Cargo.toml --target-dir target/complexity
	$(PYTHON) bench/complexity.py $(COMPLEXITY_ARGS)

# Installing the C library (docs/c.md#installing-make-install-pkg-config-cmake):
# `make install [PREFIX=/usr/local] [DESTDIR=staging]` builds the release
# libraries and installs
#   $(INCLUDEDIR)/leadrules.h
#   $(LIBDIR)/libleadrules.so.$(VERSION)   the shared library (the release),
#     libleadrules.so.$(ABI) -> it         its SONAME (ffi/build.rs): the ABI,
#     libleadrules.so -> the SONAME        for `-lleadrules` at link time
#   $(LIBDIR)/libleadrules.a
#   $(PKGCONFIGDIR)/leadrules.pc           from ffi/leadrules.pc.in
# DESTDIR only stages: the .pc file names PREFIX. `make uninstall` with the
# same variables removes exactly these files. On Linux, run ldconfig after
# installing into a directory the loader caches (/usr/local/lib).
PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
RELEASE := target/release
VERSION := $(shell sed -n '/^version = "/{s/^version = "\(.*\)"$$/\1/p;q;}' Cargo.toml)
ABI := $(shell sed -n 's/^\#define LEADRULES_ABI_VERSION \([0-9]*\)$$/\1/p' include/leadrules.h)
SONAME := libleadrules.so.$(ABI)

# `sudo make install` after `make release`: root usually has no cargo on
# its PATH (sudo's secure_path, a rustup toolchain in the user's home), so
# without one the libraries built before are installed as they are.
release:
	@if command -v $(CARGO) > /dev/null; then $(CARGO) build --quiet --release -p leadrules-ffi; \
	elif test -f $(RELEASE)/libleadrules.so -a -f $(RELEASE)/libleadrules.a; then \
	    echo "release: no $(CARGO) on PATH: installing the release libraries built before"; \
	else echo "release: no $(CARGO) on PATH and no release build: run \`make release\` first" >&2; exit 1; fi

install: release
	@test -n "$(VERSION)" -a -n "$(ABI)" || { echo "no version in Cargo.toml or no ABI in include/leadrules.h" >&2; exit 1; }
	install -d $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR)
	install -m 644 include/leadrules.h $(DESTDIR)$(INCLUDEDIR)/leadrules.h
	install -m 755 $(RELEASE)/libleadrules.so $(DESTDIR)$(LIBDIR)/libleadrules.so.$(VERSION)
	ln -sfn libleadrules.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sfn $(SONAME) $(DESTDIR)$(LIBDIR)/libleadrules.so
	install -m 644 $(RELEASE)/libleadrules.a $(DESTDIR)$(LIBDIR)/libleadrules.a
	sed -e 's|@PREFIX@|$(PREFIX)|' \
	    -e 's|@LIBDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))|' \
	    -e 's|@INCLUDEDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))|' \
	    -e 's|@VERSION@|$(VERSION)|' -e 's|@LIBS_PRIVATE@|$(STATIC_LIBS)|' \
	    ffi/leadrules.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/leadrules.pc
	chmod 644 $(DESTDIR)$(PKGCONFIGDIR)/leadrules.pc

uninstall:
	rm -f $(DESTDIR)$(INCLUDEDIR)/leadrules.h \
	    $(DESTDIR)$(LIBDIR)/libleadrules.so $(DESTDIR)$(LIBDIR)/$(SONAME) \
	    $(DESTDIR)$(LIBDIR)/libleadrules.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libleadrules.a \
	    $(DESTDIR)$(PKGCONFIGDIR)/leadrules.pc

# Releasing (docs/stability.md). `make dist` builds into dist/ the Python
# package as an sdist and an abi3 manylinux wheel: maturin with zig as the
# linker (ziglang from PyPI, into .venv: no Docker, no manylinux image)
# links against glibc 2.17, so the wheel is tagged manylinux2014 /
# manylinux_2_17 and installs on any glibc 2.17+ x86-64 Linux without Rust.
# It builds in target/x86_64-unknown-linux-gnu/, apart from `pip install
# ./python`'s target/release/, so neither rebuilds the other's.
# `make wheel-test` (tests/release/wheel_test.sh) checks the tags (and
# auditwheel), the LICENSE in both, and installs the wheel into a fresh venv
# with no Rust toolchain on PATH to run the Python examples and the CRM
# example's tests. `make package-check` (tests/release/check_crates.py):
# the published crates' metadata and `cargo package`. Both run in `make
# test`, through install-test.
DIST := dist
DIST_TOOLS := $(VENV)/.dist-tools
MATURIN_DIST := PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/maturin

$(DIST_TOOLS): $(VPY)
	$(VPY) -m pip install --quiet "ziglang>=0.13,<0.18" "auditwheel>=6,<7"
	touch $@

dist: $(DIST_TOOLS)
	rm -f $(DIST)/leadrules-*.whl $(DIST)/leadrules-*.tar.gz
	$(MATURIN_DIST) sdist --manifest-path python/Cargo.toml --out $(DIST)
	$(MATURIN_DIST) build --release --zig --compatibility manylinux2014 \
	    --manifest-path python/Cargo.toml --out $(DIST)

wheel-test: dist
	PYTHON="$(PYTHON)" VPY="$(VPY)" VERSION="$(VERSION)" DIST="$(DIST)" bash tests/release/wheel_test.sh

package-check:
	CARGO="$(CARGO)" $(PYTHON) tests/release/check_crates.py

# The installed library as a program outside the repository sees it:
# installs into a temporary prefix (and once staged with DESTDIR), builds
# examples/c/handover.c there with pkg-config (shared and static; the
# examples/c/installed Makefile) and with CMake (examples/c/cmake, cmake
# from the system or pip-installed into .venv), runs each, builds and runs
# every program of docs/c.md and its shared-library lookup commands as
# written, then uninstalls. See tests/c/install_test.sh. The release checks
# (package-check, wheel-test) ride along, so `make test` runs them.
install-test: release $(VPY) package-check wheel-test
	env -u LIBDIR -u INCLUDEDIR -u PKGCONFIGDIR -u DESTDIR \
	    MAKE="$(MAKE)" CC="$(CC)" CFLAGS="$(filter-out -Iinclude,$(CFLAGS))" VPY="$(VPY)" \
	    VERSION="$(VERSION)" ABI="$(ABI)" bash tests/c/install_test.sh

# Regenerates every file written from core's code declaration
# (core/src/vocabulary.rs): ffi/src/codes.rs, then include/leadrules.h from
# ffi/ with the pinned cbindgen, and python/leadrules/_codes.py. Their
# tests fail while one is stale.
header:
	LEADRULES_BLESS=1 $(CARGO) test --quiet -p leadrules-ffi --test suite header::
	LEADRULES_BLESS=1 $(CARGO) test --quiet -p leadrules --test suite python_codes::

clean:
	rm -rf $(BUILD) $(VENV) $(DIST)
	$(CARGO) clean
