"""Sender and message rules BC401–BC403 on PDFs and on scans of them (OCR), and the OCR skip."""

from __future__ import annotations

import sys
from pathlib import Path

import pymupdf
import pytesseract
import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "helpers"))

import brochure
from pdf_pages import add, one_page
from pikepdf import Dictionary, Name
from profiles import extended_profile
from typesetting import REGULAR, Run, scan_pdf, write_image, write_lockup, write_pdf

from brandcheck import ocr as ocr_module
from brandcheck import synth
from brandcheck.api import check_paths
from brandcheck.pipeline import RunOptions
from brandcheck.rule_settings import RuleSettings

SENDER_RULES = ["sender.missing", "sender.outdated", "message.missing"]


def _ctx_auto():
    from brandcheck.checks import CheckContext
    from brandcheck.profile import load_profile

    return CheckContext(profile=load_profile("stockholm-bolag"))


def _check(path: Path, profile: str | Path = "stockholm-bolag", **options):
    select = options.pop("select", SENDER_RULES)
    opts = RunOptions(rules=RuleSettings.build(select=select), **options)
    return check_paths([path], profile, opts).files[0]


def _letter(path: Path, sender: str | None) -> Path:
    runs = [
        Run("Hamnbolaget AB", "Verdana-Bold", 18, (60, 80), bold=True),
        Run("Hej Anna,", "ArialMT", 11, (60, 160)),
        Run("Vi skriver till dig om avgifterna för båtplatser i hamnen.", "ArialMT", 11, (60, 180)),
        Run("Med vänliga hälsningar, Hamnbolaget", "ArialMT", 11, (60, 220)),
    ]
    if sender:
        runs.insert(1, Run(sender, "ArialMT", 10, (60, 100)))
    return write_pdf(path, [runs], size=(420, 300))


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("letters")
    out = {}
    for key, sender in (("with", "en del av Stockholms stad"), ("without", None)):
        pdf = _letter(d / f"{key}.pdf", sender)
        out[f"{key}-pdf"] = pdf
        out[f"{key}-jpg"] = scan_pdf(pdf, d / f"{key}-scan.jpg")
        out[f"{key}-scanpdf"] = scan_pdf(pdf, d / f"{key}-scan.pdf")
    return out


@pytest.mark.parametrize("form", ["pdf", "jpg", "scanpdf"])
def test_bolag_letter_with_sender_passes_in_every_form(letters: dict, form: str) -> None:
    report = _check(letters[f"with-{form}"])
    assert report.status == "pass"
    assert report.findings == []
    assert report.pages[0].text_source == ("pdf" if form == "pdf" else "ocr")


@pytest.mark.parametrize("form", ["pdf", "jpg", "scanpdf"])
def test_bolag_letter_without_sender_fails_in_every_form(letters: dict, form: str) -> None:
    report = _check(letters[f"without-{form}"])
    assert report.status == "fail"
    assert report.pages[0].text_source == ("pdf" if form == "pdf" else "ocr")
    assert [f.rule for f in report.findings] == ["BC401"]
    assert "en del av Stockholms stad" in report.findings[0].message


@pytest.mark.parametrize(
    "runs",
    [
        [Run("EN DEL AV STOCKHOLMS STAD", at=(60, 100))],
        [Run("Hamnbolaget – en del av Stock-", at=(60, 100)), Run("holms stad", at=(60, 114))],
        [Run("en del av", at=(60, 100)), Run("Stockholms stad", at=(60, 114))],
        [Run("en\u00a0del\u00a0av\u202fStockholms\u2009stad", at=(60, 100))],
        [Run("A municipal company, City of Stockholm", at=(60, 100))],
    ],
)
def test_sender_matching_is_tolerant_in_text_layers(tmp_path: Path, runs: list[Run]) -> None:
    report = _check(write_pdf(tmp_path / "s.pdf", [runs]))
    assert report.findings == []


@pytest.mark.parametrize("line", ["endel av Stockholms stad", "en del av Stockholmsstad"])
def test_sender_words_run_together_in_a_text_layer_are_not_it(tmp_path, line) -> None:
    pdf = write_pdf(tmp_path / "joined.pdf", [[Run(f"Hamnbolaget – {line}")]])
    assert [f.rule for f in _check(pdf).findings] == ["BC401"]


def test_sender_drawn_a_glyph_or_a_word_piece_at_a_time_is_found(tmp_path: Path) -> None:
    # no space characters at all: letter-spaced glyph by glyph, and fake small caps (each
    # word's initial larger than the rest): the words stand apart by their gaps
    spaced, x = [], 60.0
    for ch in "EN DEL AV STOCKHOLMS STAD":
        if ch != " ":
            spaced.append(Run(ch, size=8, at=(x, 100)))
        x += 9
    caps, x = [], 60.0
    for word in ("En", "del", "av", "Stockholms", "stad"):
        for text, size in ((word[0].upper(), 9), (word[1:].upper(), 7)):
            caps.append(Run(text, size=size, at=(x, 100)))
            x += pymupdf.get_text_length(text, fontname="helv", fontsize=size) * 1.2
        x += 3
    for name, runs in (("spaced", spaced), ("caps", caps)):
        assert _check(write_pdf(tmp_path / f"{name}.pdf", [runs])).findings == [], name


