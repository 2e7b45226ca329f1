"""SVG stylesheets (`<style>`) written into each element's style attribute, for MuPDF.

MuPDF draws an SVG's presentation attributes and `style` attributes but ignores its `<style>`
elements, so an SVG styled through CSS classes (Illustrator's default "Internal CSS" export)
draws outlines as filled shapes and white cut-outs as black. The rules are matched here with
cssselect2 (CSS parsed by tinycss2) and each element gets the declarations that apply to it, in
cascade order, before its own `style` attribute.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import cssselect2
import tinycss2

_SVG = "http://www.w3.org/2000/svg"
_NAMESPACES = {"": _SVG, "xlink": "http://www.w3.org/1999/xlink"}
for _prefix, _uri in _NAMESPACES.items():  # written back without ns0: prefixes MuPDF rejects
    ET.register_namespace(_prefix, _uri)


def with_inline_styles(data: bytes) -> bytes | None:
    """The SVG ``data`` with its stylesheet applied as style attributes; None when it has no
    stylesheet, or is not XML this can parse (MuPDF then reads the file as it is)."""
    if b"<style" not in data:
        return None
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return None
    sheets = [el for el in root.iter(f"{{{_SVG}}}style") if el.text]
    sheets += [el for el in root.iter("style") if el.text]  # an SVG without its namespace
    matcher = cssselect2.Matcher()
    rules = 0
    for sheet in sheets:
        rules += _add_rules(matcher, sheet.text or "")
    if not rules:
        return None
    for element in cssselect2.ElementWrapper.from_xml_root(root).iter_subtree():
        matches = matcher.match(element)
        if not matches:
            continue
        matches.sort(key=lambda m: (m[0], m[1]))  # specificity, then order in the sheet
        own = element.etree_element.get("style", "")
        styles = [payload for *_, payload in matches]
        element.etree_element.set("style", ";".join([*styles, own]).strip(";"))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _add_rules(matcher: cssselect2.Matcher, css: str) -> int:
    """Add a stylesheet's style rules to ``matcher``; the number added. At-rules (@media,
    @font-face) and selectors cssselect2 cannot compile are left out."""
    added = 0
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        declarations = tinycss2.serialize(rule.content).strip().strip(";")
        try:
            selectors = cssselect2.compile_selector_list(rule.prelude)
        except cssselect2.SelectorError:
            continue
        for selector in selectors:
            matcher.add_selector(selector, declarations)
            added += 1
    return added
