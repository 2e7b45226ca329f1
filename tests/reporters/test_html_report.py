"""The HTML report: content, escaping and accessibility, and rendering in real headless Chromium."""

from __future__ import annotations

import ast
import base64
import io
import re
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image
from report_inputs import (
    HOSTILE_DIR,
    HOSTILE_FILE,
    HOSTILE_FLAT,
    landmarks,
    make_pdf,
    measured_in_chromium,
    parse_dom,
    run_report,
)

from brandcheck.profile import shipped_profiles
from brandcheck.report import (
    ColourUse,
    FileReport,
    Finding,
    FontUse,
    LogoHit,
    PageReport,
    Report,
)
from brandcheck.reporters.html import HtmlOptions, render
from brandcheck.rule_settings import RuleSettings
from brandcheck.rules import get_rule

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
_SAMPLE_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".svg", ".webp"}
SAMPLE_LOGO = shipped_profiles()["stockholm"] / "logo" / "standin-positive.svg"


def _write(tmp_path: Path, report: Report, name: str = "report.html", **options) -> Path:
    out = tmp_path / name
    out.write_text(render(report, HtmlOptions(**options)), encoding="utf-8")
    return out


def _rgb_distance(arr: np.ndarray, rgb: tuple[int, int, int]) -> np.ndarray:
    return np.abs(arr.astype(int) - np.array(rgb)).sum(axis=2)


def test_report_lists_every_finding_grouped_by_rule_with_sources(mixed_report: Report) -> None:
    dom = parse_dom(render(mixed_report))
    items = dom.with_class("li", "finding")
    assert len(items) == sum(len(f.findings) for f in mixed_report.files) > 0
    assert {a["data-severity"] for a in items} <= {"error", "warning", "info"}
    codes = {f.rule for f in mixed_report.files for f in f.findings}
    for code in codes:
        rule = get_rule(code)
        assert f"{rule.code} {rule.name}" in dom.text
        if rule.source.startswith("https://"):
            assert any(a.get("href") == rule.source for a in dom.tags("a"))
    # one article per file, each with a verdict
    articles = dom.with_class("article", "file")
    assert len(articles) == len(mixed_report.files)
    assert "Could not be checked" in dom.text  # the broken file
    assert dom.tags("html")[0]["lang"] == "en"


def test_values_are_written_for_people(tmp_path: Path) -> None:
    report = run_report([SAMPLES / "stad" / "flyer-wrong-font.pdf"])
    dom = parse_dom(render(report))
    assert "5 pt" in dom.text and "7 pt" in dom.text  # BC303 with its unit
    # BC202's allowed spaces as a designer names them, not the PDF's names nor a JSON list
    assert "CMYK, spot colours or greyscale" in dom.text and "DeviceCMYK" not in dom.text
    assert '["' not in dom.text
    assert "Smallest size (pt)" in dom.text


def test_previews_are_inline_images_with_alt_text_and_marks(mixed_report: Report) -> None:
    dom = parse_dom(render(mixed_report))
    images = dom.tags("img")
    assert images, "the PDFs and the PNG should have previews"
    for img in images:
        assert img["src"].startswith(("data:image/png;base64,", "data:image/jpeg;base64,"))
        assert img["alt"].startswith("Page ")
    # the low-resolution image finding of brochure.pdf is drawn on page 1 in the warning colour
    brochure = next(f for f in mixed_report.files if f.path.endswith("brochure.pdf"))
    number = 1 + next(i for i, f in enumerate(brochure.findings) if f.bbox is not None)
    marked = [img for img in images if f"#{number}" in img["alt"] and "brochure" in img["alt"]]
    assert marked
    data = base64.b64decode(marked[0]["src"].split(",", 1)[1])
    pixels = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    assert (_rgb_distance(pixels, (163, 82, 0)) < 40).sum() > 100


