"""Small files that ask for unbounded work (audit 16, B3, B5, B8), generated here and scaled
down: a limit is lowered so that the bomb is just over it and the test stays fast."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from brandcheck import api
from brandcheck.document import Limits
from brandcheck.rule_settings import RuleSettings

_XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'


def _raw_pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(entries: bytes, data: bytes) -> bytes:
    return b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _page_pdf(content: bytes, page: bytes = b"/MediaBox [0 0 595 842]", *extra: bytes) -> bytes:
    return _raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R " + page + b" /Contents 4 0 R >>",
            content,
            *extra,
        ]
    )


def _check(path: Path, limits: Limits | None = None):
    rules = RuleSettings.build(select=["colour", "file"])
    options = api.RunOptions(ocr="off", limits=limits or Limits(), rules=rules)
    report = api.check_paths(path, options=options)
    (only,) = report.files
    return only


def _rules(report) -> list[str]:
    return [f.rule for f in report.findings]


# B3: page content that inflates far beyond what the file stores


def _flate_bomb(tmp_path: Path, decoded: int) -> Path:
    """A page whose Flate content inflates to ``decoded`` bytes of an off-palette fill and
    NUL bytes (white space to a PDF reader)."""
    body = b"0 0 1 rg 72 72 300 300 re f\n"
    data = zlib.compress(body + b"\0" * (decoded - len(body)), 9)
    path = tmp_path / f"content_{decoded}.pdf"
    path.write_bytes(_page_pdf(_stream(b"/Filter /FlateDecode", data)))
    return path


def test_content_inflating_past_the_limit_is_refused_before_it_is_drawn(tmp_path):
    limits = Limits(max_content_bytes=1_000_000)
    report = _check(_flate_bomb(tmp_path, 1_500_000), limits)
    assert report.status == "error"
    assert report.findings[0].rule == "BC905"
    assert "page 1 has content that decodes to more than 1 MB" in report.error


def test_content_under_the_limit_is_checked(tmp_path):
    report = _check(_flate_bomb(tmp_path, 900_000), Limits(max_content_bytes=1_000_000))
    assert report.status == "fail"
    assert "BC201" in _rules(report)


# B5: forms that draw each other over and over; SVG <use> bombs and selector bombs


def _form_bomb(tmp_path: Path, levels: int, fan: int = 10) -> Path:
    forms = []
    for k in range(levels):
        if k < levels - 1:
            content = b"".join(b"q 1 0 0 1 %d 0 cm /F Do Q " % j for j in range(fan))
            resources = b"<< /XObject << /F %d 0 R >> >>" % (6 + k)
        else:
            content, resources = b"0 0 1 rg 0 0 1 1 re f", b"<< >>"
        entries = b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources " + resources
        forms.append(_stream(entries, content))
    page = b"/MediaBox [0 0 595 842] /Resources << /XObject << /F 5 0 R >> >>"
    path = tmp_path / f"form_bomb_{levels}.pdf"
    path.write_bytes(_page_pdf(_stream(b"", b"/F Do"), page, *forms))
    return path


def test_exponential_form_bomb_is_refused_before_mupdf_draws_it(tmp_path):
    # 10^12 fills in 2 KB: main drew it for longer than any test would wait
    report = _check(_form_bomb(tmp_path, 13))
    assert report.status == "error"
    assert report.findings[0].rule == "BC905"
    assert "draws form XObjects" in report.error and "100,000" in report.error


def test_form_draws_are_counted_through_nesting(tmp_path):
    # 1 + 10 + 100 + 1,000 draws: over a limit of 1,000, under one of 2,000
    path = _form_bomb(tmp_path, 4)
    assert _check(path, Limits(max_form_draws=1_000)).status == "error"
    assert _check(path, Limits(max_form_draws=2_000)).status == "fail"


def _svg(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" {_XLINK} width="400" height="300">'
    path.write_text(svg + body + "</svg>")
    return path


def test_svg_use_bomb_is_refused_before_mupdf_expands_it(tmp_path):
    defs = '<g id="l0"><rect width="1" height="1" fill="#0000ff"/></g>' + "".join(
        f'<g id="l{i}">'
        + "".join(f'<use xlink:href="#l{i - 1}" x="{j}"/>' for j in range(10))
        + "</g>"
        for i in range(1, 11)
    )
    path = _svg(tmp_path, "use_bomb.svg", f'<defs>{defs}</defs><use xlink:href="#l10"/>')
    report = _check(path)
    assert report.status == "error"
    assert report.findings[0].rule == "BC905"
    assert "<use>" in report.error


def test_svg_selector_bomb_is_refused_before_the_stylesheet_is_matched(tmp_path):
    css = "".join(f".c{i} rect g g{{fill:#{i:06x}}}" for i in range(400))
    body = f"<style>{css}</style>" + "<g>" * 5 + '<rect class="c1" width="9" height="9"/>' * 50
    path = _svg(tmp_path, "selectors.svg", body + "</g>" * 5)
    report = _check(path, Limits(max_svg_style_work=10_000))
    assert report.status == "error"
    assert "400 selectors" in report.error
    assert _check(path, Limits(max_svg_style_work=100_000)).status != "error"


# B8: a page box with no area


@pytest.mark.parametrize("box", [b"[0 0 0 0]", b"[0 0 0 792]"])
def test_page_without_a_usable_mediabox_is_judged_and_noted(tmp_path, box):
    path = tmp_path / "zero_box.pdf"
    path.write_bytes(_page_pdf(_stream(b"", b"0 0 1 rg 72 72 300 300 re f"), b"/MediaBox " + box))
    report = _check(path)
    rules = _rules(report)
    assert report.status == "fail"
    assert "BC201" in rules  # the blue square MuPDF shows is judged
    note = next(f for f in report.findings if f.rule == "BC904")
    assert "Page 1 has MediaBox" in note.message and "612 x 792 pt" in note.message
