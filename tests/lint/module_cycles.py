#!/usr/bin/env python3
"""Fails when two modules of the core crate depend on each other.

The core is layered with arrows one way (ARCHITECTURE.md, docs/testing.md):
base types, the policy, the config reader, the rule areas, the engine
facade, the protocol. A module that imports a module which imports it back
ties two layers into one; this check names every such cycle.

How it reads the crate (`core/src`, standard library only):
- The module tree comes from `mod name;` declarations (`name.rs` or
  `name/mod.rs` next to the declaring file, as rustc finds them).
- A module depends on the module that defines each item it names through
  a `use` item or an inline path (`crate::x::y`, `super::x`, `self::x`,
  or a child module's name), comments and strings left out. Test items
  count too: a `#[cfg(test)]` import of the engine from a rule area ties
  the two as surely as any other (whole-crate tests live in core/tests).
  An inline module (`mod tests { ... }`) is read as part of its file.
- A path through a re-export (`pub use`, `pub(crate) use`) is followed to
  the module that defines the item, so `crate::Engine` depends on the
  module of `Engine`, not on `lib.rs`; the re-exporting module itself
  depends on what it re-exports (a public path is a promise about the
  module it leads to), unless it re-exports its own descendants (the
  crate root's or a directory's `mod.rs` public face).
- Top-level modules are the nodes of the first graph; a directory module
  (`workflow/`, `expiry/`, `protocol/`) is one node there. Within each
  directory module its `mod.rs` and its children are the nodes of a graph
  of their own, checked the same way.

Usage: module_cycles.py [SRC_DIR] [--graph]. Prints each cycle as
`a -> b -> a` with the line that makes each edge, and exits 1 if there is
one; `--graph` prints every edge between top-level modules instead.
"""

from __future__ import annotations

import pathlib
import re
import sys
from dataclasses import dataclass, field

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_SRC = ROOT / "core" / "src"

Module = tuple[str, ...]


@dataclass
class Source:
    """One module's code, stripped of comments, strings and test items."""

    module: Module
    file: pathlib.Path
    text: str
    children: set[str] = field(default_factory=set)
    # name -> absolute path segments of what a `use` brings in
    names: dict[str, list[str]] = field(default_factory=dict)
    globs: list[list[str]] = field(default_factory=list)
    # (path segments, line, is a re-export)
    uses: list[tuple[list[str], int, bool]] = field(default_factory=list)


def strip(text: str) -> str:
    """The text with comments and string/char literals blanked (newlines kept)."""
    out: list[str] = []
    i, n = 0, len(text)

    def blank(chunk: str) -> str:
        return "".join("\n" if c == "\n" else " " for c in chunk)

    while i < n:
        c = text[i]
        if text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(blank(text[i:end]))
            i = end
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(blank(text[i:j]))
            i = j
        elif (m := re.compile(r'b?r(#*)"').match(text, i)) and (i == 0 or not _ident(text[i - 1])):
            close = '"' + m.group(1)
            end = text.find(close, m.end())
            end = n if end < 0 else end + len(close)
            out.append(blank(text[i:end]))
            i = end
        elif c == '"' or (c == "b" and text.startswith('b"', i) and (i == 0 or not _ident(text[i - 1]))):
            j = i + (2 if c == "b" else 1)
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(blank(text[i : j + 1]))
            i = j + 1
        elif c == "'":
            # A char literal ('x', '\n', '\u{1F600}'), else a lifetime.
            m = re.compile(r"'(\\u\{[0-9a-fA-F]+\}|\\.|[^\\'])'").match(text, i)
            if m:
                out.append(blank(m.group(0)))
                i = m.end()
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _ident(c: str) -> bool:
    return c.isalnum() or c == "_"


def inline_modules_flattened(text: str) -> str:
    """The text with each inline module's `super::` read as its file's `self::`.

    An inline module (`mod tests { ... }`) belongs to the file's module: its
    `use super::x` names the file's own items, so the file, not its parent,
    is what it depends on. Nested inline modules are not in this crate.
    """
    pattern = re.compile(r"\bmod\s+\w+\s*\{")
    out: list[str] = []
    i = 0
    while m := pattern.search(text, i):
        j, depth = m.end(), 1
        while j < len(text) and depth:
            if text[j] == "{":
                depth += 1
            elif text[j] == "}":
                depth -= 1
            j += 1
        body = re.sub(r"\bsuper(?=\s*::)", "self", text[m.end() : j])
        out.append(text[i : m.end()] + body)
        i = j
    out.append(text[i:])
    return "".join(out)


