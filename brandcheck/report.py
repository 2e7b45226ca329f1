"""The report model every writer reads: findings, pages, files and the run summary."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from brandcheck import __version__
from brandcheck.rules import Rule, Severity, get_rule

SCHEMA_ID = "brandcheck.report/1"


class _Model(BaseModel):
    """The report's models: the JSON schema marks a field with a default required, as every
    report writes it, so a client generated from the schema does not make every field
    optional."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


BBox = tuple[float, float, float, float]
"""[x0, y0, x1, y1] in the page's units, origin at the top left."""


class Finding(_Model):
    """One problem a designer can act on: what, where, and what is expected."""

    rule: str = Field(description="Stable rule code, e.g. BC101")
    name: str = Field(description="Dotted rule name, e.g. logo.missing")
    severity: Severity
    message: str
    page: int | None = Field(None, description="0-based page index; null for the whole file")
    pages: list[int] = Field(default_factory=list, description="All pages a merged finding is on")
    bbox: BBox | None = None
    boxes: list[BBox] = Field(default_factory=list, description="All boxes of a merged finding")
    box_pages: list[int] = Field(
        default_factory=list, description="The page of each entry in boxes (same length)"
    )
    count: int = 1
    measured: Any = None
    expected: Any = None
    details: dict[str, Any] = Field(default_factory=dict)
    merge_key: str | None = Field(None, exclude=True)

    @property
    def unit(self) -> str:
        """The unit of ``measured`` and ``expected`` (mm, px, pt) when the finding gives one."""
        return str(self.details.get("unit") or "")

    @classmethod
    def of(cls, rule_key: str, message: str, **fields: Any) -> Finding:
        """Build a finding for a registered rule with its default severity."""
        rule: Rule = get_rule(rule_key)
        return cls(
            rule=rule.code, name=rule.name, severity=rule.severity, message=message, **fields
        )


class LogoHit(_Model):
    """A detected logotype on a page."""

    bbox: BBox
    role: Literal["own", "forbidden"] = Field(
        "own",
        description="own: the profile's own logotype ([[logo.templates]], judged by BC102-BC109); "
        "forbidden: a logo the profile forbids ([[logo.forbidden_templates]], BC108)",
    )
    name: str = Field(
        "", description="what the profile calls this logo, e.g. 'the S:t Erik logotype'"
    )
    score: float
    scale: float
    angle: float
    aspect: float
    variant: str
    template: str
    colour: str | None = Field(
        description="Measured logo colour as #RRGGBB, as BC106 judges it; null when its ink "
        "could not be measured (a finding BC910 says why)"
    )
    width_mm: float | None = None
    width_px: float | None = None


class FontUse(_Model):
    """A font used on a page, as seen in the PDF."""

    name: str
    family: str
    weight: str = "Regular"
    embedded: bool | None = Field(
        True,
        description="whether the font is embedded; null when no font resource of the page "
        "answers to the text's font (text of an annotation's appearance)",
    )
    min_size: float | None = None
    program: str | None = Field(
        None,
        description="the name the embedded font program gives itself, when the family was "
        "judged by it (a resource named by a printer driver, such as CIDFont+F1)",
    )
    symbols_only: bool = Field(
        False,
        description="the font sets no words on the page, only signs (bullets, check marks, "
        "arrows): it is not judged as a typeface (BC301), nor as a missing base-14 Symbol or "
        "ZapfDingbats (BC302)",
    )


class ColourUse(_Model):
    """A colour found on a page with its nearest palette colour."""

    hex: str
    share: float = 0.0
    nearest: str | None = None
    nearest_hex: str | None = None
    delta_e: float | None = None
    cmyk_measured: str | None = Field(
        None,
        description="the nearest palette colour's CMYK values (e.g. '94/0/50/0') when delta_e "
        "was measured to them as they show (a colour set in CMYK), not to its hex value",
    )
    source: str = "raster"
    bbox: BBox | None = None


class PageReport(_Model):
    """What was measured on one page."""

    index: int
    width: float
    height: float
    units: Literal["pt", "px"]
    logos: list[LogoHit] = Field(default_factory=list)
    fonts: list[FontUse] = Field(default_factory=list)
    colours: list[ColourUse] = Field(default_factory=list)
    text_source: Literal["pdf", "ocr", "none"] = "none"
    facts: dict[str, Any] = Field(default_factory=dict, exclude=True)


class FileReport(_Model):
    """The outcome for one input file."""

    path: str
    source: str | None = Field(None, exclude=True)
    """The file's name on disk, which ``path`` (printable) may not spell exactly; not written."""
    sha256: str | None = None
    kind: Literal["pdf", "image", "svg", "unknown"] = "unknown"
    status: Literal["pass", "fail", "error"] = "pass"
    error: str | None = None
    page_count: int = 0
    pages: list[PageReport] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    seconds: float = 0.0

    @property
    def on_disk(self) -> str:
        """The name to open the file by again (annotated copies, previews)."""
        return self.source if self.source is not None else self.path

    def worst(self) -> Severity | None:
        ranks = [f.severity for f in self.findings]
        return max(ranks, key=lambda s: s.rank) if ranks else None


class Summary(_Model):
    """Counts over the whole run."""

    files: int = 0
    passed: int = 0
    failed: int = 0
    errors: int = 0
    findings: dict[str, int] = Field(default_factory=dict, description="by severity")
    rules: dict[str, int] = Field(default_factory=dict, description="by rule code")


class Report(_Model):
    """A whole run: the versioned JSON document `brandcheck.report/1`."""

    schema_: Literal["brandcheck.report/1"] = Field(SCHEMA_ID, alias="schema")
    tool: str = f"brandcheck {__version__}"
    created: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    profile: str
    target: Literal["print", "digital"]
    fail_on: Severity = Severity.error
    notes: list[str] = Field(
        default_factory=list,
        description="What a reader of the run's results should know about them (that the "
        "profile searches the project's stand-in logo artwork, not the official file, say).",
    )
    files: list[FileReport] = Field(default_factory=list)
    summary: Summary = Field(default_factory=Summary)

    model_config = {"populate_by_name": True}

    def summarise(self) -> Report:
        """Recompute the summary block from the files."""
        s = Summary(files=len(self.files))
        for f in self.files:
            s.passed += f.status == "pass"
            s.failed += f.status == "fail"
            s.errors += f.status == "error"
            for finding in f.findings:
                s.findings[finding.severity.value] = s.findings.get(finding.severity.value, 0) + 1
                s.rules[finding.rule] = s.rules.get(finding.rule, 0) + 1
        self.summary = s
        return self
