#!/usr/bin/env bash
# make wheel-test: what `make dist` built is what a user can install.
#
# 1. The wheel's tags: abi3 for the oldest CPython the binding supports
#    (cp310-abi3) and manylinux (manylinux2014 = manylinux_2_17, x86_64), in
#    its name and in its WHEEL file; `auditwheel show` agrees that the
#    extension needs nothing newer than manylinux_2_17 and no library
#    outside the policy.
# 2. The wheel and the sdist hold the repository's LICENSE text; the sdist
#    holds what a build from it needs (the workspace, the lock file, core,
#    the binding, the Python package).
# 3. A fresh virtual environment, with every directory that holds cargo,
#    rustc, rustup or maturin taken off PATH (and `cargo` checked to be
#    absent), installs the wheel from the file alone (no index, binary
#    only: nothing can be built) and runs the Python examples, the CRM
#    example's tests and python/README.md's example with it.
# 4. The wheel, abi3, in the oldest other CPython 3.10+ that pyenv has on
#    the machine (if any; none is installed for this test): installed and
#    run.
#
# Called by the Makefile, which passes PYTHON (makes the fresh venv), VPY
# (the project venv, for auditwheel), VERSION and DIST.
set -euo pipefail

: "${PYTHON:=python3}" "${VPY:=.venv/bin/python}" "${VERSION:?}" "${DIST:=dist}"
started=$SECONDS
checks=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
    echo "wheel-test: FAILED: $*" >&2
    exit 1
}
check() { # check DESCRIPTION COMMAND...
    local what=$1
    shift
    "$@" || fail "$what"
    checks=$((checks + 1))
}

