"""SVG styling rewritten into what MuPDF reads: presentation attributes, and no hidden elements.

MuPDF draws an SVG's presentation attributes but reads only some properties from `style`
attributes (fill and stroke, not opacity, fill-opacity or fill-rule) and ignores `<style>`
elements, `display` and `visibility`. So an SVG styled through CSS classes (Illustrator's
default "Internal CSS" export) draws outlines as filled shapes and white cut-outs as black, and
a logo file's hidden guide layer is drawn into the template. The rules are matched here with
cssselect2 (CSS parsed by tinycss2), the cascade is resolved per property (`!important`, then
the element's own `style` over the sheet, then specificity, then order), and each element's
winning declarations become its presentation attributes (a `font` shorthand as the longhands
it sets: MuPDF drew "font: 5px Arial" at 16 px in Times). Elements with `display: none`, and
shapes and text whose `visibility` is hidden, are taken out, a `<switch>` or a link
(`<a>`) is what resvg draws of it (``svg_containers``), and a picture's box the one resvg draws
it in (``svg_image_boxes``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import cssselect2
import tinycss2

from brandcheck import svg_containers, svg_image_boxes, svg_nested, svg_text_paths, svg_units

MAX_ELEMENTS = 100_000  # larger SVGs are left as they are: restyling 200,000 paths takes 8 s
_SVG = "http://www.w3.org/2000/svg"
_NAMESPACES = {"": _SVG, "xlink": "http://www.w3.org/1999/xlink"}
for _prefix, _uri in _NAMESPACES.items():  # written back without ns0: prefixes MuPDF rejects
    ET.register_namespace(_prefix, _uri)

_SHORTHAND = re.compile(rb"font\s*:")  # in a style attribute or a stylesheet
_WORTH_A_LOOK = re.compile(rb"<style|style\s*=|display|visibility")
_RESOURCES = frozenset(  # drawn only where referenced: left as they are
    {"defs", "symbol", "clipPath", "mask", "pattern", "marker", "linearGradient"}
    | {"radialGradient", "filter", "style", "title", "desc", "metadata"}
)
_SHAPES = frozenset(
    {"path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "image", "use", "text"}
)
_FONT_SIZE_WORDS = frozenset(
    {"xx-small", "x-small", "small", "medium", "large", "x-large", "xx-large", "smaller", "larger"}
)
_FONT_STYLES = frozenset({"italic", "oblique"})
_FONT_WEIGHTS = frozenset({"bold", "bolder", "lighter"})
_FONT_KEYWORDS = frozenset(  # variants and stretches a shorthand may name before the size
    {"normal", "small-caps", "condensed", "expanded", "semi-condensed", "semi-expanded"}
    | {"ultra-condensed", "extra-condensed", "extra-expanded", "ultra-expanded"}
)

Declaration = tuple[str, str, bool]  # property, value, !important


class TooCostly(Exception):
    """An SVG whose drawing or styling would take unbounded time; the message says why."""


def check_cost(data: bytes, max_elements: int) -> None:
    """Raise TooCostly for an SVG that draws more than ``max_elements`` elements, each
    ``<use>`` counted as what it draws, through nesting (ten ``<use>`` of a group of ten
    ``<use>``..., ten deep, is 10^10 shapes in 3 KB: MuPDF expands them all before it draws).
    SVGs this cannot parse are left to MuPDF."""
    try:
        root = ET.fromstring(data)
    except Exception:  # malformed XML, an encoding Python lacks, an entity bomb refused
        return
    drawn = drawn_elements(root, max_elements)
    if drawn > max_elements:
        raise TooCostly(
            f"the SVG draws {drawn:,} elements or more (its <use> elements counted as what "
            f"they draw); the limit is {max_elements:,}"
        )


def drawn_elements(root: ET.Element, cap: int) -> int:
    """The elements of the tree with each ``<use>`` counted as the elements it refers to
    (a ``<use>`` of itself or of an ancestor counts nothing more, as MuPDF stops there); stops
    counting past ``cap``. Iterative: a tree 100,000 groups deep is fine."""
    ids = {el.get("id"): el for el in root.iter() if el.get("id")}
    hrefs = ("href", "{http://www.w3.org/1999/xlink}href")

    def edges(el: ET.Element) -> list[ET.Element]:
        out = list(el)
        if el.tag in (f"{{{_SVG}}}use", "use"):
            href = next((el.get(h) for h in hrefs if el.get(h)), "") or ""
            target = ids.get(href[1:]) if href.startswith("#") else None
            if target is not None:
                out.append(target)
        return out

    counted: dict[int, int] = {}
    open_: set[int] = {id(root)}
    stack: list[list] = [[root, iter(edges(root)), 1]]
    while stack:
        top = stack[-1]
        child = next(top[1], None)
        if child is None:
            stack.pop()
            open_.discard(id(top[0]))
            counted[id(top[0])] = top[2]
            if stack:
                stack[-1][2] += top[2]
            if top[2] > cap:
                return top[2]
        elif id(child) in counted:
            top[2] += counted[id(child)]
        elif id(child) not in open_:
            open_.add(id(child))
            stack.append([child, iter(edges(child)), 1])
    return counted[id(root)]


def for_mupdf(data: bytes, max_style_work: int | None = None) -> bytes | None:
    """The SVG ``data`` with its stylesheet and style attributes written as presentation
    attributes, its font sizes and lengths in user units as a browser reads them
    (``svg_units``), its hidden elements taken out, its `<switch>`es and links resolved
    (``svg_containers``), its pictures in the boxes resvg draws them in
    (``svg_image_boxes``), its inner `<svg>`s where their x and y place them
    (``svg_nested``) and its text on paths along their chords (``svg_text_paths``); None when
    it has none of these, or is not XML this can parse (MuPDF then reads the file as it is).
    Raises TooCostly when its stylesheet's selectors times its elements pass
    ``max_style_work`` (20,000 selectors over 2,000 elements did not finish in minutes)."""
    if not any(
        pattern.search(data)
        for pattern in (
            _WORTH_A_LOOK,
            svg_containers.WORTH_A_LOOK,
            svg_image_boxes.WORTH_A_LOOK,
            svg_units.WORTH_A_LOOK,
            svg_nested.WORTH_A_LOOK,
            svg_text_paths.WORTH_A_LOOK,
        )
    ):
        return None
    root = parse(data)
    if root is None:
        return None
    apply_stylesheets(root, max_style_work)
    changed = _styles_as_attributes(root)
    measured = svg_units.in_user_units(root)  # after the cascade: a rule may set a font size
    chosen = svg_containers.resolved(root)  # after the cascade: a rule may select an <a>
    placed = svg_image_boxes.fitted(root)
    moved = svg_nested.placed(root)
    straight = svg_text_paths.straightened(root)
    if not (_drop_hidden(root) or changed or measured or chosen or placed or moved or straight):
        return None
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _styles_as_attributes(root: ET.Element) -> bool:
    """Each element's style declarations as its presentation attributes (a style attribute
    wins over them, as in CSS); False when no element has a style attribute."""
    changed = False
    for node in root.iter():
        style = node.attrib.pop("style", None)
        if style is None:
            continue
        changed = True
        for name, value, _important in _cascade_own(style):
            node.set(name, value)
    return changed


def _cascade_own(style: str) -> list[Declaration]:
    """A style attribute's declarations, the last of each property winning."""
    winners: dict[str, Declaration] = {}
    for name, value, important in declarations(style):
        if important or not winners.get(name, ("", "", False))[2]:
            winners[name] = (name, value, important)
    return list(winners.values())


