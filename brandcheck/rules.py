"""The rule registry: stable codes, dotted names, default severities and their sources."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from brandcheck.errors import RuleSelectionError

MANUAL = "https://varumarkesmanual.stockholm"
PROGRAMME = "Kommunikationsprogram för Stockholms stad 2017–2022"


class Severity(StrEnum):
    """How bad a finding is; ordered info < warning < error."""

    info = "info"
    warning = "warning"
    error = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass(frozen=True)
class Rule:
    """One rule of the public contract. Codes are never reused."""

    code: str
    name: str
    severity: Severity
    summary: str
    source: str

    @property
    def family(self) -> str:
        return self.name.split(".", 1)[0]


def _rule(code: str, name: str, severity: str, summary: str, source: str) -> Rule:
    return Rule(code, name, Severity(severity), summary, source)


_LOGO = f"{MANUAL}/grafisk-profil/"
_BOLAG = f"{MANUAL}/varumarkestrategi/varumarkesregler-for-bolag/"
_COLOUR = f"{MANUAL}/grafisk-profil/farg/"
_TYPE = "https://varumarkesmanual.stockholm.se/grafisk-profil/typografi/"
_WCAG = "https://www.w3.org/TR/WCAG21/#contrast-minimum"
_DEFAULT = "project default"

RULES: tuple[Rule, ...] = (
    _rule(
        "BC101",
        "logo.missing",
        "error",
        "The profile requires its own logotype (the S:t Erik logotype for the city) and no "
        "page has it.",
        _LOGO,
    ),
    _rule(
        "BC102",
        "logo.too_small",
        "error",
        "The logotype is narrower than the profile minimum (mm in print, px on screen).",
        _DEFAULT,
    ),
    _rule(
        "BC103",
        "logo.clear_space",
        "warning",
        "Text, graphics or an image edge intrudes into the logotype's clear space.",
        _DEFAULT,
    ),
    _rule("BC104", "logo.distorted", "error", "The logotype is stretched or squashed.", _DEFAULT),
    _rule("BC105", "logo.rotated", "error", "The logotype is rotated.", _DEFAULT),
    _rule(
        "BC106",
        "logo.colour",
        "error",
        "The logotype is in a colour the profile does not allow.",
        _DEFAULT,
    ),
    _rule(
        "BC107",
        "logo.placement",
        "warning",
        "The logotype is not in one of the corners or priority areas.",
        _LOGO,
    ),
    _rule(
        "BC108",
        "logo.not_allowed",
        "error",
        "A logo the profile forbids appears (for bolag with their own profile: the city logotype).",
        _BOLAG,
    ),
    _rule(
        "BC109",
        "logo.busy_background",
        "warning",
        "The logotype sits on a busy or low-contrast background.",
        _DEFAULT,
    ),
    _rule(
        "BC201",
        "colour.off_palette",
        "error",
        "A graphic colour is further than the tolerance (ΔE00) from every palette colour.",
        _COLOUR,
    ),
    _rule(
        "BC202",
        "colour.space",
        "warning",
        "RGB content in print material, or CMYK content in digital material.",
        _COLOUR,
    ),
    _rule(
        "BC203",
        "colour.contrast",
        "error",
        "Text contrast against its background is below WCAG 2.x (4.5:1, 3:1 large text).",
        _WCAG,
    ),
    _rule(
        "BC204",
        "colour.spot_name",
        "warning",
        "A spot colour whose name is not one of the profile's Pantone names.",
        _COLOUR,
    ),
    _rule(
        "BC301",
        "font.not_allowed",
        "error",
        "A font outside the profile's allowed families.",
        _TYPE,
    ),
    _rule(
        "BC302",
        "font.not_embedded",
        "error",
        "Print material uses a font that is not embedded.",
        _DEFAULT,
    ),
    _rule(
        "BC303", "font.too_small", "error", "Text is set below the profile's minimum size.", _TYPE
    ),
    _rule(
        "BC304",
        "font.reserved",
        "error",
        "Stockholm Type is used in material whose profile forbids it.",
        _BOLAG,
    ),
    _rule(
        "BC305",
        "text.all_caps_heading",
        "warning",
        "A heading is set in capitals only; the profile asks for sentence case.",
        _TYPE,
    ),
    _rule(
        "BC401",
        "sender.missing",
        "error",
        "The required sender text ('en del av Stockholms stad') does not appear.",
        _BOLAG,
    ),
    _rule(
        "BC402",
        "sender.outdated",
        "warning",
        "The replaced sender text 'Ingår i koncernen Stockholms Stadshus' appears.",
        _BOLAG,
    ),
    _rule(
        "BC403",
        "message.missing",
        "info",
        "The message 'Capital of Scandinavia' is missing where the profile asks for it.",
        _BOLAG,
    ),
    _rule(
        "BC501",
        "production.image_resolution",
        "warning",
        "A placed image's effective resolution is below the print minimum.",
        _DEFAULT,
    ),
    _rule(
        "BC502",
        "accessibility.title",
        "warning",
        "The PDF has no document title.",
        "https://www.w3.org/WAI/WCAG21/Techniques/pdf/PDF18",
    ),
    _rule(
        "BC503",
        "accessibility.language",
        "warning",
        "The PDF declares no document language.",
        "https://www.w3.org/WAI/WCAG21/Techniques/pdf/PDF16",
    ),
    _rule(
        "BC504",
        "accessibility.untagged",
        "info",
        "The PDF has no tagged structure (needed for screen readers).",
        "https://www.w3.org/WAI/WCAG21/Techniques/pdf/PDF9",
    ),
    _rule(
        "BC901",
        "file.unreadable",
        "error",
        "The file cannot be read (corrupt, truncated or unrepairable).",
        _DEFAULT,
    ),
    _rule(
        "BC902",
        "file.encrypted",
        "error",
        "The PDF needs a password to open; supply it with --password.",
        _DEFAULT,
    ),
    _rule(
        "BC903",
        "file.unsupported",
        "error",
        "The file is not a format brandcheck checks (detected by content).",
        _DEFAULT,
    ),
    _rule(
        "BC904",
        "file.repaired",
        "warning",
        "The PDF is damaged: repaired on opening, or with page content that could not be drawn"
        " as written; check it with care.",
        _DEFAULT,
    ),
    _rule(
        "BC905",
        "file.too_large",
        "error",
        "The file's pixel count, page size or a page's content is beyond the configured limits.",
        _DEFAULT,
    ),
    _rule(
        "BC906",
        "file.timeout",
        "error",
        "Checking the file took longer than the per-file time limit.",
        _DEFAULT,
    ),
    _rule(
        "BC907",
        "file.crashed",
        "error",
        "The worker checking the file crashed or ran out of memory.",
        _DEFAULT,
    ),
    _rule(
        "BC910",
        "check.skipped",
        "warning",
        "A check could not run here (for example OCR is not installed).",
        _DEFAULT,
    ),
)

_BY_KEY: dict[str, Rule] = {r.code: r for r in RULES} | {r.name: r for r in RULES}


def page_rule_codes() -> list[str]:
    """The codes of the rules judged on a page's content (not ``file.`` or ``check.``): those a
    check.skipped finding names when part of a page was not judged as it shows."""
    return [r.code for r in RULES if not r.name.startswith(("file.", "check."))]


def get_rule(key: str) -> Rule:
    """Look a rule up by code (BC101) or name (logo.missing); case-insensitive codes."""
    rule = _BY_KEY.get(key) or _BY_KEY.get(key.upper())
    if rule is None:
        raise RuleSelectionError(
            f"unknown rule {key!r}; run 'brandcheck rules' to list codes and names"
        )
    return rule


def expand_selectors(keys: Iterable[str]) -> set[str]:
    """Turn codes, names, families ('logo') or prefixes ('BC1') into a set of rule codes."""
    codes: set[str] = set()
    for raw in keys:
        key = raw.strip()
        if not key:
            continue
        family = [r.code for r in RULES if r.family == key]
        prefix = [
            r.code for r in RULES if key.upper().startswith("BC") and r.code.startswith(key.upper())
        ]
        if key in _BY_KEY or key.upper() in _BY_KEY:
            codes.add(get_rule(key).code)
        elif family:
            codes.update(family)
        elif prefix:
            codes.update(prefix)
        else:
            get_rule(key)  # raises with a helpful message
    return codes
