"""Pictures whose content is not all in their first frame or in their data (audit 16 B6, B7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, check_json, run_cli
from picture_bombs import png as png_bytes
from PIL import Image

WHITE, MAGENTA, GREEN = (255, 255, 255), (255, 0, 255), (0, 255, 0)


@pytest.mark.parametrize(
    ("name", "save"),
    [
        ("animated.gif", {}),
        ("animated.webp", {"lossless": True}),
        ("animated_apng.png", {}),
    ],
)
def test_every_frame_of_an_animation_is_judged_as_a_page(tmp_path: Path, name: str, save):
    """B7: only the first (white) frame was looked at, so the off-palette frames passed."""
    frames = [Image.new("RGB", (200, 100), c) for c in (WHITE, MAGENTA, GREEN)]
    path = tmp_path / name
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=500, **save)
    f = check_json(path, extra=("--select", "colour", "--target", "digital")).report["files"][0]
    assert f["page_count"] == 3 and [p["index"] for p in f["pages"]] == [0, 1, 2]
    off = [x for x in f["findings"] if x["rule"] == "BC201"]
    assert f["status"] == "fail" and off, f["findings"]
    assert {p for x in off for p in x.get("pages") or [x["page"]]} == {1, 2}


def test_frames_past_the_limit_are_reported_as_not_checked(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (40, 30), (i, i, i)) for i in range(0, 240, 2)]  # 120 frames
    path = tmp_path / "long.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=40)
    f = check_json(path, extra=("--select", "colour")).report["files"][0]
    assert f["page_count"] == 100
    skipped = [x for x in f["findings"] if x["rule"] == "BC910" and "frames" in x["details"]]
    assert len(skipped) == 1 and skipped[0]["details"]["frames"] == 120, f["findings"]
    assert "frames 101-120 of this animation (20 of its 120 frames)" in skipped[0]["message"]


def short_png(rows: int = 30, colour: tuple[int, int, int] = (200, 0, 0)) -> bytes:
    """A 400×300 PNG whose zlib stream ends, cleanly, after `rows` rows (then IEND)."""
    return png_bytes(400, 300, (b"\0" + bytes(colour) * 400) * rows)


def sof_lies_jpeg() -> bytes:
    """A 400×300 JPEG (white, a red block) whose SOF claims 3000×3000: decoders fill the rest."""
    import io
    import struct

    from PIL import ImageDraw

    img = Image.new("RGB", (400, 300), WHITE)
    ImageDraw.Draw(img).rectangle((200, 200, 390, 290), fill=(200, 0, 0))
    buf = io.BytesIO()
    img.save(buf, "JPEG")
    data = bytearray(buf.getvalue())
    sof = data.find(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", 3000, 3000)
    return bytes(data)


def test_pictures_whose_data_end_early_get_the_damage_notice(tmp_path: Path) -> None:
    """B6: Pillow filled the missing rows (black, or grey for the JPEG) without a word."""
    png, jpeg = tmp_path / "short.png", tmp_path / "lies.jpg"
    png.write_bytes(short_png())
    jpeg.write_bytes(sof_lies_jpeg())
    whole = tmp_path / "whole.png"
    whole.write_bytes(short_png(rows=300))
    run = check_json(png, jpeg, whole, extra=("--select", "colour,file"))
    out = {Path(p).name: f for p, f in run.outcomes().items()}
    for name, words in (("short.png", "30 of its 300 rows"), ("lies.jpg", "3000×3000 pixels")):
        damage = [x for x in out[name]["findings"] if x["rule"] == "BC904"]
        assert len(damage) == 1 and words in damage[0]["message"], out[name]["findings"]
        assert out[name]["status"] in ("pass", "fail")  # checked, as a damaged PDF is
    assert "BC904" not in {x["rule"] for x in out["whole.png"]["findings"]}


def cut_pdf() -> bytes:
    """A sample poster cut short (97 % of it, no %%EOF): MuPDF repairs it, BC904."""
    whole = (REPO / "samples" / "stad" / "compliant-poster.pdf").read_bytes()
    return whole[: len(whole) * 97 // 100]


@pytest.mark.parametrize("select", ["colour,file", "colour"])
def test_watch_never_passes_a_file_cut_short(tmp_path: Path, select: str) -> None:
    """A white picture whose data end early passes its checks; like a PDF cut short, it goes to
    the fail folder though it ends with its end marker (IEND). A selection that does not name
    the file rules (``--select colour``) dropped BC904, and both went to the pass folder."""
    hot, ok, bad = tmp_path / "hot", tmp_path / "pass", tmp_path / "fail"
    hot.mkdir()
    (hot / "cut.png").write_bytes(short_png(rows=150, colour=WHITE))
    (hot / "whole.png").write_bytes(short_png(rows=300, colour=WHITE))
    (hot / "cut.pdf").write_bytes(cut_pdf())
    args = ("watch", hot, "--pass-dir", ok, "--fail-dir", bad, "--once", "--jobs", "0")
    run = run_cli(*args, "--select", select, "--target", "digital", "--ocr", "off")
    assert (ok / "whole.png").exists(), run.stderr  # the same picture whole passes
    for name in ("cut.png", "cut.pdf"):
        assert (bad / name).exists() and not (ok / name).exists(), (name, run.stderr)


def _damage_files(tmp_path: Path) -> list[Path]:
    files = {"short.png": short_png(), "lies.jpg": sof_lies_jpeg(), "cut.pdf": cut_pdf()}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return [tmp_path / name for name in files]


def test_damage_is_reported_whatever_rules_are_selected(tmp_path: Path) -> None:
    """BC904 says the file was not read whole: a selection of other rules (the CLI's, the
    API's) keeps it; only an ignore that names it drops it."""
    from brandcheck import api
    from brandcheck.rule_settings import RuleSettings

    paths = _damage_files(tmp_path)
    out = check_json(*paths, extra=("--select", "colour")).outcomes()
    for path in paths:
        rules = {x["rule"] for x in out[str(path)]["findings"]}
        assert "BC904" in rules, (path.name, out[str(path)]["findings"])
    for select, ignore, kept in ((["colour"], [], True), (["colour"], ["BC904"], False)):
        rules = RuleSettings.build(select=select, ignore=ignore)
        report = api.check_paths(paths, options=api.RunOptions(ocr="off", rules=rules))
        for f in report.files:
            assert ("BC904" in {x.rule for x in f.findings}) is kept, (f.path, select, ignore)
    out = check_json(*paths, extra=("--select", "colour", "--ignore", "file.repaired"))
    for f in out.report["files"]:
        assert "BC904" not in {x["rule"] for x in f["findings"]}, f["path"]


@pytest.mark.parametrize("grade", [None, "file.repaired=info"])
def test_check_never_passes_a_file_cut_short(tmp_path: Path, grade: str | None) -> None:
    """A file read only in part fails ``check`` as it fails ``watch``, however BC904 is graded:
    a white picture whose data end early and a PDF cut short both passed their other checks,
    and ``check`` said pass (exit 0) over a warning. A PDF the reader repaired without loss
    (a line inserted after its header) keeps its warning and its pass."""
    (tmp_path / "cut.png").write_bytes(short_png(rows=150, colour=WHITE))
    (tmp_path / "whole.png").write_bytes(short_png(rows=300, colour=WHITE))
    (tmp_path / "cut.pdf").write_bytes(cut_pdf())
    whole = (REPO / "samples" / "stad" / "compliant-poster.pdf").read_bytes()
    header, rest = whole.split(b"\n", 1)
    (tmp_path / "shifted.pdf").write_bytes(header + b"\n% inserted by a gateway\n" + rest)
    (tmp_path / "padded.pdf").write_bytes(whole + b"\0" * (2 << 20))  # padding: still whole
    # junk after %%EOF read back in 1 MB blocks, one starting inside a word: not a "trailer"
    junk = b"Movie" + b"trailer" + b"\0" * ((1 << 20) - 7)
    (tmp_path / "junk.pdf").write_bytes(whole + b"\0" * 100 + junk)
    extra = ("--target", "digital", "--select", "colour", *(("--severity", grade) if grade else ()))
    run = check_json(tmp_path, extra=extra)
    out = {Path(p).name: f for p, f in run.outcomes().items()}
    status = {name: f["status"] for name, f in out.items()}
    assert status == {
        "cut.png": "fail",
        "cut.pdf": "fail",
        "whole.png": "pass",
        "shifted.pdf": "pass",
        "padded.pdf": "pass",
        "junk.pdf": "pass",
    }
    assert run.returncode == 1, run.stderr
    for name in ("shifted.pdf", "padded.pdf"):  # repaired, nothing lost: the warning stays
        assert "BC904" in {x["rule"] for x in out[name]["findings"]}, out[name]["findings"]
    for name in ("cut.png", "cut.pdf"):  # why it fails, at the level that fails
        damage = [x for x in out[name]["findings"] if x["rule"] == "BC904"]
        assert {x["severity"] for x in damage} == {"error"}, damage
        assert sum("It cannot pass: the file is cut short" in x["message"] for x in damage) == 1


def test_every_report_says_why_a_file_cut_short_fails(tmp_path: Path) -> None:
    """JUnit counted failures by grade: a file cut short, BC904 graded info, had status fail
    and no <failure>, so a CI test tab showed green over a red job."""
    import xml.etree.ElementTree as ET

    from conftest import run_cli

    (tmp_path / "cut.png").write_bytes(short_png(rows=150, colour=WHITE))
    (tmp_path / "cut.pdf").write_bytes(cut_pdf())
    args = ("check", tmp_path, "--ocr", "off", "--select", "colour", "--target", "digital")
    run = run_cli(*args, "--severity", "file.repaired=info", "--format", "junit", "--output", "-")
    assert run.returncode == 1, run.stderr
    for suite in ET.fromstring(run.stdout).iter("testsuite"):
        status = {p.get("name"): p.get("value") for p in suite.iter("property")}["status"]
        assert status == "fail" and int(suite.get("failures", "0")) >= 1, ET.tostring(suite)


@pytest.mark.parametrize("orientation", [None, 6])
def test_an_animated_png_is_walked_for_late_metadata_once_not_once_a_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, orientation: int | None
) -> None:
    """Whether a PNG keeps EXIF after its pixel data was walked from its first chunk to its
    last for each judged frame: a 100-frame APNG took 15 times as long to open. Its frames
    are still shown turned as its EXIF says."""
    from brandcheck.document import Limits, image, open_document

    walks = []
    walk = image.png_metadata_after_data
    monkeypatch.setattr(image, "png_metadata_after_data", lambda p: walks.append(p) or walk(p))
    frames = [Image.new("RGB", (40, 30), (i, 0, 0)) for i in range(0, 200, 2)]  # 100 frames
    path = tmp_path / "many.png"
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=40, exif=exif)
    with open_document(path, limits=Limits()) as doc:
        assert doc.page_count == 100
        sizes = {(doc.page(i).width, doc.page(i).height) for i in (0, 50, 99)}
    assert sizes == ({(30.0, 40.0)} if orientation else {(40.0, 30.0)})
    assert len(walks) <= 1, f"{len(walks)} walks of the file's chunks"
