"""Colour rules BC201–BC204 on real generated files: RGB, CMYK and spot PDFs, PNG and CMYK JPEGs."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import numpy as np
import pikepdf
import pymupdf
import pytest
from PIL import Image, ImageCms, ImageDraw, ImageFont
from skimage import data

from brandcheck.api import check_paths
from brandcheck.document import open_document
from brandcheck.pipeline import RunOptions
from brandcheck.profile import shipped_profiles
from brandcheck.report import FileReport, Finding

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "helpers"))
from icc import display_p3
from pdf_pages import add, form, one_page
from typesetting import to_outlines

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
PALETTE_RGB = ["#E5006C", "#009991", "#FCBF0A", "#AAD9D6", "#890C58", "#F9BF9C"]
# (name, CMYK % from the profile)
PALETTE_CMYK = [(0, 100, 22, 0), (94, 0, 50, 0), (0, 79, 100, 0), (38, 0, 20, 0), (0, 0, 0, 100)]
RED_CMYK = (0, 100, 100, 0)


def _check(path: Path, target: str = "print") -> FileReport:
    report = check_paths([path], "stockholm", RunOptions(target=target))
    (file_report,) = report.files
    assert file_report.status != "error", file_report.error
    return file_report


def _colour_findings(report: FileReport, name: str | None = None) -> list[Finding]:
    return [
        f
        for f in report.findings
        if f.name.startswith("colour.") and (name is None or f.name == name)
    ]


def _rgb(hex_: str) -> tuple[float, float, float]:
    return tuple(int(hex_[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


# ------------------------------------------------------------------ file makers
def _rgb_pdf(path: Path, fills: list[str], pages: int = 1, text: str = "#000000") -> Path:
    doc = pymupdf.open()
    for _ in range(pages):
        page = doc.new_page(width=420, height=595)
        for i, hex_ in enumerate(fills):
            rect = pymupdf.Rect(20 + (i % 3) * 130, 40 + (i // 3) * 130, 140 + (i % 3) * 130, 160)
            rect.y1 = rect.y0 + 110
            page.draw_rect(rect, fill=_rgb(hex_), color=None)
        page.insert_text((30, 450), "Stockholms stad", fontsize=24, color=_rgb(text))
        page.insert_text((30, 480), "Brödtext i svart på vitt.", fontsize=10, color=_rgb(text))
    doc.save(path)
    return path


def _cmyk_pdf(path: Path, fills: list[tuple[int, int, int, int]]) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=420, height=595)
    for i, cmyk in enumerate(fills):
        rect = pymupdf.Rect(20 + i * 75, 40, 85 + i * 75, 200)
        page.draw_rect(rect, fill=tuple(v / 100 for v in cmyk), color=None)
    page.insert_text((30, 450), "Stockholms stad", fontsize=24, color=(0, 0, 0, 1))
    doc.save(path)
    return path


def _separation(pdf: pikepdf.Pdf, ink: str, cmyk: list[float]) -> pikepdf.Array:
    """A Separation space for `ink`, shown as the CMYK `cmyk` at full tint (as exports write
    one: its tint transform an indirect exponential function)."""
    tint = pdf.make_indirect(
        pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0] * 4, C1=cmyk, N=1)
    )
    name = pikepdf.Name("/" + ink)
    return pikepdf.Array([pikepdf.Name.Separation, name, pikepdf.Name.DeviceCMYK, tint])


def _spot_pdf(path: Path, ink: str, alternate: tuple[float, ...], tint: float = 1.0) -> Path:
    """A page filled by a Separation colour, written with pikepdf (PyMuPDF cannot)."""

    def spot(pdf: pikepdf.Pdf, page: pikepdf.Dictionary) -> None:
        add(page, "ColorSpace", "CS0", _separation(pdf, ink, list(alternate)))

    content = (
        f"q /CS0 cs {tint} scn 40 300 300 200 re f Q "
        "q 0 0 0 1 k BT /F1 24 Tf 40 200 Td (Stockholm) Tj ET Q"
    )
    return one_page(path, content, (420, 595), spot)


def _poster(size=(840, 1190), extra: str | None = None) -> Image.Image:
    """A poster from palette colours, white, black text and a photograph."""
    w, h = size
    img = Image.new("RGB", size, "#FFFFFF")
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, w, h // 4], fill=PALETTE_RGB[0])
    d.rectangle([0, h - h // 5, w, h], fill=PALETTE_RGB[1])
    d.ellipse([w - 330, h // 3, w - 80, h // 3 + 250], fill=PALETTE_RGB[2])
    d.rectangle([40, h // 3, 360, h // 3 + 120], fill=PALETTE_RGB[3])
    d.rectangle([40, h // 3 + 140, 200, h // 3 + 200], fill=PALETTE_RGB[4])
    big = ImageFont.truetype(FONT, 110)
    small = ImageFont.truetype(FONT, 18)
    d.text((40, 60), "Stockholm", fill="#FFFFFF", font=big)
    for i in range(8):
        d.text(
            (40, h // 2 + 140 + 26 * i),
            "Kulturhuset öppet varje dag 10–18",
            fill="#000000",
            font=small,
        )
    photo = Image.fromarray(data.astronaut()).resize((300, 300))
    img.paste(photo, (w - 340, h // 2 + 120))
    if extra:
        d.rectangle([420, h // 3 + 140, 560, h // 3 + 260], fill=extra)
    return img


def _save_jpeg(img: Image.Image, path: Path, quality: int = 60, **kw) -> Path:
    img.save(path, "JPEG", quality=quality, **kw)
    return path


def _swop_icc(tmp_path: Path) -> bytes:
    """MuPDF's built-in CMYK profile ('Artifex CMYK SWOP'), written out through a PSD file."""
    pix = pymupdf.Pixmap(pymupdf.csCMYK, 2, 2, bytes(16), 0)
    psd = tmp_path / "profile.psd"
    pix.save(psd)
    with Image.open(psd) as im:
        icc = im.info["icc_profile"]
    assert ImageCms.ImageCmsProfile(io.BytesIO(icc)).profile.xcolor_space.strip() == "CMYK"
    return icc


