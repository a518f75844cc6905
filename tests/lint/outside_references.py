#!/usr/bin/env python3
"""Fails on comments in code files that point at documents outside the repository.

The design brief and the issue tracker live outside this repository, so a
comment citing one of their sections, issue numbers or seeds points a reader
at nothing. A comment names the in-repo document that states the rule
instead (docs/*.md with an anchor, RELIABILITY.md, BENCHMARKS.md).

Scans the tracked code files (`git ls-files`: Rust, Python and stubs, C,
TOML, shell, Makefiles) for the design brief's section marks and file
name, the shared folder it lives in, the tracker's seed numbers, and an
issue number not preceded by a project's name (another project's tracker,
as in "cargo issue 1234", is fine). Prints file:line: text for each and
exits 1 if there is any. Markdown is not scanned: run notes may tell
history. Standard library only; run from anywhere in the checkout.
"""

import os
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
SUFFIXES = (".rs", ".py", ".pyi", ".c", ".h", ".toml", ".sh", ".mk")
NAMES = ("Makefile",)
# Outside a git checkout: what builds and virtual environments leave behind.
SKIP_DIRS = {".git", "build", "node_modules", "__pycache__"}
SKIP_PREFIXES = (".venv", "target")

# Built from pieces so that this file does not match its own patterns.
DESIGN = "DESIGN"
PATTERNS = [
    re.compile(re.escape(DESIGN) + r"\s*§"),
    re.compile(r"\b" + re.escape(DESIGN) + r"\.md\b"),
    re.compile(r"\bseeds?\s+00\d"),
    re.compile(r"\b" + "shared" + "/"),
]
ISSUE = re.compile(r"\b(issues?)\s+#?\d+", re.IGNORECASE)
# The project an issue belongs to is the word right before it ("cargo",
# "rust-lang/rust", "PyO3"); these words name none, so the issue is this
# project's own, in a tracker outside the repository.
PROJECT = re.compile(r"([A-Za-z][\w./-]*\w)\s+$")
NOT_A_PROJECT = {
    "a", "after", "an", "and", "as", "at", "before", "by", "closed", "fixed", "fixes", "for",
    "from", "github", "in", "its", "known", "of", "on", "open", "or", "our", "per", "see",
    "since", "the", "this", "to", "tracker", "under", "with",
}


def code_files() -> list[pathlib.Path]:
    """The tracked code files, or every code file when this is no git checkout."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True
        ).stdout.decode()
        paths = [ROOT / p for p in out.split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        paths = []
        for top, dirs, files in os.walk(ROOT):
            dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith(SKIP_PREFIXES)]
            paths += [pathlib.Path(top) / f for f in files]
    return sorted(p for p in paths if p.name in NAMES or p.name.endswith(SUFFIXES))


def outside_issue(line: str) -> bool:
    """An issue number with no project's name before it."""
    for match in ISSUE.finditer(line):
        project = PROJECT.search(line[: match.start()])
        if not project or project.group(1).lower() in NOT_A_PROJECT:
            return True
    return False


def main() -> int:
    found = 0
    for path in code_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if any(p.search(line) for p in PATTERNS) or outside_issue(line):
                print(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
                found += 1
    if found:
        print(
            f"outside_references: {found} line(s) point at documents outside the repository; "
            "point at docs/, RELIABILITY.md or BENCHMARKS.md instead"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