def test_sender_on_a_later_page_counts_for_the_document(tmp_path: Path) -> None:
    pdf = write_pdf(
        tmp_path / "two.pdf",
        [[Run("Välkommen")], [Run("Hamnbolaget, en del av Stockholms stad")]],
    )
    assert _check(pdf).findings == []


def test_sender_running_down_a_column_of_a_footer_is_found(tmp_path: Path) -> None:
    # drawn line by line across the page: "…en del av", "Telefon…", "Stockholms stad", "…se"
    footer = [
        Run("Bostadsbolaget AB, en del av", at=(40, 780)),
        Run("Telefon 08-508 000 00", at=(300, 780)),
        Run("Stockholms stad", at=(40, 792)),
        Run("bostadsbolaget.se", at=(300, 792)),
    ]
    report = _check(write_pdf(tmp_path / "footer.pdf", [footer]))
    assert report.findings == []
    apart = [footer[0], footer[1], Run("Stockholms stad", at=(300, 804))]  # another column
    assert [f.rule for f in _check(write_pdf(tmp_path / "apart.pdf", [apart])).findings] == [
        "BC401"
    ]


def _row(words: list[str], x: float, y: float, size: float = 11.0) -> list[Run]:
    """One row of words, each its own run, left to right with word spaces between them
    (measured in DejaVu Sans, which the runs are set in)."""
    font = pymupdf.Font(fontfile=str(synth.find_font(REGULAR)))
    runs = []
    for word in words:
        runs.append(Run(word, size=size, at=(x, y)))
        x += font.text_length(word + " ", fontsize=size)
    return runs


def test_sender_drawn_right_to_left_or_between_other_text_is_found(tmp_path: Path) -> None:
    backwards = _row(["Bolaget", "AB,", "en", "del", "av", "Stockholms", "stad"], 60, 100)[::-1]
    centred = [  # a centred lockup's two lines, with body text drawn between them
        Run("en del av", at=(282, 713)),
        Run("Här står en helt annan text i brödet.", at=(72, 333)),
        Run("Stockholms stad", at=(266, 725)),
    ]
    for name, runs in (("backwards", backwards), ("centred", centred)):
        assert _check(write_pdf(tmp_path / f"{name}.pdf", [runs])).findings == [], name
    far = _row(["en", "del", "av"], 60, 100) + _row(["Stockholms", "stad"], 400, 100)
    assert [f.rule for f in _check(write_pdf(tmp_path / "far.pdf", [far[::-1]])).findings] == [
        "BC401"
    ]


def _cover(pdf: Path, out: Path, how: str) -> Path:
    """The letter with its sender line at (60, 100) hidden in one of the ways text is hidden."""
    doc = pymupdf.open(pdf)
    page = doc[0]
    line = pymupdf.Rect(40, 70, 300, 130)
    if how == "picture":
        page.insert_image(line, stream=_photo_png())
    elif how == "white box":
        page.draw_rect(line, color=None, fill=(1, 1, 1))
    doc.save(out)
    return out


def _photo_png() -> bytes:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 64, 16), False)
    pix.set_rect(pix.irect, (40, 90, 160))
    return pix.tobytes("png")


@pytest.mark.parametrize("how", ["picture", "white box", "white text", "invisible text"])
def test_a_sender_text_nobody_sees_does_not_count(tmp_path: Path, how: str) -> None:
    sender = "en del av Stockholms stad"
    letter = _letter(tmp_path / "letter.pdf", None if "text" in how else sender)
    doc = pymupdf.open(letter)
    if how == "white text":
        doc[0].insert_text((60, 100), sender, fontsize=10, color=(1, 1, 1))
    elif how == "invisible text":
        doc[0].insert_text((60, 100), sender, fontsize=10, render_mode=3)
    doc.save(tmp_path / "text.pdf")
    hidden = _cover(tmp_path / "text.pdf", tmp_path / "hidden.pdf", how)
    assert [f.rule for f in _check(hidden, ocr="off").findings] == ["BC401"]


@pytest.mark.parametrize("how", ["picture", "white box", "white text"])
def test_a_sender_text_nobody_sees_is_said_to_be_there_unseen(tmp_path: Path, how: str) -> None:
    """A search of the PDF finds the line: BC401 says where it is and why it does not count,
    not that it does not appear."""
    sender = "en del av Stockholms stad"
    letter = _letter(tmp_path / "letter.pdf", None if how == "white text" else sender)
    if how == "white text":
        doc = pymupdf.open(letter)
        doc[0].insert_text((60, 100), sender, fontsize=10, color=(1, 1, 1))
        doc.save(tmp_path / "white.pdf")
        letter = tmp_path / "white.pdf"
    hidden = _cover(letter, tmp_path / "hidden.pdf", how)
    [found] = _check(hidden, ocr="off").findings
    assert found.rule == "BC401"
    assert found.message.startswith(
        f'"{sender}" is in the text on page 1 but cannot be seen there: it is under a picture '
        "or a box, or in the colour of its ground."
    ), found.message
    assert found.page == 0 and found.bbox is not None
    assert 55 <= found.bbox[0] <= 65 and 85 <= found.bbox[3] <= 105  # the line at (60, 100)


