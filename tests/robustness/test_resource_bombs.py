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


_A4 = b"/MediaBox [0 0 595 842]"


def _pages_pdf(pages: list[tuple[bytes, bytes]], *extra: bytes) -> bytes:
    """A PDF of a page per (content stream, page entries): page i is object 3 + 2i, its
    content 4 + 2i; the ``extra`` objects follow, from 3 + 2 * len(pages)."""
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)),
    ]
    for i, (content, entries) in enumerate(pages):
        page = b"<< /Type /Page /Parent 2 0 R %s /Contents %d 0 R >>" % (entries, 4 + 2 * i)
        objects += [page, content]
    return _raw_pdf([*objects, *extra])


def _page_pdf(content: bytes, page: bytes = _A4, *extra: bytes) -> bytes:
    return _pages_pdf([(content, page)], *extra)


def _check(path: Path, limits: Limits | None = None):
    rules = RuleSettings.build(select=["colour", "file"])
    options = api.RunOptions(ocr="off", limits=limits or Limits(), rules=rules)
    report = api.check_paths(path, options=options)
    (only,) = report.files
    return only


def _rules(report) -> list[str]:
    return [f.rule for f in report.findings]


# B3: page content that inflates far beyond what the file stores


_BLUE_SQUARE = b"0 0 1 rg 72 72 300 300 re f\n"  # an off-palette fill: BC201


def _flate_content(decoded: int, entries: bytes = b"") -> bytes:
    """Flate content that inflates to ``decoded`` bytes of an off-palette fill and NUL bytes
    (white space to a PDF reader)."""
    data = zlib.compress(_BLUE_SQUARE + b"\0" * (decoded - len(_BLUE_SQUARE)), 9)
    return _stream(entries + b" /Filter /FlateDecode", data)


def _flate_bomb(tmp_path: Path, decoded: int) -> Path:
    path = tmp_path / f"content_{decoded}.pdf"
    path.write_bytes(_page_pdf(_flate_content(decoded)))
    return path


def test_content_inflating_past_the_limit_is_refused_before_it_is_drawn(tmp_path):
    limits = Limits(max_content_bytes=1_000_000)
    report = _check(_flate_bomb(tmp_path, 1_500_000), limits)
    assert report.status == "error"
    assert report.findings[0].rule == "BC905"
    assert "Page 1 has content that decodes to more than 1 MB" in report.error


def test_content_under_the_limit_is_checked(tmp_path):
    report = _check(_flate_bomb(tmp_path, 900_000), Limits(max_content_bytes=1_000_000))
    assert report.status == "fail"
    assert "BC201" in _rules(report)


# B5: forms that draw each other over and over; SVG <use> bombs and selector bombs


def _forms(
    first: int, levels: int, fan: int = 10, draw: bytes = b"/F Do", subtype: bytes = b"/Form"
) -> tuple[bytes, list[bytes]]:
    """A page's entries drawing form ``first``, and the forms, objects ``first``, ``first``
    + 1, ..., each drawing the next ``fan`` times (``draw``, the operator that draws it)."""
    forms = []
    for k in range(levels):
        if k < levels - 1:
            content = b"".join(b"q 1 0 0 1 %d 0 cm %s Q " % (j, draw) for j in range(fan))
            resources = b"<< /XObject << /F %d 0 R >> >>" % (first + 1 + k)
        else:
            content, resources = b"0 0 1 rg 0 0 1 1 re f", b"<< >>"
        entries = b"/Type /XObject /Subtype %s /BBox [0 0 595 842] /Resources " % subtype
        entries += resources
        forms.append(_stream(entries, content))
    return _A4 + b" /Resources << /XObject << /F %d 0 R >> >>" % first, forms


def _form_bomb(tmp_path: Path, levels: int, fan: int = 10) -> Path:
    page, forms = _forms(5, levels, fan)
    path = tmp_path / f"form_bomb_{levels}.pdf"
    path.write_bytes(_page_pdf(_stream(b"", b"/F Do"), page, *forms))
    return path


def test_exponential_form_bomb_is_refused_before_mupdf_draws_it(tmp_path):
    # 10^12 fills in 2 KB: main drew it for longer than any test would wait
    report = _check(_form_bomb(tmp_path, 13))
    assert report.status == "error"
    assert report.findings[0].rule == "BC905"
    assert "draws form XObjects" in report.error and "100,000" in report.error


