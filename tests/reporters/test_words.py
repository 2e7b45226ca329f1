"""The shared wording of values, pages and counts (``reporters.words``)."""

from __future__ import annotations

import pytest

from brandcheck.reporters import words


@pytest.mark.parametrize(
    ("indices", "text"),
    [
        ([0], "page 1"),
        ([0, 1], "pages 1, 2"),
        ([0, 1, 2], "pages 1–3"),
        ([4, 0, 1, 2], "pages 1–3, 5"),
        ([], ""),
    ],
)
def test_pages_are_counted_as_people_count_them(indices: list[int], text: str) -> None:
    assert words.pages(indices) == text


def test_counts_agree_with_their_nouns() -> None:
    assert words.plural(1, "file") == "1 file" and words.plural(2, "file") == "2 files"
    assert words.severity_counts({"warning": 2, "info": 3, "error": 1}) == (
        "1 error, 2 warnings, 3 info"
    )
    assert words.severity_counts({"warning": 1, "error": 0}) == "1 warning"


@pytest.mark.parametrize(
    ("raw", "unit", "text"),
    [
        (24.7, "mm", "24.7 mm"),
        (5.0, "pt", "5 pt"),
        (0.93412, "", "0.9341"),
        (12345.6, "px", "12346 px"),
        (["DeviceCMYK", "Separation"], "", "DeviceCMYK, Separation"),
        (["text 'Höstlov\xa0på'", "a graphic"], "", "text 'Höstlov på', a graphic"),
        ({"x": 0.5, "y": 0.12}, "", "x 0.5, y 0.12"),
        ("<= 0.35", "", "at most 0.35"),
        (True, "", "yes"),
        (None, "mm", ""),
    ],
)
def test_values_are_words_and_numbers_with_units(raw: object, unit: str, text: str) -> None:
    assert words.value(raw, unit) == text