def test_a_sender_text_unseen_on_many_pages_is_told_in_page_runs(tmp_path: Path) -> None:
    """A brochure whose footer line is white on white on every page but the cover: its pages
    are told as people count them ("pages 2–55"), not listed one by one, and its boxes are
    capped as a merged finding's are."""
    doc = pymupdf.open(_letter(tmp_path / "letter.pdf", None))
    for _ in range(54):
        page = doc.new_page(width=420, height=300)
        page.insert_text((60, 100), "en del av Stockholms stad", fontsize=10, color=(1, 1, 1))
    doc.save(tmp_path / "brochure.pdf")
    [found] = _check(tmp_path / "brochure.pdf", ocr="off").findings
    assert found.message.startswith(
        '"en del av Stockholms stad" is in the text on pages 2–55 but cannot be seen there'
    ), found.message[:120]
    assert found.pages == list(range(1, 55))
    assert len(found.boxes) == len(found.box_pages) == 50


def test_a_missing_sender_text_is_said_to_be_missing(letters: dict) -> None:
    [found] = _check(letters["without-pdf"], ocr="off").findings
    assert found.message.startswith('Neither "en del av Stockholms stad" nor'), found.message
    assert found.page is None and found.bbox is None


@pytest.mark.parametrize("where", ["slug", "trim"])
def test_a_sender_line_in_the_slug_is_cut_off_the_printed_piece(tmp_path: Path, where) -> None:
    # a letter exported with a 10 mm slug around its TrimBox: the sender line set in the slug,
    # beside the job note, is trimmed away and was counted as shown
    letter = _letter(tmp_path / "letter.pdf", None)
    src = pymupdf.open(letter)
    mm = 72 / 25.4
    w, h = src[0].rect.width, src[0].rect.height
    doc = pymupdf.open()
    page = doc.new_page(width=w + 20 * mm, height=h + 20 * mm)
    page.show_pdf_page(pymupdf.Rect(10 * mm, 10 * mm, 10 * mm + w, 10 * mm + h), src, 0)
    y = 6 * mm if where == "slug" else 10 * mm + h - 20
    page.insert_text((10 * mm, y), "Hamnbolaget AB, en del av Stockholms stad", fontsize=8)
    trim = [10 * mm, 10 * mm, 10 * mm + w, 10 * mm + h]  # PDF space: y up, symmetric here
    doc.xref_set_key(page.xref, "TrimBox", f"[{' '.join(f'{v:.2f}' for v in trim)}]")
    path = tmp_path / f"{where}.pdf"
    doc.save(path)
    found = _check(path, ocr="off").findings
    assert [f.rule for f in found] == (["BC401"] if where == "slug" else [])
    if where == "slug":  # a search of the PDF finds it: BC401 says where, and why it is cut off
        assert found[0].message.startswith(
            '"en del av Stockholms stad" is in the text on page 1 but cannot be seen there: it '
            "is outside the trimmed page (in the slug), which is cut off in print."
        ), found[0].message
        assert found[0].page == 0 and found[0].bbox[3] < 10 * mm  # in the slug, above the trim


def test_a_sender_line_set_in_a_picture_in_the_slug_is_cut_off_too(tmp_path: Path) -> None:
    # the same letter with its sender line placed as a picture in the slug, beyond the TrimBox:
    # the art's OCR read it, and the letter passed BC401 where a live line there failed it
    line = write_image(
        tmp_path / "line.png", [("Hamnbolaget, en del av Stockholms stad", 60)], size=(1300, 110)
    )
    mm = 72 / 25.4
    doc = pymupdf.open()
    page = doc.new_page(width=595 + 20 * mm, height=842 + 20 * mm)
    page.insert_text((40 * mm, 60 * mm), "Hamnbolaget informerar om sommarens trafik.")
    page.insert_image(pymupdf.Rect(40 * mm, 1 * mm, 40 * mm + 300, 1 * mm + 25), filename=line)
    trim = [10 * mm, 10 * mm, 10 * mm + 595, 10 * mm + 842]
    doc.xref_set_key(page.xref, "TrimBox", f"[{' '.join(f'{v:.2f}' for v in trim)}]")
    doc.save(tmp_path / "slug.pdf")
    assert [f.rule for f in _check(tmp_path / "slug.pdf").findings] == ["BC401"]