@pytest.mark.parametrize(
    "draw",
    [
        b"/#46 Do",  # the name written with a #-escape: /F to MuPDF
        b"/F %a comment\nDo",  # a comment between the name and the operator
        b"/F\x00Do",  # NUL is white space to a PDF reader
    ],
)
def test_form_draws_are_counted_however_the_operator_is_spelled(tmp_path, draw):
    """MuPDF reads these as ``/F Do``; the budget's search did not, and 1,111 draws (10^12
    at 13 levels) went through a limit of 1,000."""
    page, forms = _forms(5, 4, draw=draw)
    path = tmp_path / "spelled.pdf"
    path.write_bytes(_page_pdf(_stream(b"", draw), page, *forms))
    report = _check(path, Limits(max_form_draws=1_000))
    assert report.status == "error" and "draws form XObjects" in report.error, report.findings


def test_a_form_whose_subtype_is_an_indirect_name_is_counted(tmp_path):
    """``/Subtype 9 0 R`` with object 9 ``/Form``: MuPDF draws the form, the budget took it
    for something else and did not count it."""
    page, forms = _forms(5, 4, subtype=b"9 0 R")
    path = tmp_path / "indirect_subtype.pdf"
    path.write_bytes(_page_pdf(_stream(b"", b"/F Do"), page, *forms, b"/Form"))
    report = _check(path, Limits(max_form_draws=1_000))
    assert report.status == "error" and "draws form XObjects" in report.error, report.findings


def test_an_appearance_without_resources_is_counted_with_the_pages(tmp_path):
    """An annotation's appearance with no /Resources of its own draws with the page's (MuPDF
    does): the forms it drew there were not counted."""
    page, forms = _forms(6, 4)
    annot = b"<< /Type /Annot /Subtype /Square /Rect [0 0 100 100] /AP << /N 10 0 R >> >>"
    appearance = _stream(b"/Type /XObject /Subtype /Form /BBox [0 0 100 100]", b"/F Do")
    path = tmp_path / "appearance.pdf"
    content = _stream(b"", _BLUE_SQUARE)
    path.write_bytes(_page_pdf(content, page + b" /Annots [5 0 R]", annot, *forms, appearance))
    report = _check(path, Limits(max_form_draws=1_000))
    assert report.status == "error" and "draws form XObjects" in report.error, report.findings


def test_forms_met_after_mupdf_repairs_the_file_are_counted(tmp_path):
    """Page 2's content is not where the file's table says: reading it, MuPDF rebuilds the
    table from the objects it finds, and object 8, an image listed (not drawn) on page 1, is
    then the last ``8 0 obj`` of the file, a form drawing forms. What was learnt of object 8 on
    page 1 no longer holds: page 2 drew 10,000 fills with no draw counted."""
    _, forms = _forms(9, 3)
    entries = _A4 + b" /Resources << /XObject 7 0 R >>"
    pixel = _stream(
        b"/Type /XObject /Subtype /Image /Width 1 /Height 1 /BitsPerComponent 8"
        b" /ColorSpace /DeviceRGB",
        b"\x00\x80\xff",
    )
    draw_x = b"".join(b"q 1 0 0 1 %d 0 cm /X Do Q " % j for j in range(10))
    pages = [(_stream(b"", _BLUE_SQUARE), entries), (_stream(b"", draw_x), entries)]
    data = bytearray(_pages_pdf(pages, b"<< /X 8 0 R >>", pixel, *forms))
    # the table's entry for object 6 (page 2's content) points 3 bytes into object 4
    table = data.rindex(b"\nxref\n") + len(b"\nxref\n0 12\n")
    start4 = int(data[table + 20 * 4 : table + 20 * 4 + 10])
    data[table + 20 * 6 : table + 20 * 6 + 10] = b"%010d" % (start4 + 3)
    form = _stream(
        b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources << /XObject << /F 9 0 R >> >>",
        draw_x.replace(b"/X Do", b"/F Do"),
    )
    path = tmp_path / "repaired.pdf"
    path.write_bytes(bytes(data) + b"8 0 obj\n" + form + b"\nendobj\n")
    report = _check(path, Limits(max_form_draws=1_000))
    [refused] = [f for f in report.findings if f.rule == "BC905"]
    assert refused.pages == [1] and "draws form XObjects" in refused.message, report.findings


