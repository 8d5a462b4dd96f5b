"""Everything an HTTP client needs to reach one URL: its trust and its proxy route.

Built once per client from the settings and the secrets, so SINHA and the
alert webhook never disagree on either. httpx is told not to look at the
environment itself (``trust_env=False``): the proxy route was already
decided here, by the same rules the connection test reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from anahp_desktop.config.settings import NetworkSettings
from anahp_desktop.network.proxy import ProxyRoute, SystemProxySources, resolve_proxy
from anahp_desktop.network.trust import Trust
from anahp_desktop.secrets import SecretName, Secrets


@dataclass(frozen=True)
class ConnectionPlan:
    url: str
    trust: Trust
    route: ProxyRoute
    proxy_user: str = ""
    proxy_password: str = field(default="", repr=False)

    @property
    def proxy_display(self) -> str:
        """The proxy address without any credentials, for messages."""
        return display_url(self.route.proxy or "")

    @property
    def sends_proxy_credentials(self) -> bool:
        if not self.route.proxy:
            return False
        return bool(self.proxy_user or urlsplit(self.route.proxy).username)

    def client_options(self) -> dict[str, Any]:
        """Keyword arguments for ``httpx.Client``: verify, proxy, trust_env."""
        proxy = None
        if self.route.proxy:
            auth = (self.proxy_user, self.proxy_password) if self.proxy_user else None
            tls_to_proxy = self.route.proxy.startswith("https://")
            proxy = httpx.Proxy(
                self.route.proxy,
                auth=auth,
                ssl_context=self.trust.context if tls_to_proxy else None,
            )
        return {"verify": self.trust.verify, "proxy": proxy, "trust_env": False}


def plan_connection(
    url: str,
    *,
    trust: Trust,
    network: NetworkSettings,
    secrets: Secrets | None,
    sources: SystemProxySources | None = None,
) -> ConnectionPlan:
    """Decide the route for ``url``; the proxy password is read only when a proxy is used."""
    route = resolve_proxy(url, network, sources)
    password = ""
    if route.proxy and network.proxy_user:
        password = (secrets or Secrets()).require(SecretName.PROXY_PASSWORD)
    return ConnectionPlan(url, trust, route, network.proxy_user, password)


def display_url(url: str) -> str:
    """``http://user:pw@proxy:3128`` -> ``http://proxy:3128``."""
    parts = urlsplit(url)
    if not parts.username and not parts.password:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
