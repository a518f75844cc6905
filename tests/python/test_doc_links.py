"""The links of the pages a new user starts from (docs/guide.md,
docs/glossary.md) lead somewhere: every relative link names a file of the
repository and, with `#anchor`, a heading of that page (GitHub's anchors:
lower case, punctuation dropped, spaces as hyphens)."""

import re
from pathlib import Path
from typing import List, Set

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PAGES = ["docs/guide.md", "docs/glossary.md"]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def anchors(page: Path) -> Set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    headings = re.findall(r"^#+ (.+)$", text, flags=re.M)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def links(page: Path) -> List[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    return [link for link in LINK.findall(text) if "://" not in link]


@pytest.mark.parametrize("name", PAGES)
def test_every_link_leads_somewhere(name: str) -> None:
    page = ROOT / name
    broken = []
    for link in links(page):
        target, _, anchor = link.partition("#")
        path = (page.parent / target).resolve() if target else page
        if not path.exists():
            broken.append(link)
        elif anchor and path.suffix == ".md" and anchor not in anchors(path):
            broken.append(link)
    assert not broken, f"{name}: {broken}"
