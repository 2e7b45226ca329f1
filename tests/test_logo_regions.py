"""Logo search regions on PDF pages: text-only areas are skipped, logos are found the same."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image, ImageDraw

from brandcheck.api import check_paths, make_context, resolve_profile
from brandcheck.checks.logo import template_bank
from brandcheck.document import Limits, open_document
from brandcheck.document.pdf import PdfPage
from brandcheck.imaging.logo_detect import detect_logos
from brandcheck.logo_regions import find_logos, search_regions
from brandcheck.page_paints import read_page_colours
from brandcheck.pipeline import RunOptions
from brandcheck.profile import shipped_profiles
from brandcheck.rule_settings import RuleSettings
from brandcheck.synth import place_logo

sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))
import logo_bench

bench = logo_bench.load()

POSITIVE = shipped_profiles()["stockholm"] / "logo" / "standin-positive.svg"
LOGO_RECT = pymupdf.Rect(50, 40, 200, 95)
BODY = "Stockholms stad informerar om verksamheten i stadsdelen. " * 2


@pytest.fixture(scope="module")
def bank():
    options = RunOptions(ocr="off")
    return template_bank(make_context(resolve_profile("stockholm"), options))


def logo_png() -> bytes:
    """The stand-in logo as a transparent PNG."""
    svg = pymupdf.open(POSITIVE)[0]
    pix = svg.get_pixmap(matrix=pymupdf.Matrix(3, 3), alpha=True)
    buf = io.BytesIO()
    Image.frombytes("RGBA", (pix.width, pix.height), pix.samples).save(buf, "PNG")
    return buf.getvalue()


def letter(
    path: Path,
    *,
    logo: str | None = "vector",
    background: bool = False,
    rotate: int = 0,
    cropbox: pymupdf.Rect | None = None,
    at: pymupdf.Rect = LOGO_RECT,
) -> Path:
    """A one-page letter: a logo (vector, placed image or none), a heading, body text, a rule."""
    doc = pymupdf.open()
    page = doc.new_page()
    if background:
        page.draw_rect(page.rect, color=None, fill=(0.95, 0.95, 0.9))
    if logo == "vector":
        place_logo(page, POSITIVE, at)
    elif logo == "image":
        page.insert_image(at, stream=logo_png())
    elif logo == "sideways":  # shown upright once the page is rotated by 90 degrees
        page.insert_image(pymupdf.Rect(50, 40, 105, 190), stream=logo_png(), rotate=90)
    page.insert_text((50, 160), "Inbjudan till samråd", fontsize=22)
    for line in range(30):
        page.insert_text((50, 200 + 18 * line), BODY[: 60 + line], fontsize=10)
    page.draw_line((50, 760), (545, 760), width=0.5)
    if cropbox is not None:
        page.set_cropbox(cropbox)
    if rotate:
        page.set_rotation(rotate)
    doc.save(path)
    return path


def both_ways(path: Path, bank) -> tuple[list, list, list | None]:
    """Detections on the whole raster, through the search regions, and the regions."""
    with open_document(path) as doc:
        page = doc.page(0)
        whole = detect_logos(page.raster(), bank)
        return whole, find_logos(page, bank, 40), search_regions(page, 40)


@pytest.mark.parametrize("kind", ["vector", "image"])
def test_logo_found_in_a_region_as_on_the_whole_page(tmp_path, bank, kind):
    whole, regional, regions = both_ways(letter(tmp_path / f"{kind}.pdf", logo=kind), bank)
    assert regions is not None and 1 <= len(regions) <= 3  # the logo's area and the rule
    assert len(whole) == len(regional) == 1
    assert np.allclose(whole[0].bbox, regional[0].bbox, atol=2)
    assert abs(whole[0].score - regional[0].score) < 0.05
    assert whole[0].colour == regional[0].colour


def test_text_only_page_has_nothing_to_search(tmp_path, bank):
    path = letter(tmp_path / "text.pdf", logo=None)  # text and a rule
    with open_document(path) as doc:
        page = doc.page(0)
        assert search_regions(page, 40) == []
        assert find_logos(page, bank, 40) == []


def test_background_rectangle_is_not_artwork(tmp_path, bank):
    whole, regional, regions = both_ways(letter(tmp_path / "bg.pdf", background=True), bank)
    assert regions is not None and len(regions) <= 3  # not the page: the logo's area
    assert len(whole) == len(regional) == 1
    assert np.allclose(whole[0].bbox, regional[0].bbox, atol=2)


def test_rotated_page_is_searched_whole_and_still_finds_the_logo(tmp_path, bank):
    whole, regional, regions = both_ways(
        letter(tmp_path / "rot.pdf", logo="sideways", rotate=90), bank
    )
    assert regions is None
    assert len(regional) == 1 and regional[0].bbox == whole[0].bbox


def test_cropped_page_regions_line_up_with_the_raster(tmp_path, bank):
    crop = pymupdf.Rect(250, 20, 595, 842)  # an offset far beyond the crops' padding
    at = pymupdf.Rect(400, 60, 550, 115)
    path = letter(tmp_path / "crop.pdf", cropbox=crop, at=at)
    whole, regional, regions = both_ways(path, bank)
    assert len(whole) == len(regional) == 1
    assert np.allclose(whole[0].bbox, regional[0].bbox, atol=2)
    scale = 100 / 72  # the logo's box on the cropped page, in raster px
    logo = ((at.x0 - crop.x0) * scale, (at.y0 - crop.y0) * scale)
    assert any(r[0] <= logo[0] <= r[2] and r[1] <= logo[1] <= r[3] for r in regions)


def test_many_paths_become_few_crops(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    shape = page.new_shape()
    for i in range(40):  # a scatter plot: 40 x 25 dots in one block
        for j in range(25):
            shape.draw_circle((62 + 6 * i, 302 + 6 * j), 2)
            shape.finish(fill=0)
    shape.commit()
    page.draw_circle((450, 720), 30, fill=(0.5, 0, 0))
    page.draw_rect(pymupdf.Rect(300, 500, 500, 600), fill=(0, 0, 0.5))  # a box: no artwork
    doc.save(tmp_path / "chart.pdf")
    with open_document(tmp_path / "chart.pdf") as pdf:
        regions = search_regions(pdf.page(0), 40)
    assert regions is not None and len(regions) == 2
    chart = min(regions, key=lambda r: r[1])
    scale = 100 / 72
    assert chart[0] <= 60 * scale and chart[2] >= 300 * scale  # holds every dot


def test_letters_through_the_api(tmp_path):
    with_logo = letter(tmp_path / "with.pdf")
    without = letter(tmp_path / "without.pdf", logo=None)
    options = RunOptions(ocr="off", rules=RuleSettings.build(select=["logo"]))
    report = check_paths([with_logo, without], resolve_profile("stockholm"), options)
    by_name = {Path(f.path).name: f for f in report.files}
    assert len(by_name["with.pdf"].pages[0].logos) == 1
    assert "BC101" not in {f.rule for f in by_name["with.pdf"].findings}
    assert "BC101" in {f.rule for f in by_name["without.pdf"].findings}


def test_logo_stamped_as_an_annotation_is_found_through_the_regions(tmp_path, bank):
    path = letter(tmp_path / "plain.pdf", logo=None)
    doc = pymupdf.open(path)
    doc[0].add_stamp_annot(pymupdf.Rect(330, 40, 480, 95), stamp=logo_png())
    doc.save(tmp_path / "stamped.pdf")
    whole, regional, regions = both_ways(tmp_path / "stamped.pdf", bank)
    assert regions is not None and len(regional) == len(whole) == 1
    assert np.allclose(whole[0].bbox, regional[0].bbox, atol=2)


def _shapes_page(tmp_path: Path, draw) -> list | None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((50, 400), BODY, fontsize=10)
    draw(page)
    doc.save(tmp_path / "shapes.pdf")
    with open_document(tmp_path / "shapes.pdf") as pdf:
        return search_regions(pdf.page(0), 40)


def test_a_mark_of_simple_squares_is_searched_but_a_lone_box_is_not(tmp_path):
    def squares(page):  # four separate rectangles: a mark like a window logo
        for dx, dy in ((0, 0), (32, 0), (0, 32), (32, 32)):
            page.draw_rect(pymupdf.Rect(100 + dx, 100 + dy, 130 + dx, 130 + dy), fill=(0, 0, 0))

    regions = _shapes_page(tmp_path, squares)
    scale = 100 / 72
    assert regions is not None and len(regions) == 1
    x0, y0, x1, y1 = regions[0]
    assert x0 <= 100 * scale and y0 <= 100 * scale and x1 >= 162 * scale and y1 >= 162 * scale
    lone = _shapes_page(tmp_path, lambda page: page.draw_rect((100, 100, 300, 160), fill=(0, 0, 1)))
    assert lone == []


def test_a_symbol_alone_gets_room_for_a_wordmark_beside_it(tmp_path):
    doc = pymupdf.open()
    doc.new_page().draw_circle((200, 200), 25, fill=(0, 0, 0))
    doc.save(tmp_path / "symbol.pdf")
    with open_document(tmp_path / "symbol.pdf") as pdf:
        [square] = search_regions(pdf.page(0), 40)
        [wide] = search_regions(pdf.page(0), 40, aspects=(1.0, 4.0))
    scale = 100 / 72
    assert wide[2] - wide[0] > square[2] - square[0]
    # room for a logo four times as wide as the symbol is high, on either side of it
    assert wide[0] <= (175 - 150) * scale + 1 and wide[2] >= (225 + 150) * scale - 1


def test_pages_with_thousands_of_paths_are_searched_whole(tmp_path):
    def dots(page):  # a scatter plot of 3,200 separate paths, written in one go
        shape = page.new_shape()
        for i in range(3200):
            shape.draw_circle((40 + (i % 80) * 6.5, 100 + (i // 80) * 6.5), 2)
            shape.finish(fill=(0, 0, 0))
        shape.commit()

    assert _shapes_page(tmp_path, dots) is None


def test_many_small_marks_are_searched_as_one_page(tmp_path):
    def marks(n):
        def draw(page):  # separate small curved marks, far enough apart to stay apart
            for i in range(n):
                page.draw_circle((60 + (i % 5) * 110, 480 + (i // 5) * 110), 6, fill=(0, 0, 0))

        return draw

    few = _shapes_page(tmp_path, marks(3))
    assert few is not None and len(few) == 3
    assert _shapes_page(tmp_path, marks(15)) is None  # 15 searches cost more than one


def _photo_png(seed: int, size: tuple[int, int] = (240, 160)) -> bytes:
    """An opaque, busy 'photo': smooth random colour blobs."""
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 255, size=(size[1] // 20, size[0] // 20, 3), dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(small).resize(size, Image.BICUBIC).save(buf, "PNG")
    return buf.getvalue()


def _bench_page(path: Path, seed: int, vector: bool) -> list[float]:
    """The logo benchmark's PDF page of ``seed`` written to ``path``; its logo's box (px)."""
    rng = np.random.default_rng(seed)
    drawn = bench.pdf_logo_page(rng, bench.standin_art(), "pdf", vector=vector, save_to=path)
    (truth,) = drawn.truths
    return truth


def _checked_iou(path: Path, truth: list[float]) -> float:
    """IoU of the one logo the logo check reports on the page with the drawn one."""
    options = RunOptions(rules=RuleSettings.build(select=["logo"]), ocr="off")
    [report] = check_paths([path], "stockholm", options).files
    (hit,) = report.pages[0].logos
    scale = 72 / bench.PDF_DPI  # truth in raster px, logos in points
    return bench.iou(hit.bbox, [v * scale for v in truth])


@pytest.mark.parametrize("seed", [0, 144, 168])
def test_vector_logo_over_a_photo_edge_is_found_without_the_pictures(tmp_path, bank, seed):
    # vector logos partly or wholly over a photo that the search of the page raster misses:
    # the artwork over the picture is searched again on the page rendered without pictures
    truth = _bench_page(tmp_path / "page.pdf", seed, vector=True)
    with open_document(tmp_path / "page.pdf") as doc:
        assert detect_logos(doc.page(0).raster(), bank) == []  # the first search alone
        (found,) = find_logos(doc.page(0), bank, 40)
    # measured on the page as seen: without its pictures the background is white and flat
    assert found.background != (255, 255, 255) and found.background_busyness > 0.2
    assert _checked_iou(tmp_path / "page.pdf", truth) >= 0.8


def _logo_over_a_photo(
    path: Path, *, covered: bool = False, hidden: bool = False, ring: bool = True
) -> Path:
    """A letter whose vector logo straddles a photo's edge, then maybe covered by another
    opaque photo, or drawn in an optional-content layer that is off; a ring beside it."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(pymupdf.Rect(40, 300, 280, 460), stream=_photo_png(1))
    at = pymupdf.Rect(200, 380, 350, 435)
    oc = doc.add_ocg("hidden logo", on=False) if hidden else 0
    place_logo(page, POSITIVE, at, oc=oc)
    if covered:
        page.insert_image(pymupdf.Rect(190, 370, 360, 445), stream=_photo_png(2))
    # visible artwork over the photo beside the logo, so the logo's place is searched again
    # even where MuPDF lists no drawing of a hidden layer
    if ring:
        page.draw_circle((120, 400), 60, color=(0, 0, 0), width=2)
    page.insert_text((50, 160), "Inbjudan till samråd", fontsize=22)
    doc.save(path)
    return path


