"""OCR layer: Tesseract words and size estimates, memoisation, the text-height scaling and the
'not available' path (Tesseract runs for real here; CI installs it)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pytesseract
import pytest
from PIL import Image, ImageDraw, ImageFont
from skimage import data

sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))

from typesetting import BOLD, REGULAR, Run, scan_pdf, write_image, write_pdf

from brandcheck import ocr, ocr_glyphs, synth
from brandcheck.api import check_paths
from brandcheck.checks import CheckContext
from brandcheck.document import open_document
from brandcheck.pipeline import RunOptions
from brandcheck.profile import load_profile, shipped_profiles
from brandcheck.rule_settings import RuleSettings

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="no Tesseract")


@pytest.fixture(scope="module")
def ctx() -> CheckContext:
    return CheckContext(profile=load_profile("stockholm-bolag"))


@pytest.mark.parametrize(
    ("word", "ratio"),
    [
        ("av", 0.52),  # x-height only
        ("del", 0.72),  # ascender
        ("gap", 0.73),  # x-height and descender
        ("Stockholms", 0.72),
        ("Ång", 0.90 + 0.21),  # accented capital and descender
    ],
)
def test_word_em_ratio(word: str, ratio: float) -> None:
    assert ocr.word_em_ratio(word) == pytest.approx(ratio)


def test_glyph_height_follows_the_text_size(tmp_path: Path) -> None:
    heights = []
    for px in (16, 32):
        path = write_image(tmp_path / f"{px}.png", [("Stockholms stad och hamnen", px)] * 3)
        with open_document(path) as doc:
            grey = doc.page(0).raster()[..., 0]
        heights.append(ocr.glyph_height(np.ascontiguousarray(grey)))
    assert heights[1] == pytest.approx(2 * heights[0], rel=0.25)
    assert ocr.glyph_height(np.full((200, 300), 255, np.uint8)) is None


def test_page_ocr_reads_words_with_boxes_and_is_memoised(tmp_path: Path, ctx) -> None:
    path = write_image(tmp_path / "t.png", [("Hamnbolaget", 40), ("en del av Stockholms stad", 24)])
    with open_document(path) as doc:
        page = doc.page(0)
        result = ocr.page_ocr(page, ctx)
        assert result is not None
        assert "Hamnbolaget" in result.text and "Stockholms stad" in result.text
        first = result.lines[0]
        assert first.size == pytest.approx(40, rel=0.2)  # px, DejaVu Sans at 40 px
        assert 20 <= first.bbox[0] <= 40 and first.bbox[1] >= 15
        assert all(w.confidence > 50 for w in first.words)
        assert ocr.page_ocr(page, ctx) is result  # shared with every other check


def test_words_are_sure_when_confident_and_drawn_large_enough(tmp_path: Path, ctx) -> None:
    line = [("Hamnbolaget – en del av Stockholms stad", 24)]
    with open_document(write_image(tmp_path / "large.png", line)) as doc:
        result = ocr.page_ocr(doc.page(0), ctx)
        assert result is not None and all(w.sure for w in result.lines[0].words[-5:])
    # the same line at 7 px, as in an e-mail signature shrunk to 300 x 80 px
    write_image(tmp_path / "big.png", line * 3, size=(1200, 320))
    Image.open(tmp_path / "big.png").resize((300, 80), Image.LANCZOS).save(tmp_path / "tiny.png")
    with open_document(tmp_path / "tiny.png") as doc:
        result = ocr.page_ocr(doc.page(0), ctx)
        assert result is not None and result.lines
        assert not any(w.sure for line in result.lines for w in line.words)


def test_text_layer_pages_are_not_ocred(tmp_path: Path, ctx) -> None:
    pdf = write_pdf(tmp_path / "t.pdf", [[Run("en del av Stockholms stad")]])
    with open_document(pdf) as doc:
        page = doc.page(0)
        assert not ocr.needs_ocr(page)
        assert ocr.page_ocr(page, ctx) is None


def test_image_only_pdf_page_sizes_are_in_points(tmp_path: Path) -> None:
    # A scanned page with 5 pt text: print minimum 7 pt, measured from OCR in points.
    pdf = write_pdf(
        tmp_path / "small.pdf",
        [[Run("Hamnbolaget informerar om nya avgifter", size=5, at=(40, 60))]],
        size=(300, 120),
    )
    scan = scan_pdf(pdf, tmp_path / "small-scan.pdf", dpi=300)
    options = RunOptions(rules=RuleSettings.build(select=["font.too_small"]))
    found = check_paths([scan], "stockholm", options).files[0].findings
    assert [f.rule for f in found] == ["BC303"]
    assert found[0].measured == pytest.approx(5.0, rel=0.2)
    assert found[0].details["unit"] == "pt"


def test_missing_tesseract_raises_ocr_unavailable(tmp_path: Path, ctx, monkeypatch) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    assert "not installed" in (ocr.unavailable_reason(ctx) or "")
    path = write_image(tmp_path / "t.png", [("en del av Stockholms stad", 24)])
    with open_document(path) as doc:
        page = doc.page(0)
        with pytest.raises(ocr.OcrUnavailable):
            ocr.page_ocr(page, ctx)
        with pytest.raises(ocr.OcrUnavailable):  # memoised: no second probe
            ocr.page_ocr(page, ctx)


LJUSGRON_1 = (0xAA, 0xD9, 0xD6)  # white on it: 1.54:1


def _post(path: Path, ground=LJUSGRON_1, emblem: bool = True) -> Path:
    """A 1080 px social post as a designer exports it: white text at 120, 56 and 40 px on a
    flat ground, and a black emblem in the corner (as the positive logo stands there)."""
    img = Image.new("RGB", (1080, 1080), ground)
    draw = ImageDraw.Draw(img)
    if emblem:  # the darkest, largest shape: one global threshold parts it from the rest
        draw.polygon([(60, 60), (300, 60), (300, 250), (180, 330), (60, 250)], fill="black")
    for text, font, px, y in (
        ("Sommarjobb", BOLD, 120, 520),
        ("för dig mellan 16 och 19 år", BOLD, 56, 660),
        ("Sök senast 15 mars på stockholm.se/sommarjobb", REGULAR, 40, 900),
    ):
        face = ImageFont.truetype(str(synth.find_font(font)), px)
        draw.text((60, y), text, font=face, fill="white")
    img.save(path)
    return path


def _contrast(path: Path) -> list:
    options = RunOptions(target="digital", rules=RuleSettings.build(select=["BC203", "BC910"]))
    return check_paths([path], "stockholm", options).files[0].findings


def test_light_text_beside_a_dark_logo_is_read_and_judged(tmp_path: Path, ctx) -> None:
    # one global threshold parted the black emblem from everything else, so neither glyph
    # finding nor Tesseract saw the white text on the light green: BC203 passed silently
    post = _post(tmp_path / "post.png")
    [low] = _contrast(post)
    assert low.rule == "BC203" and low.measured == pytest.approx(1.54, abs=0.05)
    assert (low.details["foreground"], low.details["background"]) == ("#FFFFFF", "#AAD9D6")
    assert low.count >= 3  # every line
    with open_document(post) as doc:
        text = ocr.page_ocr(doc.page(0), ctx).text
    assert "Sommarjobb" in text and "stockholm.se/sommarjobb" in text
    # the same text with a dark ground around it (no faint rows to look for) reads as before
    assert _contrast(_post(tmp_path / "dark.png", ground=(0, 0x5F, 0x5A), emblem=False)) == []


def test_a_light_headline_set_close_over_dark_text_is_judged(tmp_path: Path) -> None:
    # one threshold parts the black lines from the page and leaves the light grey headline
    # over them with the white; looked for against a mean of its surroundings, the black
    # lines darkened its ground, and measured, they stood in the band around it (a "photo")
    img = Image.new("RGB", (1080, 600), "white")
    draw = ImageDraw.Draw(img)
    for text, font, px, y, ink in (
        ("Sommarjobb", BOLD, 110, 60, (0xBB,) * 3),
        ("för dig mellan 16 och 19 år", BOLD, 56, 200, (0, 0, 0)),
        ("Sök senast 15 mars på stockholm.se", REGULAR, 40, 300, (0, 0, 0)),
    ):
        draw.text((60, y), text, font=ImageFont.truetype(str(synth.find_font(font)), px), fill=ink)
    img.save(tmp_path / "tight.png")
    [low] = _contrast(tmp_path / "tight.png")
    assert low.rule == "BC203" and low.measured == pytest.approx(1.92, abs=0.05)
    assert low.details["foreground"] == "#BBBBBB" and low.bbox[3] < 200


def test_faint_text_ocr_cannot_read_is_reported_as_not_judged(tmp_path, monkeypatch) -> None:
    # Tesseract reading nothing in the faint rows: the rows were seen, so BC203 says it was
    # not judged there (BC910) rather than passing
    read = ocr._read
    monkeypatch.setattr(ocr, "_read", lambda image, *a: [] if a[-1] >= 2 else read(image, *a))
    [skip] = _contrast(_post(tmp_path / "post.png"))
    assert skip.rule == "BC910" and skip.details["rules"] == ["BC203"]
    assert "could not read a row of text" in skip.message and "Install" not in skip.message


def _body_post(path: Path, px: int, ink="white", ground=LJUSGRON_1, size=(1080, 1080)) -> Path:
    """A post with a black emblem and three lines of regular body text at ``px``."""
    img = Image.new("RGB", size, ground)
    draw = ImageDraw.Draw(img)
    draw.polygon([(60, 60), (300, 60), (300, 250), (180, 330), (60, 250)], fill="black")
    face = ImageFont.truetype(str(synth.find_font(REGULAR)), px)
    for i, text in enumerate(
        ("Sommarlov i Stockholm", "Gratis aktiviteter för", "alla barn och unga")
    ):
        draw.text((80, size[1] // 2 + round(1.6 * px) * i), text, font=face, fill=ink)
    img.save(path)
    return path


@needs_tesseract
def test_light_body_text_in_strokes_of_two_pixels_is_measured(tmp_path: Path) -> None:
    # regular text at 24 px has strokes of about 2.4 px: no pixel of them has eight ink
    # neighbours, so the lines were read and passed without a word. Blocks of 2 x 2 pixels
    # at the strokes' full tone show their colour
    [low] = _contrast(_body_post(tmp_path / "post.png", 24))
    assert low.rule == "BC203" and low.measured == pytest.approx(1.54, abs=0.05)
    assert (low.details["foreground"], low.details["background"]) == ("#FFFFFF", "#AAD9D6")
    assert low.count >= 3


@needs_tesseract
@pytest.mark.parametrize("size", [(1080, 1080), (1080, 1350), (1920, 1080)])
def test_light_body_text_in_a_post_is_looked_for_at_full_size(tmp_path, size) -> None:
    # faint rows were looked for in at most 1 MP: a 1080 px post was halved, and its 18 px
    # text (letters about 10 px high) fell under the height a row of text needs
    [low, *_] = _contrast(_body_post(tmp_path / "post.png", 18, size=size))
    assert low.rule == "BC203" and low.measured == pytest.approx(1.54, abs=0.05)
    assert low.details["text"].startswith("Sommarlov")


@needs_tesseract
def test_text_in_strokes_too_thin_to_measure_is_not_judged_or_passes(tmp_path: Path) -> None:
    # at 13 px the strokes are blended with the ground in every pixel: the farthest pixels
    # give the least contrast the text may have. White on the light green stays short of
    # 4.5:1 that way, so BC203 is not judged there (BC910); black on white passes
    [skip] = _contrast(_body_post(tmp_path / "faint.png", 13, size=(800, 800)))
    assert skip.rule == "BC910" and skip.details["rules"] == ["BC203"]
    assert "strokes too thin" in skip.message and "Install" not in skip.message
    dark = _body_post(tmp_path / "dark.png", 13, ink="black", ground="white", size=(800, 800))
    assert _contrast(dark) == []


@needs_tesseract
def test_a_logos_lettering_ocr_cannot_read_leaves_text_contrast_judged(tmp_path, monkeypatch):
    # a found logo's lettering is the logo's, not text set there: typography left it out,
    # but a light logo's lettering, found as faint rows beside a dark box, made BC203 "not
    # judged" (BC910) when Tesseract read nothing in it
    import pymupdf

    logo = pymupdf.open(shipped_profiles()["stockholm"] / "logo" / "standin-positive.svg")[0]
    pix = logo.get_pixmap(matrix=pymupdf.Matrix(*[300 / logo.rect.width] * 2), alpha=True)
    rgba = np.asarray(Image.frombytes("RGBA", (pix.width, pix.height), pix.samples)).copy()
    rgba[..., :3] = 0xC8  # light grey
    img = Image.new("RGB", (900, 600), "white")
    ImageDraw.Draw(img).rectangle((600, 350, 850, 550), fill="black")
    img.paste(Image.fromarray(rgba), (60, 60), Image.fromarray(rgba))
    img.save(tmp_path / "logo.png")
    read = ocr._read
    faint = ocr.FAINT_PASS
    monkeypatch.setattr(ocr, "_read", lambda image, *a: [] if a[-1] >= faint else read(image, *a))
    options = RunOptions(rules=RuleSettings.build(select=["BC203", "BC910", "logo"]))
    report = check_paths([tmp_path / "logo.png"], "stockholm", options).files[0]
    assert report.pages[0].logos  # the lettering is in a found logo
    contrast = [
        f
        for f in report.findings  # (a BC910 for the logo's size, not judged for print, is not)
        if f.rule == "BC203" or (f.rule == "BC910" and "BC203" in f.details.get("rules", []))
    ]
    assert contrast == [], contrast


@pytest.mark.parametrize("photo", ["coffee", "astronaut", "gravel", "grass", "brick"])
def test_a_photo_has_no_faint_rows_of_text(tmp_path: Path, photo: str) -> None:
    # a photo's texture makes rows of shapes against its local ground too, on a ground that
    # varies: no faint text to read, and nothing reported as unread
    pixels = getattr(data, photo)()
    pixels = np.dstack([pixels] * 3) if pixels.ndim == 2 else pixels
    img = Image.fromarray(pixels).resize((1200, 800))
    face = ImageFont.truetype(str(synth.find_font(BOLD)), 90)
    ImageDraw.Draw(img).text(
        (80, 320), "Kulturnytt", font=face, fill="white", stroke_width=6, stroke_fill="black"
    )
    img.save(tmp_path / "photo.jpg", quality=80)
    with open_document(tmp_path / "photo.jpg") as doc:
        grey = np.ascontiguousarray(doc.page(0).raster()[..., 1])
        assert ocr_glyphs.faint_rows(grey, ocr_glyphs.glyph_boxes(grey))[1] == []
    assert [f.rule for f in _contrast(tmp_path / "photo.jpg")] == []


@needs_tesseract
def test_pages_go_to_tesseract_without_png_compression(tmp_path: Path, monkeypatch) -> None:
    # pytesseract writes a PNG unless told a format: zlib on a page of photos cost 0.2 s a pass
    scan = write_image(
        tmp_path / "scan.jpg", [("Hamnbolaget", 40), ("en del av Stockholms stad", 24)]
    )
    passes: list[str] = []
    real_read = pytesseract.image_to_data
    monkeypatch.setattr(
        pytesseract, "image_to_data", lambda *a, **k: passes.append("ocr") or real_read(*a, **k)
    )
    Image.init()  # the format plugins, PNG's writer among them
    real_png = Image.SAVE["PNG"]
    monkeypatch.setitem(
        Image.SAVE, "PNG", lambda *a, **k: passes.append("png") or real_png(*a, **k)
    )
    report = check_paths(scan, "stockholm-bolag", RunOptions(ocr="auto"))
    assert report.files[0].status != "error"
    assert "ocr" in passes and "png" not in passes
