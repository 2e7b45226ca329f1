"""HTML report: one self-contained, accessible page with previews, swatches, fonts and findings.

The page needs no server and no network: CSS and JS are inline, previews are data URIs, and a
Content-Security-Policy allows only the report's own script (by hash) and data: images. Every
string taken from a file goes through jinja2's autoescape; colours go into ``style`` only after a
``#RRGGBB`` check; links are only emitted for http(s) rule sources.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO, Any

from jinja2 import Environment, PackageLoader, select_autoescape

from brandcheck.name_forms import NameForms
from brandcheck.previews import Preview, PreviewLimits, render_previews
from brandcheck.report import ColourUse, FileReport, Finding, Report
from brandcheck.reporters import words
from brandcheck.rules import Severity, get_rule

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
_HASH_SLOT = "sha256-BRANDCHECK-SCRIPT-HASH"
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_MAX_SWATCHES = 24
_SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class HtmlOptions:
    """What the HTML writer includes; previews reopen every checked file."""

    previews: bool = True
    preview_limits: PreviewLimits = field(default_factory=PreviewLimits)
    password: str | None = None


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("brandcheck", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def _rule_meta(code: str) -> dict[str, Any]:
    try:
        rule = get_rule(code)
    except Exception:
        return {"code": code, "name": "", "summary": "", "source": "", "url": None}
    url = rule.source if rule.source.startswith(("https://", "http://")) else None
    return {
        "code": rule.code,
        "name": rule.name,
        "summary": rule.summary,
        "source": rule.source,
        "url": url,
        "severity": rule.severity.value,
    }


def _groups(findings: list[Finding], marked: set[int]) -> list[dict[str, Any]]:
    """Findings by rule; ``marked``: the numbers drawn on a page preview of this report."""
    groups: dict[str, dict[str, Any]] = {}
    for number, f in enumerate(findings, start=1):
        group = groups.get(f.rule)
        if group is None:
            group = groups[f.rule] = {
                **_rule_meta(f.rule),
                "severity": f.severity.value,
                "items": [],
            }
        if Severity(group["severity"]).rank < f.severity.rank:
            group["severity"] = f.severity.value
        group["items"].append(
            {
                "number": number,
                "severity": f.severity.value,
                "message": f.message,
                "where": words.where(f),
                "count": f.count,
                "values": words.measured_expected(f),
                "located": number in marked,
            }
        )
    return sorted(groups.values(), key=lambda g: (-Severity(g["severity"]).rank, g["code"]))


_SAME = 0.5  # ΔE00 under which a colour is its palette colour's CMYK, not just near it


def _by_cmyk(colour: ColourUse) -> str | None:
    """Why a found colour is near a palette colour of another hex: it was compared with the
    palette colour's CMYK values as they show ('matches its CMYK 94/0/50/0')."""
    if not colour.cmyk_measured:
        return None
    same = colour.delta_e is not None and colour.delta_e < _SAME
    return f"{'matches' if same else 'compared with'} its CMYK {colour.cmyk_measured}"


def _swatches(report: FileReport) -> list[dict[str, Any]]:
    seen: dict[tuple[str, str | None], dict[str, Any]] = {}
    for page in report.pages:
        for c in page.colours:
            if not _HEX.match(c.hex or ""):
                continue
            nearest_hex = c.nearest_hex if c.nearest_hex and _HEX.match(c.nearest_hex) else None
            key = (c.hex.upper(), nearest_hex)
            entry = seen.get(key)
            if entry is None:
                entry = seen[key] = {
                    "hex": c.hex.upper(),
                    "nearest": c.nearest,
                    "nearest_hex": nearest_hex.upper() if nearest_hex else None,
                    "delta_e": c.delta_e,
                    "by_cmyk": _by_cmyk(c),
                    "share": 0.0,
                    "pages": [],
                    "source": c.source,
                }
            entry["share"] = max(entry["share"], c.share or 0.0)
            if page.index + 1 not in entry["pages"]:
                entry["pages"].append(page.index + 1)
    ordered = sorted(seen.values(), key=lambda e: (-(e["delta_e"] or 0.0), -e["share"]))
    return ordered[:_MAX_SWATCHES]