def _drop_hidden(root: ET.Element) -> bool:
    """Take out elements with `display: none` and shapes and text whose `visibility`
    (inherited) is hidden; False when there are none. Resources (defs, symbols, clip paths,
    gradients) are left as they are: they draw only where they are referenced."""
    dropped = False
    stack: list[tuple[ET.Element, bool]] = [(root, False)]
    while stack:
        node, hidden = stack.pop()
        for child in list(node):
            local = child.tag.rpartition("}")[2] if isinstance(child.tag, str) else ""
            if local in _RESOURCES:
                continue
            seen = child.get("visibility", "").strip()
            hides = seen in ("hidden", "collapse") or (hidden and seen != "visible")
            if child.get("display", "").strip() == "none" or (
                hides and local in _SHAPES and not _shows_inside(child)
            ):
                node.remove(child)
                dropped = True
            else:
                stack.append((child, hides))
    return dropped


def _shows_inside(node: ET.Element) -> bool:
    """Whether something inside ``node`` sets itself visible again (a tspan in hidden text)."""
    inside = (el for el in node.iter() if el is not node)
    return any(el.get("visibility", "").strip() == "visible" for el in inside)


def parse(data: bytes) -> ET.Element | None:
    """The SVG's XML tree; None when it cannot be parsed or has more than `MAX_ELEMENTS`
    elements."""
    try:
        root = ET.fromstring(data)
    except Exception:  # malformed XML, an encoding Python lacks, an entity bomb refused
        return None
    return root if sum(1 for _ in root.iter()) <= MAX_ELEMENTS else None


