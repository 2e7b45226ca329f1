"""The stand-in logo as design tools export it (clip paths, masks, symbols, dashes, stylesheets):
SVG logo files whose right template is the plain stand-in's, built by rewriting the stand-in."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STANDIN = ROOT / "reference_assets" / "stockholm" / "logo" / "standin-positive.svg"
_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
_CROWN = re.compile(r'<path d="(M 26 26 L 26 14[^"]*)" fill="#000000" stroke="none"/>')
_WORDMARK = re.compile(r'(<g fill="none" stroke="#000000" stroke-width="5".*?\n  </g>)', re.S)
_LETTER = re.compile(r'<g transform="translate\(([\d.]+) (\d+)\)">(.*?)</g>')
#: a dashed rule under the wordmark, and the same rule as the dashes' own rectangles
_RULE_DASHED = (
    '<path d="M 82 96 H 272" fill="none" stroke="#000000" stroke-width="4" '
    'stroke-dasharray="10 10"/>'
)
_RULE_EXPANDED = "".join(
    f'<rect x="{x}" y="94" width="10" height="4" fill="#000000"/>' for x in range(82, 272, 20)
)


def body() -> str:
    """The stand-in's artwork: what lies between its `<desc>` and its closing tag."""
    text = STANDIN.read_text()
    return text.split("</desc>", 1)[1].rsplit("</svg>", 1)[0]


def _svg(inner: str, attrs: str = 'width="275" height="100" viewBox="0 0 275 100"') -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{_OPEN} {attrs}>{inner}</svg>\n'


def plain() -> str:
    """The stand-in as it is (without its comments), for the reference template."""
    return _svg(body())


def plain_with_rule() -> str:
    """The stand-in with a rule of dashes drawn as rectangles: the dashed export's reference."""
    return _svg(body() + _RULE_EXPANDED)


_ARTBOARD = 'width="355" height="160" viewBox="-40 -30 355 160"'
_FRAME = 'width="275" height="160" viewBox="0 0 275 160"'
_SQUARE = 'width="300" height="300" viewBox="0 0 300 300"'
_CENTRED = f"translate(0 {1050 / 11}) scale({12 / 11})"  # 275 x 100 fitted into 300 x 300


def on_canvas(attrs: str, transform: str = "") -> Callable[[], str]:
    """The plain stand-in on another canvas (moved by ``transform``): an export's reference
    where the export's canvas is not the logo's."""
    art = f'<g transform="{transform}">{body()}</g>' if transform else body()
    return lambda: _svg(art, attrs)


def artboard_clip() -> str:
    """Illustrator with objects left on the pasteboard: the viewBox holds all the art, a clip
    path the size of the artboard keeps only the logo, crop marks and a spare swatch lie
    outside it."""
    pasteboard = (
        '<rect x="-40" y="-30" width="30" height="160" fill="#000000"/>'
        '<path d="M -20 -20 H 300 M -20 120 H 300" stroke="#000000" stroke-width="3"/>'
    )
    inner = (
        '<defs><clipPath id="clip-path"><rect width="275" height="100" fill="none"/>'
        "</clipPath></defs>"
        f'<g style="isolation:isolate"><g clip-path="url(#clip-path)">{body()}{pasteboard}'
        "</g></g>"
    )
    return _svg(inner, _ARTBOARD)


def figma_frame_clip() -> str:
    """Figma: the frame's clip on a group, its clip path defined after it, a white frame fill
    outside which a frame-sized black block (a hidden frame child) is clipped."""
    inner = (
        f'<g clip-path="url(#clip0_12_7)">{body()}'
        '<rect x="0" y="100" width="275" height="60" fill="#000000"/></g>'
        '<defs><clipPath id="clip0_12_7"><rect width="275" height="100" fill="white"/>'
        "</clipPath></defs>"
    )
    return _svg(inner, _FRAME + ' fill="none"')


def clipped_crown() -> str:
    """The crown drawn as a filled box clipped to the crown's outline (a clip on a group)."""
    match = _CROWN.search(body())
    assert match
    clipped = (
        f'<clipPath id="crown"><path d="{match.group(1)}"/></clipPath>'
        '<g clip-path="url(#crown)"><rect x="10" y="0" width="56" height="40" fill="#000000" '
        'stroke="none"/></g>'
    )
    return _svg(body().replace(match.group(0), clipped))


def masked_wordmark() -> str:
    """The wordmark as a black block shown through a mask of its letters (Figma's "use as
    mask", Illustrator's opacity mask)."""
    match = _WORDMARK.search(body())
    assert match
    letters = match.group(1).replace('stroke="#000000"', 'stroke="#FFFFFF"')
    masked = (
        f'<mask id="wordmark" maskUnits="userSpaceOnUse" x="0" y="0" width="275" height="100">'
        f'{letters}</mask><rect x="78" y="8" width="197" height="92" fill="#000000" '
        'mask="url(#wordmark)"/>'
    )
    return _svg(body().replace(match.group(0), masked))


