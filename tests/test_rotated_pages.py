"""Pages with /Rotate or a shifted CropBox: findings sit on the page as displayed, like a twin's."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pymupdf
import pytest

from brandcheck.annotate import annotate_report
from brandcheck.api import check_paths
from brandcheck.pipeline import RunOptions
from brandcheck.profile import shipped_profiles
from brandcheck.synth import place_logo

POSITIVE = shipped_profiles()["stockholm"] / "logo" / "standin-positive.svg"


def landscape(path: Path) -> Path:
    """A landscape page: the logo near a heading, dark text on a dark box, small and red things."""
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    place_logo(page, POSITIVE, pymupdf.Rect(40, 30, 200, 88))
    page.insert_text((205, 70), "Rubrik", fontsize=20)  # inside the logo's clear space
    page.draw_rect(pymupdf.Rect(40, 140, 400, 300), color=None, fill=(0.2, 0.2, 0.25))
    page.insert_text((60, 220), "Mörk text på mörk botten", fontsize=18, color=(0.3, 0.3, 0.35))
    page.insert_text((60, 450), "Vanlig brödtext i liten storlek", fontsize=6)
    page.draw_rect(pymupdf.Rect(500, 300, 700, 500), color=None, fill=(1, 0, 0))
    doc.save(path)
    return path


def rotated_twin(source: Path, path: Path, rotation: int, offset: float = 0.0) -> Path:
    """The same content on a page whose /Rotate makes it display exactly like `source`.

    With an ``offset`` the content sits that far into a larger MediaBox and the CropBox shows
    just it (a CropBox that does not start at 0,0).
    """
    src = pymupdf.open(source)
    width, height = src[0].rect.width, src[0].rect.height
    if rotation % 180:
        width, height = height, width
    doc = pymupdf.open()
    page = doc.new_page(width=width + 2 * offset, height=height + 2 * offset)
    shown = pymupdf.Rect(offset, offset / 2, offset + width, offset / 2 + height)
    page.show_pdf_page(shown, src, 0, rotate=rotation)
    if offset:
        page.set_cropbox(shown)
    page.set_rotation(rotation)
    doc.save(path)
    return path


def raster(path: Path) -> np.ndarray:
    pix = pymupdf.open(path)[0].get_pixmap(dpi=36)
    return np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)


def placed(report) -> list[tuple[str, str, tuple[float, ...]]]:
    """Every finding and logo: (rule, measured value, page box or ())."""
    [file] = report.files
    out = [(f.rule, str(f.measured), tuple(f.bbox or ())) for f in file.findings]
    out += [("logo", "", tuple(hit.bbox)) for hit in file.pages[0].logos]
    return sorted(out, key=lambda item: (item[0], item[1], [round(v, -1) for v in item[2]]))


def same_places(got: list, expected: list) -> bool:
    """The same findings with the same measurements, their boxes within 1.5 pt."""
    return [g[:2] for g in got] == [e[:2] for e in expected] and all(
        len(g[2]) == len(e[2]) and np.allclose(g[2], e[2], atol=1.5)
        for g, e in zip(got, expected, strict=True)
    )


@pytest.mark.parametrize(
    ("rotation", "offset"), [(90, 0), (180, 0), (270, 0), (90, 250), (0, 250), (270, 120)]
)
def test_rotated_page_reports_like_its_unrotated_twin(tmp_path: Path, rotation: int, offset):
    plain = landscape(tmp_path / "plain.pdf")
    twin = rotated_twin(plain, tmp_path / f"rot{rotation}.pdf", rotation, offset)
    assert np.abs(raster(twin).astype(int) - raster(plain)).mean() < 1.0  # they look the same
    options = RunOptions(ocr="off")
    expected = placed(check_paths([plain], "stockholm", options))
    got = placed(check_paths([twin], "stockholm", options))
    rules = {item[0] for item in expected}
    assert {"logo", "BC103", "BC201", "BC203", "BC303"} <= rules  # the page exercises them
    assert all(box[2] <= 842.5 and box[3] <= 595.5 for *_, box in got if box)  # on the page
    assert same_places(got, expected), (got, expected)


def test_annotations_on_a_rotated_page_cover_their_findings(tmp_path: Path):
    twin = rotated_twin(landscape(tmp_path / "plain.pdf"), tmp_path / "rot90.pdf", 90)
    report = check_paths([twin], "stockholm", RunOptions(ocr="off"))
    boxed = [f for f in report.files[0].findings if f.bbox is not None]
    [done] = annotate_report(report, tmp_path / "annotated")
    page = pymupdf.open(done.output)[0]
    shown = [
        tuple(round(v) for v in annot.rect * page.rotation_matrix)
        for annot in page.annots()
        if annot.type[1] == "Square"
    ]
    for finding in boxed:
        box = np.round(finding.bbox)
        assert any(np.abs(np.array(s) - box).max() <= 2 for s in shown), finding.rule