@pytest.mark.parametrize(
    ("xobjects", "draws_forms"),
    [
        (b"<< /F 5 0 R /Z << /F 9 0 R >> >>", True),  # /F the form; /Z's own /F an image
        (b"<< /A << /F 5 0 R >> /F 9 0 R >>", False),  # /F the image; /A's own /F a form
        (b"<< /F 9 0 R /A (/F 5 0 R) >>", False),  # /F the image; a string names nothing
        (b"9 0 R", True),  # a stream's dictionary, as MuPDF reads it: its /F is the form
        (b"10 0 R", False),  # an array, not a dictionary: it names nothing
    ],
)
def test_only_the_xobject_dictionarys_own_entries_are_drawn(tmp_path, xobjects, draws_forms):
    """MuPDF looks ``/F Do`` up among the dictionary's own keys; a dictionary nested in it
    named another /F to the budget, which refused a page drawing a picture, or let a form
    bomb through, by the order the entries were written in."""
    _, forms = _forms(5, 4)
    pixel = _stream(
        b"/Type /XObject /Subtype /Image /Width 1 /Height 1 /BitsPerComponent 8"
        b" /ColorSpace /DeviceRGB /F 5 0 R",
        b"\x00\x80\xff",
    )
    entries = _A4 + b" /Resources << /XObject %s >>" % xobjects
    path = tmp_path / "nested.pdf"
    content = _stream(b"", b"q 9 0 0 9 0 0 cm /F Do Q")
    path.write_bytes(_page_pdf(content, entries, *forms, pixel, b"[/F 5 0 R]"))
    report = _check(path, Limits(max_form_draws=1_000))
    assert (report.status == "error") == draws_forms, report.error or report.findings


def test_form_draws_are_counted_through_nesting(tmp_path):
    # 1 + 10 + 100 + 1,000 draws: over a limit of 1,000, under one of 2,000
    path = _form_bomb(tmp_path, 4)
    assert _check(path, Limits(max_form_draws=1_000)).status == "error"
    assert _check(path, Limits(max_form_draws=2_000)).status == "fail"


# One page over a limit among pages under it: that page is not judged, the others are


def _bomb_among_pages(tmp_path: Path, bomb: str) -> Path:
    """Three pages with an off-palette square; page 2's content inflates to 1.5 MB ("flate",
    over a limit lowered to 1 MB) or draws forms 10^12 times ("forms", over the defaults), or
    page 2 is 141 m long ("long", over 100 m)."""
    square = (_stream(b"", _BLUE_SQUARE), _A4)
    middle, extra = (_flate_content(1_500_000), _A4), []
    if bomb == "long":
        middle = (square[0], b"/MediaBox [0 0 400000 842]")
    elif bomb == "forms":
        entries, extra = _forms(9, 13)
        middle = (_stream(b"", b"/F Do"), entries)
    path = tmp_path / f"{bomb}_on_page_2.pdf"
    path.write_bytes(_pages_pdf([square, middle, square], *extra))
    return path


def _judged_but_page_2(report) -> None:
    """The file fails (a page not judged is never a pass); page 2 has BC905, the others their
    own findings."""
    assert report.status == "fail" and report.error is None, report.error
    assert [p.index for p in report.pages] == [0, 1, 2]
    [refused] = [f for f in report.findings if f.rule == "BC905"]
    assert refused.pages == [1] and refused.message.startswith("Page 2 "), refused
    assert "not checked" in refused.message
    off = [f for f in report.findings if f.rule == "BC201"]
    assert {p for f in off for p in f.pages} == {0, 2}, report.findings


@pytest.mark.parametrize("bomb", ["flate", "forms", "long"])
def test_a_page_over_a_limit_is_not_judged_and_the_others_are(tmp_path, bomb):
    """The refused page made the whole file an error: the other pages were not judged."""
    path = _bomb_among_pages(tmp_path, bomb)
    limits = Limits(max_content_bytes=1_000_000)
    _judged_but_page_2(_check(path, limits))
    # re-graded below the fail level, and under a selection without the file rules, the
    # page is still reported and the file still does not pass
    quiet = {"file.too_large": "info", "colour": "info"}
    rules = RuleSettings.build(select=["colour"], severity=quiet)
    options = api.RunOptions(ocr="off", limits=limits, rules=rules)
    (report,) = api.check_paths(path, options=options).files
    assert report.status == "fail"
    assert {f.severity.value for f in report.findings if f.rule != "BC905"} == {"info"}
    # the page not judged is reported at the level that fails, so every format says why
    [refused] = [f for f in report.findings if f.rule == "BC905"]
    assert refused.pages == [1] and refused.severity.value == "error"


