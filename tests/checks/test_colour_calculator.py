"""Colours from PostScript calculator functions (Scribus, ReportLab): judged, or said not to be."""

from __future__ import annotations

import sys
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Name
from test_colour import _check, _colour_findings, _rgb

from brandcheck.api import check_paths
from brandcheck.pipeline import RunOptions
from brandcheck.rule_settings import RuleSettings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "helpers"))
from pdf_pages import add, one_page

#: CMYK 80/0/100/0 for tint 1 of the ink, as each producer writes the tint transform
SCRIBUS = b"{\ndup 0.80000\nmul exch dup 0.00000\nmul exch dup 1.00000\nmul exch 0.00000 mul }\n"
REPORTLAB = b"{dup 0.8 mul exch 0.0 exch dup 1.0 mul exch pop 0.0}"


def _calculator(pdf: pikepdf.Pdf, program: bytes, inputs: int, outputs: int) -> pikepdf.Stream:
    fn = pdf.make_stream(program)
    fn.FunctionType, fn.Domain, fn.Range = 4, [0, 1] * inputs, [0, 1] * outputs
    return fn


def _spot_page(path: Path, program: bytes, inks: tuple[str, ...] = ("PANTONE 354 C",)) -> Path:
    """A band filled 100 % with a spot colour whose tint transform is ``program``, in CMYK."""

    def build(pdf: pikepdf.Pdf, page: pikepdf.Dictionary) -> None:
        fn = _calculator(pdf, program, len(inks), 4)
        names = [Name("/" + ink) for ink in inks]
        head = [Name.Separation, names[0]] if len(inks) == 1 else [Name.DeviceN, Array(names)]
        add(page, "ColorSpace", "Spot", Array([*head, Name.DeviceCMYK, fn]))

    tints = " ".join(["1"] * len(inks))
    content = f"/Spot cs {tints} scn 0 600 595 142 re f"
    return one_page(path, content, build=build)


@pytest.mark.parametrize("program", [SCRIBUS, REPORTLAB], ids=["scribus", "reportlab"])
def test_a_spot_colour_with_a_calculator_tint_transform_is_judged(tmp_path, program) -> None:
    report = _check(_spot_page(tmp_path / "spot.pdf", program))
    (off,) = _colour_findings(report, "colour.off_palette")
    assert off.details["hex"] == "#0BB14B"  # CMYK 80/0/100/0 as the page shows it
    assert off.details["delta_e"] == pytest.approx(19.6, abs=0.2)
    assert [c.hex for c in report.pages[0].colours] == ["#0BB14B"]


def test_a_devicen_of_two_inks_with_a_calculator_tint_transform_is_judged(tmp_path) -> None:
    # each ink adds its own CMYK: 354 C gives 80/0/100/0, the second ink nothing
    program = b"{ pop dup 0.8 mul exch 0 exch 1 mul 0 }"
    path = _spot_page(tmp_path / "duo.pdf", program, ("PANTONE 354 C", "PANTONE 877 C"))
    (off,) = _colour_findings(_check(path), "colour.off_palette")
    assert off.details["hex"] == "#0BB14B" and off.details["values"] == [1.0, 1.0]


def test_a_gradient_through_a_calculator_function_is_judged_by_its_stops(tmp_path) -> None:
    """Pink at both ends and lime in the middle: a program's turn is a stop too."""
    pink, lime = _rgb("#E5006C"), _rgb("#80FF00")
    channels = " ".join(  # u (0 at the ends, 1 in the middle) to each channel, kept below
        f"dup {b - a:.4f} mul {a:.4f} add exch" for a, b in zip(pink, lime, strict=True)
    )
    program = f"{{ dup 0.5 gt {{ 1 exch sub }} if 2 mul {channels} pop }}".encode()

    def build(pdf: pikepdf.Pdf, page: pikepdf.Dictionary) -> None:
        fn = _calculator(pdf, program, 1, 3)
        ramp = pikepdf.Dictionary(
            ShadingType=2, ColorSpace=Name.DeviceRGB, Coords=[0, 0, 595, 0], Function=fn
        )
        add(page, "Shading", "Sh0", pdf.make_indirect(ramp))

    path = one_page(tmp_path / "ramp.pdf", "q 0 600 595 142 re W n /Sh0 sh Q", build=build)
    report = _check(path, "digital")
    (off,) = _colour_findings(report, "colour.off_palette")
    assert off.details["hex"] == "#80FF00" and off.details["kinds"] == ["gradient"]
    stops = sorted(c.hex for c in report.pages[0].colours if c.source == "gradient")
    assert stops == ["#80FF00", "#E5006C"]


def test_a_colour_that_cannot_be_worked_out_is_reported_as_not_judged(tmp_path) -> None:
    path = _spot_page(tmp_path / "broken.pdf", b"{ dup 0.8 mul exch frobnicate }")
    options = RunOptions(rules=RuleSettings.build(select=["BC201"]), ocr="off")
    [file] = check_paths([path], "stockholm", options).files
    # BC910 is kept while BC201, the rule it could not judge, is selected; BC904 (MuPDF could
    # not draw the page as written) under any selection
    damaged, skipped = sorted(file.findings, key=lambda f: f.rule)
    assert damaged.rule == "BC904" and "frobnicate" in damaged.message
    assert skipped.rule == "BC910" and skipped.details["rules"] == ["BC201"]
    assert skipped.details["inks"] == ["PANTONE 354 C"]
    assert "BC201 not judged for Separation PANTONE 354 C (100 %)" in skipped.message
