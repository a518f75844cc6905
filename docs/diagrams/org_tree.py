#!/usr/bin/env python3
"""Draws docs/diagrams/org-tree.svg: who may hand a lead to whom.

The picture is computed, not drawn by hand: each org carries its `handover`
and `cross_silo` switches as a config would, and every connection shown is
judged by the rules of docs/rules.md ("Orgs, handover and cross silo"):

- parent and child: a handover, open when the parent has `handover` on;
- any other two orgs of one tree (community): a cross silo, open when
  their nearest common ancestor has `cross_silo` on;
- orgs of two trees: never (`outside_community`).

Run it after changing it: `python3 docs/diagrams/org_tree.py` rewrites the
SVG, `--check` fails when the checked-in file differs (a test runs that).
Standard library only; the SVG is written by hand, byte for byte the same
on every run.
"""

import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple
from xml.sax.saxutils import escape

OUT = Path(__file__).resolve().parent / "org-tree.svg"

WIDTH, HEIGHT = 900, 625
BOX_W, BOX_H = 128, 46

GREEN, BLUE, RED, GREY, INK = "#2e7d32", "#1565c0", "#c62828", "#757575", "#212121"

# id: (parent, handover, cross_silo, x, y) -- x, y: the centre of the org's box.
ORGS: Dict[str, Tuple[Optional[str], bool, bool, int, int]] = {
    "hq": (None, True, True, 300, 130),
    "north": ("hq", True, False, 160, 270),
    "south": ("hq", False, False, 500, 270),
    "leeds": ("north", False, False, 80, 420),
    "hull": ("north", False, False, 240, 420),
    "york": ("south", False, False, 500, 420),
    "globex": (None, True, True, 770, 130),
    "globex-east": ("globex", False, False, 770, 270),
}

# The pairs that are not parent and child drawn as well: (a, b, bend), the
# bend the curve's control point takes below (+) or above (-) the line.
OTHER_PAIRS: List[Tuple[str, str, int]] = [
    ("north", "south", 0),
    ("leeds", "hull", 70),
    ("hull", "york", 0),
    ("south", "globex-east", 0),
]


def ancestors(org: str) -> List[str]:
    """The org, its parent, and so on up to its community's root."""
    chain = [org]
    while True:
        parent = ORGS[chain[-1]][0]
        if parent is None:
            return chain
        chain.append(parent)


def judge(a: str, b: str) -> Tuple[str, bool, str]:
    """(mechanism, open, why) for a lead moving between `a` and `b`."""
    up_a, up_b = ancestors(a), ancestors(b)
    if up_a[-1] != up_b[-1]:
        return "none", False, "outside_community"
    if ORGS[a][0] == b or ORGS[b][0] == a:
        parent = b if ORGS[a][0] == b else a
        if ORGS[parent][1]:
            return "handover", True, "handover"
        return "handover", False, f"handover_disabled ({parent})"
    common = next(org for org in up_a if org in up_b)
    if ORGS[common][2]:
        return "cross_silo", True, f"cross silo, via {common}"
    return "cross_silo", False, f"cross_silo_disabled ({common})"


def style(mechanism: str, is_open: bool) -> Tuple[str, str, str]:
    """(colour, dash pattern, marker id) of a connection."""
    if mechanism == "none":
        return GREY, "2 5", "grey"
    if not is_open:
        return RED, "6 4", "red"
    if mechanism == "handover":
        return GREEN, "", "green"
    return BLUE, "8 5", "blue"


def text(x: float, y: float, words: str, size: int = 12, colour: str = INK,
         anchor: str = "middle", weight: str = "normal") -> str:
    return (f'<text x="{x:g}" y="{y:g}" font-size="{size}" fill="{colour}" '
            f'text-anchor="{anchor}" font-weight="{weight}">{escape(words)}</text>')


def label(x: float, y: float, words: str, colour: str) -> str:
    """A connection's label on a white ground, so that lines do not cross it."""
    width = 6.4 * len(words) + 8
    return (f'<rect x="{x - width / 2:g}" y="{y - 11:g}" width="{width:g}" height="15" '
            f'fill="white" opacity="0.9"/>' + text(x, y, words, 11, colour))


