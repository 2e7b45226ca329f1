"""The logo's clear space (BC103) and background (BC109) where the page, the trim or other
content comes close: real files built here, checked through the public API."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from test_logo import logo_rgba, noise_background

from brandcheck.api import check_paths
from brandcheck.pipeline import RunOptions
from brandcheck.previews import SEVERITY_RGB, render_previews
from brandcheck.profile import shipped_profiles
from brandcheck.rule_settings import RuleSettings
from brandcheck.synth import find_font, place_logo
from tests.helpers.typesetting import scan_pdf

POSITIVE = shipped_profiles()["stockholm"] / "logo" / "standin-positive.svg"
NEGATIVE = POSITIVE.with_name("standin-negative.svg")
MM = 72 / 25.4
SLUG, BLEED = 13.0, 3.0  # mm around the trim of an A4 exported with bleed and crop marks


def logo_findings(path: Path, *, target="print", select=("logo",)):
    options = RunOptions(target=target, rules=RuleSettings.build(select=select), ocr="off")
    [file] = check_paths([path], "stockholm", options).files
    assert file.status != "error", file.error
    return file


def bleed_export(
    tmp: Path,
    name: str,
    logo_mm: tuple[float, float],
    *,
    marks=True,
    trimbox=True,
    width_mm=45.0,
    ticket=False,
) -> Path:
    """An A4 page exported as InDesign does with bleed: the MediaBox is the trim and a 13 mm
    slug a side, the TrimBox and BleedBox are set, a pale band bleeds off the top edge, crop
    marks stand in the slug and a job note beside the logo, maybe a job ticket's bar code above it;
    the logo (``width_mm`` wide) is ``logo_mm`` from the trim's top-left corner."""
    doc = pymupdf.open()
    side = 2 * SLUG * MM
    page = doc.new_page(width=210 * MM + side, height=297 * MM + side)
    o = SLUG * MM

    def at(x0, y0, x1, y1):  # mm from the trim's top-left corner
        return pymupdf.Rect(o + x0 * MM, o + y0 * MM, o + x1 * MM, o + y1 * MM)

    band = at(-BLEED, -BLEED, 210 + BLEED, 80)
    page.draw_rect(band, color=None, fill=(0.88, 0.95, 0.94))  # Ljusgrön 2, bled off the top
    x, y = logo_mm
    place_logo(page, POSITIVE, at(x, y, x + width_mm, y + width_mm / 2.75))
    if ticket:  # a job ticket's bar code placed as a picture in the slug, above the logo
        bars = np.random.default_rng(1).integers(0, 2, (1, 120), dtype=np.uint8) * 255
        stream = io.BytesIO()
        Image.fromarray(bars).resize((600, 60), Image.Resampling.NEAREST).save(stream, "PNG")
        page.insert_image(
            at(x, -9.5, x + 60, -3.5), stream=stream.getvalue(), keep_proportion=False
        )
    page.insert_text((o + 20 * MM, o + 150 * MM), "Höstlov på biblioteket", fontsize=30)
    if marks:
        for cx in (0, 210):
            for cy in (0, 297):
                sx, sy = (-1 if cx == 0 else 1), (-1 if cy == 0 else 1)
                x0, y0 = o + cx * MM, o + cy * MM
                page.draw_line((x0, y0 + sy * 3 * MM), (x0, y0 + sy * 11 * MM), width=0.25)
                page.draw_line((x0 + sx * 3 * MM, y0), (x0 + sx * 11 * MM, y0), width=0.25)
        note = (o + x * MM, o - 4 * MM)  # the slug's job note, just above the logo
        page.insert_text(note, "poster-A4.indd  2024-10-01  12:00", fontsize=6)
    if trimbox:
        h = page.rect.height
        trim, bleed = at(0, 0, 210, 297), at(-BLEED, -BLEED, 210 + BLEED, 297 + BLEED)
        for key, r in (("TrimBox", trim), ("BleedBox", bleed)):
            doc.xref_set_key(page.xref, key, f"[{r.x0} {h - r.y1} {r.x1} {h - r.y0}]")
    path = tmp / name
    doc.save(path)
    return path


@pytest.mark.parametrize("marks", [True, False])
def test_the_clear_space_runs_to_the_trim_of_an_export_with_bleed(tmp_path, marks):
    # 2 mm from the trim (the clear space is 4 mm) and 15 mm from the MediaBox's edge: the trim
    # edge is in the clear space, and the crop marks and the slug's note are not the design
    near = bleed_export(tmp_path, "near.pdf", (2, 2), marks=marks)
    [finding] = [f for f in logo_findings(near).findings if f.rule == "BC103"]
    assert finding.measured == ["the top and left edges of the trim"]
    assert "trim" in finding.message and "graphic" not in finding.message
    assert finding.details["edges"] == ["top", "left"]


