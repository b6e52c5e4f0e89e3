"""The Typer application, shared options and the one error handler.

Command modules (``cli/process.py``, ``cli/documents.py``, …) register their
commands on :data:`app`. Each command converts options into arguments, calls one
library function inside :func:`handled` and reports the result. No YAML, Jinja,
CSV or openpyxl code lives in the CLI; heavy libraries are imported inside the
library functions so that ``ik --help`` starts fast.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperCommand, TyperGroup

from integrakonzept import __version__
from integrakonzept.errors import IkError

if TYPE_CHECKING:
    from integrakonzept.output import Writer

P = ParamSpec("P")
R = TypeVar("R")

HELP_OPTION_TEXT = "Diese Hilfe anzeigen und beenden."


def rewrap(text: str | None) -> str | None:
    """Help text as paragraphs: single line breaks of the source become spaces, so the
    terminal wraps the text itself instead of breaking lines twice."""
    if text is None:
        return None
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


def _german_panels() -> None:
    """Typer's help panels in German (the texts are module settings of typer.rich_utils)."""
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = "Argumente"
    rich_utils.OPTIONS_PANEL_TITLE = "Optionen"
    rich_utils.COMMANDS_PANEL_TITLE = "Befehle"
    rich_utils.ERRORS_PANEL_TITLE = "Fehler"
    rich_utils.REQUIRED_LONG_STRING = "[Pflicht]"
    rich_utils.DEFAULT_STRING = "[Standard: {}]"
    rich_utils.ABORTED_TEXT = "Abgebrochen."
    rich_utils.RICH_HELP = "Hilfe: [blue]'{command_path} {help_option}'[/]"
    rich_utils.rich_format_error = _german_error  # type: ignore[assignment]


# Typer's bundled click words its usage errors in English; they are matched here and said
# in German (the rest of the message – a file name, a value – is kept as it was typed).
_ERROR_TEXTS: tuple[tuple[str, str], ...] = (
    (r"Missing argument '(?P<a>[^']+)'\.?", "Es fehlt die Angabe {a}."),
    (r"Missing option '(?P<a>[^']+)'\.?", "Es fehlt die Option {a}."),
    (r"Missing parameter: (?P<a>\S+)", "Es fehlt die Angabe {a}."),
    (
        r"No such option: (?P<a>\S+?)(?: Did you mean (?P<b>\S+?)\?)?",
        "Die Option {a} gibt es nicht.",
    ),
    (
        r"No such option '(?P<a>[^']+)'\.?(?: Did you mean (?P<b>.+?)\?)?",
        "Die Option {a} gibt es nicht.",
    ),
    (
        r"No such command '(?P<a>[^']+)'\.?(?: Did you mean (?P<b>.+?)\?)?",
        "Den Befehl {a} gibt es nicht.",
    ),
    (r"Option '(?P<a>[^']+)' requires an argument\.?", "Die Option {a} braucht einen Wert."),
    (
        r"Option '(?P<a>[^']+)' requires (?P<n>\d+) arguments\.?",
        "Die Option {a} braucht {n} Werte.",
    ),
    (
        r"Got unexpected extra argument(?:s|\(s\))? \((?P<a>.+)\)",
        "Unerwartete zusätzliche Angabe: {a}.",
    ),
    (r"Invalid value for (?P<a>.+?): (?P<m>.+)", "Ungültiger Wert für {a}: {m}"),
)
_VALUE_TEXTS: tuple[tuple[str, str], ...] = (
    (r"'(?P<v>.*)' is not a valid integer(?: range)?\.?", "„{v}“ ist keine ganze Zahl."),
    (r"'(?P<v>.*)' is not a valid float(?: range)?\.?", "„{v}“ ist keine Zahl."),
    (r"'(?P<v>.*)' is not a valid boolean\.?", "„{v}“ ist weder ja noch nein."),
    (
        r"(?:Value error, )?'(?P<v>.*)' is not one of (?P<c>.+)\.",
        "„{v}“ ist keiner der Werte {c}.",
    ),
    (r"'(?P<v>.*)' does not match the formats? (?P<c>.+)\.", "„{v}“ passt nicht zur Form {c}."),
    (r"[Pp]ath '(?P<v>.*)' does not exist\.", "„{v}“ gibt es nicht."),
    (r"[Ff]ile '(?P<v>.*)' does not exist\.", "die Datei „{v}“ gibt es nicht."),
    (r"(?:[Ff]ile|[Pp]ath) '(?P<v>.*)' is a directory\.", "„{v}“ ist ein Ordner."),
    (r"(?:[Dd]irectory|[Pp]ath) '(?P<v>.*)' is a file\.", "„{v}“ ist eine Datei."),
    (r"Input should be greater than or equal to (?P<c>\S+)", "der Wert muss mindestens {c} sein."),
    (r"Input should be greater than (?P<c>\S+)", "der Wert muss größer als {c} sein."),
    (r"Input should be less than or equal to (?P<c>\S+)", "der Wert darf höchstens {c} sein."),
    (r"Input should be a valid integer.*", "eine ganze Zahl erwartet."),
)


