"""Help and command-line errors in the user's language.

Click (vendored by Typer) writes its help and usage errors in English. The command classes here
write the help from the catalogue (i18n.py) in one language, chosen before anything is parsed
(`--lang` anywhere on the command line, else the CTG_CHECK_LANG environment variable, else
Vietnamese), and turn every usage error (unknown or missing option, bad value, extra argument)
into one translated line built from the data the exception carries. No rich here: `--help`
stays fast.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from contextvars import ContextVar
from typing import Any

from typer import _click
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperCommand, TyperGroup
from typer.exceptions import Abort

from ctg_check.i18n import LABELS, label, lang_of, message

HELP_NAMES = ["-h", "--help"]
CONTEXT = {"help_option_names": HELP_NAMES}
_LANG: ContextVar[str] = ContextVar("ctg_check_help_lang", default="vi")
_EXTRA = re.compile(r"unexpected extra argument(?:s|\(s\))? \((.*)\)")
_COMMAND = re.compile(r"No such command '(.*?)'")


def _key(ctx: _click.Context) -> str:
    """`validate`, `plan_show`; `root` for ctg-check itself."""
    return "_".join(ctx.command_path.split()[1:]) or "root"


def _text(keys: Sequence[str], lang: str, fallback: str | None = None) -> str | None:
    """The first catalogue entry among keys."""
    for key in keys:
        if key in LABELS:
            return label(key, lang)
    return fallback


def metavar(param: Any, ctx: _click.Context, lang: str) -> str:
    """A readable placeholder for the value of an option or argument (`TỆP...`, `NGÀY`)."""
    cmd, name = _key(ctx), param.name
    shown = _text([f"meta_{cmd}_{name}", f"meta_{name}"], lang) or label("meta_value", lang)
    many = param.param_type_name == "argument" and param.nargs != 1
    return shown + ("..." if many else "")


def usage(ctx: _click.Context, lang: str) -> str:
    pieces = [label("meta_options", lang)]
    cmd = ctx.command
    pieces += [metavar(p, ctx, lang) for p in cmd.params if p.param_type_name == "argument"]
    if isinstance(cmd, TyperGroup):
        pieces.append(label("meta_command", lang))
    return f"{label('help_usage', lang)}: {ctx.command_path} {' '.join(pieces)}"


def _param_row(param: Any, ctx: _click.Context, lang: str) -> tuple[str, str]:
    """An option's or argument's names and placeholder, its help, default and whether needed."""
    cmd, name = _key(ctx), param.name
    is_arg = param.param_type_name == "argument"
    if is_arg:
        first = metavar(param, ctx, lang)
    else:
        first = ", ".join(sorted(param.opts, key=len) + list(param.secondary_opts))
        if not param.is_flag:
            first += " " + metavar(param, ctx, lang)
    help_text = _text([f"opt_{cmd}_{name}", f"opt_{name}"], lang, "") or ""
    notes = []
    default = _text([f"default_{cmd}_{name}", f"default_{name}"], lang)
    if default is None and not is_arg and not param.is_flag and param.default is not None:
        default = str(getattr(param.default, "value", param.default))
    if default:
        notes.append(label("help_default", lang, value=default))
    if param.envvar:
        notes.append(label("help_envvar", lang, name=param.envvar))
    if param.required:
        notes.append(label("help_required", lang))
    if notes:
        help_text += f"  [{'; '.join(notes)}]"
    return first, help_text


def write_help(cmd: _click.Command, ctx: _click.Context, formatter: Any) -> None:
    """Usage, what the command does, its arguments, options, commands and examples, all in the
    chosen language."""
    lang = _LANG.get()
    key = _key(ctx)
    formatter.write(usage(ctx, lang) + "\n")
    about = _text([f"cmd_{key}"], lang, cmd.help or "")
    if about:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(about)
    params = [p for p in cmd.get_params(ctx) if not getattr(p, "hidden", False)]
    for heading, arguments in (("help_arguments", True), ("help_options", False)):
        items = [_param_row(p, ctx, lang) for p in params if _is_arg(p) is arguments]
        if items:
            with formatter.section(label(heading, lang)):
                formatter.write_dl(items)
    if isinstance(cmd, TyperGroup):
        names = [n for n in cmd.list_commands(ctx) if not cmd.commands[n].hidden]
        prefix = "" if key == "root" else f"{key}_"
        subs = [(n, _text([f"cmd_{prefix}{n}_short"], lang, "") or "") for n in names]
        with formatter.section(label("help_commands", lang)):
            formatter.write_dl(subs)
    examples = _text([f"ex_{key}"], lang)
    if examples:
        with formatter.section(label("help_examples", lang)):
            for line in examples.split("\n"):
                formatter.write(" " * formatter.current_indent + line + "\n")


def _is_arg(param: Any) -> bool:
    return bool(param.param_type_name == "argument")


class Command(TyperCommand):
    """A command whose help is written in the chosen language."""

    def format_help(self, ctx: _click.Context, formatter: Any) -> None:
        write_help(self, ctx, formatter)


class Group(TyperGroup):
    """The ctg-check command: help in one language, usage errors translated, exit code 2."""

    def format_help(self, ctx: _click.Context, formatter: Any) -> None:
        write_help(self, ctx, formatter)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        lang = lang_of(argv)
        token = _LANG.set(lang)
        try:
            code = super().main(argv, prog_name, complete_var, False, windows_expand_args, **extra)
        except NoArgsIsHelpError as exc:
            sys.stderr.write(exc.format_message() + "\n")
            code = 2
        except ClickException as exc:
            sys.stderr.write(error_text(exc, lang, argv) + "\n")
            code = exc.exit_code
        except Abort:
            sys.stderr.write(f"ctg-check: {label('interrupted', lang)}\n")
            code = 1
        finally:
            _LANG.reset(token)
        sys.exit(code if isinstance(code, int) else 0)


def error_text(exc: ClickException, lang: str, argv: Sequence[str]) -> str:
    """What went wrong on the command line, then how it is used and where help is."""
    code, params = translate(exc, argv)
    lines = [f"ctg-check: {message(code, lang, **params)}"]
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        lines.append(usage(ctx, lang))
        lines.append(label("help_hint", lang, command=f"{ctx.command_path} -h"))
    return "\n".join(lines)


def translate(exc: ClickException, argv: Sequence[str]) -> tuple[str, dict[str, Any]]:
    """A catalogue code and its parameters for one of Click's exceptions."""
    if isinstance(exc, NoSuchOption):
        near = ", ".join(sorted(exc.possibilities or ()))
        return ("cli-no-such-option-near" if near else "cli-no-such-option"), {
            "option": exc.option_name,
            "near": near,
        }
    if isinstance(exc, MissingParameter):
        return _missing(exc)
    if isinstance(exc, BadParameter):
        return _bad_value(exc, argv)
    if isinstance(exc, BadOptionUsage):
        flag = _option(exc, exc.option_name)
        no_value = "does not take" in exc.message or (flag is not None and flag.is_flag)
        code = "cli-option-no-value" if no_value else "cli-option-value"
        return code, {"option": exc.option_name}
    text = exc.format_message()
    if m := _EXTRA.search(text):
        return "cli-extra-arguments", {"args": m[1]}
    if m := _COMMAND.search(text):
        ctx = getattr(exc, "ctx", None)
        known = ", ".join(getattr(ctx.command, "commands", {})) if ctx else ""
        return "cli-no-such-command", {"name": m[1], "known": known}
    if isinstance(exc, UsageError) and "Missing command" in text:
        return "cli-missing-command", {}
    return "cli-usage", {"detail": text}


