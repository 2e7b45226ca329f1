"""Pictures whose content is not all in their first frame or in their data (audit 16 B6, B7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_json
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