def test_a_sender_line_filled_with_a_gradient_counts_and_is_not_measured(tmp_path) -> None:
    # MuPDF gives text filled with a pattern alpha 0 and black: its colour is unknown, so it
    # is neither hidden for the sender rule nor 1:1 against its ground for the contrast rule
    def gradient(pdf, page) -> None:
        fn = Dictionary(FunctionType=2, Domain=[0, 1], C0=[1, 0.8, 0.6], C1=[1, 1, 0.6], N=1)
        shading = Dictionary(
            ShadingType=2, ColorSpace=Name.DeviceRGB, Coords=[20, 0, 300, 0], Function=fn
        )
        add(page, "Pattern", "P0", pdf.make_indirect(Dictionary(PatternType=2, Shading=shading)))

    pdf = one_page(
        tmp_path / "gradient.pdf",
        "0 0.1 0.4 rg 0 0 400 200 re f\n"
        "/Pattern cs /P0 scn BT /F1 18 Tf 20 90 Td (en del av Stockholms stad) Tj ET\n",
        size=(400, 200),
        build=gradient,
    )
    report = _check(pdf, ocr="off", select=[*SENDER_RULES, "colour.contrast"])
    assert report.findings == []


def test_hidden_copies_of_the_sender_do_not_hide_a_shown_one(tmp_path: Path) -> None:
    # five language versions kept under a white box, drawn before the shown line: each hidden
    # copy stands in every reading of the page, and all of them are looked past
    sender = "en del av Stockholms stad"
    doc = pymupdf.open()
    page = doc.new_page(width=420, height=500)
    for i in range(5):
        page.insert_text((60, 90 + 12 * i), f"Hamnbolaget, {sender}", fontsize=10)
    page.insert_text((200, 300), "Brödtext i en annan spalt.", fontsize=10)
    page.insert_text((60, 400), f"Hamnbolaget, {sender}", fontsize=10)
    page.draw_rect(pymupdf.Rect(40, 70, 300, 160), color=None, fill=(1, 1, 1))
    doc.save(tmp_path / "versions.pdf")
    assert _check(tmp_path / "versions.pdf", ocr="off").findings == []


def test_the_invisible_text_layer_of_a_scan_counts(letters: dict, tmp_path: Path) -> None:
    # an OCR'd scan: the picture shows the sender, the invisible layer over it says what it is
    doc = pymupdf.open(letters["with-scanpdf"])
    doc[0].insert_text((60, 100), "en del av Stockholms stad", fontsize=10, render_mode=3)
    doc.save(tmp_path / "searchable.pdf")
    assert _check(tmp_path / "searchable.pdf", ocr="off").findings == []


def test_lines_of_a_column_with_a_list_between_them_do_not_run_on(tmp_path: Path) -> None:
    runs = [Run("Bostadsbolaget AB är sedan 2019 en del av", at=(50, 100))]
    runs += [Run(f"• Nätverk nummer {i}", at=(70, 116 + 16 * i)) for i in range(3)]
    runs += [Run("Stockholms stad äger inte bolaget.", at=(50, 164))]
    report = _check(write_pdf(tmp_path / "list.pdf", [runs]))
    assert [f.rule for f in report.findings] == ["BC401"]


def test_similar_but_different_text_is_not_the_sender(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "no.pdf", [[Run("Stockholms stad har en del parker")]])
    assert [f.rule for f in _check(pdf).findings] == ["BC401"]


def test_sender_rule_is_off_for_the_city_profile(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "city.pdf", [[Run("Stadsbyggnadskontoret")]])
    assert _check(pdf, "stockholm").findings == []


def test_outdated_sender_text(tmp_path: Path) -> None:
    pdf = write_pdf(
        tmp_path / "old.pdf",
        [
            [
                Run("Hamnbolaget AB", at=(60, 80)),
                Run("Ingår i koncernen", at=(60, 100)),
                Run("Stockholms Stadshus", at=(60, 114)),
            ]
        ],
    )
    report = _check(pdf, "stockholm")
    assert [(f.rule, f.severity.value, f.page) for f in report.findings] == [
        ("BC402", "warning", 0)
    ]
    x0, y0, _x1, y1 = report.findings[0].bbox
    assert y0 < 100 < 114 < y1 + 5 and x0 >= 59
    fresh = write_pdf(tmp_path / "new.pdf", [[Run("Hamnbolaget, en del av Stockholms stad")]])
    assert _check(fresh, "stockholm").findings == []


def _message_profile(tmp_path: Path) -> Path:
    tables = "[sender]\nmessage_required = true\n"
    return extended_profile(tmp_path / "bolag-message", "stockholm-bolag", tables, sender="bolag")


def test_message_required_by_a_profile_switch(tmp_path: Path) -> None:
    profile = _message_profile(tmp_path)
    sender = Run("en del av Stockholms stad", at=(60, 80))
    without = write_pdf(tmp_path / "a.pdf", [[sender]])
    found = _check(without, profile).findings
    assert [(f.rule, f.severity.value) for f in found] == [("BC403", "info")]
    with_message = write_pdf(
        tmp_path / "b.pdf", [[sender, Run("Stockholm – The Capital of Scandinavia", at=(60, 120))]]
    )
    assert _check(with_message, profile).findings == []
    # Off by default: the shipped bolag profile does not ask for the message.
    assert _check(without).findings == []


