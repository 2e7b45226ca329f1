"""Marks on the HTML report's page previews, measured in the written preview pictures of real
files checked through the public API: where each box is drawn, that it stays visible on artwork
of its own colour, leaves what it marks readable, and says which finding it belongs to."""

from __future__ import annotations

import base64
import colorsys
import io
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image
from report_inputs import measured_in_chromium, parse_dom, run_report
from scipy import ndimage

from brandcheck.previews import LOGO_RGB, SEVERITY_RGB
from brandcheck.report import Report
from brandcheck.reporters.html import render
from brandcheck.rule_settings import RuleSettings
from brandcheck.synth import place_logo

ERROR = SEVERITY_RGB["error"]


def _previews(report: Report) -> dict[str, list[np.ndarray]]:
    """The preview pictures of the written HTML report, by the alt text's file name."""
    out: dict[str, list[np.ndarray]] = {}
    for img in parse_dom(render(report)).tags("img"):
        data = base64.b64decode(img["src"].split(",", 1)[1])
        pixels = np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(int)
        assert pixels.shape[:2] == (int(img["height"]), int(img["width"]))
        name = img["alt"].split(" of ", 1)[1].split(":", 1)[0]
        out.setdefault(name, []).append(pixels)
    return out


def _near(pixels: np.ndarray, rgb: tuple[int, int, int], tolerance: int = 40) -> np.ndarray:
    return np.abs(pixels - np.array(rgb)).sum(axis=2) < tolerance


def _finding(report: Report, rule: str):
    return next(f for f in report.files[0].findings if f.rule == rule)


def test_a_box_leaves_the_small_text_it_marks_readable(tmp_path: Path) -> None:
    """BC303's box around 5 pt text: the outline lies around the text, not over it."""
    pdf = tmp_path / "tiny-text.pdf"
    with pymupdf.open() as doc:
        page = doc.new_page(width=595, height=842)
        page.insert_text((60, 400), "Tiny print here", fontsize=5, fontname="helv")
        doc.save(pdf)
    report = run_report([pdf], rules=RuleSettings.build(select=["BC303"]))
    [pixels] = _previews(report)["tiny-text.pdf"]
    scale = pixels.shape[1] / 595
    x0, y0, x1, y1 = (v * scale for v in _finding(report, "BC303").bbox)
    inside = pixels[int(np.ceil(y0)) : int(y1), int(np.ceil(x0)) : int(x1)]
    assert inside.size
    assert _near(inside, ERROR).mean() < 0.05  # the text's own pixels, not the outline's
    assert (inside.sum(axis=2) < 450).any()  # and the text shows
    around = pixels[int(y0) - 6 : int(y1) + 7, int(x0) - 6 : int(x1) + 7]
    assert _near(around, ERROR).sum() > 2 * (x1 - x0)  # the outline is drawn just around it


