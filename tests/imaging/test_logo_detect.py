"""Logo detection on real renderings of the stand-in logo and of a second, procedural logo."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import cv2
import numpy as np
import pymupdf
import pytest
from PIL import Image

from brandcheck.imaging.logo_detect import LogoDetection, detect_logos, prepare_templates
from brandcheck.logo_templates import load_logo_rgba

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "helpers"))
import blocks  # noqa: E402
import logo_bench  # noqa: E402
import seals  # noqa: E402

bench = logo_bench.load()

A4 = (1169, 827)  # rows, cols at 100 dpi


@pytest.fixture(scope="module")
def standin() -> bench.LogoArt:
    return bench.standin_art(width=900)


@pytest.fixture(scope="module")
def bank(standin: bench.LogoArt):
    return bench.bank_for(standin)


@pytest.fixture(scope="module")
def alt() -> bench.LogoArt:
    return bench.alt_art(seed=7, width=900)


@pytest.fixture(scope="module")
def alt_bank(alt: bench.LogoArt):
    return bench.bank_for(alt)


def page_with(art, placements, background=None, colour=(0, 0, 0), quality=0):
    """Paste the artwork (width, angle, aspect, centre) onto a page; return page and truths."""
    img = np.full((*A4, 3), 255, np.uint8) if background is None else background.copy()
    alpha_art = art.rgba[..., 3].astype(np.float32) / 255.0
    truths = []
    for width, angle, aspect, centre in placements:
        affine = bench.logo_affine(alpha_art.shape, width, angle, aspect, centre)
        alpha = bench.warp_alpha(alpha_art, affine, (img.shape[1], img.shape[0]))
        bench.composite(img, alpha, colour)
        truths.append(bench.box_of(alpha))
    if quality:
        img = bench.jpeg(img, quality)
    return img, truths


def only(dets: list[LogoDetection], truth) -> LogoDetection:
    assert len(dets) == 1, dets
    assert bench.iou(dets[0].bbox, truth) >= 0.8, (dets[0].bbox, truth)
    return dets[0]


@pytest.mark.parametrize("width", [44, 120, 700])
def test_found_at_small_and_large_sizes(standin, bank, width):
    img, (truth,) = page_with(standin, [(width, 0.0, 1.0, (420, 500))])
    det = only(detect_logos(img, bank), truth)
    assert det.polarity == "dark-on-light" and det.variant == "positive"
    assert abs(det.angle) < 1.5 and abs(det.aspect - 1.0) < 0.06
    assert det.width_px == pytest.approx(width * bench.box_width_ratio(standin), rel=0.08)
    assert max(det.colour) < 60 and min(det.background) > 230


def test_rotation_is_measured(standin, bank):
    img, (truth,) = page_with(standin, [(300, 8.0, 1.0, (400, 400))])
    assert only(detect_logos(img, bank), truth).angle == pytest.approx(8.0, abs=1.0)
    img, (truth,) = page_with(standin, [(300, -9.0, 1.0, (400, 400))])
    assert only(detect_logos(img, bank), truth).angle == pytest.approx(-9.0, abs=1.0)


def test_stretch_is_measured(standin, bank):
    img, (truth,) = page_with(standin, [(360, 0.0, 1.2, (400, 600))])
    assert only(detect_logos(img, bank), truth).aspect == pytest.approx(1.2, abs=0.04)
    img, (truth,) = page_with(standin, [(300, 0.0, 0.8, (400, 600))])
    assert only(detect_logos(img, bank), truth).aspect == pytest.approx(0.8, abs=0.04)


def test_negative_version_on_dark_background(standin, bank):
    dark = np.zeros((*A4, 3), np.uint8)
    dark[:] = (0, 40, 90)
    img, (truth,) = page_with(standin, [(250, 0.0, 1.0, (300, 200))], dark, (255, 255, 255))
    det = only(detect_logos(img, bank), truth)
    assert det.polarity == "light-on-dark" and det.variant == "negative"
    assert min(det.colour) > 220 and det.background == pytest.approx((0, 40, 90), abs=6)
    assert det.contrast > 10


def test_coloured_version_and_its_colour(standin, bank):
    img, (truth,) = page_with(standin, [(220, 0.0, 1.0, (500, 900))], colour=(230, 0, 107))
    det = only(detect_logos(img, bank), truth)
    assert det.colour == pytest.approx((230, 0, 107), abs=12)


@pytest.mark.xfail(
    strict=True,
    reason="known limit: the coarse search sees luminance and near-white/near-black tones only",
)
@pytest.mark.parametrize(
    ("ink", "field"), [((200, 30, 30), (0, 138, 0)), ((30, 60, 200), (120, 80, 0))]
)
def test_coloured_logo_on_a_field_of_about_the_same_luminance(standin, bank, ink, field):
    """Red on green of equal luminance, or blue on brown 16 grey levels apart: the logo is
    plain to see, but no luminance or tone peak marks it for the later colour retries."""
    background = np.empty((*A4, 3), np.uint8)
    background[:] = field
    img, (truth,) = page_with(standin, [(300, 0.0, 1.0, (420, 500))], background, ink)
    only(detect_logos(img, bank), truth)


def test_jpeg_quality_40(standin, bank):
    img, truths = page_with(
        standin, [(60, 3.0, 1.0, (200, 150)), (400, 0.0, 1.0, (400, 700))], quality=40
    )
    dets = detect_logos(img, bank)
    assert len(dets) == 2
    for truth in truths:
        assert max(bench.iou(d.bbox, truth) for d in dets) >= 0.7


def test_busy_photo_background_and_busyness(standin, bank):
    rng = np.random.default_rng(5)
    photo = bench.photo_background(rng, *A4, busy=1.0)
    region = photo[500:700, 150:650].mean()
    ink = (0, 0, 0) if region > 128 else (255, 255, 255)
    img, (truth,) = page_with(standin, [(450, 0.0, 1.0, (400, 600))], photo, ink)
    busy = only(detect_logos(img, bank), truth)
    img, (truth,) = page_with(standin, [(450, 0.0, 1.0, (400, 600))])
    calm = only(detect_logos(img, bank), truth)
    assert busy.background_busyness > calm.background_busyness + 0.2
    assert calm.background_busyness < 0.1


def test_several_logos_per_page(standin, bank):
    img, truths = page_with(
        standin,
        [(90, 0.0, 1.0, (150, 100)), (200, 5.0, 1.0, (600, 400)), (400, -4.0, 1.0, (400, 900))],
    )
    dets = detect_logos(img, bank)
    assert len(dets) == 3
    for truth in truths:
        assert max(bench.iou(d.bbox, truth) for d in dets) >= 0.8


def test_a_sheet_of_many_logos_is_found_whole(standin, bank):
    # a brand manual's page of logo versions: more logos than the per-page caps on ranked (10)
    # and refined (8) places, which bound the effort spent on weak candidates only (the coarse
    # search's budget of 40 peaks per page is the limit)
    placements = [
        (120, 0.0, 1.0, (round((col + 0.5) * A4[1] / 4), round((row + 0.5) * A4[0] / 6)))
        for row in range(6)
        for col in range(4)
    ]
    img, truths = page_with(standin, placements)
    dets = detect_logos(img, bank)
    assert len(dets) == 24
    for truth in truths:
        assert max(bench.iou(d.bbox, truth) for d in dets) >= 0.8


def test_no_logo_on_empty_or_flat_pages(bank):
    assert detect_logos(np.full((*A4, 3), 255, np.uint8), bank) == []
    assert detect_logos(np.zeros((20, 30, 3), np.uint8), bank) == []
    rng = np.random.default_rng(3)
    img = bench.flat_background(rng, *A4)
    bench.add_clutter(img, rng, (0, 0, 0) if img.mean() > 128 else (255, 255, 255))
    assert detect_logos(img, bank) == []


def test_other_shields_are_not_the_logo(bank):
    rng = np.random.default_rng(11)
    img = np.full((*A4, 3), 255, np.uint8)
    for i, (x, y) in enumerate(
        [(40, 40), (300, 40), (560, 40), (40, 400), (300, 400), (560, 400), (40, 760), (300, 760)]
    ):
        right = bench.draw_shield(img, rng, x, y, 60 + 20 * (i % 3), (0, 0, 0))[2]
        if i % 2:
            bench.draw_text(img, rng, "Stockholms\nstad", (right + 8, y + 5), 26, (0, 0, 0))
    assert detect_logos(img, bank) == []


@pytest.mark.parametrize("seed", [1, 2])
def test_words_in_an_ordinary_font_are_not_the_logo(bank, seed):
    rng = np.random.default_rng(seed)
    img = np.full((*A4, 3), 255, np.uint8)
    for i, size in enumerate([14, 24, 40, 70, 110]):
        text = "Stockholms\nstad" if i % 2 == 0 else "Stockholms stad"
        bench.draw_text(img, rng, text, (30 + 40 * i, 30 + 200 * i), size, (0, 0, 0))
    assert detect_logos(img, bank) == []


def _noisy_page(alpha: np.ndarray, width: int) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """A4 page with the artwork ``alpha`` in black, Gaussian noise and JPEG quality 60; and the
    box of the artwork on it."""
    img = np.full((*A4, 3), 255, np.uint8)
    affine = bench.logo_affine(alpha.shape, width, 0.0, 1.0, (420, 500))
    on_page = bench.warp_alpha(alpha, affine, (A4[1], A4[0]))
    bench.composite(img, on_page, (0, 0, 0))
    noise = np.random.default_rng(width).normal(0.0, 8.0, img.shape)
    return bench.jpeg(np.clip(img + noise, 0, 255).astype(np.uint8), 60), bench.box_of(on_page)


def _widest_gap(alpha: np.ndarray) -> int:
    """The column in the middle of the widest run of empty columns inside the artwork's ink."""
    inked = np.flatnonzero(alpha.max(axis=0) > 0)
    gaps = np.diff(inked)
    i = int(np.argmax(gaps))
    return int(inked[i] + gaps[i] // 2)


@pytest.mark.parametrize("width", [50, 80, 120, 320])
@pytest.mark.parametrize("which", ["standin", "alt"])
def test_whole_artwork_on_a_noisy_page(standin, alt, bank, alt_bank, which, width):
    art, art_bank = (standin, bank) if which == "standin" else (alt, alt_bank)
    img, truth = _noisy_page(art.rgba[..., 3].astype(np.float32) / 255.0, width)
    only(detect_logos(img, art_bank), truth)


def _cut(art: bench.LogoArt, cut: str) -> np.ndarray:
    """The artwork's alpha with one element removed (see test_the_whole_artwork_must_be_there)."""
    alpha = art.rgba[..., 3].astype(np.float32) / 255.0
    h, w = alpha.shape
    split = _widest_gap(alpha)  # between the emblem and the words or bars
    if cut == "emblem alone":
        alpha[:, split:] = 0.0
    elif cut == "words alone":
        alpha[:, :split] = 0.0
    elif cut == "empty shield":  # the stand-in's crown, head and bust; the outline stays
        alpha[round(0.055 * h) : round(0.79 * h), round(0.055 * w) : round(0.225 * w)] = 0.0
    elif cut == "no 'stad'":  # the stand-in's second line of words
        alpha[round(0.53 * h) :, split:] = 0.0
    elif cut == "empty ring":  # the other artwork's star (its SVG is 215 x 100 units)
        k = w / 215.0
        yy, xx = np.mgrid[0:h, 0:w]
        alpha[(xx - 50 * k) ** 2 + (yy - 50 * k) ** 2 < (36 * k) ** 2] = 0.0
    elif cut == "no wedge":  # the other artwork's triangle below its bars (its tip stays)
        alpha[round(0.78 * h) :, split:] = 0.0
    return alpha


@pytest.mark.parametrize("width", [80, 120, 320])
@pytest.mark.parametrize(
    ("which", "cut"),
    [
        ("standin", "emblem alone"),
        ("standin", "words alone"),
        ("standin", "empty shield"),
        ("standin", "no 'stad'"),
        ("alt", "empty ring"),
        ("alt", "no wedge"),
    ],
)
def test_the_whole_artwork_must_be_there(standin, alt, bank, alt_bank, which, cut, width):
    """A logo with an element left out is not the logo. The emblem or the words alone match the
    whole artwork poorly; an emblem emptied of its figure, or the logo without a line of words
    or its wedge, match it well overall, and only the part-by-part check rejects them (a part
    with less than a quarter of the logo's contrast is missing). The page is noisy, so the
    missing part's area correlates a little by chance."""
    art, art_bank = (standin, bank) if which == "standin" else (alt, alt_bank)
    img, _ = _noisy_page(_cut(art, cut), width)
    assert detect_logos(img, art_bank) == []


@pytest.mark.xfail(
    strict=True, reason="known limit: below 40 px geometric size the coarse grid of parts is used"
)
def test_an_emptied_shield_at_50_px_is_not_the_logo(standin, bank):
    img, _ = _noisy_page(_cut(standin, "empty shield"), 50)
    assert detect_logos(img, bank) == []


EMBLEM_WORDS = "MILJÖFÖRVALTNINGEN · VATTENVERKET ·"


@pytest.fixture(scope="module")
def emblem_bank():
    """A round emblem as the profile's logo: two rings, words around, a tower, a sun, waves."""
    ink = seals.seal(EMBLEM_WORDS, "tower")
    return prepare_templates([("emblem", "positive", np.dstack([0 * ink, 0 * ink, 0 * ink, ink]))])


def _seal_page(words: str, figure: str, width: int) -> np.ndarray:
    return _ink_page(seals.seal(words, figure), width)


def _ink_page(ink: np.ndarray, width: int) -> np.ndarray:
    """A white page with ``ink`` (uint8, 255 = ink) in black, ``width`` px wide, at (100, 100)."""
    height = round(width * ink.shape[0] / ink.shape[1])
    ink = cv2.resize(ink, (width, height), interpolation=cv2.INTER_AREA)
    img = np.full((*A4, 3), 255, np.uint8)
    img[100 : 100 + height, 100 : 100 + width] -= ink[..., None]
    return img


@pytest.mark.parametrize("width", [200, 400])
def test_a_round_emblem_is_found(emblem_bank, width):
    only(
        detect_logos(_seal_page(EMBLEM_WORDS, "tower", width), emblem_bank),
        (100, 100, 100 + width, 100 + width),
    )


@pytest.mark.parametrize("width", [200, 400])
@pytest.mark.parametrize(
    ("words", "figure"),
    [
        ("KULTURFÖRVALTNINGEN · STADSARKIVET ·", "arrow"),
        ("TRAFIKKONTORET · STOCKHOLM · 1926 ·", "tree"),
        (EMBLEM_WORDS, "tower, no sun"),
    ],
)
def test_another_round_seal_is_not_the_emblem(emblem_bank, words, figure, width):
    """Round seals share the emblem's rings, which cross every cell of the part-by-part grid, and
    often words of its ring text: the seal with an arrow matches the whole emblem at 0.75 and
    its worst cells at 0.35 and 0.51. What tells them apart is the artwork's own elements: the
    sun beside the tower is not there (nor, with the arrow's words, its figure)."""
    assert detect_logos(_seal_page(words, figure, width), emblem_bank) == []


@pytest.fixture(scope="module")
def lettered_bank():
    """A round emblem with a letter "N" as its figure."""
    ink = seals.seal(EMBLEM_WORDS, "letter N")
    return prepare_templates([("emblem", "positive", np.dstack([0 * ink, 0 * ink, 0 * ink, ink]))])


@pytest.mark.parametrize("width", [200, 400])
def test_an_emblem_with_its_figure_mirrored_is_not_the_emblem(lettered_bank, width):
    """The "N" flipped in its place ("И") keeps the rings, the words and the letter's outline:
    the grid and the elements see the emblem (it verified at 0.81). Compared at a larger size
    with the element and with its mirror image, the page follows the mirror image."""
    assert detect_logos(_seal_page(EMBLEM_WORDS, "letter N, mirrored", width), lettered_bank) == []
    only(
        detect_logos(_seal_page(EMBLEM_WORDS, "letter N", width), lettered_bank),
        (100, 100, 100 + width, 100 + width),
    )


@pytest.fixture(scope="module")
def block_bank():
    """A solid block mark as the profile's logo: an "A" and a round hole knocked out of it."""
    ink = blocks.block()
    return prepare_templates([("block", "positive", np.dstack([0 * ink, 0 * ink, 0 * ink, ink]))])


@pytest.mark.parametrize("width", [100, 300])
def test_a_block_mark_with_its_hole_is_found(block_bank, width):
    height = round(1.1 * width)
    only(
        detect_logos(_ink_page(blocks.block(), width), block_bank),
        (100, 100, 100 + width, 100 + height),
    )


@pytest.mark.parametrize("width", [100, 300])
def test_a_block_mark_with_its_hole_filled_is_not_the_logo(block_bank, width):
    """The hole is background the ink encloses, no piece of ink: filled, it leaves the whole
    mark matching at 0.98 and every cell of the grid with its contrast. The hole is an element
    of its own, with a rim of ink, that must show the page's background inside the ink."""
    assert detect_logos(_ink_page(blocks.block(hole=False), width), block_bank) == []


def test_second_artwork_is_found_and_kept_apart(standin, alt, bank, alt_bank):
    img, (truth,) = page_with(alt, [(260, 6.0, 1.0, (300, 300))])
    only(detect_logos(img, alt_bank), truth)
    assert detect_logos(img, bank) == []
    img, _ = page_with(standin, [(260, 0.0, 1.0, (300, 300))])
    assert detect_logos(img, alt_bank) == []


def test_vector_logo_in_pdf(standin):
    arts = {"standin": standin, "alt": bench.alt_art(width=900)}
    banks = {k: bench.bank_for(a) for k, a in arts.items()}
    rng = np.random.default_rng(21)
    page = bench.pdf_logo_page(rng, arts["standin"], "pdf", vector=True)
    dets = detect_logos(page.rgb, banks["standin"])
    assert len(dets) == len(page.truths) == 1
    assert bench.iou(dets[0].bbox, page.truths[0]) >= 0.8


@pytest.mark.parametrize(("seed", "vector"), [(121, True), (72, False)])
def test_large_logo_half_over_a_photo_in_a_pdf(standin, bank, seed, vector):
    # logos 430-480 px wide, partly over a photo: the coarse search finds them, but at the
    # ranking size the photo behind them scored lower than small texture elsewhere
    page = bench.pdf_logo_page(np.random.default_rng(seed), standin, "pdf", vector=vector)
    (truth,) = page.truths
    assert truth[2] - truth[0] > 400
    only(detect_logos(page.rgb, bank), truth)


@pytest.mark.parametrize(("seed", "vector"), [(121, True), (72, False)])
def test_large_logo_half_over_a_photo_in_a_pdf_crop(standin, bank, seed, vector):
    # logo_regions searches a PDF page's crops around its art as images of their own: their
    # luminance is not a derived image, so a large logo over a photo keeps the coarse find's
    # raise there as on the whole page (only the tone and ink images go without it)
    from brandcheck.logo_regions import cut, in_page

    page = bench.pdf_logo_page(np.random.default_rng(seed), standin, "pdf", vector=vector)
    (truth,) = page.truths
    h, w = page.rgb.shape[:2]
    grow = 0.25 * ((truth[2] - truth[0]) * (truth[3] - truth[1])) ** 0.5
    region = (
        max(0, int(truth[0] - grow)),
        max(0, int(truth[1] - grow)),
        min(w, int(truth[2] + grow)),
        min(h, int(truth[3] + grow)),
    )
    only([in_page(d, region) for d in detect_logos(cut(page.rgb, region), bank)], truth)


def test_a_pose_found_on_a_derived_image_is_verified_on_luminance_too(standin, bank):
    # a placed logo whose pose, refined on a derived image (tone or ink colour), verifies
    # there at 0.38 only; luminance at that pose verifies it at 0.94, and the better counts
    # (without that second verification it is not found)
    page = bench.pdf_logo_page(np.random.default_rng(22), standin, "pdf", vector=False)
    (truth,) = page.truths
    only(detect_logos(page.rgb, bank), truth)


def test_flat_templates_are_refused():
    blank = np.zeros((50, 120, 4), np.uint8)
    with pytest.raises(ValueError, match="flat"):
        prepare_templates([("x", "positive", blank)])
    solid = np.full((50, 120, 4), 255, np.uint8)
    with pytest.raises(ValueError, match="flat"):
        prepare_templates([("x", "positive", solid)])
    with pytest.raises(ValueError):
        prepare_templates([])


def test_template_loader_formats_and_errors(tmp_path, standin):
    svg = ROOT / "reference_assets" / "stockholm" / "logo" / "standin-negative.svg"
    neg = load_logo_rgba(svg, width=400)
    assert neg.shape[1] == 400 and neg[..., 3].max() == 255 and not neg.flags.writeable
    assert load_logo_rgba(svg, width=400) is neg  # cached
    flat = np.full((60, 160, 3), 255, np.uint8)
    flat[10:50, 10:150] = standin.rgba[..., 3][::6, ::6][:40, :140, None] < 128
    flat[10:50, 10:150] *= 255
    jpg = tmp_path / "logo.jpg"
    Image.fromarray(flat).save(jpg, quality=85)
    derived = load_logo_rgba(jpg)
    assert derived[..., 3].min() == 0 and derived[..., 3].max() == 255
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"not a png")
    with pytest.raises(ValueError, match=r"broken\.png"):
        load_logo_rgba(bad)
    with pytest.raises(ValueError, match=r"missing\.svg"):
        load_logo_rgba(tmp_path / "missing.svg")
    blank = tmp_path / "blank.png"
    buf = io.BytesIO()
    Image.fromarray(np.full((80, 80, 3), 200, np.uint8)).save(buf, "PNG")
    blank.write_bytes(buf.getvalue())
    with pytest.raises(ValueError, match="flat"):
        load_logo_rgba(blank)
    tiny = tmp_path / "tiny.png"  # a thumbnail: upscaled to a template, it matches nothing
    Image.fromarray(flat).resize((30, 12)).save(tiny)
    with pytest.raises(ValueError, match=r"tiny\.png is only 30 px wide"):
        load_logo_rgba(tiny)


