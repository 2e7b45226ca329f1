"""The `brandcheck` command line: typer app assembly and the one error-to-exit-code handler."""

from __future__ import annotations

import sys

import typer

from brandcheck import __version__
from brandcheck.cli import check, profile, rules
from brandcheck.errors import BrandcheckError

app = typer.Typer(
    name="brandcheck",
    help="Check images and PDFs against a brand's graphic profile (logo, colours, type, sender).",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.command("check", help=check.HELP)(check.check)
app.command("rules")(rules.rules)
app.command("schema")(rules.schema)
app.add_typer(profile.app, name="profile")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"brandcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Brand-asset compliance checks for images and PDFs."""


def main() -> None:
    """Entry point: run the app, mapping BrandcheckError to its exit code and message."""
    try:
        code = app(standalone_mode=False)
    except BrandcheckError as exc:
        typer.secho(f"brandcheck: {exc.message}", err=True, fg="red")
        sys.exit(int(exc.exit_code))
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.secho("aborted", err=True)
        sys.exit(130)
    except Exception as exc:  # click usage errors come through here in non-standalone mode
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(2)
        raise
    sys.exit(code if isinstance(code, int) else 0)