def _missing(exc: MissingParameter) -> tuple[str, dict[str, Any]]:
    param = exc.param
    if param is None:
        return "cli-missing-argument", {"name": "?"}
    if param.param_type_name == "argument":
        ctx = exc.ctx
        lang = _LANG.get()
        name = metavar(param, ctx, lang) if ctx is not None else str(param.name)
        return "cli-missing-argument", {"name": name}
    return "cli-missing-option", {"option": " / ".join(param.opts)}


def _bad_value(exc: BadParameter, argv: Sequence[str]) -> tuple[str, dict[str, Any]]:
    param = exc.param
    if param is None:
        return "cli-usage", {"detail": exc.format_message()}
    option = " / ".join(param.opts) if param.param_type_name == "option" else str(param.name)
    value = _given(param, argv)
    desc = param.type_descriptor
    if desc.choices:
        choices = ", ".join(str(getattr(c, "value", c)) for c in desc.choices)
        return "cli-bad-choice", {"option": option, "value": value, "choices": choices}
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None or high is not None:
        return "cli-bad-number", {"option": option, "value": value, "min": low, "max": high}
    return "cli-bad-value", {"option": option, "value": value}


def _given(param: Any, argv: Sequence[str]) -> str:
    """The value given for an option on the command line (or in its environment variable)."""
    args = list(argv)
    for i, arg in enumerate(args):
        for opt in param.opts:
            if arg == opt and i + 1 < len(args):
                return args[i + 1]
            if arg.startswith(opt + "=") and opt.startswith("--"):
                return arg[len(opt) + 1 :]
    if param.envvar and param.envvar in os.environ:
        return os.environ[param.envvar]
    return ""


def _option(exc: UsageError, name: str) -> Any:
    ctx = exc.ctx
    if ctx is None:
        return None
    return next((p for p in ctx.command.params if name in getattr(p, "opts", ())), None)
