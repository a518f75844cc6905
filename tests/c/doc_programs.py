"""docs/c.md's programs and commands, as written, for make install-test.

    doc_programs.py docs/c.md OUTDIR

writes into OUTDIR:
- every ```c block of the page as NAME.c, NAME from the block's first line,
  which must be a comment `/* NAME.c: ... */` (a block without one fails:
  every C block of the page is a complete program);
- its expected standard output as NAME.expected, when the next fenced block
  after it is a ```text block (the page's "It prints:");
- the ```sh blocks of the section "Finding the shared library", in order,
  as lookup.sh: the commands a reader types, run by the test as they are.
"""

import re
import sys
from pathlib import Path

FENCE = re.compile(r"^```([A-Za-z0-9_+-]*)\n(.*?)^```$", re.M | re.S)
NAME = re.compile(r"\A/\* ([a-z0-9_]+)\.c: ")
LOOKUP = "## Finding the shared library"


def main() -> None:
    page, out = Path(sys.argv[1]), Path(sys.argv[2])
    text = page.read_text(encoding="utf-8")
    blocks = [(m.start(), m.group(1), m.group(2)) for m in FENCE.finditer(text)]
    names = []
    for index, (_, language, body) in enumerate(blocks):
        if language != "c":
            continue
        match = NAME.match(body)
        if not match:
            sys.exit(f"{page}: a ```c block does not start with `/* NAME.c: ... */`:\n{body[:200]}")
        name = match.group(1)
        if name in names:
            sys.exit(f"{page}: two programs named {name}.c")
        names.append(name)
        (out / f"{name}.c").write_text(body, encoding="utf-8")
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if following and following[1] == "text":
            (out / f"{name}.expected").write_text(following[2], encoding="utf-8")
    start = text.find(f"\n{LOOKUP}\n")
    if start < 0:
        sys.exit(f"{page}: no section `{LOOKUP}`")
    end = text.find("\n## ", start + 1)
    end = len(text) if end < 0 else end
    commands = [body for position, language, body in blocks if language == "sh" and start < position < end]
    if not commands:
        sys.exit(f"{page}: no ```sh block in `{LOOKUP}`")
    (out / "lookup.sh").write_text("\n".join(commands), encoding="utf-8")
    print(" ".join(names))


if __name__ == "__main__":
    main()