def symbols() -> str:
    """Each letter a `<symbol>` drawn by `<use xlink:href>` (Illustrator's symbols; Inkscape
    clones are `<use>` of a group)."""
    shapes: dict[str, str] = {}
    uses = []

    def to_use(m: re.Match) -> str:
        key = shapes.setdefault(m.group(3), f"letter-{len(shapes)}")
        uses.append(key)
        return f'<use xlink:href="#{key}" transform="translate({m.group(1)} {m.group(2)})"/>'

    art = _LETTER.sub(to_use, body())
    defs = "".join(
        f'<symbol id="{key}" overflow="visible">{shape}</symbol>' for shape, key in shapes.items()
    )
    assert len(uses) > len(shapes) > 5
    return _svg(f"<defs>{defs}</defs>{art}")


def css_classes() -> str:
    """Illustrator's default "Internal CSS": classes styled in a `<style>`, fill-rule too."""
    art = body().replace('fill="#000000" stroke="none"', 'class="cls-1"')
    art = art.replace('fill-rule="evenodd"', "")
    art = re.sub(
        r'<g fill="none" stroke="#000000" stroke-width="5"[^>]*>', '<g class="cls-3">', art
    )
    art = re.sub(r'<g fill="none" stroke="#000000"[^>]*>', '<g class="cls-2">', art)
    sheet = (
        "<defs><style>.cls-1{fill:#000;stroke:none;fill-rule:evenodd}"
        ".cls-2,.cls-3{fill:none;stroke:#000;stroke-linecap:round;stroke-linejoin:round}"
        ".cls-3{stroke-width:5px}</style></defs>"
    )
    return _svg(sheet + art)


def dashed_rule() -> str:
    """A dashed stroke (a rule of dashes under the wordmark)."""
    return _svg(body() + _RULE_DASHED)


def transformed() -> str:
    """Affinity: the artwork moved and scaled by a matrix on its group, the canvas in mm, the
    presentation in the root's style."""
    inner = f'<g transform="matrix(2,0,0,2,-300,-160)">{body()}</g>'
    attrs = (
        'width="97.02mm" height="35.28mm" viewBox="-300 -160 550 200" version="1.1" '
        'style="fill-rule:evenodd;clip-rule:evenodd;stroke-linejoin:round;stroke-miterlimit:2;"'
    )
    return _svg(inner, attrs)


def letterboxed() -> str:
    """A square canvas whose viewBox is the logo's, centred by preserveAspectRatio."""
    attrs = 'width="300" height="300" viewBox="0 0 275 100" preserveAspectRatio="xMidYMid meet"'
    return _svg(body(), attrs)


def hidden_guides() -> str:
    """Inkscape with a hidden guide layer and a see-through helper box."""
    guides = (
        '<g inkscape:groupmode="layer" inkscape:label="Guides" style="display:none">'
        '<rect width="275" height="100" fill="#000000"/></g>'
        '<rect x="80" y="0" width="195" height="100" style="opacity:0;fill:#000000"/>'
    )
    inner = f'{guides}<g inkscape:groupmode="layer" inkscape:label="Logo">{body()}</g>'
    attrs = (
        'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
        'width="275" height="100" viewBox="0 0 275 100"'
    )
    return _svg(inner, attrs)


#: name -> (the export, the plain SVG its template must match)
EXPORTS = {
    "artboard clip": (artboard_clip, on_canvas(_ARTBOARD)),
    "figma frame clip": (figma_frame_clip, on_canvas(_FRAME)),
    "clip on a group": (clipped_crown, plain),
    "mask": (masked_wordmark, plain),
    "use of symbols": (symbols, plain),
    "css classes": (css_classes, plain),
    "dashed stroke": (dashed_rule, plain_with_rule),
    "transforms, mm": (transformed, plain),
    "preserveAspectRatio": (letterboxed, on_canvas(_SQUARE, _CENTRED)),
    "hidden guide layer": (hidden_guides, plain),
}


def write(folder: Path, name: str) -> tuple[Path, Path]:
    """The export ``name`` and its reference written into ``folder``: (export, reference)."""
    make, reference = EXPORTS[name]
    slug = re.sub(r"\W+", "-", name).strip("-")
    export, plain_file = folder / f"{slug}.svg", folder / f"{slug}-reference.svg"
    export.write_text(make())
    plain_file.write_text(reference())
    return export, plain_file
