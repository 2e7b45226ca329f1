"""BC202 and BC203 say what they found as a designer names it, on real files.

BC202: what is in which colour space (pictures, text, shapes, lines, with counts), what the
target needs and what to do, without PDF operator or colour-space names, in its message and in
``measured``/``expected`` (which the HTML report, annotated PDFs and CSV show); the PDF's spaces,
for programs, and the counts are in ``details``.
BC203: the text judged, quoted, and the palette colours of text and ground by name.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pikepdf
import pymupdf
import pytest
from PIL import Image, ImageCms

from brandcheck.api import check_paths
from brandcheck.pipeline import RunOptions
from brandcheck.report import Finding
from brandcheck.rule_settings import RuleSettings
from brandcheck.synth import place_logo

LOGO = Path(__file__).resolve().parents[2] / "reference_assets" / "stockholm" / "logo"

JARGON = ("Device", "Separation", "use(s)", "expects")


def _findings(path: Path, rule: str, target: str = "print") -> list[Finding]:
    options = RunOptions(target=target, ocr="off", rules=RuleSettings.build(select=[rule]))
    [file] = check_paths([path], "stockholm", options).files
    assert file.status != "error", file.error
    return [f for f in file.findings if f.rule == rule]


def _pdf(path: Path, colour: tuple[float, ...]) -> Path:
    """Two filled boxes and two lines of text, all in `colour` (3 values RGB, 4 CMYK)."""
    doc = pymupdf.open()
    page = doc.new_page()
    for y in (100, 300):
        page.draw_rect(pymupdf.Rect(60, y, 300, y + 120), color=None, fill=colour)
    for y in (500, 540):
        page.insert_text((60, y), "Sommarlov i Stockholm", fontsize=20, color=colour)
    doc.save(path)
    return path


def test_rgb_in_print_is_said_in_a_designers_words(tmp_path: Path) -> None:
    [found] = _findings(_pdf(tmp_path / "rgb.pdf", (0.0, 0.6, 0.57)), "BC202")
    assert found.message.startswith(
        "2 pieces of text and 2 shapes are in RGB, but print material needs CMYK, spot "
        "colours or greyscale. Export the PDF with the printer's PDF preset (PDF/X)"
    ), found.message
    assert not any(word in found.message for word in JARGON)
    # the values an HTML report, an annotated PDF or a CSV shows: a designer's words too
    assert (found.measured, found.expected) == ("RGB", "CMYK, spot colours or greyscale")
    assert found.details["space"] == "DeviceRGB" and "DeviceCMYK" in found.details["allowed"]
    assert found.details["counts"] == {"fill": 2, "text": 2}


def test_cmyk_on_screen_is_said_in_a_designers_words(tmp_path: Path) -> None:
    cmyk = _pdf(tmp_path / "cmyk.pdf", (0.94, 0.0, 0.5, 0.0))
    [found] = _findings(cmyk, "BC202", target="digital")
    assert found.message.startswith(
        "2 pieces of text and 2 shapes are in CMYK, but screen material needs RGB or greyscale."
    ), found.message
    assert "sRGB" in found.message and not any(word in found.message for word in JARGON)


def test_an_rgb_picture_checked_for_print_is_told_what_to_do(tmp_path: Path) -> None:
    png = tmp_path / "social.png"
    Image.new("RGB", (540, 540), (0, 153, 145)).save(png)
    [found] = _findings(png, "BC202")
    assert found.message.startswith(
        "This picture is in RGB, but print material needs CMYK, spot colours or greyscale. "
        "Convert it to CMYK"
    ), found.message
    assert "--target digital" in found.message  # a social post checked with the default
    assert not any(word in found.message for word in JARGON)


def test_off_palette_rgb_is_named_rgb_whatever_space_states_it(tmp_path: Path) -> None:
    """An RGB fill set in an ICC profile or a calibrated space is RGB to a designer, as a plain
    one is: BC201 does not name the PDF's colour spaces."""
    base = tmp_path / "base.pdf"
    doc = pymupdf.open()
    doc.new_page()
    doc.save(base)
    pdf = pikepdf.open(base)
    page = pdf.pages[0]
    icc = pikepdf.Stream(pdf, ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    icc.N = 3
    page.Resources.ColorSpace = pikepdf.Dictionary(
        CS0=pikepdf.Array([pikepdf.Name.ICCBased, icc]),
        CS1=pikepdf.Array([pikepdf.Name.CalRGB, pikepdf.Dictionary(WhitePoint=[0.9505, 1, 1.089])]),
    )
    page.contents_add(
        pikepdf.Stream(
            pdf,
            b"q /CS0 cs 1 0.2 0 scn 40 40 300 200 re f /CS1 cs 0.2 0.4 1 scn 40 300 300 200 re f "
            b"0.4 0.1 0.9 rg 40 600 300 100 re f Q",
        ),
        prepend=False,
    )
    pdf.save(tmp_path / "rgb.pdf")
    found = _findings(tmp_path / "rgb.pdf", "BC201", target="digital")
    assert len(found) == 3
    for f in found:
        assert f.message.startswith("Fills in RGB (#"), f.message
        assert not any(word in f.message for word in (*JARGON, "ICCBased", "CalRGB"))
    assert {f.details["space"] for f in found} == {"ICCBased", "CalRGB", "DeviceRGB"}


def _brochure(path: Path, pages: int = 8) -> Path:
    """A brochure whose even pages each carry an RGB photo (noise, so no flat colours), the
    rest CMYK text."""
    rng = np.random.default_rng(7)
    doc = pymupdf.open()
    for number in range(1, pages + 1):
        page = doc.new_page()
        page.insert_text((60, 80), f"Sida {number}", fontsize=14, color=(0, 0, 0, 1))
        if number % 2 == 0:
            photo = rng.integers(0, 256, (200, 300, 3), dtype=np.uint8)
            out = io.BytesIO()
            Image.fromarray(photo).save(out, "PNG")
            page.insert_image(pymupdf.Rect(60, 300, 360, 500), stream=out.getvalue())
    doc.save(path)
    return path


def test_the_same_kind_of_picture_on_several_pages_is_one_finding(tmp_path: Path) -> None:
    """An 8-page brochure with an RGB photo on pages 2, 4, 6 and 8: one BC202 naming the four
    pages and counting the four pictures, not four alike lines, one a page."""
    [found] = _findings(_brochure(tmp_path / "brochure.pdf"), "BC202")
    assert found.message.startswith("4 pictures are in RGB"), found.message
    assert found.pages == [1, 3, 5, 7] and found.count == 4
    assert found.box_pages == [1, 3, 5, 7] and len(found.boxes) == 4
    assert found.page == 1 and found.bbox == found.boxes[0]


def test_rgb_photos_in_print_are_told_to_be_converted_not_set_in_the_palette(
    tmp_path: Path,
) -> None:
    """Brand colours are set in the palette's CMYK values; photos are converted to CMYK or
    replaced by their print versions."""
    [found] = _findings(_brochure(tmp_path / "brochure.pdf", pages=2), "BC202")
    assert found.message == (
        "1 picture is in RGB, but print material needs CMYK, spot colours or greyscale. "
        "Convert the picture to CMYK in your image editor (or place the print version of it), "
        "or export the PDF with the printer's PDF preset (PDF/X), which converts colours to "
        "its output intent."
    ), found.message


def _poster_with_rgb_logo(path: Path) -> Path:
    """A CMYK poster (a box and a line of text) with the logo placed from an RGB file."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.draw_rect(pymupdf.Rect(60, 300, 540, 500), color=None, fill=(0.94, 0.0, 0.5, 0.0))
    page.insert_text((60, 560), "Sommarlov i Stockholm", fontsize=20, color=(0.0, 0, 0, 1))
    place_logo(page, LOGO / "standin-positive.svg", pymupdf.Rect(40, 40, 150, 80))
    doc.save(path)
    return path


def test_an_rgb_logo_in_print_is_named_at_its_place(tmp_path: Path) -> None:
    """The logo's parts are what is in RGB: the finding names the logo and marks its box, so
    a designer knows which art to replace, not just '14 shapes and 34 lines'."""
    poster = _poster_with_rgb_logo(tmp_path / "poster.pdf")
    options = RunOptions(ocr="off", rules=RuleSettings.build(select=["BC202", "logo.missing"]))
    [file] = check_paths([poster], "stockholm", options).files
    [hit] = file.pages[0].logos
    [found] = [f for f in file.findings if f.rule == "BC202"]
    assert found.message.startswith("The S:t Erik logotype is in RGB ("), found.message
    assert "Place the logo file made for print" in found.message
    assert not any(word in found.message for word in JARGON)
    assert found.bbox == hit.bbox and found.count == 1
    assert found.details["logo"] == "the S:t Erik logotype"


def _in_cmyk(path: Path) -> Path:
    """The PDF with the RGB colours of its forms' artwork (a placed logo) set in CMYK."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for _, form in pdf.pages[0].Resources.XObject.items():
            for nested in (form, *dict(form.get("/Resources", {}).get("/XObject", {})).values()):
                ops = []
                for operands, op in pikepdf.parse_content_stream(nested):
                    if str(op) in ("rg", "RG"):
                        k = 1 - max(float(v) for v in operands)
                        cmy = [(1 - float(v) - k) / (1 - k) if k < 1 else 0 for v in operands]
                        op = pikepdf.Operator("k" if str(op) == "rg" else "K")
                        operands = [*cmy, k]
                    ops.append((operands, op))
                nested.write(pikepdf.unparse_content_stream(ops))
        pdf.save(path)
    return path


@pytest.mark.parametrize("ground", [(38, 38, 150, 82), (138, 42, 146, 48)])
def test_an_rgb_shape_at_a_print_logo_is_not_named_the_logo(tmp_path: Path, ground) -> None:
    """A logo placed from its print file (CMYK) on a white box set in RGB, the knock-out that
    keeps it clear of a photo, or with a small RGB mark on it: the RGB shape is what is in
    the wrong space, at its own box; the logo was named, and a designer told to replace it."""
    poster = _in_cmyk(_poster_with_rgb_logo(tmp_path / "poster.pdf"))
    doc = pymupdf.open(poster)
    doc[0].draw_rect(pymupdf.Rect(*ground), color=None, fill=(1, 1, 1), overlay=False)
    doc.save(tmp_path / "boxed.pdf")
    options = RunOptions(ocr="off", rules=RuleSettings.build(select=["BC202", "logo.missing"]))
    [file] = check_paths([tmp_path / "boxed.pdf"], "stockholm", options).files
    assert len(file.pages[0].logos) == 1  # the logo is found: its parts could be named
    [found] = [f for f in file.findings if f.rule == "BC202"]
    assert found.message.startswith("1 shape is in RGB"), found.message
    assert "logo" not in found.details
    assert found.bbox == pytest.approx(ground)


def test_an_rgb_picture_of_the_logo_on_a_cmyk_box_is_named_the_logo(tmp_path: Path) -> None:
    """The logo placed as an RGB picture on a paper-white CMYK box of its size: one paint of
    the two in its box is RGB, and that one is the logo."""
    picture = pymupdf.open("pdf", pymupdf.open(LOGO / "standin-positive.svg").convert_to_pdf())
    doc = pymupdf.open()
    page = doc.new_page()
    page.draw_rect(pymupdf.Rect(40, 40, 150, 80), color=None, fill=(0, 0, 0, 0))
    page.insert_image(
        pymupdf.Rect(40, 40, 150, 80), stream=picture[0].get_pixmap(dpi=300).tobytes()
    )
    doc.save(tmp_path / "picture.pdf")
    options = RunOptions(ocr="off", rules=RuleSettings.build(select=["BC202", "logo.missing"]))
    [file] = check_paths([tmp_path / "picture.pdf"], "stockholm", options).files
    [found] = [f for f in file.findings if f.rule == "BC202"]
    assert found.message.startswith("The S:t Erik logotype is in RGB (1 picture)"), found.message


def test_an_rgb_city_logo_in_a_companys_print_is_not_to_be_replaced(tmp_path: Path) -> None:
    poster = _poster_with_rgb_logo(tmp_path / "poster.pdf")
    options = RunOptions(ocr="off", rules=RuleSettings.build(select=["BC202", "BC108"]))
    [file] = check_paths([poster], "stockholm-bolag", options).files
    [found] = [f for f in file.findings if f.rule == "BC202"]
    assert found.message.startswith("The city's S:t Erik logotype is in RGB ("), found.message
    assert "must not be used in this material at all (BC108)" in found.message


def _contrast_pdf(path: Path, text: tuple[float, ...], ground: tuple[float, ...]) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    page.draw_rect(pymupdf.Rect(40, 80, 560, 400), color=None, fill=ground)
    page.insert_text((60, 140), "Sälj det du inte längre behöver", fontsize=11, color=text)
    page.insert_text((60, 170), "Loppis på torget", fontsize=11, color=text)
    doc.save(path)
    return path


def test_contrast_quotes_the_text_and_names_palette_colours(tmp_path: Path) -> None:
    # Ljusgrön 1 on Ljusgrön 2, in the manual's CMYK values, as a print designer sets them
    pdf = _contrast_pdf(tmp_path / "flyer.pdf", (0.38, 0.0, 0.2, 0.0), (0.15, 0.0, 0.08, 0.0))
    [found] = _findings(pdf, "BC203")
    assert found.message.startswith(
        'Text "Sälj det du inte längre behöver" and 1 more in Ljusgrön 1 (#AAD9D6) on '
        "Ljusgrön 2 (#E1F1EF) have a contrast of 1.3"
    ), found.message
    assert found.details["text"] == "Sälj det du inte längre behöver"
    assert found.details["foreground_name"] == "Ljusgrön 1"


def test_contrast_names_only_the_colours_that_are_palette_colours(tmp_path: Path) -> None:
    grey = (0.6, 0.6, 0.6)  # #999999 is no palette colour; white is Vit
    doc = pymupdf.open()
    doc.new_page().insert_text((60, 140), "Öppettider", fontsize=11, color=grey)
    doc.save(tmp_path / "grey.pdf")
    [found] = _findings(tmp_path / "grey.pdf", "BC203", target="digital")
    assert found.message.startswith(
        'Text "Öppettider" in #999999 on Vit (#FFFFFF) has a contrast of 2.8'
    ), found.message
    assert found.details["foreground_name"] is None


@pytest.mark.parametrize(
    ("fill", "lacks"),
    [
        ((0, 80, 140), "Mörkblå and Ljusblå 1"),  # a dark blue: maybe the manual's Mörkblå
        ((74, 34, 89), "Mörklila and Ljuslila 1"),
        ((0, 120, 110), None),  # the green family is complete: a wrong green is wrong
    ],
)
def test_an_off_palette_colour_near_a_family_with_unknown_shades_says_so(
    tmp_path: Path, fill, lacks
) -> None:
    # the manual's public text gives no dark and light 1 shades of blå, lila and gul: the
    # profile leaves them out, and a colour near those families may be one of them
    doc = pymupdf.open()
    doc.new_page().draw_rect(
        pymupdf.Rect(50, 50, 500, 300), color=None, fill=[v / 255 for v in fill]
    )
    path = tmp_path / "shade.pdf"
    doc.save(path)
    options = RunOptions(target="digital", rules=RuleSettings.build(select=["BC201"]))
    [finding] = check_paths([path], "stockholm", options).files[0].findings
    if lacks is None:
        assert "lacks" not in finding.message and "missing_shades" not in finding.details
    else:
        assert (
            f"The profile lacks {lacks}, whose values the manual's public text" in finding.message
        )
        assert finding.details["missing_shades"] == lacks.split(" and ")


def test_a_finding_told_over_pages_is_at_its_first_box_on_that_boxs_page(tmp_path: Path) -> None:
    """An RGB gradient painted without a clip (no box) on page 1 and an RGB square on page 2:
    the one BC202 was told on page 1 with the square's box, which is on page 2 (SARIF and the
    CSV put it on page 1)."""
    doc = pymupdf.open()
    doc.new_page()
    doc.new_page()
    shading = doc.get_new_xref()
    doc.update_object(
        shading,
        "<< /ShadingType 2 /ColorSpace /DeviceRGB /Coords [0 0 595 0] /Extend [true true] "
        "/Function << /FunctionType 2 /Domain [0 1] /C0 [1 0 0] /C1 [0 0 1] /N 1 >> >>",
    )
    stream = doc.get_new_xref()
    doc.update_object(stream, "<< /Length 0 >>")
    doc.update_stream(stream, b"q /Sh0 sh Q")
    doc.xref_set_key(doc[0].xref, "Contents", f"{stream} 0 R")
    doc.xref_set_key(doc[0].xref, "Resources", f"<< /Shading << /Sh0 {shading} 0 R >> >>")
    doc[1].draw_rect(pymupdf.Rect(100, 100, 200, 200), color=None, fill=(1, 0, 0))
    path = tmp_path / "gradient-then-square.pdf"
    doc.save(path)
    [found] = _findings(path, "BC202")
    assert found.pages == [0, 1] and found.box_pages == [1]
    assert (found.page, found.bbox) == (1, found.boxes[0])


def test_a_logo_placed_on_several_pages_is_not_told_as_made_of_all_their_parts(
    tmp_path: Path,
) -> None:
    """The RGB logo on pages 1 and 3: one BC202 naming the logo, whose parts were summed over
    its placements and told as the logo's ('28 shapes and 68 lines' for a logo of 14 and 34)."""
    doc = pymupdf.open()
    for number in range(3):
        page = doc.new_page()
        page.insert_text((60, 560), "Sommarlov i Stockholm", fontsize=20, color=(0.0, 0, 0, 1))
        if number != 1:
            place_logo(page, LOGO / "standin-positive.svg", pymupdf.Rect(40, 40, 150, 80))
    path = tmp_path / "two-logos.pdf"
    doc.save(path)
    options = RunOptions(ocr="off", rules=RuleSettings.build(select=["BC202", "logo.missing"]))
    [file] = check_paths([path], "stockholm", options).files
    [found] = [f for f in file.findings if f.rule == "BC202"]
    assert found.pages == [0, 2] and found.count == 2
    assert "(28 shapes and 68 lines in its 2 placements)" in found.message, found.message


def test_a_picture_of_several_pages_in_rgb_says_how_many(tmp_path: Path) -> None:
    """A 3-page TIFF in RGB for print: one BC202 for its pages, which said 'This picture is
    in RGB' with a count of 3 (the three findings it replaced each said it of one page)."""
    frames = [Image.new("RGB", (600, 400), (200, 30, 30)) for _ in range(3)]
    path = tmp_path / "frames.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:], dpi=(300, 300))
    [found] = _findings(path, "BC202")
    assert found.pages == [0, 1, 2] and found.count == 3
    assert found.message.startswith("3 pages of this picture are in RGB, but print"), found.message