def test_a_logo_drawn_on_a_white_rectangle_is_its_ink_not_the_rectangle(tmp_path, standin):
    # an official file exported with a background: its rendering's last row is half covered
    # (493 x 100 at 800 px wide is 162.3 px tall: 163 rows), so its alpha is not opaque throughout
    svg = (ROOT / "reference_assets" / "stockholm" / "logo" / "standin-positive.svg").read_text()
    svg = svg.replace('width="275" height="100" viewBox="0 0 275 100"', 'viewBox="0 0 493 100"')
    svg = svg.replace("<g ", '<rect width="493" height="100" fill="#FFFFFF"/><g ', 1)
    path = tmp_path / "official-on-white.svg"
    path.write_text(svg)
    rgba = load_logo_rgba(path, width=800)
    assert rgba.shape[0] == 163
    assert rgba[..., 3].min() == 0  # the background is transparent, the ink is the shape
    as_rendered = np.array(rgba)  # the same artwork given to the detector as an array
    as_rendered[..., 3] = 255
    as_rendered[-1, :, 3] = 67
    page, truths = page_with(bench.LogoArt("x", None, rgba), [(700, 0.0, 1.0, (500, 400))])
    for name, template in (("loaded", rgba), ("as rendered", as_rendered)):
        bank = prepare_templates([("official", "positive", template)])
        found = detect_logos(page, bank)
        assert len(found) == 1 and bench.iou(found[0].bbox, truths[0]) >= 0.8, (name, found)


