"""An inner `<svg>` moved by its x and y given to MuPDF, which leaves them out, in a moved `<g>`."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from brandcheck import svg_units
from brandcheck.svg_render import local_name

#: an SVG whose bytes hold none has no `<svg>` with an x or y
WORTH_A_LOOK = re.compile(rb"<(?:[\w.-]+:)?svg\b[^>]*?\s[xy]\s*=")
Size = tuple[float, float] | None


def placed(root: ET.Element) -> bool:
    """Each inner `<svg>` of ``root`` whose x or y is not 0 put in a `<g>` translated by
    them, its own x and y taken out; False when there is none.

    A browser and resvg place an inner `<svg>` (a design tool's component, a placed logo
    file) at its x and y, and fit its viewBox into its width and height there; MuPDF fits the
    viewBox but leaves x and y out, so the text, shapes and pictures it holds were read at
    the page's top left (a logo's clear space, its place on the page, the slug). One whose x
    or y cannot be read (a length in em, a percentage of a viewport of no known size) is
    left as it is (``unplaceable``)."""
    changed = False
    namespace = root.tag[: -len(local_name(root))]
    for parent, index, child, at in _inner_svgs(root):
        if at is None or at == (0.0, 0.0):
            continue
        group = ET.Element(f"{namespace}g", transform=f"translate({at[0]:g} {at[1]:g})")
        group.tail, child.tail = child.tail, None
        parent[index] = group
        group.append(child)
        for name in ("x", "y"):
            child.attrib.pop(name, None)
        if child.get("id"):  # a <use> of it draws it moved too
            group.set("id", child.attrib.pop("id"))
        changed = True
    return changed


def unplaceable(root: ET.Element) -> bool:
    """Whether an inner `<svg>` has an x or y that ``placed`` cannot read (MuPDF then reads
    it elsewhere than a browser draws it)."""
    return any(at is None for _parent, _index, _child, at in _inner_svgs(root))


def _inner_svgs(
    root: ET.Element,
) -> Iterator[tuple[ET.Element, int, ET.Element, tuple[float, float] | None]]:
    """Each inner `<svg>` of ``root`` with its parent, its index there and its x and y in
    user units (``_offset``: None when they cannot be read), outer ones first. The caller
    may put it in another element at that index before the walk goes on into it."""
    stack: list[tuple[ET.Element, Size]] = [(root, _viewport(root, None))]
    while stack:
        node, viewport = stack.pop()
        for index, child in enumerate(list(node)):
            if not isinstance(child.tag, str):  # a comment or processing instruction
                continue
            if local_name(child) != "svg":
                stack.append((child, viewport))
                continue
            inner = _viewport(child, viewport)  # before the caller takes out its x and y
            yield node, index, child, _offset(child, viewport)
            stack.append((child, inner))


def _offset(svg: ET.Element, viewport: Size) -> tuple[float, float] | None:
    """An inner `<svg>`'s x and y in user units (a percentage of the viewport it is in; what
    is no length at all 0, as browsers and resvg read it); None when either is relative to
    what is not known."""
    out = []
    for name, side in (("x", 0), ("y", 1)):
        given = svg.get(name, "0")
        value = svg_units.user_length(given, viewport[side] if viewport is not None else None)
        if value is None and svg_units.relative(given):
            return None
        out.append(value or 0.0)
    return out[0], out[1]


def _viewport(svg: ET.Element, outer: Size) -> Size:
    """The size of the user space an `<svg>` sets up for what it holds: its viewBox's, else
    its width and height (a percentage of ``outer``'s, 100 % when not given); None when not
    known."""
    try:
        _x, _y, width, height = (float(v) for v in svg.get("viewBox", "").replace(",", " ").split())
        return width, height
    except ValueError:  # none, or not four numbers
        pass
    sides = []
    for name, side in (("width", 0), ("height", 1)):
        reference = outer[side] if outer is not None else None
        sides.append(svg_units.user_length(svg.get(name, "100%"), reference))
    return (sides[0], sides[1]) if None not in sides else None  # type: ignore[return-value]
