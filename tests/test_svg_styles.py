"""SVG files styled through a stylesheet (Illustrator's "Internal CSS" export), as logo files and
as documents: MuPDF ignores `<style>`, so its rules are written into each element first."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pymupdf
import pytest
from typer.testing import CliRunner

from brandcheck.cli import app
from brandcheck.document import open_document
from brandcheck.svg_styles import for_mupdf

ROOT = Path(__file__).resolve().parents[1]
STANDIN = ROOT / "reference_assets" / "stockholm" / "logo" / "standin-positive.svg"
SAMPLES = ROOT / "samples" / "stad"
CSS = (
    "<defs><style>.cls-1{fill:none;stroke:#000;stroke-linecap:round;stroke-linejoin:round}"
    ".cls-2{fill:none;stroke:#000;stroke-width:5px;stroke-linecap:round;stroke-linejoin:round}"
    ".cls-3{fill:#000;stroke:none}@media print{.cls-3{fill:red}}</style></defs>"
)


def _css_standin(tmp_path: Path) -> Path:
    """The stand-in logo restyled as Illustrator writes it: classes and a stylesheet."""
    svg = STANDIN.read_text()
    styled = re.sub(
        r'<g fill="none" stroke="#000000" stroke-width="5"[^>]*>', '<g class="cls-2">', svg
    )
    styled = re.sub(r'<g fill="none" stroke="#000000"[^>]*>', '<g class="cls-1">', styled)
    styled = styled.replace('fill="#000000" stroke="none"', 'class="cls-3"')
    styled = styled.replace("<title>", CSS + "<title>", 1)
    assert styled.count("class=") >= 3 and "stroke=" not in styled.split("</defs>")[1][:2000]
    path = tmp_path / "official-css.svg"
    path.write_text(styled)
    return path


def test_a_logo_file_styled_by_a_stylesheet_is_drawn_as_styled_and_found(tmp_path: Path):
    logo = _css_standin(tmp_path)
    pages = [SAMPLES / "compliant-poster.pdf", SAMPLES / "compliant-banner.png"]
    args = ["check", "--logo", str(logo), "--select", "logo", "--ocr", "off", "--format", "json"]
    result = CliRunner().invoke(app, [*args, *map(str, pages)])
    assert result.exit_code == 0, result.output
    for file in json.loads(result.output)["files"]:
        (logo_found,) = [hit for page in file["pages"] for hit in page["logos"]]
        assert logo_found["score"] > 0.9


def test_an_svg_document_styled_by_a_stylesheet_is_checked_as_it_looks(tmp_path: Path):
    poster = tmp_path / "poster.svg"
    poster.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="800" viewBox="0 0 600 800">'
        "<style>.bg { fill: #00FF00 } rect.frame { fill: #E5006C }</style>"
        '<rect class="frame" x="0" y="0" width="600" height="800"/>'
        '<rect class="bg" x="100" y="100" width="400" height="400"/></svg>'
    )
    args = ["check", "--select", "BC201", "--ocr", "off", "--format", "json", str(poster)]
    result = CliRunner().invoke(app, args)
    (file,) = json.loads(result.output)["files"]
    assert [f["measured"] for f in file["findings"]] == ["#00FF00"]  # black without the sheet
    assert {c["hex"] for c in file["pages"][0]["colours"]} == {"#00FF00", "#E5006C"}
    assert "<style>" in poster.read_text()  # the file itself is not changed


@pytest.mark.parametrize(
    ("sheet", "attributes"),
    [
        (".a{fill:#FF0000} #b{fill:#00FF00}", 'class="a" id="b"'),  # id over class
        ("rect{fill:#FF0000} .a{fill:#00FF00}", 'class="a"'),  # class over type
        (".a{fill:#FF0000} .c{fill:#00FF00}", 'class="a c"'),  # later rule of the same weight
        (".a{fill:#FF0000}", 'class="a" style="fill:#00FF00"'),  # own style over the sheet
        (".a{fill:#00FF00 !important}", 'class="a" style="fill:#FF0000"'),  # !important wins
        (".a::before{fill:#FF0000} .a{fill:#00FF00}", 'class="a"'),  # no pseudo-elements
        (".a{fill:#FF0000;fill:#00FF00}", 'class="a"'),  # the last of one rule
        ("/* x */ @media print{.a{fill:#FF0000}} .a{fill:#00FF00}", 'class="a"'),
    ],
)
def test_the_css_cascade_decides_what_mupdf_draws(sheet: str, attributes: str):
    """MuPDF draws the first declaration of a property in a style attribute, CSS the winner:
    every case here is green in a browser and must be green as checked."""
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><style>{sheet}</style>'
        f'<rect {attributes} width="40" height="40"/></svg>'
    ).encode()
    styled = for_mupdf(svg)
    assert styled is not None
    with pymupdf.open(stream=styled, filetype="svg") as doc:
        assert doc[0].get_pixmap().pixel(20, 20) == (0, 255, 0)


def test_what_cannot_be_parsed_is_left_to_mupdf_as_it_is():
    assert for_mupdf(b'<svg xmlns="http://www.w3.org/2000/svg"/>') is None
    assert for_mupdf(b"<svg><style>.a{fill:red}</style><rect class='a'") is None
    unknown = b'<?xml version="1.0" encoding="x-mac-roman"?><svg><style>.a{}</style></svg>'
    assert for_mupdf(unknown) is None
    entities = [b'<!ENTITY e0 "aaaaaaaaaa">']
    entities += [b'<!ENTITY e%d "%s">' % (i, b"&e%d;" % (i - 1) * 10) for i in range(1, 9)]
    bomb = b"<!DOCTYPE svg [%s]><svg><style>.a{}</style><text>&e8;</text></svg>" % b"".join(
        entities
    )
    assert for_mupdf(bomb) is None  # expat refuses the expansion


BANNER = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="300">'
    "<style>.brand { font-family: 'Stockholm Type', Arial, sans-serif; font-weight: 700 }</style>"
    '<text x="40" y="80" class="brand" font-size="48">Sortera rätt i sommar!</text>'
    '<g font-family="Comic Sans MS">'
    '<text x="40" y="160" font-size="30">Lekfull text <tspan font-family="Arial">i Arial'
    "</tspan> och mer Comic</text>"
    '<text x="40" y="220" font-size="12" style="font: italic 700 12px \'Comic Sans MS\', serif">'
    "Liten lekfull text</text></g></svg>"
)


def _check_svg(tmp_path: Path, profile: str) -> dict:
    banner = tmp_path / "banner.svg"
    banner.write_text(BANNER)
    select = "BC301,BC303,BC304"
    args = ["check", "--profile", profile, "--target", "digital", "--select", select]
    result = CliRunner().invoke(app, [*args, "--ocr", "off", "--format", "json", str(banner)])
    (file,) = json.loads(result.output)["files"]
    return file


def test_an_svg_is_judged_by_the_font_family_it_asks_for_not_mupdfs_substitute(tmp_path):
    """MuPDF draws every family it lacks in Times: the SVG's own font-family (attribute,
    inherited, style shorthand or stylesheet; the first of a list) is what is judged."""
    file = _check_svg(tmp_path, "stockholm")
    findings = {f["rule"]: f for f in file["findings"]}
    assert set(findings) == {"BC301", "BC303"}
    assert findings["BC301"]["measured"] == "Comic Sans MS"
    assert sorted(findings["BC301"]["details"]["fonts"]) == [
        "Comic Sans MS",
        "Comic Sans MS Bold Italic",
    ]
    assert findings["BC303"]["measured"] == 12.0  # sizes as MuPDF reads them, as before
    families = {f["family"] for f in file["pages"][0]["fonts"]}
    assert families == {"Stockholm Type", "Comic Sans MS", "Arial"}
    bolag = _check_svg(tmp_path, "stockholm-bolag")
    assert sorted(f["rule"] for f in bolag["findings"]) == ["BC303", "BC304"]
    (reserved,) = [f for f in bolag["findings"] if f["rule"] == "BC304"]
    assert reserved["measured"] == "Stockholm Type" and "Stockholm Type Bold" in reserved["message"]


MIXED_LINE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200" viewBox="0 0 600 200">'
    '<text x="20" y="80" font-family="Stockholm Type" font-size="30">Välkommen till '
    '<tspan font-family="Comic Sans MS">vår utställning</tspan></text></svg>'
)


def test_a_family_changed_in_the_middle_of_a_line_is_judged_too(tmp_path: Path):
    """MuPDF draws both families in Times, one size and colour, as ONE span: each part of it
    is judged by the family it asks for, placed by MuPDF's own character boxes."""
    line = tmp_path / "mixed.svg"
    line.write_text(MIXED_LINE)
    findings = {}
    for profile in ("stockholm", "stockholm-bolag"):
        args = ["check", "--profile", profile, "--target", "digital", "--ocr", "off"]
        args += ["--select", "BC301,BC303,BC304", "--format", "json", str(line)]
        (file,) = json.loads(CliRunner().invoke(app, args).output)["files"]
        findings[profile] = {f["rule"]: f["measured"] for f in file["findings"]}
    assert findings == {
        "stockholm": {"BC301": "Comic Sans MS"},
        "stockholm-bolag": {"BC304": "Stockholm Type"},
    }
    with open_document(line) as doc:
        first, second = doc.page(0).spans()
    assert (first.text, first.asked_font) == ("Välkommen till ", "Stockholm Type")
    assert (second.text, second.asked_font) == ("vår utställning", "Comic Sans MS")
    assert first.size == second.size == 30.0 and first.font == second.font
    assert first.bbox[0] == 20.0 and first.bbox[2] <= second.bbox[0] < second.bbox[2]
    assert second.origin == (second.bbox[0], 80.0)


