"""SVGs drawn by resvg (clip paths, masks, dashes, stylesheets), nothing outside read.

MuPDF leaves out clip paths, masks and dashed strokes, which design tools' exports are full of
(Illustrator's artboard clip, Figma's frame clip, opacity masks): a logo file drawn by it made a
wrong template, and the logo was not found; an SVG document's page showed art a browser does
not. resvg draws the SVG as a browser does (logo files, and SVG documents' page pixels). It would
read the pictures an SVG links to from disk (an absolute path, or one relative to the working
folder), so the file is given to it as XML parsed here, without its DOCTYPE (no entity is read
from outside) and with every link to anything but the document itself or an embedded raster
picture taken out: an SVG draws only what it holds (``drawable``). resvg decodes each embedded
picture whole, at its own size, and ends the process when it cannot hold it (a 100,000 x 100,000
px PNG header: "memory allocation of 30000000000 bytes failed"), so each one's size is read from
its header first, and the caller's limit refuses the file.
"""

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ET

import numpy as np

from brandcheck import svg_units
from brandcheck.svg_pictures import picture_extent

HREFS = ("href", "{http://www.w3.org/1999/xlink}href")
_EMBEDDED = re.compile(r"\s*(#|data:image/(png|jpeg|jpg|gif|webp)[;,])", re.I)
_LOCAL_REF = re.compile(r"""url\(\s*['"]?#([^)'"\s]+)|^\s*#(\S+)""")
#: how long a chain of references may be (a mask whose content has a mask of its own, ...):
#: resvg follows one by recursion, and some 250 masks deep its stack overflows and the process
#: ends (SIGSEGV); a design tool's export nests a few
MAX_REFERENCE_DEPTH = 100
#: feTurbulence octaves drawn: past 10 each adds less than an 8-bit step; resvg draws every
#: one, and a file asking for a million keeps it busy for minutes
MAX_OCTAVES = 10
#: feMorphology radius drawn, in the filter's user units: resvg looks at every pixel of the
#: radius's square for each pixel (on an 834 x 556 px page a 20 px radius took 5 s, 100 px
#: 90 s); a design tool's thickened outline uses 1 to 3. A transform that scales the filtered
#: element up still scales the radius in pixels.
MAX_MORPHOLOGY_RADIUS = 4.0
#: what a stylesheet can link an element to that draws content of its own, nested
_NESTING = frozenset({"mask", "clipPath", "filter", "pattern", "marker"})
#: the units inside the drawing as a browser reads them (font-size="12pt" is 16 user units;
#: MuPDF is given them so, ``svg_units``); the page's own size is given to resvg in points
#: (``draw``), as MuPDF sizes it
_DPI = 96.0
Rect = tuple[float, float, float, float]


class TooDeep(ValueError):
    """An SVG whose references nest deeper than ``MAX_REFERENCE_DEPTH``: resvg would end the
    process drawing it. The message says how deep, for the caller to say what to do."""


class PictureTooLarge(ValueError):
    """An SVG that embeds a picture of more pixels than the caller draws: resvg would decode it
    whole, and end the process when it cannot. The message says how large, and the limit."""


def drawable(data: bytes, max_picture_pixels: int) -> ET.Element | None:
    """The SVG as resvg may be given it (``self_contained``, ``_measured``); None when Python's
    XML parser cannot read it. Raises TooDeep when its references nest past
    ``MAX_REFERENCE_DEPTH``, PictureTooLarge when it embeds a picture of more pixels than
    ``max_picture_pixels``."""
    root = self_contained(data)
    if root is None:
        return None
    depth = reference_depth(root)
    if depth > MAX_REFERENCE_DEPTH:
        raise TooDeep(
            f"chains {depth} references (masks, clip paths, filters or <use> in one another); "
            f"the limit is {MAX_REFERENCE_DEPTH}"
        )
    _measured(root, max_picture_pixels)
    return root


def _measured(root: ET.Element, max_pixels: int) -> None:
    """Raises PictureTooLarge when a picture ``root`` embeds (a data URI on an `<image>`, an
    `<feImage>`, ...) is more than ``max_pixels`` pixels large, as its header says; one whose
    size cannot be read is taken out (resvg is given no picture of a size not known)."""
    sizes: dict[str, tuple[int, int] | int | None] = {}  # a picture used many times: read once
    for element in root.iter():
        for name in HREFS:
            link = element.get(name)
            if link is None or link.lstrip().startswith("#"):
                continue
            if link not in sizes:
                sizes[link] = picture_extent(link)
            size = sizes[link]
            if isinstance(size, int) and size >= max_pixels:  # more than that, size unknown
                raise PictureTooLarge(
                    f"embeds a picture of more than {size / 1e6:,.0f} megapixels, more than "
                    f"brandcheck draws ({max_pixels / 1e6:,g} megapixels)"
                )
            if not isinstance(size, tuple):
                del element.attrib[name]
            elif size[0] * size[1] > max_pixels:
                raise PictureTooLarge(
                    f"embeds a picture of {size[0]:,} × {size[1]:,} pixels, more than "
                    f"brandcheck draws ({max_pixels / 1e6:,g} megapixels)"
                )