@pytest.mark.parametrize("kind", ["covered", "hidden"])
def test_art_covered_by_a_photo_or_in_a_hidden_layer_is_no_logo(tmp_path, bank, kind):
    # the page without pictures shows the logo in both cases; the real page does not
    with open_document(_logo_over_a_photo(tmp_path / "page.pdf", **{kind: True})) as doc:
        page = doc.page(0)
        assert detect_logos(page.raster_without_pictures(), bank)
        assert find_logos(page, bank, 40) == []


def _copies(monkeypatch) -> list:
    """Records the ``keep`` of every page rendered without its pictures."""
    kept: list = []
    render = PdfPage.raster_without_pictures
    monkeypatch.setattr(
        PdfPage,
        "raster_without_pictures",
        lambda page, keep=(): kept.append(list(keep)) or render(page, keep),
    )
    return kept


def test_art_of_a_logo_already_found_is_not_searched_again(tmp_path, bank, monkeypatch):
    copies = _copies(monkeypatch)
    with open_document(_logo_over_a_photo(tmp_path / "page.pdf", ring=False)) as doc:
        assert len(find_logos(doc.page(0), bank, 40)) == 1  # by the first search
    assert copies == []  # its paths over the photo are that logo
    with open_document(_logo_over_a_photo(tmp_path / "ring.pdf")) as doc:
        assert len(find_logos(doc.page(0), bank, 40)) == 1
    assert len(copies) == 1  # the ring over the photo is other art: searched again


