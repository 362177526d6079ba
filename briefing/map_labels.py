"""Map labels that do not collide, a second cue beyond colour, and readable text on any
background; shared by the wall screen's map, the deck's map and the station map.

    place_labels(anchors, font) -> [Placed | None]    greedy, most important first; a label is
                                                        never nearer another station's marker than
                                                        its own unless it has a leader line
    text_colour(background) -> "#000000" | "#FFFFFF"   whichever reads at 4.5:1 or more
    CLASS_SHAPES[class]                                 marker shape per HII class

Positions are in one plane whose units are the same on both axes (e.g. SVG user units or
screen pixels), so a layout made once holds at any scale of that plane.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

# Shape is the second cue: HII's red, green and blue turn alike to a red-green colour-blind eye.
CLASS_SHAPES = {
    "over_bank": "triangle-up",
    "high": "diamond",
    "normal": "circle",
    "low": "triangle-down",
    "critically_low": "square",
    "unknown": "circle-open",
}
# label positions tried in order: right, left, above, below, then the four corners (dx, dy signs)
# (a crowded town's stations get the farther rings, with a leader line to their marker)
BESIDE = (
    (1, 0),
    (-1, 0),
    (0, -1),
    (0, 1),
    (1, -1),
    (-1, -1),
    (1, 1),
    (-1, 1),
    (0, -2),
    (0, 2),
    (2, 0),
    (-2, 0),
    (2, -2),
    (-2, -2),
    (2, 2),
    (-2, 2),
    (0, -3),
    (0, 3),
    (3, 0),
    (-3, 0),
    (3, -3),
    (-3, -3),
    (3, 3),
    (-3, 3),
)
# names of areas: on the point first, then nudged
ON = ((0, 0), (0, -1), (0, 1), (1, 0), (-1, 0))


class Anchor(NamedTuple):
    x: float
    y: float
    text: str
    radius: float = 0.0  # the marker's half size: the label starts beyond it
    required: bool = False  # placed even when every position collides (key stations)


class Placed(NamedTuple):
    x: float  # where the text starts (left edge) ...
    y: float  # ... and its baseline
    anchor: str  # "start" | "end" | "middle" (SVG text-anchor) for x
    box: tuple[float, float, float, float]  # left, top, right, bottom
    leader: bool = False  # draw a line from the marker to the label (far ring, or no clean spot)


def leader_end(box: tuple[float, float, float, float], x: float, y: float) -> tuple[float, float]:
    """The point of the label's box nearest the marker at (x, y): where its leader line ends."""
    return min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])


def text_width(text: str, font: float) -> float:
    """A safe estimate of the text's width: Latin and Thai base letters ~0.62 em, digits and
    spaces less; Thai vowels and tone marks above or below a letter take no width."""
    width = 0.0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) == "Mn":
            continue
        # measured in Chromium with the Latin fallback (DejaVu Sans): capitals ~0.7 em, digits 0.64
        width += 0.4 if ch in " .,:/|()" else 0.66 if ch.isdigit() else 0.74
    return width * font


def _boxes_overlap(a, b, pad: float) -> bool:
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


def _candidate(a: Anchor, font: float, dx: int, dy: int) -> Placed:
    width, gap = text_width(a.text, font), a.radius + 0.25 * font + (max(abs(dx), abs(dy)) - 1) * 1.1 * font
    if dx > 0:
        left, anchor = a.x + gap, "start"
    elif dx < 0:
        left, anchor = a.x - gap - width, "end"
    else:
        left, anchor = a.x - width / 2, "middle"
    top = a.y - 0.5 * font if dy == 0 else (a.y - gap - font if dy < 0 else a.y + gap)
    x = {"start": left, "end": left + width, "middle": a.x}[anchor]
    return Placed(x, top + 0.8 * font, anchor, (left, top, left + width, top + font), max(abs(dx), abs(dy)) > 1)


def _distance(box, x: float, y: float) -> float:
    return ((max(box[0] - x, 0, x - box[2])) ** 2 + (max(box[1] - y, 0, y - box[3])) ** 2) ** 0.5


def _ambiguous(p: Placed, i: int, anchors: list[Anchor]) -> bool:
    """A label nearer another (not co-located) marker than its own reads as that station's."""
    own, a = _distance(p.box, anchors[i].x, anchors[i].y), anchors[i]
    return any(
        _distance(p.box, b.x, b.y) < own - 0.5
        for j, b in enumerate(anchors)
        if j != i and b.radius and (abs(b.x - a.x) > 1 or abs(b.y - a.y) > 1)
    )


def place_labels(
    anchors: list[Anchor],
    font: float,
    bounds: tuple[float, float, float, float] | None = None,
    obstacles: list[tuple[float, float, float, float]] = (),
    pad: float = 0.0,
    candidates: tuple[tuple[int, int], ...] = BESIDE,
) -> list[Placed | None]:
    """One position per anchor, in the given order (put the most important first): the first
    candidate that overlaps no label placed before, no marker (every anchor's own box and
    ``obstacles``) and stays inside ``bounds``; None when there is none, unless the anchor is
    ``required`` (then the candidate with the fewest overlaps, with a leader line). A label
    nearer another station's marker than its own counts as a collision unless it has a leader."""
    markers = [(a.x - a.radius, a.y - a.radius, a.x + a.radius, a.y + a.radius) for a in anchors] + list(obstacles)
    taken: list[tuple] = []
    out: list[Placed | None] = []
    for i, a in enumerate(anchors):
        best, best_hits = None, None
        for dx, dy in candidates:
            p = _candidate(a, font, dx, dy)
            inside = bounds is None or (
                p.box[0] >= bounds[0] and p.box[1] >= bounds[1] and p.box[2] <= bounds[2] and p.box[3] <= bounds[3]
            )
            hits = (
                sum(_boxes_overlap(p.box, b, pad) for b in taken)
                + sum(_boxes_overlap(p.box, m, 0) for j, m in enumerate(markers) if j != i)
                + (0 if inside else 100)
            )
            hits += 0 if p.leader or not a.radius or not _ambiguous(p, i, anchors) else 1
            if best_hits is None or hits < best_hits:
                best, best_hits = p, hits
            if hits == 0:
                break
        chosen = best if best_hits == 0 else best._replace(leader=True) if a.required else None
        if chosen is not None:
            taken.append(chosen.box)
        out.append(chosen)
    return out


def _luminance(colour: str) -> float:
    rgb = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (always >= 4.5:1)."""
    return "#000000" if contrast("#000000", background) >= contrast("#FFFFFF", background) else "#FFFFFF"
