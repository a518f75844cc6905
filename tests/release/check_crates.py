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
3. A crate outside the repository depends on `leadrules` by a path to the
   clone's core/, as docs/rust.md shows, and runs the crate README's
   program (what crates.io shows) as its main.rs. Built offline with the
   repository's Cargo.lock (the versions the tests ran with), in the
   workspace's target/, where `cargo package` verified core: the
   dependencies built there for core alone are reused.

`cargo package` verifies leadrules-cli against the leadrules it has just
packaged, through a local registry whose sources cargo extracts under
$CARGO_HOME/registry/src/-<hash of the path>/ and never re-extracts: a
clone at a path that held another clone would verify against the older
sources. Those extractions of our own crates are removed first.

Run from the repository root; CARGO names cargo.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
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


def consumer_problems() -> list[str]:
    readme = Path("core/README.md").read_text(encoding="utf-8")
    programs = re.findall(r"^```rust\n(.*?)^```$", readme, flags=re.M | re.S)
    if len(programs) != 1 or "fn main()" not in programs[0]:
        return ["core/README.md: expected one ```rust block with `fn main()`"]
    repository = Path.cwd()
    with tempfile.TemporaryDirectory() as folder:
        consumer = Path(folder) / "consumer"
        (consumer / "src").mkdir(parents=True)
        (consumer / "Cargo.toml").write_text(
            "[package]\nname = \"consumer\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n"
            "[dependencies]\n"
            f"leadrules = {{ path = {json.dumps(str(repository / 'core'))} }}\n",
            encoding="utf-8",
        )
        (consumer / "src" / "main.rs").write_text(programs[0], encoding="utf-8")
        shutil.copy(repository / "Cargo.lock", consumer / "Cargo.lock")
        command = [os.environ.get("CARGO", "cargo"), "run", "--quiet", "--offline", "--manifest-path",
                   str(consumer / "Cargo.toml"), "--target-dir", str(repository / "target")]
        run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        return [f"a crate outside the repository, depending on core/ by path: `cargo run` failed:\n{run.stderr}"]
    if run.stdout != "3 effects\n":
        return [f"core/README.md's program printed {run.stdout!r}, not '3 effects'"]
    return []


def forget_stale_extractions(versions: dict[str, str]) -> None:
    """Removes cargo's extractions of our packaged crates from local registries.

    A registry named `-<hash>` has no host: it is the overlay `cargo package`
    made for a workspace, so nothing but this check's own earlier runs
    (from this path or another clone's) is removed.
    """
    home = Path(os.environ.get("CARGO_HOME") or Path.home() / ".cargo")
    for kind in ("src", "cache"):
        for registry in (home / "registry" / kind).glob("-*"):
            for name in PUBLISHED:
                for stale in registry.glob(f"{name}-{versions[name]}*"):
                    if stale.is_dir():
                        shutil.rmtree(stale)
                    else:
                        stale.unlink()


def main() -> None:
    packages = json.loads(cargo("metadata", "--no-deps", "--format-version", "1", "--offline"))["packages"]
    problems = metadata_problems(packages)
    if not problems:
        versions = {p["name"]: p["version"] for p in packages}
        forget_stale_extractions(versions)
        arguments = [argument for name in sorted(PUBLISHED) for argument in ("-p", name)]
        cargo("package", *arguments, "--allow-dirty", "--offline", "--quiet")
        license_text = Path("LICENSE").read_bytes()
        for name in sorted(PUBLISHED):
            problems += crate_problems(name, versions[name], license_text)
        problems += consumer_problems()
    if problems:
        sys.exit("package-check: FAILED\n" + "\n".join(f"  {p}" for p in problems))
    names = ", ".join(f"{name} {versions[name]}" for name in sorted(PUBLISHED))
    print(f"package-check: {names} package with complete metadata, README and LICENSE;"
          " a crate outside the repository builds against core/ and runs its README's program")


if __name__ == "__main__":
    main()