@pytest.mark.parametrize("width", [200, 300, 500])
@pytest.mark.parametrize("angle", [-7.0, 7.0, 9.0])
def test_pillow_rotated_logo_on_plain_white(tmp_path, width, angle):
    """A logo rotated with Pillow (bicubic, expanded canvas) pasted on white: a reported miss."""
    logo_dir = ROOT / "reference_assets" / "stockholm" / "logo"
    bank = prepare_templates(
        [
            ("standin", "positive", load_logo_rgba(logo_dir / "standin-positive.svg", width=800)),
            ("standin", "negative", load_logo_rgba(logo_dir / "standin-negative.svg", width=800)),
        ]
    )
    logo = Image.fromarray(np.array(load_logo_rgba(logo_dir / "standin-positive.svg", width=width)))
    rotated = logo.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    page = Image.new("RGB", (1400, 1000), "white")
    page.paste(rotated, (60, 60), rotated)
    path = tmp_path / "page.png"
    page.save(path)
    img = np.asarray(Image.open(path).convert("RGB"))
    truth = bench.box_of((255 - img.min(axis=2)).astype(np.float32) / 255.0)
    det = only(detect_logos(img, bank), truth)
    assert det.angle == pytest.approx(angle, abs=1.0)
    assert det.width_px == pytest.approx(
        width * bench.box_width_ratio(bench.standin_art()), rel=0.08
    )


