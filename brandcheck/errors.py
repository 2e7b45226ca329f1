"""The exception hierarchy: each error carries the exit code the CLI maps it to."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented process exit codes, stable for CI pipelines."""

    ok = 0
    findings = 1
    usage = 2
    input_error = 3


class BrandcheckError(Exception):
    """Base class: an actionable message and the exit code it maps to."""

    exit_code: ExitCode = ExitCode.usage

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(BrandcheckError):
    """The command line asks for something that cannot be done."""


class ProfileError(BrandcheckError):
    """A brand profile is missing or invalid; the message names the file and key."""


class RuleSelectionError(UsageError):
    """A rule code or name given to --select/--ignore/--severity does not exist."""


class LogoFileError(ProfileError):
    """A logo template file named by a profile or --logo cannot be used."""


class InputError(BrandcheckError):
    """An input file cannot be checked; becomes an `error` outcome, never a traceback."""

    exit_code = ExitCode.input_error

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