def _cmyk_poster(fills: list[tuple[int, int, int, int]]) -> Image.Image:
    img = Image.new("CMYK", (600, 800), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    for i, cmyk in enumerate(fills):
        d.rectangle(
            [40 + (i % 2) * 270, 40 + (i // 2) * 230, 290 + (i % 2) * 270, 250 + (i // 2) * 230],
            fill=tuple(round(v * 2.55) for v in cmyk),
        )
    return img


# ------------------------------------------------------------------ BC201 off-palette, PDFs
def test_rgb_pdf_in_palette_colours_has_no_colour_findings(tmp_path: Path) -> None:
    report = _check(_rgb_pdf(tmp_path / "palette.pdf", PALETTE_RGB), target="digital")
    assert _colour_findings(report) == []
    uses = {c.hex: c for c in report.pages[0].colours}
    assert uses["#E5006C"].nearest == "Rosa primär" and uses["#E5006C"].delta_e == 0
    assert uses["#E5006C"].share > 0.04 and uses["#E5006C"].bbox is not None
    assert uses["#000000"].source == "text"


def test_off_palette_red_fill_is_reported_once_per_page_with_count_and_boxes(
    tmp_path: Path,
) -> None:
    fills = [PALETTE_RGB[0], "#FF0000", "#FF0000", "#FF0000"]
    report = _check(_rgb_pdf(tmp_path / "red.pdf", fills, pages=2), target="digital")
    found = _colour_findings(report, "colour.off_palette")
    assert len(found) == 2  # one per page, not one per rectangle
    for page, f in enumerate(found):
        assert f.pages == [page] and f.count == 3 and len(f.boxes) == 3
        assert f.measured == "#FF0000"
        assert f.details["nearest"] == "Orange primär" and f.details["nearest_hex"] == "#E9500E"
        assert f.details["delta_e"] > 3.0
        assert "Orange primär" in f.message
    x0, y0, x1, y1 = found[0].boxes[0]
    assert (round(x0), round(y0), round(x1), round(y1)) == (150, 40, 270, 150)


def test_cmyk_pdf_is_compared_with_the_profiles_cmyk_values(tmp_path: Path) -> None:
    report = _check(_cmyk_pdf(tmp_path / "cmyk.pdf", PALETTE_CMYK), target="print")
    assert _colour_findings(report) == []
    rosa = [c for c in report.pages[0].colours if c.nearest == "Rosa primär"]
    assert rosa and rosa[0].delta_e == 0  # same CMYK numbers, whatever the RGB rendering

    bad = _check(_cmyk_pdf(tmp_path / "cmyk-red.pdf", [*PALETTE_CMYK, RED_CMYK]), "print")
    (f,) = _colour_findings(bad)
    assert f.name == "colour.off_palette" and f.measured == "CMYK 0/100/100/0"
    assert f.details["space"] == "DeviceCMYK" and f.details["values"] == [0, 1, 1, 0]


def test_cmyk_converted_from_a_palette_rgb_gets_one_verdict_in_a_pdf_and_a_picture(
    tmp_path: Path,
) -> None:
    """Ghostscript's 'convert to CMYK' turns Grön primär (#009991) into CMYK 81/19/48/1, which
    shows as #099A92: ΔE00 0.4 from the palette's hex, 6 from its CMYK 94/0/50/0. A CMYK
    picture in those numbers matched the hex and passed; vector CMYK matches it too now."""
    converted = (81, 19, 48, 1)
    pdf = _check(_cmyk_pdf(tmp_path / "gs.pdf", [converted]), "print")
    picture = _save_jpeg(_cmyk_poster([converted]), tmp_path / "gs.jpg", 95)
    for report in (pdf, _check(picture, "print")):
        assert _colour_findings(report, "colour.off_palette") == []
        green = [c for c in report.pages[0].colours if c.nearest == "Grön primär"]
        assert green and green[0].delta_e < 1


def test_an_off_palette_cmyk_names_the_reference_it_is_measured_to(tmp_path: Path) -> None:
    lime = (80, 0, 100, 0)  # #0BB14B: nearest to Grön primär's CMYK as the page shows it
    (f,) = _colour_findings(_check(_cmyk_pdf(tmp_path / "lime.pdf", [lime]), "print"))
    to = "Grön primär's CMYK 94/0/50/0 (#00AC9C)"
    # plainly another colour: the nearest is named, not offered as the fix
    assert f"not a palette colour: the nearest, {to}, is ΔE00 19.6 away" in f.message
    assert f.expected == to and f.details["measured_to"] == to
    assert f.details["nearest_hex"] == "#009991"  # the palette colour is still named by its hex


def test_flat_graphics_placed_in_pdfs_are_judged_and_photographs_are_not(tmp_path: Path) -> None:
    red = Image.new("RGB", (400, 300), "#FFFFFF")
    ImageDraw.Draw(red).rectangle([50, 50, 350, 250], fill="#FF0000")
    graphic = io.BytesIO()
    red.save(graphic, "PNG")
    photo = io.BytesIO()
    Image.fromarray(data.astronaut()).save(photo, "JPEG", quality=90)
    doc = pymupdf.open()
    with_text = doc.new_page(width=420, height=595)  # an infographic placed beside text
    with_text.insert_image(pymupdf.Rect(20, 20, 400, 305), stream=graphic.getvalue())
    with_text.insert_text((30, 450), "Källa: Stadsarkivet", fontsize=12)
    only_image = doc.new_page(width=400, height=300)  # a page that is nothing but the image
    only_image.insert_image(only_image.rect, stream=graphic.getvalue())
    photographed = doc.new_page(width=420, height=595)  # a photograph placed beside text
    photographed.insert_image(pymupdf.Rect(20, 20, 400, 400), stream=photo.getvalue())
    photographed.insert_text((30, 450), "Foto: Stadsarkivet", fontsize=12)
    doc.save(tmp_path / "placed.pdf")
    report = _check(tmp_path / "placed.pdf", target="digital")
    found = _colour_findings(report, "colour.off_palette")
    assert sorted(p for f in found for p in f.pages) == [0, 1]
    assert {f.details["nearest"] for f in found} == {"Orange primär"}
    assert {f.measured for f in found} <= {"#FF0000", "#FE0000"}
    placed = next(f for f in found if f.pages == [0])
    assert placed.bbox[0] >= 20 and placed.bbox[2] <= 400  # on the image, in page units


# ------------------------------------------------------------------ BC202 colour spaces
def test_rgb_in_print_and_cmyk_in_digital_are_colour_space_findings(tmp_path: Path) -> None:
    rgb = _rgb_pdf(tmp_path / "rgb.pdf", PALETTE_RGB[:2])
    cmyk = _cmyk_pdf(tmp_path / "cmyk.pdf", PALETTE_CMYK[:2])
    spaces = _colour_findings(_check(rgb, "print"), "colour.space")
    assert [(f.measured, f.details["space"]) for f in spaces] == [("RGB", "DeviceRGB")]
    assert spaces[0].expected == "CMYK, spot colours or greyscale"  # as a designer names them
    assert spaces[0].count == 4  # two fills and two lines of text
    assert _colour_findings(_check(rgb, "digital"), "colour.space") == []
    assert _colour_findings(_check(cmyk, "print"), "colour.space") == []
    cmyk_digital = _colour_findings(_check(cmyk, "digital"), "colour.space")
    assert [f.details["space"] for f in cmyk_digital] == ["DeviceCMYK"]
    assert [(f.measured, f.expected) for f in cmyk_digital] == [("CMYK", "RGB or greyscale")]


def test_image_files_are_judged_by_their_mode(tmp_path: Path) -> None:
    png = tmp_path / "poster.png"
    _poster().save(png)
    assert [f.measured for f in _colour_findings(_check(png, "print"), "colour.space")] == ["RGB"]
    assert _colour_findings(_check(png, "digital"), "colour.space") == []


def test_a_page_of_many_colours_lists_the_largest_and_sums_up_the_rest(tmp_path: Path) -> None:
    # a chart drawn as 250 bars in 250 shades: 25 findings for the largest, one for the rest
    def size(i: int) -> int:  # the bars' sizes vary
        return 4 + (i * 37) % 17

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for i in range(250):
        x, y = 20 + (i % 25) * 22, 40 + (i // 25) * 70
        page.draw_rect(
            pymupdf.Rect(x, y, x + size(i), y + 3 * size(i)), color=None, fill=(0.2, i / 250, 0.5)
        )
    doc.save(tmp_path / "chart.pdf")
    report = _check(tmp_path / "chart.pdf", "digital")
    found = _colour_findings(report, "colour.off_palette")
    summary = [f for f in found if f.details.get("colours")]
    assert len(summary) == 1 and summary[0].count == 225 and summary[0].measured == 225
    assert len({f.details["hex"] for f in found if "hex" in f.details}) == 25
    listed = [f for f in found if "hex" in f.details]
    assert all(
        "ΔE00" in f.message and "Fills in" in f.message and " are " in f.message for f in listed
    )
    assert len(report.pages[0].colours) == 200
    shown = {round(f.details["values"][1] * 250) for f in listed}
    assert min(size(i) for i in shown) >= max(size(i) for i in range(250) if i not in shown)


def test_colours_a_soft_mask_hides_are_not_judged_and_see_through_ones_as_stated(tmp_path):
    # InDesign's feathers and Illustrator's opacity masks: an off-palette red box entirely
    # under a mask that is black there is never seen (it was reported); a palette colour at
    # 50 % opacity is judged as the colour the designer chose, not as its mix with the paper

    def states(pdf: pikepdf.Pdf, page: pikepdf.Dictionary) -> None:
        transparency = pikepdf.Dictionary(S=pikepdf.Name.Transparency, CS=pikepdf.Name.DeviceGray)
        group = form(pdf, "0 g 0 0 420 595 re f", [0, 0, 420, 595], Group=transparency)
        mask = pikepdf.Dictionary(S=pikepdf.Name.Luminosity, G=group)
        add(page, "ExtGState", "Hide", pikepdf.Dictionary(SMask=mask))
        add(page, "ExtGState", "Half", pikepdf.Dictionary(ca=0.5))

    content = (
        "q /Hide gs 0 1 1 0 k 40 300 150 150 re f Q q /Half gs 0 1 0.22 0 k 220 300 150 150 re f Q"
    )
    report = _check(one_page(tmp_path / "masked.pdf", content, (420, 595), states), "print")
    assert _colour_findings(report) == []
    assert [c.nearest for c in report.pages[0].colours] == ["Rosa primär"]


# ------------------------------------------------------------------ BC204 spot colours
def test_separation_named_as_a_profile_pantone_passes(tmp_path: Path) -> None:
    path = _spot_pdf(tmp_path / "rubine.pdf", "PANTONE Rubine Red C", (0, 1, 0.22, 0))
    report = _check(path, "print")
    assert _colour_findings(report) == []
    uses = [c for c in report.pages[0].colours if c.nearest == "Rosa primär"]
    assert uses and uses[0].delta_e == 0


def test_unknown_spot_name_and_its_colour_are_reported(tmp_path: Path) -> None:
    path = _spot_pdf(tmp_path / "485.pdf", "PANTONE 485 C", (0, 0.95, 1, 0))
    report = _check(path, "print")
    (spot,) = _colour_findings(report, "colour.spot_name")
    assert spot.measured == "PANTONE 485 C" and "Rubine Red" in spot.expected
    (off,) = _colour_findings(report, "colour.off_palette")
    assert "PANTONE 485 C" in off.measured
    # in digital material the spot ink and the CMYK black text are both print-only spaces
    digital = _colour_findings(_check(path, "digital"), "colour.space")
    assert [f.details["space"] for f in digital] == ["DeviceCMYK", "Separation"]
    assert [f.measured for f in digital] == ["CMYK", "spot colours"]


@pytest.mark.parametrize("name", ["Pantone 228C", "PANTONE 228 PC", "PMS 228 U"])
def test_a_profile_pantone_is_known_however_its_paper_is_written(tmp_path: Path, name) -> None:
    report = _check(_spot_pdf(tmp_path / "228.pdf", name, (0.17, 1, 0, 0.33)), "print")
    assert _colour_findings(report, "colour.spot_name") == []


def test_spot_tint_is_judged_through_its_alternate_colour(tmp_path: Path) -> None:
    path = _spot_pdf(tmp_path / "tint.pdf", "PANTONE 228 C", (0.17, 1, 0, 0.33), tint=0.5)
    report = _check(path, "print")
    assert _colour_findings(report, "colour.spot_name") == []
    (off,) = _colour_findings(report, "colour.off_palette")  # a 50 % tint is no palette colour
    assert off.details["values"] == [0.5]


def _spot_images_pdf(path: Path, ink: str, duotone: str) -> Path:
    """Spot-colour pictures as print exports place them: a Separation image, a DeviceN
    duotone (a spot ink and Black), a Separation image inside a form, and an inline image."""

    def pictures(pdf: pikepdf.Pdf, page: pikepdf.Dictionary) -> None:
        def image(cs: object, n: int) -> pikepdf.Stream:
            data = bytes((x * 8) % 256 for _ in range(32) for x in range(32) for _ in range(n))
            return pdf.make_stream(
                data,
                Subtype=pikepdf.Name.Image,
                Width=32,
                Height=32,
                ColorSpace=cs,
                BitsPerComponent=8,
            )

        calc = pdf.make_stream(
            b"{ exch 0.9 mul exch 0 exch 0 exch }",
            FunctionType=4,
            Domain=[0, 1, 0, 1],
            Range=[0, 1] * 4,
        )
        inks = pikepdf.Array([pikepdf.Name("/" + duotone), pikepdf.Name.Black])
        duo = pikepdf.Array([pikepdf.Name.DeviceN, inks, pikepdf.Name.DeviceCMYK, calc])
        sep = [_separation(pdf, ink, [0, 1, 0, 0]) for _ in range(3)]  # as written: one each
        inner = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im=image(sep[0], 1)))
        framed = form(pdf, "q 150 0 0 150 0 0 cm /Im Do Q", [0, 0, 150, 150], Resources=inner)
        add(page, "XObject", "Sep", image(sep[1], 1))
        add(page, "XObject", "Duo", image(duo, 2))
        add(page, "XObject", "Fm", framed)
        add(page, "ColorSpace", "CS0", sep[2])

    content = (
        "q 150 0 0 150 40 400 cm /Sep Do Q q 150 0 0 150 220 400 cm /Duo Do Q "
        "q 1 0 0 1 40 200 cm /Fm Do Q "
        "q 100 0 0 100 220 200 cm BI /W 2 /H 2 /CS /CS0 /BPC 8 ID \x10\x80\xff\x40 EI Q"
    )
    return one_page(path, content, (420, 595), pictures)


def test_spot_colour_pictures_are_judged_by_their_inks(tmp_path: Path) -> None:
    # a duotone or a spot-colour picture prints on its inks' plates as a spot fill does
    off = _check(_spot_images_pdf(tmp_path / "off.pdf", "PANTONE 485 C", "PANTONE 2995 C"))
    by_ink = {f.measured: f for f in _colour_findings(off, "colour.spot_name")}
    assert set(by_ink) == {"PANTONE 485 C", "PANTONE 2995 C"}
    assert by_ink["PANTONE 485 C"].count == 3  # the image, the one in the form, the inline one
    assert by_ink["PANTONE 485 C"].details["kinds"] == ["image"]
    assert by_ink["PANTONE 2995 C"].details["space"] == "DeviceN"
    fine = _check(_spot_images_pdf(tmp_path / "ok.pdf", "PANTONE Rubine Red C", "PANTONE 3272 C"))
    assert _colour_findings(fine, "colour.spot_name") == []
    # on screens all four are spot-colour pictures, one finding whether Separation or DeviceN
    [spot] = _colour_findings(_check(tmp_path / "ok.pdf", "digital"), "colour.space")
    assert "4 pictures are in spot colours" in spot.message
    assert spot.details["spaces"] == ["DeviceN", "Separation"]


def test_a_duotone_fill_alone_is_measured_as_devicen(tmp_path: Path) -> None:
    # one spot-colour finding for Separation and DeviceN, but its measured space is the one
    # the page uses: a page in DeviceN only does not report 'Separation'

    def duotone(pdf: pikepdf.Pdf, page: pikepdf.Dictionary) -> None:
        calc = pdf.make_stream(
            b"{ 0 exch 0 exch }", FunctionType=4, Domain=[0, 1, 0, 1], Range=[0, 1] * 4
        )
        inks = pikepdf.Array([pikepdf.Name("/PANTONE Rubine Red C"), pikepdf.Name.Black])
        duo = pikepdf.Array([pikepdf.Name.DeviceN, inks, pikepdf.Name.DeviceCMYK, calc])
        add(page, "ColorSpace", "D", duo)

    content = "/D cs 1 0.2 scn 40 300 150 150 re f"
    path = one_page(tmp_path / "duo.pdf", content, (420, 595), duotone)
    [spot] = _colour_findings(_check(path, "digital"), "colour.space")
    assert spot.details["space"] == "DeviceN" and "spot colours" in spot.message
    assert spot.measured == "spot colours"


def _gradient_pdf(
    path: Path, shading: pikepdf.Dictionary, content: bytes, pdf: pikepdf.Pdf | None = None
) -> Path:
    """A page painting ``shading`` (as /Sh0, and as the shading pattern /P0) and black text;
    ``pdf`` is the file the shading's streams belong to, if it has any."""
    pdf = pdf if pdf is not None else pikepdf.new()
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1)
    font.BaseFont = pikepdf.Name.Helvetica
    shading = pdf.make_indirect(shading)
    resources = pikepdf.Dictionary(
        Font=pikepdf.Dictionary(F1=font),
        Shading=pikepdf.Dictionary(Sh0=shading),
        Pattern=pikepdf.Dictionary(P0=pikepdf.Dictionary(PatternType=2, Shading=shading)),
    )
    text = b" q 0 g BT /F1 24 Tf 40 100 Td (Stockholm) Tj ET Q"
    pdf.pages.append(
        pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, 420, 595],
                Resources=resources,
                Contents=pdf.make_stream(content + text),
            )
        )
    )
    pdf.save(path)
    return path


