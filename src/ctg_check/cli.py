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
from ctg_check.errors import CtgError
from ctg_check.i18n import label, message

if TYPE_CHECKING:
    from ctg_check.api import Annotation, Options
    from ctg_check.report import Report

app = typer.Typer(
    name="ctg-check",
    help="Kiểm tra danh sách thành viên CLB liên thế hệ tự giúp nhau theo chỉ tiêu kế hoạch. "
    "Checks Intergenerational Self-Help Club rosters against a plan's indicators.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: rendering it with rich doubles the start-up time
)
plan_app = typer.Typer(
    help="Xem hoặc xuất kế hoạch (chỉ tiêu). Show or export a plan profile.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(plan_app, name="plan")


class Lang(StrEnum):
    vi = "vi"
    en = "en"


class Format(StrEnum):
    text = "text"
    json = "json"


PlanOpt = Annotated[
    str | None,
    typer.Option(
        "--plan", help="Kế hoạch: tên có sẵn hoặc tệp .toml. Plan profile id or TOML file."
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Ngày tham chiếu tính tuổi YYYY-MM-DD (mặc định hôm nay). Reference date for ages.",
    ),
]
UnitsOpt = Annotated[
    str | None,
    typer.Option(
        "--units",
        help="Danh sách phường, xã cần báo cáo (vung-tau-2022, vung-tau-2025 "
        "hoặc tệp .csv). Expected wards.",
    ),
]
WardOpt = Annotated[
    str | None,
    typer.Option(
        "--ward", help="Phường, xã của tệp khi tệp không ghi. Ward when the file does not say."
    ),
]


LangOpt = Annotated[Lang, typer.Option("--lang", help="Ngôn ngữ: vi hoặc en. Output language.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Chỉ in kết luận. Print less.")]
VerboseOpt = Annotated[
    bool, typer.Option("--verbose", "-v", help="In chi tiết lỗi kỹ thuật. Show technical details.")
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ctg-check {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="In phiên bản. Show the version."
        ),
    ] = False,
) -> None:
    """Kiểm tra danh sách thành viên CLB liên thế hệ tự giúp nhau."""


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
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail("as-of-invalid", lang, value=value)


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


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Tệp hoặc thư mục. Files or folders.")],
    plan: PlanOpt = None,
    as_of: AsOfOpt = None,
    units: UnitsOpt = None,
    ward: WardOpt = None,
    lang: LangOpt = Lang.vi,
    fmt: Annotated[Format, typer.Option("--format", help="text hoặc json.")] = Format.text,
    annotate: Annotated[
        Path | None,
        typer.Option(
            "--annotate",
            help="Ghi bản sao tệp có đánh dấu ô lỗi. Write a copy with problem cells marked.",
        ),
    ] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Kiểm tra từng tệp theo kế hoạch và in báo cáo. Check each roster and print a report."""
    from ctg_check import api, render

    opts = partial(api.options, plan, _as_of(as_of, lang.value), units, ward)
    report = _read_and_check(paths, opts, lang.value, quiet, verbose)
    done = None
    if annotate is not None:
        if len(report.files) != 1:
            fail("annotate-one-file", lang.value)
        with errors(lang.value, verbose):
            (done,) = api.annotate_files(
                report, [(Path(report.files[0].path), annotate)], lang.value
            )
    if fmt is Format.json:
        render.print_json(report.to_json(lang.value))
    else:
        render.render_report(report, lang.value, render.console(), quiet=quiet)
    if done is not None:
        _annotated_line(done, lang.value, verbose, err=fmt is Format.json)
    # An annotated copy that could not be written is an output that failed: exit 2 (decisions.md).
    raise typer.Exit(2 if done is not None and done.error else report.exit_code())


def _annotated_line(done: Annotation, lang: str, verbose: bool, err: bool) -> None:
    """After the report: where the annotated copy was written, or one line saying why not."""
    if done.error is None:
        key = "annot_written" if done.kept else "annot_written_new"
        echo(label(key, lang, path=done.out), err=err)
        return
    say(done.error.code, lang, **done.error.params)
    if verbose and done.error.params.get("detail"):
        echo(done.error.params["detail"], err=True)


@app.command()
def summary(
    paths: Annotated[list[Path], typer.Argument(help="Tệp hoặc thư mục. Files or folders.")],
    out: Annotated[
        Path, typer.Option("--output", "-o", help="Tệp .xlsx sẽ ghi. The .xlsx file to write.")
    ],
    plan: PlanOpt = None,
    as_of: AsOfOpt = None,
    units: UnitsOpt = None,
    ward: WardOpt = None,
    lang: LangOpt = Lang.vi,
    include_members: Annotated[
        bool,
        typer.Option(
            "--include-members",
            help="Thêm trang danh sách thành viên (dữ liệu cá nhân). Add the members sheet "
            "(personal data).",
        ),
    ] = False,
    json_out: Annotated[
        Path | None,
        typer.Option("--json", help="Ghi thêm báo cáo JSON. Also write the JSON report."),
    ] = None,
    issuer: Annotated[
        str | None,
        typer.Option("--issuer", help="Cơ quan ban hành (cấp trên|cơ quan). Issuing body."),
    ] = None,
    recipient: Annotated[
        str | None,
        typer.Option("--recipient", help="Nơi nhận báo cáo (Kính gửi). Recipient."),
    ] = None,
    number: Annotated[
        str | None,
        typer.Option("--number", help="Số văn bản, ví dụ 15/BC-UBND. Document number."),
    ] = None,
    place: Annotated[
        str | None, typer.Option("--place", help="Địa danh ghi trước ngày tháng. Place.")
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            min=2000,
            max=2100,
            help="Năm báo cáo (mặc định: năm có hạn nộp gần ngày tham chiếu nhất). Reporting year.",
        ),
    ] = None,
    signer: Annotated[
        str | None,
        typer.Option(
            "--signer", help="Người ký «thẩm quyền|chức vụ|họ tên». Signer: authority|title|name."
        ),
    ] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Ghi bảng tổng hợp gửi Sở. Write the consolidated summary workbook for the department."""
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
    write = partial(api.summary, out=out, lang=lang.value, include_members=include_members)
    report = _read_and_check(paths, opts, lang.value, quiet, verbose, write)
    if json_out is not None:
        with errors(lang.value, verbose):
            api.write_json(report, json_out, lang.value)
    con = render.console()
    render.render_account(report, lang.value, con)
    if not quiet:
        render.render_totals(report, lang.value, con)
    render.render_notes(api.summary_notes(report), lang.value, con)
    render.render_missing(report, lang.value, con)
    con.print(label("summary_written", lang.value, path=out))
    render.render_closing(report, lang.value, con)
    raise typer.Exit(report.exit_code())


