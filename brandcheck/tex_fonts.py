"""TeX's short font names (CMR10, SFBX1200, LMRoman10-Bold) as the families designers know."""

from __future__ import annotations

import re

# Computer Modern faces by the stem of their names: Knuth's CM as the AMS Type 1 fonts name them
# (CMR10, CMBX12; CMMI, CMSY and CMEX set formulas, CMCSC small capitals, CMU unslanted italic),
# the EC fonts (T1 encoding) as CM-Super names them (SFRM1000) and by their own names (ECRM1000).
# The digits after a stem are the optical size (CMR6, CMR10; SFRM1000 is 10.00 pt): one face.
_FAMILIES: dict[str, dict[str, str]] = {
    "Computer Modern": {
        "Regular": "CMR CMCSC CMSY CMEX ECRM SFRM SFCC",
        "Bold": "CMB CMBX CMBSY ECBX SFBX SFRB SFXC",
        "Italic": "CMTI CMSL CMU CMMI ECTI ECSL SFTI SFSL",
        "Bold Italic": "CMBXTI CMBXSL CMMIB SFBI SFBL",
    },
    "Computer Modern Sans": {
        "Regular": "CMSS CMSSQ ECSS SFSS",
        "Bold": "CMSSBX SFSX",
        "SemiBold": "CMSSDC",
        "Italic": "CMSSI CMSSQI SFSI",
    },
    "Computer Modern Typewriter": {
        "Regular": "CMTT CMTCSC ECTT SFTT",
        "Italic": "CMITT CMSLTT SFIT SFST",
    },
    "AMS Symbols": {"Regular": "MSAM MSBM"},
}
_STEMS = {
    stem: (family, style)
    for family, styles in _FAMILIES.items()
    for style, stems in styles.items()
    for stem in stems.split()
}
_SIZED = re.compile(r"([A-Za-z]+)(\d{1,4})")
# Latin Modern: LMRoman10-Regular, LMRomanSlant10-Bold, LMSans10-Oblique, LMMono12-Regular,
# LMMathItalic10-Regular; 'Slant', 'Demi', 'Caps' and such sit between the kind and the size.
_LATIN_MODERN = re.compile(r"LM(Roman|Sans|Mono|Math)([A-Za-z]*?)(\d{1,2})(?:[-,](.*))?")
_LM_KINDS = {"Roman": "", "Sans": " Sans", "Mono": " Mono", "Math": ""}


def tex_family(name: str) -> tuple[str, str] | None:
    """The family of a TeX font named by its short name, and the words that tell its weight and
    style ('CMBX12' -> ('Computer Modern', 'Bold'), 'LMRomanSlant10-Bold' -> ('Latin Modern',
    'Slant Bold')); None for any other name. One family for all optical sizes of a face."""
    if sized := _SIZED.fullmatch(name):
        return _STEMS.get(sized[1].upper())
    if lm := _LATIN_MODERN.fullmatch(name):
        kind, variant, _size, style = lm.groups()
        return f"Latin Modern{_LM_KINDS[kind]}", f"{variant} {style or ''}".strip() or "Regular"
    return None
