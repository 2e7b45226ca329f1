"""An SVG page's vector facts kept only where resvg's pixels show them (clip, mask, opacity).

MuPDF reads an SVG's text, placed pictures and drawings, but leaves out the clip paths, masks
and opacity that hide some of them; resvg draws the page's pixels (``svg_pixels``) with them.
So text a Figma frame clips away, a picture under a mask, a shape at opacity 0 were judged
(a font not allowed, too small, a low resolution, a graphic in a logo's clear space) though
nobody sees them. Where the SVG has any of these, the page is drawn again on the raster's
pixel grid without its pictures, then also without its text, then also without its shapes:
a fact whose box is the same with and without its kind shows nothing and is dropped. Each
kind is compared without the kinds before it, which cost resvg most of a drawing (a
photo's decoding, long text's layout), so text or a shape under an opaque picture, or a
shape under text, stays. Text in its ground's colour (white on white) is told from hidden
text by a drawing with the text in magenta, so the checks of hidden text still see it. A
photo filling a shape through a one-tile pattern (Figma's image fill) is a picture: it goes
with the pictures, as a flat tile, and its shape stays.
Boxes overlap: a hidden fact over a shown one stays (it is judged, as before). A page whose
copies took resvg over a second, or with thousands of elements, is not drawn again
(``_too_costly``): its facts still to be compared all stay, as when resvg cannot draw a copy,
and a note says so (``kept``).
"""

from __future__ import annotations

import copy
import time
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, TypeVar

import numpy as np

from brandcheck import svg_render
from brandcheck.document.svg_pixels import may_hide, rgb
from brandcheck.report import Finding
from brandcheck.rules import page_rule_codes
from brandcheck.svg_pattern_fills import picture_patterns

if TYPE_CHECKING:
    from brandcheck.document.pdf import PdfPage

Fact = TypeVar("Fact")
Kind = Literal["text", "image", "shape"]
PixelBox = tuple[int, int, int, int]

#: what they are made of is not drawn as content but shapes, hides or fills it: it stays
_PAINTERS = frozenset({"clipPath", "mask", "pattern", "marker"})
_ELEMENTS: dict[Kind, frozenset[str]] = {
    "text": frozenset({"text"}),
    "image": frozenset({"image"}),
    "shape": frozenset({"path", "rect", "circle", "ellipse", "line", "polyline", "polygon"}),
}
#: the order the kinds are taken out of the page in, each compared without those before it
_PEELED: tuple[Kind, ...] = ("image", "text", "shape")
#: a channel may differ this much (of 255) where a fact shows nothing
TOLERANCE = 8
_PAD = 1  # pixels around a fact's box: MuPDF's box and resvg's glyphs differ at the edges
_MAGENTA = "fill:#ff00ff;stroke:none"
#: the same as the file's last stylesheet rule: a stylesheet's ``fill: #fff !important`` beats
#: the style attribute in resvg, so white-on-white text set so looked hidden. resvg lets the
#: last !important rule win but reads no attribute selector, and a class of ours lost to an id
#: selector: it names the elements (text in a pattern or marker turns magenta too; its box is
#: then kept, as it was before hidden facts were dropped)
_MAGENTA_RULE = "text, tspan, textPath { fill: #ff00ff !important; stroke: none !important; }"
_MAY_HIDE = "svg.may hide"  # page.memo key: ``may_hide`` of the page's SVG
_COMPARED = "svg.kinds compared"  # page.memo key: the kinds whose facts were compared
_KEPT = "svg.all facts kept"  # page.memo key: why the page's facts all stay, or None
_SPENT = "svg.copies' seconds"  # page.memo key: CPU seconds its copies took resvg
_DRAWN_COUNT = "svg.drawn elements"  # page.memo key: its drawn elements, counted once
#: CPU seconds the page's copies may take resvg together: past them the kinds still to be
#: compared keep all their facts (a photo's page costs little: the pictures go first)
MAX_COPIES_SECONDS = 1.0
#: drawn elements (shapes, text, pictures, <use>s) a page may have for its facts to be
#: compared: resvg fills paths ten times slower than MuPDF, each copy fills them again
MAX_ELEMENTS = 5_000
_DRAWN = frozenset().union(*_ELEMENTS.values(), {"use"})
#: the merge key of ``kept``: one note a file
KEPT = "svg hidden facts kept"


