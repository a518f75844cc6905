"""Plain SVG charts, written by hand with the standard library: horizontal
bar panels (one figure per call, grouped) and line panels (a figure
against a size), stacked into one figure per file.

The output is a function of the input alone (no date, no random id, fixed
number formats), so the same results always give the same bytes and a
chart's diff in git is the change of its figures. Scales are logarithmic
when the values span more than SPAN_FOR_LOG (peers and sizes do), linear
from zero otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Optional, Union
from xml.sax.saxutils import escape, quoteattr

WIDTH = 860
FONT = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\""
INK, GREY, GRID = "#212121", "#757575", "#e0e0e0"
# Colours by role where a chart has roles; the palette cycles for the rest.
ROLE_COLOURS = {"leadrules": "#1565c0", "hand-written": "#2e7d32", "peer": "#9e9e9e",
                "allowed": "#1565c0", "denied": "#ef6c00", "typed": "#1565c0", "json": "#ef6c00",
                "json_text": "#8e24aa"}
PALETTE = ["#1565c0", "#ef6c00", "#2e7d32", "#c62828", "#8e24aa", "#00838f", "#6d4c41", "#ad1457",
           "#9e9d24", "#546e7a"]
SPAN_FOR_LOG = 30.0


def colour(key: str, index: int) -> str:
    """The colour of a role, or the palette's `index`-th."""
    return ROLE_COLOURS.get(key, PALETTE[index % len(PALETTE)])


def time_text(ns: float) -> str:
    """A duration in nanoseconds, in the unit that reads best."""
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def rate_text(per_second: float) -> str:
    """A count per second, with M or k."""
    for unit, scale in (("G/s", 1e9), ("M/s", 1e6), ("k/s", 1e3)):
        if per_second >= scale:
            return f"{per_second / scale:.3g} {unit}"
    return f"{per_second:.3g}/s"


def count_text(n: float) -> str:
    """A size: 1,000 or 1M."""
    if n >= 1e6 and n % 1e6 == 0:
        return f"{n / 1e6:g}M"
    if n >= 1e3 and n % 1e3 == 0:
        return f"{n / 1e3:g}k"
    return f"{n:g}"


