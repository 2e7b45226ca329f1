"""What the logo findings say, in a designer's words: which way a logo is turned, the palette
colour it is in, and a width the report's header gives as its finding does."""

from __future__ import annotations

import io
import json
import math
import re

import pikepdf
import pymupdf
import pytest
from PIL import Image, ImageDraw, ImageFont
from test_logo import MM, POSITIVE, logo_rgba, pdf, png
from typer.testing import CliRunner
from typesetting import REGULAR

from brandcheck import synth
from brandcheck.api import check_paths
from brandcheck.cli import app
from brandcheck.pipeline import RunOptions
from brandcheck.rule_settings import RuleSettings


def messages(path, rule: str, target="print") -> list[str]:
    options = RunOptions(target=target, rules=RuleSettings.build(select=[rule]), ocr="off")
    [file] = check_paths([path], "stockholm", options).files
    return [f.message for f in file.findings if f.rule == rule]


def says(path, rule: str, pattern: str) -> None:
    """The file has one finding of ``rule``, and it says what ``pattern`` matches."""
    [message] = messages(path, rule)
    assert re.fullmatch(pattern, message), message


@pytest.mark.parametrize(("angle", "way"), [(5, "counter-clockwise"), (-5, "clockwise")])
def test_a_turned_logo_is_said_to_be_turned_clockwise_or_counter_clockwise(tmp_path, angle, way):
    # Pillow turns a positive angle counter-clockwise, as the page shows it
    [message] = messages(png(tmp_path, "turned.png", angle=angle), "BC105")
    assert re.search(rf"turned 5\.\d° {way},", message), message


def test_a_logo_in_a_palette_colour_is_said_to_be_in_it(tmp_path):
    [message] = messages(png(tmp_path, "rosa.png", colour=(229, 0, 108)), "BC106")
    assert message.startswith("The logotype is in Rosa primär (#E5006C), measured #E")
    assert "Svart (#000000), Vit (#FFFFFF)" in message
    # a colour near none of the palette's is given as it is
    [message] = messages(png(tmp_path, "slate.png", colour=(106, 90, 205)), "BC106")
    assert re.match(r"The logotype is in #[0-9A-F]{6}; allowed", message), message


def test_the_headers_logo_width_is_the_width_its_finding_gives(tmp_path):
    # the logo measures 24.7 mm: the header said "25 mm wide" over "24.7 mm; the minimum is 25"
    path = pdf(tmp_path, "near.pdf", width_mm=25.5)
    result = CliRunner().invoke(app, ["check", "--select", "logo", str(path)])
    header = re.search(r"logo on page 1: .*?, ([\d.]+) mm wide", result.output)
    finding = re.search(
        r"The logotype is ([\d.]+) mm wide(?: \([^)]*\))?; the minimum is 25 mm", result.output
    )
    assert header and finding, result.output
    assert header.group(1) == finding.group(1) and float(header.group(1)) < 25


TOO_SMALL = r"The logotype is {}; the minimum is 25 mm\. Place it larger\."
IN_25_MM_FRAME = r" \(its artwork; the placed file is 25\.0 mm wide with its margin\)"


@pytest.mark.parametrize(
    ("frame", "said"),
    [
        (25.0, rf"24\.\d mm wide{IN_25_MM_FRAME}"),
        (20.0, r"1\d mm wide"),  # a frame under the minimum too: the artwork's width alone
    ],
)
def test_a_logo_file_placed_in_a_frame_of_the_minimum_is_told_its_artwork_is_narrower(
    tmp_path, frame, said
):
    # the logo file's frame is 25.0 mm wide, its artwork inside its margin 24.x mm: a designer
    # who set the frame to 25 mm read "24 mm wide; the minimum is 25 mm" as the tool's mistake
    path = pdf(tmp_path, "framed.pdf", width_mm=frame)
    says(path, "BC102", TOO_SMALL.format(said))


