"""Text set on a path (Illustrator's type on a path, a round badge's label) is read whole, at
its size, along its path's chord: MuPDF laid its letters out at the page's top left and lost
some of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brandcheck.cli import app
from brandcheck.document import open_document

_ARC = '<path id="arc" d="M 100 250 A 200 150 0 0 1 500 250" transform="translate(0 20)"/>'


def _badge(tmp_path: Path, text: str) -> Path:
    svg = tmp_path / "badge.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="600" height="400" viewBox="0 0 600 400"><defs>{_ARC}</defs>{text}</svg>'
    )
    return svg


def _spans(tmp_path: Path, text: str) -> list[tuple[str, float, tuple[float, ...]]]:
    with open_document(_badge(tmp_path, text)) as doc:
        return [(s.text, s.size, s.bbox) for s in doc.page(0).spans()]


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ('<textPath xlink:href="#arc">Välkommen till Stockholm</textPath>', 100),
        (
            '<textPath href="#arc" startOffset="50%" text-anchor="middle">'
            "Välkommen till Stockholm</textPath>",
            None,
        ),
    ],
    ids=["from the start", "centred on the arc"],
)
def test_text_on_a_path_is_read_whole_along_its_chord(tmp_path, text, left):
    """The arc runs from (100, 270) to (500, 270) (its path moved 20 down): the label lies on
    that line, from its start, or centred on it as the browser centres it on the arc."""
    [(words, size, (x0, y0, x1, y1))] = _spans(
        tmp_path, f'<text font-size="24" font-family="Arial">{text}</text>'
    )
    assert (words, size) == ("Välkommen till Stockholm", 24.0)
    assert y0 < 270 < y1 and 100 <= x0 < x1 <= 500
    if left is not None:
        assert x0 == pytest.approx(left, abs=1)
    else:
        assert (x0 + x1) / 2 == pytest.approx(300, abs=1)


def test_text_before_and_after_a_path_keeps_its_own_place(tmp_path):
    """Text of the same <text> before the path stays where its x and y put it; the text after
    follows the label, as it follows the path's end in a browser, near enough."""
    spans = _spans(
        tmp_path,
        '<text x="30" y="40" font-size="24" font-family="Arial">Hej <textPath '
        'xlink:href="#arc">Välkommen till Stockholm</textPath> igen</text>',
    )
    [(first, _, before), (rest, _, label)] = spans
    assert first == "Hej " and before[0] == 30 and before[1] < 40 < before[3]
    assert rest == "Välkommen till Stockholm igen" and label[0] == pytest.approx(100, abs=1)
    assert label[1] < 270 < label[3]


def test_a_sender_line_set_on_an_arc_is_found(tmp_path):
    """A company's seal with "en del av Stockholms stad" round its top: MuPDF lost letters of
    it (BC401, the sender missing), and once read whole on the arc's chord, where the page's
    pixels do not show it, it was taken for hidden text."""
    seal = _badge(
        tmp_path,
        '<text font-size="28" font-family="Arial" text-anchor="middle"><textPath '
        'xlink:href="#arc" startOffset="50%">en del av Stockholms stad</textPath></text>',
    )
    args = ["check", "--profile", "stockholm-bolag", "--select", "BC401", "--ocr", "off"]
    result = CliRunner().invoke(app, [*args, "--format", "json", str(seal)])
    (file,) = json.loads(result.output)["files"]
    assert file["findings"] == []


@pytest.mark.parametrize(
    "elsewhere",
    [
        '<text font-size="28" font-family="Arial"><textPath xlink:href="#arc">Välkommen'
        "</textPath></text>",
        '<text x="40 70 100" y="120" font-size="30" font-family="Arial">Hej</text>',
    ],
    ids=["text on a path", "a position a letter"],
)
def test_a_hidden_sender_line_is_not_found_beside_text_drawn_elsewhere(tmp_path, elsewhere):
    """Text on a path or kerned by hand is read elsewhere than drawn, so it is not taken for
    hidden; the page's other text still is: a sender line white on white beside a badge's
    label counted as seen, and BC401 passed."""
    page = _badge(
        tmp_path,
        '<rect width="600" height="400" fill="#fff"/>'
        '<text x="40" y="380" font-size="20" font-family="Arial" fill="#fff">'
        f"en del av Stockholms stad</text>{elsewhere}",
    )
    args = ["check", "--profile", "stockholm-bolag", "--select", "BC401", "--ocr", "off"]
    result = CliRunner().invoke(app, [*args, "--format", "json", str(page)])
    (file,) = json.loads(result.output)["files"]
    assert [f["rule"] for f in file["findings"]] == ["BC401"]


def test_text_on_a_path_that_is_not_there_is_not_read(tmp_path):
    """A textPath whose link names no element is drawn by no browser, nor by resvg: its
    words were read where its text flows, text nobody sees judged for its font and size."""
    spans = _spans(
        tmp_path,
        '<text x="40" y="60" font-size="30" font-family="Arial">Fri '
        '<textPath href="#gone">Gammal etikett</textPath>entré</text>',
    )
    assert "".join(text for text, _size, _box in spans).split() == ["Fri", "entré"]
