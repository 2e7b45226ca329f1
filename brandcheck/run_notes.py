"""What every report of a run should say besides its findings: the logo files it searched, the
files it left out, a --dpi that does not apply to its pictures."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from brandcheck.checks import CheckContext
    from brandcheck.profile import LogoRole, Profile


def logo_notes(prof: Profile, roles: Sequence[LogoRole]) -> list[str]:
    """What to say about the profile's logo files of ``roles`` (those a run searches): that
    they are the project's stand-in artwork (a result on them is not one on the official logo),
    or a file that holds more than one logo (a sheet of versions, a PDF of several pages). A
    file that cannot be loaded is left to the run, which stops on it with its reason."""
    from brandcheck.checks.logo import TEMPLATE_WIDTH_PX
    from brandcheck.logo_templates import logo_file_notes
    from brandcheck.profile import standin_note

    notes = [standin_note(prof, roles)]
    for role, spec in prof.logo.searched():
        if role in roles:
            with contextlib.suppress(ValueError):
                notes += logo_file_notes(prof.logo_file(spec), width=TEMPLATE_WIDTH_PX)
    return [note for note in dict.fromkeys(notes) if note]


def run_notes(prof: Profile, ctx: CheckContext) -> list[str]:
    """The notes of a run with ``ctx``: those of the logo files of the roles its rules search."""
    from brandcheck.checks.logo import ROLE_RULES

    return logo_notes(prof, [role for role, rules in ROLE_RULES.items() if ctx.wants(*rules)])


def skipped_notes(skipped: Sequence[Path], listed: int = 5) -> list[str]:
    """What to say of the files in the folders a run searched that it did not check (not a
    PDF, image or SVG): a folder's "all passed" must not hide an EPS nobody looked at. None
    when there are none."""
    from brandcheck.pipeline import display_path

    if not skipped:
        return []
    skipped = sorted(skipped)  # the same names on every machine, whatever the walk's order
    names = ", ".join(display_path(p) for p in skipped[:listed])
    if len(skipped) > listed:
        names += f" and {len(skipped) - listed} more"
    one = len(skipped) == 1
    return [
        f"{len(skipped)} file{'' if one else 's'} in the folders named {'was' if one else 'were'} "
        f"not checked: not a PDF, image or SVG by name or content ({names}). Name a file "
        "directly to have it reported as unreadable."
    ]


def dpi_notes(dpi: float, kinds: Iterable[str]) -> list[str]:
    """What to say of a --dpi other than the default in a run that checked a picture file: it
    sets how PDF and SVG pages are drawn for the checks, while a picture is judged at its own
    pixels and has a print size only from the resolution saved in it. A designer giving
    ``--dpi 300`` for a PNG without one would otherwise take it for that picture's resolution,
    and see it ignored without a word."""
    from brandcheck.document.model import Limits

    if dpi == Limits().analysis_dpi or "image" not in set(kinds):
        return []
    return [
        f"--dpi {dpi:g} sets the resolution PDF and SVG pages are drawn at for the checks; a "
        "picture (PNG, JPEG, ...) is judged at its own pixels, and its size in print comes "
        "from the resolution saved in it, not from --dpi."
    ]