SHORTHANDS = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300" viewBox="0 0 600 300">'
    "<style>.fine { font: italic 5px/1.4 'Comic Sans MS', serif }</style>"
    '<text x="20" y="60" style="font: bold 5px Arial">Anmälan senast 3 maj</text>'
    '<text x="20" y="120" class="fine">Läs mer på webben</text>'
    '<text x="20" y="180" style="font: 5px Arial; font-size: 20px">Stor rubrik</text>'
    '<text x="20" y="240" style="font: caption" font-size="20" font-family="Arial">Text</text>'
    "</svg>"
)


def test_font_shorthands_are_drawn_at_the_size_and_family_they_ask_for(tmp_path: Path):
    """MuPDF ignores the `font` shorthand (it drew 'font: 5px Arial' at 16 in Times, so 5-px
    small print passed BC303): it gets the longhands, in a style attribute or a sheet, the
    longhand after it still wins, and an invalid one ('caption') is dropped as CSS does."""
    svg = tmp_path / "shorthands.svg"
    svg.write_text(SHORTHANDS)
    with open_document(svg) as doc:
        spans = {s.text: (s.size, s.asked_font) for s in doc.page(0).spans()}
    assert spans == {
        "Anmälan senast 3 maj": (5.0, "Arial Bold"),
        "Läs mer på webben": (5.0, "Comic Sans MS Italic"),
        "Stor rubrik": (20.0, "Arial"),
        "Text": (20.0, "Arial"),
    }
    args = ["check", "--target", "digital", "--select", "BC301,BC303", "--ocr", "off"]
    result = CliRunner().invoke(app, [*args, "--format", "json", str(svg)])
    (file,) = json.loads(result.output)["files"]
    measured = sorted((f["rule"], f["measured"]) for f in file["findings"])
    assert measured == [("BC301", "Comic Sans MS"), ("BC303", 5.0)]


