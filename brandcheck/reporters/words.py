"""Findings' values, pages and counts in words, for the outputs people read.

The annotated PDF's comments, the JUnit failure text and the HTML report all write a
finding's ``measured`` and ``expected`` values and its pages through these functions, so a
value reads the same everywhere: a number with its unit ("24.7 mm"), a list as words separated
by commas, a mapping as "busyness 0.94, contrast 2.15", never a Python or JSON dump (no
brackets, quotes or ``\\xa0`` escapes). The JSON, SARIF and CSV outputs keep the raw values.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from brandcheck.report import Finding, LogoHit, Summary

MAX_VALUE = 300
"""Characters of a value shown; a longer one is cut with an ellipsis."""
MAX_PAGE_RUNS = 12
"""Runs of pages ("1–3" is one) named before the rest are left to an ellipsis."""

# how many of each severity: "1 warning", "2 warnings"; info is a mass noun ("2 info")
_SEVERITY_NOUNS = {"error": ("error", "errors"), "warning": ("warning", "warnings")}
_SEVERITY_ORDER = ("error", "warning", "info")
# a limit written as a comparison in an expected value ("<= 0.35") in words
_COMPARISONS = (("<=", "at most"), (">=", "at least"), ("<", "under"), (">", "over"))


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """``n`` and the noun in the number it takes: "1 file", "2 files", "0 files"."""
    return f"{n} {noun if n == 1 else (nouns or noun + 's')}"


def severity_counts(counts: Mapping[str, int]) -> str:
    """Findings by severity, worst first, zeros left out: "2 errors, 1 warning, 3 info"."""
    order = [s for s in _SEVERITY_ORDER if s in counts] + sorted(
        s for s in counts if s not in _SEVERITY_ORDER
    )
    parts = []
    for severity in order:
        n = counts[severity]
        if n:
            one, many = _SEVERITY_NOUNS.get(severity, (severity, severity))
            parts.append(plural(n, one, many))
    return ", ".join(parts)


def run_summary(summary: Summary) -> str:
    """A run's outcome in one line: "2 files: 1 passed, 1 failed, 0 could not be read; 2
    errors, 1 warning" ("no findings" when there are none)."""
    return (
        f"{plural(summary.files, 'file')}: {summary.passed} passed, {summary.failed} failed, "
        f"{summary.errors} could not be read; "
        f"{severity_counts(summary.findings) or 'no findings'}"
    )


def _runs(numbers: Iterable[int]) -> list[str]:
    """Sorted, distinct numbers as runs: [1, 2, 3, 5] → ["1–3", "5"]; two in a row stay a list
    ("1, 2"), as a reader writes them."""
    ordered = sorted(set(numbers))
    runs: list[str] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        if j - i >= 2:
            runs.append(f"{ordered[i]}–{ordered[j]}")
        else:
            runs.extend(str(n) for n in ordered[i : j + 1])
        i = j + 1
    return runs


def pages(indices: Sequence[int]) -> str:
    """0-based page indices as people count them: "page 1", "pages 1–3, 5", "" for none."""
    runs = _runs(p + 1 for p in indices)
    if not runs:
        return ""
    shown = ", ".join(runs[:MAX_PAGE_RUNS]) + (", …" if len(runs) > MAX_PAGE_RUNS else "")
    single = len(runs) == 1 and "–" not in runs[0]
    return f"page {shown}" if single else f"pages {shown}"


def finding_pages(finding: Finding) -> list[int]:
    """The 0-based pages a finding is on (all of a merged finding's)."""
    return list(finding.pages) or ([finding.page] if finding.page is not None else [])


def where(finding: Finding) -> str:
    """Where a finding is: "page 3", "pages 1–3, 5" or "whole file"."""
    return pages(finding_pages(finding)) or "whole file"


def occurrences(finding: Finding) -> str:
    """How often and where a merged or repeated finding occurs ("3 times on pages 1–3", "on
    pages 1–3" for one finding of a whole document), or "" for a single one on one page."""
    if finding.count <= 1 and len(finding.pages) <= 1:
        return ""
    on = pages(finding_pages(finding))
    if finding.count <= 1:
        return f"on {on}"
    return f"{finding.count} times on {on}" if on else f"{finding.count} times"


def number(x: float) -> str:
    """A number without float noise: 24.7, 0.934, 1.33, 12000 (four significant digits)."""
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, int):
        return str(x)
    if not math.isfinite(x):
        return str(x)
    if abs(x) >= 1e4:
        return f"{x:.0f}"
    text = f"{x:.4g}"
    if "e" in text:  # very small: as a decimal, not 1e-05
        text = f"{x:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "0.0", "-0.0") else text


def logo_width(logo: LogoHit, target: str) -> str:
    """A found logo's width as measured, in the unit BC102 judges it in for the target: mm for
    print (px for a picture without a resolution, which has no print size), px for screens,
    where a PDF's or SVG's logo "28.2 mm wide" stood beside BC102's "80 px wide"."""
    if target == "print" and logo.width_mm:
        return f"{number(logo.width_mm)} mm"
    if logo.width_px:
        return f"{number(logo.width_px)} px"
    return f"{number(logo.width_mm)} mm" if logo.width_mm else ""


def _phrase(text: str) -> str:
    """A limit stated as a comparison ("<= 0.35") in words ("at most 0.35")."""
    stripped = text.strip()
    for sign, words in _COMPARISONS:
        if stripped.startswith(sign):
            return f"{words} {stripped[len(sign) :].strip()}"
    return text


def _key(key: object) -> str:
    return str(key).replace("_", " ")


def _words(value: Any, unit: str) -> str:
    suffix = f" {unit}" if unit else ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return number(value) + suffix
    if isinstance(value, str):
        return " ".join(_phrase(value).split())  # line breaks and no-break spaces as spaces
    if isinstance(value, Mapping):
        return ", ".join(
            f"{_key(k)} {_words(v, unit)}".rstrip() for k, v in value.items() if v is not None
        )
    if isinstance(value, Iterable):
        return ", ".join(w for w in (_words(v, unit) for v in value) if w)
    return " ".join(str(value).split())


def value(value: Any, unit: str = "") -> str:
    """A measured or expected value in words and numbers with ``unit``: "24.7 mm", "DeviceCMYK,
    Separation", "busyness 0.94, contrast 2.15", "at most 0.35"; "" for None."""
    text = _words(value, unit)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def measured_expected(finding: Finding) -> list[tuple[str, str]]:
    """("Measured", …) and ("Expected", …) of a finding, each only when it has one."""
    out = []
    for label, raw in (("Measured", finding.measured), ("Expected", finding.expected)):
        text = value(raw, finding.unit)
        if text:
            out.append((label, text))
    return out