def _axial(space: object, c0: list[float], c1: list[float]) -> pikepdf.Dictionary:
    fn = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=c0, C1=c1, N=1)
    return pikepdf.Dictionary(ShadingType=2, ColorSpace=space, Coords=[40, 0, 380, 0], Function=fn)


def test_gradients_are_judged_by_their_colour_stops(tmp_path: Path) -> None:
    clipped = b"q 40 300 340 200 re W n /Sh0 sh Q"
    pink, white, lime = _rgb("#E5006C"), _rgb("#FFFFFF"), _rgb("#80FF00")
    palette = _gradient_pdf(
        tmp_path / "ok.pdf", _axial(pikepdf.Name.DeviceRGB, pink, white), clipped
    )
    report = _check(palette, "digital")
    assert _colour_findings(report) == []
    assert "gradient" in {c.source for c in report.pages[0].colours}

    off = _gradient_pdf(tmp_path / "lime.pdf", _axial(pikepdf.Name.DeviceRGB, pink, lime), clipped)
    (f,) = _colour_findings(_check(off, "digital"))
    assert f.name == "colour.off_palette" and f.measured == "#80FF00"
    assert f.message.startswith("Gradient stops in RGB (#80FF00)")
    assert f.details["kinds"] == ["gradient"]
    assert [round(v) for v in f.boxes[0]] == [40, 95, 380, 295]  # the clip, top-left points
    # in print material the same RGB gradient is also in the wrong colour space
    space = _colour_findings(_check(off, "print"), "colour.space")
    assert [(s.measured, s.details["kinds"]) for s in space] == [("RGB", ["gradient"])]