def test_every_number_stays_readable_where_findings_share_a_box(tmp_path: Path) -> None:
    from brandcheck.previews import SEVERITY_RGB, render_previews

    pdf = make_pdf(tmp_path / "shared.pdf", pages=1, low_res=False)
    report = run_report([pdf])
    box = (100.0, 300.0, 300.0, 340.0)
    file = report.files[0]
    file.findings = [  # an error first, then a warning on the same box, as BC102 and BC202
        Finding.of("logo.too_small", "small", page=0, bbox=box),
        Finding.of("colour.space", "RGB", page=0, bbox=box),
    ]
    [preview] = render_previews(file, pdf)
    pixels = np.asarray(Image.open(io.BytesIO(preview.data)).convert("RGB"))
    scale = preview.width / 595
    top, left, bottom = int(box[1] * scale), int(box[0] * scale), int(box[3] * scale)
    beside = np.concatenate(  # where the tags are: above the box and below it
        [pixels[max(0, top - 40) : top - 4], pixels[bottom + 5 : bottom + 40]]
    )[:, max(0, left - 5) :]
    for severity in ("error", "warning"):
        assert (_rgb_distance(beside, SEVERITY_RGB[severity]) < 30).sum() > 40, severity
    outline = pixels[top - 4 : top, left + 20 : left + 60]  # the error's, drawn last, around
    assert (_rgb_distance(outline, SEVERITY_RGB["error"]) < 30).mean() > 0.4


def test_no_network_and_only_the_hashed_script(mixed_report: Report) -> None:
    html = render(mixed_report)
    dom = parse_dom(html)
    assert len(dom.tags("script")) == 1
    assert not [a for a in dom.tags("link")]
    for tag, attrs in dom.elements:
        for key in ("src", "href"):
            value = attrs.get(key, "")
            assert not value.startswith(("http:", "//")), (tag, value)
            if tag in ("img", "script", "iframe", "source"):
                assert not value or value.startswith("data:"), (tag, value)
    csp = next(m["content"] for m in dom.tags("meta") if m.get("http-equiv"))
    assert "default-src 'none'" in csp
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/]{43}='", csp)


def test_model_fields_are_shown_and_escaped(tmp_path: Path) -> None:
    """Colours, fonts and logos from the model; hostile strings stay text, bad colours dropped."""
    evil = '<img src=x onerror="alert(1)">'
    page = PageReport(
        index=0,
        width=595,
        height=842,
        units="pt",
        colours=[
            ColourUse(hex="#E2001A", share=0.2, nearest="Röd", nearest_hex="#D6001C", delta_e=3.4),
            ColourUse(hex="red;background:url(http://x)", share=0.1, nearest=evil),
        ],
        fonts=[FontUse(name=evil, family="Evil", embedded=False, min_size=6.5)],
        logos=[
            LogoHit(
                bbox=(10, 10, 110, 60),
                score=0.93,
                scale=1.0,
                angle=0,
                aspect=1,
                variant="positive",
                template="stockholm",
                colour="#000000",
                width_mm=35.3,
            )
        ],
    )
    finding = Finding.of("font.not_allowed", f"Font {evil} is not allowed", page=0, measured=evil)
    report = Report(
        profile="stockholm",
        target="print",
        files=[
            FileReport(path=f"{evil}.pdf", kind="pdf", status="fail", page_count=1, pages=[page]),
            FileReport(
                path="empty.pdf",
                kind="pdf",
                page_count=1,
                pages=[PageReport(index=0, width=10, height=10, units="pt")],
            ),
        ],
    )
    report.files[0].findings.append(finding)
    report.summarise()
    html = render(report)
    dom = parse_dom(html)
    assert not dom.tags("img")  # the files do not exist: no previews, and no injected <img>
    assert evil in dom.text  # shown as text
    assert "#E2001A" in dom.text and "#D6001C" in dom.text and "3.4" in dom.text
    styles = [a["style"] for a in dom.with_class("span", "swatch")]
    assert "background-color: #E2001A" in styles
    assert all(re.fullmatch(r"background-color: #[0-9A-F]{6}", s) for s in styles)
    assert "positive" in dom.text and "35.3 mm" in dom.text
    assert "Fonts" in dom.text and "6.5" in dom.text


def test_page_and_preview_caps_are_kept(tmp_path: Path) -> None:
    report = run_report([make_pdf(tmp_path / "long.pdf", pages=9)])
    dom = parse_dom(render(report, HtmlOptions(preview_limits=_limits(max_pages=2, max_side=200))))
    images = dom.tags("img")
    assert len(images) == 2
    assert all(max(int(i["width"]), int(i["height"])) <= 200 for i in images)
    assert "2 of 9 pages shown" in dom.text
    none = parse_dom(render(report, HtmlOptions(previews=False)))
    assert not none.tags("img")


