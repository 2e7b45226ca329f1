"""An SVG `<image>` given to MuPDF in the box resvg draws it in (preserveAspectRatio's meet).

An `<image>` whose box is not the picture's shape is drawn by a browser and resvg at the
picture's shape, as large as fits and centred (the default, `xMidYMid meet`, or where its
`preserveAspectRatio` says). MuPDF stretches every picture to its box, so a 1000 px square
photo in a 300 x 100 pt box was placed 300 pt wide and read at 240 ppi (BC501 in print),
though it is drawn 100 pt wide, at 720 ppi, and the box's empty sides were read as picture.
Such an image is given to MuPDF at the box resvg draws it in, its aspect kept. A `slice`
(the picture cropped to fill its box) is left as it is: MuPDF's box is then the one shown, and
the lower of the picture's two resolutions in it, which is the one read, is slice's.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from brandcheck import svg_render, svg_units
from brandcheck.svg_pictures import picture_size

#: an SVG whose bytes hold none has no <image> to place
WORTH_A_LOOK = re.compile(rb"<(?:[\w.-]+:)?image\b")
_ALIGN = re.compile(r"x(Min|Mid|Max)Y(Min|Mid|Max)")
_SHARE = {"Min": 0.0, "Mid": 0.5, "Max": 1.0}


def fitted(root: ET.Element) -> bool:
    """Each `<image>` of ``root`` (an embedded picture, its box in user units) that resvg
    draws smaller than its box given that box (``preserveAspectRatio="none"``); False when
    there was none."""
    changed = False
    for element in root.iter():
        if not isinstance(element.tag, str) or svg_render.local_name(element) != "image":
            continue
        box = _fitted_box(element)
        if box is not None:
            for name, value in zip(("x", "y", "width", "height"), box, strict=True):
                element.set(name, f"{value:g}")
            element.set("preserveAspectRatio", "none")
            changed = True
    return changed


def _fitted_box(element: ET.Element) -> tuple[float, float, float, float] | None:
    """The box resvg draws an `<image>`'s picture in, where it is not the element's box."""
    fit = element.get("preserveAspectRatio", "xMidYMid meet").split()
    if fit[:1] == ["defer"]:
        fit = fit[1:]
    if not fit or fit[0] == "none" or "slice" in fit[1:]:
        return None
    align = _ALIGN.fullmatch(fit[0])
    if align is None or "width" not in element.attrib or "height" not in element.attrib:
        return None
    numbers = svg_units.user_lengths(element, ("x", "y", "width", "height"))
    if numbers is None:
        return None
    x, y, width, height = numbers
    link = next((element.get(name) for name in svg_render.HREFS if element.get(name)), "")
    size = picture_size(link) if width > 0 and height > 0 else None
    if size is None:
        return None
    scale = min(width / size[0], height / size[1])
    shown = (size[0] * scale, size[1] * scale)
    if abs(shown[0] - width) <= 1e-6 * width and abs(shown[1] - height) <= 1e-6 * height:
        return None  # the picture's shape is its box's
    return (
        x + (width - shown[0]) * _SHARE[align.group(1)],
        y + (height - shown[1]) * _SHARE[align.group(2)],
        shown[0],
        shown[1],
    )