def shown(page: PdfPage, facts: list[Fact], kind: Kind) -> list[Fact]:
    """The ``facts`` (spans, placed images or drawings, each with a ``bbox`` in page units)
    of an SVG page that resvg shows; all of them when nothing can hide one or resvg cannot
    draw the page, or (text) MuPDF places it elsewhere (``misplaced``)."""
    root = page.svg_tree
    if root is None or not _hides(page, root):
        return facts
    if not facts or (kind == "text" and misplaced(root)):
        _forget(page, kind)
        return facts
    raster = page.raster()
    if page.drawn_by_mupdf:  # resvg could not draw the page: nothing it hides is known
        return facts
    if _all_kept(page, root):
        return facts
    peeled = _PEELED[: _PEELED.index(kind) + 1]
    before = raster if kind == "image" else _without(page, root, peeled[:-1])
    after = _without(page, root, peeled)
    _forget(page, kind)
    if before is None or after is None:
        return _keep(page, facts, _FAILED)
    boxes = [_pixel_box(page, fact.bbox) for fact in facts]  # type: ignore[attr-defined]
    unseen = _same(before, after, boxes)
    unseen = [u and not _below_a_pixel(page, f.bbox) for u, f in zip(unseen, facts, strict=True)]
    if kind == "text" and any(unseen):  # hidden, or only in its ground's colour?
        magenta = _drawing(page, _copy(root, ("image",), magenta_text=True))
        if magenta is None:
            return _keep(page, facts, _FAILED)
        painted = _same(magenta, after, boxes)
        unseen = [u and p for u, p in zip(unseen, painted, strict=True)]
    return [fact for fact, hidden in zip(facts, unseen, strict=True) if not hidden]


def _hides(page: PdfPage, root: ET.Element) -> bool:
    """``may_hide`` for the page's SVG, worked out once a page."""
    if _MAY_HIDE not in page.memo:
        page.memo[_MAY_HIDE] = may_hide(root)
    return page.memo[_MAY_HIDE]


_FAILED = "it could not be drawn again without its pictures, text or shapes"


def _all_kept(page: PdfPage, root: ET.Element) -> bool:
    """Whether the page's facts of the kind to be compared all stay (``_too_costly``), said
    once a page."""
    if page.memo.get(_KEPT) is None:
        page.memo[_KEPT] = _too_costly(page, root)
        if page.memo[_KEPT]:
            page.notes.append(kept(page.memo[_KEPT]))
    return page.memo[_KEPT] is not None


def _keep(page: PdfPage, facts: list[Fact], why: str) -> list[Fact]:
    """All ``facts``, with a note (once a page) that what hides some of them was not known."""
    if not page.memo.get(_KEPT):
        page.memo[_KEPT] = why
        page.notes.append(kept(why))
    return facts


def _too_costly(page: PdfPage, root: ET.Element) -> str | None:
    """Why drawing the page more would cost too much, or None: its copies took resvg more
    than ``MAX_COPIES_SECONDS`` of CPU, or it has more than ``MAX_ELEMENTS`` drawn elements."""
    seconds = page.memo.get(_SPENT, 0.0)
    if seconds > MAX_COPIES_SECONDS:
        return f"drawing it again took {seconds:.1f} s"
    if _DRAWN_COUNT not in page.memo:
        page.memo[_DRAWN_COUNT] = sum(
            1 for element in root.iter() if svg_render.local_name(element) in _DRAWN
        )
    if page.memo[_DRAWN_COUNT] > MAX_ELEMENTS:
        return f"it has {page.memo[_DRAWN_COUNT]:,} shapes, texts and pictures"
    return None


def kept(why: str) -> Finding:
    """check.skipped (BC910) for an SVG page whose facts were not compared with what resvg
    shows: text, pictures and shapes its clip paths, masks or opacity hide were judged."""
    return Finding.of(
        "check.skipped",
        f"This SVG's text, pictures and shapes were not compared with what its clip paths, "
        f"masks and opacity show ({why}): those they hide were judged as if they showed; "
        "check such findings by eye.",
        merge_key=KEPT,
        details={"rules": page_rule_codes()},
    )