def test_without_tesseract_the_outcome_is_one_skip_not_a_pass(
    letters: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    # Digital target: the typography size rule needs OCR too; still one BC910 for the file.
    report = _check(
        letters["without-jpg"], select=[*SENDER_RULES, "font.too_small"], target="digital"
    )
    assert [f.rule for f in report.findings] == ["BC910"]
    skip = report.findings[0]
    assert skip.message.startswith("OCR not available")
    assert skip.details["rules"] == ["BC303", "BC401", "BC402"]
    assert report.pages[0].text_source == "none"
    # A text-layer PDF needs no OCR, so it is judged as usual.
    assert [f.rule for f in _check(letters["without-pdf"]).findings] == ["BC401"]


def test_ocr_switched_off_is_reported_as_skipped(letters: dict) -> None:
    report = _check(letters["without-scanpdf"], ocr="off")
    assert [f.rule for f in report.findings] == ["BC910"]
    message = report.findings[0].message
    assert message.startswith("OCR is switched off (--ocr off);")
    assert "Install" not in message  # nothing is missing: the user chose it


def _outlined(pdf: Path, path: Path) -> Path:
    """The PDF's first page with all its text converted to outlines (vector paths)."""
    svg = pymupdf.open(pdf)[0].get_svg_image(text_as_path=True)
    outlined = pymupdf.open("pdf", pymupdf.open("svg", svg.encode()).convert_to_pdf())
    assert outlined[0].get_text().strip() == ""
    outlined.save(path)
    return path


def _outlined_letter(path: Path, sender: str | None) -> Path:
    """The letter with all its text converted to outlines, as print exports often are: there
    is no text layer at all."""
    return _outlined(_letter(path.with_suffix(".text.pdf"), sender), path)


def _outlined_line(path: Path, text: str, size: float = 12.0) -> Path:
    """A page holding one line of text in outlines, cropped to the line (a lockup's art)."""
    width = pymupdf.get_text_length(text, fontname="helv", fontsize=size) * 1.3  # DejaVu
    runs = [[Run(text, size=size, at=(2, size))]]
    return _outlined(write_pdf(path.with_suffix(".text.pdf"), runs, (width, size * 1.3)), path)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Hamnbolaget – en del av Stockholms stad", []),
        ("Hamnbolaget AB, Stockholm", ["BC401"]),
        ("Ingår i koncernen Stockholms Stadshus", ["BC401", "BC402"]),  # an old lockup
    ],
)
def test_a_lockup_line_in_outlines_beside_live_text_is_read(tmp_path, line, expected) -> None:
    art = _outlined_line(tmp_path / "line.pdf", line)
    doc = pymupdf.open(_letter(tmp_path / "letter.pdf", None))
    doc[0].show_pdf_page(pymupdf.Rect(200, 20, 400, 40), pymupdf.open(art), 0)
    doc.save(tmp_path / "with-art.pdf")
    assert sorted(f.rule for f in _check(tmp_path / "with-art.pdf").findings) == expected
    # without OCR the art may be that text: the rule is skipped, not failed or passed
    off = _check(tmp_path / "with-art.pdf", ocr="off", select=["sender.missing", "BC910"])
    assert [f.rule for f in off.findings] == ["BC910"]


def test_a_tightly_cropped_line_of_outlines_or_picture_is_read(tmp_path) -> None:
    sender = "Hamnbolaget – en del av Stockholms stad"
    alone = _outlined_line(tmp_path / "alone.pdf", sender)  # the page is the art's box
    assert _check(alone).findings == []
    picture = pymupdf.open(alone)[0].get_pixmap(dpi=200).tobytes("png")  # a tight picture
    doc = pymupdf.open(_letter(tmp_path / "letter.pdf", None))
    doc[0].insert_image(pymupdf.Rect(60, 250, 300, 267), stream=picture)
    doc.save(tmp_path / "with-picture.pdf")
    assert _check(tmp_path / "with-picture.pdf").findings == []


@pytest.mark.parametrize(
    ("sender", "expected"),
    [
        ("en del av Stockholms stad", []),
        (None, ["BC401"]),
        ("en del av Stockholm stad", ["BC401"]),  # a typo read surely: as in the text layer
    ],
)
def test_sender_converted_to_outlines_is_read_with_ocr(tmp_path, sender, expected) -> None:
    report = _check(_outlined_letter(tmp_path / "outlined.pdf", sender))
    assert [f.rule for f in report.findings] == expected
    off = _check(_outlined_letter(tmp_path / "off.pdf", sender), ocr="off")
    assert [f.rule for f in off.findings] == ["BC910"]  # not judged without OCR


def test_no_ocr_when_no_selected_rule_needs_it(tmp_path: Path) -> None:
    image = write_image(tmp_path / "t.png", [("en del av Stockholms stad", 30)])
    report = _check(image, select=["production"])
    assert report.pages[0].text_source == "none"