def test_a_missing_logo_is_said_of_the_pages_judged_when_one_was_not(tmp_path):
    """BC101 said no page carries the logo while page 2, where it may be, was not checked."""
    path = _bomb_among_pages(tmp_path, "forms")
    options = api.RunOptions(ocr="off", rules=RuleSettings.build(select=["logo.missing"]))
    (report,) = api.check_paths(path, options=options).files
    [missing] = [f for f in report.findings if f.rule == "BC101"]
    assert missing.message.endswith("(page 2 was not checked: this holds for the other pages).")
    # many pages not judged are counted as people count pages, not listed one by one
    long_page = (_stream(b"", _BLUE_SQUARE), b"/MediaBox [0 0 400000 842]")
    many = tmp_path / "many.pdf"
    many.write_bytes(_pages_pdf([(_stream(b"", _BLUE_SQUARE), _A4)] + [long_page] * 40))
    (report,) = api.check_paths(many, options=options).files
    [missing] = [f for f in report.findings if f.rule == "BC101"]
    assert missing.message.endswith(
        "(pages 2–41 were not checked: this holds for the other pages)."
    )


def test_a_page_over_a_limit_among_others_in_check_and_scan(tmp_path):
    from conftest import check_json, run_cli

    from brandcheck.batch.store import ResultStore

    path = _bomb_among_pages(tmp_path, "forms")
    run = check_json(path, extra=("--select", "colour"))
    assert run.returncode == 1, run.stderr
    (file,) = run.report["files"]
    assert file["status"] == "fail" and len(file["pages"]) == 3, file
    pages = {(f["rule"], p) for f in file["findings"] for p in f["pages"]}
    assert {p for rule, p in pages if rule == "BC905"} == {1}, pages
    assert {p for rule, p in pages if rule == "BC201"} == {0, 2}, pages
    # scan splits the file into page ranges of one page: page 2's range is not an error
    db = tmp_path / "scan.db"
    args = ("scan", "run", path, "--db", db, "--jobs", "0", "--chunk-pages", "1")
    run = run_cli(*args, "--ocr", "off", "--select", "colour")
    assert run.returncode == 1, run.stderr
    with ResultStore(db) as store:
        (row,) = store.rows("SELECT status, error FROM files")
        found = list(store.rows("SELECT rule, pages FROM findings"))
    assert (row["status"], row["error"]) == ("fail", None)
    assert {(f["rule"], f["pages"]) for f in found} >= {("BC905", "[1]"), ("BC201", "[0]")}, found


def test_a_bomb_every_page_draws_is_decoded_once(tmp_path, monkeypatch):
    """A refused page no longer ends the file, so a stream every page draws must not be
    decoded again for each (2,000 pages drawing one 40 MB form: 216 s, against 3 s)."""
    from brandcheck.document import pdf_budget

    n, form = 30, 3 + 2 * 30
    entries = b"/Type /XObject /Subtype /Form /BBox [0 0 595 842]"
    page = (_stream(b"", b"/B Do"), _A4 + b" /Resources << /XObject << /B %d 0 R >> >>" % form)
    path = tmp_path / "shared_bomb.pdf"
    path.write_bytes(_pages_pdf([page] * n, _flate_content(1_500_000, entries)))
    decoded, real = [], pdf_budget._Budget._decode

    def counted(budget, xref: int, most: int) -> int:
        decoded.append(xref)
        return real(budget, xref, most)

    monkeypatch.setattr(pdf_budget._Budget, "_decode", counted)
    report = _check(path, Limits(max_content_bytes=1_000_000))
    assert report.status == "error" and f"none of its {n} pages could be checked" in report.error
    assert decoded.count(form) == 1, decoded


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


@pytest.mark.parametrize(
    ("length", "extra", "stored"),
    [
        (b"5 0 R", (b"4294967299",), 4294967299),  # indirect, past 2^32: read as 3
        (b"3000000000.0", (), 3000000000),  # past 2^31, a real: read as -2147483648
        (b"-7", (), 0),
        (b"3", (), 3),
    ],
)
def test_a_content_streams_stored_size_is_read_whole_and_never_negative(
    tmp_path: Path, length: bytes, extra: tuple[bytes, ...], stored: int
) -> None:
    """The stored size of a page's content bounds the work of its layout (a paint log of a
    million paths takes 0.4 GB): a /Length past 2^31 was read in 32 bits, wrapped small or
    negative, and the page counted as light."""
    from brandcheck.document import open_document

    path = tmp_path / "length.pdf"
    content = b"<< /Length %s >>\nstream\nq Q\nendstream" % length
    path.write_bytes(_page_pdf(content, _A4, *extra))
    with open_document(path, limits=Limits()) as doc:
        assert doc.page(0).content_bytes() == stored


