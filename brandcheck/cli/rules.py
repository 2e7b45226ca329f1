"""`brandcheck rules` and `brandcheck schema`: the rule registry and the report's JSON Schema."""

from __future__ import annotations

import json

import typer

from brandcheck.cli.options import table_console
from brandcheck.errors import UsageError
from brandcheck.rule_notes import NOTES
from brandcheck.rules import RULES

RULE_DOC_HEADER = """# Rules

Generated from the registry in `brandcheck/rules.py` by `brandcheck rules --format markdown`;
do not edit by hand. Codes are stable and never reused. Select, ignore and re-grade rules by code,
name or family (`--select logo`, `--ignore BC107`, `--severity colour.space=error`).
"""


def rules_markdown() -> str:
    """The rule registry as the Markdown page docs/RULES.md."""
    lines = [
        RULE_DOC_HEADER,
        "| code | name | severity | summary | source |",
        "|---|---|---|---|---|",
    ]
    for r in RULES:
        source = f"<{r.source}>" if r.source.startswith("http") else r.source
        lines.append(f"| {r.code} | `{r.name}` | {r.severity.value} | {r.summary} | {source} |")
    if NOTES:
        lines += ["", "## Notes", ""]
        lines += [
            f"- **{code}** {NOTES[code]}" for code in (r.code for r in RULES) if code in NOTES
        ]
    return "\n".join(lines) + "\n"


def rules(
    fmt: str = typer.Option(
        "table", "--format", "-f", metavar="table|json|markdown", help="How to list them."
    ),
) -> None:
    """List every rule: code, name, default severity, summary and source in the manual.

    Select, ignore and re-grade them in `check`, `scan` and `watch` by code, name or family
    (--select logo, --ignore BC107, --severity colour.space=error). Exit codes: 0; 2 for a bad
    option."""
    fmt = fmt.strip().lower()  # as check's and scan report's --format take it
    if fmt == "json":
        data = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.value,
                "summary": r.summary,
                "source": r.source,
            }
            for r in RULES
        ]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        typer.echo(rules_markdown(), nl=False)
    elif fmt == "table":
        from rich.table import Table

        table = Table("code", "name", "severity", "summary", box=None, header_style="bold")
        table.add_column("source", overflow="fold")  # a URL wrapped on a terminal, never cut
        for r in RULES:
            table.add_row(r.code, r.name, r.severity.value, r.summary, r.source)
        table_console().print(table)
    else:
        raise UsageError(f"--format must be table, json or markdown, not {fmt!r}")


def schema() -> None:
    """Print the JSON Schema of the JSON report (brandcheck.report/1).

    The report it describes: brandcheck check FILE --format json. Exit code 0."""
    from brandcheck.reporters.json import json_schema  # the report model: pydantic

    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