def test_a_gradient_written_as_samples_is_judged_by_its_stops_not_its_mixtures(
    tmp_path: Path,
) -> None:
    """Illustrator writes a gradient as a sampled function: the tints of pink on the way to
    white are no palette colours, but only pink and white were chosen."""
    pdf = pikepdf.new()
    pink = (230, 0, 107)
    data = bytes(round(p + i / 255 * (255 - p)) for i in range(256) for p in pink)
    fn = pdf.make_stream(data)
    fn.FunctionType, fn.Domain, fn.Range = 0, [0, 1], [0, 1] * 3
    fn.Size, fn.BitsPerSample = [256], 8
    ramp = pikepdf.Dictionary(
        ShadingType=2, ColorSpace=pikepdf.Name.DeviceRGB, Coords=[40, 0, 380, 0], Function=fn
    )
    path = _gradient_pdf(tmp_path / "sampled.pdf", ramp, b"q 40 300 340 200 re W n /Sh0 sh Q", pdf)
    report = _check(path, "digital")
    assert _colour_findings(report) == []
    stops = sorted(c.hex for c in report.pages[0].colours if c.source == "gradient")
    assert stops == ["#E6006B", "#FFFFFF"]


def test_a_spot_colour_gradient_filling_a_shape_is_judged_by_its_ink(tmp_path: Path) -> None:
    alternate = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0] * 4, C1=[0, 0.95, 1, 0])
    sep = pikepdf.Array(
        [
            pikepdf.Name.Separation,
            pikepdf.Name("/PANTONE 485 C"),
            pikepdf.Name.DeviceCMYK,
            alternate,
        ]
    )
    ramp = _axial(sep, [0], [1])
    path = _gradient_pdf(
        tmp_path / "spot.pdf", ramp, b"q /Pattern cs /P0 scn 40 300 340 200 re f Q"
    )
    report = _check(path, "print")
    (spot,) = _colour_findings(report, "colour.spot_name")
    assert spot.measured == "PANTONE 485 C" and spot.details["kinds"] == ["gradient"]


# ------------------------------------------------------------------ rasters
@pytest.mark.parametrize("fmt", ["png", "jpeg"])
def test_palette_poster_passes_even_as_jpeg_quality_60(tmp_path: Path, fmt: str) -> None:
    img = _poster()
    path = tmp_path / f"poster.{fmt}"
    img.save(path, "PNG") if fmt == "png" else _save_jpeg(img, path, quality=60)
    report = _check(path, "digital")
    assert _colour_findings(report) == []
    nearest = {c.nearest for c in report.pages[0].colours}
    assert {"Rosa primär", "Grön primär", "Gul primär", "Ljusgrön 1", "Mörkrosa"} <= nearest


def test_off_palette_red_in_a_jpeg_is_reported_with_its_nearest_colour(tmp_path: Path) -> None:
    path = _save_jpeg(_poster(extra="#FF0000"), tmp_path / "red.jpg", quality=60)
    (f,) = _colour_findings(_check(path, "digital"))
    assert f.name == "colour.off_palette"
    assert f.details["nearest"] == "Orange primär"
    r, g, b = (int(f.measured[i : i + 2], 16) for i in (1, 3, 5))
    assert r > 240 and g < 20 and b < 20
    x0, _y0, x1, _y1 = f.bbox
    assert abs(x0 - 420) < 6 and abs(x1 - 561) < 6


