"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the e-mail alert tests.

``starttls``: plain on connect, TLS after STARTTLS (required before AUTH);
``ssl``: TLS from the first byte (SMTPS). Both demand a login and keep every
message they accepted.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

SMTP_USER = "alerts@hospital.example"
SMTP_PASSWORD = "smtp-Secret-55"


@dataclass
class Mailbox:
    port: int = 0
    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)
    logins: list[tuple[str, bool]] = field(default_factory=list)  # (user, accepted)


class _Handler:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.box.messages.append(parsed)
        self.box.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def smtp_server(context: ssl.SSLContext, mode: str = "starttls") -> Iterator[Mailbox]:
    box = Mailbox(port=_free_port())

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        ok = (
            isinstance(data, LoginPassword)
            and data.login == SMTP_USER.encode()
            and data.password == SMTP_PASSWORD.encode()
        )
        login = data.login.decode() if isinstance(data, LoginPassword) else "?"
        box.logins.append((login, ok))
        return AuthResult(success=ok)

    options: dict[str, Any] = {"authenticator": authenticate, "auth_require_tls": True}
    if mode == "ssl":
        # implicit TLS: aiosmtpd only counts STARTTLS as TLS for auth_require_tls
        options.update(ssl_context=context, auth_require_tls=False)
    else:
        options.update(tls_context=context, require_starttls=True)
    controller = Controller(
        _Handler(box), hostname="127.0.0.1", port=box.port, server_hostname="127.0.0.1", **options
    )
    controller.start()
    try:
        yield box
    finally:
        controller.stop()