def _fonts(report: FileReport) -> list[dict[str, Any]]:
    fonts: dict[str, dict[str, Any]] = {}
    for page in report.pages:
        for font in page.fonts:
            entry = fonts.get(font.name)
            if entry is None:
                entry = fonts[font.name] = {
                    "name": font.name,
                    "family": font.family,
                    "weight": font.weight,
                    "embedded": font.embedded,
                    "min_size": font.min_size,
                    "pages": [],
                }
            if font.min_size is not None:
                current = entry["min_size"]
                entry["min_size"] = (
                    font.min_size if current is None else min(current, font.min_size)
                )
            # not embedded anywhere wins over unknown (None), unknown over embedded
            if entry["embedded"] is not False and font.embedded is not True:
                entry["embedded"] = font.embedded
            if page.index + 1 not in entry["pages"]:
                entry["pages"].append(page.index + 1)
    return sorted(fonts.values(), key=lambda e: e["name"].lower())


def _logos(report: FileReport, target: str) -> list[dict[str, Any]]:
    out = []
    for page in report.pages:
        for logo in page.logos:
            width = words.logo_width(logo, target)
            size = f"{width} wide" if width else ""
            out.append(
                {
                    "page": page.index + 1,
                    "name": logo.name or logo.template,
                    "forbidden": logo.role == "forbidden",
                    "variant": logo.variant,
                    "size": size,
                    "score": logo.score,
                    "colour": logo.colour if _HEX.match(logo.colour or "") else None,
                }
            )
    return out