def german_error_text(message: str) -> str:
    """Click's English usage error in German (unknown wording is returned unchanged)."""
    for pattern, text in _ERROR_TEXTS:
        found = re.fullmatch(pattern, message.strip(), flags=re.DOTALL)
        if found is None:
            continue
        parts = {k: (v or "") for k, v in found.groupdict().items()}
        if "m" in parts:
            parts["m"] = _german_value_text(parts["m"])
        result = text.format(**{k: v for k, v in parts.items() if k != "b"})
        if parts.get("b"):
            result += f" Meinten Sie {parts['b']}?"
        return result
    return _german_value_text(message)


def _german_value_text(message: str) -> str:
    for pattern, text in _VALUE_TEXTS:
        found = re.fullmatch(pattern, message.strip(), flags=re.DOTALL)
        if found is not None:
            return text.format(**found.groupdict())
    return message


def _german_error(error: Any) -> None:
    """Typer's error box, with the usage line and the message in German."""
    ctx = getattr(error, "ctx", None)
    message = german_error_text(error.format_message())
    console = Console(stderr=True)
    if ctx is not None:
        usage = _german_usage(ctx.get_usage())
        console.print(escape(usage), soft_wrap=True, highlight=False)
        if ctx.command.get_help_option(ctx) is not None:
            hint = f"Hilfe: {ctx.command_path} {ctx.help_option_names[0]}"
            console.print(escape(hint), soft_wrap=True, highlight=False)
    console.print(f"Fehler: {escape(message)}", soft_wrap=True, highlight=False)


def _no_type(ctx: object = None) -> None:
    return None


def _germanise(params: list[Any]) -> list[Any]:
    """Flags show no type placeholder ("<bool>"); help texts are rewrapped."""
    _german_panels()
    for param in params:
        # Flags need no type, and a named value (DATEI, PFAD, ID) says more than "<path>".
        is_flag = getattr(param, "is_flag", False) or getattr(param, "is_bool_flag", False)
        named_argument = getattr(param, "param_type_name", "") == "argument" and getattr(
            param, "metavar", None
        )
        if is_flag or named_argument:
            param.display_type_rich = _no_type
        if getattr(param, "help", None):
            param.help = rewrap(param.help)
    return params


def _german_usage(usage: str) -> str:
    return usage.replace("Usage: ", "Aufruf: ", 1)


def _german_help_option(option: Any) -> Any:
    if option is not None:
        option.help = HELP_OPTION_TEXT
    return option


class GermanCommand(TyperCommand):
    """A command whose help page is German: the help option's text, rewrapped help texts
    and no "<bool>" placeholder on flags."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = rewrap(self.help)

    def get_usage(self, ctx: Any) -> str:
        return _german_usage(super().get_usage(ctx))

    def get_help_option(self, ctx: Any) -> Any:
        return _german_help_option(super().get_help_option(ctx))

    def get_params(self, ctx: Any) -> Any:
        return _germanise(super().get_params(ctx))


class GermanGroup(TyperGroup):
    """The ``ik`` group with German help (see :class:`GermanCommand`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = rewrap(self.help)

    def get_usage(self, ctx: Any) -> str:
        return _german_usage(super().get_usage(ctx))

    def get_help_option(self, ctx: Any) -> Any:
        return _german_help_option(super().get_help_option(ctx))

    def get_params(self, ctx: Any) -> Any:
        return _germanise(super().get_params(ctx))


def use_german_help(typer_app: typer.Typer) -> None:
    """Give every registered command German help; call once all commands are registered."""
    for info in typer_app.registered_commands:
        if info.cls is None or info.cls is TyperCommand:
            info.cls = GermanCommand


app = typer.Typer(
    name="ik",
    cls=GermanGroup,
    help=(
        "ik – Werkzeugkasten für den Beteiligungsprozess zum kommunalen Integrationskonzept.\n\n"
        "Beschreiben Sie den Prozess einmal in einer YAML-Datei (ik new-process); "
        "ik erzeugt daraus Pressemitteilungen, Einladungen, Teilnahmelisten, QR-Codes, "
        "Kalenderdateien, die Anmeldeliste (Excel) und die Dokumentation für die Gremien."
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    add_completion=False,
)

# stderr is for people (progress, "erstellt: …", errors); stdout is for data.
err_console = Console(stderr=True, highlight=False)
out_console = Console(highlight=False)


class State:
    quiet = False


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"ik {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Version anzeigen."
        ),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Nur Fehler ausgeben, keine Fortschrittsanzeige.")
    ] = False,
) -> None:
    State.quiet = quiet


