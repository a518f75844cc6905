#!/usr/bin/env bash
# make install-test: the C library as installed, seen from outside the
# repository.
#
# 1. `make install` into a temporary prefix: the files, the symlink chain
#    libleadrules.so -> .so.<ABI> (the SONAME) -> .so.<version>, the .pc file.
# 2. The same install staged with DESTDIR: files under the stage, the .pc
#    naming the real prefix; `make uninstall` there leaves nothing.
# 3. examples/c/handover.c built by examples/c/installed/Makefile with
#    pkg-config, linked to the shared library (which must record the SONAME)
#    and to the static one (which must not need the shared library); both
#    run and check their answers.
# 4. The same program built with CMake (examples/c/cmake, PkgConfig module)
#    and run. cmake: the system's, else pip-installed into the venv; if
#    neither can be had the step is skipped with a message saying so.
# 5. docs/c.md's programs and its shared-library lookup commands (rpath,
#    LD_LIBRARY_PATH, ldconfig, static), as written, against the prefix.
# 6. `make uninstall`: nothing is left in the prefix.
#
# Every program is compiled with the project's warning flags (-Werror) and
# against the installed header only (no -Iinclude). Called by the Makefile,
# which passes MAKE, CC, CFLAGS, VPY, VERSION and ABI.
set -euo pipefail