def num(x: float) -> str:
    """A coordinate: one decimal, no trailing zero (stable across runs)."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Scale:
    """Values in [low, high] onto pixels [start, end], log10 or linear."""

    low: float
    high: float
    log: bool
    start: float
    end: float

    def at(self, value: float) -> float:
        """The pixel of `value`, clamped into the scale."""
        value = min(max(value, self.low), self.high)
        if self.log:
            t = (math.log10(value) - math.log10(self.low)) / (math.log10(self.high) - math.log10(self.low))
        else:
            t = (value - self.low) / (self.high - self.low)
        return self.start + t * (self.end - self.start)

    def ticks(self) -> list[float]:
        """Decades (with 2 and 5 when there are few) or a 1-2-5 step."""
        if self.log:
            first, last = round(math.log10(self.low)), round(math.log10(self.high))
            steps = (1.0,) if last - first > 2 else (1.0, 2.0, 5.0)
            out = [m * 10.0**e for e in range(first, last + 1) for m in steps]
            return [t for t in out if self.low <= t <= self.high * (1 + 1e-9)]
        step = nice_step(self.high / 5)
        return [i * step for i in range(int(self.high / step + 1e-9) + 1)]


def nice_step(rough: float) -> float:
    """1, 2 or 5 times a power of ten, at least `rough`."""
    power = 10.0 ** math.floor(math.log10(rough))
    for m in (1.0, 2.0, 5.0, 10.0):
        if m * power >= rough * (1 - 1e-9):
            return m * power
    return 10.0 * power


def scale_for(values: list[float], start: float, end: float, force_log: bool = False) -> Scale:
    """A scale holding every value: log when they span widely (or asked)."""
    positive = [v for v in values if v > 0] or [1.0]
    low, high = min(positive), max(positive)
    if force_log or high / low > SPAN_FOR_LOG:
        lo = 10.0 ** math.floor(math.log10(low))
        hi = 10.0 ** math.ceil(math.log10(high))
        return Scale(lo, hi if hi > lo else lo * 10, True, start, end)
    step = nice_step(high / 5)
    return Scale(0.0, step * math.ceil(high / step - 1e-9), False, start, end)


def text(x: float, y: float, content: str, size: int = 12, anchor: str = "start", weight: str = "normal",
         fill: str = INK) -> str:
    """One line of text."""
    bold = ' font-weight="bold"' if weight == "bold" else ""
    return (f'<text x="{num(x)}" y="{num(y)}" font-size="{size}" text-anchor="{anchor}"{bold} '
            f'fill="{fill}">{escape(content)}</text>')


@dataclass(frozen=True)
class Bar:
    """One figure: its label inside its group (empty: the group's own), its
    value, and the role or series that colours it."""

    label: str
    value: float
    key: str


@dataclass(frozen=True)
class Group:
    """Bars read together (one call's allowed and denied, one kind's paths)."""

    label: str
    bars: list[Bar]


@dataclass(frozen=True)
class BarPanel:
    """Horizontal bars, grouped, on one axis; dashed reference lines."""

    title: str
    note: str
    groups: list[Group]
    fmt: Callable[[float], str] = time_text
    references: list[tuple[str, float]] = field(default_factory=list)


@dataclass(frozen=True)
class Series:
    """One line: its name and its (size, value) points."""

    name: str
    points: list[tuple[float, float]]


@dataclass(frozen=True)
class LinePanel:
    """Lines of a figure against a size, log-scaled along the size."""

    title: str
    note: str
    x_label: str
    series: list[Series]
    fmt: Callable[[float], str] = time_text


Panel = Union[BarPanel, LinePanel]

ROW, VALUE_W = 18, 90
# The label column: wide enough for the longest label (about 7.4 px a
# character of 12 px bold text), within bounds that leave the bars room.
CHAR_W, LABEL_MIN, LABEL_MAX = 7.4, 160, 470


def label_width(labels: list[str]) -> float:
    """The label column's width for these labels."""
    return min(max(CHAR_W * max((len(label) for label in labels), default=0) + 24, LABEL_MIN), LABEL_MAX)


def legend(keys: list[tuple[str, str]], y: float) -> tuple[list[str], float]:
    """Swatches and names in rows from the left (wrapping before the right
    edge), and the baseline of the last row."""
    out, x = [], 16.0
    for name, fill in keys:
        width = 24 + 7 * len(name)
        if x > 16.0 and x + width > WIDTH - 16:
            x, y = 16.0, y + 16
        out.append(f'<rect x="{num(x)}" y="{num(y - 9)}" width="10" height="10" fill="{fill}"/>')
        out.append(text(x + 14, y, name, size=11))
        x += width
    return out, y


def bar_panel(panel: BarPanel, top: float) -> tuple[list[str], float]:
    """The panel's elements from `top`, and its height."""
    out = [text(16, top + 20, panel.title, size=15, weight="bold"), text(16, top + 37, panel.note, size=11, fill=GREY)]
    values = [b.value for g in panel.groups for b in g.bars] + [v for _, v in panel.references]
    label_w = label_width([g.label for g in panel.groups] + [b.label for g in panel.groups for b in g.bars])
    scale = scale_for(values, label_w, WIDTH - VALUE_W)
    axis_y = top + 62
    # (label, how it reads: "single" a group of one bar, "heading" a group's
    # name, "member" a bar under its heading, bar)
    rows: list[tuple[str, str, Optional[Bar]]] = []
    for group in panel.groups:
        if len(group.bars) == 1 and not group.bars[0].label:
            rows.append((group.label, "single", group.bars[0]))
            continue
        rows.append((group.label, "heading", None))
        rows.extend((bar.label, "member", bar) for bar in group.bars)
    bottom = axis_y + 6 + ROW * len(rows)
    for tick in scale.ticks():
        x = scale.at(tick)
        out.append(f'<line x1="{num(x)}" y1="{num(axis_y)}" x2="{num(x)}" y2="{num(bottom)}" stroke="{GRID}"/>')
        out.append(text(x, axis_y - 4, panel.fmt(tick) if tick > 0 else "0", size=10, anchor="middle", fill=GREY))
    keys: dict[str, str] = {}
    for i, (label, role, bar) in enumerate(rows):
        y = axis_y + 6 + ROW * i
        if role == "member":
            out.append(text(label_w - 8, y + 13, label, size=11, anchor="end", fill=GREY))
        else:
            out.append(text(label_w - 8, y + 13, label, size=12, anchor="end",
                            weight="bold" if role == "heading" else "normal"))
        if bar is None:
            continue
        fill = keys.setdefault(bar.key, colour(bar.key, len(keys)))
        end = scale.at(bar.value)
        out.append(f'<rect x="{num(label_w)}" y="{num(y + 3)}" width="{num(max(end - label_w, 1))}" height="{ROW - 5}" '
                   f'fill="{fill}"><title>{escape(f"{label}: {panel.fmt(bar.value)}")}</title></rect>')
        out.append(text(end + 4, y + 13, panel.fmt(bar.value), size=11))
    for name, value in panel.references:
        x = scale.at(value)
        out.append(f'<line x1="{num(x)}" y1="{num(axis_y)}" x2="{num(x)}" y2="{num(bottom)}" stroke="#2e7d32" '
                   f'stroke-dasharray="4 3"/>')
        out.append(text(x, bottom + 13, f"{name}: {panel.fmt(value)}", size=10, anchor="middle", fill="#2e7d32"))
    legend_y = bottom + (32 if panel.references else 18)
    scale_name = "log scale" if scale.log else "linear scale"
    out.append(text(WIDTH - 16, legend_y, scale_name, size=10, anchor="end", fill=GREY))
    items, last_y = legend(list(keys.items()), legend_y)
    out.extend(items)
    return out, last_y + 14 - top


PLOT_H, LEFT, RIGHT_PAD = 230, 84, 24


def line_panel(panel: LinePanel, top: float) -> tuple[list[str], float]:
    """The panel's elements from `top`, and its height."""
    out = [text(16, top + 20, panel.title, size=15, weight="bold"), text(16, top + 37, panel.note, size=11, fill=GREY)]
    plot_top, plot_bottom = top + 50, top + 50 + PLOT_H
    right = WIDTH - RIGHT_PAD
    xs = [x for s in panel.series for x, _ in s.points]
    ys = [y for s in panel.series for _, y in s.points]
    x_scale = scale_for(xs, LEFT, right, force_log=True)
    y_scale = scale_for(ys, plot_bottom, plot_top)
    for tick in x_scale.ticks():
        x = x_scale.at(tick)
        out.append(f'<line x1="{num(x)}" y1="{num(plot_top)}" x2="{num(x)}" y2="{num(plot_bottom)}" stroke="{GRID}"/>')
        out.append(text(x, plot_bottom + 14, count_text(tick), size=10, anchor="middle", fill=GREY))
    for tick in y_scale.ticks():
        y = y_scale.at(tick)
        out.append(f'<line x1="{LEFT}" y1="{num(y)}" x2="{num(right)}" y2="{num(y)}" stroke="{GRID}"/>')
        out.append(text(LEFT - 6, y + 4, panel.fmt(tick) if tick > 0 else "0", size=10, anchor="end", fill=GREY))
    out.append(f'<rect x="{LEFT}" y="{num(plot_top)}" width="{num(right - LEFT)}" height="{PLOT_H}" fill="none" '
               f'stroke="{GREY}"/>')
    out.append(text((LEFT + right) / 2, plot_bottom + 30, panel.x_label, size=11, anchor="middle"))
    keys: list[tuple[str, str]] = []
    for i, series in enumerate(panel.series):
        fill = colour("", i)
        keys.append((series.name, fill))
        ordered = sorted(series.points)
        points = [(x_scale.at(x), y_scale.at(y)) for x, y in ordered]
        if len(points) > 1:
            path = " ".join(f"{num(x)},{num(y)}" for x, y in points)
            out.append(f'<polyline points="{path}" fill="none" stroke="{fill}" stroke-width="2"/>')
        for (px, py), (x, y) in zip(points, ordered):
            label = f"{series.name}, {count_text(x)}: {panel.fmt(y)}"
            out.append(f'<circle cx="{num(px)}" cy="{num(py)}" r="3.5" fill="{fill}"><title>{escape(label)}</title>'
                       f'</circle>')
    legend_y = plot_bottom + 50
    items, last_y = legend(keys, legend_y)
    out.extend(items)
    scales = f"across: log scale; up: {'log' if y_scale.log else 'linear'} scale"
    out.append(text(WIDTH - 16, plot_bottom + 30, scales, size=10, anchor="end", fill=GREY))
    return out, last_y + 10 - top


def figure(title: str, panels: list[Panel]) -> str:
    """The SVG document: the title, then the panels one under another."""
    body: list[str] = [text(16, 26, title, size=18, weight="bold")]
    y = 40.0
    for panel in panels:
        elements, height = bar_panel(panel, y) if isinstance(panel, BarPanel) else line_panel(panel, y)
        body.extend(elements)
        y += height + 24
    height = math.ceil(y)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" {FONT} role="img" aria-label={quoteattr(title)}>')
    return "\n".join([head, f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>', *body, "</svg>"]) + "\n"