def test_an_off_palette_area_in_a_picture_is_boxed_to_its_edges(tmp_path: Path) -> None:
    # an A4 page at 100 dpi is analysed at a quarter of its pixels: the box lay a whole
    # analysis pixel or two inside the fill (7 px on each side here), as the 3×3 flatness
    # test leaves its edge pixels out
    img = Image.new("RGB", (827, 1169), "white")
    ImageDraw.Draw(img).rectangle((101, 203, 498, 601), fill="#FF0000")  # x1, y1 inclusive
    img.save(tmp_path / "red.png")
    (f,) = _colour_findings(_check(tmp_path / "red.png", "digital"))
    for got, edge in zip(f.bbox, (101, 203, 499, 602), strict=True):
        assert abs(got - edge) <= 4, (f.bbox, "a side more than an analysis pixel off")


def test_cmyk_jpeg_with_icc_profile_is_compared_with_the_palette_cmyk(tmp_path: Path) -> None:
    icc = _swop_icc(tmp_path)
    good = _save_jpeg(_cmyk_poster(PALETTE_CMYK), tmp_path / "cmyk.jpg", 90, icc_profile=icc)
    with Image.open(good) as im:
        assert im.mode == "CMYK" and im.info["icc_profile"] == icc
    report = _check(good, "print")
    assert _colour_findings(report) == []
    assert [f.measured for f in _colour_findings(_check(good, "digital"), "colour.space")] == [
        "CMYK"
    ]
    bad = _save_jpeg(
        _cmyk_poster([*PALETTE_CMYK, RED_CMYK]), tmp_path / "red.jpg", 90, icc_profile=icc
    )
    (f,) = _colour_findings(_check(bad, "print"))
    assert f.name == "colour.off_palette"
    r, g, b = (int(f.measured[i : i + 2], 16) for i in (1, 3, 5))
    assert r > 200 and g < 80 and b < 80  # red, i.e. the CMYK was not read inverted


def test_adobe_inverted_cmyk_jpeg_without_profile_reads_the_right_colours(tmp_path: Path) -> None:
    # Pillow writes CMYK JPEGs the way Photoshop does: inverted samples and an Adobe APP14 marker
    path = _save_jpeg(_cmyk_poster([*PALETTE_CMYK, RED_CMYK]), tmp_path / "adobe.jpg", 90)
    raw = path.read_bytes()
    assert b"Adobe" in raw[:2000]
    with Image.open(path) as im:
        assert "adobe" in im.info and im.getpixel((100, 100)) == pytest.approx(
            (0, 255, 56, 0), abs=3
        )
    found = _colour_findings(_check(path, "print"))
    assert [f.name for f in found] == ["colour.off_palette"]  # only the red, not the palette
    r, g, b = (int(found[0].measured[i : i + 2], 16) for i in (1, 3, 5))
    assert r > 200 and g < 80 and b < 80


def _placed_pdf(path: Path, picture: bytes, text: bool = True, space: str | None = None) -> Path:
    """A page with ``picture`` placed on it: beside a line of text, or (``text`` False) alone,
    filling it. ``space`` replaces the image's colour space (PyMuPDF writes a CMYK JPEG as
    ICCBased with MuPDF's default CMYK profile; ``/DeviceCMYK`` makes it a device colour)."""
    doc = pymupdf.open()
    page = doc.new_page(width=420, height=560)
    xref = page.insert_image(pymupdf.Rect(20, 20, 400, 527) if text else page.rect, stream=picture)
    if text:
        page.insert_text((30, 550), "Källa: Stadsarkivet", fontsize=12)
    if space:
        doc.xref_set_key(xref, "ColorSpace", space)
    doc.save(path)
    return path


def _hex_near(a: str, b: str, tolerance: int = 2) -> bool:
    return all(abs(int(a[i : i + 2], 16) - int(b[i : i + 2], 16)) <= tolerance for i in (1, 3, 5))


@pytest.mark.parametrize("space", ["/DeviceCMYK", None])
def test_cmyk_pictures_placed_in_pdfs_are_compared_with_the_palette_cmyk(
    tmp_path: Path, space: str | None
) -> None:
    picture = io.BytesIO()
    _cmyk_poster(PALETTE_CMYK).save(picture, "JPEG", quality=90)
    beside = _placed_pdf(tmp_path / "beside.pdf", picture.getvalue(), space=space)
    alone = _placed_pdf(tmp_path / "alone.pdf", picture.getvalue(), text=False, space=space)
    for path in (beside, alone):  # a placed picture, and a page that is nothing but one
        report = _check(path, "print")
        assert _colour_findings(report, "colour.off_palette") == []
        green = [c for c in report.pages[0].colours if c.nearest == "Grön primär"]
        assert green and green[0].delta_e < 1  # not ΔE00 6 from the palette's hex
    red = io.BytesIO()
    _cmyk_poster([*PALETTE_CMYK, RED_CMYK]).save(red, "JPEG", quality=90)
    (f,) = _colour_findings(_check(_placed_pdf(tmp_path / "red.pdf", red.getvalue(), space=space)))
    r, g, b = (int(f.measured[i : i + 2], 16) for i in (1, 3, 5))
    assert f.name == "colour.off_palette" and r > 200 and g < 80 and b < 80  # only the red


def test_a_cmyk_picture_without_a_profile_measures_the_same_as_a_file_and_in_a_pdf(
    tmp_path: Path,
) -> None:
    path = _save_jpeg(_cmyk_poster(PALETTE_CMYK), tmp_path / "no-profile.jpg", 90)
    placed = _placed_pdf(tmp_path / "placed.pdf", path.read_bytes(), space="/DeviceCMYK")

    def rosa(report: FileReport) -> str:
        return next(c.hex for c in report.pages[0].colours if c.nearest == "Rosa primär")

    as_file, in_pdf = rosa(_check(path)), rosa(_check(placed))
    assert _hex_near(as_file, in_pdf), (as_file, in_pdf)  # not #FF00C7 against #ED0775


def test_pictures_with_transparency_are_read_through_their_icc_profile(tmp_path: Path) -> None:
    p3 = display_p3()
    srgb, wide = ImageCms.createProfile("sRGB"), ImageCms.ImageCmsProfile(io.BytesIO(p3))
    poster = _poster()
    in_p3 = ImageCms.profileToProfile(
        poster, srgb, wide, renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC
    ).convert("RGBA")
    ImageDraw.Draw(in_p3).rectangle([0, 0, 30, poster.height], fill=(0, 0, 0, 0))  # see-through
    exported = tmp_path / "p3.png"  # as Figma and Photoshop export palette colours in P3
    in_p3.save(exported, icc_profile=p3)
    with Image.open(exported) as im:
        assert im.mode == "RGBA" and im.info["icc_profile"] == p3
    report = _check(exported, "digital")
    assert _colour_findings(report) == []
    rosa = [c for c in report.pages[0].colours if c.nearest == "Rosa primär"]
    assert rosa and rosa[0].delta_e < 1

    mistagged = tmp_path / "srgb-numbers-tagged-p3.png"  # shows more saturated than the palette
    poster.convert("RGBA").save(mistagged, icc_profile=p3)
    found = _colour_findings(_check(mistagged, "digital"), "colour.off_palette")
    assert "Rosa primär" in {f.details["nearest"] for f in found}


