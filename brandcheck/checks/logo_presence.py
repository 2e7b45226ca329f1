"""BC101 and BC108: the profile's own logotype must be there, and the logos it forbids not."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from brandcheck.checks.sender import OTHER_SENDER
from brandcheck.report import Finding, LogoHit, PageReport

if TYPE_CHECKING:
    from brandcheck.checks import CheckContext
    from brandcheck.profile import LogoRole, LogoTemplateSpec, Profile

WHERE = {"corners": "one of the corners", "top-corners": "one of the top corners"}


def logo_name(profile: Profile, role: LogoRole, spec: LogoTemplateSpec) -> str:
    """What findings call a logo file: its ``name``, else the profile's logotype (own) or the
    logotype by its id (forbidden)."""
    if spec.name:
        return spec.name
    return f"the {profile.profile.title} logotype" if role == "own" else f"the logotype {spec.id!r}"


def own_name(profile: Profile) -> str:
    """The profile's own logotype, by the names of its files ("A or B" when they differ)."""
    names = [logo_name(profile, "own", spec) for spec in profile.logo.templates]
    return " or ".join(dict.fromkeys(names))


def roles(profile: Profile) -> dict[str, tuple[LogoRole, LogoTemplateSpec]]:
    """The searched logo files by id (a detection names its file by id), with their roles."""
    return {spec.id: (role, spec) for role, spec in profile.logo.searched()}


def not_allowed(page_index: int, ctx: CheckContext, hit: LogoHit) -> Finding:
    """BC108 for a forbidden logo found on a page."""
    profile = ctx.profile
    bolag = profile.profile.sender == "bolag"
    why = " (a company with its own graphic profile does not use the city's logotype)"
    if profile.logo.templates:
        advice = f" Use {own_name(profile)} instead."
    else:
        advice = " Use the company's own logotype." if bolag else ""
    return Finding.of(
        "logo.not_allowed",
        f"{_capital(hit.name)} appears here, but this profile's material must not use it"
        f"{why if bolag else ''}.{advice}",
        page=page_index,
        bbox=hit.bbox,
        measured=hit.template,
        expected=f"not {hit.name}",
        details={"source": profile.logo.forbidden.source},
    )


def finish(pages: list[PageReport], ctx: CheckContext) -> Iterator[Finding]:
    """BC101: the profile requires its own logotype and no page has it."""
    profile = ctx.profile
    rules = profile.logo
    if not (rules.required.value and rules.templates):
        return
    if any(hit.role == "own" for page in pages for hit in page.logos):
        return
    name = own_name(profile)
    details: dict = {"templates": [t.id for t in rules.templates]}
    other = next((p.facts[OTHER_SENDER] for p in pages if p.facts.get(OTHER_SENDER)), None)
    if other is not None:  # {"who", "phrase", "profile"}: the sender check read it
        details |= other
    yield Finding.of(
        "logo.missing",
        _missing_message(ctx, name, other),
        expected=f"{name} on at least one page",
        details=details,
    )


def _missing_message(ctx: CheckContext, name: str, other: dict | None) -> str:
    """BC101's words: what to place where (where BC107 judges it), or, on material that names
    another sender (a city-owned company's line under the city profile), which profile to
    check it with."""
    profile = ctx.profile
    if other is not None:
        return (
            f"No page carries {name}, which this profile requires. This looks like material "
            f"from {other['who']} (it says '{other['phrase']}'): check it with "
            f"--profile {other['profile']}."
        )
    if profile.profile.sender == "city":
        why = "it must be present whenever the city is the sender"
    else:
        why = f"material under the profile {profile.profile.title!r} must carry it"
    where = WHERE.get(str(profile.logo.placement.value)) if ctx.wants("BC107") else None
    return f"No page carries {name}; {why}." + (f" Place it in {where}." if where else "")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