def _counts(findings: list[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(_SEVERITIES, 0)
    for f in findings:
        counts[f.severity.value] += 1
    return counts


def _verdict(report: FileReport, counts: dict[str, int]) -> str:
    if report.status == "error":
        return "Could not be checked"
    head = "Passes" if report.status == "pass" else "Fails"
    return f"{head}: {words.severity_counts(counts) or 'no findings'}"


def _preview_views(name: str, previews: list[Preview]) -> list[dict[str, Any]]:
    views = []
    for p in previews:
        numbers = ", ".join(f"#{n}" for n in p.findings)
        marks = f"findings {numbers} marked" if p.findings else "no findings marked"
        logos = f", {p.logos} logo{'s' if p.logos != 1 else ''} outlined" if p.logos else ""
        views.append(
            {
                "page": p.page + 1,
                "uri": p.data_uri,
                "width": p.width,
                "height": p.height,
                "alt": f"Page {p.page + 1} of {name}: {marks}{logos}.",
                "findings": p.findings,
            }
        )
    return views


def _names(paths: list[str]) -> list[str]:
    """Each file's name, with as many of its folders as tell it from other files of that name
    (d1/flyer.pdf, d2/flyer.pdf; also a name spelt in NFC beside one in NFD that looks the
    same), and a number where nothing does: a file's heading names
    its sections' landmarks, and two landmarks must not share a name."""
    parts = [PurePath(p).parts for p in paths]
    depth = [1] * len(paths)
    while True:
        names = [
            str(PurePath(*ps[-d:])) if ps else p
            for p, ps, d in zip(paths, parts, depth, strict=True)
        ]
        seen = Counter(unicodedata.normalize("NFC", n) for n in names)
        longer = [
            i
            for i, n in enumerate(names)
            if seen[unicodedata.normalize("NFC", n)] > 1 and depth[i] < len(parts[i])
        ]
        if not longer:
            break
        for i in longer:
            depth[i] += 1
    nth: Counter[str] = Counter()
    taken = set(names)
    exact = Counter(names)  # names alike only once in NFC differ: their paths are marked
    out = []
    for name in names:
        if exact[name] == 1:
            out.append(name)
            continue
        numbered = name
        while numbered in taken:  # "x.pdf (1)" may be another file's own name
            nth[name] += 1
            numbered = f"{name} ({nth[name]})"
        taken.add(numbered)
        out.append(numbered)
    return out


def _file_view(
    index: int,
    report: FileReport,
    name: str,
    names: NameForms,
    profile: str,
    target: str,
    options: HtmlOptions,
) -> dict:
    counts = _counts(report.findings)
    allowed = options.previews and index < options.preview_limits.max_files
    previews = (
        render_previews(
            report, limits=options.preview_limits, profile=profile, password=options.password
        )
        if allowed
        else []
    )
    marked = {number for preview in previews for number in preview.findings}
    return {
        "id": f"file-{index + 1}",
        "name": names.shown(report.path, name),
        "path": names.shown(report.path),
        "status": report.status,
        "verdict": _verdict(report, counts),
        "error": report.error,
        "kind": report.kind,
        "page_count": report.page_count,
        "seconds": report.seconds,
        "sha256": report.sha256,
        "counts": counts,
        "groups": _groups(report.findings, marked),
        "swatches": _swatches(report),
        "fonts": _fonts(report),
        "logos": _logos(report, target),
        "previews": _preview_views(name, previews),
        "previews_skipped": options.previews and not allowed,
    }


def _worst_rules(report: Report, limit: int = 8) -> list[dict[str, Any]]:
    files_with: dict[str, int] = {}
    for f in report.files:
        for code in {x.rule for x in f.findings}:
            files_with[code] = files_with.get(code, 0) + 1
    rows = []
    for code, count in report.summary.rules.items():
        meta = _rule_meta(code)
        rows.append({**meta, "count": count, "files": files_with.get(code, 0)})
    rows.sort(key=lambda r: (-Severity(r.get("severity", "info")).rank, -r["count"], r["code"]))
    return rows[:limit]


def _chart(summary: dict[str, int], rules: list[dict[str, Any]]) -> dict[str, Any]:
    """Geometry of the inline SVG chart: a stacked file bar and one bar per worst rule."""
    width, left, bar_w = 640, 250, 340
    total = max(1, summary["files"])
    x = left
    stack = []
    for key, label in (("passed", "passed"), ("failed", "failed"), ("errors", "unreadable")):
        w = bar_w * summary[key] / total
        if summary[key]:
            stack.append({"key": key, "label": label, "x": x, "w": w, "n": summary[key]})
        x += w
    top = max([r["count"] for r in rules] or [1])
    bars = []
    for i, r in enumerate(rules):
        bars.append(
            {
                "y": 56 + i * 24,
                "w": max(2.0, bar_w * r["count"] / top),
                "label": f"{r['code']} {r['name']}",
                "n": r["count"],
                "severity": r.get("severity", "info"),
            }
        )
    return {
        "width": width,
        "height": 64 + 24 * len(rules),
        "left": left,
        "stack": stack,
        "bars": bars,
    }


def build_context(report: Report, options: HtmlOptions | None = None) -> dict[str, Any]:
    """Everything the template shows, as plain data."""
    options = options or HtmlOptions()
    paths = [f.path for f in report.files]
    names = _names(paths)
    forms = NameForms(paths)
    files = [
        _file_view(i, f, name, forms, report.profile, report.target, options)
        for i, (f, name) in enumerate(zip(report.files, names, strict=True))
    ]
    summary = report.summary
    counts = {
        "files": summary.files,
        "passed": summary.passed,
        "failed": summary.failed,
        "errors": summary.errors,
    }
    worst = _worst_rules(report)
    total_findings = sum(len(f.findings) for f in report.files)
    return {
        "report": report,
        "notes": [*report.notes, *forms.legend()],
        "files": files,
        "counts": counts,
        "findings_by_severity": {s: summary.findings.get(s, 0) for s in _SEVERITIES},
        "total_findings": total_findings,
        "worst_rules": worst,
        "chart": _chart(counts, worst),
        "many": len(files) > 1,
        "severities": _SEVERITIES,
    }


def render(report: Report, options: HtmlOptions | None = None) -> str:
    """The report as one self-contained HTML document."""
    html = _env().get_template("report.html.j2").render(**build_context(report, options))
    script = _SCRIPT.search(html)
    digest = hashlib.sha256(script.group(1).encode("utf-8") if script else b"").digest()
    return html.replace(_HASH_SLOT, "sha256-" + base64.b64encode(digest).decode("ascii"), 1)


def write(report: Report, stream: IO[str], options: HtmlOptions | None = None) -> None:
    stream.write(render(report, options))
