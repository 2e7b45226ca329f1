"""Font identity: PDF/PostScript font names to family, weight and style, matched to a profile."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from brandcheck.tex_fonts import tex_family

if TYPE_CHECKING:
    from collections.abc import Iterable

    from brandcheck.document.model import FontInfo
    from brandcheck.profile import FontRules

_SUBSET = re.compile(r"^[A-Z]{6}\+")
# Names whose capitals inside are no word breaks: DejaVuSans is DejaVu Sans, not Deja Vu Sans.
_WHOLE_WORDS = ("DejaVu", "TeX", "LaTeX", "MathJax", "JetBrains", "OpenDyslexic")
_CAMEL = re.compile(
    "|".join(rf"{w}(?![a-z])" for w in _WHOLE_WORDS)
    + r"|[A-Z]+(?=[A-Z][a-z]|\d|\b)|[A-Z]?[a-z]+|[A-Z]+|\d+"
)

# Canonical weight for each token (lower case) that names a weight in font names.
_WEIGHTS: dict[str, str] = {
    "thin": "Thin",
    "hairline": "Thin",
    "extralight": "ExtraLight",
    "ultralight": "ExtraLight",
    "light": "Light",
    "book": "Regular",
    "regular": "Regular",
    "roman": "Regular",
    "normal": "Regular",
    "plain": "Regular",
    "medium": "Medium",
    "semibold": "SemiBold",
    "demibold": "SemiBold",
    "demi": "SemiBold",
    "bold": "Bold",
    "extrabold": "ExtraBold",
    "ultrabold": "ExtraBold",
    "heavy": "Black",
    "black": "Black",
    # Localised style names some Office installations write into PDFs.
    "fet": "Bold",
    "halvfet": "SemiBold",
    "fett": "Bold",
    "negreta": "Bold",
    "negrita": "Bold",
    "gras": "Bold",
    "grassetto": "Bold",
}
_STYLES = {
    "italic": "Italic",
    "oblique": "Italic",
    "it": "Italic",
    "slanted": "Italic",
    "slant": "Italic",
    "kursiv": "Italic",
    "cursiva": "Italic",
    "corsivo": "Italic",
    "italique": "Italic",
}
# Two-token weights as they appear after CamelCase splitting ("SemiBold" -> "semi", "bold").
_PREFIXES = {"semi": "semi", "demi": "demi", "extra": "extra", "ultra": "ultra"}
# Foundry suffixes that are not part of the family: ArialMT, TimesNewRomanPSMT, Arial-BoldMT.
_VENDOR = {"mt", "psmt", "ps"}
BOLD_WEIGHTS = frozenset({"SemiBold", "Bold", "ExtraBold", "Black"})
OCR_TEXT_FONTS = frozenset({"glyphlessfont"})
"""Invisible text-layer fonts written by OCR tools (Tesseract, OCRmyPDF): not typography."""
SYMBOL_FONTS = (
    "symbol",  # Symbol, SymbolMT, Symbola, Symbol Neu
    "standardsymbols",
    "zapfdingbats",
    "itczapfdingbats",
    "dingbats",
    "wingdings",  # Wingdings, Wingdings 2, Wingdings 3
    "webdings",
    "mtextra",
    "marlett",
    "opensymbol",
    "segoeuisymbol",
    "segoemdl2assets",
    "segoefluenticons",
    "europeanpi",
    "universalpi",
    "mathematicalpi",
    "monotypesorts",
    "bookshelfsymbol",
    "msreferencespecialty",
    "msoutlook",
)
"""Comparison-key prefixes of symbol, dingbat and pi fonts: their glyphs are bullets, check
marks, arrows and signs (a letter in their text may be a picture: Wingdings' 'ü' is a check
mark)."""
BASE14_SYMBOL_FONTS = frozenset({"symbol", "zapfdingbats", "dingbats"})
"""The symbol fonts of the PDF base 14, which every viewer and printer has."""
_WORD = re.compile(r"[^\W_]{2,}")  # two letters or digits in a row


def key(name: str) -> str:
    """A comparison key: NFKC, case-folded, letters and digits only ('Stockholm Type' ->
    'stockholmtype')."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def strip_subset(name: str) -> str:
    """Drop a PDF subset tag: 'ABCDEF+ArialMT' -> 'ArialMT'."""
    return _SUBSET.sub("", name.strip())