def test_a_logo_picture_with_a_margin_placed_in_a_frame_of_the_minimum_is_told_so(tmp_path):
    # a PNG of the logo with a transparent margin, placed in a 25.0 mm frame
    artwork = logo_rgba(1000)
    picture = Image.new("RGBA", (artwork.width + 60, artwork.height + 30), (0, 0, 0, 0))
    picture.paste(artwork, (30, 15))
    placed = _placed_picture(tmp_path, picture, 25.0)
    says(placed, "BC102", TOO_SMALL.format(rf"2\d\.\d mm wide{IN_25_MM_FRAME}"))


def _placed_picture(tmp_path, picture: Image.Image, width_mm: float):
    """A PDF with ``picture`` (saved as a PNG) placed ``width_mm`` wide."""
    picture.save(tmp_path / "picture.png")
    doc = pymupdf.open()
    width = width_mm * MM
    height = width * picture.height / picture.width
    doc.new_page().insert_image(
        pymupdf.Rect(40, 40, 40 + width, 40 + height), filename=tmp_path / "picture.png"
    )
    doc.save(tmp_path / "placed.pdf")
    return tmp_path / "placed.pdf"


@pytest.mark.parametrize(("frame", "said"), [(24.6, r"2\d mm wide"), (25.4, r"24\.\d mm wide")])
def test_a_turned_logo_files_frame_is_measured_along_the_logo(tmp_path, frame, said):
    # a logo file turned 8°: its box on the page is wider than its frame (24.6 mm stands
    # 25.6 mm wide), which was given as the placed file's width though under the minimum
    with pymupdf.open(POSITIVE) as svg:
        logo = pymupdf.open("pdf", svg.convert_to_pdf())
    width, turn = frame * MM, math.radians(8)
    height = width * logo[0].rect.height / logo[0].rect.width
    wide = width * math.cos(turn) + height * math.sin(turn)
    high = width * math.sin(turn) + height * math.cos(turn)
    doc = pymupdf.open()
    doc.new_page().show_pdf_page(pymupdf.Rect(100, 100, 100 + wide, 100 + high), logo, 0, rotate=8)
    doc.save(tmp_path / "turned.pdf")
    if frame > 25:
        said += rf" \(its artwork; the placed file is {frame} mm wide with its margin\)"
    says(tmp_path / "turned.pdf", "BC102", TOO_SMALL.format(said))


def test_a_logo_file_cropped_by_its_frame_is_told_the_frame_it_shows(tmp_path):
    # the logo PDF (a margin of a twelfth of its width) placed 28 mm wide, its frame in the
    # layout cropped to 25.0 mm around the artwork: the designer's frame is 25.0 mm, not 28
    with pymupdf.open(POSITIVE) as svg, pikepdf.open(io.BytesIO(svg.convert_to_pdf())) as src:
        x0, y0, x1, y1 = map(float, src.pages[0].MediaBox)
        margin = (x1 - x0) / 12
        src.pages[0].MediaBox = [x0 - margin, y0 - margin, x1 + margin, y1 + margin]
        buf = io.BytesIO()
        src.save(buf)
    logo = pymupdf.open("pdf", buf.getvalue())
    doc = pymupdf.open()
    page = doc.new_page()
    placed = pymupdf.Rect(
        100, 100, 100 + 28 * MM, 100 + 28 * MM * logo[0].rect.height / logo[0].rect.width
    )
    page.show_pdf_page(placed, logo, 0)
    doc.save(tmp_path / "placed.pdf")
    with pikepdf.open(tmp_path / "placed.pdf") as pdf:
        crop = (100 + 1.5 * MM, float(pdf.pages[0].MediaBox[3]) - placed.y1, 25 * MM, placed.height)
        pdf.pages[0].contents_add(pdf.make_stream(b"q %f %f %f %f re W n\n" % crop), prepend=True)
        pdf.pages[0].contents_add(pdf.make_stream(b"\nQ\n"))
        pdf.save(tmp_path / "cropped.pdf")
    says(tmp_path / "cropped.pdf", "BC102", TOO_SMALL.format(rf"2\d\.\d mm wide{IN_25_MM_FRAME}"))