def test_only_findings_drawn_on_a_preview_say_they_are_marked_on_it(tmp_path: Path) -> None:
    report = run_report([make_pdf(tmp_path / "long.pdf", pages=4, low_res=False)])
    file = report.files[0]
    file.findings = [
        Finding.of("font.too_small", f"on page {i + 1}", page=i, bbox=(60.0, 90.0, 300.0, 110.0))
        for i in range(4)
    ]
    dom = parse_dom(render(report, HtmlOptions(preview_limits=_limits(max_pages=2))))
    assert dom.text.count("marked on the page preview") == 2  # pages 3 and 4 are not shown
    for page in (1, 2):
        assert f"page {page}, marked on the page preview" in dom.text


def _limits(**kw):
    from brandcheck.previews import PreviewLimits

    return PreviewLimits(**kw)


def test_palette_contrast_meets_wcag_aa() -> None:
    """Badge colours carry white text and --muted is body text: all need 4.5:1 (WCAG 1.4.3)."""
    from brandcheck.previews import SEVERITY_RGB

    template = (
        Path(__file__).resolve().parents[2] / "brandcheck/templates/report.html.j2"
    ).read_text()
    variables = dict(re.findall(r"--([a-z]+):\s*(#[0-9a-fA-F]{6})", template))

    def luminance(hex_: str) -> float:
        rgb = [int(hex_[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    def contrast(a: str, b: str) -> float:
        hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
        return (hi + 0.05) / (lo + 0.05)

    for name in ("error", "warning", "info", "pass", "unreadable", "fg", "muted"):
        assert contrast(variables[name], "#ffffff") >= 4.5, name
    assert contrast(variables["muted"], variables["panel"]) >= 4.5
    for rgb in SEVERITY_RGB.values():
        assert contrast("#{:02x}{:02x}{:02x}".format(*rgb), "#ffffff") >= 4.5


@pytest.mark.timeout(240)
def test_rendered_in_chromium_with_findings_in_dom_and_a_visible_page(
    tmp_path: Path, mixed_report: Report, chromium
) -> None:
    page = _write(tmp_path, mixed_report)
    dom = parse_dom(chromium(page, "--dump-dom").stdout)
    total = sum(len(f.findings) for f in mixed_report.files)
    assert len(dom.with_class("li", "finding")) == total
    # the inline script ran (so the CSP hash matches) and enhanced the filter
    assert f"Showing {total} of {total} findings." in dom.text
    shot = tmp_path / "shot.png"
    chromium(page, f"--screenshot={shot}", "--window-size=1280,2600", "--hide-scrollbars")
    pixels = np.asarray(Image.open(shot).convert("RGB"))
    assert pixels.std() > 20, "screenshot looks blank"
    # the preview with the warning box and the red 'fail' badges are really painted
    assert (_rgb_distance(pixels, (163, 82, 0)) < 40).sum() > 200
    assert (_rgb_distance(pixels, (198, 40, 40)) < 40).sum() > 200


@pytest.mark.timeout(240)
def test_hostile_file_names_stay_text_in_the_browser(tmp_path: Path, chromium) -> None:
    scripted = make_pdf(tmp_path / HOSTILE_DIR / HOSTILE_FILE, pages=1)
    flat = make_pdf(tmp_path / HOSTILE_FLAT, pages=1, seed=5)
    assert str(scripted).endswith("<script>alert(1)</script>.pdf")
    report = run_report([scripted, flat])
    page = _write(tmp_path, report)
    dom = parse_dom(chromium(page, "--dump-dom").stdout)
    assert "<script>alert(1)</script>.pdf" in dom.text
    assert HOSTILE_FLAT in dom.text
    assert len(dom.tags("script")) == 1  # only the report's own
    assert all(i["src"].startswith("data:image/") for i in dom.tags("img"))
    assert not any("data-pwned" in attrs for _tag, attrs in dom.elements)
    assert not any("onerror" in attrs for _tag, attrs in dom.elements)


def _expected_samples() -> dict[str, tuple[str, tuple[str, ...]]]:
    """EXPECTED from samples/make_samples.py, read as a literal (no import of the generator)."""
    script = SAMPLES / "make_samples.py"
    if not script.is_file():
        return {}
    for node in ast.parse(script.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(getattr(t, "id", None) == "EXPECTED" for t in targets) and node.value:
                return ast.literal_eval(node.value)
    return {}


@pytest.mark.timeout(300)
@pytest.mark.parametrize("profile", ["stockholm", "stockholm-bolag"])
def test_samples_report_in_chromium(tmp_path: Path, chromium, profile: str) -> None:
    names = sorted(
        name
        for name, (prof, _codes) in _expected_samples().items()
        if prof == profile and (SAMPLES / name).is_file()
    )
    if not names:
        pytest.skip(f"samples/ has no files for profile {profile} (see samples/make_samples.py)")
    report = run_report([SAMPLES / n for n in names], profile)
    page = _write(tmp_path, report)
    dom = parse_dom(chromium(page, "--dump-dom").stdout)
    assert len(dom.with_class("article", "file")) == len(names)
    assert len(dom.with_class("li", "finding")) == sum(len(f.findings) for f in report.files)
    ids = {attrs.get("id") for _tag, attrs in dom.elements}
    for index, file in enumerate(report.files):
        for code in {f.rule for f in file.findings}:  # each rule under its own file's heading
            assert f"file-{index + 1}-{code}" in ids, (file.path, code)
    assert any(f.findings for f in report.files)
    shot = tmp_path / "samples.png"
    chromium(page, f"--screenshot={shot}", "--window-size=1280,2000")
    assert np.asarray(Image.open(shot).convert("L")).std() > 20


@pytest.mark.timeout(240)
def test_nothing_runs_off_the_side_on_a_phone(tmp_path: Path, mixed_report: Report, chromium):
    """At a phone's width the page does not scroll sideways: the chart shrinks and wide tables
    scroll inside their own box. (Measured by a script added to a copy without the CSP.)"""
    widths = "document.documentElement.scrollWidth + ' ' + document.documentElement.clientWidth"
    page = tmp_path / "phone.html"
    scroll, client = measured_in_chromium(chromium, page, render(mixed_report), widths, "390,800")
    assert scroll <= client, (scroll, client)


def test_every_landmark_has_a_name_of_its_own(tmp_path: Path) -> None:
    """Two files both called flyer.pdf (in d1 and d2), checked through the CLI: their
    headings tell them apart by folder, each section's landmark is named by its heading and
    its file's, and the files' index is one navigation landmark, not a region inside one of
    the same name."""
    from typer.testing import CliRunner

    from brandcheck.cli import app

    paths = [make_pdf(tmp_path / folder / "flyer.pdf", pages=1) for folder in ("d1", "d2")]
    out = tmp_path / "report.html"
    args = ["check", *map(str, paths), "--ocr", "off", "--format", "html", "-o", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    found = landmarks(out.read_text(encoding="utf-8"))
    names = [name for _role, name in found]
    assert all(names[1:]), found  # only <main> goes without a name
    assert len(set(found)) == len(found), sorted(found)
    assert ("navigation", "Files") in found and ("region", "Files") not in found
    for folder in ("d1", "d2"):
        assert ("region", f"Colours {folder}/flyer.pdf") in found, found


def test_files_numbered_apart_never_take_another_files_name(tmp_path: Path) -> None:
    """Two reports of one path and a file really named "x.pdf (1)" (a report put together from
    several runs): numbering the two gave one of them the third's name."""
    paths = [make_pdf(tmp_path / name, pages=1) for name in ("a.pdf", "b.pdf", "c.pdf")]
    report = run_report(paths)
    shown = ["x.pdf", "x.pdf", "x.pdf (1)"]
    files = [f.model_copy(update={"path": p}) for f, p in zip(report.files, shown, strict=True)]
    found = landmarks(render(report.model_copy(update={"files": files})))
    assert len(set(found)) == len(found), sorted(found)


def test_a_picture_without_a_dpi_has_its_logo_marked_for_its_one_skipped_finding(
    tmp_path: Path,
) -> None:
    # checked for print, its logo's size is not judged (BC910): the preview marks the logo it
    # speaks of, as it did when that was a finding of its own
    logo = pymupdf.open(SAMPLE_LOGO)[0]
    pix = logo.get_pixmap(matrix=pymupdf.Matrix(300 / logo.rect.width, 300 / logo.rect.width))
    poster = Image.new("RGB", (1400, 1000), (255, 255, 255))
    poster.paste(Image.frombytes("RGB", (pix.width, pix.height), pix.samples), (60, 60))
    poster.save(tmp_path / "no-dpi.png")  # no resolution
    rules = RuleSettings.build(select=["BC102", "BC910"])
    report = run_report([tmp_path / "no-dpi.png"], rules=rules)
    [skipped] = report.files[0].findings
    assert skipped.rule == "BC910"
    [img] = parse_dom(render(report)).tags("img")
    assert img["alt"] == "Page 1 of no-dpi.png: findings #1 marked, 1 logo outlined.", img["alt"]