shopt -s nullglob
wheels=("$DIST"/leadrules-"$VERSION"-*.whl)
shopt -u nullglob
[[ ${#wheels[@]} -eq 1 ]] || fail "expected one wheel of $VERSION in $DIST/, found ${#wheels[*]}: run make dist"
wheel=${wheels[0]}
sdist=$DIST/leadrules-$VERSION.tar.gz
[[ -f "$sdist" ]] || fail "no $sdist: run make dist"
echo "wheel-test: $(basename "$wheel"), $(basename "$sdist")"

# 1. Tags.
name=$(basename "$wheel")
check "the wheel is abi3 for CPython 3.10+ ($name)" grep -q -- "-cp310-abi3-" <<< "$name"
check "the wheel is manylinux2014 / manylinux_2_17 x86_64 ($name)" \
    grep -q -- "-manylinux2014_x86_64.manylinux_2_17_x86_64.whl$" <<< "$name"
tags=$(unzip -p "$wheel" "leadrules-$VERSION.dist-info/WHEEL")
check "WHEEL: not pure Python" grep -qx "Root-Is-Purelib: false" <<< "$tags"
check "WHEEL: tag cp310-abi3-manylinux_2_17_x86_64" grep -qx "Tag: cp310-abi3-manylinux_2_17_x86_64" <<< "$tags"
audit=$("$(dirname "$VPY")/auditwheel" show "$wheel" 2>&1) || { echo "$audit" >&2; fail "auditwheel show"; }
audit=$(tr -s ' \n' '  ' <<< "$audit") # its report is wrapped
check "auditwheel: consistent with manylinux_2_17_x86_64 ($audit)" \
    grep -q 'consistent with the following platform tag: "manylinux_2_17_x86_64"' <<< "$audit"

# 2. Contents.
listing=$(unzip -Z1 "$wheel")
for file in leadrules/__init__.py leadrules/_native.abi3.so leadrules/_native.pyi leadrules/py.typed \
    "leadrules-$VERSION.dist-info/licenses/LICENSE"; do
    check "the wheel holds $file" grep -qx "$file" <<< "$listing"
done
check "the wheel's LICENSE is the repository's" \
    cmp -s LICENSE <(unzip -p "$wheel" "leadrules-$VERSION.dist-info/licenses/LICENSE")
check "the wheel's metadata: License-Expression Apache-2.0" \
    grep -qx "License-Expression: Apache-2.0" <(unzip -p "$wheel" "leadrules-$VERSION.dist-info/METADATA")
listing=$(tar tzf "$sdist")
for file in LICENSE PKG-INFO pyproject.toml Cargo.toml Cargo.lock core/src/lib.rs python/Cargo.toml \
    python/src/lib.rs leadrules/__init__.py leadrules/_native.pyi; do
    check "the sdist holds $file" grep -qx "leadrules-$VERSION/$file" <<< "$listing"
done
check "the sdist's LICENSE is the repository's" \
    cmp -s LICENSE <(tar xzf "$sdist" -O "leadrules-$VERSION/LICENSE")

# 3. Installed and used with no Rust toolchain on PATH.
clean_path=""
IFS=: read -r -a directories <<< "$PATH"
for directory in "${directories[@]}"; do
    [[ -n "$directory" && -d "$directory" ]] || continue
    for tool in cargo rustc rustup maturin; do
        [[ -x "$directory/$tool" ]] && continue 2
    done
    [[ "$directory" == */.cargo/bin ]] && continue
    clean_path=${clean_path:+$clean_path:}$directory
done
venv=$tmp/venv
"$PYTHON" -m venv "$venv"
bare() { # bare COMMAND...: runs with the cleaned PATH and a fresh HOME only
    env -i HOME="$tmp/home" PATH="$venv/bin:$clean_path" LANG=C.UTF-8 "$@"
}
mkdir -p "$tmp/home"
check "no cargo on the cleaned PATH" bare bash -c '! command -v cargo'
check "no rustc on the cleaned PATH" bare bash -c '! command -v rustc'
check "no maturin on the cleaned PATH" bare bash -c '! command -v maturin'
bare python -m pip install --quiet --disable-pip-version-check --no-index --only-binary :all: "$wheel" ||
    fail "pip install of the wheel without an index"
check "leadrules is imported from the fresh venv" \
    bare python -c "import leadrules, sys; sys.exit(not leadrules.__file__.startswith('$venv/'))"
check "examples/python/handover.py runs" bare python examples/python/handover.py > /dev/null
check "examples/python/workflows.py runs" bare python examples/python/workflows.py > /dev/null
readme_example=$tmp/readme_blocks.py
"$PYTHON" - python/README.md "$readme_example" << 'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"^```python\n(.*?)^```$", text, flags=re.M | re.S)
if not blocks:
    sys.exit("python/README.md has no ```python block")
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(blocks))
EOF
check "python/README.md's example runs" bare python "$readme_example" > /dev/null
# The CRM example's tests need pytest, from the index (pip's cache after
# the first run); still nothing is built.
bare python -m pip install --quiet --disable-pip-version-check --only-binary :all: "pytest>=8,<10" ||
    fail "pip install pytest"
(cd examples/python && bare python -m pytest -q -p no:cacheprovider crm/tests > "$tmp/crm.log" 2>&1) ||
    { cat "$tmp/crm.log" >&2; fail "the CRM example's tests with the installed wheel"; }
checks=$((checks + 1))
echo "wheel-test: $(tail -n 1 "$tmp/crm.log") (the CRM example's tests, installed wheel, no Rust on PATH)"

# 4. abi3: the same wheel in the oldest other CPython 3.10+ that pyenv has
#    here (the tag's promise is "3.10 and later"): installed as in 3. and
#    running the handover example.
candidates=()
if pyenv_root=$(pyenv root 2> /dev/null) && [[ -d "$pyenv_root/versions" ]]; then
    while read -r version; do
        interpreter=$pyenv_root/versions/$version/bin/python3
        [[ -x "$interpreter" ]] &&
            "$interpreter" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] != (3, 11)))' 2> /dev/null &&
            candidates+=("$version")
    done < <(ls "$pyenv_root/versions" | sort -V)
fi
if [[ ${#candidates[@]} -gt 1 ]]; then candidates=("${candidates[0]}"); fi
for version in "${candidates[@]}"; do
    other=$tmp/venv-$version/bin/python
    "$pyenv_root/versions/$version/bin/python3" -m venv "$tmp/venv-$version" ||
        fail "a venv of CPython $version"
    env -i HOME="$tmp/home" PATH="$clean_path" "$other" -m pip install --quiet --disable-pip-version-check \
        --no-index --only-binary :all: "$wheel" || fail "pip install of the wheel into CPython $version"
    check "examples/python/handover.py runs under CPython $version" \
        env -i HOME="$tmp/home" PATH="$clean_path" "$other" examples/python/handover.py > /dev/null
done
echo "wheel-test: the wheel also ran under CPython ${candidates[*]:-(none other here)}"

echo "wheel-test: $checks checks passed in $((SECONDS - started)) s"