def test_a_lockup_picture_of_the_logo_and_a_partner_logo_is_not_called_its_margin(tmp_path):
    # one PNG of the logo (22 mm) and a partner's mark beside it, placed 30 mm wide: the 8 mm
    # past the logo are another logo, not the logo file's margin, so no frame is said
    artwork = logo_rgba(1000)
    lockup = Image.new("RGBA", (artwork.width + 300, artwork.height), (0, 0, 0, 0))
    lockup.paste(artwork, (0, 0))
    ImageDraw.Draw(lockup).rectangle(
        [artwork.width + 80, 0, artwork.width + 300, artwork.height], fill=(0, 0, 0, 255)
    )
    says(_placed_picture(tmp_path, lockup, 30.0), "BC102", TOO_SMALL.format(r"2\d mm wide"))


def test_the_placement_rule_cites_the_page_of_the_four_corners_it_checks(tmp_path):
    # the graphic profile places the logo "in one of the four corners"; the suppliers' page
    # says "one of the top corners", which the shipped profiles do not check
    result = CliRunner().invoke(app, ["rules", "--format", "json"])
    rules = {r["code"]: r for r in json.loads(result.stdout)}
    assert rules["BC107"]["source"] == "https://varumarkesmanual.stockholm/grafisk-profil/"
    centred = pdf(tmp_path, "centred.pdf", at_mm=(80.0, 130.0))
    # where it is and where it should be, in numbers a designer can place it by
    assert messages(centred, "BC107") == [
        "The logotype's centre is 49 % across and 47 % down the page, not in one of the four "
        "corners (the outer 33 % of its width and height); the profile places it there."
    ]


def test_a_grey_logo_is_not_said_to_be_in_black_and_the_tolerance_is_given(tmp_path):
    # a grey counts as a base colour of the palette, but a dark grey logo is not the black
    # version: "in Svart (#000000)" beside "allowed: Svart" read as a contradiction
    [message] = messages(png(tmp_path, "grey.png", colour=(51, 51, 51)), "BC106")
    assert re.match(r"The logotype is in grey #[0-9A-F]{6}; allowed logo colours are ", message)
    assert re.search(r"\(nearest Svart, ΔE00 1\d\.\d; the tolerance is 10\)\.", message), message


def test_a_stretched_or_turned_logo_is_told_the_tolerance_it_is_past(tmp_path):
    says(
        pdf(tmp_path, "wide.pdf", stretch=1.15),
        "BC104",
        r"The logotype is stretched horizontally by 1\d %, more than the 5 % allowed; scale it "
        r"proportionally \(hold Shift\) so it keeps its shape\.",
    )
    says(
        png(tmp_path, "turned.png", angle=5),
        "BC105",
        r"The logotype is turned 5\.\d° counter-clockwise, more than the 1° allowed; place it "
        r"upright\.",
    )


@pytest.mark.parametrize("width", [90, 300])
def test_a_logo_in_a_picture_without_a_dpi_is_not_judged_by_size_for_print(tmp_path, width):
    # the print minimum is in mm, which a picture without a resolution does not give: the
    # screen minimum in px (100) is not the print rule, so it neither fails nor passes there
    path = png(tmp_path, "no-dpi.png", width=width)
    options = RunOptions(rules=RuleSettings.build(select=["BC102", "BC910"]), ocr="off")
    [file] = check_paths([path], "stockholm", options).files
    [skipped] = file.findings
    assert skipped.rule == "BC910" and skipped.details["rules"] == ["BC102"]
    # said as its text's sizes are (BC303), one reason for both: no size in print
    assert skipped.message.startswith("The picture has no resolution (dpi), so it has no size")
    assert "BC102 not judged" in skipped.message and "--target digital" in skipped.message
    # it outlines the logo whose size it did not judge, in the report's page previews
    [logo] = file.pages[0].logos
    assert skipped.bbox == logo.bbox and skipped.boxes == [logo.bbox]
    assert skipped.box_pages == [0]
    # on screen the px minimum is the rule
    found = messages(path, "BC102", target="digital")
    assert bool(found) is (width < 100)


