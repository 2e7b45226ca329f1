"""`brandcheck profile show|validate|list`: inspect brand profiles."""

from __future__ import annotations

import json

import typer

from brandcheck import ctrl_c
from brandcheck.cli.options import say_notes, table_console
from brandcheck.run_notes import logo_notes

# the profile model (pydantic), rich's tables and the checks are imported by the commands that
# use them, so the command line starts without them

app = typer.Typer(
    help="Show, list and validate brand profiles. Exit codes: 0; 2 for a profile that is not "
    "found or not valid, or a bad option.",
    epilog="[bold]Examples[/]\n\n"
    "brandcheck profile list\n"
    "brandcheck profile show stockholm-bolag\n"
    "brandcheck profile validate ./acme",
    no_args_is_help=True,
)


@app.command("list")
def list_profiles() -> None:
    """List the shipped profiles (and those on BRANDCHECK_PROFILE_PATH)."""
    from brandcheck.profile import shipped_profiles

    for name, path in shipped_profiles().items():
        typer.echo(f"{name}\t{path}")


@app.command("show")
def show(
    name: str = typer.Argument("stockholm", help="A shipped profile name or a profile folder."),
    as_json: bool = typer.Option(False, "--json", help="Print the validated profile as JSON."),
) -> None:
    """Show a profile's palette, logo rules, fonts and sender texts, with sources."""
    from rich.markup import escape
    from rich.table import Table

    from brandcheck.profile import load_profile

    prof = load_profile(name)
    if as_json:
        typer.echo(json.dumps(prof.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    con = table_console()
    con.print(f"[bold]{prof.profile.title}[/] ({prof.name} {prof.profile.version}) — {prof.root}")
    palette = Table(
        "colour",
        "hex",
        "CMYK",
        "Pantone",
        "verified",
        box=None,
        header_style="bold",
        title="Palette",
    )
    palette.add_column("source", overflow="fold")  # a URL wrapped on a terminal, never cut
    for c in prof.palette:
        cmyk = "/".join(f"{v:g}" for v in c.cmyk) if c.cmyk else "–"
        palette.add_row(
            c.name,
            f"[on {c.hex}]    [/] {c.hex}",
            cmyk,
            c.pantone or "–",
            "yes" if c.verified else "[yellow]no[/]",
            c.source,
        )
    con.print(palette)
    rules = Table(
        "setting",
        "value",
        "verified",
        box=None,
        header_style="bold",
        title="Logo, type and production",
    )
    rules.add_column("source", overflow="fold")
    for section in (prof.colour, prof.logo, prof.fonts, prof.production):
        for key, value in section:
            if hasattr(value, "source") and hasattr(value, "value"):
                rules.add_row(
                    key,
                    str(value.value),
                    "yes" if value.verified else "[yellow]no[/]",
                    value.source,
                )
    con.print(rules)
    for label, specs in (
        ("logo template", prof.logo.templates),
        ("forbidden logo", prof.logo.forbidden_templates),
    ):
        for t in specs:
            flag = " [yellow](STAND-IN: replace with the official file)[/]" if t.standin else ""
            named = f"{escape(t.name)}, " if t.name else ""
            con.print(f"{label} {t.id} ({named}{t.variant}): {escape(t.file)}{flag}")
    con.print(
        "fonts: "
        + ", ".join(f.family for f in prof.fonts.allowed)
        + (f"; forbidden: {', '.join(prof.fonts.forbidden)}" if prof.fonts.forbidden else "")
    )
    if prof.sender.required_any:
        con.print("required sender text (any of): " + " | ".join(prof.sender.required_any))
    rules = prof.rules
    if rules.ignore or rules.severity:
        regraded = ", ".join(f"{key} → {level}" for key, level in rules.severity.items())
        con.print(
            "rules: "
            + (f"ignored {', '.join(rules.ignore)}" if rules.ignore else "none ignored")
            + (f"; re-graded {regraded}" if regraded else ""),
            markup=False,
        )


@app.command("validate")
def validate(path: str = typer.Argument(..., help="A profile folder or its profile.toml.")) -> None:
    """Validate a profile folder and load its logo files; errors name the file and the key
    (exit 2)."""
    with ctrl_c.held():  # a Ctrl-C while native libraries load would abort Python
        from brandcheck.api import ready_context
    from brandcheck.pipeline import RunOptions
    from brandcheck.profile import load_profile
    from brandcheck.reporters.words import plural

    prof = load_profile(path)
    ready_context(prof, RunOptions())  # a logo file that cannot be used is an error here too
    unverified = sum(not c.verified for c in prof.palette)
    typer.echo(  # "1 colour, 1 own logo file, 2 forbidden logo files", never "1 colours"
        f"{prof.name}: valid ({plural(len(prof.palette), 'colour')}, {unverified} unverified, "
        f"{plural(len(prof.logo.templates), 'own logo file')}, "
        f"{plural(len(prof.logo.forbidden_templates), 'forbidden logo file')})"
    )
    say_notes(logo_notes(prof, ("own", "forbidden")))
