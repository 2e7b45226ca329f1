"""Text on a path (`<textPath>`) given to MuPDF as a straight line along its path's chord."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

from brandcheck import svg_units
from brandcheck.svg_render import HREFS, local_name

#: an SVG whose bytes hold none sets no text on a path
WORTH_A_LOOK = re.compile(rb"<(?:[\w.-]+:)?textPath\b")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PATH_TOKEN = re.compile(rf"[MmLlHhVvCcSsQqTtAaZz]|{_NUMBER.pattern}")
#: the numbers each path command takes
_ARITY = {"m": 2, "l": 2, "t": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4, "a": 7, "z": 0}
_TRANSFORM = re.compile(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)")
#: a textPath's own attributes, which a <tspan> does not take
_PATH_ONLY = ("startOffset", "method", "spacing", "side", "path", "textLength", "lengthAdjust")
Point = tuple[float, float]
Matrix = tuple[float, float, float, float, float, float]


def straightened(root: ET.Element) -> bool:
    """Each `<textPath>` of ``root`` made a `<tspan>` placed on its path's chord; False when
    there is none.

    A browser and resvg set such text along its path's curve (Illustrator's type on a path, a
    round badge's label); MuPDF lays its letters out at the page's top left, dropping some,
    so its words and size were not read, or read in the logo's corner. Laid out here along
    the straight line from the path's start to its end: its `startOffset` taken as a share
    of that line (a percentage, or a length of the line's length), its text-anchor kept, so
    a label centred on an arc (50 %, middle) is read centred over the arc's ends. Its words,
    font and size are those drawn; its place is only near the curve, its letters not
    turned. One whose path cannot be read keeps its text where its `<text>` flows it; one that
    links to no element is taken out, as browsers and resvg draw none of it."""
    found = [el for el in root.iter() if isinstance(el.tag, str) and local_name(el) == "textPath"]
    if not found:
        return False
    paths = {el.get("id"): el for el in root.iter() if el.get("id")}
    parents = {child: parent for parent in root.iter() for child in parent}
    namespace = root.tag[: -len(local_name(root))]
    for text_path in found:
        link = next((text_path.get(name) for name in HREFS if text_path.get(name)), "") or ""
        path = paths.get(link.strip()[1:]) if link.strip().startswith("#") else None
        if path is None and "path" not in text_path.attrib:  # no path: browsers draw none
            _drop(text_path, parents[text_path])
            continue
        chord = _chord(path) if path is not None else None
        if chord is not None and all(map(math.isfinite, (*chord[0], *chord[1]))):
            (x0, y0), (x1, y1) = chord
            length = math.hypot(x1 - x0, y1 - y0)
            offset = svg_units.user_length(text_path.get("startOffset", "0"), length)
            share = min(1.0, max(0.0, (offset or 0.0) / length)) if length else 0.0
            text_path.set("x", f"{x0 + share * (x1 - x0):g}")
            text_path.set("y", f"{y0 + share * (y1 - y0):g}")
        for name in (*HREFS, *_PATH_ONLY):
            text_path.attrib.pop(name, None)
        text_path.tag = f"{namespace}tspan"
    return True


def _drop(element: ET.Element, parent: ET.Element) -> None:
    """Take ``element`` out of ``parent``, the text after it kept where it was."""
    index = list(parent).index(element)
    if element.tail:
        if index:
            before = parent[index - 1]
            before.tail = (before.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _chord(path: ET.Element) -> tuple[Point, Point] | None:
    """A path's start and end points in the user space of the text that uses it (its own
    transform applied); None when its `d` has no start."""
    points = _ends(path.get("d", ""))
    if points is None:
        return None
    matrix = _matrix(path.get("transform", ""))
    a, b, c, d, e, f = matrix
    start, end = ((a * x + c * y + e, b * x + d * y + f) for x, y in points)
    return start, end


def _ends(d: str) -> tuple[Point, Point] | None:
    """The first and the last point of path data ``d``; None when it does not start with a
    move."""
    tokens = _PATH_TOKEN.findall(d)
    if not tokens or tokens[0] not in "Mm":
        return None
    x = y = 0.0
    start = begun = None
    command = ""
    i = 0
    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
            if command in "Zz" and begun is not None:
                x, y = begun
                continue
        count = _ARITY[command.lower()]
        if count == 0 or i + count > len(tokens) or any(t.isalpha() for t in tokens[i : i + count]):
            break  # a malformed path: drawn up to here
        args = [float(t) for t in tokens[i : i + count]]
        i += count
        relative = command.islower()
        if command in "Hh":
            x = args[0] + (x if relative else 0)
        elif command in "Vv":
            y = args[0] + (y if relative else 0)
        else:
            x, y = args[-2] + (x if relative else 0), args[-1] + (y if relative else 0)
        if command in "Mm":
            begun = (x, y)
            command = "l" if relative else "L"  # a move's further pairs are lines
        start = start or (x, y)
    return (start, (x, y)) if start is not None else None


def _matrix(transform: str) -> Matrix:
    """An SVG transform list as one matrix (a, b, c, d, e, f); what cannot be read is left
    out."""
    out: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for name, given in _TRANSFORM.findall(transform):
        n = [float(v) for v in _NUMBER.findall(given)]
        step = _step(name, n)
        if step is not None:
            out = _times(out, step)
    return out


def _step(name: str, n: list[float]) -> Matrix | None:
    if name == "matrix" and len(n) == 6:
        return (n[0], n[1], n[2], n[3], n[4], n[5])
    if name == "translate" and n:
        return (1.0, 0.0, 0.0, 1.0, n[0], n[1] if len(n) > 1 else 0.0)
    if name == "scale" and n:
        return (n[0], 0.0, 0.0, n[1] if len(n) > 1 else n[0], 0.0, 0.0)
    if name in ("skewX", "skewY") and n:
        t = math.tan(math.radians(n[0]))
        return (1.0, 0.0, t, 1.0, 0.0, 0.0) if name == "skewX" else (1.0, t, 0.0, 1.0, 0.0, 0.0)
    if name == "rotate" and n:
        cos, sin = math.cos(math.radians(n[0])), math.sin(math.radians(n[0]))
        cx, cy = (n[1], n[2]) if len(n) == 3 else (0.0, 0.0)
        return (cos, sin, -sin, cos, cx - cos * cx + sin * cy, cy - sin * cx - cos * cy)
    return None


def _times(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` applied inside it (the later transform of a list is the inner one)."""
    a, b, c, d, e, f = m
    return (
        a * n[0] + c * n[1],
        b * n[0] + d * n[1],
        a * n[2] + c * n[3],
        b * n[2] + d * n[3],
        a * n[4] + c * n[5] + e,
        b * n[4] + d * n[5] + f,
    )
