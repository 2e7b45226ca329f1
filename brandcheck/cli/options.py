"""Turn the run options `check` and `scan` share into a validated RunOptions."""

from __future__ import annotations

from brandcheck.document import Limits
from brandcheck.errors import UsageError
from brandcheck.pipeline import RunOptions
from brandcheck.rule_settings import RuleSettings
from brandcheck.rules import Severity


def split_list(values: list[str]) -> list[str]:
    """Repeatable options that also take comma-separated values."""
    return [v.strip() for raw in values for v in raw.split(",") if v.strip()]


def severity_overrides(values: list[str]) -> dict[str, str]:
    """`--severity RULE=level` items as a mapping."""
    out = {}
    for item in split_list(values):
        rule, sep, level = item.partition("=")
        if not sep or level not in {s.value for s in Severity}:
            raise UsageError(f"--severity takes RULE=error|warning|info, not {item!r}")
        out[rule] = level
    return out


def run_options(
    target: str,
    fail_on: Severity,
    select: list[str],
    ignore: list[str],
    severity: list[str],
    password: str | None,
    dpi: float,
    ocr: str,
) -> RunOptions:
    """Validate the options check, scan and watch share (in this order, as each command names
    them) and build the RunOptions for the API."""
    if target not in ("print", "digital"):
        raise UsageError(f"--target must be print or digital, not {target!r}")
    if ocr not in ("auto", "off"):
        raise UsageError(f"--ocr must be auto or off, not {ocr!r}")
    return RunOptions(
        target=target,
        fail_on=fail_on,
        rules=RuleSettings.build(
            split_list(select), split_list(ignore), severity_overrides(severity)
        ),
        password=password,
        limits=Limits(analysis_dpi=dpi),
        ocr=ocr,
    )