def test_sender_in_a_light_on_dark_image(tmp_path: Path) -> None:
    image = write_image(
        tmp_path / "neg.png",
        [("Hamnbolaget", 40), ("A municipal company, City of Stockholm", 26)],
        colours=((229, 0, 108), (255, 255, 255)),
    )
    assert _check(image).findings == []


@pytest.mark.parametrize("sender_px", [18, 22])
def test_a_banner_sender_line_under_a_big_headline_is_read(tmp_path: Path, sender_px) -> None:
    # the headline's glyphs set the reading scale: the sender line was shrunk past reading
    lines = [("Bostadsbolaget", 60), ("Nya lägenheter i Hagastaden", 56)]
    sender = ("Bostadsbolaget – en del av Stockholms stad", sender_px)
    banner = write_image(tmp_path / "banner.png", [*lines, sender], size=(1200, 628))
    assert _check(banner, target="digital").findings == []
    without = write_image(tmp_path / "none.png", lines, size=(1200, 628))
    assert [f.rule for f in _check(without, target="digital").findings] == ["BC401"]


@pytest.mark.parametrize(
    "line", ["en del av Stockholm stad", "en del av Stokholms stad", "en del Stockholms stad"]
)
def test_a_misspelt_line_read_surely_in_a_picture_is_not_the_sender(tmp_path, line) -> None:
    # OCR edits are forgiven only in words OCR was unsure of, and never a whole missing word
    lines = [("Hamnbolaget", 40), (f"Hamnbolaget – {line}", 24)]
    banner = write_image(tmp_path / "banner.png", lines)
    assert [f.rule for f in _check(banner).findings] == ["BC401"]


def test_a_true_line_read_unsurely_still_counts(tmp_path: Path) -> None:
    # a banner as a poor JPEG, and an e-mail signature shrunk to 300 x 80 px (text about 7 px,
    # where OCR misreads letters with high confidence): the slack for OCR errors stays
    lines = [("Hamnbolaget", 40), ("Hamnbolaget – en del av Stockholms stad", 24)]
    banner = write_image(tmp_path / "banner.png", lines)
    Image.open(banner).save(tmp_path / "banner.jpg", quality=25)
    assert _check(tmp_path / "banner.jpg").findings == []
    signature = [
        ("Anna Andersson", 16),
        ("Kommunikatör, Hamnbolaget", 14),
        ("08-508 000 00 | anna@hamnbolaget.se", 14),
        ("Hamnbolaget – en del av Stockholms stad", 14),
    ]
    big = write_image(tmp_path / "signature.png", signature, size=(600, 160))
    Image.open(big).resize((300, 80), Image.LANCZOS).save(tmp_path / "small.png")
    assert _check(tmp_path / "small.png").findings == []


@pytest.mark.parametrize(
    ("lockup", "expected"), [("en del av Stockholms stad", []), (None, ["BC401"])]
)
def test_sender_set_in_a_placed_picture_counts(tmp_path: Path, lockup, expected) -> None:
    """A letter whose text layer lacks the sender, with a picture (the company's logo lockup)."""
    lines = [("HAMNBOLAGET", 44)] + ([(lockup, 26)] if lockup else [("Båtar och bryggor", 26)])
    picture = write_image(tmp_path / "lockup.png", lines, size=(700, 130))
    letter = _letter(tmp_path / "letter.pdf", None)
    doc = pymupdf.open(letter)
    doc[0].insert_image(pymupdf.Rect(230, 20, 400, 52), filename=picture)
    doc.save(tmp_path / "with-picture.pdf")
    report = _check(tmp_path / "with-picture.pdf")
    assert report.pages[0].text_source == "pdf"
    assert [f.rule for f in report.findings] == expected


@pytest.mark.parametrize(
    ("wordmark", "width"), [("SVOA", 210), ("SVOA", 140), ("HAMNBOLAGET", 210)]
)
def test_the_line_under_an_emblem_in_a_lockup_picture_is_read(tmp_path, wordmark, width) -> None:
    # the emblem is as tall as a headline but no letter: the line under it was taken for its
    # marks, painted out of the small print's pass and shrunk past reading in the large one
    for line, expected in (("en del av Stockholms stad", []), (None, ["BC401"])):
        picture = write_lockup(tmp_path / "lockup.png", line, wordmark)
        doc = pymupdf.open(_letter(tmp_path / "letter.pdf", None))
        box = pymupdf.Rect(200, 236, 200 + width, 236 + width * 0.29)  # under the letter
        doc[0].insert_image(box, filename=picture)
        doc.save(tmp_path / "with-lockup.pdf")
        assert [f.rule for f in _check(tmp_path / "with-lockup.pdf").findings] == expected, line


