"""The command line: parse, call the API, render, exit code. Nothing is computed here."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from ctg_check import __version__, signals
from ctg_check.clihelp import CONTEXT, Command, Group
from ctg_check.errors import CtgError
from ctg_check.i18n import LANG_ENV, count_label, label, message

if TYPE_CHECKING:
    from ctg_check.api import Annotation, Options
    from ctg_check.report import Report

app = typer.Typer(
    name="ctg-check",
    cls=Group,
    context_settings=CONTEXT,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help (clihelp.py writes it): rich doubles the start-up time
)
plan_app = typer.Typer(
    cls=Group, context_settings=CONTEXT, no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(plan_app, name="plan", help="Show or export a plan profile.")
command = partial(app.command, cls=Command)
plan_command = partial(plan_app.command, cls=Command)


class Lang(StrEnum):
    vi = "vi"
    en = "en"


class Format(StrEnum):
    text = "text"
    json = "json"


# Help texts, placeholders and shown defaults are in the catalogue (i18n: opt_*, meta_*,
# default_*), written in the chosen language by clihelp.py.
PathsArg = Annotated[list[Path], typer.Argument()]
PlanOpt = Annotated[str | None, typer.Option("--plan")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of")]
UnitsOpt = Annotated[str | None, typer.Option("--units")]
WardOpt = Annotated[str | None, typer.Option("--ward")]
LangOpt = Annotated[Lang, typer.Option("--lang", envvar=LANG_ENV)]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q")]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v")]


NoClobberOpt = Annotated[bool, typer.Option("--no-clobber")]


@plan_app.callback()
def _plan(ctx: typer.Context, lang: LangOpt = Lang.vi) -> None:
    """Show or export a plan profile."""
    _lang_for_subcommands(ctx, lang)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ctg-check {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True)] = False,
    lang: LangOpt = Lang.vi,
) -> None:
    """Checks Intergenerational Self-Help Club rosters against a plan's indicators."""
    _lang_for_subcommands(ctx, lang)


def _lang_for_subcommands(ctx: typer.Context, lang: Lang) -> None:
    """`ctg-check --lang en validate …` is `ctg-check validate … --lang en` (clihelp has already
    chosen the help's language from the whole command line)."""
    if lang is not Lang.vi:
        ctx.default_map = _defaults(ctx.command, lang.value)


def _defaults(cmd: Any, lang: str) -> dict[str, Any]:
    return {
        name: _defaults(sub, lang) if hasattr(sub, "commands") else {"lang": lang}
        for name, sub in getattr(cmd, "commands", {}).items()
    }


def echo(text: str, err: bool = False) -> None:
    """A plain line: file names and values in it printed as text (render.Terminal does the same
    for everything rich prints)."""
    from ctg_check.formatting import printable

    typer.echo(printable(text), err=err)


def say(code: str, lang: str, **params: Any) -> None:
    """One error line on stderr, in the user's language."""
    echo(f"ctg-check: {message(code, lang, **params)}", err=True)


def fail(code: str, lang: str, **params: Any) -> NoReturn:
    say(code, lang, **params)
    raise typer.Exit(2)


@contextmanager
def errors(lang: str, verbose: bool) -> Iterator[None]:
    """Turn errors that stop a command into one line in the user's language and exit code 2."""
    try:
        yield
    except CtgError as exc:
        if verbose:
            traceback.print_exc()
        fail(exc.code, lang, **exc.params)
    except typer.Exit:
        raise
    except Exception as exc:
        if verbose:
            traceback.print_exc()
        fail("internal-error", lang, detail=f"{type(exc).__name__}: {exc}")


def _as_of(value: str | None, lang: str) -> date | None:
    """The reference date, given as dd/mm/yyyy or yyyy-mm-dd."""
    from ctg_check.formatting import parse_date

    if value is None:
        return None
    found = parse_date(value)
    if found is None:
        fail("as-of-invalid", lang, value=value)
    return found


