"""An SVG's `<switch>`, links (`<a>`) and conditional attributes read as resvg draws them:
Illustrator's export with its editing data puts the whole artwork in a `<switch>`, and a
hyperlink wraps a group or words in an `<a>`, which MuPDF drew none of, so their text was never
judged for its font (BC301) or size (BC303)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from brandcheck.api import check_paths
from brandcheck.cli import app
from brandcheck.pipeline import RunOptions
from brandcheck.rule_settings import RuleSettings

FONT_RULES = RunOptions(rules=RuleSettings.build(select=["font"]), ocr="off")

#: Illustrator's "Preserve Illustrator Editing Capabilities" export, its PGF data cut short
ILLUSTRATOR = """<?xml version="1.0" encoding="utf-8"?>
<!-- Generator: Adobe Illustrator 27.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->
<svg version="1.1" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:i="http://ns.adobe.com/AdobeIllustrator/10.0/" x="0px" y="0px" width="600px"
 height="400px" viewBox="0 0 600 400" style="enable-background:new 0 0 600 400;"
 xml:space="preserve">
<style type="text/css">
    .st0{fill:#FFFFFF;}
    .st1{font-family:'StockholmType-Bold';}
    .st2{font-size:24px;}
    .st3{font-family:'ComicSansMS';}
    .st4{font-size:5px;}
</style>
<switch>
    <foreignObject requiredExtensions="http://ns.adobe.com/AdobeIllustrator/10.0/" x="0" y="0"
     width="1" height="1">
        <i:aipgfRef  xlink:href="#adobe_illustrator_pgf"></i:aipgfRef>
    </foreignObject>
    <g i:extraneous="self">
        <rect class="st0" width="600" height="400"/>
        <text transform="matrix(1 0 0 1 40 80)" class="st1 st2">Rubrik</text>
        <text transform="matrix(1 0 0 1 40 300)" class="st3 st4">Fine print</text>
    </g>
</switch>
<i:pgf  id="adobe_illustrator_pgf">
    <![CDATA[
    eJzsvWmTHDlyIPr9mc1/yPnQZo3ZzW8GUE2oRibRBHBz5BV6Tsn/7x+X+Y0+/pYi3GvL3pUMeHD1
    ]]>
</i:pgf>
</svg>
"""


def _rules(tmp_path: Path, text: str) -> set[str]:
    path = tmp_path / "export.svg"
    path.write_text(text)
    [file] = check_paths([path], "stockholm", FONT_RULES).files
    assert file.status != "error", file.findings
    assert path.read_text() == text  # the file itself is left as it was
    return {f.rule for f in file.findings}


def test_an_illustrator_export_with_editing_data_has_its_text_judged(tmp_path):
    assert {"BC301", "BC303"} <= _rules(tmp_path, ILLUSTRATOR)


def test_the_cli_reads_the_text_of_an_illustrator_switch(tmp_path):
    path = tmp_path / "export.svg"
    path.write_text(ILLUSTRATOR)
    args = ["check", "--profile", "stockholm", "--select", "font", "--ocr", "off", str(path)]
    result = CliRunner().invoke(app, args)
    assert "Comic Sans MS" in result.output and "5 pt" in result.output, result.output


_PAGE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="400" viewBox="0 0 600 400">'
    '<rect width="600" height="400" fill="white"/>{}</svg>\n'
)
BAD = '<text x="40" y="300" font-family="Comic Sans MS" font-size="5" {}>Fine print</text>'
GOOD = '<text x="40" y="80" font-family="Stockholm Type" font-size="24" {}>Rubrik</text>'


SV, NONE = 'systemLanguage="sv"', ""


def _switch(*children: str) -> str:
    return f"<switch>{''.join(children)}</switch>"


@pytest.mark.parametrize(
    ("inner", "judged"),
    [
        # the first child whose conditions pass is drawn: a language resvg is not given fails
        (_switch(GOOD.format(SV), BAD.format(NONE)), True),
        (_switch(BAD.format(SV), GOOD.format(NONE)), False),
        (_switch("<title>t</title>", BAD.format(NONE), GOOD.format(NONE)), True),
        # resvg passes over what its tree does not hold, not only <title> and <foreignObject>
        (_switch("<script>void 0</script>", BAD.format(NONE), GOOD.format(NONE)), True),
        (_switch("<style>rect { fill: red }</style>", BAD.format(NONE)), True),
        (_switch("<flowRoot/>", BAD.format(NONE), GOOD.format(NONE)), True),
        # what its tree holds is a choice, though it draws nothing there
        (_switch('<linearGradient id="g"/>', BAD.format(NONE)), False),
        # outside a <switch> a failing condition hides the element too
        (GOOD.format(NONE) + BAD.format('requiredExtensions="http://example.com/x"'), False),
        (GOOD.format(NONE) + BAD.format('requiredFeatures=""'), False),
        (
            GOOD.format(NONE)
            + BAD.format('requiredFeatures="http://www.w3.org/TR/SVG11/feature#Text"'),
            True,
        ),
    ],
)
def test_only_what_resvg_draws_of_a_switch_is_judged(tmp_path, inner, judged):
    rules = _rules(tmp_path, _PAGE.format(inner))
    assert ({"BC301", "BC303"} <= rules) is judged
    assert bool(rules & {"BC301", "BC303"}) is judged


@pytest.mark.parametrize(
    "inner",
    [
        # a design tool's hyperlink on a group, and on words of a line
        f'<a xlink:href="https://example.com"><g>{BAD.format(NONE)}</g></a>',
        '<text x="40" y="300" font-family="Stockholm Type" font-size="24">Read more on '
        '<a href="https://example.com" font-family="Comic Sans MS" font-size="5">our site</a>'
        "</text>",
        # a stylesheet's rule for links sets their font
        '<style>a { font-family: "Comic Sans MS"; font-size: 5px }</style>'
        '<text x="40" y="300" font-family="Stockholm Type" font-size="24">Read more on '
        '<a href="https://example.com">our site</a></text>',
    ],
)
def test_text_in_a_link_is_judged(tmp_path, inner):
    page = _PAGE.replace('xmlns="http://www.w3.org/2000/svg"', _XLINK)
    assert {"BC301", "BC303"} <= _rules(tmp_path, page.format(GOOD.format(NONE) + inner))


_XLINK = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


def test_the_words_of_a_link_in_a_line_are_read(tmp_path):
    """MuPDF read "Read more on  now": a link's words were not in the text layer."""
    from brandcheck.document import open_document

    path = tmp_path / "link.svg"
    path.write_text(
        _PAGE.format(
            '<text x="40" y="80" font-family="Arial" font-size="12">Read more on '
            '<a href="https://example.com" font-family="Comic Sans MS">our site</a> now</text>'
        )
    )
    document = open_document(path)
    try:
        spans = document.page(0).spans()
    finally:
        document.close()
    assert " ".join(" ".join(s.text.split()) for s in spans) == "Read more on our site now"
    assert {s.asked_font for s in spans} == {"Arial", "Comic Sans MS"}


@pytest.mark.parametrize("tag", ["a", "switch"])
def test_links_nested_thousands_deep_are_an_error_in_plain_words(tmp_path, tag):
    """Written again for MuPDF (its links made groups), such a file stopped Python's writer:
    the error said "maximum recursion depth exceeded"."""
    path = tmp_path / "deep.svg"
    path.write_text(_PAGE.format(f"<{tag}>" * 3000 + GOOD.format(NONE) + f"</{tag}>" * 3000))
    [file] = check_paths([path], "stockholm", FONT_RULES).files
    assert file.status == "error"
    assert "nests its elements some 1,000 levels deep or more" in file.error, file.error
