"""The Typer application, shared options and the one error handler.

Command modules (``cli/process.py``, ``cli/documents.py``, …) register their
commands on :data:`app`. Each command converts options into arguments, calls one
library function inside :func:`handled` and reports the result. No YAML, Jinja,
CSV or openpyxl code lives in the CLI; heavy libraries are imported inside the
library functions so that ``ik --help`` starts fast.

Start-up: a command module is imported only when its command runs or shows its help
(:data:`COMMANDS` names each command's module and summary for ``ik --help``), the help
is click's plain layout with German headings (Typer's Rich layout imports Markdown and
syntax highlighting: as long again as Typer itself), and Rich is imported only when a
console is first used.
"""

from __future__ import annotations

import functools
import importlib
import re
import sys
from collections.abc import Callable, Iterator, MutableMapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup
from typer.main import get_command_from_info, get_command_name
from typer.models import CommandFunctionType

from integrakonzept import __version__
from integrakonzept.errors import IkError

if TYPE_CHECKING:
    from rich.console import Console

    from integrakonzept.output import Writer

    err_console: Console
    out_console: Console

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


# Typer's bundled click words its usage errors in English; they are matched here and said
# in German (the rest of the message – a file name, a value – is kept as it was typed).
_ERROR_TEXTS: tuple[tuple[str, str], ...] = (
    (r"Missing argument '(?P<a>[^']+)'\.?", "Es fehlt die Angabe {a}."),
    (r"Missing option (?P<a>'[^']+'(?: / '[^']+')*)\.?", "Es fehlt die Option {a}."),
    (r"Missing parameter: (?P<a>\S+)", "Es fehlt die Angabe {a}."),
    (
        r"No such option: (?P<a>\S+?) \(Possible options: (?P<b>.+?)\)",
        "Die Option {a} gibt es nicht.",
    ),
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
        if re.fullmatch(r"'[^']+'(?: / '[^']+')+", parts.get("a", "")):
            parts["a"] = parts["a"].replace("'", "")  # '--kind' / '-k' -> --kind / -k
        if "m" in parts:
            parts["m"] = _german_value_text(parts["m"])
        result = text.format(**{k: v for k, v in parts.items() if k != "b"})
        if parts.get("b"):
            result += f" Meinten Sie {_one_of(parts['b'])}?"
        return result
    return _german_value_text(message)


def _one_of(choices: str) -> str:
    """Click's ``--date, --today`` as „--date oder --today“."""
    items = [c.strip().strip("'") for c in choices.split(",") if c.strip()]
    if len(items) < 2:
        return choices
    return f"{', '.join(items[:-1])} oder {items[-1]}"


def _german_value_text(message: str) -> str:
    for pattern, text in _VALUE_TEXTS:
        found = re.fullmatch(pattern, message.strip(), flags=re.DOTALL)
        if found is not None:
            return text.format(**found.groupdict())
    return message


def _german_error(error: Any) -> None:
    """A click usage error on stderr: usage line, help hint and the message, in German."""
    if type(error).__name__ == "NoArgsIsHelpError":  # plain ``ik``: the help page, no error
        error.show()
        return
    ctx = getattr(error, "ctx", None)
    message = german_error_text(error.format_message())
    lines = []
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(f"Hilfe: {ctx.command_path} {ctx.help_option_names[0]}")
    lines.append(f"Fehler: {message}")
    typer.echo("\n".join(lines), err=True)


def _no_type(ctx: object = None) -> None:
    return None


def _germanise(params: list[Any]) -> list[Any]:
    """Flags show no type placeholder ("<bool>"); help texts are rewrapped."""
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


def _german_help_option(option: Any) -> Any:
    if option is not None:
        option.help = HELP_OPTION_TEXT
    return option


# click's range descriptions ("x>=0", "1<=x<=65535") and the words of the "[…]" after a help
# text ("required", "default: 3") in German.
_EXTRA_TEXTS: tuple[tuple[str, str], ...] = (
    (r"required", "Pflicht"),
    (r"default: (?P<a>.*)", "Standard: {a}"),
    (r"(?P<a>\S+)<=x<=(?P<b>\S+)", "{a} bis {b}"),
    (r"(?P<a>\S+)<x<(?P<b>\S+)", "über {a} und unter {b}"),
    (r"x>=(?P<a>\S+)", "mindestens {a}"),
    (r"x>(?P<a>\S+)", "über {a}"),
    (r"x<=(?P<a>\S+)", "höchstens {a}"),
    (r"x<(?P<a>\S+)", "unter {a}"),
)


def _german_extra(help_text: str) -> str:
    """``Text  [required; default: 3]`` -> ``Text  [Pflicht; Standard: 3]``."""
    found = re.fullmatch(r"(?P<text>.*)\[(?P<extra>[^\[\]]*)\]", help_text, flags=re.DOTALL)
    if found is None:
        return help_text
    parts = []
    for part in found["extra"].split("; "):
        for pattern, text in _EXTRA_TEXTS:
            matched = re.fullmatch(pattern, part)
            if matched is not None:
                part = text.format(**matched.groupdict())
                break
        parts.append(part)
    return f"{found['text']}[{'; '.join(parts)}]"


def _format_params(command: Any, ctx: Any, formatter: Any) -> None:
    """The "Argumente" and "Optionen" sections of a plain help page."""
    arguments: list[tuple[str, str]] = []
    options: list[tuple[str, str]] = []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        record = (record[0], _german_extra(record[1]))
        (arguments if param.param_type_name == "argument" else options).append(record)
    for title, rows in (("Argumente", arguments), ("Optionen", options)):
        if rows:
            with formatter.section(title):
                formatter.write_dl(rows)


class GermanCommand(TyperCommand):
    """A command whose help page is German: plain layout with German headings, the help
    option's text, rewrapped help texts and no "<bool>" placeholder on flags."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = rewrap(self.help)
        if self.options_metavar == "[OPTIONS]":
            self.options_metavar = "[OPTIONEN]"

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(
            ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), "Aufruf: "
        )

    def format_options(self, ctx: Any, formatter: Any) -> None:
        _format_params(self, ctx, formatter)

    def get_help_option(self, ctx: Any) -> Any:
        return _german_help_option(super().get_help_option(ctx))

    def get_params(self, ctx: Any) -> Any:
        return _germanise(super().get_params(ctx))


#: Every command of ``ik``: name -> (module under ``integrakonzept.cli``, summary for
#: ``ik --help``). The module is imported only when the command runs or shows its help;
#: the summary is the first paragraph of the command's docstring (a test keeps them equal).
#: New commands: append here (the order is the order of ``ik --help``).
COMMANDS: dict[str, tuple[str, str]] = {
    "press-release": (
        "documents",
        "Pressemitteilung schreiben: Ankündigung, Aufruf oder Nachbericht.",
    ),
    "invitation": (
        "documents",
        "Einladung zu einer Veranstaltung als A4-PDF (für den Druck) und HTML, je Sprache.",
    ),
    "signup-sheet": (
        "documents",
        "Teilnahmeliste zum Ausdrucken (PDF): Name, Organisation, Unterschrift.",
    ),
    "qr": ("documents", "QR-Code des Anmelde-Links als PNG (scharf bei 3 cm, 300 dpi) und SVG."),
    "calendar": (
        "documents",
        "Kalenderdatei (.ics) für eine Veranstaltung oder alle Termine des Prozesses.",
    ),
    "build": (
        "documents",
        "Alle Unterlagen auf einmal: Einladungen, Pressemitteilungen, Teilnahmelisten, "
        "QR-Codes, Kalenderdateien und eine Übersicht (index.html).",
    ),
    "letter": (
        "documents",
        "Persönlicher Einladungsbrief für eine Veranstaltung nur mit Einladung.",
    ),
    "mail": (
        "mail",
        "Persönliche E-Mails an die Angemeldeten einer Veranstaltung – als Entwürfe oder direkt.",
    ),
    "tracker": ("people", "Die Anmeldeliste (Excel) anlegen oder an die Prozessdatei anpassen."),
    "import-registrations": (
        "people",
        "Anmeldungen aus Formular-Exporten in die Anmeldeliste übernehmen.",
    ),
    "attendance": ("people", "Teilnahme aus einer Liste eintragen (Namen oder E-Mail-Adressen)."),
    "plan": (
        "plan",
        "Zeitplan rückwärts vom Ratsbeschluss: alle Fristen des Prozesses aus einem Datum.",
    ),
    "privacy-notice": (
        "privacy",
        "Die Datenschutzinformation nach Art. 13 DSGVO schreiben (DOCX, HTML, Kurzfassung).",
    ),
    "purge": ("privacy", "Personenbezogene Daten nach Ablauf der Aufbewahrungsfrist löschen."),
    "new-process": (
        "process",
        "Einen neuen Prozess anlegen: ORDNER/prozess.yaml mit erklärenden Kommentaren.",
    ),
    "check": (
        "process",
        "Die Prozessdatei prüfen: Fehler (Exit-Code 1) und Hinweise auf Ungereimtheiten.",
    ),
    "schema": (
        "process",
        "Das JSON-Schema der Prozessdatei ausgeben (für Editoren wie VS Code).",
    ),
    "export-results": (
        "results",
        "Die Dokumentation des Beteiligungsprozesses für die Gremien schreiben.",
    ),
    "status": ("results", "Wo steht der Prozess? Eine Übersicht im Terminal."),
}


def _registered_name(info: Any) -> str:
    return str(info.name or get_command_name(info.callback.__name__))


def load_command(name: str) -> Any:
    """The click command ``name``, its module imported now (``None`` if there is none)."""
    if name not in COMMANDS:
        return None
    importlib.import_module(f"integrakonzept.cli.{COMMANDS[name][0]}")
    for info in app.registered_commands:
        if _registered_name(info) == name:
            return get_command_from_info(
                info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
    return None


class _Commands(MutableMapping[str, Any]):
    """The group's commands: every name of :data:`COMMANDS` (and any command registered
    before the group was built), each loaded on first access."""

    def __init__(self, loaded: MutableMapping[str, Any]) -> None:
        self._loaded = dict(loaded)

    def _names(self) -> list[str]:
        return [*COMMANDS, *(name for name in self._loaded if name not in COMMANDS)]

    def __getitem__(self, name: str) -> Any:
        if name not in self._loaded:
            command = load_command(name)
            if command is None:
                raise KeyError(name)
            self._loaded[name] = command
        return self._loaded[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS or name in self._loaded

    def summary(self, name: str) -> str:
        """The command's line in ``ik --help``, without importing its module."""
        if name in self._loaded:
            return str(self._loaded[name].help or "").split("\n\n")[0]
        return COMMANDS[name][1]


