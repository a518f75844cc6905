"""Every C, Rust and Python block of README.md and docs/*.md, built and run
as the complete program it claims to be, from the repository root.

- ```python blocks run with the interpreter running this script (the
  venv, with the built package installed), one process each;
- ```c blocks compile with the flags of `make c-test` against the in-tree
  static library (target/debug/libleadrules.a, built by `make c-test` or
  `cargo build -p leadrules-ffi`), then run;
- ```rust blocks become the examples of one scratch crate depending on
  core by path (build/docs-snippets/, its own workspace, the repository's
  lock file and target directory), built by one `cargo build --examples`
  so that core compiles once, then run.

A block that must stay a fragment says so on the line before its fence,
with its reason: `<!-- snippet: fragment (why) -->`; it is listed, never
run. A block passes when it compiles without a warning and exits 0. Usage: run_snippets.py [--skip FILE ...] [--only FILE ...]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build" / "docs-snippets"
LANGUAGES = ("c", "rust", "python")
FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
FRAGMENT = re.compile(r"<!--\s*snippet:\s*fragment\s*\((.+?)\)\s*-->\s*$")
CFLAGS = ["-std=c11", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-Iinclude", "-g"]
STATIC_LIBS = ["-lpthread", "-ldl", "-lm"]
TIMEOUT = 120


@dataclass
class Block:
    """One fenced block: where it is, its language, its text, and the
    reason it stays a fragment (None for a complete program)."""

    file: Path
    line: int
    language: str
    text: str
    fragment: str | None

    @property
    def name(self) -> str:
        stem = re.sub(r"\W", "_", str(self.file.relative_to(ROOT)).removesuffix(".md").lower())
        return f"{stem}_{self.line}"

    def __str__(self) -> str:
        return f"{self.file.relative_to(ROOT)}:{self.line} ({self.language})"


def blocks(files: List[Path]) -> List[Block]:
    found = []
    for file in files:
        text = file.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            if match.group(1) not in LANGUAGES:
                continue
            line = text.count("\n", 0, match.start()) + 1
            before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
            marker = FRAGMENT.search(before)
            found.append(Block(file, line, match.group(1), match.group(2), marker and marker.group(1)))
    return found


def run(command: List[str], what: Block, **kwargs: object) -> str | None:
    """None when `command` exits 0, else what it printed."""
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT, **kwargs)
    except subprocess.TimeoutExpired:
        return f"{what}: timed out after {TIMEOUT} s"
    if done.returncode != 0:
        return f"{what}: `{' '.join(command)}` exited {done.returncode}\n{done.stdout}{done.stderr}"
    return None


def run_python(block: Block) -> str | None:
    path = BUILD / "python" / f"{block.name}.py"
    path.write_text(block.text, encoding="utf-8")
    return run([sys.executable, str(path)], block)


def run_c(block: Block, library: Path) -> str | None:
    source = BUILD / "c" / f"{block.name}.c"
    binary = source.with_suffix("")
    source.write_text(block.text, encoding="utf-8")
    cc = os.environ.get("CC", "cc")
    failed = run([cc, *CFLAGS, str(source), "-o", str(binary), str(library), *STATIC_LIBS], block)
    return failed or run([str(binary)], block)


def run_rust(rust: List[Block]) -> List[str]:
    """Builds every Rust block as an example of one scratch crate, then runs each."""
    crate = BUILD / "rust"
    examples = crate / "examples"
    examples.mkdir(parents=True, exist_ok=True)
    (crate / "src").mkdir(exist_ok=True)
    (crate / "src" / "lib.rs").write_text("//! The documentation's Rust blocks, as examples.\n")
    core = (ROOT / "core").as_posix()
    (crate / "Cargo.toml").write_text(
        '[package]\nname = "docs-snippets"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n'
        # Its own workspace: not a member of the repository's.
        "[workspace]\n\n"
        f'[dependencies]\nleadrules = {{ path = "{core}" }}\nserde_json = "1"\n'
    )
    shutil.copy(ROOT / "Cargo.lock", crate / "Cargo.lock")
    for old in examples.glob("*.rs"):
        old.unlink()
    for block in rust:
        (examples / f"{block.name}.rs").write_text(block.text, encoding="utf-8")
    # The repository's target directory and flags: core, already built by
    # `make rust-test`, is not built again (RUSTFLAGS would rebuild it).
    env = dict(os.environ, CARGO_TARGET_DIR=str(ROOT / "target"))
    build = ["cargo", "build", "--quiet", "--examples", "--manifest-path", str(crate / "Cargo.toml")]
    done = subprocess.run(build, cwd=ROOT, capture_output=True, text=True, env=env)
    if done.returncode != 0 or "warning" in done.stderr:
        return [f"the Rust blocks ({', '.join(map(str, rust))}) do not build cleanly:\n{done.stderr}"]
    failures = []
    for block in rust:
        failed = run([str(ROOT / "target" / "debug" / "examples" / block.name)], block)
        if failed:
            failures.append(failed)
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip", action="append", default=[], help="a file (from the root) to leave out")
    parser.add_argument("--only", action="append", default=[], help="run only these files")
    args = parser.parse_args()
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    if args.only:
        files = [ROOT / f for f in args.only]
    files = [f for f in files if str(f.relative_to(ROOT)) not in args.skip]
    found = blocks(files)
    complete = [b for b in found if b.fragment is None]
    for sub in ("python", "c"):
        (BUILD / sub).mkdir(parents=True, exist_ok=True)
    library = ROOT / "target" / "debug" / "libleadrules.a"
    if any(b.language == "c" for b in complete) and not library.exists():
        print(f"{library.relative_to(ROOT)} is missing: run `cargo build -p leadrules-ffi` first", file=sys.stderr)
        return 1

    failures: List[str] = []
    seconds: Dict[str, float] = {}
    for language in LANGUAGES:
        started = time.monotonic()
        mine = [b for b in complete if b.language == language]
        if language == "rust" and mine:
            failures += run_rust(mine)
        for block in mine if language != "rust" else []:
            failed = run_python(block) if language == "python" else run_c(block, library)
            if failed:
                failures.append(failed)
        seconds[language] = time.monotonic() - started

    for block in found:
        if block.fragment is not None:
            print(f"fragment, not run: {block}: {block.fragment}")
    counts = ", ".join(
        f"{sum(b.language == lang for b in complete)} {lang} ({seconds[lang]:.1f} s)" for lang in LANGUAGES
    )
    if failures:
        print("\n\n".join(failures), file=sys.stderr)
        print(f"documentation snippets: {len(failures)} failed of {counts}", file=sys.stderr)
        return 1
    print(f"documentation snippets: every block built and ran: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
