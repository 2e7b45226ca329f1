"""SVG logo files as design tools export them (artboard and frame clips, masks, symbols, dashes,
stylesheets): drawn into the template of the artwork they show, and found on a page; and what an
SVG logo file links to outside itself is never read."""

from __future__ import annotations

import base64
import http.server
import io
import json
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image
from typer.testing import CliRunner

from brandcheck.api import check_paths
from brandcheck.cli import app
from brandcheck.logo_templates import load_logo_rgba
from brandcheck.pipeline import RunOptions
from brandcheck.rule_settings import RuleSettings
from brandcheck.synth import place_logo

sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))

from svg_exports import EXPORTS, plain, write

LOGO_RULES = RunOptions(rules=RuleSettings.build(select=["logo"]), ocr="off")


def _same_template(got: np.ndarray, want: np.ndarray) -> None:
    assert got.shape == want.shape
    inked, meant = got[..., 3] > 127, want[..., 3] > 127
    assert (inked & meant).sum() / (inked | meant).sum() > 0.97
    assert np.abs(got[..., 3].astype(int) - want[..., 3]).mean() < 1.5


@pytest.mark.parametrize("name", list(EXPORTS))
def test_an_exported_logo_file_gives_the_template_of_the_artwork_it_shows(tmp_path, name):
    """MuPDF drew an artboard clip's pasteboard, a frame clip's hidden child, the box behind a
    clip or a mask, and dashes as one line: templates of the wrong shape."""
    export, reference = write(tmp_path, name)
    _same_template(load_logo_rgba(export, width=800), load_logo_rgba(reference, width=800))


def _page_with(tmp_path: Path, logo: Path) -> tuple[Path, pymupdf.Rect]:
    """An A4 page (PDF) with ``logo`` placed as vector art, 240 pt wide, and where it is."""
    with pymupdf.open(logo) as svg:
        aspect = svg[0].rect.height / svg[0].rect.width
    where = pymupdf.Rect(60, 80, 300, 80 + 240 * aspect)
    page = tmp_path / "page.pdf"
    with pymupdf.open() as doc:
        place_logo(doc.new_page(width=595, height=842), logo, where)
        doc.save(page)
    return page, where


@pytest.mark.parametrize("name", ["artboard clip", "figma frame clip", "mask", "dashed stroke"])
def test_a_logo_exported_with_clips_masks_or_dashes_is_found_by_its_file(tmp_path, name):
    """Given as `--logo`, such a file was searched for by the wrong shape: BC101, logo missing."""
    export, reference = write(tmp_path, name)
    page, where = _page_with(tmp_path, reference)
    [file] = check_paths([page], "stockholm", LOGO_RULES, logos=[export]).files
    assert file.status != "error", file.findings
    [found] = [logo for p in file.pages for logo in p.logos]
    assert found.score > 0.9
    inked = load_logo_rgba(reference, width=800)[..., 3] > 127  # the logo's ink in its canvas
    ys, xs = np.nonzero(inked)
    h, w = inked.shape
    ink = (
        where.x0 + where.width * xs.min() / w,
        where.y0 + where.height * ys.min() / h,
        where.x0 + where.width * (xs.max() + 1) / w,
        where.y0 + where.height * (ys.max() + 1) / h,
    )
    assert found.bbox == pytest.approx(ink, abs=6)


def test_the_cli_finds_the_logo_by_an_illustrator_file_with_an_artboard_clip(tmp_path):
    export, reference = write(tmp_path, "artboard clip")
    page, _ = _page_with(tmp_path, reference)
    args = ["check", "--logo", str(export), "--select", "logo", "--ocr", "off", "--format", "json"]
    result = CliRunner().invoke(app, [*args, str(page)])
    assert result.exit_code == 0, result.output
    (file,) = json.loads(result.output)["files"]
    assert [f["rule"] for f in file["findings"]] == []
    assert len(file["pages"][0]["logos"]) == 1


