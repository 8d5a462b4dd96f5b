"""Which proxy a URL goes through: settings, environment, Windows Internet Options and PAC."""

from __future__ import annotations

import pytest

from anahp_desktop.config.settings import NetworkSettings
from anahp_desktop.network.proxy import (
    ProxySource,
    SystemProxySources,
    no_proxy_matches,
    resolve_proxy,
)
from anahp_desktop.network.windows_proxy import (
    InternetOptions,
    bypassed,
    fetch_pac,
    fixed_proxy,
)
from tests.helpers.static_http import static_server

SINHA = "https://sinha.example.org/api"
SYSTEM = NetworkSettings()

PAC = b"""
function FindProxyForURL(url, host) {
    if (dnsDomainIs(host, ".intranet.local")) return "DIRECT";
    if (shExpMatch(host, "*.example.org")) return "PROXY proxy.hospital.local:3128; DIRECT";
    return "DIRECT";
}
"""


def windows(options: InternetOptions, pac: dict[str, str] | None = None) -> SystemProxySources:
    """The Windows branch with the registry read injected; PAC files from ``pac`` or HTTP."""

    def fetch(location: str) -> str:
        return pac[location] if pac is not None else fetch_pac(location)

    return SystemProxySources(env={}, internet_options=lambda: options, fetch_pac=fetch)


def test_loopback_never_goes_through_a_proxy_whatever_the_settings() -> None:
    for setting in ("system", "none", "http://proxy:3128"):
        for url in ("http://127.0.0.1:8765/api", "https://localhost/api", "http://[::1]/api"):
            route = resolve_proxy(
                url,
                NetworkSettings(proxy=setting),
                SystemProxySources(env={"HTTPS_PROXY": "http://p:1", "HTTP_PROXY": "http://p:1"}),
            )
            assert (route.proxy, route.source) == (None, ProxySource.LOOPBACK)


def test_none_and_explicit_ignore_the_environment() -> None:
    env = SystemProxySources(env={"HTTPS_PROXY": "http://from-env:8080"})
    assert resolve_proxy(SINHA, NetworkSettings(proxy="none"), env).proxy is None
    explicit = resolve_proxy(SINHA, NetworkSettings(proxy="http://proxy:3128"), env)
    assert (explicit.proxy, explicit.source) == ("http://proxy:3128", ProxySource.EXPLICIT)


@pytest.mark.parametrize(
    ("env", "expected", "variable"),
    [
        ({"HTTPS_PROXY": "http://p:8080"}, "http://p:8080", "HTTPS_PROXY"),
        ({"https_proxy": "p:8080"}, "http://p:8080", "https_proxy"),
        ({"ALL_PROXY": "http://all:1"}, "http://all:1", "ALL_PROXY"),
        ({"HTTP_PROXY": "http://only-http:1"}, None, ""),
        ({"HTTPS_PROXY": "http://p:8080", "NO_PROXY": ".example.org"}, None, "NO_PROXY"),
        ({"HTTPS_PROXY": "http://p:8080", "no_proxy": "*"}, None, "NO_PROXY"),
        ({"HTTPS_PROXY": "http://p:8080", "NO_PROXY": "other.org"}, "http://p:8080", "HTTPS_PROXY"),
    ],
)
def test_system_reads_the_environment_variables(
    env: dict[str, str], expected: str | None, variable: str
) -> None:
    route = resolve_proxy(SINHA, SYSTEM, SystemProxySources(env=env))
    assert (route.proxy, route.detail) == (expected, variable)


def test_no_proxy_rules() -> None:
    assert no_proxy_matches("sinha.example.org", "example.org")
    assert no_proxy_matches("sinha.example.org", "*.example.org")
    assert no_proxy_matches("sinha.example.org", "a.b, sinha.example.org:443")
    assert not no_proxy_matches("sinha.example.org", "ample.org")
    assert not no_proxy_matches("sinha.example.org", "")


def test_windows_pac_file_is_downloaded_and_evaluated() -> None:
    with static_server() as server:
        server.pages["/proxy.pac"] = (200, "application/x-ns-proxy-autoconfig", PAC)
        sources = windows(InternetOptions(autoconfig_url=server.url("/proxy.pac")))
        route = resolve_proxy(SINHA, SYSTEM, sources)
        assert route.proxy == "http://proxy.hospital.local:3128"
        assert (route.source, route.detail) == (ProxySource.WINDOWS_PAC, server.url("/proxy.pac"))
        direct = resolve_proxy("https://app.intranet.local/api", SYSTEM, sources)
        assert (direct.proxy, direct.source) == (None, ProxySource.WINDOWS_PAC)
        assert "DIRECT" in direct.describe()


def test_environment_variables_win_over_internet_options() -> None:
    sources = SystemProxySources(
        env={"HTTPS_PROXY": "http://env:1"},
        internet_options=lambda: InternetOptions(proxy_enabled=True, proxy_server="reg:2"),
        fetch_pac=lambda _url: "",
    )
    assert resolve_proxy(SINHA, SYSTEM, sources).proxy == "http://env:1"


def test_windows_fixed_proxy_and_its_bypass_list() -> None:
    options = InternetOptions(
        proxy_enabled=True,
        proxy_server="http=web:80;https=secure:8443",
        proxy_override="*.intranet.local;<local>",
    )
    route = resolve_proxy(SINHA, SYSTEM, windows(options))
    assert (route.proxy, route.source) == ("http://secure:8443", ProxySource.WINDOWS_FIXED)
    assert resolve_proxy("https://x.intranet.local/", SYSTEM, windows(options)).proxy is None
    assert resolve_proxy("https://sinhahost/", SYSTEM, windows(options)).proxy is None
    disabled = InternetOptions(proxy_enabled=False, proxy_server="ignored:1")
    assert resolve_proxy(SINHA, SYSTEM, windows(disabled)).source is ProxySource.SYSTEM_DIRECT


def test_an_unreadable_pac_file_falls_back_to_the_fixed_proxy_and_says_so() -> None:
    with static_server() as server:
        options = InternetOptions(
            autoconfig_url=server.url("/missing.pac"), proxy_enabled=True, proxy_server="fix:3128"
        )
        route = resolve_proxy(SINHA, SYSTEM, windows(options))
    assert route.proxy == "http://fix:3128"
    assert "HTTP 404" in route.note and "missing.pac" in route.note


def test_a_broken_pac_script_is_named_not_raised() -> None:
    options = InternetOptions(autoconfig_url="http://wpad/wpad.dat")
    route = resolve_proxy(SINHA, SYSTEM, windows(options, {"http://wpad/wpad.dat": "garbage("}))
    assert route.proxy is None
    assert "not a valid PAC file" in route.note


def test_a_pac_that_names_only_socks_is_reported() -> None:
    script = 'function FindProxyForURL(u, h) { return "SOCKS s:1080"; }'
    options = InternetOptions(autoconfig_url="file://pac")
    route = resolve_proxy(SINHA, SYSTEM, windows(options, {"file://pac": script}))
    assert route.proxy is None and "SOCKS" in route.note


def test_fixed_proxy_formats() -> None:
    assert fixed_proxy("proxy:3128", "https") == "http://proxy:3128"
    assert fixed_proxy("http=a:1;https=b:2", "http") == "http://a:1"
    assert fixed_proxy("http=a:1;ftp=c:3", "https") is None
    assert bypassed("intranet", "<local>") and not bypassed("a.b", "<local>")