def misplaced(root: ET.Element) -> bool:
    """Whether the SVG has text MuPDF reads away from where resvg draws it, so it looked
    hidden and its font and size were not judged (``misplaced_text``)."""
    return bool(misplaced_text(root))


def misplaced_text(root: ET.Element) -> str:
    """The characters (white space left out) of the SVG's text MuPDF reads away from where
    resvg draws it: a <textPath>'s letters (Illustrator's type on a path), read on a straight
    line, its path's chord (``svg_text_paths``), and a text or tspan with a list of positions,
    one a letter (``x="10 13.2 16.1"``, kerning set by hand), read at 0; "" for none."""
    found = []
    for element in root.iter():
        name = svg_render.local_name(element)
        if name == "textPath" or (
            name in _POSITIONED
            and any(len(element.get(axis, "").replace(",", " ").split()) > 1 for axis in _POSITIONS)
        ):
            found.append("".join("".join(element.itertext()).split()))
    return "\n".join(found)


_POSITIONED = frozenset({"text", "tspan"})
_POSITIONS = ("x", "y", "dx", "dy")


def _without(page: PdfPage, root: ET.Element, removed: tuple[Kind, ...]) -> np.ndarray | None:
    """The page drawn without the ``removed`` kinds of element, kept for the next kind (the
    page without pictures, then without pictures and text, is drawn once)."""
    key = _drawn_key(removed)
    if key not in page.memo:
        page.memo[key] = _drawing(page, _copy(root, removed))
    return page.memo[key]


def _forget(page: PdfPage, kind: Kind) -> None:
    """Drop the kept drawings no kind still to be compared needs (each is a raster's size)."""
    done = page.memo.setdefault(_COMPARED, set())
    done.add(kind)
    for i in range(1, len(_PEELED) + 1):
        users = set(_PEELED[i - 1 : i + 1])  # the kind it is without, and the next
        if users <= done:
            page.memo.pop(_drawn_key(_PEELED[:i]), None)


def _drawn_key(removed: tuple[Kind, ...]) -> str:
    return f"svg.drawn without {' '.join(removed)}"


def _drawing(page: PdfPage, root: ET.Element) -> np.ndarray | None:
    """A copy of the page's SVG drawn as the page raster is; None when resvg cannot. Its CPU
    time is added to the page's ``_SPENT``."""
    assert page.handle is not None
    started = time.process_time()
    try:
        return rgb(root, page.handle, page.raster_matrix())
    finally:
        page.memo[_SPENT] = page.memo.get(_SPENT, 0.0) + time.process_time() - started


def _pixel_box(page: PdfPage, bbox) -> PixelBox:
    """A box in page units as whole raster pixels around it, padded by ``_PAD``."""
    matrix = page.raster_matrix()
    x0, y0, x1, y1 = bbox
    return (
        max(int(np.floor(x0 * matrix.a)) - _PAD, 0),
        max(int(np.floor(y0 * matrix.d)) - _PAD, 0),
        max(int(np.ceil(x1 * matrix.a)) + _PAD, 0),
        max(int(np.ceil(y1 * matrix.d)) + _PAD, 0),
    )


def _below_a_pixel(page: PdfPage, bbox) -> bool:
    """Whether a fact's box is under a raster pixel high or wide, so that drawing the page
    without it changes no pixel past ``TOLERANCE`` though it shows: 6 pt text on a banner
    90 m long, whose raster has a pixel for 30 mm, was taken for hidden."""
    matrix = page.raster_matrix()
    x0, y0, x1, y1 = bbox
    return min((x1 - x0) * abs(matrix.a), (y1 - y0) * abs(matrix.d)) < 1.0


def _same(a: np.ndarray, b: np.ndarray, boxes: Sequence[PixelBox]) -> list[bool]:
    """For each pixel box, whether the drawings ``a`` and ``b`` agree in it (within
    ``TOLERANCE``); a box off the page agrees."""
    out = []
    for x0, y0, x1, y1 in boxes:
        one, other = a[y0:y1, x0:x1], b[y0:y1, x0:x1]
        if one.shape != other.shape:  # the two drawings' sizes differ: not known
            out.append(False)
            continue
        apart = np.abs(one.astype(np.int16) - other.astype(np.int16))
        out.append(not apart.size or int(apart.max()) <= TOLERANCE)
    return out