# --- shared option aliases (defined once) ---------------------------------------------
ProcessFile = Annotated[
    Path,
    typer.Argument(
        help="Die Prozessdatei (YAML), z. B. prozess.yaml.", metavar="DATEI", show_default=False
    ),
]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Ziel (Datei oder Ordner).", metavar="PFAD")
]
PhaseOpt = Annotated[
    str | None, typer.Option("--phase", "-p", help="Kennung (id) der Phase.", metavar="ID")
]
RequiredPhaseOpt = Annotated[
    str, typer.Option("--phase", "-p", help="Kennung (id) der Phase.", metavar="ID")
]
# One option for every command that dates a text or judges what is past: --today and
# --date are the same option (press releases have always said --date).
TodayOpt = Annotated[
    str | None,
    typer.Option(
        "--today",
        "--date",
        help="Stichtag JJJJ-MM-TT: Datum der Texte und was als vergangen gilt; Standard: heute.",
        metavar="DATUM",
    ),
]
TrackerOpt = Annotated[
    Path | None,
    typer.Option("--tracker", "-t", help="Die Anmeldeliste (xlsx).", metavar="PFAD"),
]
TemplatesOpt = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        help="Ordner mit eigenen Vorlagen (überschreibt eingebaute).",
        metavar="ORDNER",
    ),
]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", "-n", help="Nur anzeigen, was geschähe; nichts schreiben.")
]
ForceOpt = Annotated[bool, typer.Option("--force", "-f", help="Vorhandene Dateien überschreiben.")]


def is_stdout(output: Path | None) -> bool:
    """Whether ``-o -`` asks for the standard output."""
    return output is not None and str(output) == "-"


def refuse_stdout(output: Path | None, what: str, option: str = "-o") -> None:
    """``-o -`` where a command writes files that cannot go to the terminal (PDF, Excel,
    several files): a usage error instead of a folder called ``-``."""
    if is_stdout(output):
        raise typer.BadParameter(
            f"„-“ (Standardausgabe) geht hier nicht: {what}. "
            "Geben Sie einen Ordner oder eine Datei an.",
            param_hint=option,
        )


def parse_day(value: str | None, option: str = "--today") -> date | None:
    """Parse a YYYY-MM-DD option value or raise a German usage error."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"„{value}“ ist kein Datum im Format JJJJ-MM-TT.", param_hint=option
        ) from None


def handled(func: Callable[P, R]) -> Callable[P, R]:
    """Run a command body; turn :class:`IkError` into ``Fehler: …`` and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except IkError as exc:
            err_console.print(f"[bold red]Fehler:[/] {escape(exc.message)}", soft_wrap=True)
            if exc.hint:
                err_console.print(f"[dim]Hinweis:[/] {escape(exc.hint)}", soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err_console.print("Abgebrochen.")
            raise typer.Exit(130) from None

    return wrapper


def say(message: str) -> None:
    """A line for people on stderr, silenced by ``--quiet``."""
    if not State.quiet:
        err_console.print(message, soft_wrap=True, markup=False)


def warn(message: str) -> None:
    """A warning line on stderr (not silenced by ``--quiet``)."""
    err_console.print(f"[yellow]Warnung:[/] {escape(message)}", soft_wrap=True)


def report(writer: Writer) -> None:
    """Print one line per file written: ``erstellt: pfad`` etc."""
    for item in writer.written:
        say(f"{item.change.value}: {item.path}")
        if item.backup is not None:
            say(f"Sicherung der bisherigen Fassung: {item.backup}")


def main() -> None:
    """Entry point of the ``ik`` command."""
    _german_panels()
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        sys.exit(130)