def parse_use_tree(tree: str) -> list[list[str]]:
    """`a::{b, c::d@e, f::*}` as paths: [a, b], [a, c, d, =e], [a, f, *] (`@` marks `as`)."""
    tree = re.sub(r"\s+", "", tree)

    def parse(s: str, prefix: list[str]) -> list[list[str]]:
        if "{" not in s:
            parts = s.split("::")
            last, _, alias = parts[-1].partition("@")
            parts[-1] = last
            path = prefix + [p for p in parts if p]
            return [path + ([f"={alias}"] if alias else [])]
        head, _, rest = s.partition("{")
        inner = rest[: rest.rfind("}")]
        base = prefix + [p for p in head.split("::") if p]
        items, depth, start = [], 0, 0
        for k, ch in enumerate(inner):
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == "," and depth == 0:
                items.append(inner[start:k])
                start = k + 1
        items.append(inner[start:])
        paths: list[list[str]] = []
        for item in items:
            if item:
                paths.extend(parse(item, base))
        return paths

    return parse(tree, [])


def _alias_split(tree: str) -> str:
    # `x as y` would lose its spaces in parse_use_tree: `x@y` instead.
    return re.sub(r"\s+as\s+", "@", tree)


USE = re.compile(r"\b(pub(?:\s*\([^)]*\))?\s+)?use\s+([^;]+);")
MOD = re.compile(r"\b(?:pub(?:\s*\([^)]*\))?\s+)?mod\s+(\w+)\s*;")


def load(src: pathlib.Path) -> dict[Module, Source]:
    """Every module of the crate rooted at `src/lib.rs`, read and stripped."""
    modules: dict[Module, Source] = {}

    def visit(module: Module, file: pathlib.Path, child_dir: pathlib.Path) -> None:
        text = inline_modules_flattened(strip(file.read_text(encoding="utf-8")))
        source = Source(module, file, text)
        modules[module] = source
        for m in MOD.finditer(text):
            name = m.group(1)
            source.children.add(name)
            flat, nested = child_dir / f"{name}.rs", child_dir / name / "mod.rs"
            if flat.exists():
                visit(module + (name,), flat, child_dir / name)
            elif nested.exists():
                visit(module + (name,), nested, child_dir / name)

    visit((), src / "lib.rs", src)
    for source in modules.values():
        for m in USE.finditer(source.text):
            line = source.text.count("\n", 0, m.start()) + 1
            for path in parse_use_tree(_alias_split(m.group(2))):
                absolute = absolute_path(source, path)
                if absolute is None:
                    continue
                alias = path[-1][1:] if path[-1].startswith("=") else None
                target = [p for p in absolute if not p.startswith("=")]
                if target and target[-1] == "*":
                    # An inline test module's `use super::*` is the file's own items.
                    if target[:-1] != ["crate", *source.module]:
                        source.globs.append(target[:-1])
                elif target:
                    name = alias or (target[-2] if target[-1] == "self" and len(target) > 1 else target[-1])
                    source.names[name] = [p for p in target if p != "self"]
                source.uses.append((target, line, bool(m.group(1))))
    return modules


def absolute_path(source: Source, path: list[str]) -> list[str] | None:
    """`path` from the crate root, or None for another crate's path."""
    if not path:
        return None
    head = path[0]
    if head == "crate":
        return ["crate"] + path[1:]
    if head in ("self", "super"):
        base = list(source.module)
        rest = path
        while rest and rest[0] in ("self", "super"):
            if rest[0] == "super":
                base = base[:-1]
            rest = rest[1:]
        return ["crate"] + base + rest
    if head in source.children:
        return ["crate"] + list(source.module) + path
    return None


def resolve(modules: dict[Module, Source], path: list[str], seen: frozenset = frozenset()) -> Module:
    """The module that defines what an absolute `path` names."""
    current: Module = ()
    for segment in path[1:]:
        if segment in ("*", "self"):
            break
        if current + (segment,) in modules:
            current = current + (segment,)
            continue
        source = modules.get(current)
        key = (current, segment)
        if source is not None and segment in source.names and key not in seen:
            return resolve(modules, source.names[segment], seen | {key})
        if source is not None:
            for glob in source.globs:
                target = resolve(modules, glob + [segment], seen | {key})
                if target != tuple(glob[1:]):
                    return target
        break
    return current


INLINE = re.compile(r"(?<![\w:])(crate|super|self|[a-z_][a-z0-9_]*)((?:\s*::\s*\w+)+)")