def test_a_box_stays_visible_on_a_fill_of_its_own_colour(tmp_path: Path) -> None:
    """An off-palette fill in the error colour: a light band parts the fill from its outline."""
    pdf = tmp_path / "red-fill.pdf"
    with pymupdf.open() as doc:
        page = doc.new_page(width=595, height=842)
        page.draw_rect(
            pymupdf.Rect(100, 100, 400, 300), color=None, fill=tuple(c / 255 for c in ERROR)
        )
        doc.save(pdf)
    report = run_report([pdf], rules=RuleSettings.build(select=["BC201"]))
    [pixels] = _previews(report)["red-fill.pdf"]
    scale = pixels.shape[1] / 595
    x0, y0, x1, y1 = (round(v * scale) for v in _finding(report, "BC201").bbox)
    row = pixels[(y0 + y1) // 2]
    for edge, step in ((x0, -1), (x1 - 1, 1)):  # leaving the fill across each side
        across = [row[edge + step * k] for k in range(1, 9)]
        light = [k for k, px in enumerate(across) if px.min() > 200]
        red = [k for k, px in enumerate(across) if _near(px[None, None], ERROR)[0, 0]]
        assert light and red and light[0] < red[-1], (edge, across)  # fill, gap, outline


def _tags(pixels: np.ndarray, rgb: tuple[int, int, int]) -> list[tuple[int, int, int, int]]:
    """Filled number tags of a colour (or their parts beside the digits): solid blobs at least
    3 px wide and 8 px tall, which outlines, 2 px wide, are not."""
    solid = ndimage.binary_opening(_near(pixels, rgb, 60), structure=np.ones((3, 3)))
    labels, _n = ndimage.label(solid)
    return [
        (s[1].start, s[0].start, s[1].stop, s[0].stop)
        for s in ndimage.find_objects(labels)
        if s[0].stop - s[0].start >= 8 and s[1].stop - s[1].start >= 3
    ]


def test_every_box_of_a_merged_finding_carries_its_number(tmp_path: Path) -> None:
    """Pale text in four places is one BC203 finding with four boxes: each gets its number
    beside it, so a box is never left for the reader to attribute."""
    pdf = tmp_path / "pale.pdf"
    places = [(60, 150), (340, 150), (60, 600), (340, 600)]
    with pymupdf.open() as doc:
        page = doc.new_page(width=595, height=842)
        for x, y in places:
            page.insert_text((x, y), "Pale words", fontsize=14, color=(0.85, 0.85, 0.85))
        doc.save(pdf)
    report = run_report([pdf], rules=RuleSettings.build(select=["BC203"]))
    finding = _finding(report, "BC203")
    assert len(finding.boxes) == len(places)
    [pixels] = _previews(report)["pale.pdf"]
    scale = pixels.shape[1] / 595
    tags = _tags(pixels, ERROR)
    for box in finding.boxes:
        x0, y0, x1, y1 = (v * scale for v in box)
        beside = [t for t in tags if t[0] < x1 + 4 and x0 - 30 < t[2] and y0 - 30 < t[3] < y1 + 30]
        assert beside, (box, tags)


def test_a_tiny_picture_is_previewed_large_enough_to_see_its_marks(tmp_path: Path) -> None:
    """A 32 px icon: its preview is enlarged (whole pixels), the box lands on the orange
    square and the number beside it covers none of it."""
    png = tmp_path / "icon.png"
    pixels = np.full((32, 32, 3), 255, np.uint8)
    pixels[8:24, 12:28] = (255, 135, 0)
    Image.fromarray(pixels).save(png)
    report = run_report([png], rules=RuleSettings.build(select=["BC201"]), target="digital")
    [preview] = _previews(report)["icon.png"]
    height, width = preview.shape[:2]
    assert width == height >= 240 and width % 32 == 0
    k = width // 32
    orange = _near(preview, (255, 135, 0))
    # the square shows (BC201's box lies a pixel inside the fill: its outline covers that rim)
    assert orange[8 * k : 24 * k, 12 * k : 28 * k].mean() > 0.8
    x0, y0, x1, y1 = (v * k for v in _finding(report, "BC201").bbox)
    assert abs(x0 - 12 * k) <= k and abs(y0 - 8 * k) <= k
    assert abs(x1 - 28 * k) <= k and abs(y1 - 24 * k) <= k
    ring = _near(preview[int(y0) - 6 : int(y1) + 6, int(x0) - 6 : int(x1) + 6], ERROR)
    assert ring.sum() > 4 * (x1 - x0)  # outlined around it


def test_each_number_on_a_preview_leads_to_its_finding_and_the_rest_are_named(
    tmp_path: Path,
) -> None:
    """Under each preview its numbers are links to the findings they mark; findings with no
    place on a page (a font not embedded, no document title) are named beside the previews,
    so nobody looks for them on the picture."""
    pdf = tmp_path / "doc.pdf"
    with pymupdf.open() as doc:
        page = doc.new_page(width=595, height=842)
        page.insert_text((60, 400), "Tiny print here", fontsize=5, fontname="helv")
        doc.save(pdf)
    report = run_report([pdf], rules=RuleSettings.build(select=["BC303", "BC302", "BC502"]))
    findings = report.files[0].findings
    placed = {n for n, f in enumerate(findings, start=1) if f.bbox is not None}
    unplaced = {n for n, f in enumerate(findings, start=1) if f.bbox is None}
    assert placed and unplaced
    dom = parse_dom(render(report))
    items = {a.get("id"): a for a in dom.with_class("li", "finding")}
    links: list[str] = []
    for tag, attrs in dom.elements:
        if tag == "a" and attrs.get("href", "").startswith("#file-1-finding-"):
            links.append(attrs["href"][1:])
            assert attrs["href"][1:] in items  # each leads to its finding's entry
    numbers = {int(link.rsplit("-", 1)[1]) for link in links}
    assert placed | unplaced <= numbers
    text = " ".join(dom.text.split())
    for n in unplaced:
        shown = text.split("Not marked on the pages shown:", 1)[1]
        assert f"#{n}" in shown.split("Findings", 1)[0]


def test_the_legend_names_every_kind_of_mark_drawn(tmp_path: Path) -> None:
    """The legend over the previews tells the logo's box (solid) from its clear space (dashed)
    and says what a heavy bar along an edge is, as well as the severity colours."""
    pdf = tmp_path / "doc.pdf"
    with pymupdf.open() as doc:
        page = doc.new_page(width=595, height=842)
        page.insert_text((60, 400), "Tiny print here", fontsize=5, fontname="helv")
        doc.save(pdf)
    dom = parse_dom(render(run_report([pdf], rules=RuleSettings.build(select=["BC303"]))))
    keys = [set(a["class"].split()) - {"legend-key"} for a in dom.with_class("span", "legend-key")]
    assert {"error"} in keys and {"warning"} in keys and {"info"} in keys
    assert {"logo"} in keys and {"zone"} in keys and {"edge"} in keys
    text = " ".join(dom.text.split())
    assert "logo found" in text and "its clear space" in text
    assert "edge" in text.split("Marks:", 1)[1].split("Page 1", 1)[0]


def test_a_logos_clear_space_shows_on_the_citys_dark_green(tmp_path: Path) -> None:
    """The negative logo on Mörkgrön (#00594F), whose teal is close to the marks' own: the
    dashed clear-space zone around it is lined light, as outlines are, so it still shows."""
    pdf = tmp_path / "dark.pdf"
    logo = Path(__file__).resolve().parents[2] / "reference_assets/stockholm/logo"
    with pymupdf.open() as doc:
        page = doc.new_page(width=595, height=842)
        page.draw_rect(page.rect, color=None, fill=(0, 0x59 / 255, 0x4F / 255))
        place_logo(page, logo / "standin-negative.svg", pymupdf.Rect(200, 300, 400, 374))
        doc.save(pdf)
    report = run_report([pdf], rules=RuleSettings.build(select=["BC101", "BC102", "BC103"]))
    assert not report.files[0].findings  # no finding box over the zone: only the zone
    [hit] = report.files[0].pages[0].logos
    [pixels] = _previews(report)["dark.pdf"]
    scale = pixels.shape[1] / 595
    x0, y0, x1, y1 = hit.bbox
    margin = (y1 - y0) * 0.25  # the profile's clear space, a quarter of the logo's height
    top = round((y0 - margin) * scale)
    band = pixels[top - 3 : top + 4, round(x0 * scale) : round(x1 * scale)]
    assert (band.min(axis=2) > 200).sum() > 0.2 * band.shape[1]


@pytest.mark.timeout(240)
def test_a_long_list_of_numbers_under_a_preview_keeps_its_figure_narrow(
    tmp_path: Path, chromium
) -> None:
    """Thirty numbers under a preview wrap under the picture instead of stretching its figure
    across the page. (Measured by a script added to a copy without the CSP.)"""
    pdf = tmp_path / "swatches.pdf"
    with pymupdf.open() as doc:
        page = doc.new_page(width=595, height=842)
        for k in range(30):
            r, g, b = colorsys.hsv_to_rgb((k * 0.137) % 1, 0.9, 0.8)
            x, y = 40 + (k % 5) * 105, 40 + (k // 5) * 125
            page.draw_rect(pymupdf.Rect(x, y, x + 60, y + 40), color=None, fill=(r, g, b))
        doc.save(pdf)
    report = run_report([pdf], rules=RuleSettings.build(select=["BC201"]))
    assert len(report.files[0].findings) >= 20
    widths = (
        "document.querySelector('figure').offsetWidth + ' ' +"
        " document.querySelector('figure img').offsetWidth"
    )
    page_file = tmp_path / "report.html"
    figure, image = measured_in_chromium(chromium, page_file, render(report), widths, "1400,900")
    assert figure <= image + 40, (figure, image)


def _pdf_with_images(path: Path, places: list[tuple[float, float, float, float]]) -> Path:
    """An A4 page of text with a 20 px image placed 150 pt wide at each of ``places``, some of
    them off the page (beside it, below it): BC501 finds them all, in one finding."""
    buf = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 30, 200)).save(buf, "PNG")
    with pymupdf.open() as doc:
        page = doc.new_page(width=595, height=842)
        page.insert_text((60, 400), "Hello world text", fontsize=12, fontname="helv")
        for place in places:
            page.insert_image(pymupdf.Rect(*place), stream=buf.getvalue())
        doc.save(path)
    return path


