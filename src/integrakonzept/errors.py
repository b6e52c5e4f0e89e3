"""The one error hierarchy of ik.

The library raises these; it never prints or exits. The CLI turns them into
``Fehler: …`` on stderr and an exit code (see :mod:`integrakonzept.cli`).
Messages are German because users read them; they never contain personal data.
"""

from __future__ import annotations

from dataclasses import dataclass


class IkError(Exception):
    """Base class: a problem the user can fix. ``hint`` says how."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Problem:
    """One located problem in an input file: ``file:line:col: path: message``."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ProcessFileError(IkError):
    """The process file cannot be read or is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem], hint: str | None = None) -> None:
        self.problems = problems
        count = len(problems)
        head = (
            "Die Prozessdatei enthält 1 Fehler:"
            if count == 1
            else f"Die Prozessdatei enthält {count} Fehler:"
        )
        super().__init__(head + "\n" + "\n".join(str(p) for p in problems), hint)


class InputFileError(IkError):
    """A file given on the command line is missing, unreadable or of the wrong kind."""


class TemplateError(IkError):
    """A (user-supplied) template is missing, broken, or uses a value that does not exist."""


class OutputError(IkError):
    """A file cannot be written (exists, locked, permission)."""


class TrackerError(IkError):
    """The attendee tracker is missing, locked, or would lose data."""


class ImportError_(IkError):  # noqa: N801 - avoid shadowing the builtin ImportError
    """Registrations cannot be imported (unknown layout, missing columns)."""


class UsageError(IkError):
    """Options that do not fit together (exit code 2, like a usage error)."""

    exit_code = 2


_OS_REASONS = {
    "ENOSPC": "der Datenträger ist voll",
    "EDQUOT": "das Speicherkontingent ist erschöpft",
    "EACCES": "keine Schreib- oder Leseberechtigung",
    "EPERM": "keine Berechtigung",
    "EROFS": "der Datenträger ist schreibgeschützt",
    "ENOENT": "die Datei oder der Ordner fehlt",
    "EISDIR": "das ist ein Ordner",
    "ENOTDIR": "ein Teil des Pfads ist kein Ordner",
    "ENAMETOOLONG": "der Dateiname ist zu lang",
    "EBUSY": "die Datei wird gerade benutzt",
    "EIO": "Ein-/Ausgabefehler des Datenträgers",
    "EEXIST": "die Datei gibt es schon",
    "EMFILE": "zu viele offene Dateien",
    "EFBIG": "die Datei ist zu groß",
}


def os_reason(exc: OSError) -> str:
    """A German reason for an operating-system error (never the English ``strerror``)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_REASONS.get(name, f"Systemfehler {name or exc.errno or 'unbekannt'}")
