"""Encrypted sending: STARTTLS (port 587 style) and implicit TLS (port 465 style) against
aiosmtpd on 127.0.0.1 with a throw-away certificate made by the openssl program."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from mail_support import Recorder, free_port, make_tracker, person, write_process

from integrakonzept.documents.mail import mail
from integrakonzept.documents.smtp import SmtpError
from integrakonzept.process.load import load_process

TODAY = date(2030, 3, 10)
NOW = datetime(2030, 3, 10, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    program = shutil.which("openssl")
    if program is None:
        pytest.fail("The openssl program is not installed; the TLS tests need it (.ci/run).")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "server.pem", folder / "server.key"
    subprocess.run(
        [program, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    return cert, key


def _context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(certificate[0]), str(certificate[1]))
    return context


def _authenticator(server: object, session: object, envelope: object, mechanism: str, data: object) -> object:
    from aiosmtpd.smtp import AuthResult, LoginPassword

    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"m.muster", b"geheim")
    return AuthResult(success=ok, handled=False)


@pytest.fixture(params=["starttls", "ssl"])
def tls_server(
    request: pytest.FixtureRequest, certificate: tuple[Path, Path]
) -> Iterator[tuple[str, int, Recorder]]:
    from aiosmtpd.controller import Controller

    handler = Recorder()
    port = free_port()
    if request.param == "starttls":
        controller = Controller(
            handler, hostname="127.0.0.1", port=port, tls_context=_context(certificate),
            require_starttls=True, authenticator=_authenticator,
        )
    else:
        controller = Controller(
            handler, hostname="127.0.0.1", port=port, ssl_context=_context(certificate),
            # aiosmtpd does not see that the whole connection is TLS: allow AUTH anyway
            authenticator=_authenticator, auth_require_tls=False,
        )
    controller.start()
    try:
        yield request.param, port, handler
    finally:
        controller.stop()


def _process(folder: Path, port: int, security: str) -> Path:
    path = write_process(folder, port=port)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "verschluesselung: keine", f"verschluesselung: {security}"
        ),
        encoding="utf-8",
    )
    make_tracker(path, [person(1, "Jörg", "Müller"), person(2, "Ayşe", "Yılmaz")])
    return path


def test_sending_encrypted_with_login(
    tmp_path: Path,
    tls_server: tuple[str, int, Recorder],
    certificate: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    security, port, handler = tls_server
    process = _process(tmp_path, port, security)
    monkeypatch.setenv("IK_SMTP_BENUTZER", "m.muster")
    monkeypatch.setenv("IK_SMTP_PASSWORT", "geheim")

    # the certificate is not trusted yet: no connection, nothing sent
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "leer.pem"))
    (tmp_path / "leer.pem").write_text("")
    with pytest.raises(SmtpError, match="verschlüsselte Verbindung"):
        mail(load_process(process), "auftakt", "bestaetigung", send=True, today=TODAY, now=NOW)
    assert handler.messages == []

    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    report = mail(load_process(process), "auftakt", "bestaetigung", send=True, today=TODAY, now=NOW)
    assert len(report.sent) == 2 and len(handler.messages) == 2
    assert not report.failed and report.aborted is None


def test_a_server_without_starttls_is_refused_before_anything_is_sent(tmp_path: Path) -> None:
    from aiosmtpd.controller import Controller

    handler = Recorder()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        process = _process(tmp_path, port, "starttls")
        with pytest.raises(SmtpError, match="bietet keine Verschlüsselung"):
            mail(load_process(process), "auftakt", "bestaetigung", send=True, today=TODAY, now=NOW)
        assert handler.messages == []
    finally:
        controller.stop()