GUIDES = (  # an Inkscape layer of guides, switched off, as a brand office leaves it in the file
    '<g id="guides" style="display:none"><rect x="0" y="0" width="275" height="100" '
    'fill="#000000"/></g><g visibility="hidden"><circle cx="200" cy="50" r="40"/></g>'
)


def test_a_logo_files_hidden_layers_are_not_drawn_into_its_template(tmp_path: Path):
    """MuPDF draws `display: none` and hidden `visibility` anyway: a logo file with its guide
    layer switched off made a template of a black box, and no logo was found (BC101)."""
    logo = tmp_path / "official-with-guides.svg"
    logo.write_text(STANDIN.read_text().replace("<title>", GUIDES + "<title>", 1))
    args = ["check", "--logo", str(logo), "--select", "logo", "--ocr", "off", "--format", "json"]
    result = CliRunner().invoke(app, [*args, str(SAMPLES / "compliant-poster.pdf")])
    assert result.exit_code == 0, result.output
    (file,) = json.loads(result.output)["files"]
    (found,) = file["pages"][0]["logos"]
    assert found["score"] > 0.9


def test_an_svg_is_drawn_with_the_properties_mupdf_reads_only_as_attributes(tmp_path: Path):
    """Opacity and fill-rule in a class or a style attribute, and a hidden text layer: the
    cut-out of an even-odd shape stays white, a see-through box does not show, and the hidden
    Comic Sans line is neither drawn nor judged."""
    svg = tmp_path / "poster.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">'
        "<style>.ring { fill-rule: evenodd; fill: #000 } .ghost { opacity: 0 }</style>"
        '<path class="ring" d="M20 20 H180 V180 H20 Z M60 60 H140 V140 H60 Z"/>'
        '<rect x="220" y="20" width="160" height="160" fill="#000" style="opacity:0"/>'
        '<g style="display:none"><text x="20" y="250" font-family="Comic Sans MS" '
        'font-size="20">Utkast</text></g>'
        '<text x="20" y="280" font-family="Arial" font-size="20">Välkommen</text></svg>'
    )
    with open_document(svg) as doc:
        page = doc.page(0)
        raster, scale = page.raster(), page.raster_scale
        assert [s.text for s in page.spans()] == ["Välkommen"]
    at = lambda x, y: raster[int(y * scale), int(x * scale)].tolist()  # noqa: E731
    assert at(40, 40) == [0, 0, 0] and at(100, 100) == [255, 255, 255]  # the ring's hole
    assert at(300, 100) == [255, 255, 255]  # the see-through box
    args = ["check", "--select", "BC301", "--ocr", "off", "--format", "json", str(svg)]
    (file,) = json.loads(CliRunner().invoke(app, args).output)["files"]
    assert file["findings"] == []
