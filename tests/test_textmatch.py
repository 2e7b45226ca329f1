"""Tolerant phrase matching: spacing, case, hyphenation, ligatures and bounded OCR noise."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brandcheck.textmatch import TextIndex, _myers_best_end, find, find_any, fold, ocr_errors

SENDER = "en del av Stockholms stad"


@pytest.mark.parametrize(
    "text",
    [
        "Bolaget AB – en del av Stockholms stad",
        "EN DEL AV STOCKHOLMS STAD",
        "en del av\nStockholms stad",
        "en del av Stock-\nholms stad",
        "en del av Stock\u00adholms stad",  # soft hyphen
        "en\u00a0del\u2009av\u202fStockholms\u2003stad",  # NBSP, thin, narrow NBSP, em space
        "en  del   av\tStockholms\r\nstad.",
        "ｅｎ ｄｅｌ ａｖ Ｓｔｏｃｋｈｏｌｍｓ ｓｔａｄ",  # full-width forms (NFKC)
    ],
)
def test_layer_variants_match_exactly(text: str) -> None:
    hit = find(SENDER, text)
    assert hit is not None and hit.errors == 0
    assert fold(text[hit.start : hit.end])[0] == fold(SENDER)[0]


def test_ligatures_match() -> None:
    assert find("Capital of Scandinavia", "The Capital of Scandinavia") is not None
    assert find("fliken finns", "ﬂiken ﬁnns här") is not None


def test_outdated_text_with_diacritics_lost_by_ocr() -> None:
    assert find("Ingår i koncernen Stockholms Stadshus", "Ingar i koncernen Stockholms Stadshus")


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        ("en de1 av Stockholms stad", 1),  # l -> 1
        ("en del av Stockho1ms stacl", 2),  # l -> 1, d -> cl: best is "...stac" (2 edits)
        ("en del av Stockholrns stad", 2),  # m -> rn
    ],
)
def test_ocr_noise_within_bound(text: str, errors: int) -> None:
    assert find(SENDER, text) is None
    hit = find(SENDER, text, ocr_errors(SENDER))
    assert hit is not None and hit.errors == errors
    assert hit.start == 0
    assert hit.end >= len(text) - 1


@pytest.mark.parametrize(
    "text",
    [
        "Bostadsbolaget AB är en del av Stockholms Stadshus AB-koncernen",
        "en del av Stockho1ms Stadshus",  # as OCR reads it
        "Vi är en del av Stockholms stadsdelar",
        "Hallen del av Stockholms stad",  # "en" inside a word
    ],
)
def test_the_phrase_must_stand_as_whole_words(text: str) -> None:
    assert find(SENDER, text, ocr_errors(SENDER)) is None
    assert find(SENDER, f"{text}. Bolaget, en del av Stockholms stad.") is not None


@pytest.mark.parametrize(
    "text",
    [
        "Bolaget är en del av Stockholms stads bolagskoncern",  # "stads": another word
        "Bolaget, en del av Stockholns stad",  # a typo is not the phrase
        "Bolaget, hen del av Stockholms stad",
        "Bolaget, endel av Stockholms stad",  # words run together
        "Bolaget, en del av Stockholmsstad",
        "Bolaget, en del av Stockholms\u00adstad",  # a soft hyphen is no space
    ],
)
def test_near_misses_in_a_text_layer_are_not_the_phrase(text: str) -> None:
    assert find_any([SENDER], text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Bolaget AB – en del av Stockholms stad",
        "en del av Stock-\nholms stad",
        "en del av Stock\u00adholms stad",
        "E N  D E L  A V  S T O C K H O L M S  S T A D",  # letter-spaced
        "EN\nDEL\nAV\nSTOCKHOLM S\nSTAD",  # glyph by glyph, as MuPDF groups it
        "en\u00a0del\u2009av\u202fStockholms\u2003stad",
        "A municipal company,\nCity of Stockholm",
    ],
)
def test_the_words_of_a_phrase_stand_apart_in_a_text_layer(text: str) -> None:
    hit = find_any([SENDER, "A municipal company, City of Stockholm"], text)
    assert hit is not None and hit.errors == 0


def test_ocr_slack_is_for_misread_letters_not_for_a_word_that_runs_on() -> None:
    assert find_any([SENDER], "en del av Stockholms stads bolag", ocr=True) is None
    hit = find_any([SENDER], "en del av Stockho1ms stadl", ocr=True)  # l -> 1, stray "l"
    assert hit is not None and hit.errors == 1


def _read(*words: tuple[str, bool]) -> tuple[str, tuple[bool, ...]]:
    """OCR text as the sender rule builds it from words, and which characters were sure."""
    text = "".join(f"{word} " for word, _ in words)
    return text, tuple(sure for word, sure in words for _ in range(len(word) + 1))


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ((("en", 1), ("del", 1), ("av", 1), ("Stockholms", 1), ("stad", 1)), True),
        ((("en", 1), ("del", 1), ("av", 1), ("Stockholm", 1), ("stad", 1)), False),  # a typo
        ((("en", 1), ("del", 1), ("av", 1), ("Stockholm", 0), ("stad", 1)), True),
        # "Stockholm" sure: its missing "s" is not lent by an unsure "stad"
        ((("en", 1), ("del", 1), ("av", 1), ("Stockholm", 1), ("stad", 0)), False),
        ((("en", 1), ("del", 1), ("av", 1), ("Stokholms", 1), ("stad", 1)), False),
        ((("en", 1), ("del", 1), ("av", 1), ("Stokholms", 0), ("stad", 1)), True),
        ((("on", 1), ("del", 1), ("av", 1), ("Stockholms", 1), ("stad", 1)), False),
        ((("on", 0), ("del", 1), ("av", 1), ("Stockholms", 1), ("stad", 1)), True),
        ((("en", 0), ("del", 0), ("Stockholms", 0), ("stad", 0)), False),  # a word missing
        ((("en", 1), ("del", 1), ("av", 1), ("Stock", 0), ("holms", 0), ("stad", 1)), True),
    ],
)
def test_ocr_edits_are_forgiven_only_where_ocr_was_unsure(words, found: bool) -> None:
    text, sure = _read(*((word, bool(flag)) for word, flag in words))
    assert (find_any([SENDER], text, ocr=True, sure=sure) is not None) == found
    assert find_any([SENDER], text, ocr=True) is not None  # without confidences: any edit


def test_a_glyph_without_unicode_stands_for_one_letter_of_a_long_phrase() -> None:
    hit = find_any([SENDER], "Bolaget, en del av Stockho\ufffdms stad.")
    assert hit is not None and hit.errors == 1
    assert find_any([SENDER], "en del av St\ufffdckho\ufffdms stad") is None  # two
    assert find_any(["stad"], "st\ufffdd") is None  # short phrases: exact only


def test_a_misread_phrase_is_found_beside_a_closer_one_inside_a_word() -> None:
    # the best approximate occurrence is "…Stockholms Stad|shus" (inside a word): the next one
    text = "Vi är en del av Stockholms Stadshus AB.\nBostadsbolaget – en del av Stockholms stacl"
    hit = find(SENDER, text, ocr_errors(SENDER))
    assert hit is not None and hit.start > text.index("\n")  # the second line's


def test_unrelated_text_does_not_match() -> None:
    text = "Stockholms stad har en del parker. Välkommen till oss!"
    assert find(SENDER, text, ocr_errors(SENDER)) is None
    assert find_any([SENDER, "A municipal company, City of Stockholm"], text, ocr=True) is None


def test_find_any_picks_the_english_alternative() -> None:
    hit = find_any(
        [SENDER, "A municipal company, City of Stockholm"],
        "Stockholm Harbours\nA municipal company,\nCity of Stockholm",
    )
    assert hit is not None and hit.phrase.startswith("A municipal")


def test_short_phrases_are_exact_only() -> None:
    assert ocr_errors("stad") == 0
    assert find("stad", "stat", ocr_errors("stad")) is None


def test_text_index_maps_a_match_to_boxes() -> None:
    index = TextIndex.build(
        [
            [("Bolaget AB ", (0, 0, 50, 10)), ("en del av", (50, 0, 90, 10))],
            [("Stockholms stad", (0, 12, 70, 22))],
            [("Other", (0, 40, 30, 50))],
        ]
    )
    hit = find(SENDER, index.text)
    assert hit is not None
    assert index.bbox(hit) == (0, 0, 90, 22)


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _best_substring_distance(pattern: str, text: str) -> int:
    return min(
        _edit_distance(pattern, text[i:j])
        for i in range(len(text) + 1)
        for j in range(i, len(text) + 1)
    )


@settings(max_examples=150, deadline=None)
@given(
    pattern=st.text(alphabet="abcd", min_size=1, max_size=9),
    text=st.text(alphabet="abcd", min_size=0, max_size=14),
)
def test_myers_agrees_with_brute_force(pattern: str, text: str) -> None:
    best = _best_substring_distance(pattern, text)
    hit = _myers_best_end(pattern, text, len(pattern))
    if not text:
        assert best == len(pattern)
        return
    assert hit is not None and hit[1] == best


def test_fold_keeps_an_index_into_the_original() -> None:
    skeleton, index = fold("Å ﬁ-B")
    assert skeleton == "afib"
    assert index == (0, 2, 2, 4)


@settings(max_examples=150, deadline=None)
@given(
    pattern=st.text(alphabet="abc", min_size=2, max_size=9),
    text=st.text(alphabet="abc", min_size=1, max_size=14),
    k=st.integers(min_value=0, max_value=3),
)
def test_find_agrees_with_brute_force_for_any_bound(pattern: str, text: str, k: int) -> None:
    found = find(pattern, text, k, whole_words=False)
    assert (found is not None) == (_best_substring_distance(pattern, text) <= k)
    if found is not None:
        assert _edit_distance(pattern, text[found.start : found.end]) == found.errors
