"""An SVG's `<switch>`, `<a>` and conditions, which MuPDF draws none of, made what resvg draws.

Illustrator's export with "Preserve Illustrator Editing Capabilities" puts the whole artwork
in a `<switch>`: a `<foreignObject requiredExtensions="...">` for Illustrator, then a `<g>` for
everyone else. MuPDF draws nothing of a `<switch>` (nor does it read conditions), nor of a link
(`<a>`, a design tool's hyperlink on a group or on words of a text), so such a page had no text,
fonts or sizes to judge while resvg drew it all. resvg draws the first child of a `<switch>`
whose conditions pass, and no element whose conditions fail, anywhere: one with
`requiredExtensions` (none is supported), with `systemLanguage` (brandcheck gives resvg no
language), or with an empty `requiredFeatures` (resvg also fails a feature it does not
support, such as draw.io's `#Extensibility`; browsers pass every feature, and so does this, so
draw.io's "Text is not SVG" warning is not read). Only the SVG elements resvg draws or
references count as a choice: a `<foreignObject>`, `<title>`, `<style>`, `<script>`, another
program's element or one SVG does not define is passed over, as resvg (and Firefox) pass it
over. A link is drawn as what it holds: a `<g>`, or in text a `<tspan>`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from brandcheck import svg_render

#: an SVG whose bytes hold none of these has nothing to resolve
WORTH_A_LOOK = re.compile(
    rb"<(?:[\w.-]+:)?(?:switch|a)\b|requiredExtensions|requiredFeatures|systemLanguage"
)
#: the SVG elements resvg's tree holds, the only ones a <switch> may choose: any other (a
#: <foreignObject>, <title>, <style>, <script>, an element SVG does not define) is passed over
_CHOICES = frozenset(
    {"a", "circle", "clipPath", "defs", "ellipse", "filter", "g", "image", "line"}
    | {"linearGradient", "marker", "mask", "path", "pattern", "polygon", "polyline"}
    | {"radialGradient", "rect", "stop", "svg", "switch", "symbol", "text", "textPath", "tref"}
    | {"tspan", "use", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite"}
    | {"feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap", "feDistantLight"}
    | {"feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur"}
    | {"feImage", "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight"}
    | {"feSpecularLighting", "feSpotLight", "feTile", "feTurbulence"}
)


def resolved(root: ET.Element) -> bool:
    """Each `<switch>` of ``root`` made a `<g>` of the child resvg draws (none if no child
    passes), each `<a>` a `<g>` (in text a `<tspan>`), and every element whose conditions
    fail taken out; False when nothing changed."""
    changed = False
    namespace = root.tag[: -len(svg_render.local_name(root))]
    stack = [(root, False)]
    while stack:
        node, in_text = stack.pop()
        for child in list(node):
            if not isinstance(child.tag, str):  # a comment or processing instruction
                continue
            if _has_conditions(child) and not _passes(child):
                node.remove(child)
                changed = True
                continue
            own = svg_render.local_name(child) if child.tag.startswith(namespace) else ""
            if own == "switch":
                chosen = next((c for c in child if _chosen(c, namespace)), None)
                for other in list(child):
                    if other is not chosen:
                        child.remove(other)
                child.tag = f"{namespace}g"
                changed = True
            elif own == "a":
                child.tag = f"{namespace}{'tspan' if in_text else 'g'}"
                changed = True
            stack.append((child, in_text or own in _TEXT))
    return changed


_TEXT = frozenset({"text", "textPath", "tspan"})


def _chosen(element: ET.Element, namespace: str) -> bool:
    """Whether a child of a `<switch>` is the one drawn, if it comes first."""
    if not isinstance(element.tag, str) or not element.tag.startswith(namespace):
        return False
    if namespace == "" and element.tag.startswith("{"):
        return False
    return svg_render.local_name(element) in _CHOICES and _passes(element)


def _has_conditions(element: ET.Element) -> bool:
    return any(name in element.attrib for name in _CONDITIONS)


_CONDITIONS = ("requiredExtensions", "systemLanguage", "requiredFeatures")


def _passes(element: ET.Element) -> bool:
    """Whether an element's conditional attributes let resvg draw it."""
    if "requiredExtensions" in element.attrib or "systemLanguage" in element.attrib:
        return False
    return element.get("requiredFeatures") != ""
