"""After every run: decide, word, deliver and remember the alerts of each channel.

Called by :class:`anahp_desktop.sync.service.SyncService` when a run ends
(or could not start), for the desktop app and ``anahp-sync`` alike. A
message that could not be delivered is not remembered, so the next run tries
it again; a failure to alert never changes the run's own outcome.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from anahp_desktop.alerts import state
from anahp_desktop.alerts.conditions import (
    AlertCondition,
    Channel,
    ChannelPlan,
    RunOutcome,
    Situation,
    channels_on,
    observe,
    plan_channel,
)
from anahp_desktop.alerts.email import send_email
from anahp_desktop.alerts.messages import Alert, raised_alert, recovered_alert, test_alert
from anahp_desktop.alerts.webhook import send_webhook
from anahp_desktop.config.settings import AlertSettings
from anahp_desktop.errors import AnahpError
from anahp_desktop.network.connection import ConnectionPlan
from anahp_desktop.network.trust import system_trust
from anahp_desktop.secrets import SecretName, Secrets
from anahp_desktop.state.store import StateStore
from anahp_desktop.translation import _

log = logging.getLogger("anahp_desktop.alerts")


@dataclass(frozen=True)
class Delivery:
    """What happened on one channel (for the test button and the log)."""

    channel: Channel
    sent: int
    error: str = ""

    def line(self) -> str:
        name = _("e-mail") if self.channel is Channel.EMAIL else _("webhook")
        if self.error:
            return _("{channel}: not sent: {error}").format(channel=name, error=self.error)
        return _("{channel}: sent.").format(channel=name)


class Notifier:
    """Sends the alerts the settings ask for; every dependency is given, nothing global."""

    def __init__(
        self,
        settings: AlertSettings,
        secrets: Secrets,
        plan_for: Callable[[str], ConnectionPlan],
        clock: Callable[[], datetime],
    ) -> None:
        self._settings = settings
        self._secrets = secrets
        self._plan_for = plan_for
        self._clock = clock

    @property
    def channels(self) -> tuple[Channel, ...]:
        return channels_on(self._settings)

    def after_run(self, store: StateStore, outcome: RunOutcome) -> list[Delivery]:
        """Evaluate the conditions and send what changed, channel by channel."""
        if not self.channels:
            return []
        facts = state.situation(store, outcome, self._clock())
        observations = observe(self._settings, facts)
        deliveries = []
        for channel in self.channels:
            plan = plan_channel(observations, state.told(store, channel))
            if not plan.empty:
                deliveries.append(self._deliver(store, channel, plan, facts))
        return deliveries

    def send_test(self) -> list[Delivery]:
        """The test button: one test message on each channel that is on."""
        alert = test_alert(self._clock())
        results = []
        for channel in self.channels:
            try:
                self._send(channel, alert)
            except AnahpError as exc:
                results.append(Delivery(channel, 0, exc.message))
            else:
                results.append(Delivery(channel, 1))
        return results

    def _deliver(
        self, store: StateStore, channel: Channel, plan: ChannelPlan, facts: Situation
    ) -> Delivery:
        messages: list[tuple[Alert, dict[AlertCondition, str]]] = [
            (raised_alert(obs, facts), {obs.condition: obs.fingerprint}) for obs in plan.raised
        ]
        if plan.recovered:
            cleared = dict.fromkeys(plan.recovered, "")
            messages.append((recovered_alert(plan.recovered, facts), cleared))
        if plan.forgotten:
            state.remember(store, channel, dict.fromkeys(plan.forgotten, ""), facts.now)
        sent = 0
        for alert, changes in messages:
            try:
                self._send(channel, alert)
            except AnahpError as exc:
                log.warning("%s alert %s not delivered: %s", channel, alert.kind, exc.message)
                return Delivery(channel, sent, exc.message)
            state.remember(store, channel, changes, facts.now)
            log.info("%s alert sent: %s", channel, alert.kind)
            sent += 1
        return Delivery(channel, sent)

    def _send(self, channel: Channel, alert: Alert) -> None:
        if channel is Channel.EMAIL:
            password = (
                self._secrets.require(SecretName.SMTP_PASSWORD)
                if self._settings.smtp_user
                else None
            )
            send_email(self._settings, password, alert, system_trust())
            return
        url = self._secrets.require(SecretName.ALERT_WEBHOOK_URL)
        send_webhook(self._plan_for(url), alert, self._settings.timeout_s)