def _paints(page: PdfPage):
    """The page's content-stream walk, as the logo check passes it to ``find_logos``."""
    ctx = make_context(resolve_profile("stockholm"), RunOptions(ocr="off"))
    return lambda: read_page_colours(page, ctx)


@pytest.mark.parametrize("seed", [122, 236])
def test_placed_logo_over_a_photo_edge_is_found_without_the_photo(tmp_path, bank, seed):
    # transparent logo images partly over a photo that the search of the page raster misses:
    # the image is searched again on the page rendered without the photo under it
    truth = _bench_page(tmp_path / "page.pdf", seed, vector=False)
    with open_document(tmp_path / "page.pdf") as doc:
        page = doc.page(0)
        assert find_logos(page, bank, 40) == []  # without the walk: the first search alone
        (found,) = find_logos(page, bank, 40, _paints(page))
    assert found.background_busyness > 0.2  # measured on the page as seen, photo and all
    assert _checked_iou(tmp_path / "page.pdf", truth) >= 0.8


def _placed_over_a_photo(path: Path, *, covered: bool = False, logo: bytes | None = None) -> Path:
    """A letter whose placed logo image straddles a photo's edge, maybe covered by another
    opaque photo placed after it."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(pymupdf.Rect(40, 300, 280, 460), stream=_photo_png(1))
    page.insert_image(pymupdf.Rect(200, 380, 350, 435), stream=logo or logo_png())
    if covered:
        page.insert_image(pymupdf.Rect(190, 370, 360, 445), stream=_photo_png(2))
    page.insert_text((50, 160), "Inbjudan till samråd", fontsize=22)
    doc.save(path)
    return path


def test_a_placed_logo_covered_by_a_photo_is_no_logo(tmp_path, bank, monkeypatch):
    kept = _copies(monkeypatch)
    with open_document(_placed_over_a_photo(tmp_path / "page.pdf", covered=True)) as doc:
        page = doc.page(0)
        assert find_logos(page, bank, 40, _paints(page)) == []
        # searched again, and found there: the copy keeps the logo and drops both photos
        (keep,) = kept
        assert len(keep) == 1 and detect_logos(page.raster_without_pictures(keep), bank)


def test_an_opaque_image_over_a_photo_is_not_searched_again(tmp_path, bank, monkeypatch):
    kept = _copies(monkeypatch)
    with Image.open(io.BytesIO(logo_png())) as rgba:  # the logo flattened onto white
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        buf = io.BytesIO()
        flat.save(buf, "PNG")
    with open_document(_placed_over_a_photo(tmp_path / "page.pdf", logo=buf.getvalue())) as doc:
        page = doc.page(0)
        assert len(find_logos(page, bank, 40, _paints(page))) == 1  # by the first search
    assert kept == []  # nothing under an opaque image can show: no second search


def test_masked_photos_over_a_background_are_not_searched_again(tmp_path, bank, monkeypatch):
    # photos with rounded corners have soft masks too, but hide what is under them
    kept = _copies(monkeypatch)
    with Image.open(io.BytesIO(_photo_png(2, (480, 320)))) as photo:
        mask = Image.new("L", photo.size, 0)
        ImageDraw.Draw(mask).rounded_rectangle([0, 0, 479, 319], 40, fill=255)
        photo.putalpha(mask)
        buf = io.BytesIO()
        photo.save(buf, "PNG")
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(page.rect, stream=_photo_png(1, (600, 840)))  # the background
    page.insert_image(pymupdf.Rect(100, 200, 340, 360), stream=buf.getvalue())
    doc.save(tmp_path / "photos.pdf")
    with open_document(tmp_path / "photos.pdf") as pdf:
        page = pdf.page(0)
        assert page.has_masked_images()
        assert find_logos(page, bank, 40, _paints(page)) == []
    assert kept == []


def test_resources_inherited_from_the_page_tree_are_found(tmp_path, bank):
    path = tmp_path / "page.pdf"
    _bench_page(path, 122, vector=False)
    doc = pymupdf.open(path)
    kind, resources = doc.xref_get_key(doc[0].xref, "Resources")
    if kind == "dict":  # move them into an object the page tree node holds
        shared = doc.get_new_xref()
        doc.update_object(shared, resources)
        resources = f"{shared} 0 R"
    tree = int(doc.xref_get_key(doc[0].xref, "Parent")[1].split()[0])
    doc.xref_set_key(tree, "Resources", resources)
    doc.xref_set_key(doc[0].xref, "Resources", "null")
    doc.save(tmp_path / "inherited.pdf")
    with open_document(tmp_path / "inherited.pdf") as pdf:
        page = pdf.page(0)
        assert pdf.page(0).handle.parent.xref_get_key(page.handle.xref, "Resources")[0] == "null"
        assert len(find_logos(page, bank, 40, _paints(page))) == 1


def test_a_logo_image_drawn_through_a_form_is_kept_by_its_resource_path(tmp_path, bank):
    # the logo image sits in a form XObject (show_pdf_page wraps a page as one) over a photo
    inner = pymupdf.open()
    inner.new_page(width=150, height=55).insert_image(
        pymupdf.Rect(0, 0, 150, 55), stream=logo_png()
    )
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(pymupdf.Rect(40, 300, 280, 460), stream=_photo_png(1))
    page.show_pdf_page(pymupdf.Rect(200, 380, 350, 435), inner, 0)
    doc.save(tmp_path / "form.pdf")
    with open_document(tmp_path / "form.pdf") as pdf:
        page = pdf.page(0)
        walk = _paints(page)()
        photo, logo = [p for p in walk.paints if p.kind == "image"]
        assert len(photo.source) == 1 and len(logo.source) > 1  # drawn through forms
        assert page.is_see_through(page.image_xref(logo.source))
        assert not page.is_see_through(page.image_xref(photo.source))
        bare = page.raster_without_pictures([logo.source])
        y, x = (int(v * page.raster_scale) for v in (330, 60))  # inside the photo only
        assert bare[y, x].tolist() == [255, 255, 255]  # the photo is gone
        (found,) = detect_logos(bare, bank)  # the logo, with its transparency, stays
        assert found.score > 0.8


def test_the_page_without_pictures_leaves_the_document_alone(tmp_path, bank, capsys):
    path = _logo_over_a_photo(tmp_path / "form.pdf")
    doc = pymupdf.open(path)
    for i, on in enumerate((True, False)):  # a radio-button group, which copying would repair
        widget = pymupdf.Widget()
        widget.field_type = pymupdf.PDF_WIDGET_TYPE_RADIOBUTTON
        widget.field_name = "choice"
        widget.rect = pymupdf.Rect(400 + 30 * i, 700, 420 + 30 * i, 720)
        widget.field_value = on
        doc[0].add_widget(widget)
    note = doc[0].add_text_annot((500, 60), "Logga?")  # copying it would cut its /Popup
    note.set_popup(pymupdf.Rect(500, 80, 580, 140))
    note.update()
    doc.save(tmp_path / "form2.pdf")

    def objects(source: pymupdf.Document) -> list:
        xrefs = range(1, source.xref_length())
        streams = [source.xref_stream_raw(x) if source.xref_is_stream(x) else None for x in xrefs]
        return [source.xref_object(x) for x in xrefs] + streams

    with open_document(tmp_path / "form2.pdf") as pdf:
        page = pdf.page(0)
        source = page.handle.parent
        before = objects(source)
        bare = page.raster_without_pictures()
        assert bare.shape == page.raster().shape and detect_logos(bare, bank)
        assert objects(source) == before
        assert not source.is_dirty
    assert capsys.readouterr().out == ""


def test_a_page_too_costly_to_copy_is_not_searched_again(tmp_path, bank):
    path = tmp_path / "page.pdf"
    _bench_page(path, 0, vector=True)
    with open_document(path) as doc:  # only the second search finds this logo
        assert doc.page(0).listed_picture_bytes() > 10_000  # the photo
        assert len(find_logos(doc.page(0), bank, 40)) == 1
    with open_document(path, limits=Limits(max_page_copy_bytes=10_000)) as doc:
        assert find_logos(doc.page(0), bank, 40) == []


def test_pictures_in_resources_shared_by_all_pages_count_for_each(tmp_path):
    doc = pymupdf.open()
    doc.new_page().insert_image(pymupdf.Rect(40, 300, 280, 460), stream=_photo_png(1))
    doc.new_page()
    kind, resources = doc.xref_get_key(doc[0].xref, "Resources")
    if kind == "dict":  # make it one object, as some producers write it for every page
        shared = doc.get_new_xref()
        doc.update_object(shared, resources)
        resources = f"{shared} 0 R"
    for page in doc:
        doc.xref_set_key(page.xref, "Resources", resources)
    doc.save(tmp_path / "shared.pdf")
    with open_document(tmp_path / "shared.pdf") as pdf:
        first, second = pdf.page(0).listed_picture_bytes(), pdf.page(1).listed_picture_bytes()
    assert first == second > 10_000


def test_a_page_drawing_megabytes_of_paths_is_searched_whole_without_its_paint_log(
    tmp_path, monkeypatch
):
    # the paint log of a million paths takes 0.4 GB: the stored size of the content decides
    doc = pymupdf.open()
    page = doc.new_page()
    rng = np.random.default_rng(0)
    lines = (
        f"{x:.2f} {y:.2f} m {x + 3:.2f} {y + 1:.2f} l S" for x, y in rng.random((60_000, 2)) * 500
    )
    xref = doc.get_new_xref()
    doc.update_object(xref, "<<>>")
    doc.update_stream(xref, "\n".join(lines).encode(), compress=False)
    doc.xref_set_key(page.xref, "Contents", f"{xref} 0 R")
    doc.save(tmp_path / "paths.pdf")
    logged = []
    monkeypatch.setattr(PdfPage, "paint_log", lambda page: logged.append(page) or [])
    with open_document(tmp_path / "paths.pdf") as pdf:
        page = pdf.page(0)
        assert page.content_bytes() > 1_000_000
        assert search_regions(page, 40) is None  # the whole page
    assert logged == []  # and the log was never read


def _line_drawing() -> pymupdf.Document:
    """A 100 pt page of 300 lines, to place as a form."""
    inner = pymupdf.open()
    drawing = inner.new_page(width=100, height=100)
    for i in range(300):
        drawing.draw_line((i % 90, i % 77), ((i * 7) % 90, (i * 3) % 77))
    return inner


def _stored(source: pymupdf.Document, streams) -> int:
    """The bytes these streams take as stored in the file."""
    return sum(int(source.xref_get_key(x, "Length")[1]) for x in streams)


def test_content_bytes_count_a_form_drawn_many_times_once(tmp_path):
    inner = _line_drawing()
    doc = pymupdf.open()
    page = doc.new_page()
    for k in range(40):  # one shared form of the drawing, in 40 placements
        x, y = 10 + (k % 8) * 70, 10 + (k // 8) * 70
        page.show_pdf_page(pymupdf.Rect(x, y, x + 60, y + 60), inner, 0)
    doc.save(tmp_path / "forms.pdf")
    with open_document(tmp_path / "forms.pdf") as pdf:
        page = pdf.page(0)
        source = page.handle.parent
        listed = page.handle.get_xobjects()  # every use, nested ones included
        forms = {x for x, *_ in listed}
        assert len(listed) > len(forms)  # the shared form is listed once per use
        contents = _stored(source, page.handle.get_contents())
        assert page.content_bytes() == contents + _stored(source, forms)  # counted once


def test_content_bytes_count_a_form_stored_under_another_generation(tmp_path):
    # a file saved by incremental updates may hold an object of generation 1 ("7 1 R"): MuPDF
    # draws it as any other, so its bytes count too
    inner = _line_drawing()
    doc = pymupdf.open()
    page = doc.new_page()
    page.show_pdf_page(pymupdf.Rect(10, 10, 70, 70), inner, 0)
    form = page.get_xobjects()[0][0]  # the one the page's resources name
    data = doc.tobytes(garbage=0, deflate=False, use_objstms=0)
    data = re.sub(rb"\b%d 0 (obj|R)" % form, rb"%d 1 \1" % form, data)
    (tmp_path / "generation.pdf").write_bytes(data)
    with open_document(tmp_path / "generation.pdf") as pdf:
        page = pdf.page(0)
        source = page.handle.parent
        assert f"{form} 1 R" in source.xref_get_key(page.handle.xref, "Resources/XObject")[1]
        forms = {x for x, *_ in page.handle.get_xobjects()}
        contents = _stored(source, page.handle.get_contents())
        assert page.content_bytes() == contents + _stored(source, forms)


def test_an_svg_drawing_is_searched_like_a_page(tmp_path, bank):
    # SVG pages have no PDF objects to ask about (PyMuPDF crashes if asked)
    svg = tmp_path / "logo.svg"
    svg.write_bytes(POSITIVE.read_bytes())
    with open_document(svg) as doc:
        page = doc.page(0)
        assert page.content_bytes() == 0
        assert len(find_logos(page, bank, 40)) == 1
    [report] = check_paths([svg], "stockholm", RunOptions(ocr="off")).files
    assert report.status != "error" and len(report.pages[0].logos) == 1


def test_a_dangling_xobject_entry_does_not_stop_the_crop_search(tmp_path, bank):
    path = letter(tmp_path / "letter.pdf")
    doc = pymupdf.open(path)
    gone = doc.xref_length() + 50  # past the end of the xref table
    kind, value = doc.xref_get_key(doc[0].xref, "Resources")
    owner, key = (
        (int(value.split()[0]), "XObject/Gone")
        if kind == "xref"
        else (doc[0].xref, "Resources/XObject/Gone")
    )
    doc.xref_set_key(owner, key, f"{gone} 0 R")
    doc.save(tmp_path / "dangling.pdf")
    with open_document(path) as clean, open_document(tmp_path / "dangling.pdf") as odd:
        crops = search_regions(clean.page(0), 40)
        assert crops and search_regions(odd.page(0), 40) == crops
        assert len(find_logos(odd.page(0), bank, 40)) == 1