class _Counting(http.server.BaseHTTPRequestHandler):
    asked: list[str] = []  # noqa: RUF012 - shared on purpose: the test reads what was asked

    def do_GET(self):
        self.asked.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):  # quiet
        pass


def _red_png(path: Path) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (64, 64), (255, 0, 0)).save(data, "PNG")
    path.write_bytes(data.getvalue())
    return data.getvalue()


def test_what_an_svg_logo_links_to_outside_itself_is_never_read(tmp_path, monkeypatch):
    """resvg reads a picture an SVG links to from disk (by absolute path, or relative to the
    working folder): a logo file could show any picture file the process can read. Pictures on
    a local path, a file: URL or http, and a `<use>` of another file are left out; a picture
    embedded in the file is drawn."""
    png = _red_png(tmp_path / "secret.png")
    (tmp_path / "other.svg").write_text(plain().replace("<g ", '<g id="x" ', 1))
    server = http.server.HTTPServer(("127.0.0.1", 0), _Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/logo.png"
    monkeypatch.chdir(tmp_path)
    links = [tmp_path / "secret.png", "secret.png", (tmp_path / "secret.png").as_uri(), url]
    pictures = "".join(
        f'<image xlink:href="{link}" x="{80 + 48 * i}" y="50" width="40" height="40"/>'
        for i, link in enumerate(links)
    )
    hostile = tmp_path / "hostile.svg"
    hostile.write_text(
        plain().replace("</svg>", f'{pictures}<use xlink:href="other.svg#x" x="100"/></svg>')
    )
    reference = tmp_path / "reference.svg"
    reference.write_text(plain())
    try:
        got = load_logo_rgba(hostile, width=800)
    finally:
        server.shutdown()
        server.server_close()
    assert _Counting.asked == []
    _same_template(got, load_logo_rgba(reference, width=800))
    assert not (got[..., 0] > 200).any()  # nothing red
    embedded = tmp_path / "embedded.svg"
    picture = f"data:image/png;base64,{base64.b64encode(png).decode()}"
    embedded.write_text(
        plain().replace("</svg>", f'<image href="{picture}" width="40" height="40"/></svg>')
    )
    assert load_logo_rgba(embedded, width=800)[50, 50].tolist() == [255, 0, 0, 255]


def test_an_svg_logo_with_an_external_entity_is_drawn_without_it(tmp_path, monkeypatch):
    """An entity declared as another file (XXE) is not read: the file is drawn without it."""
    (tmp_path / "other.svg").write_text('<rect width="275" height="100" fill="#000"/>')
    monkeypatch.chdir(tmp_path)
    hostile = tmp_path / "entity.svg"
    hostile.write_text(
        plain()
        .replace("<svg ", '<!DOCTYPE svg [<!ENTITY secret SYSTEM "other.svg">]>\n<svg ', 1)
        .replace("</svg>", "<g>&secret;</g></svg>")
    )
    reference = tmp_path / "reference.svg"
    reference.write_text(plain())
    _same_template(load_logo_rgba(hostile, width=800), load_logo_rgba(reference, width=800))


@pytest.mark.parametrize(
    "size", ['width="800" height="100000000"', 'width="1" height="1000000000"']
)
def test_an_svg_logo_of_absurd_proportions_is_refused_before_it_is_drawn(tmp_path, size):
    """resvg aborts the whole process when it cannot allocate its canvas."""
    logo = tmp_path / "absurd.svg"
    logo.write_text(plain().replace('width="275" height="100"', size))
    with pytest.raises(ValueError, match=r"absurd\.svg"):
        load_logo_rgba(logo, width=800)


def test_an_svg_logo_that_draws_billions_of_shapes_is_refused_before_resvg_expands_it(tmp_path):
    """Ten `<use>` of a group of ten `<use>`..., ten deep, in 2 KB: the element guard that
    refuses it as a document refuses it as a logo file, with what to do, before it is drawn."""
    defs = '<g id="l0"><rect width="1" height="1" fill="#000"/></g>' + "".join(
        f'<g id="l{i}">'
        + "".join(f'<use xlink:href="#l{i - 1}" x="{j}"/>' for j in range(10))
        + "</g>"
        for i in range(1, 11)
    )
    logo = tmp_path / "use-bomb.svg"
    logo.write_text(plain().replace("</svg>", f'<defs>{defs}</defs><use xlink:href="#l10"/></svg>'))
    page = tmp_path / "page.pdf"
    with pymupdf.open() as doc:
        doc.new_page().insert_text((72, 72), "Hej")
        doc.save(page)
    args = ["check", "--logo", str(logo), "--select", "logo", "--ocr", "off", str(page)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "use-bomb.svg" in result.output and "<use>" in result.output


def _check_with_logo(logo: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """``brandcheck check --logo`` in a process of its own: one resvg ends is seen ended."""
    page = tmp_path / "page.pdf"
    with pymupdf.open() as doc:
        doc.new_page().insert_text((72, 72), "Hej")
        doc.save(page)
    args = ["check", "--logo", str(logo), "--select", "logo", "--ocr", "off", str(page)]
    return subprocess.run(
        [sys.executable, "-m", "brandcheck", *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("by", ["attribute", "stylesheet"])
def test_an_svg_logo_of_masks_nested_hundreds_deep_is_refused_not_a_crash(tmp_path, by):
    """resvg follows a mask in a mask by recursion: 300 deep (20 KB) its stack overflowed and
    the process ended with SIGSEGV, no message."""
    n = 300
    if by == "attribute":
        masks = "".join(
            f'<mask id="m{i}"><rect width="275" height="100" fill="#fff" mask="url(#m{i - 1})"/>'
            "</mask>"
            for i in range(1, n)
        )
    else:
        rules = "".join(f"#r{i} {{ mask: url(#m{i - 1}) }}" for i in range(1, n))
        masks = f"<style>{rules}</style>" + "".join(
            f'<mask id="m{i}"><rect id="r{i}" width="275" height="100" fill="#fff"/></mask>'
            for i in range(n)
        )
    logo = tmp_path / "masks.svg"
    used = f'<rect width="9" height="9" mask="url(#m{n - 1})"/>'
    logo.write_text(plain().replace("</svg>", f"{masks}{used}</svg>"))
    done = _check_with_logo(logo, tmp_path)
    assert done.returncode == 2, (done.returncode, done.stderr[-500:])
    assert "masks.svg" in done.stderr + done.stdout and "references" in done.stderr + done.stdout


def test_an_svg_logo_embedding_a_picture_of_100000_px_a_side_is_a_usage_error_not_a_crash(
    tmp_path,
):
    """resvg decodes an embedded picture whole: a PNG header claiming 100,000 x 100,000 px
    ended the process ("memory allocation of 30000000000 bytes failed", exit 134)."""
    from picture_bombs import png_claiming

    uri = "data:image/png;base64," + base64.b64encode(png_claiming(100_000, 100_000)).decode()
    logo = tmp_path / "evil.svg"
    picture = f'<image width="275" height="100" xlink:href="{uri}"/>'
    logo.write_text(plain().replace("</svg>", f"{picture}</svg>"))
    done = _check_with_logo(logo, tmp_path)
    assert done.returncode == 2, (done.returncode, done.stderr[-500:])
    assert "logo file" in done.stderr and "evil.svg embeds a picture of 100,000 × 100,000" in (
        done.stderr
    ), done.stderr


def test_an_svg_logo_asking_for_a_million_noise_octaves_is_drawn_with_few(tmp_path):
    """resvg draws every feTurbulence octave asked for: a million kept it busy for minutes."""
    noise = (
        '<filter id="t"><feTurbulence baseFrequency="0.9" numOctaves="1000000"/></filter>'
        '<rect width="275" height="100" filter="url(#t)"/>'
    )
    logo = tmp_path / "noise.svg"
    logo.write_text(plain().replace("</svg>", f"{noise}</svg>"))
    done = _check_with_logo(logo, tmp_path)
    assert done.returncode in (0, 1, 2) and "Traceback" not in done.stderr, done.stderr[-500:]
