"""Installs the peers of requirements.txt into the running interpreter's
environment, one at a time: a peer that cannot be installed on this machine
is reported clearly (with pip's last words) and the others go on. Always
exits 0; run.py names whatever is missing again next to the results."""

from __future__ import annotations

import pathlib
import subprocess
import sys

REQUIREMENTS = pathlib.Path(__file__).with_name("requirements.txt")


def requirements() -> list[str]:
    """The requirement lines of the file, comments and blanks left out."""
    lines = (line.split("#", 1)[0].strip() for line in REQUIREMENTS.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def install(requirement: str) -> tuple[bool, str]:
    """pip-installs one requirement (constrained by the whole file); returns
    success and, on failure, the tail of pip's output."""
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         requirement, "-c", str(REQUIREMENTS)],
        capture_output=True, text=True, check=False)
    tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-8:])
    return proc.returncode == 0, tail


def main() -> int:
    """Installs every requirement and prints one line each, then a summary
    of the failures."""
    failed = []
    for requirement in requirements():
        ok, tail = install(requirement)
        print(f"bench-peers: {requirement:30s} {'installed' if ok else 'COULD NOT BE INSTALLED'}")
        if not ok:
            failed.append((requirement, tail))
    for requirement, tail in failed:
        print(f"\n!! {requirement} cannot be installed on this machine; the comparison goes on without it.")
        print("   pip said:\n" + "\n".join(f"   | {line}" for line in tail.splitlines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