def two_fields_with_disc(inner, outer, centre, radius):
    """A page in one flat colour with a sharp-edged disc of another colour."""
    img = np.empty((*A4, 3), np.uint8)
    img[:] = outer
    cv2.circle(img, centre, radius, inner, -1, cv2.LINE_AA)
    return img


@pytest.mark.parametrize("angle", [0.0, 8.0])
@pytest.mark.parametrize(
    ("outer", "inner", "ink"),
    [
        ((90, 60, 170), (170, 225, 245), (255, 255, 255)),
        ((245, 160, 190), (150, 20, 30), (0, 0, 0)),
    ],
)
def test_logo_over_a_sharp_colour_edge(standin, bank, outer, inner, ink, angle):
    # a disc whose edge crosses the logo: strong in luminance, absent in the ink's colour; the
    # tone image (searched with the upright template only) must still bring a rotated logo
    background = two_fields_with_disc(inner, outer, (560, 560), 170)
    img, (truth,) = page_with(standin, [(300, angle, 1.0, (420, 560))], background, ink)
    det = only(detect_logos(img, bank), truth)
    assert det.colour == pytest.approx(ink, abs=25)
    assert det.angle == pytest.approx(angle, abs=1.5)


@pytest.mark.parametrize("angle", [10.0, -10.0])
def test_rotated_logo_among_heavy_text_clutter(standin, bank, angle):
    # many lines of ordinary text about the logo's size compete for the few ranked places
    rng = np.random.default_rng(17)
    img = np.full((*A4, 3), 255, np.uint8)
    for row in range(22):
        words = " ".join(rng.choice(bench.WORDS, size=5))
        bench.draw_text(img, rng, words, (20, 15 + 52 * row), int(rng.integers(18, 34)), (0, 0, 0))
    clear = (130, 470, 710, 770)
    img[clear[1] : clear[3], clear[0] : clear[2]] = 255
    img, (truth,) = page_with(standin, [(120, angle, 1.0, (420, 620))], img)
    det = only(detect_logos(img, bank), truth)
    assert det.angle == pytest.approx(angle, abs=1.5)