def apply_stylesheets(root: ET.Element, max_work: int | None = None) -> bool:
    """Write the rules of the tree's `<style>` elements into the style attributes of the
    elements they match, and style attributes' `font` shorthands as longhands; False when
    there is nothing to write. Raises TooCostly when selectors times elements pass
    ``max_work``."""
    sheets = [el for el in root.iter() if el.tag in (f"{{{_SVG}}}style", "style") and el.text]
    if max_work is not None and sheets:  # counted before compiling: that alone takes long
        selectors = sum(_selector_count(sheet.text or "") for sheet in sheets)
        elements = sum(1 for _ in root.iter())
        if selectors * elements > max_work:
            raise TooCostly(
                f"the SVG's stylesheet has {selectors:,} selectors for {elements:,} elements; "
                f"matching them is limited to {max_work:,} selector-element pairs"
            )
    matcher = cssselect2.Matcher()
    rules = sum(_add_rules(matcher, sheet.text or "") for sheet in sheets)
    changed = False
    for element in cssselect2.ElementWrapper.from_xml_root(root).iter_subtree():
        node = element.etree_element
        own = node.get("style", "")
        matches = [m for m in matcher.match(element) if m[2] is None] if rules else []
        if matches or _SHORTHAND.search(own.encode()):
            node.set("style", _cascade(matches, declarations(own)))
            changed = True
    return changed


def declarations(css: str | list) -> list[Declaration]:
    """The declarations of a rule's body (its tokens) or of a style attribute (its text), a
    `font` shorthand as the longhands it sets (an invalid one is dropped, as CSS does)."""
    found = []
    for item in tinycss2.parse_blocks_contents(css, skip_comments=True, skip_whitespace=True):
        if item.type != "declaration":
            continue
        if item.lower_name == "font":
            found += [(name, value, item.important) for name, value in _longhands(item.value)]
        else:
            found.append((item.lower_name, tinycss2.serialize(item.value).strip(), item.important))
    return found


def _longhands(tokens: list) -> list[tuple[str, str]]:
    """The properties a `font` shorthand sets ('italic bold 12px/1.2 "Stockholm Type", Arial'),
    style and weight reset to normal where it names none; empty for an invalid shorthand or a
    system font such as 'caption'."""
    tokens = [t for t in tokens if t.type not in ("whitespace", "comment")]
    style = weight = "normal"
    for i, token in enumerate(tokens):
        word = tinycss2.serialize([token]).lower()
        if token.type in ("dimension", "percentage") or word in _FONT_SIZE_WORDS:
            rest = tokens[i + 1 :]
            if rest and rest[0].type == "literal" and rest[0].value == "/":
                rest = rest[2:]  # a line height
            family = tinycss2.serialize(rest).strip()
            if not family:
                return []
            return [
                ("font-style", style),
                ("font-weight", weight),
                ("font-size", word),
                ("font-family", family),
            ]
        if word in _FONT_STYLES:
            style = word
        elif word in _FONT_WEIGHTS or (token.type == "number" and token.is_integer):
            weight = word
        elif word not in _FONT_KEYWORDS:
            return []
    return []


def _cascade(matches: list, own: list[Declaration]) -> str:
    """One declaration per property: the one the CSS cascade picks, from the sheet's matching
    rules (specificity, order) and the element's own style attribute."""
    winners: dict[str, tuple[tuple, str]] = {}
    ranked = [
        ((important, 0, spec, order, i), name, value)
        for spec, order, _pseudo, decls in matches
        for i, (name, value, important) in enumerate(decls)
    ]
    ranked += [
        ((important, 1, (0, 0, 0), 0, i), name, value)
        for i, (name, value, important) in enumerate(own)
    ]
    for rank, name, value in ranked:
        if name not in winners or rank > winners[name][0]:
            winners[name] = (rank, value)
    return ";".join(f"{name}:{value}" for name, (_, value) in winners.items())


def _selector_count(css: str) -> int:
    """About how many selectors a stylesheet has: one per comma-separated part of each rule's
    prelude (a comma inside a :not(...) counts too: an over-count)."""
    return sum(
        1 + sum(1 for t in rule.prelude if t.type == "literal" and t.value == ",")
        for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        if rule.type == "qualified-rule"
    )


def _add_rules(matcher: cssselect2.Matcher, css: str) -> int:
    """Add a stylesheet's style rules to ``matcher``; the number added. At-rules (@media,
    @font-face) and selectors cssselect2 cannot compile are left out."""
    added = 0
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        found = declarations(rule.content)
        try:
            selectors = cssselect2.compile_selector_list(rule.prelude)
        except cssselect2.SelectorError:
            continue
        for selector in selectors:
            matcher.add_selector(selector, found)
            added += 1
    return added