@pytest.mark.parametrize("fmt", ["PNG", "TIFF"])
def test_16_bit_grey_pictures_are_grey_and_scaled_by_their_depth(tmp_path: Path, fmt: str) -> None:
    grey = np.full((400, 600), 200, np.uint16)  # near black in 16 bits, though all under 256
    grey[100:300, 100:500] = 100
    path = tmp_path / f"grey16.{fmt.lower()}"
    Image.fromarray(grey).save(path, fmt)
    with Image.open(path) as im:
        assert im.mode == "I;16"
    report = _check(path, "print")
    assert _colour_findings(report, "colour.space") == []  # greyscale, not DeviceRGB
    measured = [c.hex for c in report.pages[0].colours]
    assert measured and all(_hex_near(h, "#000000") for h in measured), measured


def test_a_large_signed_16_bit_grey_picture_reads_as_a_small_one(tmp_path: Path) -> None:
    # a frame large enough to be shrunk before conversion kept its depth (Pillow's mode I with
    # signed 16-bit samples): it read black instead of its grey
    grey = np.full((5700, 5700), 20000, np.int16).view(np.uint16)
    path = tmp_path / "signed16.tif"
    Image.fromarray(grey).save(path, tiffinfo={339: 2}, compression="tiff_adobe_deflate")
    with open_document(path) as doc:
        assert doc.page(0).raster()[10, 10].tolist() == [78, 78, 78]  # 20000 of 65535


# ------------------------------------------------------------------ BC203 contrast
def _text_pdf(path: Path, lines: list[tuple[str, float, str, str | None]]) -> Path:
    """Lines of (colour, size, font name, background) on white; background drawn under them."""
    doc = pymupdf.open()
    page = doc.new_page(width=420, height=595)
    y = 60.0
    for colour, size, font, background in lines:
        if background:
            page.draw_rect(
                pymupdf.Rect(20, y - size - 6, 400, y + 10), fill=_rgb(background), color=None
            )
        page.insert_text(
            (30, y), "Kontrast mot bakgrunden", fontsize=size, fontname=font, color=_rgb(colour)
        )
        y += size + 40
    doc.save(path)
    return path


def test_contrast_below_wcag_is_reported_and_above_passes(tmp_path: Path) -> None:
    ok = _text_pdf(
        tmp_path / "ok.pdf",
        [
            ("#767676", 11, "helv", None),
            ("#FFFFFF", 24, "hebo", "#00594F"),
            ("#000000", 9, "helv", "#FCBF0A"),
        ],
    )
    assert _colour_findings(_check(ok, "digital"), "colour.contrast") == []
    bad = _text_pdf(
        tmp_path / "bad.pdf",
        [
            ("#999999", 11, "helv", None),  # 2.85:1
            ("#999999", 11, "helv", None),  # same pair again: merged
            ("#FCBF0A", 24, "hebo", None),  # yellow on white, large: 1.7:1 < 3
            ("#FFFFFF", 12, "helv", "#F9BF9C"),  # white on light orange
        ],
    )
    found = _colour_findings(_check(bad, "digital"), "colour.contrast")
    by_fg = {f.details["foreground"]: f for f in found}
    assert set(by_fg) == {"#999999", "#FCBF0A", "#FFFFFF"}
    assert by_fg["#999999"].count == 2 and by_fg["#999999"].expected == 4.5
    assert by_fg["#999999"].measured == pytest.approx(2.85, abs=0.05)
    assert by_fg["#999999"].details["background"] == "#FFFFFF"
    assert by_fg["#FCBF0A"].expected == 3.0 and by_fg["#FCBF0A"].details["large"]
    assert by_fg["#FFFFFF"].details["background"] == "#F9BF9C"


def test_a_contrast_just_under_the_minimum_never_reads_as_the_minimum(tmp_path: Path) -> None:
    just_under = _text_pdf(tmp_path / "under.pdf", [("#677B75", 12, "helv", None)])  # 4.4999:1
    [found] = _colour_findings(_check(just_under, "digital"), "colour.contrast")
    assert found.measured == 4.49 and found.expected == 4.5
    assert "a contrast of 4.49:1; WCAG 2.x asks 4.5:1" in found.message


def test_text_converted_to_outlines_is_judged_as_ocr_reads_it(tmp_path: Path) -> None:
    # a print export with its text in outlines has no text layer: the contrast of its
    # letters is read from the page as in a picture, where it passed silently
    live = _text_pdf(
        tmp_path / "live.pdf", [("#CCCCCC", 30, "hebo", None), ("#000000", 30, "hebo", None)]
    )
    outlined = to_outlines(live, tmp_path / "outlined.pdf")
    with open_document(outlined) as doc:
        assert not doc.page(0).spans()
    [found] = _colour_findings(_check(outlined, "digital"), "colour.contrast")
    assert found.details["foreground"] == "#CCCCCC" and found.measured == pytest.approx(
        1.6, abs=0.1
    )


def test_see_through_text_is_judged_as_it_shows(tmp_path: Path) -> None:
    # black at 30 % opacity shows as light grey (#B3B3B3 on white, about 2.1:1), as design
    # tools export grey text; at 80 % it is dark enough
    doc = pymupdf.open()
    page = doc.new_page(width=420, height=300)
    for y, opacity in ((60, 0.3), (160, 0.8)):
        page.insert_text((30, y), "Genomskinlig text", fontsize=11, fill_opacity=opacity)
    doc.save(tmp_path / "faded.pdf")
    [found] = _colour_findings(_check(tmp_path / "faded.pdf", "digital"), "colour.contrast")
    assert found.measured == pytest.approx(2.1, abs=0.15) and found.count == 1
    assert found.details["foreground"] in ("#B2B2B2", "#B3B3B3")


def _overprint_pdf(path: Path, white: str, mode: int) -> Path:
    """A PDF/X-4 as InDesign writes one (FOGRA39 output intent, a Rubine Red spot box), with a
    heading in `white` (a fill colour operator) set to overprint in overprint mode `mode`."""

    def x4(pdf: pikepdf.Pdf, page: pikepdf.Dictionary) -> None:
        icc = Path("/usr/share/texlive/texmf-dist/tex/generic/colorprofiles/FOGRA39L_coated.icc")
        profile = pdf.make_stream(icc.read_bytes() if icc.exists() else b"", N=4)
        pdf.Root.OutputIntents = pikepdf.Array(
            [pikepdf.Dictionary(S=pikepdf.Name.GTS_PDFX, DestOutputProfile=profile)]
        )
        rubine = _separation(pdf, "PANTONE Rubine Red C", [0, 1, 0.22, 0])
        add(page, "ColorSpace", "Rub", rubine)
        add(page, "ExtGState", "OP", pikepdf.Dictionary(op=True, OP=True, OPM=mode))

    content = (
        "q /Rub cs /Rub CS 1 scn 36 600 523 200 re f Q "
        f"q /OP gs {white} BT /F1 36 Tf 60 680 Td (Vit rubrik) Tj ET Q"
    )
    return one_page(path, content, (595, 842), x4)


