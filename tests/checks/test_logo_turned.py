"""Logos set sideways or upside down in PDF artwork or on scans are found, and judged turned."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image

from brandcheck.api import check_paths
from brandcheck.pipeline import RunOptions
from brandcheck.profile import shipped_profiles
from brandcheck.rule_settings import RuleSettings
from brandcheck.synth import place_logo
from tests.helpers.typesetting import scan_pdf

POSITIVE = shipped_profiles()["stockholm"] / "logo" / "standin-positive.svg"
MM = 72 / 25.4
WIDTH, HEIGHT = 60 * MM, 60 * MM / 2.75  # the stand-in's proportions


def _pdf(path: Path, turns: list[int], text_beside: float | None = None) -> Path:
    """One A4 page a turn: the logo 60 mm wide at the top left, turned ``turn`` degrees
    counter-clockwise; ``text_beside``: a line of text that many mm right of it."""
    doc = pymupdf.open()
    for turn in turns:
        page = doc.new_page()
        w, h = (HEIGHT, WIDTH) if turn % 180 else (WIDTH, HEIGHT)
        rect = pymupdf.Rect(20 * MM, 20 * MM, 20 * MM + w, 20 * MM + h)
        place_logo(page, POSITIVE, rect, rotate=turn)
        page.insert_text((60 * MM, 200 * MM), "Stockholms stad informerar", fontsize=12)
        if text_beside is not None:
            page.insert_text((rect.x1 + text_beside * MM, rect.y0 + 30 * MM), "Kultur", fontsize=9)
    doc.save(path)
    return path


def _logo_findings(path: Path, profile: str = "stockholm"):
    options = RunOptions(rules=RuleSettings.build(select=["logo"]))
    report = check_paths([path], profile=profile, options=options).files[0]
    return report


@pytest.mark.parametrize(
    ("turn", "angle", "words"),
    [
        (90, 90.0, "turned 90.0° counter-clockwise"),
        (180, 180.0, "upside down (turned 180.0°)"),
        (270, -90.0, "turned 90.0° clockwise"),
    ],
)
def test_a_turned_logo_is_found_and_reported_turned(tmp_path, turn, angle, words):
    report = _logo_findings(_pdf(tmp_path / f"turned-{turn}.pdf", [0, turn]))
    upright, logos = report.pages[0].logos, report.pages[1].logos
    assert len(logos) == 1 and abs(abs(logos[0].angle) - abs(angle)) < 1.0
    # its own width, along its axis, as upright: not the box's
    assert logos[0].width_mm == pytest.approx(upright[0].width_mm, abs=0.3)
    rules = {f.rule for f in report.findings}
    assert "BC101" not in rules  # before: "no page carries the logo"
    rotated = [f for f in report.findings if f.rule == "BC105"]
    assert len(rotated) == 1 and rotated[0].pages == [1] and words in rotated[0].message


def test_an_upright_logo_is_not_also_found_turned(tmp_path):
    report = _logo_findings(_pdf(tmp_path / "upright.pdf", [0]))
    assert [round(logo.angle) for logo in report.pages[0].logos] == [0]
    assert not [f for f in report.findings if f.rule in ("BC101", "BC105")]


def test_the_clear_space_of_a_sideways_logo_is_a_share_of_its_own_height(tmp_path):
    # 25 % of the logo's height is 5.5 mm: text 8 mm beside it is clear of it (the box's
    # height, the logo's width, would have asked for 15 mm)
    report = _logo_findings(_pdf(tmp_path / "beside.pdf", [90], text_beside=8))
    assert [f.rule for f in report.findings if f.rule in ("BC101", "BC103")] == []
    report = _logo_findings(_pdf(tmp_path / "close.pdf", [90], text_beside=3))
    assert [f.rule for f in report.findings if f.rule == "BC103"] == ["BC103"]


def _on_a_plate(path: Path, gap: float) -> Path:
    """An A4 page: the logo sideways on a light plate, a picture 8 mm larger than it all round
    (its edges clear of the 5.5 mm clear space), with an "i" printed in the picture ``gap`` mm
    right of the logo."""
    rect = pymupdf.Rect(20 * MM, 20 * MM, 20 * MM + HEIGHT, 20 * MM + WIDTH)
    plate = pymupdf.Rect(rect.x0 - 8 * MM, rect.y0 - 8 * MM, rect.x1 + 12 * MM, rect.y1 + 8 * MM)
    with pymupdf.open() as src:
        picture = src.new_page()
        picture.draw_rect(plate, color=None, fill=(0.96, 0.96, 0.96))
        picture.insert_text((rect.x1 + gap * MM, rect.y0 + 30 * MM), "i", fontsize=9)
        png = picture.get_pixmap(dpi=300, clip=plate).tobytes("png")
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(plate, stream=png)
    place_logo(page, POSITIVE, rect, rotate=90)
    page.insert_text((60 * MM, 250 * MM), "Stockholms stad informerar", fontsize=12)
    doc.save(path)
    return path


def _scanned_sideways(tmp_path: Path, gap: float) -> Path:
    """A page with the logo upright and an "i" ``gap`` mm under it, scanned sideways."""
    doc = pymupdf.open()
    page = doc.new_page()
    rect = pymupdf.Rect(20 * MM, 20 * MM, 20 * MM + WIDTH, 20 * MM + HEIGHT)
    place_logo(page, POSITIVE, rect)
    page.insert_text((rect.x0 + 25 * MM, rect.y1 + (gap + 2.3) * MM), "i", fontsize=9)
    page.insert_text((60 * MM, 200 * MM), "Stockholms stad informerar", fontsize=12)
    doc.save(tmp_path / "page.pdf")
    return scan_pdf(tmp_path / "page.pdf", tmp_path / f"scan-{gap}.pdf", turn=90)


@pytest.mark.parametrize(("gap", "found"), [(3, ["BC103"]), (10, [])])
def test_a_mark_in_a_picture_in_a_sideways_logos_clear_space_is_found(tmp_path, gap, found):
    # a picture's clear space is read in cells about the clear space long, sized by the logo's
    # box height: for a sideways logo its width, 2.75x too long, so an "i" 3 mm beside it was
    # missed (it is found beside an upright logo)
    for path in (_on_a_plate(tmp_path / f"plate-{gap}.pdf", gap), _scanned_sideways(tmp_path, gap)):
        report = _logo_findings(path)
        assert [round(logo.angle) for logo in report.pages[0].logos] == [90]
        assert [f.rule for f in report.findings if f.rule == "BC103"] == found, path.name


def test_a_sideways_city_logo_in_bolag_material_is_not_allowed(tmp_path):
    report = _logo_findings(_pdf(tmp_path / "bolag.pdf", [270]), profile="stockholm-bolag")
    assert "BC108" in {f.rule for f in report.findings}


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_a_turned_logo_beside_an_upright_one_is_found(tmp_path, turn):
    # the crop holding the upright logo was skipped whole, and the turned one with it
    doc = pymupdf.open()
    page = doc.new_page()
    place_logo(page, POSITIVE, pymupdf.Rect(20 * MM, 20 * MM, 20 * MM + WIDTH, 20 * MM + HEIGHT))
    x = 20 * MM + WIDTH + 6 * MM
    w, h = (HEIGHT, WIDTH) if turn % 180 else (WIDTH, HEIGHT)
    place_logo(page, POSITIVE, pymupdf.Rect(x, 20 * MM, x + w, 20 * MM + h), rotate=turn)
    doc.save(tmp_path / "two.pdf")
    report = _logo_findings(tmp_path / "two.pdf")
    assert sorted(abs(round(logo.angle)) for logo in report.pages[0].logos) == [
        0,
        turn % 180 or 180,
    ]
    assert [f.rule for f in report.findings if f.rule == "BC105"] == ["BC105"]


def test_a_turned_logo_on_a_page_with_a_photo_is_found(tmp_path):
    # a picture 60 mm square made the page one search, upright only
    path = _pdf(tmp_path / "photo.pdf", [270])
    with pymupdf.open(path) as doc:
        noise = np.random.default_rng(5).integers(0, 255, (300, 300, 3), dtype=np.uint8)
        pix = pymupdf.Pixmap(pymupdf.csRGB, 300, 300, noise.tobytes(), False)
        doc[0].insert_image(pymupdf.Rect(110 * MM, 120 * MM, 170 * MM, 180 * MM), pixmap=pix)
        doc.save(tmp_path / "with-photo.pdf")
    report = _logo_findings(tmp_path / "with-photo.pdf")
    assert [round(logo.angle) for logo in report.pages[0].logos] == [-90]


def test_art_without_a_logos_proportions_is_not_searched_turned(tmp_path, monkeypatch):
    # three more searches of every illustration made such pages several times slower
    searched = _searches(monkeypatch, turned_only=True)
    doc = pymupdf.open()
    page = doc.new_page()
    for x in (40, 300):  # two round illustrations, 60 mm
        shape = page.new_shape()
        shape.draw_circle((x + 85, 300), 85)
        shape.draw_bezier((x, 300), (x + 60, 200), (x + 110, 420), (x + 170, 300))
        shape.finish(color=(0, 0.3, 0.6), fill=(0.8, 0.1, 0.3))
        shape.commit()
    doc.save(tmp_path / "art.pdf")
    report = _logo_findings(tmp_path / "art.pdf")
    assert report.pages[0].logos == [] and searched == []
    _logo_findings(_pdf(tmp_path / "turned.pdf", [90]))
    assert searched  # a logo-shaped group is


TURNS = [
    (90, 90.0, "turned 90.0° counter-clockwise", "sideways"),
    (180, 180.0, "upside down (turned 180.0°)", "upside down"),
    (270, -90.0, "turned 90.0° clockwise", "sideways"),
]


@pytest.mark.parametrize("suffix", [".png", ".pdf"])
@pytest.mark.parametrize(("turn", "angle", "words", "scanned"), TURNS)
def test_a_logo_on_a_page_scanned_turned_is_found(tmp_path, suffix, turn, angle, words, scanned):
    # a picture was searched upright only: the logo was missing (BC101)
    page = _pdf(tmp_path / "page.pdf", [0])
    scan = scan_pdf(page, tmp_path / f"scan-{turn}{suffix}", turn=turn)
    report = _logo_findings(scan)
    logos = report.pages[0].logos
    assert len(logos) == 1 and abs(abs(logos[0].angle) - abs(angle)) < 1.5
    assert "BC101" not in {f.rule for f in report.findings}
    rotated = [f for f in report.findings if f.rule == "BC105"]
    assert len(rotated) == 1 and words.split(" (")[0] in rotated[0].message
    assert f"scanned {scanned}, turn the scan upright" in rotated[0].message


def _searches(monkeypatch, turned_only: bool = False) -> list[tuple[int, int]]:
    """The sizes of the rasters the logo search looks at, upright and turned (or turned only:
    a PDF page's turned art), from now on."""
    import brandcheck.logo_regions
    import brandcheck.turned_logos

    searched: list[tuple[int, int]] = []
    real = brandcheck.logo_regions.detect_logos

    def counted(image, *args, **kwargs):
        searched.append(image.shape[:2])
        return real(image, *args, **kwargs)

    if not turned_only:
        monkeypatch.setattr(brandcheck.logo_regions, "detect_logos", counted)
    monkeypatch.setattr(brandcheck.turned_logos, "detect_logos", counted)
    return searched


def _blank(path: Path) -> Path:
    """An A4 page of text without a logo."""
    doc = pymupdf.open()
    doc.new_page().insert_text((60 * MM, 200 * MM), "Stockholms stad informerar", fontsize=12)
    doc.save(path)
    return path


def test_a_scan_is_searched_turned_only_when_no_logo_is_found_upright(tmp_path, monkeypatch):
    searched = _searches(monkeypatch)
    page = _pdf(tmp_path / "page.pdf", [0])
    report = _logo_findings(scan_pdf(page, tmp_path / "upright.png"))
    assert [round(logo.angle) for logo in report.pages[0].logos] == [0]
    assert len(searched) == 1  # an upright logo: the one search
    searched.clear()
    report = _logo_findings(
        scan_pdf(_blank(tmp_path / "blank.pdf"), tmp_path / "blank.png", turn=90)
    )
    assert "BC101" in {f.rule for f in report.findings} and report.pages[0].logos == []
    h, w = searched[0]
    assert searched == [(h, w), (w, h), (h, w), (w, h)]  # upright, then the three turns
    searched.clear()
    report = _logo_findings(tmp_path / "blank.pdf")  # a page set in live text: no scan
    assert "BC101" in {f.rule for f in report.findings} and searched == []


def test_a_city_logo_on_a_page_scanned_sideways_is_not_allowed_in_bolag_material(tmp_path):
    scan = scan_pdf(_pdf(tmp_path / "page.pdf", [0]), tmp_path / "bolag.pdf", turn=270)
    report = _logo_findings(scan, profile="stockholm-bolag")
    assert [f.rule for f in report.findings if f.rule.startswith("BC1")] == ["BC108"]
    assert [round(logo.angle) for logo in report.pages[0].logos] == [-90]


def test_company_material_is_searched_turned_on_every_scan_its_lines_show(tmp_path, monkeypatch):
    # each scan is its own decision, as in the city's material: only its first and last were
    # searched (of the whole file, or of each page range a split run checked), so a sideways
    # city logo inside was found or not by how the file was run
    blank, logo = _blank(tmp_path / "blank.pdf"), _pdf(tmp_path / "page.pdf", [0])
    doc = pymupdf.open()
    for i, source in enumerate([blank, logo, blank]):
        with pymupdf.open(scan_pdf(source, tmp_path / f"scan-{i}.pdf", turn=90)) as scan:
            doc.insert_pdf(scan)
    doc.save(tmp_path / "brochure.pdf")
    searched = _searches(monkeypatch)
    report = _logo_findings(tmp_path / "brochure.pdf", profile="stockholm-bolag")
    assert [f.pages for f in report.findings if f.rule == "BC108"] == [[1]]
    # the three pages upright, then turned: each has a line of text or a logo and a line, too
    # few lines to tell which way they run, so each is searched at all three turns
    assert len(searched) == 3 + 3 + 3 + 3
    searched.clear()
    report = _logo_findings(tmp_path / "brochure.pdf")  # the city's: the same searches
    assert "BC101" not in {f.rule for f in report.findings}
    assert len(searched) == 3 + 3 + 3 + 3


def test_an_upright_forbidden_logo_does_not_stop_the_search_for_a_turned_one(tmp_path):
    # a city logo upright in a company's scan is BC108; one sideways beside it was not looked for
    doc = pymupdf.open()
    page = doc.new_page()
    place_logo(page, POSITIVE, pymupdf.Rect(20 * MM, 20 * MM, 20 * MM + WIDTH, 20 * MM + HEIGHT))
    turned = pymupdf.Rect(150 * MM, 120 * MM, 150 * MM + HEIGHT, 120 * MM + WIDTH)
    place_logo(page, POSITIVE, turned, rotate=90)
    doc.save(tmp_path / "two.pdf")
    report = _logo_findings(scan_pdf(tmp_path / "two.pdf", tmp_path / "scan.png"), "stockholm")
    angles = sorted(round(logo.angle) for logo in report.pages[0].logos)
    assert angles == [0]  # the city's own logo upright: the scan stands upright
    report = _logo_findings(tmp_path / "scan.png", profile="stockholm-bolag")
    angles = sorted(round(logo.angle) for logo in report.pages[0].logos)
    assert angles == [0, 90]
    assert [f.rule for f in report.findings if f.rule.startswith("BC1")] == ["BC108", "BC108"]


BODY = (
    "Stockholms stad arbetar för att alla invånare ska få god service. Ansökan om bygglov görs "
    "digitalt via stadens webbplats, där även frågor om parkering, avfall och återvinning "
    "besvaras. Biblioteken bjuder in till öppet hus under höstlovet med läsning för barn. "
)


def _text_page(path: Path, logo: bool = False) -> Path:
    """An A4 letter: a heading and paragraphs of body text, the logo at the top left if asked."""
    doc = pymupdf.open()
    page = doc.new_page()
    if logo:
        place_logo(
            page, POSITIVE, pymupdf.Rect(20 * MM, 15 * MM, 20 * MM + WIDTH, 15 * MM + HEIGHT)
        )
    page.insert_text(
        (20 * MM, 60 * MM), "Information från stadsdelen", fontsize=18, fontname="hebo"
    )
    for y in (70, 130, 190):
        page.insert_textbox(
            pymupdf.Rect(20 * MM, y * MM, 190 * MM, (y + 50) * MM), BODY * 2, fontsize=10
        )
    doc.save(path)
    return path


@pytest.mark.parametrize(("turn", "angle"), [(90, 90.0), (180, 180.0), (270, -90.0)])
def test_a_logo_on_a_text_page_scanned_turned_is_found_at_the_turn_its_lines_show(
    tmp_path, monkeypatch, turn, angle
):
    searched = _searches(monkeypatch)
    scan = scan_pdf(
        _text_page(tmp_path / "letter.pdf", logo=True), tmp_path / "scan.pdf", turn=turn
    )
    report = _logo_findings(scan)
    logos = report.pages[0].logos
    assert len(logos) == 1 and abs(abs(logos[0].angle) - abs(angle)) < 1.5
    assert "BC101" not in {f.rule for f in report.findings}
    assert len(searched) == 2  # upright, then the one turn its lines of text show


@pytest.mark.parametrize("suffix", [".png", ".pdf"])
def test_an_upright_text_scan_without_a_logo_is_not_searched_turned(tmp_path, monkeypatch, suffix):
    # its lines of text stand upright: three more searches of it (0.3-0.4 s) found nothing
    searched = _searches(monkeypatch)
    report = _logo_findings(
        scan_pdf(_text_page(tmp_path / "letter.pdf"), tmp_path / f"scan{suffix}")
    )
    assert "BC101" in {f.rule for f in report.findings}
    assert len(searched) == 1


def test_a_text_scan_turned_without_a_logo_is_searched_at_one_turn(tmp_path, monkeypatch):
    searched = _searches(monkeypatch)
    scan = scan_pdf(_text_page(tmp_path / "letter.pdf"), tmp_path / "scan.jpg", turn=90)
    report = _logo_findings(scan)
    assert "BC101" in {f.rule for f in report.findings}
    h, w = searched[0]
    assert searched == [(h, w), (w, h)]


def test_a_web_picture_without_a_logo_is_not_searched_turned(tmp_path, monkeypatch):
    # a photo shows no lines of text, and 1200 x 700 px is no sheet of paper: no scan turned
    searched = _searches(monkeypatch)
    rng = np.random.default_rng(7)
    small = rng.integers(0, 255, (18, 30, 3), dtype=np.uint8)
    photo = Image.fromarray(small).resize((1200, 700), Image.BICUBIC)
    photo.save(tmp_path / "web.png")
    report = _logo_findings(tmp_path / "web.png")
    assert "BC101" in {f.rule for f in report.findings} and len(searched) == 1
    photo.resize((1200, 1697), Image.BICUBIC).save(tmp_path / "sheet.png")  # A4's proportions
    searched.clear()
    _logo_findings(tmp_path / "sheet.png")
    assert len(searched) == 4  # a photo scanned on a sheet may be turned any way


def test_a_picture_narrower_than_a_line_of_text_is_checked(tmp_path):
    # lines of text cannot be told on a strip 40 px wide: the file failed with an error
    stripes = np.full((300, 40, 3), 255, np.uint8)
    stripes[::7, ::3] = 0
    Image.fromarray(stripes).save(tmp_path / "narrow.png")
    report = _logo_findings(tmp_path / "narrow.png")
    assert report.status != "error" and "BC101" in {f.rule for f in report.findings}


def test_a_table_scanned_upside_down_is_searched_turned(tmp_path, monkeypatch):
    # figures have no x-height band: such a page upside down was read as upright, and a logo
    # on it not searched for turned
    doc = pymupdf.open()
    page = doc.new_page()
    for row in range(28):
        for col in range(4):
            page.insert_text(
                (60 + col * 120, 150 + row * 22), f"{1234 + 97 * row * col} kr", fontsize=10
            )
        page.draw_line((56, 155 + row * 22), (539, 155 + row * 22))
    doc.save(tmp_path / "table.pdf")
    searched = _searches(monkeypatch)
    report = _logo_findings(scan_pdf(tmp_path / "table.pdf", tmp_path / "scan.pdf", turn=180))
    assert "BC101" in {f.rule for f in report.findings}
    assert len(searched) == 2 and searched[0] == searched[1]  # upright, then the half turn


@pytest.mark.parametrize("turn", [90, 270])
def test_a_sparse_page_scanned_sideways_is_searched_at_every_turn(tmp_path, turn):
    # a logo with one word under it: the wordmark and the word made three strips of 'lines'
    # that looked as if they ran across a page scanned at 90°, so only the half turn was
    # searched and the logo was reported missing (BC101)
    doc = pymupdf.open()
    page = doc.new_page()
    rect = pymupdf.Rect(60 * MM, 60 * MM, 60 * MM + WIDTH, 60 * MM + HEIGHT)
    place_logo(page, POSITIVE, rect)
    page.insert_text((rect.x0, rect.y1 + 3 * MM + 10), "Kulturhuset", fontsize=14)
    doc.save(tmp_path / "cover.pdf")
    report = _logo_findings(scan_pdf(tmp_path / "cover.pdf", tmp_path / "scan.pdf", turn=turn))
    assert len(report.pages[0].logos) == 1
    assert "BC101" not in {f.rule for f in report.findings}


def _scan_to_place(tmp_path: Path, turn: int) -> tuple[pymupdf.Document, pymupdf.Page, bytes]:
    """The page of ``_pdf`` scanned turned by ``turn``: a new PDF with an empty page of the
    scan's size, and the scan's picture to place on it."""
    scan = scan_pdf(_pdf(tmp_path / "page.pdf", [0]), tmp_path / "scan.pdf", turn=turn)
    with pymupdf.open(scan) as doc:
        picture = doc.extract_image(doc[0].get_images()[0][0])["image"]
        whole = doc[0].rect
    doc = pymupdf.open()
    return doc, doc.new_page(width=whole.width, height=whole.height), picture


def _scan_with_text(tmp_path: Path, where: str) -> Path:
    """The page of ``_pdf`` scanned sideways, its picture placed on a PDF page with live text:
    ``under``, an OCR layer painted before the picture, the scan's line where the picture shows
    it (as some scanners write a searchable PDF) and a stamp where it shows paper; ``over``, the
    stamp painted on the picture; ``beside``, the picture 90 % of the page wide and a page
    number in the strip beside it (a designed page with a picture on it)."""
    doc, page, picture = _scan_to_place(tmp_path, 90)
    whole = page.rect
    if where == "under":  # the line at 60 mm, 200 mm on the page runs up the scan
        page.insert_text((200 * MM, 150 * MM), "Stockholms stad informerar", fontsize=12, rotate=90)
        page.insert_text((30 * MM, 180 * MM), "INKOMMEN 2024-05-02", fontsize=9)
    box = pymupdf.Rect(0, 0, whole.width * 0.9, whole.height) if where == "beside" else whole
    page.insert_image(box, stream=picture)
    if where == "over":
        page.insert_text((30 * MM, 180 * MM), "INKOMMEN 2024-05-02", fontsize=9)
    if where == "beside":
        page.insert_text((whole.width * 0.93, whole.height - 20 * MM), "Sida 4", fontsize=9)
    path = tmp_path / f"scan-{where}.pdf"
    doc.save(path)
    return path


def test_a_scan_with_its_ocr_layer_painted_under_its_picture_is_searched_turned(tmp_path):
    # its text is visible text of the page, so the page was taken for no scan: the sideways
    # logo on it was not looked for, and reported missing (BC101)
    report = _logo_findings(_scan_with_text(tmp_path, "under"))
    assert [round(logo.angle) for logo in report.pages[0].logos] == [90]
    rules = {f.rule for f in report.findings}
    assert "BC101" not in rules and "BC105" in rules


@pytest.mark.parametrize("where", ["over", "beside"])
def test_a_page_showing_text_of_its_own_with_a_picture_is_not_searched_turned(
    tmp_path, monkeypatch, where
):
    # a stamp on the scan, or a page number beside a picture: text a reader sees that the
    # picture does not show; the page is not taken for a scan (as before)
    path = _scan_with_text(tmp_path, where)
    searched = _searches(monkeypatch)
    report = _logo_findings(path)
    assert report.pages[0].logos == [] and "BC101" in {f.rule for f in report.findings}
    assert len(searched) == 1  # upright only


@pytest.mark.parametrize("how", ["cropped", "tilted"])
def test_a_designed_page_whose_picture_leaves_its_headline_bare_is_not_a_scan(
    tmp_path, monkeypatch, how
):
    # a photo placed on the whole page, cropped by its frame to the top 80 % or turned 4°, and a
    # line set before it where the photo leaves the page bare (the strip below it, the corner
    # above it): the line is seen, and the page is no scan. Taken for one by the picture's
    # uncropped or upright box, the logo in the photo was searched turned and reported as on
    # a scan ("turn the scan upright")
    doc, page, picture = _scan_to_place(tmp_path, 270)
    whole = page.rect
    w, h = whole.width, whole.height
    if how == "cropped":
        page.insert_text((20 * MM, h - 20 * MM), "Höstlov på biblioteket", fontsize=24)
        frame = f"0 {h * 0.2:g} {w:g} {h * 0.8:g} re W n "  # the top 80 %
    else:
        page.insert_text((20, 30), "Höstlov", fontsize=7)
        c, s, k = np.cos(np.radians(4)), np.sin(np.radians(4)), 0.93  # about the page's centre
        turn = (k * c, k * s, -k * s, k * c, w / 2 - k * (c * w - s * h) / 2)
        frame = "{:g} {:g} {:g} {:g} {:g} {:g} cm ".format(*turn, h / 2 - k * (s * w + c * h) / 2)
    page.insert_image(whole, stream=picture)
    xref = page.get_contents()[-1]  # the picture's drawing
    doc.update_stream(xref, f"q {frame}".encode() + doc.xref_stream(xref) + b" Q")
    doc.save(tmp_path / "designed.pdf")
    searched = _searches(monkeypatch)
    report = _logo_findings(tmp_path / "designed.pdf")
    assert not any("This page is a scan" in f.message for f in report.findings)
    assert len(searched) == 1  # upright only