def test_pictures_that_cannot_be_read_make_the_sender_rule_skipped_not_failed(tmp_path):
    picture = write_image(tmp_path / "lockup.png", [("HAMNBOLAGET", 44)], size=(700, 130))
    doc = pymupdf.open(_letter(tmp_path / "letter.pdf", None))
    doc[0].insert_image(pymupdf.Rect(230, 20, 400, 52), filename=picture)
    doc.save(tmp_path / "with-picture.pdf")
    report = _check(tmp_path / "with-picture.pdf", ocr="off")
    assert [f.rule for f in report.findings] == ["BC910"]
    assert "pictures" in report.findings[0].message
    # without any picture the text layer decides alone, OCR or not
    plain = _check(_letter(tmp_path / "plain.pdf", None), ocr="off")
    assert [f.rule for f in plain.findings] == ["BC401"]


def test_sender_found_on_another_page_leaves_nothing_skipped(tmp_path):
    """Page 1 has only a picture (OCR off), page 2 states the sender in its text layer."""
    picture = write_image(tmp_path / "lockup.png", [("HAMNBOLAGET", 44)], size=(700, 130))
    doc = pymupdf.open()
    first = doc.new_page(width=420, height=300)
    first.insert_image(pymupdf.Rect(60, 40, 230, 72), filename=picture)
    first.insert_text((60, 120), "Hej Anna,", fontsize=11)
    doc.new_page(width=420, height=300).insert_text(
        (60, 100), "Hamnbolaget, en del av Stockholms stad", fontsize=11
    )
    doc.save(tmp_path / "two.pdf")
    assert _check(tmp_path / "two.pdf", ocr="off").findings == []


def test_vector_art_beside_a_text_layer_is_not_read_for_the_sender(tmp_path) -> None:
    # a letter with a text layer and a drawn mark (a logo, a rounded box) but no sender: the
    # mark is not text as outlines, so it is no reason to skip the rule or to OCR the page
    doc = pymupdf.open(_letter(tmp_path / "letter.pdf", None))
    doc[0].draw_circle((380, 40), 14, color=(0, 0, 0), fill=(0.1, 0.3, 0.6))
    doc.save(tmp_path / "with-mark.pdf")
    for ocr in ("off", "auto"):
        report = _check(tmp_path / "with-mark.pdf", ocr=ocr)
        assert [f.rule for f in report.findings] == ["BC401"], ocr


def _company_material(tmp_path: Path, how: str) -> Path:
    """A company's letter without the city logo whose line "en del av Stockholms stad" is in
    a placed picture (its lockup), in outlines, or in the text layer."""
    line = "Hamnbolaget – en del av Stockholms stad"
    if how == "text":
        return _letter(tmp_path / "text.pdf", line)
    if how == "outlines":
        return _outlined_letter(tmp_path / "outlined.pdf", line)
    picture = write_image(tmp_path / "lockup.png", [("HAMNBOLAGET", 44), (line, 26)], (900, 130))
    doc = pymupdf.open(_letter(tmp_path / "letter.pdf", None))
    doc[0].insert_image(pymupdf.Rect(200, 20, 400, 49), filename=picture)
    doc.save(tmp_path / "picture.pdf")
    return tmp_path / "picture.pdf"


@pytest.mark.parametrize(
    ("how", "ignore"), [("picture", []), ("outlines", []), ("text", ["BC402"])]
)
def test_city_profile_points_company_material_to_the_bolag_profile(tmp_path, how, ignore):
    # under the city profile no sender rule but BC402 reads the page: the pointer was missing
    # for a line in the company's lockup or in outlines, and gone with --ignore BC402
    opts = RunOptions(rules=RuleSettings.build(ignore=ignore))
    report = check_paths([_company_material(tmp_path, how)], "stockholm", opts).files[0]
    [missing] = [f for f in report.findings if f.rule == "BC101"]
    assert "--profile stockholm-bolag" in missing.message
    assert missing.details["phrase"] == "en del av Stockholms stad"


def test_without_ocr_the_pointer_does_not_look_at_pictures(tmp_path, monkeypatch):
    # the pointer to the company profile reads art with OCR only where OCR can run: with
    # --ocr off it rendered and searched every page's art for letters, to no end (+30 % on
    # scanned pages)
    calls = []
    artwork_ocr = ocr_module.artwork_ocr
    monkeypatch.setattr(ocr_module, "artwork_ocr", lambda *a: calls.append(1) or artwork_ocr(*a))
    opts = RunOptions(ocr="off")
    report = check_paths([_company_material(tmp_path, "picture")], "stockholm", opts).files[0]
    assert calls == [] and "BC101" in [f.rule for f in report.findings]


def _brochure_check(path: Path, monkeypatch, **options) -> tuple[list[str], int]:
    """The sender rules' findings on a brochure, and how many passes Tesseract ran."""
    passes = []
    real_read = pytesseract.image_to_data
    monkeypatch.setattr(
        pytesseract, "image_to_data", lambda *a, **k: passes.append(1) or real_read(*a, **k)
    )
    return [f.rule for f in _check(path, **options).findings], len(passes)