@pytest.mark.parametrize(
    ("white", "mode", "vanishes"),
    [
        ("0 0 0 0 k", 1, True),  # CMYK white: zero inks leave the plates alone
        ("0 0 0 0 k", 0, False),  # overprint mode 0: all four plates knocked out, white shows
        # the spot ink at 0 %: its plate is painted 0, the letters knock out of the Rubine
        # box and print white (Ghostscript's tiffsep shows them on the Rubine plate)
        ("/Rub cs 0 scn", 0, False),
        ("0 0 0 1 k", 1, False),  # black overprinting a colour: as prepress wants it
    ],
)
def test_white_text_set_to_overprint_does_not_print(tmp_path, white, mode, vanishes) -> None:
    path = _overprint_pdf(tmp_path / "x4.pdf", white, mode)
    found = _colour_findings(_check(path, "print"), "colour.contrast")
    if vanishes:
        [inkless] = found
        assert "overprint" in inkless.message and '"Vit rubrik"' in inkless.message
        assert inkless.details["overprint"] and inkless.measured == 1.0
    else:
        assert found == []
    # screens do not overprint: the white heading shows on the pink
    assert _colour_findings(_check(path, "digital"), "colour.contrast") == []


def test_white_overprint_text_in_a_hidden_layer_is_not_reported(tmp_path: Path) -> None:
    # a layer that is off is neither shown nor printed: its text cannot vanish on the press
    path = _overprint_pdf(tmp_path / "x4.pdf", "0 0 0 0 k", 1)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        layer = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.OCG, Name="Off"))
        pdf.Root.OCProperties = pikepdf.Dictionary(
            OCGs=[layer], D=pikepdf.Dictionary(OFF=[layer], ON=[])
        )
        page = pdf.pages[0]
        page.Resources.Properties = pikepdf.Dictionary(L1=layer)
        content = page.Contents.read_bytes().replace(b"q /OP gs", b"/OC /L1 BDC q /OP gs")
        page.Contents = pdf.make_stream(content + b" EMC")
        pdf.save(path)
    assert _colour_findings(_check(path, "print"), "colour.contrast") == []


def test_text_under_a_transparent_png_is_judged_as_it_shows(tmp_path: Path) -> None:
    # a stamp or signature PNG placed over a text box, transparent where the text is: its
    # pixels cover or let the text show as it is, so it is no veil and the grey is judged
    stamp = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    stamp.paste((0, 0, 0, 255), (170, 0, 200, 30))  # ink only in a corner, off the text
    png = io.BytesIO()
    stamp.save(png, "PNG")
    doc = pymupdf.open()
    page = doc.new_page(width=420, height=200)
    page.insert_text((30, 90), "Text under a stamp", fontsize=12, color=(0.55, 0.55, 0.55))
    page.insert_image(pymupdf.Rect(20, 60, 400, 160), stream=png.getvalue())
    doc.save(tmp_path / "stamp.pdf")
    report = _check(tmp_path / "stamp.pdf", "digital")
    assert [f for f in report.findings if f.rule == "BC910"] == []
    [found] = _colour_findings(report, "colour.contrast")
    assert found.details["foreground"] == "#8C8C8C"


@pytest.mark.parametrize("over", [True, False])
def test_text_under_a_see_through_box_is_not_judged_by_its_own_colour(tmp_path, over) -> None:
    # black text under an 85 % white box shows light grey: its stated black is not what is
    # seen, so its contrast is left not judged (it passed silently, taken for hidden text);
    # the same box under the text is its ground, and the text is judged on it
    doc = pymupdf.open()
    page = doc.new_page(width=420, height=200)
    box = pymupdf.Rect(20, 40, 400, 120)
    if not over:
        page.draw_rect(box, fill=(1, 1, 1), color=None, fill_opacity=0.85)
    page.insert_text((30, 90), "Text bakom en slöja", fontsize=12, color=(0.55, 0.55, 0.55))
    if over:
        page.draw_rect(box, fill=(1, 1, 1), color=None, fill_opacity=0.85)
    doc.save(tmp_path / "veil.pdf")
    report = _check(tmp_path / "veil.pdf", "digital")
    skipped = [f for f in report.findings if f.rule == "BC910"]
    contrast = _colour_findings(report, "colour.contrast")
    if over:
        assert [f.details["rules"] for f in skipped] == [["BC203"]] and contrast == []
        assert "see-through" in skipped[0].message
    else:
        assert skipped == [] and [f.details["foreground"] for f in contrast] == ["#8C8C8C"]


@pytest.mark.parametrize("ground", [(0.0, 1.0, 0.22, 0.0), "#E5006C"])  # CMYK, or its RGB
def test_a_palette_ground_gets_one_contrast_verdict_however_it_is_stated(tmp_path, ground):
    # white 12 pt text on Rosa primär: 4.6:1 with the manual's RGB, 4.33:1 as the renderer
    # shows the manual's CMYK; in print both are the palette colour
    doc = pymupdf.open()
    page = doc.new_page(width=420, height=200)
    fill = _rgb(ground) if isinstance(ground, str) else ground
    page.draw_rect(pymupdf.Rect(20, 40, 400, 120), fill=fill, color=None)
    page.insert_text((30, 90), "Vit text på rosa", fontsize=12, color=(1, 1, 1))
    doc.save(tmp_path / "rosa.pdf")
    assert _colour_findings(_check(tmp_path / "rosa.pdf", "print"), "colour.contrast") == []


def _banner(path: Path, bands: list[tuple[str, str]], px: int, photo: bool = False) -> Path:
    """A 900 px wide banner: one band per (background, text colour), a line of text in each;
    with ``photo``, the last band is a photograph instead of a flat colour."""
    img = Image.new("RGB", (900, 110 * len(bands)), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, px)  # bold: strokes thick enough to measure
    for i, (ground, ink) in enumerate(bands):
        draw.rectangle((0, i * 110, 900, i * 110 + 110), fill=ground)
        if photo and i == len(bands) - 1:
            img.paste(Image.fromarray(data.astronaut()).resize((900, 110)), (0, i * 110))
        draw.text((30, i * 110 + 40), "Anmäl dig senast den första maj", font=font, fill=ink)
    img.save(path)
    return path


def test_contrast_of_text_in_a_picture_is_measured_where_ocr_reads_it(tmp_path: Path) -> None:
    bands = [("#E9500E", "#FFFFFF"), ("#FFFFFF", "#000000"), ("#00594F", "#FFFFFF")]
    # 18 px bold (13.5 pt): normal text, though 14 pt is within the estimate (a warning)
    banner = _banner(tmp_path / "banner.png", bands, 18, photo=True)
    [found] = _colour_findings(_check(banner, "digital"), "colour.contrast")
    assert (found.details["foreground"], found.details["background"]) == ("#FFFFFF", "#E9500E")
    assert found.measured == pytest.approx(3.74, abs=0.05) and found.expected == 4.5
    assert 40 <= found.bbox[1] <= 60  # the first band's line
    large = _banner(tmp_path / "large.png", bands[:1], 32)  # 24 px and more: 3:1 will do
    assert _colour_findings(_check(large, "digital"), "colour.contrast") == []


def _one_line(path: Path, px: int, ground: str = "#009991") -> Path:
    """White bold text (DejaVu Sans Bold) on ``ground`` in a 96-dpi picture: 3.52:1 on Grön
    primär."""
    img = Image.new("RGB", (900, 120), ground)
    font = ImageFont.truetype(FONT, px)
    ImageDraw.Draw(img).text(
        (30, 40), "Stockholms stadsbibliotek har öppet", font=font, fill="white"
    )
    img.save(path, dpi=(96, 96))
    return path