def test_the_benchmark_takes_any_logo_file(tmp_path):
    # `bench/logo_detection.py --logo FILE`: an official file in the stand-in's place, its
    # paint recoloured however the SVG states it (style, attribute, currentColor, default)
    svg = tmp_path / "official.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 60" style="color:#123456">'
        '<style>.a { fill: #1A1A1A; }</style><circle class="a" cx="30" cy="30" r="26"/>'
        '<rect x="70" y="10" width="220" height="16" fill="currentColor"/>'
        '<rect x="70" y="34" width="150" height="16"/></svg>'
    )
    art = bench.file_art(svg, width=600)
    assert art.key == "official.svg"
    red = bench.svg_to_rgba(art.svg_in((200, 0, 0)), 600)
    ink = red[red[..., 3] == 255][:, :3]
    assert ink.size and (ink == (200, 0, 0)).all()
    # a wordmark over three times as wide as tall is placed no smaller than it is searched
    assert bench.smallest_logo(art) == pytest.approx(40 * (286 / 52) / 3, rel=0.03)  # ink box
    pages = list(bench.generate_pages(12, 5, {"main": art, "alt": bench.alt_art(width=600)}))
    vector = [p for p in pages if "pdf-vector" in p.tags]
    assert vector and all(p.truths for p in vector)


