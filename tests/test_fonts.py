"""Font identity: PostScript/family names to (family, weight), matched against shipped profiles."""

from __future__ import annotations

import pytest

from brandcheck.fonts import (
    FontMatcher,
    identify,
    is_ocr_text_font,
    is_symbol_font,
    sets_words,
    strip_subset,
)
from brandcheck.profile import load_profile


@pytest.mark.parametrize(
    ("name", "family", "weight", "style"),
    [
        ("ABCDEF+ArialMT", "Arial", "Regular", "Normal"),
        ("Arial-BoldMT", "Arial", "Bold", "Normal"),
        ("Arial-BoldItalicMT", "Arial", "Bold", "Italic"),
        ("TimesNewRomanPSMT", "Times New Roman", "Regular", "Normal"),
        ("TimesNewRomanPS-BoldMT", "Times New Roman", "Bold", "Normal"),
        ("Times New Roman", "Times New Roman", "Regular", "Normal"),
        ("Times-Roman", "Times", "Regular", "Normal"),
        ("Verdana-Bold", "Verdana", "Bold", "Normal"),
        ("QWERTY+StockholmType-Bold", "Stockholm Type", "Bold", "Normal"),
        ("Stockholm Type Regular", "Stockholm Type", "Regular", "Normal"),
        ("StockholmTypeBold", "Stockholm Type", "Bold", "Normal"),
        ("Comic-Sans", "Comic Sans", "Regular", "Normal"),
        ("Calibri,Bold", "Calibri", "Bold", "Normal"),
        ("SegoeUI-Semibold", "Segoe UI", "SemiBold", "Normal"),
        ("NotoSans-ExtraBoldItalic", "Noto Sans", "ExtraBold", "Italic"),
        ("ArialNarrow-Bold", "Arial Narrow", "Bold", "Normal"),
        ("Times New Roman Negreta", "Times New Roman", "Bold", "Normal"),
        ("Arial,Kursiv", "Arial", "Regular", "Italic"),
        # names a designer knows whole, not split at their inner capitals
        ("ABCDEF+DejaVuSans", "DejaVu Sans", "Regular", "Normal"),
        ("DejaVuSerif-BoldItalic", "DejaVu Serif", "Bold", "Italic"),
        ("TeXGyreHeros-Regular", "TeX Gyre Heros", "Regular", "Normal"),
        # TeX's short names: one family for every optical size of it
        ("LAHNRC+CMR10", "Computer Modern", "Regular", "Normal"),
        ("CMR6", "Computer Modern", "Regular", "Normal"),
        ("JUQVGY+CMBX12", "Computer Modern", "Bold", "Normal"),
        ("CMTI10", "Computer Modern", "Regular", "Italic"),
        ("CMSS10", "Computer Modern Sans", "Regular", "Normal"),
        ("SFRM1000", "Computer Modern", "Regular", "Normal"),
        ("LMRoman10-Regular", "Latin Modern", "Regular", "Normal"),
        ("LMRomanSlant12-Bold", "Latin Modern", "Bold", "Italic"),
        ("LMSans10-Oblique", "Latin Modern Sans", "Regular", "Italic"),
    ],
)
def test_identify(name: str, family: str, weight: str, style: str) -> None:
    font = identify(name)
    assert (font.family, font.weight, font.style) == (family, weight, style)


def test_strip_subset_only_strips_six_capitals_and_plus() -> None:
    assert strip_subset("ABCDEF+ArialMT") == "ArialMT"
    assert strip_subset("ABCDE+ArialMT") == "ABCDE+ArialMT"
    assert strip_subset("abcdef+ArialMT") == "abcdef+ArialMT"


@pytest.mark.parametrize(
    ("name", "family", "allowed"),
    [
        ("ArialMT", "Arial", True),
        ("BAAAAA+Arial-BoldMT", "Arial", True),
        ("TimesNewRomanPSMT", "Times New Roman", True),
        ("Times-Bold", "Times New Roman", True),  # profile alias Times -> Times New Roman
        ("Verdana-Bold", "Verdana", True),
        ("StockholmType-Bold", "Stockholm Type", True),
        ("Stockholm Type Regular", "Stockholm Type", True),
        ("StockholmType-Light", "Stockholm Type", False),  # weight not in the profile
        ("StockholmTypeOffice-Bold", "Stockholm Type", True),  # an edition of the typeface
        ("StockholmTypeLightOffice", "Stockholm Type", False),  # its weight before the edition
        ("VerdanaPro-Bold", "Verdana", True),
        ("ArialNarrow-Bold", "Arial Narrow", False),
        ("Comic-Sans", "Comic Sans", False),
        ("Helvetica", "Helvetica", False),
    ],
)
def test_matcher_against_stockholm(name: str, family: str, allowed: bool) -> None:
    verdict = FontMatcher(load_profile("stockholm").fonts).judge(name)
    assert verdict.family == family
    assert verdict.allowed is allowed
    assert verdict.forbidden is False


def test_bolag_forbids_stockholm_type_only() -> None:
    matcher = FontMatcher(load_profile("stockholm-bolag").fonts)
    assert matcher.judge("ABCDEF+StockholmType-Bold").forbidden
    assert matcher.judge("Stockholm-Type-Regular").forbidden
    assert matcher.judge("ABCDEF+StockholmTypeWeb-Bold").forbidden  # a variant of the family
    assert not matcher.judge("ArialMT").forbidden
    assert not matcher.judge("Stockholmia-Bold").forbidden
    assert not matcher.judge("StockholmTypewriter-Regular").forbidden  # another typeface


def test_profile_aliases_extend_matching() -> None:
    profile = load_profile("stockholm")
    fonts = profile.fonts.model_copy(update={"aliases": {"LiberationSans": "Arial"}})
    assert not FontMatcher(profile.fonts).judge("LiberationSans-Bold").allowed
    verdict = FontMatcher(fonts).judge("LiberationSans-Bold")
    assert verdict.allowed and verdict.family == "Arial"


def test_ocr_text_layer_font_is_recognised() -> None:
    assert is_ocr_text_font("GlyphLessFont")
    assert is_ocr_text_font("ABCDEF+GlyphLessFont")
    assert not is_ocr_text_font("ArialMT")


@pytest.mark.parametrize(
    ("name", "symbol"),
    [
        ("Symbol", True),
        ("ABCDEF+Wingdings-Regular", True),
        ("Wingdings3", True),
        ("ZapfDingbats", True),
        ("EuropeanPi-Three", True),
        ("SegoeUISymbol", True),
        ("MT Extra", True),
        ("ArialMT", False),
        ("SegoeUI", False),
    ],
)
def test_symbol_fonts_are_known_by_name(name: str, symbol: bool) -> None:
    assert is_symbol_font(name) is symbol


@pytest.mark.parametrize(
    ("text", "symbol_font", "words"),
    [
        ("•", False, False),
        ("\uf0b7", False, False),  # Word's private-use bullet
        ("✓ → ★", False, False),
        ("A", False, True),  # a letter in a font that is no symbol font
        ("ü", True, False),  # Wingdings' check mark
        ("α + β", True, False),
        ("Viktigt", True, True),
    ],
)
def test_words_and_signs(text: str, symbol_font: bool, words: bool) -> None:
    assert sets_words(text, symbol_font) is words
