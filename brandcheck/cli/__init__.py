"""The `brandcheck` command line: typer app assembly and the one error-to-exit-code handler."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import typer

from brandcheck.cli import check, profile, rules, scan, watch
from brandcheck.cli import options as shared
from brandcheck.errors import BrandcheckError

app = typer.Typer(
    name="brandcheck",
    help="Check images and PDFs against a brand's graphic profile (logo, colours, type, sender).",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="[bold]Start here[/]\n\n"
    "brandcheck check poster.pdf exports/   [dim]# check files and folders[/]\n"
    "brandcheck check --help                [dim]# its options, examples, exit codes[/]\n"
    "brandcheck rules                       [dim]# what is checked, rule by rule[/]\n"
    "brandcheck profile list                [dim]# the brand profiles there are[/]",
)


def handled(command: Callable[..., Any]) -> Callable[..., Any]:
    """Map BrandcheckError to its message on stderr and its documented exit code, and a Ctrl-C
    that the command does not handle to exit 130 without a traceback: the commands import
    what they need when they run, so a Ctrl-C while that loads arrives here, not in
    ``__main__`` (typer 0.29 does the same; older typers said "Aborted!" and exited 1)."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except BrandcheckError as exc:
            shared.say(f"brandcheck: {exc.message}", fg="red")
            raise typer.Exit(int(exc.exit_code)) from exc
        except KeyboardInterrupt:
            raise typer.Exit(130) from None

    return run


app.command("check", help=check.HELP, epilog=check.EXAMPLES)(handled(check.check))
app.command("rules")(handled(rules.rules))
app.command("schema")(handled(rules.schema))
for sub in profile.app.registered_commands:
    sub.callback = handled(sub.callback)
app.add_typer(profile.app, name="profile")
for sub in scan.app.registered_commands:
    sub.callback = handled(sub.callback)
app.add_typer(scan.app, name="scan")
app.command("watch", help=watch.HELP, epilog=watch.EXAMPLES)(handled(watch.watch))


def _version(value: bool) -> None:
    if value:
        from brandcheck.build import code_version

        typer.echo(f"brandcheck {code_version()}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Brand-asset compliance checks for images and PDFs."""


def main() -> None:
    """Entry point for the `brandcheck` script."""
    app()
