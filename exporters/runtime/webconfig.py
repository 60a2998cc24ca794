"""``--web.config.file`` in Prometheus exporter-toolkit format: TLS and bcrypt basic auth.

Supported keys: ``tls_server_config`` (cert_file, key_file, client_auth_type,
client_ca_file, min_version) and ``basic_auth_users`` (user: bcrypt hash) and
``http_server_config.headers``. Relative file paths are relative to the
config file, as in the toolkit. Unknown keys are an error, not ignored.
"""

from __future__ import annotations

import hashlib
import hmac
import ssl
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bcrypt
import yaml

_TLS_KEYS = {"cert_file", "key_file", "client_auth_type", "client_ca_file", "min_version"}
_CLIENT_AUTH = {
    "NoClientCert": ssl.CERT_NONE,
    "RequestClientCert": ssl.CERT_OPTIONAL,
    "RequireAnyClientCert": ssl.CERT_REQUIRED,
    "VerifyClientCertIfGiven": ssl.CERT_OPTIONAL,
    "RequireAndVerifyClientCert": ssl.CERT_REQUIRED,
}
_VERSIONS = {
    "TLS10": ssl.TLSVersion.TLSv1,
    "TLS11": ssl.TLSVersion.TLSv1_1,
    "TLS12": ssl.TLSVersion.TLSv1_2,
    "TLS13": ssl.TLSVersion.TLSv1_3,
}


class WebConfigError(ValueError):
    """The web config file is invalid; the message names the key."""


@dataclass
class WebConfig:
    """TLS context (or None for plain HTTP), users with bcrypt hashes, extra response headers."""

    tls: ssl.SSLContext | None = None
    users: Mapping[str, bytes] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    _verified: set[bytes] = field(default_factory=set, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def authorized(self, user: str, password: str) -> bool:
        """Bcrypt check, with successes cached (bcrypt is slow by design; scrapes repeat)."""
        if not self.users:
            return True
        hashed = self.users.get(user)
        if hashed is None:
            bcrypt.checkpw(password.encode(), _DUMMY)  # same cost for unknown users
            return False
        # The key is a salted digest, so the cache never holds a password.
        key = hashlib.sha256(hashed + b"\0" + user.encode() + b"\0" + password.encode()).digest()
        with self._lock:
            if any(hmac.compare_digest(key, k) for k in self._verified):
                return True
        if not bcrypt.checkpw(password.encode(), hashed):
            return False
        with self._lock:
            self._verified.add(key)
        return True


_DUMMY = bcrypt.hashpw(b"unused", bcrypt.gensalt(rounds=4))


def _tls(section: Any, base: Path) -> ssl.SSLContext:
    if not isinstance(section, dict):
        raise WebConfigError("tls_server_config: must be a mapping")
    unknown = set(section) - _TLS_KEYS
    if unknown:
        raise WebConfigError(f"tls_server_config: unknown keys {sorted(unknown)}")
    if not section.get("cert_file") or not section.get("key_file"):
        raise WebConfigError("tls_server_config: cert_file and key_file are both required")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = _VERSIONS.get(str(section.get("min_version", "TLS12")), ssl.TLSVersion.TLSv1_2)
    try:
        ctx.load_cert_chain(base / section["cert_file"], base / section["key_file"])
    except (OSError, ssl.SSLError) as exc:
        raise WebConfigError(f"tls_server_config: cannot load cert/key: {exc}") from None
    auth = str(section.get("client_auth_type", "NoClientCert"))
    if auth not in _CLIENT_AUTH:
        raise WebConfigError(f"tls_server_config.client_auth_type: unknown value {auth!r}")
    ctx.verify_mode = _CLIENT_AUTH[auth]
    if section.get("client_ca_file"):
        ctx.load_verify_locations(base / section["client_ca_file"])
    return ctx


def _users(section: Any) -> dict[str, bytes]:
    if not isinstance(section, dict):
        raise WebConfigError("basic_auth_users: must be a mapping of user: bcrypt hash")
    users = {}
    for user, hashed in section.items():
        if not isinstance(hashed, str) or not hashed.startswith(("$2a$", "$2b$", "$2y$")):
            raise WebConfigError(f"basic_auth_users.{user}: not a bcrypt hash")
        users[str(user)] = hashed.encode()
    return users


def load(path: Path) -> WebConfig:
    """Parse and validate the file; raises WebConfigError naming what is wrong."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise WebConfigError(f"{path}: {exc}") from None
    if not isinstance(data, dict):
        raise WebConfigError(f"{path}: must be a mapping")
    unknown = set(data) - {"tls_server_config", "basic_auth_users", "http_server_config"}
    if unknown:
        raise WebConfigError(f"{path}: unknown keys {sorted(unknown)}")
    config = WebConfig()
    if data.get("tls_server_config"):
        config.tls = _tls(data["tls_server_config"], path.parent)
    if data.get("basic_auth_users"):
        config.users = _users(data["basic_auth_users"])
    headers = (data.get("http_server_config") or {}).get("headers") or {}
    config.headers = {str(k): str(v) for k, v in headers.items()}
    return config