def box(org: str) -> List[str]:
    parent, handover, cross_silo, x, y = ORGS[org]
    switches = [name for name, on in (("handover", handover), ("cross_silo", cross_silo)) if on]
    flags = ", ".join(switches) + " on" if switches else "both off"
    return [
        f'<rect x="{x - BOX_W / 2:g}" y="{y - BOX_H / 2:g}" width="{BOX_W}" height="{BOX_H}" '
        f'rx="8" fill="#fafafa" stroke="{INK}" stroke-width="1.2"/>',
        text(x, y - 3, org, 14, weight="bold"),
        text(x, y + 14, flags, 10, GREY),
    ]


def edge_points(a: str, b: str) -> Tuple[float, float, float, float]:
    """Where the line between two boxes leaves the first and meets the second."""
    ax, ay, bx, by = ORGS[a][3], ORGS[a][4], ORGS[b][3], ORGS[b][4]
    if ay == by:  # side by side: from side to side
        sign = 1 if bx > ax else -1
        return ax + sign * BOX_W / 2, ay, bx - sign * BOX_W / 2, by
    sign = 1 if by > ay else -1  # one above the other: from bottom to top
    return ax, ay + sign * BOX_H / 2, bx, by - sign * BOX_H / 2


def connection(a: str, b: str, bend: int = 0) -> List[str]:
    mechanism, is_open, why = judge(a, b)
    colour, dash, marker = style(mechanism, is_open)
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    ends = "" if mechanism == "none" else (
        f' marker-start="url(#{marker})" marker-end="url(#{marker})"')
    if bend:
        (x1, y1), (x2, y2) = ((ORGS[o][3], ORGS[o][4] + BOX_H / 2) for o in (a, b))
        cx, cy = (x1 + x2) / 2, y1 + bend
        path = f"M {x1:g} {y1:g} Q {cx:g} {cy:g} {x2:g} {y2:g}"
        lx, ly = cx, y1 + bend / 2 + 10
    else:
        x1, y1, x2, y2 = edge_points(a, b)
        path = f"M {x1:g} {y1:g} L {x2:g} {y2:g}"
        lx, ly = (x1 + x2) / 2, (y1 + y2) / 2 - (8 if y1 == y2 else -4)
    return [f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"{dashed}{ends}/>',
            label(lx, ly, why, colour)]


def markers() -> List[str]:
    out = ["<defs>"]
    for name, colour in (("green", GREEN), ("blue", BLUE), ("red", RED), ("grey", GREY)):
        out.append(f'<marker id="{name}" viewBox="0 0 10 10" refX="9" refY="5" '
                   f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
                   f'<path d="M 0 0 L 10 5 L 0 10 z" fill="{colour}"/></marker>')
    out.append("</defs>")
    return out


def legend() -> List[str]:
    out = []
    rows = [
        (GREEN, "", "handover: along one parent-child edge, either way; open when the "
                    "parent has handover on"),
        (BLUE, "8 5", "cross silo: any other two orgs of one community; open when their "
                      "nearest common ancestor has cross_silo on"),
        (RED, "6 4", "closed: the switch that decides is off (the denial code is shown)"),
        (GREY, "2 5", "two communities: no lead ever moves between them"),
    ]
    for i, (colour, dash, words) in enumerate(rows):
        y = 530 + 22 * i
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line x1="30" y1="{y - 4}" x2="80" y2="{y - 4}" stroke="{colour}" '
                   f'stroke-width="2"{dashed}/>')
        out.append(text(92, y, words, 12, anchor="start"))
    return out


def svg() -> str:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">',
        "<title>Who may hand a lead to whom: handover, cross silo, communities</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        *markers(),
        text(30, 34, "Who may hand a lead to whom", 18, anchor="start", weight="bold"),
        text(30, 56, "Each box is an org (its leads are its silo); each tree is a community. "
                     "Generated by docs/diagrams/org_tree.py.", 12, GREY, anchor="start"),
        f'<line x1="620" y1="80" x2="620" y2="480" stroke="{GREY}" stroke-dasharray="4 4"/>',
        text(540, 98, "community hq", 12, GREY, weight="bold"),
        text(700, 98, "community globex", 12, GREY, anchor="start", weight="bold"),
    ]
    for org, (parent, *_rest) in ORGS.items():
        if parent is not None:
            parts += connection(parent, org)
    for a, b, bend in OTHER_PAIRS:
        parts += connection(a, b, bend)
    for org in ORGS:
        parts += box(org)
    parts += legend()
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main(argv: List[str]) -> int:
    drawn = svg()
    if argv[1:] == ["--check"]:
        if OUT.read_text(encoding="utf-8") != drawn:
            print(f"{OUT} is stale: run python3 docs/diagrams/org_tree.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(drawn, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
