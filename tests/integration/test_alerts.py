"""Done when: a failing sync sends one e-mail and one webhook, one more when it recovers.

Real runs against the SINHA emulator, a real SMTP server (aiosmtpd, STARTTLS
and SMTPS with a login) and a real HTTP receiver; every run uses a new
SyncService, so the rate limiting is proven to live in the state store.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from anahp_desktop.config.settings import Settings
from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.state.schema import alert_state, rejections
from anahp_desktop.sync.service import SyncService
from tests.helpers.fixtures import SINHA_PASSWORD, memory_secrets, no_wait_policy
from tests.helpers.network import use_os_trust_store
from tests.helpers.smtp_server import SMTP_PASSWORD, SMTP_USER, Mailbox, smtp_server
from tests.helpers.source_db import BASE_TIME, SourceDb, valid_row
from tests.helpers.static_http import StaticServer, static_server
from tests.helpers.tls import TestCa


@dataclass
class Receivers:
    mail: Mailbox
    hook: StaticServer
    settings: Callable[..., Settings]

    def run(self, *, password: str = SINHA_PASSWORD, **sections: dict[str, Any]) -> SyncService:
        service = SyncService(
            self.settings(**sections),
            memory_secrets(
                sinha_password=password,
                smtp_password=SMTP_PASSWORD,
                alert_webhook_url=self.hook.url("/hooks/anahp?sig=Token-1"),
            ),
            policy=no_wait_policy(1),
        )
        try:
            service.run(Trigger.SCHEDULED)
        finally:
            service.close()
        return service

    def counts(self) -> tuple[int, int]:
        return len(self.mail.messages), len(self.hook.posts)


def alert_settings(box: Mailbox, **extra: object) -> dict[str, object]:
    return {
        "email": True,
        "smtp_host": "127.0.0.1",
        "smtp_port": box.port,
        "smtp_user": SMTP_USER,
        "email_from": "anahp-sync@hospital.example",
        "email_to": ["ti@hospital.example", "plantao@hospital.example"],
        "webhook": True,
        **extra,
    }


@pytest.fixture(params=["starttls", "ssl"])
def receivers(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    make_settings: Callable[..., Settings],
) -> Iterator[Receivers]:
    ca = TestCa(tmp_path / "mail-ca", "Hospital internal CA")
    use_os_trust_store(monkeypatch, tmp_path, ca)  # the mail server's CA is in the OS store
    with smtp_server(ca.server_context("127.0.0.1"), request.param) as box, static_server() as hook:

        def settings(**sections: dict[str, Any]) -> Settings:
            sections.setdefault("alerts", {}).update(
                alert_settings(box, smtp_security=request.param)
            )
            return make_settings(**sections)

        yield Receivers(box, hook, settings)


def test_one_alert_when_it_fails_none_while_it_keeps_failing_one_when_it_recovers(
    receivers: Receivers, source_db: SourceDb, emulator: SinhaEmulator
) -> None:
    source_db.add_valid(5)
    receivers.run(password="wrong")
    assert receivers.counts() == (1, 1)
    receivers.run(password="still-wrong")
    assert receivers.counts() == (1, 1)
    receivers.run()
    assert receivers.counts() == (2, 2)
    receivers.run()
    assert receivers.counts() == (2, 2)

    failed, recovered = receivers.mail.messages
    assert failed["Subject"].startswith("ANAHP Sync: the sync failed on ")
    assert "SINHA refused the user name or password (HTTP 401)." in failed.get_content()
    assert "Error category: auth." in failed.get_content()
    assert recovered["Subject"].startswith("ANAHP Sync: the sync works again on ")
    assert receivers.mail.recipients[0] == ["ti@hospital.example", "plantao@hospital.example"]
    assert receivers.mail.logins and all(ok for _user, ok in receivers.mail.logins)

    first, second = (json.loads(post.body) for post in receivers.hook.posts)
    assert receivers.hook.posts[0].path == "/hooks/anahp?sig=Token-1"
    assert receivers.hook.posts[0].headers["Content-Type"] == "application/json"
    assert (first["kind"], first["severity"], first["details"]["category"]) == (
        "run_failed",
        "critical",
        "auth",
    )
    assert first["text"].startswith(first["title"])
    assert (second["kind"], second["severity"], second["details"]["cleared"]) == (
        "recovered",
        "ok",
        ["run_failed"],
    )
    assert len(set(emulator.state.versions)) == 5


def test_rejected_records_alert_without_any_patient_data(
    receivers: Receivers, source_db: SourceDb, emulator: SinhaEmulator
) -> None:
    source_db.add_valid(4)
    bad = [  # an invalid CID: rejected before sending; ids that cannot occur by chance
        valid_row(f"REC-{n}", BASE_TIME + timedelta(minutes=n), cid_principal="XYZ")
        for n in (901, 902)
    ]
    source_db.insert(bad)
    service = receivers.run()
    assert receivers.counts() == (1, 1)
    body = receivers.mail.messages[0].get_content()
    payload = receivers.hook.posts[0].body.decode()
    assert receivers.mail.messages[0]["Subject"].startswith("ANAHP Sync: 2 records rejected on ")
    with service.store.reading() as conn:
        rejected_ids = conn.execute(select(rejections.c.record_id)).scalars().all()
    assert len(rejected_ids) == 2
    forbidden = ["XYZ", "1970-05-17", "Unimed", "Clínica", *rejected_ids]
    forbidden += [row["atendimento"] for row in bad]
    for text in (body, payload):
        assert not [word for word in forbidden if word in text], text


def test_an_alert_that_could_not_be_delivered_is_tried_again_by_the_next_run(
    receivers: Receivers, source_db: SourceDb, emulator: SinhaEmulator
) -> None:
    source_db.add_valid(3)
    receivers.hook.post_status = 500
    service = receivers.run(password="wrong")
    assert receivers.counts() == (1, 1)  # the webhook answered 500
    with service.store.reading() as conn:
        remembered = conn.execute(select(alert_state.c.channel, alert_state.c.condition)).all()
    assert sorted(remembered) == [("email", "run_failed")]
    receivers.hook.post_status = 200
    receivers.run(password="wrong")
    assert receivers.counts() == (1, 2)


def test_a_run_that_cannot_start_is_a_failure_alert(
    receivers: Receivers, source_db: SourceDb, emulator: SinhaEmulator
) -> None:
    with pytest.raises(Exception, match="SINHA user is not set"):
        receivers.run(sinha={"user": ""})
    assert receivers.counts() == (1, 1)
    assert "The SINHA user is not set" in receivers.mail.messages[0].get_content()


def test_the_test_command_reports_each_channel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source_db: SourceDb, emulator: SinhaEmulator
) -> None:
    from tests.helpers.cli import run_cli, secret_env, write_config

    ca = TestCa(tmp_path / "mail-ca", "Hospital internal CA")
    store = use_os_trust_store(monkeypatch, tmp_path, ca)
    with smtp_server(ca.server_context("127.0.0.1")) as box, static_server() as hook:
        config = write_config(
            tmp_path / "config.toml",
            source_db.url,
            f"sqlite:///{tmp_path / 's.sqlite'}",
            emulator.url,
        )
        with config.open("a") as file:
            file.write(
                "\n[alerts]\nemail = true\nwebhook = true\n"
                f'smtp_host = "127.0.0.1"\nsmtp_port = {box.port}\nsmtp_user = "{SMTP_USER}"\n'
                'email_from = "anahp@hospital.example"\nemail_to = ["ti@hospital.example"]\n'
            )
        env = secret_env() | {
            "ANAHP_SMTP_PASSWORD": SMTP_PASSWORD,
            "ANAHP_ALERT_WEBHOOK_URL": hook.url("/hook"),
            "SSL_CERT_FILE": str(store),
        }
        ok = run_cli("--config", str(config), "alerts", "test", env=env)
        hook.post_status = 404
        failed = run_cli("--config", str(config), "alerts", "test", env=env)
    assert (ok.code, ok.stdout) == (0, "e-mail: sent.\nwebhook: sent.\n")
    assert box.messages[0]["Subject"].startswith("ANAHP Sync: test alert from ")
    assert failed.code == 1
    assert failed.stdout.splitlines()[1] == (
        "webhook: not sent: The webhook at 127.0.0.1 answered HTTP 404."
    )
