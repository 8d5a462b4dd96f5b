"""Test set-up shared by every suite.

Tests never touch the developer's own settings, logs or keyring: HOME and the
XDG folders point into a temporary directory, the default keyring backend is
one that refuses every call (tests that need the real Secret Service say so
with a marker), and Qt runs offscreen unless a test starts its own display.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_SANDBOX = Path(tempfile.mkdtemp(prefix="anahp-tests-"))
for _name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    if _name == "HOME" or not os.environ.get("ANAHP_KEEP_XDG"):
        os.environ[_name] = str(_SANDBOX / _name.lower())
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
for _variable in (
    "DATABASE_URL",
    "STATE_DATABASE_URL",
    "SINHA_API_URL",
    "SINHA_API_USER",
    "SINHA_API_PASSWORD",
    "DATABASE_PASSWORD",
    "ANAHP_PSEUDONYM_KEY",
    "ANAHP_CONFIG",
    # the network: no proxy or trust store of the machine leaks into a test
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "no_proxy",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
):
    os.environ.pop(_variable, None)
os.environ["LANGUAGE"] = "en"

pytest_plugins = ["tests.helpers.fixtures", "tests.helpers.keyrings"]
