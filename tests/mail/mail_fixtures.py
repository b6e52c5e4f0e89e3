"""Fixture for the ``ik mail`` tests: a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from mail_support import Recorder, Server, free_port


@pytest.fixture
def smtp_server() -> Iterator[Server]:
    from aiosmtpd.controller import Controller

    handler = Recorder()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield Server(port, handler)
    finally:
        controller.stop()