def test_crop_marks_and_a_slug_note_are_not_in_the_clear_space_of_a_logo_inside_the_trim(
    tmp_path,
):
    inside = bleed_export(tmp_path, "inside.pdf", (12, 12))
    assert "BC103" not in {f.rule for f in logo_findings(inside).findings}
    # without a TrimBox the page is the design: the same logo 12 mm from the crop marks' corner
    # is 25 mm from the page's edge
    plain = bleed_export(tmp_path, "plain.pdf", (12, 12), trimbox=False)
    assert "BC103" not in {f.rule for f in logo_findings(plain).findings}


def test_the_logos_corner_is_the_trims_not_the_slugs(tmp_path):
    # the logo's centre 143 mm from the trim's left (68 % across the finished A4, in its top
    # right corner area) is 66 % across the MediaBox with its 13 mm slugs: reported as "66 %
    # across the page, not in one of the four corners", in the MediaBox's figures
    corner = bleed_export(tmp_path, "corner.pdf", (120.5, 10))
    options = RunOptions(rules=RuleSettings.build(select=["logo.placement"]), ocr="off")
    [file] = check_paths([corner], "stockholm", options).files
    assert len(file.pages[0].logos) == 1
    assert "BC107" not in {f.rule for f in file.findings}
    # 80 mm down the trim is 27 % of it (29 % of the MediaBox): as the designer measures it
    middle = bleed_export(tmp_path, "middle.pdf", (82.5, 71.8))
    [file] = check_paths([middle], "stockholm", options).files
    [finding] = [f for f in file.findings if f.rule == "BC107"]
    assert "50 % across and 27 % down" in finding.message
    # across the trim's top edge, its centre 1.6 mm above it: at the top, not "-1 % down"
    across = bleed_export(tmp_path, "across.pdf", (87.5, -8), width_mm=35)
    [file] = check_paths([across], "stockholm", options).files
    [finding] = [f for f in file.findings if f.rule == "BC107"]
    assert "50 % across and 0 % down" in finding.message


@pytest.mark.parametrize(
    ("ground", "low"),
    [
        ((0, 153 / 255, 145 / 255), False),  # Grön primär in RGB, #009991: 3.4:1
        ((0.94, 0, 0.5, 0), False),  # its CMYK 94/0/50/0, shown #00AC9C: read 2.8:1
        ((0.38, 0, 0.2, 0), True),  # Ljusgrön 1's CMYK: too pale for the white logo
    ],
)
def test_the_white_logo_on_a_palette_colour_in_cmyk_has_its_contrast_as_in_rgb(
    tmp_path, ground, low
):
    # BC203 takes a palette colour set in CMYK as the manual states it, in RGB; BC109 took it
    # as the renderer shows it, so the white logo on the city's green failed in a print export
    doc = pymupdf.open()
    page = doc.new_page()
    page.draw_rect(pymupdf.Rect(0, 0, page.rect.width, 220), color=None, fill=ground)
    w = 45 * MM
    place_logo(page, NEGATIVE, pymupdf.Rect(40, 40, 40 + w, 40 + w / 2.75))
    path = tmp_path / "white-logo.pdf"
    doc.save(path)
    file = logo_findings(path, select=("BC109",))
    [logo] = file.pages[0].logos
    assert logo.variant == "negative"
    assert ("BC109" in {f.rule for f in file.findings}) is low


@pytest.mark.parametrize(("top_mm", "on_piece"), [(-12.0, False), (-5.0, True)])
def test_a_logo_wholly_in_the_slug_is_cut_off_the_piece(tmp_path, top_mm, on_piece):
    # a logo set in the slug above the trim (a job sheet's, or left on the pasteboard) is cut
    # off: it stood for the logo the piece must carry (no BC101) and, under stockholm-bolag,
    # was reported as the forbidden city logo; one crossing the trim is on the piece
    path = bleed_export(tmp_path, "slug.pdf", (100, top_mm), marks=False, width_mm=30)
    options = RunOptions(rules=RuleSettings.build(select=["logo"]), ocr="off")
    [file] = check_paths([path], "stockholm", options).files
    assert len(file.pages[0].logos) == int(on_piece)
    assert ("BC101" in {f.rule for f in file.findings}) is not on_piece
    [bolag] = check_paths([path], "stockholm-bolag", options).files
    assert ("BC108" in {f.rule for f in bolag.findings}) is on_piece


