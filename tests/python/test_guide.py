"""docs/guide.md ("Your first config") runs as written.

The page is replayed in order, in an empty directory, with the command-line
tool on PATH:

- a ```json block is a file: the line before it says "Write `F.json`"
  (the block becomes the file), "Add to `F.json`" (the block is merged into
  the file, object by object) or "whole `F.json`" (the file must now equal
  the block); every ```json block says one of the three;
- a prose line "In `F.json`, change `A` to `B`" edits the file (A must
  occur once);
- a ```sh block that starts with `cat > ` writes its file;
- every `$ ` line of a ```console block runs in bash, and what it prints
  must be exactly the lines under it; a `leadrules check` exits 0 when it
  prints "ok:" and 1 otherwise, every other command exits 0.

The guide must check its config at every step and show one config that
does not load.
"""

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any, Iterator, List, Tuple

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
GUIDE = ROOT / "docs" / "guide.md"

WRITE = re.compile(r"\bWrite `([^`]+\.json)`")
ADD = re.compile(r"\bAdd to `([^`]+\.json)`")
WHOLE = re.compile(r"\bwhole `([^`]+\.json)`")
CHANGE = re.compile(r"\bIn `([^`]+\.json)`, change `([^`]+)` to `([^`]+)`")


def blocks(text: str) -> Iterator[Tuple[str, str, str]]:
    """(kind, body, the paragraph before it): kind is a fence's language,
    or "prose" for a paragraph outside any fence (its lines joined)."""
    lines = text.splitlines()
    paragraph: List[str] = []
    last = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```") or not line.strip():
            if paragraph:
                last = " ".join(paragraph)
                yield "prose", last, ""
                paragraph = []
        if line.startswith("```"):
            language = line[3:].strip()
            end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
            yield language, "\n".join(lines[i + 1:end]) + "\n", last
            i = end + 1
            continue
        if line.strip():
            paragraph.append(line.strip())
        i += 1
    if paragraph:
        yield "prose", " ".join(paragraph), ""


def merge(into: Any, extra: Any) -> Any:
    if isinstance(into, dict) and isinstance(extra, dict):
        merged = dict(into)
        for key, value in extra.items():
            merged[key] = merge(into[key], value) if key in into else value
        return merged
    return extra


def commands(body: str) -> List[Tuple[str, List[str]]]:
    found: List[Tuple[str, List[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            found.append((line[2:], []))
        elif found:
            found[-1][1].append(line)
    return found


@pytest.fixture(scope="module")
def tool_dir() -> Path:
    cargo = os.environ.get("CARGO", "cargo")
    subprocess.run([cargo, "build", "--quiet", "-p", "leadrules-cli"], cwd=ROOT, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    binary = target / "debug" / "leadrules"
    assert binary.exists(), binary
    return binary.parent


def test_the_guide_runs_as_written(tool_dir: Path, tmp_path: Path) -> None:
    env = dict(os.environ, PATH=f"{tool_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    checks: List[str] = []
    for kind, body, before in blocks(GUIDE.read_text(encoding="utf-8")):
        if kind == "prose":
            edit = CHANGE.search(body)
            if edit:
                name, old, new = edit.groups()
                text = (tmp_path / name).read_text(encoding="utf-8")
                assert text.count(old) == 1, f"`{old}` is not once in {name}"
                (tmp_path / name).write_text(text.replace(old, new), encoding="utf-8")
        elif kind == "json":
            write, add, whole = WRITE.search(before), ADD.search(before), WHOLE.search(before)
            assert write or add or whole, f"a ```json block without its file: {before!r}"
            if write:
                (tmp_path / write.group(1)).write_text(body, encoding="utf-8")
            elif add:
                path = tmp_path / add.group(1)
                merged = merge(json.loads(path.read_text(encoding="utf-8")), json.loads(body))
                path.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")
            elif whole:
                path = tmp_path / whole.group(1)
                assert json.loads(path.read_text(encoding="utf-8")) == json.loads(body), (
                    f"the guide's steps do not add up to the whole {whole.group(1)} it shows"
                )
        elif kind == "sh" and body.startswith("cat > "):
            subprocess.run(["bash", "-c", body], cwd=tmp_path, check=True)
        elif kind == "console":
            for command, shown in commands(body):
                done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env,
                                      capture_output=True, text=True, check=False)
                assert done.stdout.splitlines() == shown, f"$ {command}\n{done.stderr}"
                if re.search(r"\bleadrules check\b", command):
                    checks.append(done.stdout)
                    expected = 0 if done.stdout.startswith("ok:") else 1
                    assert done.returncode == expected, f"$ {command}"
                else:
                    assert done.returncode == 0, f"$ {command}\n{done.stderr}"
    assert len(checks) >= 5, "the guide checks its config at every step"
    assert any(out.startswith("invalid:") for out in checks), "the guide shows a mistake"
    final = json.loads((tmp_path / "company.json").read_text(encoding="utf-8"))
    assert len(final["orgs"]) == 3
    assert final["policy"]["workflows"] and final["policy"]["templates"]