def test_a_picture_without_a_dpi_outlines_its_logo_and_its_text_in_one_finding(tmp_path):
    # the logo's size (BC102) and its text's (BC303) are not judged for one reason: one BC910,
    # with both where they are
    path = png(tmp_path, "poster.png")
    with Image.open(path) as picture:
        font = ImageFont.truetype(str(synth.find_font(REGULAR)), 48)
        ImageDraw.Draw(picture).text((60, 600), "Sommarlov i Stockholm", font=font, fill=0)
        picture.save(path)
    options = RunOptions(rules=RuleSettings.build(select=["BC102", "BC303", "BC910"]))
    [file] = check_paths([path], "stockholm", options).files
    [skipped] = file.findings
    assert skipped.rule == "BC910" and skipped.details["rules"] == ["BC102", "BC303"]
    [logo] = file.pages[0].logos
    assert logo.bbox in skipped.boxes and skipped.bbox == skipped.boxes[0]
    [text] = [box for box in skipped.boxes if box != logo.bbox]
    assert 580 < text[1] < text[3] < 700, text  # the line of text, below the logo
    assert skipped.box_pages == [0, 0]


def _posed(monkeypatch, **pose):
    """Every logo found measured with ``pose`` (aspect, angle): a value at its limit's edge."""
    from brandcheck.checks import logo

    found = logo._hit
    monkeypatch.setattr(logo, "_hit", lambda *a: found(*a).model_copy(update=pose))


@pytest.mark.parametrize(
    ("aspect", "said"),
    [
        (1.054, "stretched horizontally by 5.4 %"),  # was "by 5 %, more than the 5 % allowed"
        (0.949, "squashed horizontally by 5.1 %"),
        (1.15, "stretched horizontally by 15 %"),
        (1.05, None),  # at the limit: allowed (1.05 - 1 is a hair over 0.05 in floats)
        (0.95, None),
    ],
)
def test_a_distortion_past_the_tolerance_never_reads_as_the_tolerance(
    tmp_path, monkeypatch, aspect, said
):
    _posed(monkeypatch, aspect=aspect)
    found = messages(pdf(tmp_path, "logo.pdf"), "BC104")
    if said is None:
        assert found == []
    else:
        assert found and found[0].startswith(f"The logotype is {said}, more than the 5 % allowed")


@pytest.mark.parametrize(
    ("angle", "said"),
    [(-1.03, "1.03° clockwise"), (1.2, "1.2° counter-clockwise"), (-5.04, "5.0° clockwise")],
)
def test_a_turn_past_the_tolerance_never_reads_as_the_tolerance(tmp_path, monkeypatch, angle, said):
    _posed(monkeypatch, angle=angle)  # -1.03 read "turned 1.0° clockwise, more than the 1°"
    [message] = messages(pdf(tmp_path, "logo.pdf"), "BC105")
    assert message.startswith(f"The logotype is turned {said}, more than the 1° allowed")


@pytest.mark.parametrize(
    ("left_mm", "across"),
    [
        (47.6, "33.2 % across"),  # its centre at 33.16 % of the width: was "33 % across"
        (118.5, "66.9 % across"),  # at 66.9 %, left of the right-hand corners: was "67 %"
    ],
)
def test_a_logo_just_outside_the_corners_is_never_said_to_be_at_their_edge(
    tmp_path, left_mm, across
):
    [message] = messages(pdf(tmp_path, "near.pdf", at_mm=(left_mm, 15.0)), "BC107")
    assert message.startswith(f"The logotype's centre is {across} and 8 % down the page"), message
