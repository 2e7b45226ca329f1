"""SVG logo files drawn by resvg (clip paths, masks, dashes, stylesheets), nothing outside read.

MuPDF leaves out clip paths, masks and dashed strokes, which design tools' exports are full of
(Illustrator's artboard clip, Figma's frame clip, opacity masks): a logo file drawn by it made a
wrong template, and the logo was not found. resvg draws the SVG as a browser does. It would
read the pictures an SVG links to from disk (an absolute path, or one relative to the working
folder), so the file is given to it as XML parsed here, without its DOCTYPE (no entity is read
from outside) and with every link to anything but the document itself or an embedded raster
picture taken out: a logo file draws only what it holds.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import numpy as np

_SVG = "{http://www.w3.org/2000/svg}svg"
_HREFS = ("href", "{http://www.w3.org/1999/xlink}href")
_EMBEDDED = re.compile(r"\s*(#|data:image/(png|jpeg|jpg|gif|webp)[;,])", re.I)
_DPI = 72.0  # a point per pixel at zoom 1, as MuPDF sizes an SVG: 1 mm is 72 / 25.4 px
Box = tuple[float, float, float, float]


def self_contained(data: bytes) -> ET.Element | None:
    """The SVG's tree with its links to other files (pictures, `<use>` of another file) taken
    out; None when Python's XML parser cannot read it."""
    try:
        root = ET.fromstring(data)
    except Exception:  # malformed XML, an encoding Python lacks, an entity bomb refused
        return None
    for element in root.iter():
        for name in _HREFS:
            link = element.get(name)
            if link is not None and not _EMBEDDED.match(link):
                del element.attrib[name]
    return root


def draw(root: ET.Element, width: int, height: int, box: Box | None = None) -> np.ndarray:
    """The SVG drawn as RGBA to fit ``width`` x ``height`` px (its proportions kept: the size
    bounds the drawing), or the part ``box`` gives (fractions of the drawing) at that size."""
    if box is None:
        return _rgba(ET.tostring(root, encoding="unicode"), width, height)
    whole = draw(root, width, height)
    h, w = whole.shape[:2]
    x0, y0, x1, y1 = box[0] * w, box[1] * h, box[2] * w, box[3] * h
    zoom = min(width / (x1 - x0), height / (y1 - y0))
    frame = ET.Element(
        _SVG,
        width=f"{(x1 - x0) * zoom:.4f}",
        height=f"{(y1 - y0) * zoom:.4f}",
        viewBox=f"{x0:.4f} {y0:.4f} {x1 - x0:.4f} {y1 - y0:.4f}",
    )
    inner = ET.SubElement(frame, root.tag, dict(root.attrib))  # the drawing as it was, nested
    inner.extend(list(root))
    inner.set("width", str(w))
    inner.set("height", str(h))
    for name in ("x", "y"):
        inner.attrib.pop(name, None)
    if root.tag != _SVG:  # an SVG without its namespace: resvg reads the nested one as such
        frame.tag = root.tag
    return _rgba(ET.tostring(frame, encoding="unicode"), width, height)


def _rgba(svg: str, width: int, height: int) -> np.ndarray:
    import resvg_py
    from PIL import Image

    try:
        png = resvg_py.svg_to_bytes(svg_string=svg, width=width, height=height, dpi=_DPI)
    except BaseException as exc:  # a panic in resvg is a BaseException (pyo3's PanicException)
        if isinstance(exc, Exception | KeyboardInterrupt | SystemExit):
            raise
        raise ValueError(f"resvg could not draw it ({exc})") from None
    with Image.open(io.BytesIO(png)) as image:
        return np.asarray(image.convert("RGBA")).copy()