def test_bold_text_in_a_picture_is_large_text_from_14_pt(tmp_path: Path) -> None:
    """WCAG's large text is 18 pt, or 14 pt bold: bold is told by the strokes' width, and a size
    OCR estimates (±15 %) that may be large text's or not gives a warning, not an error."""
    large = _one_line(tmp_path / "large.png", 22)  # 16.5 pt bold: large, 3:1 will do
    assert _colour_findings(_check(large, "digital"), "colour.contrast") == []
    maybe = _one_line(tmp_path / "maybe.png", 18)  # 13.5 pt bold: 14 pt is within the error
    [found] = _colour_findings(_check(maybe, "digital"), "colour.contrast")
    assert found.severity == "warning" and found.expected == 4.5
    assert found.details["maybe_large"] and "which this may be" in found.message
    faint = _one_line(tmp_path / "faint.png", 18, ground="#A0A0A0")  # 2.6:1, large or not
    [found] = _colour_findings(_check(faint, "digital"), "colour.contrast")
    assert found.severity == "error" and not found.details["maybe_large"]


def test_thin_text_in_a_picture_is_not_taken_for_faint_text(tmp_path: Path) -> None:
    # #666666 on white is 5.74:1; 1–2 px strokes never reach their colour in any pixel
    img = Image.new("RGB", (1200, 300), "white")
    draw = ImageDraw.Draw(img)
    light = FONT.replace("-Bold", "-ExtraLight")
    regular = FONT.replace("-Bold", "")
    for y, (face, px) in ((40, (light, 18)), (120, (light, 28)), (200, (regular, 20))):
        font = ImageFont.truetype(face, px)
        draw.text((30, y), "Läs mer på stockholm.se om arbetet och tiderna", font=font, fill="#666")
    img.save(tmp_path / "thin.png")
    assert _colour_findings(_check(tmp_path / "thin.png", "digital"), "colour.contrast") == []


def test_large_text_threshold_and_invisible_text_layer(tmp_path: Path) -> None:
    # #949494 on white is 3.03:1: enough for 18 pt or 14 pt bold, not for 14 pt regular
    path = tmp_path / "large.pdf"
    doc = pymupdf.open()
    page = doc.new_page(width=420, height=595)
    page.insert_text((30, 60), "Arton punkter", fontsize=18, color=_rgb("#949494"))
    page.insert_text((30, 120), "Fjorton fet", fontsize=14, fontname="hebo", color=_rgb("#949494"))
    page.insert_text((30, 180), "Fjorton mager", fontsize=14, color=_rgb("#949494"))
    # an OCR-style invisible text layer is never judged, whatever its colour
    page.insert_text((30, 260), "osynlig text", fontsize=12, color=(1, 1, 1), render_mode=3)
    doc.save(path)
    (f,) = _colour_findings(_check(path, "digital"), "colour.contrast")
    assert f.count == 1 and f.expected == 4.5 and f.bbox[1] > 150


def _grey_text_pdf(path: Path, text_ops: bytes) -> Path:
    """A page with hand-written text operators in grey #949494 (3.03:1 on white)."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "x", fontname="helv", fontsize=12)  # black: registers /helv
    xref = page.get_contents()[0]
    ops = b"q 0.58 0.58 0.58 rg BT /helv " + text_ops + b" 72 300 Td (Smal rubrik) Tj ET Q"
    doc.update_stream(xref, doc.xref_stream(xref) + b"\n" + ops)
    doc.save(path)
    return path


def test_large_text_is_judged_at_its_real_height_when_condensed(tmp_path: Path) -> None:
    # 3.03:1 is enough for large text (18 pt), not for normal text. Condensed to 50 % (Tz), a
    # 20-pt line is still 20 pt high, though PyMuPDF reports 14.1 pt for it.
    condensed = _grey_text_pdf(tmp_path / "condensed.pdf", b"20 Tf 50 Tz")
    with pymupdf.open(condensed) as doc:
        blocks = doc[0].get_text("dict")["blocks"]
    sizes = [
        s["size"] for b in blocks for ln in b["lines"] for s in ln["spans"] if "Smal" in s["text"]
    ]
    assert sizes == [pytest.approx(14.14, abs=0.05)]  # what a naive check would judge
    assert _colour_findings(_check(condensed, "digital"), "colour.contrast") == []
    normal = _grey_text_pdf(tmp_path / "normal.pdf", b"14 Tf")  # a real 14 pt: too faint
    found = _colour_findings(_check(normal, "digital"), "colour.contrast")
    assert [f.expected for f in found] == [4.5]


def test_a_near_miss_is_offered_its_palette_colour_and_a_far_one_is_not(tmp_path: Path) -> None:
    near, far = "#F0207A", "#80C341"  # Rosa primär a little off; a lime green
    (f_near,) = _colour_findings(_check(_rgb_pdf(tmp_path / "near.pdf", [near]), "digital"))
    (f_far,) = _colour_findings(_check(_rgb_pdf(tmp_path / "far.pdf", [far]), "digital"))
    assert "from the nearest palette colour, Rosa primär (#E5006C); the tolerance" in f_near.message
    assert f_far.message.endswith("choose the palette colour the design means.")
    assert "not a palette colour: the nearest" in f_far.message


def test_a_colour_stated_under_one_profile_is_not_stated_so_under_another(tmp_path: Path) -> None:
    # what a colour is stated as is remembered per palette (pages repeat their colours):
    # a profile without Rosa primär's CMYK must not reuse stockholm's verdict in one process
    doc = pymupdf.open()
    page = doc.new_page(width=420, height=200)
    page.draw_rect(pymupdf.Rect(20, 40, 400, 120), fill=(0.0, 1.0, 0.22, 0.0), color=None)
    page.insert_text((30, 90), "Vit text på rosa", fontsize=12, color=(1, 1, 1))
    doc.save(tmp_path / "rosa.pdf")
    no_cmyk = tmp_path / "no-cmyk"
    shutil.copytree(shipped_profiles()["stockholm"], no_cmyk)
    toml = no_cmyk / "profile.toml"
    text = toml.read_text(encoding="utf-8")
    assert 'hex = "#E5006C"\ncmyk = [0, 100, 22, 0]\n' in text
    toml.write_text(text.replace("cmyk = [0, 100, 22, 0]\n", "", 1), encoding="utf-8")
    for profile, contrast in (("stockholm", False), (no_cmyk, True), ("stockholm", False)):
        report = check_paths([tmp_path / "rosa.pdf"], profile, RunOptions(target="print"))
        found = _colour_findings(report.files[0], "colour.contrast")
        assert bool(found) is contrast, (profile, found)


def test_the_colours_a_palette_remembers_are_bounded(monkeypatch):
    # a scan worker or a hot folder keeps one palette for days: each colour seen on a page was
    # kept for good (about 190 bytes each)
    from brandcheck.checks import palette
    from brandcheck.checks.stated_contrast import as_stated
    from brandcheck.checks.text_contrast import TextContrast

    monkeypatch.setattr(palette, "SEEN_LIMIT", 50)
    red = np.array([[50.0, 80.0, 60.0]])  # the palette's one colour, Lab: no grey is stated as it
    stated: dict[str, str] = {}
    for grey in range(0, 240, 2):
        colour = f"#{grey:02X}{grey:02X}{grey:02X}"
        text = TextContrast(colour, "#FFFFFF", 1.0, False, (0, 0, 10, 10), text="Hej")
        [seen] = as_stated([text], ["#E4002B"], red, stated)
        assert seen.foreground == colour
        assert len(stated) <= 50 + 1
