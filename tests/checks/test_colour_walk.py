"""What the PDF content-stream walk puts before the colour rules: only what the design shows.

Printer's marks, the slug and the pasteboard, hidden layers, clipped-away and fully transparent
paints are not judged; colours in CIE-based spaces are judged as they show.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name
from test_colour import _check, _colour_findings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "helpers"))
from pdf_pages import add, form, one_page

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