def test_pages_that_place_only_images_are_not_read_again_for_forms(tmp_path, monkeypatch):
    """The budget reads a page's content for the forms it draws (``/Fm Do``); where the
    resources list images and no form there is nothing to count, and a /Resources that
    every page shares is looked at once a document, not once a page."""
    from brandcheck.document import pdf_budget

    n, shared, image = 12, 3 + 2 * 12, 4 + 2 * 12
    entries = _A4 + b" /Resources << /XObject %d 0 R >>" % shared
    content = _stream(b"", _BLUE_SQUARE + b"q 100 0 0 100 72 400 cm /Im Do Q")
    pixel = _stream(
        b"/Type /XObject /Subtype /Image /Width 1 /Height 1 /BitsPerComponent 8"
        b" /ColorSpace /DeviceRGB",
        b"\x00\x80\xff",
    )
    path = tmp_path / "photos.pdf"
    path.write_bytes(_pages_pdf([(content, entries)] * n, b"<< /Im %d 0 R >>" % image, pixel))
    searched: list[bytes] = []
    tested: list[int] = []
    real_do, real_is_form = pdf_budget._DO, pdf_budget._Budget.is_form

    class CountedDo:
        def findall(self, data: bytes) -> list[bytes]:
            searched.append(data)
            return real_do.findall(data)

    def is_form(budget, xref: int) -> bool:
        tested.append(xref)
        return real_is_form(budget, xref)

    monkeypatch.setattr(pdf_budget, "_DO", CountedDo())
    monkeypatch.setattr(pdf_budget._Budget, "is_form", is_form)
    report = _check(path)
    assert report.status == "fail", report.error
    assert {p for f in report.findings if f.rule == "BC201" for p in f.pages} == set(range(n))
    assert searched == [] and tested == [image], (len(searched), tested)


# an SVG embedding a picture whose header asks resvg for more memory than there is