@pytest.mark.skipif(ocr_module.unavailable_reason(_ctx_auto()) is not None, reason="no OCR")
def test_a_brochure_with_its_sender_line_on_the_back_cover_reads_no_photo(tmp_path, monkeypatch):
    # every page of a brochure has a big photo and only the back cover the sender line, in
    # live text: each page before it had its art (most of the page) read with Tesseract,
    # 5 s a page at 300 ppi, for an outcome the back cover's text layer decides
    # (without BC402, which reads the art for an old lockup: see the test below)
    path = brochure.build(tmp_path / "brochure.pdf", pages=4, ppi=150, sender="text")
    select = ["sender.missing", "message.missing"]
    assert _brochure_check(path, monkeypatch, select=select) == ([], 0)


@pytest.mark.skipif(ocr_module.unavailable_reason(_ctx_auto()) is not None, reason="no OCR")
def test_an_old_lockup_on_the_cover_is_outdated_though_the_back_cover_has_the_line(tmp_path):
    # a company that updated its colophon but not the lockup in the cover's picture: the
    # back cover's live text holds the required line, the cover's picture the outdated one,
    # which only OCR of the cover's art finds (it was missed when the back cover spared it)
    lockup = tmp_path / "lockup.png"
    write_lockup(lockup, "Ingår i koncernen Stockholms Stadshus", "Hamnbolaget")
    doc = pymupdf.open()
    cover = doc.new_page()
    cover.insert_text((40, 80), "Hamnen i dag", fontsize=24)
    cover.insert_image(pymupdf.Rect(40, 560, 440, 680), filename=lockup)
    doc.new_page().insert_text((40, 800), f"Hamnbolaget, {brochure.SENDER}", fontsize=10)
    doc.save(tmp_path / "cover.pdf")
    report = _check(tmp_path / "cover.pdf")
    assert [(f.rule, f.page) for f in report.findings] == [("BC402", 0)]


@pytest.mark.skipif(ocr_module.unavailable_reason(_ctx_auto()) is not None, reason="no OCR")
@pytest.mark.parametrize("hidden", [False, True])
def test_a_sender_line_only_in_a_brochures_photo_lockup_is_found(tmp_path, monkeypatch, hidden):
    # the line only in a company's lockup inside page 3's photo: OCR still reads it, also when
    # the last page's text layer holds the line where nobody sees it (white on white)
    path = brochure.build(tmp_path / "brochure.pdf", pages=4, ppi=150, sender="lockup")
    if hidden:
        doc = pymupdf.open(path)
        doc[-1].insert_text((300, 110), brochure.SENDER, fontsize=10, color=(1, 1, 1))
        doc.save(tmp_path / "hidden.pdf")
        path = tmp_path / "hidden.pdf"
    rules, passes = _brochure_check(path, monkeypatch)
    assert rules == [] and passes > 0
    nowhere = brochure.build(tmp_path / "none.pdf", pages=4, ppi=150, sender=None)
    assert _brochure_check(nowhere, monkeypatch)[0] == ["BC401"]


def test_another_pages_damage_read_for_the_sender_line_stays_that_pages(tmp_path):
    # page 1 lacks the sender line, so the other pages' text layers are read for it while
    # page 1 is checked: the damage MuPDF reports on page 3 is page 3's, not page 1's
    doc = pymupdf.open()
    for n in range(3):
        page = doc.new_page()
        page.insert_text((50, 100), f"Sida {n + 1}", fontsize=14)
        page.draw_bezier((50, 200), (80, 150), (120, 250), (150, 200), color=(0, 0, 0), width=3)
    doc[2].insert_text((50, 300), f"Hamnbolaget, {brochure.SENDER}", fontsize=10)
    xref = doc[2].get_contents()[-1]
    doc.update_stream(xref, doc.xref_stream(xref) + b"\n[ 1 2 \n")  # an array never closed
    doc.save(tmp_path / "damaged.pdf")
    report = _check(tmp_path / "damaged.pdf", select=[*SENDER_RULES, "file.repaired"])
    assert [(f.name, f.page) for f in report.findings] == [("file.repaired", 2)]


def test_a_page_without_art_does_not_read_the_other_pages_text(tmp_path, monkeypatch):
    # the other pages' text layers spare a page's art the OCR: a long report without pictures
    # or vector art has none to spare, and read every page's text twice (0.3 ms a page of
    # one line, seconds on a 20,000-page file) for nothing, with OCR on or off
    from brandcheck.checks import sender

    doc = pymupdf.open()
    for n in range(40):
        doc.new_page().insert_text((72, 72), f"Sida {n + 1}: Hamnen i dag", fontsize=12)
    doc.save(tmp_path / "rapport.pdf")
    read = []
    real = sender._text_shows
    monkeypatch.setattr(sender, "_text_shows", lambda *a: read.append(a[1]) or real(*a))
    report = _check(tmp_path / "rapport.pdf", select=["sender.missing"], ocr="off")
    assert [f.rule for f in report.findings] == ["BC401"] and read == []