def _not_marked(html: str) -> str:
    text = " ".join(parse_dom(html).text.split())
    return text.split("Not marked on the pages shown:", 1)[1].split("Findings", 1)[0]


def test_a_finding_off_the_page_leaves_the_preview_and_is_named_as_not_marked(
    tmp_path: Path,
) -> None:
    """Images placed beside and below the page: their finding's boxes are not drawn, the page
    is still previewed and the finding is named among those not marked on it. With one of
    its images on the page, that one is outlined and numbered and the finding is marked."""
    off = [(650, 300, 800, 450), (100, 900, 250, 1050)]
    paths = [
        _pdf_with_images(tmp_path / "off.pdf", off),
        _pdf_with_images(tmp_path / "half.pdf", [(100, 100, 250, 250), *off]),
    ]
    report = run_report(paths, rules=RuleSettings.build(select=["BC501"]))
    html = render(report)
    images = {img["alt"].split(":", 1)[0]: img for img in parse_dom(html).tags("img")}
    assert set(images) == {"Page 1 of off.pdf", "Page 1 of half.pdf"}
    assert "no findings marked" in images["Page 1 of off.pdf"]["alt"]
    assert "#1" in _not_marked(html.split('id="file-2"', 1)[0])
    assert "findings #1 marked" in images["Page 1 of half.pdf"]["alt"]
    [pixels] = _previews(report)["half.pdf"]
    colour = SEVERITY_RGB[report.files[1].findings[0].severity.value]
    scale = pixels.shape[1] / 595
    ring = _near(pixels[: int(260 * scale), : int(260 * scale)], colour)
    assert ring.sum() > 4 * 140 * scale  # the image on the page is outlined
    assert _tags(pixels, colour)  # and numbered