def test_logo_files_are_read_by_what_they_are_not_by_their_names(tmp_path):
    svg = ROOT / "reference_assets" / "stockholm" / "logo" / "standin-positive.svg"
    want = load_logo_rgba(svg, width=300)
    pdf = pymupdf.open(svg).convert_to_pdf()
    named = {"logo": svg.read_bytes(), "logo-as.png": svg.read_bytes(), "pdf-as.png": pdf}
    named["logo-\udce5.svg"] = svg.read_bytes()  # a name whose bytes are not UTF-8
    for name, data in named.items():
        path = tmp_path / name
        path.write_bytes(data)
        got = load_logo_rgba(path, width=300)
        assert got.shape == want.shape, name
        assert np.abs(got[..., 3].astype(int) - want[..., 3]).mean() < 2, name


def test_the_benchmark_times_cpu_and_takes_a_thread_count(capsys):
    # `bench/logo_detection.py --threads 1`: the single-threaded work the batch workers do,
    # with CPU time (process time) beside wall-clock time, which a shared host inflates
    before = cv2.getNumThreads()
    try:
        assert bench.main(["--pages", "2", "--seed", "5", "--threads", "1"]) == 0
        out = capsys.readouterr().out
        assert "cv2 threads 1," in out
        assert out.count("cpu_ms/page=") == 3
        assert re.search(r"CPU-time ratio on the same pages: \d+\.\dx", out)
        with pytest.raises(SystemExit):
            bench.main(["--pages", "1", "--threads", "0"])
        assert "--threads must be at least 1" in capsys.readouterr().err
    finally:
        cv2.setNumThreads(before)


