"""`brandcheck rules` and `brandcheck schema`: the rule registry and the report's JSON Schema."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from brandcheck.reporters.json import json_schema
from brandcheck.rules import RULES


def rules(
    as_json: bool = typer.Option(False, "--json", help="Print the registry as JSON."),
) -> None:
    """List every rule: code, name, default severity, summary and source in the manual."""
    if as_json:
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
        return
    table = Table("code", "name", "severity", "summary", "source", box=None, header_style="bold")
    for r in RULES:
        table.add_row(r.code, r.name, r.severity.value, r.summary, r.source)
    Console(soft_wrap=False).print(table)


def schema() -> None:
    """Print the JSON Schema of the JSON report (brandcheck.report/1)."""
    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