@dataclass(frozen=True)
class FontId:
    """What a font name says: family, weight and style."""

    name: str
    family: str
    weight: str = "Regular"
    style: str = "Normal"

    @property
    def family_key(self) -> str:
        return key(self.family)

    @property
    def bold(self) -> bool:
        return self.weight in BOLD_WEIGHTS

    @property
    def label(self) -> str:
        style = "" if self.style == "Normal" else f" {self.style}"
        return f"{self.family} {self.weight}{style}"


def _tokens(text: str) -> list[str]:
    """Split on separators and CamelCase: 'TimesNewRomanPSMT' -> Times New Roman PSMT."""
    out: list[str] = []
    for chunk in re.split(r"[\s_\-,.]+", text):
        if not chunk:
            continue
        out.extend(_CAMEL.findall(chunk) or [chunk])
    return out


def _join_weights(tokens: list[str]) -> list[str]:
    """Fuse 'Semi' 'Bold' into 'SemiBold' so it reads as one weight token."""
    out: list[str] = []
    for tok in tokens:
        if out and out[-1].lower() in _PREFIXES and (out[-1] + tok).lower() in _WEIGHTS:
            out[-1] = out[-1] + tok
        else:
            out.append(tok)
    return out


def _is_style_token(tok: str) -> bool:
    low = tok.lower()
    return low in _WEIGHTS or low in _STYLES or low in _VENDOR


@lru_cache(maxsize=1024)
def identify(name: str) -> FontId:
    """Normalise a PDF/PostScript/full font name to family, weight and style.

    'ABCDEF+Arial-BoldMT' -> Arial Bold, 'TimesNewRomanPSMT' -> Times New Roman Regular,
    'StockholmType-Bold' and 'Stockholm Type Bold' -> Stockholm Type Bold, 'Arial,BoldItalic' ->
    Arial Bold Italic, 'DejaVuSans' -> DejaVu Sans, and TeX's short names by their family
    ('CMBX12' -> Computer Modern Bold, see ``tex_fonts``). A PostScript 'Family-Style' suffix is
    used when it holds only weight, style and vendor words; otherwise weight words are peeled off
    the end of the name ('Roman' only after a '-', so 'Times New Roman' keeps its family).
    """
    bare = strip_subset(name)
    tex = tex_family(bare)
    if tex is not None:
        family, style_tokens = tex[0], _join_weights(_tokens(tex[1]))
    else:
        family, style_tokens = _family_and_style(bare)
    weight, style = "Regular", "Normal"
    for tok in style_tokens:
        low = tok.lower()
        if low in _WEIGHTS and weight == "Regular":
            weight = _WEIGHTS[low]
        elif low in _STYLES:
            style = _STYLES[low]
    return FontId(name=bare, family=family, weight=weight, style=style)


def _family_and_style(bare: str) -> tuple[str, list[str]]:
    """A font name split into its family and the weight, style and vendor words after it."""
    family_part, style_tokens = bare, []
    head, sep, tail = max(bare.rpartition("-"), bare.rpartition(","), key=lambda t: len(t[0]))
    if sep and head.strip():
        tail_tokens = _join_weights(_tokens(tail))
        if tail_tokens and all(_is_style_token(t) for t in tail_tokens):
            family_part, style_tokens = head, tail_tokens
    tokens = _join_weights(_tokens(family_part))
    while len(tokens) > 1 and _is_style_token(tokens[-1]) and tokens[-1].lower() != "roman":
        style_tokens.insert(0, tokens.pop())
    return (" ".join(tokens) if tokens else bare), style_tokens


# Words after a typeface's name that name an edition or cut of the same typeface, not another
# one: 'Stockholm Type Office', 'Stockholm Type Web', 'Verdana Pro', 'Arial Std', 'Times New
# Roman PS', and its weights and styles (widths such as Narrow or Condensed are designs of their
# own: Arial Narrow is not Arial). Matched in a name run together, so no word of two letters
# but the foundry's MT and PS: 'Arialit' is no Arial Italic.
_EDITIONS = ("office", "web", "display", "text", "std", "pro", *_VENDOR)
_VARIANT_WORD = re.compile(
    "|".join(sorted({*_EDITIONS, *_WEIGHTS, *_STYLES} - {"it"}, key=len, reverse=True))
)
_VARIANT = re.compile(f"(?:{_VARIANT_WORD.pattern})*")


def _word_keys(name: str) -> list[str]:
    """A name's words as comparison keys: 'StockholmType Condensed' -> stockholm, type,
    condensed."""
    return [k for k in map(key, _tokens(name)) if k]


@dataclass(frozen=True)
class Verdict:
    """How a font stands against the profile."""

    font: FontId
    family: str
    allowed: bool
    forbidden: bool
    weight_allowed: bool = True