def white_page_logo_at_edge(tmp: Path, name: str, width_mm: float, gap_mm: float) -> Path:
    """A white A4 page with only the logo, ``gap_mm`` from its top-left corner, and a line of
    text far from it."""
    doc = pymupdf.open()
    page = doc.new_page()
    g, w = gap_mm * MM, width_mm * MM
    place_logo(page, POSITIVE, pymupdf.Rect(g, g, g + w, g + w / 2.75))
    page.insert_text((60, 600), "Ett evenemang i Stockholm", fontsize=14)
    path = tmp / name
    doc.save(path)
    return path


@pytest.mark.parametrize("width_mm", [45, 60, 80])
def test_a_logo_at_the_page_edge_on_white_is_close_to_the_edge_not_on_a_busy_background(
    tmp_path, width_mm
):
    # the ring its background is measured in runs off the page: filled with a mirror image of
    # the page, it held the logo's own mirror image, "busy (0.94)" on plain white
    path = white_page_logo_at_edge(tmp_path, "edge.pdf", width_mm, 2)
    assert {f.rule for f in logo_findings(path).findings} == {"BC103"}


def picture(tmp: Path, name: str, at: tuple[int, int], background=None) -> Path:
    """A 1080×1080 social picture with the logo 300 px wide at ``at``."""
    canvas = Image.new("RGB", (1080, 1080), (255, 255, 255))
    if background is not None:
        canvas = Image.fromarray(background)
    logo = logo_rgba(300)
    canvas.paste(logo, at, logo)
    path = tmp / name
    canvas.save(path)
    return path


def test_a_logo_at_the_edge_of_a_picture_is_judged_on_the_picture_around_it(tmp_path):
    at_edge = picture(tmp_path, "edge.png", (6, 6))
    assert {f.rule for f in logo_findings(at_edge, target="digital").findings} == {"BC103"}
    on_noise = picture(tmp_path, "noise.png", (6, 6), noise_background((1080, 1080)))
    assert "BC109" in {f.rule for f in logo_findings(on_noise, target="digital").findings}


def test_the_slug_beyond_the_trim_is_not_the_logos_background(tmp_path):
    # a job ticket's bar code in the slug, in the part of the logo's ring beyond the trim:
    # the background the logo is seen on is the pale band inside the trim
    path = bleed_export(tmp_path, "ticket.pdf", (1, 1), width_mm=80, ticket=True)
    assert {f.rule for f in logo_findings(path).findings} == {"BC103"}


def headline_under_logo(tmp: Path, name: str, gap_px: int) -> Path:
    """A 1080×1080 social picture in Grön primär: the white logo 300 px wide (its clear space
    is 27 px) and a 120 px headline whose letters' tops are ``gap_px`` under the logo's ink."""
    canvas = Image.new("RGB", (1080, 1080), (0, 153, 145))
    logo = logo_rgba(300, (255, 255, 255))
    canvas.paste(logo, (60, 60), logo)
    bottom = 60 + logo.getbbox()[3]
    font = ImageFont.truetype(str(find_font("DejaVuSans-Bold.ttf")), 120)
    top = font.getbbox("Sommar")[1]
    ImageDraw.Draw(canvas).text((60, bottom + gap_px - top), "Sommar", font=font, fill="white")
    path = tmp / name
    canvas.save(path)
    return path


def test_a_headline_entering_one_side_of_a_pictures_clear_space_is_in_it(tmp_path):
    # its letters' tops fill a strip of one side: over the whole ring around the logo that was
    # 0.3 % edges, under the 2 % that counted
    near = headline_under_logo(tmp_path, "near.png", 15)
    [finding] = [f for f in logo_findings(near, target="digital").findings if f.rule == "BC103"]
    assert list(finding.details["content"]) == ["below"]
    assert 12 <= finding.details["content"]["below"] <= 18
    assert finding.measured[0].startswith("content") and "below the logotype" in finding.message
    clear = headline_under_logo(tmp_path, "clear.png", 32)
    assert "BC103" not in {f.rule for f in logo_findings(clear, target="digital").findings}