def scanned_text_page(seed: int) -> np.ndarray:
    """A page of text as a scan shows it: rendered in grey at 100 dpi, noisy, slightly turned."""
    rng = np.random.default_rng(seed)
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((56, 80), "Rubrik", fontsize=24, fontname="hebo")
    body = "Stockholms stad informerar om verksamheten. " * 3
    for line in range(30):
        page.insert_text((56, 120 + line * 16), body[: int(rng.integers(40, 90))], fontsize=10)
    page.draw_rect(pymupdf.Rect(56, 760, 539, 800), color=None, fill=(0.3, 0.3, 0.3))
    pix = page.get_pixmap(dpi=100, colorspace=pymupdf.csGRAY)
    grey = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)
    noisy = np.clip(grey + rng.normal(0, 12, grey.shape), 0, 255).astype(np.uint8)
    turned = Image.fromarray(noisy).rotate(float(rng.uniform(-1.5, 1.5)), fillcolor=255)
    return np.repeat(np.asarray(turned)[..., None], 3, axis=2)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_blocks_of_text_on_the_tone_image_are_not_raised_to_promising(bank, seed):
    # in the tone image a page of text is black on white, and its blocks of words make large
    # strong coarse peaks that rank low; raised to INK_KEEP (as a large logo over a photo is
    # on luminance) each was aligned twice and got an ink image: 3-4 a page of scanned text
    from brandcheck.imaging.logo_channels import Channels
    from brandcheck.imaging.logo_coarse import coarse_candidates, ranked
    from brandcheck.imaging.logo_verify import promising

    page = scanned_text_page(seed)
    tones = Channels(page).tones()
    (shape,) = bank.shapes
    places = ranked(tones, coarse_candidates(tones, shape, 50.0, rotated=False), 5, promising)
    assert not [c for c in places if promising(c)]
    assert detect_logos(page, bank) == []
