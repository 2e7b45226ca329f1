"""The check registry and the context every check receives.

A check module may define any of three hooks, all pure with respect to output (they yield
Finding objects and fill the PageReport; they never print, open files or pick a format):

- ``check_file(doc, ctx)``: once per file with the open Document (metadata, structure);
- ``check_page(page, ctx, out)``: once per page; may record facts in ``out`` (a PageReport);
- ``finish(pages, ctx)``: once per file over all PageReports (document-level rules). It sees
  only PageReports, so a file split into page ranges across workers can still be finished.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, get_args

from brandcheck.checks import colour, logo, production, sender, typography
from brandcheck.rule_settings import RuleSettings

if TYPE_CHECKING:
    from brandcheck.profile import Profile

Target = Literal["print", "digital"]
OcrMode = Literal["auto", "off"]
TARGETS: tuple[str, ...] = get_args(Target)
OCR_MODES: tuple[str, ...] = get_args(OcrMode)

CHECKS: tuple[Any, ...] = (logo, colour, typography, sender, production)


@dataclass
class CheckContext:
    """What a check may know: the profile, the target and run options; shared caches."""

    profile: Profile
    target: Target = "print"
    ocr: OcrMode = "auto"
    cache: dict[str, Any] = field(default_factory=dict, repr=False)
    rules: RuleSettings | None = None
    """The run's rule selection (command line); the profile's own settings are merged in."""
    password: str | None = field(default=None, repr=False)
    """The --password for encrypted PDFs, for checks that read the file with another library."""

    @cached_property
    def is_print(self) -> bool:
        return self.target == "print"

    @cached_property
    def settings(self) -> RuleSettings:
        """Profile rule settings with the run's selection on top."""
        profile = RuleSettings.build(
            ignore=self.profile.rules.ignore, severity=dict(self.profile.rules.severity)
        )
        return profile.merged(self.rules) if self.rules is not None else profile

    def wants(self, *codes: str) -> bool:
        """True if any of these rule codes will be reported (so costly work such as OCR is
        skipped when no selected rule needs it)."""
        return any(self.settings.enabled(code) for code in codes)