@pytest.mark.parametrize("gap", [16, 30])
def test_a_plates_edge_beside_a_logo_is_said_to_be_beside_it_not_above_and_below(tmp_path, gap):
    # a pink plate holding the logo ``gap`` px from its left edge, on white: the plate's edge
    # runs on through the ring's corners above and below the logo, and was named "content 3 px
    # above the logotype, content 2 px below" beside "16 px left of" it
    art = logo_rgba(900)
    art = art.crop(art.getbbox())
    canvas = Image.new("RGB", (art.width + 1000, art.height + 600), (255, 255, 255))
    canvas.paste((243, 160, 186), (200, 200, art.width + 800, art.height + 400))
    canvas.paste(art, (200 + gap, 300), art)
    path = tmp_path / "plate.png"
    canvas.save(path)
    [finding] = [f for f in logo_findings(path, target="digital").findings if f.rule == "BC103"]
    assert list(finding.details["content"]) == ["left"]
    assert gap - 3 <= finding.details["content"]["left"] <= gap + 3
    assert "left of the logotype" in finding.message and "above" not in finding.message


def test_a_logo_on_a_busy_picture_is_one_finding_of_its_background_not_also_of_clear_space(
    tmp_path,
):
    # the photo's detail all around the logo is what BC109 reports; BC103 said "other content"
    busy = picture(tmp_path, "busy.png", (60, 60), noise_background((1080, 1080)))
    assert {f.rule for f in logo_findings(busy, target="digital").findings} == {"BC109"}
    # with BC109 not reported, the clear space still says what is in it
    only = logo_findings(busy, target="digital", select=("BC103",)).findings
    assert [f.rule for f in only] == ["BC103"] and "content" in only[0].message


def test_the_preview_marks_the_edge_too_close_and_keeps_its_numbers_off_the_logo(tmp_path):
    # the zone runs off the page at the top left: its number went to the page's corner, on
    # the logo's crown, and the cut-off box did not show which edge was too close
    file = logo_findings(white_page_logo_at_edge(tmp_path, "e.pdf", 60, 2), select=("BC103",))
    [finding] = file.findings
    [preview] = render_previews(file, profile="stockholm")
    pixels = np.asarray(Image.open(io.BytesIO(preview.data)).convert("RGB")).astype(int)
    scale = preview.width / file.pages[0].width
    warning = np.abs(pixels - SEVERITY_RGB[finding.severity.value]).sum(axis=2) < 60
    x0, y0, x1, y1 = (round(v * scale) for v in file.pages[0].logos[0].bbox)
    assert not warning[y0 + 3 : y1 - 3, x0 + 3 : x1 - 3].any()  # nothing of it on the logo
    zx1, zy1 = (round(v * scale) for v in finding.bbox[2:])
    assert warning[0, 3:zx1].mean() > 0.9 and warning[3:zy1, 0].mean() > 0.9  # top, left edges
    assert not warning[0, zx1 + 5 :].any()  # only where the clear space is


def test_text_in_a_pdf_logos_clear_space_is_said_how_far_off_it_is_and_should_be(tmp_path):
    # a designer moves the text by the difference: 25 % of the logo's height, in mm, and how
    # far the text is from the logo's ink now (its artwork box has a margin: 1.4 mm on the right)
    doc = pymupdf.open()
    page = doc.new_page()
    x, y, w = 15 * MM, 15 * MM, 50 * MM
    place_logo(page, POSITIVE, pymupdf.Rect(x, y, x + w, y + w / 2.75))
    page.insert_text((x + w + 2 * MM, y + 30), "Kampanj", fontsize=10)
    path = tmp_path / "near.pdf"
    doc.save(path)
    file = logo_findings(path, select=["BC103"])
    [finding], [logo] = file.findings, file.pages[0].logos
    height, gap = (logo.bbox[3] - logo.bbox[1]) / MM, (x + w + 2 * MM - logo.bbox[2]) / MM
    assert 3 < gap < 4.5 < height / 4  # inside the clear space
    said = finding.message
    assert f"Keep a clear space of 25 % of the logo's height ({height / 4:.1f} mm) " in said
    assert f"text 'Kampanj' {gap:.1f} mm right of the logotype is inside it" in said
    assert finding.measured == ["text 'Kampanj'"]


def word_beside_logo(tmp: Path, gap_mm: float) -> Path:
    """An A4 page: the logo 60 mm wide at the top left (its clear space is 5.4 mm) and the word
    'Kampanj' in 14 pt across its middle, set ``gap_mm`` right of the logo's ink (the K's stem
    stands a side bearing further)."""
    doc = pymupdf.open()
    page = doc.new_page()
    w = 60 * MM
    place_logo(page, POSITIVE, pymupdf.Rect(15 * MM, 15 * MM, 15 * MM + w, 15 * MM + w / 2.75))
    pix = page.get_pixmap(dpi=300)
    ink = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3).min(axis=2)
    rows, cols = np.nonzero(ink < 128)
    right, middle = (cols.max() + 1) * 72 / 300, (rows.min() + rows.max() + 1) / 2 * 72 / 300
    font = pymupdf.Font("helv")
    writer = pymupdf.TextWriter(page.rect)
    writer.append((right + gap_mm * MM, middle + 5), "Kampanj", font=font, fontsize=14)
    writer.write_text(page)
    page.insert_text((60, 600), "Ett evenemang i Stockholm", fontsize=14)
    path = tmp / f"word-{gap_mm}.pdf"
    doc.save(path)
    return path