class FontMatcher:
    """Match font names to the profile's allowed and forbidden families, using its aliases."""

    def __init__(self, rules: FontRules) -> None:
        self._canonical: dict[str, str] = {}
        self._weights: dict[str, set[str]] = {}
        for fam in rules.allowed:
            self._canonical[key(fam.family)] = fam.family
            self._weights[key(fam.family)] = {w.casefold() for w in fam.weights}
        self._forbidden = {key(f) for f in rules.forbidden}
        # a reserved typeface's every cut, its widths too: 'Stockholm Type Condensed' (its
        # words, so 'Stockholm Typewriter' is another typeface)
        self._forbidden_words = [_word_keys(f) for f in rules.forbidden]
        for f in rules.forbidden:
            self._canonical.setdefault(key(f), f)
        self._aliases = {key(a): target for a, target in rules.aliases.items()}
        # the longest first, so a name is read by the most of it a profile family covers
        self._known = sorted({*self._aliases, *self._canonical}, key=len, reverse=True)

    def _profile_family(self, font: FontId) -> tuple[str, str]:
        """The profile's name for the font's family and the words after it: by the full name or
        the family (via aliases), else by the longest profile family or alias the family's
        name starts with, followed only by edition, weight and style words ('Stockholm Type
        Office' is Stockholm Type, 'Verdana Pro' is Verdana; 'Stockholm Typewriter', 'Arialic'
        and 'Arial Narrow' are no profile typeface). Allowed and reserved families are matched
        alike. Without a match: the identified family, and no words."""
        for candidate in (key(font.name), font.family_key):
            if candidate in self._aliases or candidate in self._canonical:
                return self._canonical_of(candidate), ""
        fkey = font.family_key
        for known in self._known:
            rest = fkey[len(known) :]
            if fkey.startswith(known) and _VARIANT.fullmatch(rest):
                return self._canonical_of(known), rest
        return font.family, ""

    def _reserved_cut(self, font: FontId) -> bool:
        """True if the font's family begins with a reserved family's words."""
        words = _word_keys(font.family)
        return any(w and words[: len(w)] == w for w in self._forbidden_words)

    def _canonical_of(self, known: str) -> str:
        """The profile's name of a family key or alias key it knows."""
        if known in self._aliases:
            return self._canonical.get(key(self._aliases[known]), self._aliases[known])
        return self._canonical[known]

    def judge(self, name: str) -> Verdict:
        """Identify a font name and say whether the profile allows or forbids it."""
        font = identify(name)
        family, variant = self._profile_family(font)
        if variant and font.weight == "Regular":  # 'StockholmTypeBoldOffice': its weight
            words = _VARIANT_WORD.findall(variant)
            font = replace(
                font, weight=next((_WEIGHTS[w] for w in words if w in _WEIGHTS), "Regular")
            )
        fkey = key(family)
        allowed = fkey in self._weights
        weights = self._weights.get(fkey, set())
        weight_ok = not weights or font.weight.casefold() in weights
        return Verdict(
            font=font,
            family=family,
            allowed=allowed and weight_ok,
            # its variants too, by the same match: 'StockholmTypeWeb-Bold', 'Stockholm Type Text'
            forbidden=fkey in self._forbidden or self._reserved_cut(font),
            weight_allowed=weight_ok,
        )


def is_ocr_text_font(name: str) -> bool:
    """True for the invisible font OCR tools use for a searchable text layer."""
    return key(strip_subset(name)) in OCR_TEXT_FONTS


_TYPE3_TEXT = re.compile(r"Type3 \((\d+) \d+ R\)")  # MuPDF's name for a Type 3 font's text
MUPDF_NAME_BYTES = 31
"""MuPDF keeps a font's name in 32 bytes: longer names reach its text cut to 31."""


def mupdf_name(name: str) -> str:
    """The name MuPDF's text gives a font resource named ``name``: cut to 31 bytes, then the
    subset tag dropped ('ABCDEF+TimesNewRomanPS-BoldItalicMT' -> 'TimesNewRomanPS-BoldItal')."""
    cut = name.encode()[:MUPDF_NAME_BYTES].decode(errors="ignore")
    return cut[7:] if cut.find("+") == 6 else cut


