"""The public Python API: check files and folders against a profile and get a Report."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from brandcheck.checks import CheckContext
from brandcheck.errors import ProfileError
from brandcheck.inputs import collect_inputs
from brandcheck.pipeline import RunOptions, check_file, display_path, error_report
from brandcheck.profile import Profile, load_profile, with_logo_files
from brandcheck.report import FileReport, Report
from brandcheck.run_notes import dpi_notes, run_notes, skipped_notes

__all__ = [
    "RunOptions",
    "check_file",
    "check_paths",
    "make_context",
    "ready_context",
    "resolve_profile",
]


def resolve_profile(
    profile: str | Path | Profile, logos: Sequence[Path] = (), forbidden_logos: Sequence[Path] = ()
) -> Profile:
    """A profile name, folder or object, with --logo files replacing its own logo templates
    and --forbidden-logo files the logos it forbids."""
    loaded = profile if isinstance(profile, Profile) else load_profile(profile)
    if not (logos or forbidden_logos):
        return loaded
    return with_logo_files(loaded, list(logos), list(forbidden_logos))


def make_context(profile: Profile, options: RunOptions) -> CheckContext:
    return CheckContext(
        profile=profile,
        target=options.target,  # type: ignore[arg-type]
        ocr=options.ocr,  # type: ignore[arg-type]
        rules=options.rules,
        password=options.password,
    )


def ready_context(profile: Profile, options: RunOptions) -> CheckContext:
    """``make_context`` with the profile's logo files loaded and prepared: one that cannot be
    used raises ``LogoFileError`` (exit 2) before any file is checked, not once per file."""
    from brandcheck.checks.logo import template_bank

    logo = profile.logo
    if logo.required.value and not logo.templates:
        raise ProfileError(
            f"{profile.root / 'profile.toml'}: logo.templates: the profile requires its own logo "
            "but names no logo file to look for ([[logo.templates]] or --logo)"
        )
    ctx = make_context(profile, options)
    template_bank(ctx)
    return ctx


def check_paths(
    paths: Iterable[str | Path] | str | Path,
    profile: str | Path | Profile = "stockholm",
    options: RunOptions | None = None,
    *,
    logos: Sequence[Path] = (),
    forbidden_logos: Sequence[Path] = (),
    on_file: Callable[[FileReport], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    on_page: Callable[[str, int, int], None] | None = None,
    jobs: int = 0,
    timeout: float | None = None,
) -> Report:
    """Check every file under `paths` (one path, or several) and return the Report (never
    raises for bad inputs; a bad option or profile raises a ``BrandcheckError``).

    With ``jobs`` (worker processes) or ``timeout`` (seconds per file, or per 50-page part of a
    longer PDF) the files are checked in worker processes as ``scan`` does, each worker with the
    scan's memory ceiling (4 GB): a file over a limit, or one that crashes its worker, becomes an
    error report and the others go on. Scripts that use workers need the usual
    ``if __name__ == "__main__":`` guard. Otherwise files are checked in this process.
    ``logos`` replace the profile's own logo files, ``forbidden_logos`` the logos it forbids
    (see ``resolve_profile``). Inputs that cannot be opened at all (missing, not a file) are
    reported first, then the checked files in input order, either way. ``on_page`` is told
    (file path, pages done, page count) as each page of a file checked in this process is
    done, so a progress bar moves within a long PDF (files checked in workers do not tell it).
    """
    options = options or RunOptions()
    prof = resolve_profile(profile, logos, forbidden_logos)
    ctx = ready_context(prof, options)
    if isinstance(paths, str | os.PathLike):  # one path, not the characters of its name
        paths = [paths]
    skipped: list[Path] = []
    files, problems = collect_inputs(paths, skipped)
    if on_start:
        on_start(len(files) + len(problems))
    report = Report(
        profile=prof.name,
        target=options.target,  # type: ignore[arg-type]
        fail_on=options.fail_on,
        notes=run_notes(prof, ctx) + skipped_notes(skipped),
    )
    for problem in problems:
        result = error_report(problem.path, problem.rule, problem.reason)
        report.files.append(result)
        if on_file:
            on_file(result)
    if jobs or timeout:
        checked = _in_workers(files, prof, options, ctx, max(jobs, 1), timeout)
    else:
        checked = (
            (i, check_file(path, ctx, options, _page_teller(on_page, path)))
            for i, path in enumerate(files)
        )
    done: list[tuple[int, FileReport]] = []
    for index, result in checked:
        done.append((index, result))
        if on_file:
            on_file(result)
    report.files.extend(result for _, result in sorted(done, key=lambda item: item[0]))
    report.notes += dpi_notes(options.limits.analysis_dpi, (f.kind for f in report.files))
    return report.summarise()


def _page_teller(
    on_page: Callable[[str, int, int], None] | None, path: Path
) -> Callable[[int, int], None] | None:
    """``on_page`` for one file: its pages done and count, with the path as reports show it."""
    if on_page is None:
        return None
    shown = display_path(path)
    return lambda done, total: on_page(shown, done, total)


def _in_workers(
    files: list[Path],
    profile: Profile,
    options: RunOptions,
    ctx: CheckContext,
    jobs: int,
    timeout: float | None,
) -> Iterator[tuple[int, FileReport]]:
    """(input index, report) for each file, checked by the batch engine in worker processes."""
    from brandcheck.batch.engine import iter_outcomes
    from brandcheck.batch.executors import DEFAULT_MEMORY_MB
    from brandcheck.batch.scan import make_executor
    from brandcheck.batch.work import CheckSetup

    setup = CheckSetup(profile=profile, options=options)
    index = {str(path): i for i, path in enumerate(files)}
    with make_executor(setup, jobs, None, timeout, DEFAULT_MEMORY_MB) as executor:
        for outcome in iter_outcomes(index, executor, setup, ctx):
            yield index[outcome.source], outcome.report