def _read_and_check(
    paths: list[Path],
    opts: Callable[[], Options],
    lang: str,
    quiet: bool,
    verbose: bool,
    write: Callable[..., Report] | None = None,
) -> Report:
    """What the reading commands share: the options, the files, a progress bar while each file is
    read, and the report of them checked; `write(files, opts=, progress=)` reads, checks and
    writes an output instead (api.summary, api.merge). An error that stops the command is one
    line and exit 2."""
    from ctg_check import api, render

    with errors(lang, verbose):
        options = opts()
        files = api.collect_files(paths)
        with render.progress(len(files), lang, enabled=not quiet) as tell:
            if write is not None:
                return write(files, opts=options, progress=tell)
            return api.check(api.read_all(files, options, tell, verbose=verbose), options)


@command()
def validate(
    paths: PathsArg,
    plan: PlanOpt = None,
    as_of: AsOfOpt = None,
    units: UnitsOpt = None,
    ward: WardOpt = None,
    lang: LangOpt = Lang.vi,
    fmt: Annotated[Format, typer.Option("--format")] = Format.text,
    annotate: Annotated[Path | None, typer.Option("--annotate")] = None,
    annotate_dir: Annotated[Path | None, typer.Option("--annotate-dir")] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Check each roster and print a report."""
    from ctg_check import api, render

    if annotate is not None and annotate_dir is not None:
        fail("annotate-dir-with-annotate", lang.value)
    opts = partial(api.options, plan, _as_of(as_of, lang.value), units, ward)
    report = _read_and_check(paths, opts, lang.value, quiet, verbose)
    done: list[Annotation] = []
    if annotate is not None:
        if len(report.files) != 1:
            fail("annotate-one-file", lang.value)
        jobs = [(Path(report.files[0].path), annotate)]
        with errors(lang.value, verbose):
            done = api.annotate_files(report, jobs, lang.value)
    elif annotate_dir is not None:
        with errors(lang.value, verbose):
            done = api.annotate_files(report, api.annotate_jobs(report, annotate_dir), lang.value)
    if fmt is Format.json:
        render.print_json(report.to_json(lang.value))
    else:
        render.render_report(report, lang.value, render.console(), quiet=quiet)
    _annotated_lines(done, lang.value, verbose, err=fmt is Format.json)
    # An annotated copy that could not be written is an output that failed: exit 2 (decisions.md).
    raise typer.Exit(2 if any(d.error for d in done) else report.exit_code())


def _annotated_lines(done: list[Annotation], lang: str, verbose: bool, err: bool) -> None:
    """After the report: where each annotated copy was written, or one line saying why not."""
    if len(done) > 1:
        echo("", err=err)
        echo(count_label("annotated_heading", len(done), lang), err=err)
    for item in done:
        if item.error is None:
            key = "annot_written" if item.kept else "annot_written_new"
            echo(("  " if len(done) > 1 else "") + label(key, lang, path=item.out), err=err)
            continue
        say(item.error.code, lang, **item.error.params)
        if verbose and item.error.params.get("detail"):
            echo(item.error.params["detail"], err=True)


@command()
def summary(
    paths: PathsArg,
    out: Annotated[Path, typer.Option("--output", "-o")],
    plan: PlanOpt = None,
    as_of: AsOfOpt = None,
    units: UnitsOpt = None,
    ward: WardOpt = None,
    lang: LangOpt = Lang.vi,
    include_members: Annotated[bool, typer.Option("--include-members")] = False,
    json_out: Annotated[Path | None, typer.Option("--json")] = None,
    issuer: Annotated[str | None, typer.Option("--issuer")] = None,
    recipient: Annotated[str | None, typer.Option("--recipient")] = None,
    number: Annotated[str | None, typer.Option("--number")] = None,
    place: Annotated[str | None, typer.Option("--place")] = None,
    year: Annotated[int | None, typer.Option("--year", min=2000, max=2100)] = None,
    signer: Annotated[str | None, typer.Option("--signer")] = None,
    no_clobber: NoClobberOpt = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Write the consolidated summary workbook for the department."""
    from ctg_check import api, render

    settings = {
        "issuer": issuer,
        "recipient": recipient,
        "number": number,
        "place": place,
        "year": year,
        "signer": signer,
    }
    opts = partial(
        api.options, plan, _as_of(as_of, lang.value), units, ward, plan_units=True, report=settings
    )
    write = partial(
        api.summary,
        out=out,
        lang=lang.value,
        include_members=include_members,
        json_out=json_out,
        no_clobber=no_clobber,
    )
    report = _read_and_check(paths, opts, lang.value, quiet, verbose, write)
    con = render.console()
    render.render_account(report, lang.value, con)
    if not quiet:
        render.render_totals(report, lang.value, con)
    render.render_notes(api.summary_notes(report), lang.value, con)
    render.render_missing(report, lang.value, con)
    con.print(label("summary_written", lang.value, path=out))
    render.render_closing(report, lang.value, con)
    raise typer.Exit(report.exit_code())


@command()
def merge(
    paths: PathsArg,
    out: Annotated[
        Path,
        typer.Option("--output", "-o"),
    ],
    plan: PlanOpt = None,
    as_of: AsOfOpt = None,
    units: UnitsOpt = None,
    ward: WardOpt = None,
    lang: LangOpt = Lang.vi,
    no_clobber: NoClobberOpt = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Merge submissions into one dataset with provenance."""
    from ctg_check import api, render

    opts = partial(api.options, plan, _as_of(as_of, lang.value), units, ward)
    write = partial(api.merge, out=out, lang=lang.value, no_clobber=no_clobber)
    report = _read_and_check(paths, opts, lang.value, quiet, verbose, write)
    con = render.console()
    render.render_account(report, lang.value, con)
    con.print(label("merged_written", lang.value, path=out))
    render.render_closing(report, lang.value, con)
    raise typer.Exit(report.exit_code())


@command()
def template(
    out: Annotated[Path, typer.Argument()],
    plan: PlanOpt = None,
    lang: LangOpt = Lang.vi,
    no_clobber: NoClobberOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Write the blank standard submission workbook."""
    from ctg_check import api

    with errors(lang.value, verbose):
        api.write_template(out, plan, no_clobber)
    echo(label("template_written", lang.value, path=out))


@command()
def serve(
    port: Annotated[int | None, typer.Option("--port")] = None,
    no_browser: Annotated[bool, typer.Option("--no-browser")] = False,
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    token: Annotated[str | None, typer.Option("--token")] = None,
    lang: LangOpt = Lang.vi,
    verbose: VerboseOpt = False,
) -> None:
    """Serve the checks as a local web page."""
    with errors(lang.value, verbose):
        try:
            from ctg_check.web.server import serve as run
        except ImportError as exc:
            fail("serve-missing", lang.value, module=exc.name or str(exc))

        def ready(url: str) -> None:
            echo(label("serve_listening", lang.value, url=url), err=True)

        run(host, port, token, lang.value, ready, open_browser=not no_browser)


@plan_command("show")
def plan_show(
    profile: Annotated[str | None, typer.Argument()] = None,
    lang: LangOpt = Lang.vi,
    verbose: VerboseOpt = False,
) -> None:
    """Print a plan's indicators."""
    from ctg_check import render
    from ctg_check.plan import load_plan

    with errors(lang.value, verbose):
        loaded = load_plan(profile)
    render.render_plan(loaded, lang.value, render.console())


@plan_command("export")
def plan_export(
    profile: Annotated[str, typer.Argument()],
    out: Annotated[Path, typer.Argument()],
    lang: LangOpt = Lang.vi,
    no_clobber: NoClobberOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Write a plan out to edit."""
    from ctg_check import api

    with errors(lang.value, verbose):
        api.export_plan(profile, out, no_clobber)
    echo(label("plan_written", lang.value, path=out))


def main(argv: list[str] | None = None) -> Callable[..., Any] | None:
    """Entry point (`ctg-check` goes through __main__.main, which installs this earlier)."""
    signals.install()
    signals.run(lambda: app(args=argv, prog_name="ctg-check"), argv)
    return None