def resources_named(span_font: str, fonts: Iterable[FontInfo]) -> list[tuple[FontInfo, str]]:
    """The page's font resources whose text MuPDF names ``span_font``, each with the full name
    it goes by there (its descendant's or descriptor's name, which MuPDF uses, else its
    /BaseFont): a span's font name may be cut short, and a Type 0 font's text is named by its
    descendant ('Verdana', not 'Verdana-Identity-H'), and a Type 3 font without a /Name by its
    object number ('Type3 (8 0 R)')."""
    if by_xref := _TYPE3_TEXT.fullmatch(span_font):  # a Type 3 font with no /Name
        xref = int(by_xref[1])
        named = (info for info in fonts if info.xref == xref)
        return [(info, next((n for n in (*info.names, info.name) if n), "")) for info in named]
    found = []
    for info in fonts:
        for name in (*info.names, info.name):
            if span_font in (name, strip_subset(name), mupdf_name(name)):
                found.append((info, name))
                break
    return found


def is_symbol_font(name: str) -> bool:
    """True for a symbol, dingbat or pi font ('Symbol', 'ABCDEF+Wingdings-Regular',
    'EuropeanPi-Three')."""
    return key(strip_subset(name)).startswith(SYMBOL_FONTS)


def is_base14_symbol_font(name: str) -> bool:
    """True for the base-14 Symbol and ZapfDingbats, which need not be embedded."""
    return key(strip_subset(name)) in BASE14_SYMBOL_FONTS


def sets_words(text: str, symbol_font: bool) -> bool:
    """Whether ``text`` holds words rather than signs: any letter or digit, or in a symbol
    font two in a row (a single one there is a sign: Wingdings' check mark 'ü', Symbol's
    'α' in a formula). Bullets, check marks, arrows and the private-use characters Word
    writes for symbol fonts (U+F0xx) are not words."""
    if symbol_font:
        return _WORD.search(text) is not None
    return any(map(str.isalnum, text))


NAMELESS = "font without a name"
"""The family given a font the PDF names nowhere (see ``is_nameless``)."""


def is_nameless(name: str) -> bool:
    """True for a font name that names nothing: a font resource without /BaseFont or
    /FontName, or MuPDF's stand-in for a font the page's resources do not hold (as when a
    repair lost them), whose text MuPDF names ''."""
    return not key(strip_subset(name))


UNNAMED_TYPE3 = "unnamed Type 3 font"
"""The family given a Type 3 font that has no name of its own (see ``is_unnamed_type3``)."""
# Names programs make up for Type 3 fonts: pdfLaTeX's resource names (its bitmap fonts have no
# /BaseFont, so MuPDF names them by /Name /F36), dvips' Fa, Fb, ..., MuPDF's own 'Unnamed-T3'.
_MADE_UP_TYPE3 = re.compile(r"|F\d+|F[a-z]{1,2}|T3Font_?\d+|Type3(?:Font)?_?\d*|Unnamed-T3")


def is_unnamed_type3(info: FontInfo) -> bool:
    """True for a Type 3 font without a typeface name: no /BaseFont or /FontName, or only one a
    program made up ('F36'), as pdfLaTeX writes TeX's bitmap fonts. Its glyphs are pictures
    drawn by the PDF, and nothing in the file says what typeface they show."""
    if info.font_type.lower() != "type3":
        return False
    return all(_MADE_UP_TYPE3.fullmatch(strip_subset(n)) for n in (info.name, *info.names))


def has_type3(fonts: Iterable[FontInfo]) -> bool:
    """True if any of a page's fonts is a Type 3 font: glyphs drawn by content streams, with
    their own matrix, so they may be artwork and their text may be stretched."""
    return any(f.font_type.lower() == "type3" for f in fonts)


_TYPE1_NAME = re.compile(rb"/FontName\s*/([^\s/\[\]{}()<>%]+)")


def program_name(content: bytes, ext: str) -> str | None:
    """The name an embedded font program gives itself (PostScript name, else full or family
    name), for PDFs whose font resources are named by the printer driver ('CIDFont+F1');
    None when the program holds none or cannot be read."""
    try:
        if ext == "cff":
            from fontTools.cffLib import CFFFontSet

            cff = CFFFontSet()
            cff.decompile(io.BytesIO(content), None)
            return str(cff.fontNames[0]) if cff.fontNames else None
        if ext in ("ttf", "otf"):
            from fontTools.ttLib import TTFont

            with TTFont(io.BytesIO(content), lazy=True, fontNumber=0) as font:
                names = [font["name"].getDebugName(i) for i in (6, 4, 1)]
                return next((n for n in names if n), None)
        if ext in ("pfa", "pfb"):
            match = _TYPE1_NAME.search(content[:65536])
            return match[1].decode("latin-1") if match else None
    except Exception:  # a damaged or unusual program: the resource's own name stands
        return None
    return None
