""" "Test connection" names where the connection to SINHA broke, over real sockets.

Every case runs against real servers on 127.0.0.1: the SINHA emulator (plain
or TLS), a forwarding proxy (tunnelling CONNECT, demanding credentials,
refusing, re-signing TLS), closed and unanswered ports.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from anahp_desktop.config.settings import Settings
from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.network.failures import ConnectionProblem
from anahp_desktop.network.proxy import SystemProxySources
from anahp_desktop.sinha.diagnosis import ConnectionReport
from anahp_desktop.sync.service import SyncService
from tests.helpers.fixtures import SINHA_PASSWORD, SINHA_USER, memory_secrets
from tests.helpers.http_proxy import ForwardingProxy, ProxyBehaviour
from tests.helpers.network import (
    SINHA_HOST,
    closed_port,
    unanswered_port,
    use_os_trust_store,
)
from tests.helpers.tls import TestCa

PROXY_USER = "hospital-proxy-user"
PROXY_PASSWORD = "pr0xy-secret"


@pytest.fixture
def proxy_ca(tmp_path: Path) -> TestCa:
    return TestCa(tmp_path / "proxy-ca", "Hospital proxy test CA")


@pytest.fixture
def other_ca(tmp_path: Path) -> TestCa:
    return TestCa(tmp_path / "other-ca", "Some public CA")


@pytest.fixture
def sinha() -> Iterator[SinhaEmulator]:
    with SinhaEmulator(SINHA_USER, SINHA_PASSWORD) as server:
        yield server


def diagnose(
    url: str,
    *,
    sources: SystemProxySources | None = None,
    password: str = SINHA_PASSWORD,
    **sections: dict[str, Any],
) -> ConnectionReport:
    data: dict[str, Any] = {
        "sinha": {"url": url, "user": SINHA_USER, "connect_timeout_s": 1, "read_timeout_s": 5}
    }
    for section, values in sections.items():
        data.setdefault(section, {}).update(values)
    secrets = memory_secrets(sinha_password=password, proxy_password=PROXY_PASSWORD)
    service = SyncService(
        Settings.model_validate(data), secrets, proxy_sources=sources or SystemProxySources(env={})
    )
    try:
        return service.diagnose_sinha()
    finally:
        service.close()


def tls_sinha_url(port: int) -> str:
    return f"https://{SINHA_HOST}:{port}/api"


def reissuing_proxy(ca: TestCa, **behaviour: Any) -> ForwardingProxy:
    """A proxy that resolves sinha.test to this machine and re-signs TLS with ``ca``."""
    return ForwardingProxy(
        ProxyBehaviour(hosts={SINHA_HOST: "127.0.0.1"}, reissue=ca.server_context, **behaviour)
    )


def test_the_os_trust_store_verifies_a_server_whose_ca_it_holds(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, proxy_ca: TestCa
) -> None:
    store = use_os_trust_store(monkeypatch, tmp_path, proxy_ca)
    context = proxy_ca.server_context("127.0.0.1")
    with SinhaEmulator(SINHA_USER, SINHA_PASSWORD, ssl_context=context) as server:
        report = diagnose(server.url)
    assert report.ok, report.text
    assert report.lines[1:] == (
        "SINHA answered and accepted the user name and password.",
        "The certificate was verified by the operating system's trust store "
        f"(OpenSSL system certificates, {store}).",
    )


def test_a_certificate_whose_ca_is_not_in_the_store_names_its_issuer(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, proxy_ca: TestCa, other_ca: TestCa
) -> None:
    use_os_trust_store(monkeypatch, tmp_path, other_ca)
    context = proxy_ca.server_context("127.0.0.1")
    with SinhaEmulator(SINHA_USER, SINHA_PASSWORD, ssl_context=context) as server:
        report = diagnose(server.url)
    assert (report.ok, report.problem) == (False, ConnectionProblem.TLS_UNTRUSTED)
    assert "is not trusted by the operating system's trust store" in report.lines[1]
    assert "unable to get local issuer certificate" in report.lines[1]
    assert report.lines[2].startswith(
        "The certificate received was issued by \u201cHospital proxy test CA\u201d (CN=127.0.0.1)."
    )


def test_an_explicit_ca_bundle_replaces_the_os_store(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, proxy_ca: TestCa, other_ca: TestCa
) -> None:
    use_os_trust_store(monkeypatch, tmp_path, other_ca)
    context = proxy_ca.server_context("127.0.0.1")
    with SinhaEmulator(SINHA_USER, SINHA_PASSWORD, ssl_context=context) as server:
        report = diagnose(server.url, sinha={"ca_bundle": str(proxy_ca.ca_file)})
    assert report.ok, report.text
    assert report.lines[-1] == f"The certificate was verified by the CA bundle {proxy_ca.ca_file}."


def test_an_explicit_proxy_tunnels_and_a_reissued_certificate_is_trusted_from_the_os_store(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sinha: SinhaEmulator, proxy_ca: TestCa
) -> None:
    use_os_trust_store(monkeypatch, tmp_path, proxy_ca)
    with reissuing_proxy(proxy_ca) as proxy:
        report = diagnose(tls_sinha_url(sinha.port), network={"proxy": proxy.url})
        assert [(s.method, s.target) for s in proxy.seen] == [
            ("CONNECT", f"{SINHA_HOST}:{sinha.port}")
        ]
    assert report.ok, report.text
    assert report.lines[0] == f"Route: through the proxy {proxy.url} (set in the settings)."


def test_the_system_proxy_from_the_environment_is_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sinha: SinhaEmulator, proxy_ca: TestCa
) -> None:
    use_os_trust_store(monkeypatch, tmp_path, proxy_ca)
    with reissuing_proxy(proxy_ca) as proxy:
        env = SystemProxySources(env={"HTTPS_PROXY": proxy.url})
        report = diagnose(tls_sinha_url(sinha.port), sources=env)
    assert report.ok, report.text
    assert report.lines[0] == (
        f"Route: through the proxy {proxy.url} (from the environment variable HTTPS_PROXY)."
    )


def test_a_proxy_demanding_credentials_gets_them_from_the_keyring(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sinha: SinhaEmulator, proxy_ca: TestCa
) -> None:
    use_os_trust_store(monkeypatch, tmp_path, proxy_ca)
    with reissuing_proxy(proxy_ca, credentials=(PROXY_USER, PROXY_PASSWORD)) as proxy:
        without = diagnose(tls_sinha_url(sinha.port), network={"proxy": proxy.url})
        wrong = diagnose(
            tls_sinha_url(sinha.port), network={"proxy": proxy.url, "proxy_user": "someone-else"}
        )
        right = diagnose(
            tls_sinha_url(sinha.port), network={"proxy": proxy.url, "proxy_user": PROXY_USER}
        )
        assert [s.authorized for s in proxy.seen] == [False, False, True]
    assert (without.problem, wrong.problem) == (ConnectionProblem.PROXY_AUTH,) * 2
    assert without.lines[1] == (
        f"The proxy {proxy.url} asks for a user name and password (HTTP 407): set "
        "network.proxy_user and store the proxy password ('anahp-sync secrets set "
        "proxy-password')."
    )
    assert wrong.lines[1] == (
        f"The proxy {proxy.url} refused the proxy user name or password (HTTP 407): check "
        "network.proxy_user and the proxy password."
    )
    assert right.ok, right.text


def test_a_refused_connect_and_an_unreachable_proxy_are_told_apart(
    sinha: SinhaEmulator,
) -> None:
    with ForwardingProxy(ProxyBehaviour(refuse_connect=True)) as proxy:
        refused = diagnose(tls_sinha_url(sinha.port), network={"proxy": proxy.url})
    dead = f"http://127.0.0.1:{closed_port()}"
    unreachable = diagnose(tls_sinha_url(sinha.port), network={"proxy": dead})
    assert refused.problem == ConnectionProblem.PROXY_REFUSED
    assert refused.lines[1] == (
        f"The proxy {proxy.url} refused to open a connection to {SINHA_HOST}:{sinha.port} "
        "(403 Forbidden): ask the network team to allow this address through the proxy."
    )
    assert unreachable.problem == ConnectionProblem.PROXY_UNREACHABLE
    assert unreachable.lines[1] == (
        f"The proxy {dead} cannot be reached (it refused the connection): check the proxy setting."
    )


def test_a_proxy_that_cannot_reach_sinha_says_so(sinha: SinhaEmulator) -> None:
    with ForwardingProxy(ProxyBehaviour()) as proxy:  # it cannot resolve sinha.test
        report = diagnose(tls_sinha_url(sinha.port), network={"proxy": proxy.url})
    assert report.problem == ConnectionProblem.PROXY_UPSTREAM
    assert f"could not reach {SINHA_HOST}:{sinha.port} (502 Bad Gateway)" in report.lines[1]


def test_dns_refused_and_timeout_are_named() -> None:
    dns = diagnose("https://no-such-host.invalid/api")
    port = closed_port()
    refused = diagnose(f"https://127.0.0.1:{port}/api")
    with unanswered_port() as silent:
        timeout = diagnose(f"https://127.0.0.1:{silent}/api")
    assert (dns.problem, refused.problem, timeout.problem) == (
        ConnectionProblem.DNS,
        ConnectionProblem.REFUSED,
        ConnectionProblem.TIMEOUT,
    )
    assert dns.lines == (
        "Route: directly (the system names no proxy for this address).",
        "The host name no-such-host.invalid could not be resolved: check the URL and the DNS.",
    )
    assert refused.lines[1] == (
        f"127.0.0.1:{port} refused the connection: check the URL and its port, and that the "
        "server is running."
    )
    assert timeout.lines[1].startswith(f"127.0.0.1:{silent} did not accept the connection in time")


def test_https_to_a_plain_http_port_is_not_called_a_certificate_problem(
    sinha: SinhaEmulator,
) -> None:
    report = diagnose(sinha.url.replace("http://", "https://"))
    assert report.problem == ConnectionProblem.TLS_NOT_TLS
    assert "does not speak TLS" in report.lines[1]


def test_a_wrong_password_is_a_401(sinha: SinhaEmulator) -> None:
    report = diagnose(sinha.url, password="wrong")
    assert (report.ok, report.problem) == (False, "auth")
    assert report.lines == (
        "Route: directly (this computer's own address never uses a proxy).",
        "SINHA refused the user name or password (HTTP 401).",
    )


def test_a_missing_proxy_password_is_a_configuration_sentence(sinha: SinhaEmulator) -> None:
    settings = Settings.model_validate(
        {
            "sinha": {"url": tls_sinha_url(sinha.port), "user": SINHA_USER},
            "network": {"proxy": "http://proxy.invalid:3128", "proxy_user": "u"},
        }
    )
    service = SyncService(settings, memory_secrets(), proxy_sources=SystemProxySources(env={}))
    report = service.diagnose_sinha()
    assert (report.ok, report.problem) == (False, "configuration")
    assert "proxy password is not set" in report.text
