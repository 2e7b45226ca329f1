"""The fonts an SVG's text asks for (its font-family, weight and style), matched to its spans.

MuPDF draws an SVG's text in a base-14 font whatever family it names (Times for "Stockholm
Type" and "Comic Sans MS" alike) and names the text by that font, so a checker must read the
family from the SVG itself: its attributes, `style` attributes and stylesheets (applied by
``svg_styles``), inherited down to each piece of text. Of a family list ("Stockholm Type",
Arial, sans-serif) the first is what the design asks for, and is the one judged.
Each piece also carries what its size is in print over what is drawn (``svg_units.print_scale``:
6pt on a page in px is drawn 8 units high and is 6 pt in print).

Spans are matched to the SVG's text by their characters other than white space, in document
order (MuPDF draws text in that order, collapsing spaces). MuPDF joins text of one size and
colour that it draws in one font, so a span may cross from one asked family to another (a
tspan in the middle of a line): it is told where each begins, and a span whose text is not
found (text MuPDF made up) keeps MuPDF's font.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import tinycss2

from brandcheck import svg_containers, svg_units
from brandcheck.svg_styles import apply_stylesheets, declarations, parse

_TEXT_CONTENT = frozenset({"text", "tspan", "textPath", "a", "altGlyph"})  # elements text draws
_PROPERTIES = ("font-family", "font-weight", "font-style", "font-size")
_WEIGHTS = {
    "normal": "",
    "bold": "Bold",
    "bolder": "Bold",
    "lighter": "Light",
    "100": "Thin",
    "200": "ExtraLight",
    "300": "Light",
    "400": "",
    "500": "Medium",
    "600": "SemiBold",
    "700": "Bold",
    "800": "ExtraBold",
    "900": "Black",
}


@dataclass(frozen=True)
class TextRun:
    """A piece of an SVG's text (its characters other than white space), the font it asks
    for, as a font name ('Stockholm Type Bold'; None where no family is named), and what its
    size is in print over what it is drawn at (``svg_units.print_scale``)."""

    chars: str
    font: str | None
    print_scale: float = 1.0


#: where a span's fonts begin: (index in its text, font asked for, print scale)
Piece = tuple[int, str | None, float]


def text_runs(data: bytes) -> list[TextRun]:
    """The SVG's text in document order, each piece with the font it asks for; empty when the
    SVG cannot be parsed (see ``svg_styles.parse``)."""
    root = parse(data)
    if root is None:
        return []
    apply_stylesheets(root)
    svg_containers.resolved(root)  # MuPDF reads the <switch> child resvg draws
    physical = svg_units.physical_page(root)
    runs: list[TextRun] = []
    stack: list = [(root, {}, False, 1.0)]  # element or tail text, inherited, drawn, scale
    while stack:
        node, inherited, drawn, scale = stack.pop()
        if isinstance(node, str):  # a child's tail: text of its parent
            runs.append(TextRun("".join(node.split()), _font_name(inherited), scale))
            continue
        own = _own_properties(node)
        scale = svg_units.print_scale(own.pop("font-size", None), scale, physical)
        props = {**inherited, **own}
        local = node.tag.rpartition("}")[2]
        drawn = (drawn or local == "text") and local in _TEXT_CONTENT
        if drawn and node.text:
            runs.append(TextRun("".join(node.text.split()), _font_name(props), scale))
        pending: list = []
        for child in node:
            pending.append((child, props, drawn, scale))
            if drawn and child.tail:
                pending.append((child.tail, props, True, scale))
        stack.extend(reversed(pending))
    return [run for run in runs if run.chars]


def span_fonts(texts: list[str], runs: list[TextRun]) -> list[list[Piece]]:
    """For each span's text (in MuPDF's order) the fonts the SVG asks for in it, as (index in
    the text where a font begins, font or None, print scale); one piece unless the span
    crosses a change of family, weight, style or print scale. A span not found is one piece,
    of None and 1."""
    flat = "".join(run.chars for run in runs)
    starts = []
    at = 0
    for run in runs:
        starts.append(at)
        at += len(run.chars)
    out: list[list[Piece]] = []
    cursor = 0
    earlier: dict[str, int] = {}  # a text's last place before the cursor (-1: none)
    for text in texts:
        chars = "".join(text.split())
        pos = flat.find(chars, cursor) if chars else -1
        if pos >= 0:
            earlier[chars] = pos
            cursor = pos + len(chars)
        elif chars:  # drawn again (<use> of text earlier in the file), once a text
            if chars not in earlier:
                earlier[chars] = flat.find(chars, 0, cursor + len(chars) - 1)
            pos = earlier[chars]
        out.append(_pieces(text, pos, len(chars), starts, runs) if pos >= 0 else [(0, None, 1.0)])
    return out


def _pieces(text: str, pos: int, count: int, starts: list[int], runs: list[TextRun]) -> list[Piece]:
    """The fonts of a span's text whose characters other than white space are ``count``
    characters of the runs from ``pos``: (index in ``text`` where each begins, font, print
    scale)."""
    at = [i for i, c in enumerate(text) if not c.isspace()]  # index in text of each character
    first = bisect.bisect_right(starts, pos) - 1
    pieces: list[Piece] = [(0, runs[first].font, runs[first].print_scale)]
    for n in range(first + 1, bisect.bisect_left(starts, pos + count)):
        if (runs[n].font, runs[n].print_scale) != pieces[-1][1:]:
            pieces.append((at[starts[n] - pos], runs[n].font, runs[n].print_scale))
    return pieces


def _own_properties(node) -> dict[str, str]:
    """The font properties an element sets: presentation attributes, then its style
    attribute over them (a `font` shorthand as its longhands); 'inherit' sets nothing."""
    found = {name: node.get(name) for name in _PROPERTIES if node.get(name)}
    for name, value, _important in declarations(node.get("style", "")):
        if name in _PROPERTIES:
            found[name] = value
    return {k: v.strip() for k, v in found.items() if v.strip() not in ("", "inherit")}


def _first_family(value: str) -> str | None:
    """The first family of a font-family list: '"Stockholm Type", Arial' -> 'Stockholm Type'."""
    words: list[str] = []
    for token in tinycss2.parse_component_value_list(value):
        if token.type == "literal" and token.value == ",":
            break
        if token.type == "string":
            return token.value.strip() or None
        if token.type == "ident":
            words.append(token.value)
    return " ".join(words) or None


def _font_name(props: dict[str, str]) -> str | None:
    """The font name ('Stockholm Type Bold Italic') of the properties in force; None without a
    family."""
    family = _first_family(props.get("font-family", ""))
    if family is None:
        return None
    weight = props.get("font-weight", "").lower()
    if weight.isdigit():  # CSS takes any number from 1 to 1000: the nearest named weight
        weight = str(min(900, max(100, round(int(weight) / 100) * 100)))
    weight = _WEIGHTS.get(weight, "")
    italic = "Italic" if props.get("font-style", "").lower() in ("italic", "oblique") else ""
    return " ".join(part for part in (family, weight, italic) if part)