def test_a_mark_that_cannot_be_drawn_costs_only_the_marks(tmp_path: Path, monkeypatch) -> None:
    """Whatever goes wrong drawing a page's marks, the page is still shown (unmarked) and its
    findings are named as not marked, instead of the preview vanishing silently."""
    import brandcheck.previews

    def broken(*_args, **_kw):
        raise ValueError("x1 must be greater than or equal to x0")

    monkeypatch.setattr(brandcheck.previews, "_place_tags", broken)
    pdf = _pdf_with_images(tmp_path / "doc.pdf", [(100, 100, 250, 250)])
    html = render(run_report([pdf], rules=RuleSettings.build(select=["BC501"])))
    [img] = parse_dom(html).tags("img")
    assert img["alt"] == "Page 1 of doc.pdf: no findings marked."
    assert "#1" in _not_marked(html)


def test_a_thin_strip_gets_room_for_its_outline_and_number(tmp_path: Path) -> None:
    """A 300 x 7 px strip: its preview is at least 96 px across its short side (enlarged as
    far as the long side allows, then on a margin), so the outline lies around the strip,
    not over it, and the number is whole."""
    png = tmp_path / "strip.png"
    Image.new("RGB", (300, 7), (200, 30, 200)).save(png)
    report = run_report([png], rules=RuleSettings.build(select=["BC201"]), target="digital")
    [finding] = report.files[0].findings
    [pixels] = _previews(report)["strip.png"]
    height, width = pixels.shape[:2]
    assert height >= 96 and width <= 720 and width % 300 == 0
    k = width // 300
    strip = _near(pixels, (200, 30, 200))
    rows = np.flatnonzero(strip.any(axis=1))
    assert len(rows) == 7 * k  # every row of the strip shows
    colour = SEVERITY_RGB[finding.severity.value]
    above, below = pixels[: rows[0]], pixels[rows[-1] + 1 :]
    assert _near(above, colour).any() and _near(below, colour).any()  # outlined around it
    tags = _tags(pixels, colour)
    assert any(t[3] - t[1] >= 14 for t in tags), tags  # a whole number tag


def test_a_sideways_logos_clear_space_is_drawn_a_share_of_its_own_height(tmp_path: Path) -> None:
    """A logo set sideways: its dashed clear-space zone lies a quarter of its own height (its
    box's width) out, not a quarter of its box's height (its length), 2.75 times as far."""
    pdf = tmp_path / "sideways.pdf"
    logo = Path(__file__).resolve().parents[2] / "reference_assets/stockholm/logo"
    with pymupdf.open() as doc:
        page = doc.new_page(width=595, height=842)
        rect = pymupdf.Rect(250, 300, 250 + 200 / 2.75, 500)
        place_logo(page, logo / "standin-positive.svg", rect, rotate=90)
        doc.save(pdf)
    report = run_report([pdf], rules=RuleSettings.build(select=["BC101", "BC103"]))
    [hit] = report.files[0].pages[0].logos
    [pixels] = _previews(report)["sideways.pdf"]
    scale = pixels.shape[1] / 595
    x0, y0, x1, y1 = hit.bbox

    def dashed_left_at(margin: float) -> float:
        left = round((x0 - margin) * scale)
        band = pixels[round(y0 * scale) : round(y1 * scale), left - 3 : left + 4]
        return _near(band, LOGO_RGB).any(axis=1).mean()

    assert dashed_left_at((x1 - x0) * 0.25) > 0.2
    assert dashed_left_at((y1 - y0) * 0.25) < 0.05