@pytest.mark.parametrize("suffix", [".pdf", ".png"])
def test_a_word_right_of_a_logo_on_a_scan_is_in_its_clear_space_as_on_the_page(tmp_path, suffix):
    # the page in vectors reported it; scanned at 300 dpi, the K's stem, a millimetre into the
    # clear space, lay across the border of two of the ring's cells, with under half a cell's
    # edges in each: it passed
    page = word_beside_logo(tmp_path, 4.4)
    [vector] = [f for f in logo_findings(page).findings if f.rule == "BC103"]
    assert "text 'Kampanj'" in vector.message and "right of the logotype" in vector.message
    scan = scan_pdf(page, tmp_path / f"scan{suffix}", dpi=300, quality=None, tagged=True)
    [finding] = [f for f in logo_findings(scan).findings if f.rule == "BC103"]
    assert list(finding.details["content"]) == ["right"]
    mm = finding.details["content"]["right"] * (1 / MM if suffix == ".pdf" else 25.4 / 300)
    assert 3.5 <= mm <= 4.9  # the distance to its letters, measured on the page's pixels
    assert f"content {mm:.1f} mm right of the logotype is inside it" in finding.message


@pytest.mark.parametrize("suffix", [".pdf", ".jpg"])
@pytest.mark.parametrize("dpi", [150, 300])
def test_a_clean_scan_of_a_logo_on_paper_keeps_its_clear_space(tmp_path, suffix, dpi):
    # the paper's texture and grain, the JPEG's blocks and ringing and the logo's antialiased
    # edges are no content in its clear space; the word 9 mm right of it is outside it
    page = word_beside_logo(tmp_path, 9)
    scan = scan_pdf(page, tmp_path / f"scan{suffix}", dpi=dpi, quality=40, paper=8, tagged=True)
    file = logo_findings(scan)
    assert len(file.pages[0].logos) == 1
    assert not {"BC103", "BC109"} & {f.rule for f in file.findings}


@pytest.mark.parametrize("side", ["above", "right"])
def test_a_small_mark_in_a_pictures_clear_space_is_found_wherever_it_stands(tmp_path, side):
    # a 6 px square 12 px from the logo (its clear space is 27 px), moved along the side a
    # clear space's length: where it lay across the border of two cells it was missed
    art = logo_rgba(300)
    x0, y0, x1, _ = (v + 200 for v in art.getbbox())
    missed = []
    for step in range(0, 30, 2):
        canvas = Image.new("RGB", (800, 600), (255, 255, 255))
        canvas.paste(art, (200, 200), art)
        x, y = (x0 + 40 + step, y0 - 18) if side == "above" else (x1 + 12, y0 + 10 + step)
        ImageDraw.Draw(canvas).rectangle((x, y, x + 5, y + 5), fill="black")
        path = tmp_path / f"{side}-{step}.png"
        canvas.save(path)
        found = logo_findings(path, target="digital", select=("BC103",)).findings
        if [f.details["content"] for f in found] != [{side: pytest.approx(12, abs=2)}]:
            missed.append(step)
    assert missed == []


def test_a_white_logo_on_a_brick_wall_is_on_a_busy_background_not_crowded(tmp_path):
    # the wall's mortar runs through the clear space all round: a picture's detail (BC109).
    # The ring's cells laid a second time, half a cell on, and all left out of its busyness
    # left a flat rest, and the mortar was reported as content 2-3 px from the logo (BC103)
    wall = Image.new("RGB", (700, 450), (95, 95, 95))
    draw = ImageDraw.Draw(wall)
    for row, y in enumerate(range(0, 450, 70)):
        draw.line((0, y, 700, y), fill=(175, 175, 175), width=5)
        for x in range(-55 * (row % 2), 700, 110):
            draw.line((x, y, x, y + 70), fill=(175, 175, 175), width=5)
    wall = wall.filter(ImageFilter.GaussianBlur(1.5))
    art = logo_rgba(200, (255, 255, 255))
    wall.paste(art, (200, 150), art)
    wall.save(tmp_path / "wall.png")
    found = logo_findings(tmp_path / "wall.png", target="digital").findings
    assert "BC109" in {f.rule for f in found}
    assert "BC103" not in {f.rule for f in found}