def _copy(root: ET.Element, removed: Sequence[Kind], magenta_text: bool = False) -> ET.Element:
    """A copy of the SVG without its elements of the ``removed`` kinds, its text filled with
    magenta when ``magenta_text``. What clip paths, masks, patterns and markers are made of
    stays (``_painting``), also where they take it from elsewhere by a <use> (Illustrator's
    clip of a <rect> in <defs>); an element a <use> draws as content (a <symbol>'s) goes."""
    out = copy.deepcopy(root)
    names = frozenset().union(*(_ELEMENTS[kind] for kind in removed))
    if "image" in removed:
        _flat_picture_fills(out)
    kept = _painting(out)
    todo = [out]
    while todo:
        parent = todo.pop()
        for child in list(parent):
            if id(child) in kept:
                continue
            name = svg_render.local_name(child)
            if name in names:
                parent.remove(child)
            elif magenta_text and name == "text":
                for part in child.iter():
                    own = part.get("style", "").strip().rstrip(";")
                    part.set("style", f"{own};{_MAGENTA}" if own else _MAGENTA)
            else:
                todo.append(child)
    if magenta_text:
        ET.SubElement(out, _namespaced(out, "style")).text = _MAGENTA_RULE
    return out


def _flat_picture_fills(root: ET.Element) -> None:
    """A one-tile picture pattern's pictures (Figma's image fill, a photo listed as a placed
    picture) replaced by a flat ``_PICTURE_GONE`` tile: the photo goes with the pictures, its
    shape, which MuPDF reads as a drawing, stays for the shapes to be compared."""
    patterns = picture_patterns(root)
    for element in root.iter():
        if svg_render.local_name(element) == "pattern" and element.get("id") in patterns:
            for child in list(element):
                element.remove(child)
            ET.SubElement(
                element, _namespaced(root, "rect"), width="1", height="1", fill=_PICTURE_GONE
            )


#: the flat colour of a photo filling a shape where the page is drawn without its pictures
_PICTURE_GONE = "#808080"


def _namespaced(root: ET.Element, name: str) -> str:
    """``name`` in the namespace of the SVG's root (none when it has none)."""
    return root.tag[: -len(svg_render.local_name(root))] + name


def _painting(root: ET.Element) -> set[int]:
    """The ids (``id()``) of the elements that clip paths, masks, patterns and markers are
    made of. What one of them draws by a link (<use>) from outside them is linked as a copy
    of its own (in a <defs> added to ``root``), kept too: the element itself may also be drawn
    as content by another <use> (text both clipping and shown), and goes with its kind."""
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    painters = [element for element in root.iter() if svg_render.local_name(element) in _PAINTERS]
    inside = {id(part) for painter in painters for part in painter.iter()}
    holder = ET.Element(_namespaced(root, "defs"))
    copies: dict[str, ET.Element] = {}  # an outside element's id: its copy
    kept: set[int] = set()
    todo = painters
    while todo:
        element = todo.pop()
        if id(element) in kept:
            continue
        for part in element.iter():
            kept.add(id(part))
            for name in svg_render.HREFS:
                link = part.get(name, "").strip()
                target = by_id.get(link[1:]) if link.startswith("#") else None
                if target is None or id(target) in inside:
                    continue
                if link[1:] not in copies:
                    copies[link[1:]] = _copied(target, f"{_COPY_ID}{len(copies)}")
                    holder.append(copies[link[1:]])
                    todo.append(copies[link[1:]])
                part.set(name, f"#{copies[link[1:]].get('id')}")
    if copies:
        root.append(holder)
    return kept


_COPY_ID = "brandcheck-painted-"  # the id of a copy ``_painting`` links a painter to


def _copied(target: ET.Element, name: str) -> ET.Element:
    """A copy of ``target`` with the id ``name``, and none inside it (each names one element)."""
    twin = copy.deepcopy(target)
    for part in twin.iter():
        part.attrib.pop("id", None)
    twin.set("id", name)
    return twin
