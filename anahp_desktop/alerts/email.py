"""Alerts by e-mail: SMTP with STARTTLS (587) or SMTPS (465), or a plain internal relay.

The server's certificate is checked against the operating system's trust
store, like SINHA's. A password never travels over a connection without TLS:
``smtp_security = none`` with a user is refused before connecting.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from anahp_desktop.alerts.messages import Alert
from anahp_desktop.config.settings import AlertSettings, SmtpSecurity
from anahp_desktop.errors import AlertDeliveryError, ConfigurationError
from anahp_desktop.network.trust import Trust
from anahp_desktop.translation import _


def build_message(settings: AlertSettings, alert: Alert) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = alert.title
    message["From"] = settings.email_from
    message["To"] = ", ".join(settings.email_to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=settings.email_from.rpartition("@")[2] or None)
    message["X-ANAHP-Alert"] = alert.kind
    message.set_content(alert.text + "\n\n-- \nANAHP Sync (" + alert.host + ")\n")
    return message


def check_settings(settings: AlertSettings) -> None:
    missing = [
        name
        for name, value in (
            ("alerts.smtp_host", settings.smtp_host),
            ("alerts.email_from", settings.email_from),
            ("alerts.email_to", settings.email_to),
        )
        if not value
    ]
    if missing:
        raise ConfigurationError(
            _("E-mail alerts are on but {settings} not set.").format(settings=", ".join(missing))
        )
    if settings.smtp_security is SmtpSecurity.NONE and settings.smtp_user:
        raise ConfigurationError(
            _(
                "Refusing to send the SMTP password without TLS: set alerts.smtp_security to "
                "starttls or ssl, or use a relay that needs no login."
            )
        )


def send_email(settings: AlertSettings, password: str | None, alert: Alert, trust: Trust) -> None:
    """Deliver ``alert``; an AlertDeliveryError says why it could not."""
    check_settings(settings)
    where = f"{settings.smtp_host}:{settings.smtp_port}"
    context = trust.context or ssl.create_default_context()
    try:
        with _connect(settings, context) as smtp:
            if settings.smtp_security is SmtpSecurity.STARTTLS:
                smtp.ehlo()
                if not smtp.has_extn("starttls"):
                    raise AlertDeliveryError(
                        _(
                            "The e-mail server {server} does not offer STARTTLS: use "
                            "alerts.smtp_security = ssl (port 465) or another server."
                        ).format(server=where)
                    )
                smtp.starttls(context=context)
                smtp.ehlo()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, password or "")
            smtp.send_message(build_message(settings, alert))
    except smtplib.SMTPAuthenticationError as exc:
        raise AlertDeliveryError(
            _("The e-mail server {server} refused the user name or password ({code}).").format(
                server=where, code=exc.smtp_code
            )
        ) from exc
    except smtplib.SMTPRecipientsRefused as exc:
        raise AlertDeliveryError(
            _("The e-mail server {server} refused the recipients {recipients}.").format(
                server=where, recipients=", ".join(exc.recipients)
            )
        ) from exc
    except smtplib.SMTPResponseException as exc:
        raise AlertDeliveryError(
            _("The e-mail server {server} answered {code}: {reason}").format(
                server=where, code=exc.smtp_code, reason=_decode(exc.smtp_error)
            )
        ) from exc
    except ssl.SSLCertVerificationError as exc:
        raise AlertDeliveryError(
            _(
                "The certificate of the e-mail server {server} is not trusted by {store} ({reason})."
            ).format(server=where, store=trust.describe(), reason=exc.verify_message or exc)
        ) from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise AlertDeliveryError(
            _("Cannot send the e-mail alert through {server}: {reason}").format(
                server=where, reason=_network_reason(exc)
            )
        ) from exc


def _connect(settings: AlertSettings, context: ssl.SSLContext) -> smtplib.SMTP:
    if settings.smtp_security is SmtpSecurity.SSL:
        return smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, timeout=settings.timeout_s, context=context
        )
    return smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.timeout_s)


def _network_reason(exc: BaseException) -> str:
    if isinstance(exc, socket.gaierror):
        return _("the host name could not be resolved")
    if isinstance(exc, ConnectionRefusedError):
        return _("the connection was refused")
    if isinstance(exc, TimeoutError):
        return _("it did not answer in time")
    if isinstance(exc, ssl.SSLError):
        return _("TLS failed ({reason})").format(reason=exc.reason or exc)
    return str(exc) or type(exc).__name__


def _decode(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value
