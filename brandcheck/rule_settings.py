"""Which rules run and how severe they are: profile settings merged with the command line.

A selection chooses the rules that judge what was read. The file rules (``file.*``,
BC901-BC907) say whether the file was read at all, or whole (data cut short, a page refused
as too large to draw): no selection drops them, or ``--select colour`` would turn a partial
read into a clean verdict (and ``watch`` would pass a file cut short). They can be re-graded,
and an ignore that names them (by code, name, ``file`` or a prefix; on the command line or
in the profile) drops them: that is the user's stated choice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from brandcheck.report import Finding
from brandcheck.rules import RULES, Severity, expand_selectors

#: rules no selection drops (only an ignore naming them): whether the file was read whole
ALWAYS_SELECTED = frozenset(r.code for r in RULES if r.family == "file")


@dataclass(frozen=True)
class RuleSettings:
    """Selected and ignored rule codes and severity overrides, all by code."""

    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        severity: Mapping[str, Severity | str] | None = None,
    ) -> RuleSettings:
        chosen = expand_selectors(select)
        # a family or prefix re-grades each of its rules; a narrower key wins over a wider one
        expanded = [(expand_selectors([k]), Severity(v)) for k, v in (severity or {}).items()]
        overrides = {
            code: level
            for codes, level in sorted(expanded, key=lambda e: -len(e[0]))
            for code in codes
        }
        return cls(
            select=frozenset(chosen) if chosen else None,
            ignore=frozenset(expand_selectors(ignore)),
            severity=overrides,
        )

    def merged(self, other: RuleSettings) -> RuleSettings:
        """`other` (the command line) on top of self (the profile)."""
        return RuleSettings(
            select=other.select if other.select is not None else self.select,
            ignore=self.ignore | other.ignore,
            severity={**self.severity, **other.severity},
        )

    def enabled(self, code: str) -> bool:
        if code in self.ignore:
            return False
        return self.select is None or code in self.select or code in ALWAYS_SELECTED

    def _reports_skip(self, finding: Finding) -> bool:
        """A check.skipped finding stays while a rule it skipped is selected (unless BC910 itself
        is ignored), so `--select sender` on a scan without OCR is not a silent pass."""
        if finding.rule != "BC910" or "BC910" in self.ignore:
            return False
        return any(self.enabled(code) for code in finding.details.get("rules", ()))

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        """Drop disabled rules and re-grade the rest."""
        out = []
        for f in findings:
            if not self.enabled(f.rule) and not self._reports_skip(f):
                continue
            if f.rule in self.severity:
                f = f.model_copy(update={"severity": self.severity[f.rule]})
            out.append(f)
        return out


def merge_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Fold findings that share a rule and merge_key into one, with pages, boxes and a count.

    Every finding comes out with ``pages`` (and ``boxes``/``box_pages``) filled in from its
    ``page`` and ``bbox`` when it has none, merged or not, so readers of the JSON and SARIF
    find a finding's places in one way.
    """
    merged: dict[tuple[str, str], Finding] = {}
    out: list[Finding] = []
    for f in findings:
        if f.merge_key is None:
            out.append(_with_places(f))
            continue
        key = (f.rule, f.merge_key)
        first = merged.get(key)
        if first is None:
            pages = [f.page] if f.page is not None else []
            boxes = [f.bbox] if f.bbox is not None else []
            box_pages = [f.page] if f.bbox is not None and f.page is not None else []
            if f.pages:  # already a group (e.g. one finding per document)
                pages = list(f.pages)
            if f.boxes:
                boxes, box_pages = list(f.boxes), list(f.box_pages)
            first = f.model_copy(update={"pages": pages, "boxes": boxes, "box_pages": box_pages})
            merged[key] = first
            out.append(first)
            continue
        first.count += f.count
        if f.page is not None and f.page not in first.pages:
            first.pages.append(f.page)
        if f.bbox is not None:
            first.boxes.append(f.bbox)
            if f.page is not None and len(first.box_pages) == len(first.boxes) - 1:
                first.box_pages.append(f.page)
    for f in merged.values():
        f.pages.sort()
    return out


def _with_places(f: Finding) -> Finding:
    """The finding with ``pages`` and ``boxes`` stated even when it is on one page, one box."""
    update: dict = {}
    if not f.pages and f.page is not None:
        update["pages"] = [f.page]
    if not f.boxes and f.bbox is not None and f.page is not None:
        update["boxes"], update["box_pages"] = [f.bbox], [f.page]
    return f.model_copy(update=update) if update else f