def _picture(fmt: str, width: int, height: int) -> bytes:
    """A real picture of one colour, ``width`` x ``height`` px, in ``fmt`` (a Pillow format)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "#0000ff").save(out, fmt)
    return out.getvalue()


def _embedding(tmp_path: Path, data: bytes, how: str, mime: str = "png") -> Path:
    """An SVG showing ``data`` (a picture file's bytes) as a data URI, ``how``: an <image>, a
    one-tile pattern filling a rectangle (Figma's image fill), an <feImage>, or an <image>
    whose data URI is percent-encoded rather than base64."""
    import base64
    from urllib.parse import quote

    uri = f"data:image/{mime};base64,{base64.b64encode(data).decode()}"
    if how == "percent-encoded":
        uri = f"data:image/{mime},{quote(data)}"
    image = f'<image id="i" width="200" height="100" xlink:href="{uri}"/>'
    body = {
        "image": image,
        "percent-encoded": image,
        "pattern": (
            '<defs><pattern id="p" patternContentUnits="objectBoundingBox" width="1" height="1">'
            f'<use xlink:href="#i" transform="scale(0.005 0.01)"/></pattern>{image}</defs>'
            '<rect width="400" height="300" fill="url(#p)"/>'
        ),
        "feImage": (
            f'<filter id="f"><feImage xlink:href="{uri}"/></filter>'
            '<rect width="400" height="300" filter="url(#f)"/>'
        ),
    }[how]
    return _svg(tmp_path, f"{how}.svg", body)


@pytest.mark.parametrize("how", ["image", "pattern", "feImage", "percent-encoded"])
@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF"])
def test_an_svg_embedding_a_picture_over_the_pixel_limit_is_refused_with_its_size(
    tmp_path, how, fmt
):
    """resvg decodes every picture an SVG embeds whole, at its own size: a header asking for
    100,000 x 100,000 px ended the process ("memory allocation of 30000000000 bytes
    failed"). Here a real 1,200 x 1,000 px picture, under a limit of 1 megapixel."""
    path = _embedding(tmp_path, _picture(fmt, 1200, 1000), how, fmt.lower())
    report = _check(path, Limits(max_image_pixels=1_000_000))
    assert report.status == "error", report.findings
    assert [f.rule for f in report.findings] == ["BC905"]
    assert report.error == (
        "the SVG embeds a picture of 1,200 × 1,000 pixels, more than brandcheck draws "
        "(1 megapixels); it was not drawn"
    )
    assert _check(path, Limits(max_image_pixels=1_200_000)).status != "error"


def test_an_svg_embedding_a_picture_that_claims_100000_px_a_side_is_an_error_not_a_crash(
    tmp_path,
):
    """The reviewer's file, through the CLI: each way of embedding the picture, alone, and in a
    folder with a good file, which is checked too. Pillow's own guard refuses a header over
    179 megapixels without its size: the size is still said."""
    from conftest import check_json, run_cli
    from picture_bombs import png_claiming

    from brandcheck.batch.store import ResultStore

    folder = tmp_path / "folder"
    folder.mkdir()
    bombs = [
        _embedding(folder, png_claiming(100_000, 100_000), how) for how in ("image", "pattern")
    ]
    _svg(folder, "good.svg", '<rect width="90" height="90" fill="#0000ff"/>')
    why = "the SVG embeds a picture of 100,000 × 100,000 pixels, more than brandcheck draws"
    for bomb in bombs:
        run = check_json(bomb)  # every rule: the logo search draws the page
        assert run.returncode == 3, run.stderr[-2000:]
        (file,) = run.report["files"]
        assert file["status"] == "error" and file["error"].startswith(why), file
    run = check_json(folder)
    assert run.returncode == 3, run.stderr[-2000:]
    outcomes = {Path(path).name: file for path, file in run.outcomes().items()}
    assert {name: file["status"] for name, file in outcomes.items()} == {
        "image.svg": "error",
        "pattern.svg": "error",
        "good.svg": "fail",
    }
    assert "BC201" in [f["rule"] for f in outcomes["good.svg"]["findings"]]
    # a scan's worker process reads them too
    db = tmp_path / "scan.db"
    run = run_cli("scan", "run", folder, "--db", db, "--jobs", "1", "--ocr", "off")
    assert run.returncode == 3, run.stderr[-2000:]
    with ResultStore(db) as store:
        rows = {
            Path(r["path"]).name: r for r in store.rows("SELECT path, status, error FROM files")
        }
    assert {name: row["status"] for name, row in rows.items()} == {
        "image.svg": "error",
        "pattern.svg": "error",
        "good.svg": "fail",
    }
    assert rows["image.svg"]["error"].startswith(why), rows


def _deep_tree_pdf(root: bytes, page: bytes, content: bytes, objects: list[bytes]) -> bytes:
    """A one-page PDF whose page hangs 40 page-tree nodes below the root (``root``, its
    entries); ``page``, the page's entries; ``objects`` are objects 5, 6, ..."""
    depth, first_node = 40, 5 + len(objects)
    nodes = [
        b"<< /Type /Pages /Kids [%d 0 R] /Count 1 /Parent %d 0 R >>"
        % (first_node + k + 1 if k < depth - 1 else 3, first_node + k - 1 if k else 2)
        for k in range(depth)
    ]
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    top = b"<< /Type /Pages /Kids [%d 0 R] /Count 1 %s >>" % (first_node, root)
    leaf = b"<< /Type /Page /Parent %d 0 R %s /Contents 4 0 R >>" % (first_node + depth - 1, page)
    return _raw_pdf([catalog, top, leaf, _stream(b"", content), *objects, *nodes])


def test_forms_a_page_inherits_from_far_up_the_page_tree_are_counted(tmp_path):
    """The page hangs 40 page-tree nodes below the root, whose /Resources name the forms:
    MuPDF follows /Parent that far and draws them, the budget looked 32 nodes up and counted
    none of the 1,111 draws."""
    resources, forms = _forms(5, 4)
    path = tmp_path / "deep.pdf"
    path.write_bytes(_deep_tree_pdf(resources[len(_A4) :], _A4, b"/F Do", forms))
    report = _check(path, Limits(max_form_draws=1_000))
    assert report.status == "error" and "draws form XObjects" in report.error, report.findings


def test_a_page_box_inherited_from_far_up_the_page_tree_is_the_page_s_size(tmp_path):
    """The root, 40 page-tree nodes above the page, gives it its MediaBox: MuPDF shows the
    page at that size, and the page was said to have none (looked for 32 nodes up)."""
    path = tmp_path / "deep_box.pdf"
    path.write_bytes(_deep_tree_pdf(_A4, b"", b"0 0 1 rg 72 72 300 300 re f", []))
    report = _check(path)
    assert "BC201" in _rules(report)  # the page is read and judged
    assert not [f for f in report.findings if f.rule == "BC904"], report.findings
