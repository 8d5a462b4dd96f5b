"""A hospital network in miniature, for the "works behind the hospital's proxy" tests.

SINHA (the emulator on 127.0.0.1, plain HTTP) is reachable only as
``https://sinha.test:PORT`` through a proxy that demands credentials and
re-signs TLS with the hospital's own CA; that CA is in the (stand-in) OS trust
store; the Windows Internet Options point at a PAC file served on the LAN that
names the proxy. No CA file and no proxy environment variable is set.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from anahp_desktop.network.proxy import SystemProxySources
from anahp_desktop.network.windows_proxy import InternetOptions, fetch_pac
from tests.helpers.http_proxy import ForwardingProxy, ProxyBehaviour
from tests.helpers.network import SINHA_HOST, use_os_trust_store
from tests.helpers.static_http import static_server
from tests.helpers.tls import TestCa

PROXY_USER = "svc-anahp"
PROXY_PASSWORD = "Pr0xy-Secret-7d1e"


@dataclass(frozen=True)
class HospitalNetwork:
    proxy: ForwardingProxy
    pac_url: str
    sinha_url: str
    trust_store: Path

    def windows(self) -> SystemProxySources:
        """What "system" finds on this hospital's Windows PC: only the PAC file, no variables."""
        options = InternetOptions(autoconfig_url=self.pac_url)
        return SystemProxySources(env={}, internet_options=lambda: options, fetch_pac=fetch_pac)


@contextmanager
def hospital_network(
    monkeypatch: pytest.MonkeyPatch, folder: Path, sinha_port: int
) -> Iterator[HospitalNetwork]:
    ca = TestCa(folder / "hospital-ca", "Hospital Proxy CA")
    store = use_os_trust_store(monkeypatch, folder, ca)
    behaviour = ProxyBehaviour(
        credentials=(PROXY_USER, PROXY_PASSWORD),
        hosts={SINHA_HOST: "127.0.0.1"},
        reissue=ca.server_context,
    )
    with ForwardingProxy(behaviour) as proxy, static_server() as lan:
        script = (
            "function FindProxyForURL(url, host) {"
            f' if (host == "{SINHA_HOST}") return "PROXY 127.0.0.1:{proxy.port}";'
            ' return "DIRECT"; }'
        )
        lan.pages["/proxy.pac"] = (200, "application/x-ns-proxy-autoconfig", script.encode())
        yield HospitalNetwork(
            proxy, lan.url("/proxy.pac"), f"https://{SINHA_HOST}:{sinha_port}/api", store
        )