def edges(modules: dict[Module, Source]) -> list[tuple[Module, Module, pathlib.Path, int]]:
    """(from, to, file, line) for every dependency of one module on another."""
    found = []
    for module, source in modules.items():
        body = USE.sub(lambda m: "".join("\n" if c == "\n" else " " for c in m.group(0)), source.text)
        paths = [(p, line, reexport) for p, line, reexport in source.uses]
        for m in INLINE.finditer(body):
            head = m.group(1)
            if head not in ("crate", "super", "self") and head not in source.children:
                continue
            segments = [head] + [s.strip() for s in m.group(2).split("::")[1:]]
            absolute = absolute_path(source, segments)
            if absolute is not None:
                paths.append((absolute, body.count("\n", 0, m.start()) + 1, False))
        for path, line, reexport in paths:
            target = resolve(modules, path)
            # A module re-exporting its own descendants shows its face.
            if reexport and target[: len(module)] == module:
                continue
            if target != module and target != ():
                found.append((module, target, source.file, line))
    return found


def cycles_in(graph: dict[str, dict[str, tuple[pathlib.Path, int]]]) -> list[list[str]]:
    """One shortest cycle per strongly connected component of more than one node."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = [0]

    def connect(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, {})):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for v in sorted(graph):
        if v not in index:
            connect(v)
    cycles = []
    for component in components:
        members = set(component)
        start = component[0]
        # Breadth first from start back to start, inside the component.
        previous: dict[str, str] = {}
        queue = [start]
        found = None
        while queue and found is None:
            v = queue.pop(0)
            for w in sorted(graph.get(v, {})):
                if w not in members:
                    continue
                if w == start:
                    found = v
                    break
                if w not in previous:
                    previous[w] = v
                    queue.append(w)
        cycle = [start]
        v = found
        while v is not None and v != start:
            cycle.append(v)
            v = previous.get(v)
        cycle.append(start)
        cycles.append([cycle[0]] + list(reversed(cycle[1:-1])) + [start])
    return cycles


def cycles_members(graph: dict[str, dict[str, tuple[pathlib.Path, int]]], start: str) -> set[str]:
    """Every node that both reaches `start` and is reached from it."""

    def reach(edges_of) -> set[str]:
        seen, todo = {start}, [start]
        while todo:
            for w in edges_of(todo.pop()):
                if w not in seen:
                    seen.add(w)
                    todo.append(w)
        return seen

    forward = reach(lambda v: graph.get(v, {}))
    backward = reach(lambda v: [u for u, targets in graph.items() if v in targets])
    return forward & backward


def graphs(modules: dict[Module, Source]) -> dict[str, dict[str, dict[str, tuple[pathlib.Path, int]]]]:
    """The top-level graph ("crate") and one per directory module."""
    directories = {m for m, s in modules.items() if s.file.name == "mod.rs"}
    result: dict[str, dict[str, dict[str, tuple[pathlib.Path, int]]]] = {"crate": {}}
    for d in sorted(directories):
        result["::".join(d)] = {}
    for source, target, file, line in edges(modules):
        # The top level: first segments.
        a, b = source[0], target[0]
        result["crate"].setdefault(a, {})
        if a != b:
            result["crate"][a].setdefault(b, (file, line))
        # Each directory module: the segment just below it.
        for d in directories:
            depth = len(d)
            if source[:depth] == d and target[:depth] == d:
                a = "::".join(source[: depth + 1])
                b = "::".join(target[: depth + 1])
                result["::".join(d)].setdefault(a, {})
                if a != b:
                    result["::".join(d)][a].setdefault(b, (file, line))
    return result


def check(src: pathlib.Path, out=sys.stdout) -> int:
    """Prints every cycle under `src`; the number found."""
    modules = load(src)
    found = 0
    for name, graph in graphs(modules).items():
        for cycle in cycles_in(graph):
            found += 1
            print(f"module cycle in {name}: {' -> '.join(cycle)}", file=out)
            tied = sorted(cycles_members(graph, cycle[0]))
            if len(tied) > len(cycle) - 1:
                print(f"  (tied into the same knot: {', '.join(tied)})", file=out)
            for a, b in zip(cycle, cycle[1:]):
                file, line = graph[a][b]
                try:
                    shown = file.relative_to(ROOT)
                except ValueError:
                    shown = file
                print(f"  {a} -> {b}: {shown}:{line}", file=out)
    return found


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    src = pathlib.Path(args[0]) if args else DEFAULT_SRC
    if "--graph" in argv:
        for name, graph in graphs(load(src)).items():
            print(f"[{name}]")
            for a in sorted(graph):
                targets = sorted(graph[a])
                print(f"  {a} -> {', '.join(targets) if targets else '(nothing)'}")
        return 0
    found = check(src)
    if found:
        print(f"{found} module cycle(s) in {src}: the core's layers depend one way (docs/testing.md)")
        return 1
    print(f"module_cycles: no cycle among the modules of {src}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
