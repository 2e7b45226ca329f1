"""What the PDF content-stream walk puts before the colour rules: only what the design shows.

Printer's marks, the slug and the pasteboard, hidden layers, clipped-away and fully transparent
paints are not judged; colours in CIE-based spaces are judged as they show.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name
from PIL import Image, ImageCms
from test_colour import PALETTE_RGB, _check, _colour_findings, _rgb

from brandcheck.imaging.colour import srgb_to_lab

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "helpers"))
from pdf_pages import add, form, one_page, rgb_profile

ROSA = "0 1 0.22 0"  # Rosa primär, CMYK from the profile
RED = "0 1 1 0"  # CMYK red: ΔE00 10 from Mörkorange
VIOLET = "1 1 0 0"  # CMYK blue-violet: ΔE00 14 from Lila primär
LIME = "1 0 1 0"  # CMYK green: ΔE00 18 from Grön primär


def _off_palette(report) -> list[str]:
    """The stated colours of the BC201 findings, one per colour."""
    return sorted({f.details["space"] + str(f.details["values"]) for f in _off(report)})


def _off(report):
    return _colour_findings(report, "colour.off_palette")


# ------------------------------------------------------------------ the design area
def _separation(pdf: pikepdf.Pdf, ink: str) -> Array:
    tint = Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 1, 1, 1], N=1)
    return Array([Name.Separation, Name("/" + ink), Name.DeviceCMYK, pdf.make_indirect(tint)])


def test_printers_marks_slug_and_pasteboard_are_not_judged_but_bleed_is(tmp_path: Path) -> None:
    marks = " ".join(  # crop marks in registration colour, in the slug beside each corner
        f"{x - 27} {y} m {x - 9} {y} l S {x} {y - 27} m {x} {y - 9} l S"
        for x, y in ((30, 30), (655, 30), (30, 902), (655, 902))
    )
    content = (
        f"{ROSA} k 21 21 643 890 re f\n"  # the background, bled over the trim
        f"{RED} k 600 400 60 60 re f\n"  # a box crossing the trim: part of the design
        f"/Reg CS 1 SCN 0.25 w {marks}\n"
        f"{VIOLET} k 100 914 12 12 re f {LIME} k 114 914 12 12 re f\n"  # a colour bar
        f"1 0 0 rg -300 300 200 200 re f\n"  # on the pasteboard, RGB too
        f"BT /F1 7 Tf {VIOLET} k 40 10 Td (job.indd 2024-05-01 page 1) Tj ET\n"  # slug text
        f"BT /F1 30 Tf {RED} k 5 600 Td (Headline into the bleed) Tj ET\n"  # text crossing in
    )
    path = one_page(
        tmp_path / "marks.pdf",
        content,
        size=(685, 932),
        build=lambda pdf, page: add(page, "ColorSpace", "Reg", _separation(pdf, "All")),
        TrimBox=[30, 30, 655, 902],
        BleedBox=[21, 21, 664, 911],
    )
    report = _check(path)
    assert _off_palette(report) == ["DeviceCMYK[0.0, 1.0, 1.0, 0.0]"]
    assert [f.details["kinds"] for f in _off(report)] == [["fill", "text"]]  # box and headline
    assert _colour_findings(report, "colour.space") == []  # the pasteboard's RGB is not used
    judged = {c.hex for p in report.pages for c in p.colours}
    assert "#FFFFFF" not in judged  # registration is not white paper


def test_without_a_trimbox_paints_outside_the_cropbox_are_not_judged(tmp_path: Path) -> None:
    content = (
        "0 0 0 0.05 k 50 50 595 842 re f\n"
        f"1 0 0 rg 0 0 45 45 re f {RED} k 650 900 40 40 re f\n"  # beside the CropBox
        f"{VIOLET} k 600 400 100 100 re f\n"  # crossing its edge
    )
    path = one_page(tmp_path / "crop.pdf", content, size=(700, 950), CropBox=[50, 50, 645, 892])
    report = _check(path)
    assert _off_palette(report) == ["DeviceCMYK[1.0, 1.0, 0.0, 0.0]"]
    assert _colour_findings(report, "colour.space") == []


# ------------------------------------------------------------------ what nobody sees
def _layers(pdf: pikepdf.Pdf, page: pikepdf.Dictionary) -> None:
    """Language layers Svenska (on) and English (off, in /D /OFF), as /sv and /en; membership
    dictionaries /all (both on: hidden) and /any (either on: shown); a form in English."""
    sv, en = (
        pdf.make_indirect(Dictionary(Type=Name.OCG, Name=pikepdf.String(n)))
        for n in ("Svenska", "English")
    )
    pdf.Root.OCProperties = Dictionary(OCGs=[sv, en], D=Dictionary(Order=[sv, en], OFF=[en]))
    add(page, "Properties", "sv", sv)
    add(page, "Properties", "en", en)
    for name, policy in (("all", Name.AllOn), ("any", Name.AnyOn)):
        ocmd = Dictionary(Type=Name.OCMD, OCGs=[sv, en], P=policy)
        add(page, "Properties", name, pdf.make_indirect(ocmd))
    add(page, "XObject", "English", form(pdf, f"{RED} k 0 0 100 100 re f", [0, 0, 100, 100], OC=en))


def test_what_hidden_layers_draw_is_not_judged(tmp_path: Path) -> None:
    content = (
        f"/OC /en BDC 1 0 0 rg 50 600 100 100 re f BT /F1 20 Tf 50 560 Td (English) Tj ET EMC\n"
        f"/OC /sv BDC {LIME} k 200 600 100 100 re f EMC\n"  # the layer that is on
        "q 1 0 0 1 350 600 cm /English Do Q\n"  # a form in the hidden layer
        f"/OC /all BDC /Span <</MCID 0>> BDC {RED} k 50 400 100 100 re f EMC EMC\n"
        f"/OC /any BDC {VIOLET} k 200 400 100 100 re f EMC\n"
        f"/OC /en BDC q 1 0 0 1 350 400 cm /English Do Q"  # an unclosed sequence ends the page
    )
    report = _check(one_page(tmp_path / "layers.pdf", content, build=_layers))
    assert _off_palette(report) == [
        "DeviceCMYK[1.0, 0.0, 1.0, 0.0]",
        "DeviceCMYK[1.0, 1.0, 0.0, 0.0]",
    ]
    assert _colour_findings(report, "colour.space") == []  # the English RGB is not used


def test_clipped_away_and_fully_transparent_paints_are_not_judged(tmp_path: Path) -> None:
    def build(pdf: pikepdf.Pdf, page: pikepdf.Dictionary) -> None:
        add(page, "ExtGState", "Clear", Dictionary(Type=Name.ExtGState, ca=0, CA=0))
        add(page, "ExtGState", "Half", Dictionary(Type=Name.ExtGState, ca=0.5))
        # a form whose box holds none of what it draws
        add(page, "XObject", "Off", form(pdf, f"{LIME} k 200 200 50 50 re f", [0, 0, 100, 100]))

    content = (
        f"q 50 50 100 100 re W n {RED} k 300 500 200 200 re f Q\n"  # outside its clip
        f"q 50 50 100 100 re W n {VIOLET} k 120 120 200 200 re f Q\n"  # partly inside: shown
        "q /Clear gs 1 0 0 rg 50 700 100 100 re f BT /F1 20 Tf 50 650 Td (Clear) Tj ET Q\n"
        f"q /Half gs {VIOLET} k 300 300 50 50 re f Q\n"  # see-through is still seen
        "q 1 0 0 1 300 50 cm /Off Do Q\n"
    )
    report = _check(one_page(tmp_path / "unseen.pdf", content, build=build))
    assert _off_palette(report) == ["DeviceCMYK[1.0, 1.0, 0.0, 0.0]"]
    assert _colour_findings(report, "colour.space") == []


# ------------------------------------------------------------------ CIE-based spaces
CAL_ADOBE = Dictionary(  # CalRGB with Adobe RGB's primaries
    WhitePoint=[0.9505, 1.0, 1.089],
    Gamma=[2.2, 2.2, 2.2],
    Matrix=[0.5767, 0.2974, 0.0270, 0.1856, 0.6273, 0.0707, 0.1882, 0.0753, 0.9911],
)


def _in_adobe_rgb(hexes: list[str]) -> list[tuple[float, ...]]:
    """sRGB colours converted to Adobe RGB numbers (0..1), as a layout program exports them."""
    image = Image.frombytes("RGB", (len(hexes), 1), b"".join(bytes.fromhex(h[1:]) for h in hexes))
    adobe = ImageCms.ImageCmsProfile(io.BytesIO(rgb_profile()))
    intent = ImageCms.Intent.RELATIVE_COLORIMETRIC
    shown = ImageCms.profileToProfile(image, ImageCms.createProfile("sRGB"), adobe, intent)
    return [tuple(c / 255 for c in shown.getpixel((i, 0))) for i in range(len(hexes))]


@pytest.mark.parametrize("stated", ["ICCBased", "DefaultRGB", "CalRGB"])
def test_rgb_in_a_cie_based_space_is_judged_as_it_shows(tmp_path: Path, stated: str) -> None:
    def build(pdf: pikepdf.Pdf, page: pikepdf.Dictionary) -> None:
        icc = pdf.make_stream(rgb_profile(), N=3)
        space = Array([Name.ICCBased, icc])
        if stated == "CalRGB":
            space = Array([Name.CalRGB, CAL_ADOBE])
        add(page, "ColorSpace", "DefaultRGB" if stated == "DefaultRGB" else "CS0", space)

    converted = _in_adobe_rgb(PALETTE_RGB)  # the palette, right in Adobe RGB
    raw = [_rgb(PALETTE_RGB[0])]  # Rosa primär's sRGB numbers: more saturated in Adobe RGB
    op = "rg" if stated == "DefaultRGB" else "scn"
    fills = " ".join(
        f"{r:.4f} {g:.4f} {b:.4f} {op} {40 + 70 * i} 600 60 60 re f"
        for i, (r, g, b) in enumerate(converted + raw)
    )
    content = ("" if stated == "DefaultRGB" else "/CS0 cs ") + fills
    report = _check(one_page(tmp_path / "adobe.pdf", content, build=build), target="digital")
    (off,) = _off(report)
    assert off.details["values"] == [round(v, 4) for v in raw[0]]
    assert off.details["hex"] not in ("#E5006C", "#E6006C")  # the colour shown, not the numbers


def _separation_lab(pdf: pikepdf.Pdf, ink: str, lab: list[float]) -> Array:
    """A spot colour whose alternate is Lab (D50), as Adobe applications write Pantone inks."""
    space = Array([Name.Lab, Dictionary(WhitePoint=[0.9642, 1, 0.8249], Range=[-128, 127] * 2)])
    tint = Dictionary(FunctionType=2, Domain=[0, 1], C0=[100, 0, 0], C1=lab, N=1)
    return Array([Name.Separation, Name("/" + ink), space, pdf.make_indirect(tint)])


def test_lab_colours_and_spot_colours_with_a_lab_alternate_are_judged(tmp_path: Path) -> None:
    rosa = [float(v) for v in srgb_to_lab(np.array(_rgb(PALETTE_RGB[0])))]

    def build(pdf: pikepdf.Pdf, page: pikepdf.Dictionary) -> None:
        d65 = Dictionary(WhitePoint=[0.9505, 1.0, 1.089], Range=[-128, 127, -128, 127])
        add(page, "ColorSpace", "Lab", Array([Name.Lab, d65]))
        add(page, "ColorSpace", "P185", _separation_lab(pdf, "PANTONE 185 C", [50.6, 72, 44]))

    content = (
        "/Lab cs 53.2 80.1 67.2 scn 40 600 100 100 re f\n"  # red
        f"/Lab cs {rosa[0]:.2f} {rosa[1]:.2f} {rosa[2]:.2f} scn 200 600 100 100 re f\n"
        "/P185 cs 1 scn 40 400 100 100 re f\n"
    )
    report = _check(one_page(tmp_path / "lab.pdf", content, build=build))
    assert _off_palette(report) == ["Lab[53.2, 80.1, 67.2]", "Separation[1.0]"]
    assert [f.measured for f in _colour_findings(report, "colour.spot_name")] == ["PANTONE 185 C"]


# ------------------------------------------------------------------ what prints but was missed
def _annotation(pdf: pikepdf.Pdf, colour: str, rect: list[float], flags: int) -> pikepdf.Object:
    """A Square annotation whose normal appearance fills its box in CMYK `colour`."""
    ap = form(pdf, f"{colour} k 0 0 20 10 re f", [0, 0, 20, 10])
    square = Dictionary(Type=Name.Annot, Subtype=Name.Square, Rect=rect, F=flags)
    square.AP = Dictionary(N=ap)
    return pdf.make_indirect(square)


def test_annotations_and_tiling_patterns_are_judged_by_what_they_paint(tmp_path: Path) -> None:
    def build(pdf: pikepdf.Pdf, page: pikepdf.Dictionary) -> None:
        shown = _annotation(pdf, RED, [100, 600, 300, 700], 4)  # printed
        hidden = _annotation(pdf, "0 0 1 0", [100, 400, 300, 500], 2)  # the Hidden flag
        page.Annots = pdf.make_indirect(Array([shown, hidden]))
        cell = form(pdf, f"{LIME} k 0 0 10 10 re f", [0, 0, 20, 20], PatternType=1)
        cell.PaintType, cell.TilingType, cell.XStep, cell.YStep = 1, 1, 20, 20
        cell.Resources = Dictionary()
        stencil = form(pdf, "0 0 10 10 re f", [0, 0, 20, 20], PatternType=1)
        stencil.PaintType, stencil.TilingType, stencil.XStep, stencil.YStep = 2, 1, 20, 20
        add(page, "Pattern", "Cells", cell)
        add(page, "Pattern", "Stencil", stencil)
        add(page, "ColorSpace", "PCMYK", Array([Name.Pattern, Name.DeviceCMYK]))

    content = (
        "/Pattern cs /Cells scn 50 50 200 200 re f\n"  # a coloured pattern: its cell's colours
        f"/PCMYK cs {VIOLET} /Stencil scn 300 50 200 200 re f\n"  # uncoloured: scn's colour
    )
    report = _check(one_page(tmp_path / "unseen.pdf", content, build=build))
    assert _off_palette(report) == [
        "DeviceCMYK[0.0, 1.0, 1.0, 0.0]",
        "DeviceCMYK[1.0, 0.0, 1.0, 0.0]",
        "DeviceCMYK[1.0, 1.0, 0.0, 0.0]",
    ]
    (annotation,) = (f for f in _off(report) if f.details["values"] == [0.0, 1.0, 1.0, 0.0])
    assert annotation.bbox == (100, 842 - 700, 300, 842 - 600)  # the appearance fits the /Rect


def test_a_tiling_pattern_with_an_unreadable_paint_type_keeps_the_page_walked(
    tmp_path: Path,
) -> None:
    def build(pdf: pikepdf.Pdf, page: pikepdf.Dictionary) -> None:
        cell = form(pdf, f"{LIME} k 0 0 10 10 re f", [0, 0, 20, 20], PatternType=1)
        cell.PaintType, cell.TilingType, cell.XStep, cell.YStep = Name.Foo, 1, 20, 20
        cell.Resources = Dictionary()
        add(page, "Pattern", "Odd", cell)

    content = "0 0 1 rg 50 600 100 100 re f\n/Pattern cs /Odd scn 50 50 200 200 re f\n"
    report = _check(one_page(tmp_path / "painttype.pdf", content, build=build))
    assert _off_palette(report) == ["DeviceRGB[0.0, 0.0, 1.0]"]  # the cell is not guessed at
    assert len(_colour_findings(report, "colour.space")) == 1  # the RGB fill, from the walk


def test_visibility_expressions_that_refer_to_themselves_are_evaluated(tmp_path: Path) -> None:
    def build(pdf: pikepdf.Pdf, page: pikepdf.Dictionary) -> None:
        _layers(pdf, page)
        sv, en = pdf.Root.OCProperties.OCGs
        loop = pdf.make_indirect(Array([Name.Or]))
        for _ in range(2):  # a cycle is visible where it recurs, as too deep a nesting is
            loop.append(loop)
        loop.append(en)
        both = pdf.make_indirect(Array([Name.And, sv, loop, Array([Name.Not, en])]))
        for name, ve in (("loop", loop), ("both", both), ("neither", Array([Name.And, en, loop]))):
            ocmd = Dictionary(Type=Name.OCMD, OCGs=[en], VE=ve)
            add(page, "Properties", name, pdf.make_indirect(ocmd))

    content = (
        f"/OC /loop BDC {LIME} k 50 600 100 100 re f EMC\n" * 20  # asked again at every use
        + f"/OC /both BDC {VIOLET} k 200 600 100 100 re f EMC\n"
        + f"/OC /neither BDC {RED} k 350 600 100 100 re f EMC\n"  # English is off
    )
    report = _check(one_page(tmp_path / "loop.pdf", content, build=build))
    assert _off_palette(report) == [
        "DeviceCMYK[1.0, 0.0, 1.0, 0.0]",
        "DeviceCMYK[1.0, 1.0, 0.0, 0.0]",
    ]


@pytest.mark.parametrize(
    ("target", "judged"),
    [
        ("print", ["DeviceCMYK[1.0, 1.0, 0.0, 0.0]"]),
        ("digital", ["DeviceCMYK[0.0, 1.0, 1.0, 0.0]"]),
    ],
)
def test_annotations_are_judged_where_the_target_shows_them(
    tmp_path: Path, target: str, judged: list[str]
) -> None:
    def build(pdf: pikepdf.Pdf, page: pikepdf.Dictionary) -> None:
        on_screen = _annotation(pdf, RED, [100, 600, 300, 700], 0)  # a reviewer's: never printed
        printed_only = _annotation(pdf, VIOLET, [100, 400, 300, 500], 4 | 32)  # Print, NoView
        hidden = _annotation(pdf, LIME, [100, 200, 300, 300], 2 | 4)  # Hidden wins over Print
        page.Annots = Array([on_screen, printed_only, hidden])

    report = _check(one_page(tmp_path / "flags.pdf", "", build=build), target)
    assert _off_palette(report) == judged


def test_text_in_the_slug_is_kept_only_when_its_own_line_runs_into_the_trim(
    tmp_path: Path,
) -> None:
    notes = "".join(  # job notes all round the slug and the pasteboard, one line per word
        f"BT /F1 6 Tf {x} {y} Td (note) Tj ET\n"
        for x in (2, 690, 740)
        for y in range(2, 930, 16)
        if not 560 < y < 650  # apart from the headlines' lines
    )
    content = (
        f"{VIOLET} k {notes}"
        f"BT /F1 30 Tf {RED} k 5 600 Td (Headline into the bleed) Tj ET\n"  # from the slug in
        f"BT /F1 30 Tf {LIME} k 660 600 Td (Beside the trim) Tj ET\n"  # the same row, outside
        f"{ROSA} k 30 30 625 200 re f\n"
    )
    path = one_page(tmp_path / "slug.pdf", content, size=(800, 932), TrimBox=[30, 30, 655, 902])
    report = _check(path)
    assert _off_palette(report) == ["DeviceCMYK[0.0, 1.0, 1.0, 0.0]"]
    assert [f.details["kinds"] for f in _off(report)] == [["text"]]
