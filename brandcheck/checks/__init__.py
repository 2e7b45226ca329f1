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
from typing import TYPE_CHECKING, Any, Literal

from brandcheck.checks import colour, logo, production

if TYPE_CHECKING:
    from brandcheck.profile import Profile

Target = Literal["print", "digital"]

CHECKS: tuple[Any, ...] = (logo, colour, production)


@dataclass
class CheckContext:
    """What a check may know: the profile, the target and run options; shared caches."""

    profile: Profile
    target: Target = "print"
    ocr: Literal["auto", "off"] = "auto"
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @cached_property
    def is_print(self) -> bool:
        return self.target == "print"