def self_contained(data: bytes) -> ET.Element | None:
    """The SVG's tree with its links to other files (pictures, `<use>` of another file) taken
    out; None when Python's XML parser cannot read it."""
    try:
        root = ET.fromstring(data)
    except Exception:  # malformed XML, an encoding Python lacks, an entity bomb refused
        return None
    for element in root.iter():
        for name in HREFS:
            link = element.get(name)
            if link is not None and not _EMBEDDED.match(link):
                del element.attrib[name]
        if local_name(element) == "feTurbulence" and "numOctaves" in element.attrib:
            octaves = element.get("numOctaves", "")
            if not octaves.strip().isdigit() or int(octaves) > MAX_OCTAVES:
                element.set("numOctaves", str(MAX_OCTAVES))
        if local_name(element) == "feMorphology" and "radius" in element.attrib:
            element.set("radius", _capped_radius(element.get("radius", "")))
    return root


def _capped_radius(value: str) -> str:
    """An feMorphology radius ("rx [ry]") with each number at most MAX_MORPHOLOGY_RADIUS."""
    try:
        numbers = [float(n) for n in value.replace(",", " ").split()]
    except ValueError:  # resvg reads a radius it cannot parse as none
        return value
    return " ".join(f"{min(n, MAX_MORPHOLOGY_RADIUS):g}" for n in numbers)


def reference_depth(root: ET.Element) -> int:
    """The longest chain of references in the SVG (``url(#id)`` and ``href="#id"`` from an
    element or what it holds to another), plus every id a stylesheet refers to (a rule of a
    `<style>` element may add a link to any element: counted as if each made the chain longer)."""
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    styled = set()
    for element in root.iter():
        if local_name(element) == "style" and element.text:
            styled |= {a or b for a, b in _LOCAL_REF.findall(element.text)}
    nesting = {n for n in styled & by_id.keys() if local_name(by_id[n]) in _NESTING}
    known: dict[str, set[str]] = {}

    def targets(name: str) -> set[str]:
        if name not in known:
            found = set()
            for inner in by_id[name].iter():
                for value in inner.attrib.values():
                    found |= {a or b for a, b in _LOCAL_REF.findall(value)}
            known[name] = found & by_id.keys()
        return known[name]

    depth: dict[str, int] = {}
    for start in by_id:  # depth-first without recursion: chains run thousands long
        stack = [(start, iter(targets(start)))]
        on_path = {start}
        while stack:
            name, rest = stack[-1]
            nxt = next((t for t in rest if t not in depth and t not in on_path), None)
            if nxt is not None:
                stack.append((nxt, iter(targets(nxt))))
                on_path.add(nxt)
                continue
            stack.pop()
            on_path.discard(name)
            depth[name] = 1 + max((depth.get(t, 0) for t in targets(name)), default=0)
    chain = max(depth.values(), default=0)
    return chain + len(nesting)


def local_name(element: ET.Element) -> str:
    """An element's name without its namespace (``svg``, ``use``, ``feMorphology``)."""
    return element.tag.rsplit("}", 1)[-1]


def draw(
    root: ET.Element,
    page: tuple[float, float],
    zoom: tuple[float, float],
    part: Rect,
    background: str | None = None,
) -> np.ndarray:
    """The part ``part`` (x0, y0, x1, y1 in points) of the SVG, whose page is ``page`` points
    (MuPDF's size of it: its width and height read at 72 to the inch; one sized in mm without
    a viewBox given a browser's, ``svg_units.px_view_box``), drawn as RGBA at ``zoom``
    pixels a point, whole pixels up (a last row half covered), as MuPDF draws a page: the
    drawing is nested in a frame of that size, so resvg does not stretch it to whole pixels.
    Over ``background`` (a CSS colour) when given, else transparent."""
    x0, y0, x1, y1 = part
    width = max(1, math.ceil(round((x1 - x0) * zoom[0], 6)))
    height = max(1, math.ceil(round((y1 - y0) * zoom[1], 6)))
    frame = ET.Element(
        root.tag,  # an SVG without its namespace nests as one too
        width=str(width),
        height=str(height),
        viewBox=f"{x0:.6f} {y0:.6f} {width / zoom[0]:.6f} {height / zoom[1]:.6f}",
        preserveAspectRatio="none",
    )
    inner = ET.SubElement(frame, root.tag, dict(root.attrib))  # the drawing as it was, nested
    inner.extend(list(root))
    view_box = svg_units.px_view_box(root)  # one sized in mm holds its size in px
    if view_box is not None:
        inner.set("viewBox", view_box)
    inner.set("width", f"{page[0]:.6f}")
    inner.set("height", f"{page[1]:.6f}")
    for name in ("x", "y"):
        inner.attrib.pop(name, None)
    # the frame's canvas clips as the root's would; a nested clip would cost resvg a layer
    inner.set("overflow", "visible")
    return _rgba(ET.tostring(frame, encoding="unicode"), width, height, background)


def _rgba(svg: str, width: int, height: int, background: str | None) -> np.ndarray:
    import resvg_py
    from PIL import Image

    try:
        png = resvg_py.svg_to_bytes(
            svg_string=svg, width=width, height=height, dpi=_DPI, background=background
        )
    except BaseException as exc:  # a panic in resvg is a BaseException (pyo3's PanicException)
        if isinstance(exc, Exception | KeyboardInterrupt | SystemExit):
            raise
        raise ValueError(f"resvg could not draw it ({exc})") from None
    with Image.open(io.BytesIO(png)) as image:
        return np.asarray(image.convert("RGBA")).copy()
