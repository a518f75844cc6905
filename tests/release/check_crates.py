"""make package-check: the crates that are published package as they should.

1. Every crate of the workspace that may be published (no `publish =
   false`) has the metadata crates.io shows and a user relies on:
   description, license, repository, readme, keywords, categories and
   rust-version; every path dependency also names a version (a published
   crate cannot depend on a path). The publishable set is pinned here, so
   publishing another crate is a decision, not an accident.
2. `cargo package` (offline, with its verification build: the packaged
   sources compile on their own) packages them; each .crate holds its
   README and the repository's LICENSE text (not a dangling link).

Run from the repository root; CARGO names cargo.
"""

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

PUBLISHED = {"leadrules", "leadrules-cli"}
REQUIRED = ("description", "license", "repository", "readme", "keywords", "categories", "rust_version")


def cargo(*args: str) -> str:
    command = [os.environ.get("CARGO", "cargo"), *args]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"package-check: `{' '.join(command)}` failed:\n{run.stderr}")
    return run.stdout


def metadata_problems(packages: list[dict]) -> list[str]:
    problems = []
    publishable = {p["name"] for p in packages if p.get("publish") != []}
    if publishable != PUBLISHED:
        problems.append(f"publishable crates are {sorted(publishable)}, expected {sorted(PUBLISHED)}")
    for package in packages:
        if package["name"] not in publishable:
            continue
        for field in REQUIRED:
            if not package.get(field):
                problems.append(f"{package['name']}: no `{field.replace('_', '-')}` in Cargo.toml")
        for dependency in package["dependencies"]:
            if dependency.get("path") and dependency["req"] == "*":
                problems.append(f"{package['name']}: path dependency `{dependency['name']}` names no version")
    return problems


def crate_problems(name: str, version: str, license_text: bytes) -> list[str]:
    crate = Path("target/package") / f"{name}-{version}.crate"
    problems = []
    with tarfile.open(crate) as archive:
        members = {m.name.split("/", 1)[1]: m for m in archive.getmembers() if "/" in m.name}
        for wanted in ("README.md", "LICENSE", "Cargo.toml", "src/main.rs" if name.endswith("-cli") else "src/lib.rs"):
            if wanted not in members:
                problems.append(f"{crate}: no {wanted}")
        if "LICENSE" in members:
            member = members["LICENSE"]
            data = archive.extractfile(member).read() if member.isfile() else b""
            if data != license_text:
                problems.append(f"{crate}: LICENSE is not the repository's LICENSE text")
    return problems


def main() -> None:
    packages = json.loads(cargo("metadata", "--no-deps", "--format-version", "1", "--offline"))["packages"]
    problems = metadata_problems(packages)
    if not problems:
        arguments = [argument for name in sorted(PUBLISHED) for argument in ("-p", name)]
        cargo("package", *arguments, "--allow-dirty", "--offline", "--quiet")
        license_text = Path("LICENSE").read_bytes()
        versions = {p["name"]: p["version"] for p in packages}
        for name in sorted(PUBLISHED):
            problems += crate_problems(name, versions[name], license_text)
    if problems:
        sys.exit("package-check: FAILED\n" + "\n".join(f"  {p}" for p in problems))
    names = ", ".join(f"{name} {versions[name]}" for name in sorted(PUBLISHED))
    print(f"package-check: {names} package with complete metadata, README and LICENSE")


if __name__ == "__main__":
    main()