class GermanGroup(TyperGroup):
    """The ``ik`` group: German help (see :class:`GermanCommand`) and German usage errors;
    command modules are imported when their command is used (see :data:`COMMANDS`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = rewrap(self.help)
        self.commands = _Commands(self.commands)
        if self.options_metavar == "[OPTIONS]":
            self.options_metavar = "[OPTIONEN]"
        if self.subcommand_metavar == "COMMAND [ARGS]...":
            self.subcommand_metavar = "BEFEHL [ARGUMENTE]..."

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(
            ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), "Aufruf: "
        )

    def format_options(self, ctx: Any, formatter: Any) -> None:
        _format_params(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Each command with its whole summary (no module is imported for this)."""
        commands = self.commands
        assert isinstance(commands, _Commands)
        rows = [(name, commands.summary(name)) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Befehle"):
                formatter.write_dl(rows)

    def get_help_option(self, ctx: Any) -> Any:
        return _german_help_option(super().get_help_option(ctx))

    def get_params(self, ctx: Any) -> Any:
        return _germanise(super().get_params(ctx))

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """click's ``main`` with its usage errors and "Aborted!" said in German."""
        run = functools.partial(
            super().main,
            args,
            prog_name,
            complete_var,
            windows_expand_args=windows_expand_args,
            **extra,
        )
        if not standalone_mode:
            return run(standalone_mode=False)
        try:
            result = run(standalone_mode=False)
        except typer.Abort:
            typer.echo("Abgebrochen.", err=True)
            sys.exit(1)
        except typer.TyperException as error:  # click's usage errors (bundled in Typer)
            _german_error(error)
            sys.exit(error.exit_code)
        # Without standalone mode click returns the exit code of typer.Exit, else the
        # command's return value (ik's commands return nothing).
        sys.exit(result if isinstance(result, int) else 0)


class _Typer(typer.Typer):
    """``typer.Typer`` whose commands have German help pages (:class:`GermanCommand`)."""

    def command(
        self, *args: Any, **kwargs: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        if kwargs.get("cls") is None:
            kwargs["cls"] = GermanCommand
        return super().command(*args, **kwargs)


app = _Typer(
    name="ik",
    cls=GermanGroup,
    help=(
        "ik – Werkzeugkasten für den Beteiligungsprozess zum kommunalen Integrationskonzept.\n\n"
        "Beschreiben Sie den Prozess einmal in einer YAML-Datei (ik new-process); "
        "ik erzeugt daraus Pressemitteilungen, Einladungen, Teilnahmelisten, QR-Codes, "
        "Kalenderdateien, die Anmeldeliste (Excel) und die Dokumentation für die Gremien."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _console(name: str) -> Console:
    """``err_console`` (stderr is for people: progress, "erstellt: …", errors) or
    ``out_console`` (stdout is for data), created on first use: importing Rich costs
    start-up time that ``ik --help`` does not need."""
    console = globals().get(name)
    if console is None:
        from rich.console import Console

        console = globals()[name] = Console(stderr=name == "err_console", highlight=False)
    return console


def __getattr__(name: str) -> Any:
    """``from integrakonzept.cli.app import err_console`` creates the console then."""
    if name in ("err_console", "out_console"):
        return _console(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _markup(text: str) -> str:
    """``text`` with Rich's markup characters escaped."""
    from rich.markup import escape

    return escape(text)


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
            err = _console("err_console")
            err.print(f"[bold red]Fehler:[/] {_markup(exc.message)}", soft_wrap=True)
            if exc.hint:
                err.print(f"[dim]Hinweis:[/] {_markup(exc.hint)}", soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            _console("err_console").print("Abgebrochen.")
            raise typer.Exit(130) from None

    return wrapper


def say(message: str) -> None:
    """A line for people on stderr, silenced by ``--quiet``."""
    if not State.quiet:
        _console("err_console").print(message, soft_wrap=True, markup=False)


def warn(message: str) -> None:
    """A warning line on stderr (not silenced by ``--quiet``)."""
    _console("err_console").print(f"[yellow]Warnung:[/] {_markup(message)}", soft_wrap=True)


def report(writer: Writer) -> None:
    """Print one line per file written: ``erstellt: pfad`` etc. (in one call: Rich takes
    longer for a call than for a line)."""
    lines: list[str] = []
    for item in writer.written:
        lines.append(f"{item.change.value}: {item.path}")
        if item.backup is not None:
            lines.append(f"Sicherung der bisherigen Fassung: {item.backup}")
    if lines:
        say("\n".join(lines))


def main() -> None:
    """Entry point of the ``ik`` command."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        sys.exit(130)
