"""Page previews: marks land where the findings are, sizes are capped, bad files get none."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image
from report_inputs import make_pdf, run_report

from brandcheck.previews import PreviewLimits, located_boxes, render_previews
from brandcheck.report import FileReport, Finding, LogoHit, PageReport
from brandcheck.reporters.html import render


def _pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(int)


def test_finding_box_is_drawn_at_its_place_on_a_downscaled_image(tmp_path: Path) -> None:
    png = tmp_path / "plain.png"
    Image.new("RGB", (400, 300), (255, 255, 255)).save(png)
    finding = Finding.of("colour.off_palette", "off", page=0, bbox=(200.0, 100.0, 300.0, 200.0))
    report = FileReport(
        path=str(png),
        kind="image",
        status="fail",
        page_count=1,
        pages=[PageReport(index=0, width=400, height=300, units="px")],
        findings=[finding],
    )
    [preview] = render_previews(report, limits=PreviewLimits(max_side=200))
    assert (preview.width, preview.height) == (200, 150)
    assert preview.findings == (1,)
    red = np.abs(_pixels(preview.data) - (198, 40, 40)).sum(axis=2) < 60
    # the box spans x 100..150 and y 50..100 at half scale; its outline lies just around it
    # (the number tag sits above it)
    ys, xs = np.nonzero(red[60:90])
    assert 96 <= xs.min() < 100 and 150 < xs.max() <= 154
    ys, xs = np.nonzero(red[:, 110:140])
    assert 100 < ys.max() <= 104
    assert not red[50:100, 100:150].any()  # and leaves what it marks to be seen


def test_merged_boxes_are_placed_only_when_their_page_is_known() -> None:
    one_page = Finding.of("colour.space", "m", page=2, bbox=(0, 0, 1, 1))
    one_page.pages, one_page.boxes = [2], [(0, 0, 1, 1), (5, 5, 6, 6)]
    assert located_boxes(one_page) == [(2, (0, 0, 1, 1)), (2, (5, 5, 6, 6))]
    spread = Finding.of("colour.space", "m", page=0, bbox=(0, 0, 1, 1))
    spread.pages, spread.boxes = [0, 3], [(0, 0, 1, 1), (5, 5, 6, 6)]
    assert located_boxes(spread) == [(0, (0, 0, 1, 1))]
    assert located_boxes(Finding.of("accessibility.title", "no title")) == []


def test_files_that_cannot_be_rendered_get_no_preview(tmp_path: Path) -> None:
    gone = make_pdf(tmp_path / "gone.pdf", pages=1)
    garbled = make_pdf(tmp_path / "garbled.pdf", pages=1, seed=4)
    report = run_report([gone, garbled, tmp_path / "missing.pdf"])
    gone.unlink()
    garbled.write_bytes(b"not a pdf any more")
    for file in report.files:
        assert render_previews(file) == []
    html = render(report)  # and the report is still written
    assert "gone.pdf" in html and "<img" not in html


def test_pages_with_findings_are_previewed_first(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "doc.pdf", pages=6, low_res=False)
    report = run_report([pdf]).files[0]
    report.findings.append(Finding.of("colour.space", "late", page=4, bbox=(10, 10, 50, 50)))
    previews = render_previews(report, limits=PreviewLimits(max_pages=2))
    assert [p.page for p in previews] == [0, 4]
    assert previews[1].findings == (len(report.findings),)


def test_a_forbidden_logo_gets_its_box_but_no_clear_space_zone(tmp_path: Path) -> None:
    png = tmp_path / "plain.png"
    Image.new("RGB", (400, 300), (255, 255, 255)).save(png)

    def zone_drawn(role: str) -> bool:
        hit = LogoHit(
            bbox=(150.0, 100.0, 250.0, 140.0), role=role, score=1, scale=1, angle=0,
            aspect=1, variant="positive", template="x", colour="#000000",
        )  # fmt: skip
        page = PageReport(index=0, width=400, height=300, units="px", logos=[hit])
        report = FileReport(path=str(png), kind="image", status="pass", page_count=1, pages=[page])
        [preview] = render_previews(report, profile="stockholm")
        teal = np.abs(_pixels(preview.data) - (0, 121, 107)).sum(axis=2) < 60
        assert teal[100:141, 148:153].any()  # the logo's box, in either role
        return bool(teal[:, :146].any())  # the zone: a quarter of its height out of the box

    assert zone_drawn("own") and not zone_drawn("forbidden")


def test_numbers_on_a_crowded_page_cost_a_few_looks_each(tmp_path: Path, monkeypatch) -> None:
    """800 findings on one page fill the preview with numbers: a number with no free place
    beside its box moves along a row in one look, not one test per place against every
    number placed before it. Counted in looks (the work), not in seconds."""
    import brandcheck.previews as previews

    looks = 0

    def counted(original):
        def look(*args, **kwargs):
            nonlocal looks
            looks += 1
            return original(*args, **kwargs)

        return look

    for name in ("_covers", "_clear", "_free_in_row"):  # each a look at a tag's place
        if hasattr(previews, name):
            monkeypatch.setattr(previews, name, counted(getattr(previews, name)))
    report = run_report([make_pdf(tmp_path / "crowded.pdf", pages=1, low_res=False)])
    file = report.files[0]
    file.findings = [
        Finding.of("font.too_small", f"span {k}", page=0, bbox=_grid_box(k)) for k in range(800)
    ]
    [preview] = render_previews(file)
    assert len(preview.findings) == 800
    assert looks < 20 * 800, looks  # 71005 when each tag was tested against every other


def _grid_box(k: int) -> tuple[float, float, float, float]:
    x, y = 20 + (k % 40) * 14, 20 + (k // 40) * 40
    return (x, y, x + 6, y + 4)