@app.command()
def merge(
    paths: Annotated[list[Path], typer.Argument(help="Tệp hoặc thư mục. Files or folders.")],
    out: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Tệp .xlsx, hoặc thư mục để ghi các tệp .csv. An .xlsx file, or a folder for CSV.",
        ),
    ],
    plan: PlanOpt = None,
    as_of: AsOfOpt = None,
    units: UnitsOpt = None,
    ward: WardOpt = None,
    lang: LangOpt = Lang.vi,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Gộp mọi tệp thành một bộ dữ liệu sạch, ghi rõ nguồn. Merge submissions into one dataset."""
    from ctg_check import api, render

    opts = partial(api.options, plan, _as_of(as_of, lang.value), units, ward)
    write = partial(api.merge, out=out, lang=lang.value)
    report = _read_and_check(paths, opts, lang.value, quiet, verbose, write)
    con = render.console()
    render.render_account(report, lang.value, con)
    con.print(label("merged_written", lang.value, path=out))
    render.render_closing(report, lang.value, con)
    raise typer.Exit(report.exit_code())


@app.command()
def template(
    out: Annotated[Path, typer.Argument(help="Tệp .xlsx sẽ ghi. The .xlsx file to write.")],
    plan: PlanOpt = None,
    lang: LangOpt = Lang.vi,
    verbose: VerboseOpt = False,
) -> None:
    """Ghi mẫu báo cáo chuẩn (.xlsx) để gửi phường, xã. Write the blank standard workbook."""
    from ctg_check import api

    with errors(lang.value, verbose):
        api.write_template(out, plan)
    echo(label("template_written", lang.value, path=out))


@app.command()
def serve(
    port: Annotated[
        int | None,
        typer.Option("--port", help="Cổng (mặc định 8765, hoặc cổng trống). Port to listen on."),
    ] = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Không mở trình duyệt. Do not open a browser.")
    ] = False,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Địa chỉ phục vụ (mặc định 127.0.0.1, chỉ máy này; địa chỉ khác cần --token). "
            "Address to bind; any other than loopback needs --token.",
        ),
    ] = "127.0.0.1",
    token: Annotated[
        str | None,
        typer.Option("--token", help="Mã truy cập khi phục vụ mạng nội bộ. Access token."),
    ] = None,
    lang: LangOpt = Lang.vi,
    verbose: VerboseOpt = False,
) -> None:
    """Mở trang kiểm tra trên trình duyệt (chạy trên máy này). Serve a local web page."""
    with errors(lang.value, verbose):
        try:
            from ctg_check.web.server import serve as run
        except ImportError as exc:
            fail("serve-missing", lang.value, module=exc.name or str(exc))

        def ready(url: str) -> None:
            typer.echo(label("serve_listening", lang.value, url=url), err=True)

        run(host, port, token, lang.value, ready, open_browser=not no_browser)


@plan_app.command("show")
def plan_show(
    profile: Annotated[str | None, typer.Argument(help="Tên kế hoạch hoặc tệp .toml.")] = None,
    lang: LangOpt = Lang.vi,
    verbose: VerboseOpt = False,
) -> None:
    """In các chỉ tiêu của kế hoạch. Print a plan's indicators."""
    from ctg_check import render
    from ctg_check.plan import load_plan

    with errors(lang.value, verbose):
        loaded = load_plan(profile)
    render.render_plan(loaded, lang.value, render.console())


@plan_app.command("export")
def plan_export(
    profile: Annotated[str, typer.Argument(help="Tên kế hoạch có sẵn. Built-in plan id.")],
    out: Annotated[Path, typer.Argument(help="Tệp .toml sẽ ghi. The TOML file to write.")],
    lang: LangOpt = Lang.vi,
    verbose: VerboseOpt = False,
) -> None:
    """Xuất kế hoạch ra tệp .toml để sửa. Write a plan out to edit."""
    from ctg_check.plan import export_plan

    with errors(lang.value, verbose):
        export_plan(profile, out)
    echo(label("plan_written", lang.value, path=out))


def main(argv: list[str] | None = None) -> Callable[..., Any] | None:
    """Entry point (`ctg-check` goes through __main__.main, which installs this earlier)."""
    signals.install()
    signals.run(lambda: app(args=argv, prog_name="ctg-check"), argv)
    return None