: "${MAKE:=make}" "${CC:=gcc}" "${CFLAGS:=-std=c11 -Wall -Wextra -Wpedantic -Werror -g}"
: "${VPY:=.venv/bin/python}" "${VERSION:?}" "${ABI:?}"
export CC CFLAGS
venv_bin=$(cd "$(dirname "$VPY")" && pwd) # absolute: the example builds run elsewhere
started=$SECONDS
checks=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
    echo "install-test: FAILED: $*" >&2
    exit 1
}
check() { # check DESCRIPTION COMMAND...
    local what=$1
    shift
    "$@" || fail "$what"
    checks=$((checks + 1))
}
soname_of() { readelf -d "$1" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p'; }
needs() { grep -q "(NEEDED).*\[$2\]" <<< "$(readelf -d "$1")"; }
needs_no_leadrules() { ! grep -q "(NEEDED).*\[libleadrules" <<< "$(readelf -d "$1")"; }
# The first line handover prints: library and header versions and ABIs.
banner="leadrules $VERSION (ABI $ABI), header $VERSION (ABI $ABI)"
runs() { # runs PROGRAM: exits 0 and prints the expected versions first
    local out
    out=$("$1") || { echo "$out" >&2; return 1; }
    [[ "$(head -n 1 <<< "$out")" == "$banner" ]] || { echo "$out" >&2; return 1; }
}

# pkg-config: the system's (Debian's pkg-config is on the machine image),
# else pkgconf from PyPI in the venv. PKG_CONFIG may name another.
if [[ -z "${PKG_CONFIG:-}" ]]; then
    if command -v pkg-config > /dev/null; then
        PKG_CONFIG=$(command -v pkg-config)
    else
        [[ -x "$venv_bin/pkg-config" ]] || "$VPY" -m pip install --quiet pkgconf ||
            fail "no pkg-config on PATH and \`pip install pkgconf\` failed"
        PKG_CONFIG=$venv_bin/pkg-config
    fi
fi

# 1. Install into a prefix.
prefix=$tmp/prefix
lib=$prefix/lib
"$MAKE" --no-print-directory install PREFIX="$prefix" > /dev/null
check "header installed" cmp -s include/leadrules.h "$prefix/include/leadrules.h"
check "static library installed" test -f "$lib/libleadrules.a"
check "shared library installed as libleadrules.so.$VERSION" \
    test -f "$lib/libleadrules.so.$VERSION" -a ! -L "$lib/libleadrules.so.$VERSION"
check "libleadrules.so.$ABI -> libleadrules.so.$VERSION" \
    test "$(readlink "$lib/libleadrules.so.$ABI")" = "libleadrules.so.$VERSION"
check "libleadrules.so -> libleadrules.so.$ABI" \
    test "$(readlink "$lib/libleadrules.so")" = "libleadrules.so.$ABI"
check "SONAME is libleadrules.so.$ABI (was: $(soname_of "$lib/libleadrules.so.$VERSION"))" \
    test "$(soname_of "$lib/libleadrules.so.$VERSION")" = "libleadrules.so.$ABI"
check "leadrules.pc installed" test -f "$lib/pkgconfig/leadrules.pc"
# As `sudo make install` runs it after `make release`: no cargo on PATH.
"$MAKE" --no-print-directory install PREFIX="$tmp/as-root" CARGO="$tmp/no-cargo" > "$tmp/as-root.log"
check "make install without cargo installs the release built before" \
    cmp -s "$lib/libleadrules.so.$VERSION" "$tmp/as-root/lib/libleadrules.so.$VERSION"
"$MAKE" --no-print-directory uninstall PREFIX="$tmp/as-root" > /dev/null

# 2. Staged with DESTDIR for a prefix that does not exist here.
stage=$tmp/stage
"$MAKE" --no-print-directory install DESTDIR="$stage" PREFIX=/opt/leadrules > /dev/null
check "DESTDIR stages under the prefix" test -f "$stage/opt/leadrules/lib/libleadrules.so.$VERSION"
check "the staged .pc names the real prefix" \
    grep -qx "prefix=/opt/leadrules" "$stage/opt/leadrules/lib/pkgconfig/leadrules.pc"
"$MAKE" --no-print-directory uninstall DESTDIR="$stage" PREFIX=/opt/leadrules > /dev/null
check "uninstall removes every staged file" test -z "$(find "$stage" ! -type d)"

# 3. pkg-config, shared and static.
export PKG_CONFIG PKG_CONFIG_PATH=$lib/pkgconfig
echo "install-test: pkg-config is $PKG_CONFIG ($("$PKG_CONFIG" --version))"
# pkg-config's answer for leadrules, spaces normalised (it may end in one).
ask() {
    local answer
    answer=$("$PKG_CONFIG" "$@" leadrules) || return 1
    echo $answer # unquoted on purpose
}
check "pkg-config reads version $VERSION" test "$(ask --modversion)" = "$VERSION"
check "pkg-config --cflags --libs: the prefix's (was: $(ask --cflags --libs))" \
    test "$(ask --cflags --libs)" = "-I$prefix/include -L$lib -lleadrules"
check "pkg-config --static adds Libs.private (was: $(ask --static --libs))" \
    test "$(ask --static --libs)" = "-L$lib -lleadrules -lpthread -ldl -lm"
out=$tmp/pkg-config
mkdir -p "$out"
"$MAKE" --no-print-directory -s -C examples/c/installed O="$out"
check "the shared build needs libleadrules.so.$ABI" needs "$out/handover" "libleadrules.so.$ABI"
check "the static build needs no libleadrules" needs_no_leadrules "$out/handover-static"
check "handover (shared, pkg-config) runs and answers as documented" runs "$out/handover"
check "handover (static, pkg-config) runs and answers as documented" runs "$out/handover-static"

# 4. CMake.
cmake=$(command -v cmake || true)
if [[ -z "$cmake" ]]; then
    [[ -x "$venv_bin/cmake" ]] || "$VPY" -m pip install --quiet cmake || true
    [[ -x "$venv_bin/cmake" ]] && cmake=$venv_bin/cmake
fi
if [[ -n "$cmake" ]]; then
    cbuild=$tmp/cmake
    # Not PKG_CONFIG_PATH: CMAKE_PREFIX_PATH is what a CMake user passes.
    env -u PKG_CONFIG_PATH "$cmake" -S examples/c/cmake -B "$cbuild" \
        -DCMAKE_PREFIX_PATH="$prefix" -DPKG_CONFIG_EXECUTABLE="$PKG_CONFIG" > "$tmp/cmake.log" 2>&1 ||
        { cat "$tmp/cmake.log" >&2; fail "cmake configure"; }
    check "CMake found the leadrules of the prefix" \
        grep -q -- "-- leadrules $VERSION in $lib\$" "$tmp/cmake.log"
    "$cmake" --build "$cbuild" > "$tmp/cmake-build.log" 2>&1 ||
        { cat "$tmp/cmake-build.log" >&2; fail "cmake build"; }
    check "the CMake build needs libleadrules.so.$ABI" needs "$cbuild/handover" "libleadrules.so.$ABI"
    check "handover (CMake) runs and answers as documented" runs "$cbuild/handover"
    cmake_note="CMake $("$cmake" --version | sed -n 's/^cmake version //p')"
else
    echo "install-test: SKIPPED the CMake example: no cmake on PATH and \`pip install cmake\` failed"
    cmake_note="CMake SKIPPED"
fi

# 5. docs/c.md as written (tests/c/doc_programs.py extracts it): every C
#    program of the page built against the installed header and static
#    library with the project's warning flags, run, and its output compared
#    with the page's "It prints:"; then the page's shared-library lookup
#    commands, run as a reader types them (`cc` is $CC, PREFIX the
#    temporary prefix): rpath, LD_LIBRARY_PATH and static, each printing
#    the first program's answer. The plain build must fail to start without
#    LD_LIBRARY_PATH (the error the page quotes), and ldconfig, given a
#    private configuration and cache (never the system's), must map the
#    SONAME into the prefix.
doc=$tmp/doc
mkdir -p "$doc" "$tmp/bin"
programs=$("$VPY" tests/c/doc_programs.py docs/c.md "$doc") || fail "docs/c.md: its programs cannot be extracted"
static_flags=("$lib/libleadrules.a" $(ask --static --libs-only-l | sed 's/-lleadrules//'))
for program in $programs; do
    # shellcheck disable=SC2086 # CFLAGS and pkg-config's answer are word lists
    $CC $CFLAGS $(ask --cflags) "$doc/$program.c" -o "$doc/$program-check" "${static_flags[@]}" ||
        fail "docs/c.md: $program.c does not build against the installed library"
    "$doc/$program-check" > "$doc/$program.out" || fail "docs/c.md: $program.c exits with status $?"
    if [[ -f "$doc/$program.expected" ]]; then
        check "docs/c.md: $program.c prints what the page says" diff -u "$doc/$program.expected" "$doc/$program.out"
    else
        checks=$((checks + 1))
    fi
done
ln -sfn "$(command -v "$CC")" "$tmp/bin/cc"
(cd "$doc" && PREFIX=$prefix PATH="$tmp/bin:$(dirname "$PKG_CONFIG"):$PATH" \
    bash -euo pipefail lookup.sh > lookup.out 2> lookup.err) ||
    { cat "$doc/lookup.err" >&2; fail "docs/c.md: the lookup commands, as written"; }
check "docs/c.md: rpath, LD_LIBRARY_PATH and static each print the first program's answer" \
    diff -u <(cat "$doc/first.expected" "$doc/first.expected" "$doc/first.expected") "$doc/lookup.out"
check "docs/c.md: the rpath build records $lib" grep -Eq "\((RUNPATH|RPATH)\).*\[$lib\]" <(readelf -d "$doc/first")
check "docs/c.md: the static build needs no libleadrules" needs_no_leadrules "$doc/first-static"
check "docs/c.md: the plain build fails to start without LD_LIBRARY_PATH, as the page says" \
    grep -q "error while loading shared libraries: libleadrules.so.$ABI: cannot open shared object file" \
    <(env -u LD_LIBRARY_PATH "$doc/first-plain" 2>&1 || true)
ldconfig=$(PATH="$PATH:/sbin:/usr/sbin" command -v ldconfig || true)
if [[ -n "$ldconfig" ]]; then
    echo "$lib" > "$tmp/ld.so.conf"
    "$ldconfig" -X -f "$tmp/ld.so.conf" -C "$tmp/ld.so.cache" 2> /dev/null || fail "ldconfig with a private cache"
    check "ldconfig maps libleadrules.so.$ABI into the prefix" \
        grep -q "libleadrules.so.$ABI .*=> $lib/libleadrules.so.$ABI\$" <("$ldconfig" -p -C "$tmp/ld.so.cache")
    ldconfig_note="ldconfig"
else
    echo "install-test: SKIPPED the ldconfig check: no ldconfig"
    ldconfig_note="ldconfig SKIPPED"
fi

# 6. Uninstall.
"$MAKE" --no-print-directory uninstall PREFIX="$prefix" > /dev/null
check "uninstall removes every installed file" test -z "$(find "$prefix" ! -type d)"

echo "install-test: $checks checks passed in $((SECONDS - started)) s (pkg-config shared + static, $cmake_note, docs/c.md: $programs, $ldconfig_note)"
