"""Sending e-mail over SMTP (standard library ``smtplib``): settings, login, one connection.

Server settings come from the process file (``email_versand:``) or the command line.
The login never does: the user name comes from ``--smtp-user`` or the environment
variable :data:`ENV_USER`, the password from :data:`ENV_PASSWORD` or, if the optional
package ``keyring`` is installed, from the system keyring (service
``ik-smtp:<server>``, entry = user name). Without a user name ik sends without login
(many municipal mail servers accept mail from the internal network that way).

A password is never sent over an unencrypted connection to another machine.
"""

from __future__ import annotations

import ipaddress
import os
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Literal

from integrakonzept.errors import IkError

ENV_USER = "IK_SMTP_BENUTZER"
ENV_PASSWORD = "IK_SMTP_PASSWORT"
KEYRING_SERVICE = "ik-smtp:{host}"
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "keine": 25}
TIMEOUT = 60.0

Security = Literal["starttls", "ssl", "keine"]


class SmtpError(IkError):
    """The mail server cannot be reached or refuses the login (nothing was sent)."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: Security
    user: str | None = None
    password: str | None = None
    timeout: float = TIMEOUT

    def __repr__(self) -> str:  # never show the password (tracebacks, debuggers)
        return (
            f"SmtpSettings(host={self.host!r}, port={self.port}, security={self.security!r}, "
            f"user={'***' if self.user else None})"
        )


def is_local(host: str) -> bool:
    """Whether ``host`` is this machine (plain SMTP with a password is allowed there)."""
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _keyring_password(host: str, user: str) -> str | None:
    try:
        import keyring  # optional dependency
    except ImportError:
        return None
    try:
        value = keyring.get_password(KEYRING_SERVICE.format(host=host), user)
    except Exception:  # any backend failure (no D-Bus, locked keychain …)
        return None
    return str(value) if value else None


def resolve_settings(
    *,
    host: str | None,
    port: int | None,
    security: Security | None,
    user: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> SmtpSettings:
    """Settings for a connection; the password from the environment or the keyring."""
    env = os.environ if environ is None else environ
    if not host:
        raise IkError(
            "Für --send fehlt der Mailserver.",
            "Tragen Sie ihn in der Prozessdatei ein (email_versand: server: smtp.beispiel.de) "
            "oder geben Sie --smtp-server an. Ohne Server: --drafts ORDNER schreibt Entwürfe.",
        )
    mode: Security = security or "starttls"
    login = user or env.get(ENV_USER) or None
    password: str | None = None
    if login:
        password = env.get(ENV_PASSWORD) or _keyring_password(host, login)
        if not password:
            raise IkError(
                f"Für die Anmeldung am Mailserver fehlt das Passwort (Benutzer aus "
                f"{'--smtp-user' if user else ENV_USER}).",
                f"Setzen Sie die Umgebungsvariable {ENV_PASSWORD} oder speichern Sie das "
                f"Passwort im Schlüsselbund: keyring set {KEYRING_SERVICE.format(host=host)} "
                "BENUTZERNAME (Paket „keyring“). In die Prozessdatei gehört es nie.",
            )
        if mode == "keine" and not is_local(host):
            raise IkError(
                "Das Passwort würde unverschlüsselt zum Mailserver übertragen "
                "(verschluesselung: keine).",
                "Verwenden Sie verschluesselung: starttls oder ssl.",
            )
    return SmtpSettings(host, port or DEFAULT_PORTS[mode], mode, login, password)


class Connection:
    """One SMTP session: connect (and log in) on enter, quit on exit."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None
        self._pending: smtplib.SMTP | None = None

    def __enter__(self) -> Connection:
        context = ssl.create_default_context()
        try:
            return self._open(context)
        finally:
            if self._smtp is None and self._pending is not None:
                self._pending.close()  # a failed start: no socket left open
            self._pending = None

    def _open(self, context: ssl.SSLContext) -> Connection:
        s = self.settings
        try:
            if s.security == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout, context=context
                )
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            self._pending = smtp
            if s.security == "starttls":
                smtp.ehlo()
                if not smtp.has_extn("starttls"):
                    raise SmtpError(
                        f"Der Mailserver {s.host} bietet keine Verschlüsselung (STARTTLS) an.",
                        "Fragen Sie die IT nach dem richtigen Port; für Port 465 gilt "
                        "verschluesselung: ssl.",
                    )
                smtp.starttls(context=context)
                smtp.ehlo()
            if s.user:
                _login(smtp, s.user, s.password or "")
        except smtplib.SMTPAuthenticationError:
            raise SmtpError(
                f"Der Mailserver {s.host} hat die Anmeldung abgelehnt.",
                f"Prüfen Sie Benutzername und Passwort ({ENV_USER}, {ENV_PASSWORD} oder "
                "Schlüsselbund). Es wurde nichts gesendet.",
            ) from None
        except ssl.SSLError as exc:
            raise SmtpError(
                f"Die verschlüsselte Verbindung zu {s.host}:{s.port} ist fehlgeschlagen "
                f"({exc.reason or exc}).",
                "Stimmen Port und Verschlüsselung (587: starttls, 465: ssl)? Es wurde nichts "
                "gesendet.",
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise SmtpError(
                f"Der Mailserver {s.host}:{s.port} ist nicht erreichbar ({_reason(exc)}).",
                "Prüfen Sie Server, Port und Netzwerk. Es wurde nichts gesendet.",
            ) from None
        self._smtp = smtp
        return self

    def send(self, message: EmailMessage) -> None:
        """Send one message; smtplib's exceptions pass through (see :func:`classify`)."""
        assert self._smtp is not None
        self._smtp.send_message(message)

    def __exit__(self, *exc: object) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                self._smtp.close()
            self._smtp = None


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """Log in; user names and passwords with umlauts go as UTF-8 (RFC 4616 AUTH PLAIN),
    which ``smtplib.login`` of Python 3.11 cannot encode."""
    if (user + password).isascii():
        smtp.login(user, password)
        return
    import base64

    smtp.ehlo_or_helo_if_needed()
    token = base64.b64encode(f"\0{user}\0{password}".encode()).decode("ascii")
    code, response = smtp.docmd("AUTH", "PLAIN " + token)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, response)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {' '.join(text.split())[:160]}"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return type(exc).__name__


def classify(exc: BaseException) -> tuple[bool, str]:
    """(stop sending?, German reason) for an error while sending one message.

    Refused recipients and rejected contents concern one person: the run goes on. A
    lost connection, a refused sender address or a server shutting down (421) stop the
    run; what was sent until then is recorded, the rest is sent by the next run.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        reasons = [_reason_of(code, text) for code, text in exc.recipients.values()]
        return False, "Adresse vom Mailserver abgelehnt (" + "; ".join(reasons) + ")"
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return True, f"Absenderadresse vom Mailserver abgelehnt ({_reason(exc)})"
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return False, "der Mailserver kann diese Adresse (Sonderzeichen) nicht zustellen"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return True, "Verbindung zum Mailserver unterbrochen"
    if isinstance(exc, smtplib.SMTPResponseException):
        if exc.smtp_code == 421:
            return True, f"der Mailserver hat die Verbindung beendet ({_reason(exc)})"
        return False, f"vom Mailserver abgelehnt ({_reason(exc)})"
    if isinstance(exc, smtplib.SMTPException):
        return True, f"Fehler beim Senden ({type(exc).__name__})"
    return True, f"Verbindung zum Mailserver gestört ({_reason(exc)})"


def _reason_of(code: int, text: bytes | str) -> str:
    decoded = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(decoded.split())[:160]}"
