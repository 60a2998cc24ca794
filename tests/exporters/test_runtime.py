"""The exporter runtime in-process: deadlines, in-flight limits, HTTP, TLS, basic auth, redaction, logs."""

from __future__ import annotations

import datetime
import io
import json
import ssl
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import bcrypt
import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from exporters.runtime import logs, webconfig
from exporters.runtime.exporter import Exporter, ExporterSpec
from exporters.runtime.http import MetricsServer
from exporters.runtime.secrets import Redactor, env_or_file, redact_dsn
from exporters.runtime.target import Scrape, Target

SPEC = ExporterSpec(name="demo", namespace="jivs_demo", target_label="target", description="test")


class Static(Target):
    def collect(self, scrape: Scrape) -> None:
        scrape.run("good", lambda s: s.target_sample("jivs_demo_value", "A value.", 42))
        scrape.run("bad", self._fail)

    def _fail(self, s: Scrape) -> None:
        s.target_sample("jivs_demo_partial", "Never exported.", 1)
        raise RuntimeError("query failed")


class Hanging(Target):
    """Blocks like a query on a SIGSTOPped server; interrupt() releases it if allowed to."""

    def __init__(self, name: str, interruptible: bool) -> None:
        super().__init__(name)
        self.release, self.interruptible, self.calls = threading.Event(), interruptible, 0

    def collect(self, scrape: Scrape) -> None:
        self.calls += 1
        self.release.wait()
        raise ConnectionError("connection lost")

    def interrupt(self) -> None:
        if self.interruptible:
            self.release.set()


def samples(exporter: Exporter, timeout: float | None = None) -> dict[str, float]:
    return {f"{s.name}{sorted(s.labels.items())}": s.value for f in exporter.scrape(timeout) for s in f.samples}


def test_collector_failure_is_isolated_and_partial_samples_dropped() -> None:
    got = samples(Exporter(SPEC, [Static("a")], 1.0))
    assert got["jivs_demo_up[('target', 'a')]"] == 1
    assert got["jivs_demo_value[('target', 'a')]"] == 42
    assert got["jivs_demo_collector_success[('collector', 'good'), ('target', 'a')]"] == 1
    assert got["jivs_demo_collector_success[('collector', 'bad'), ('target', 'a')]"] == 0
    assert not any(k.startswith("jivs_demo_partial") for k in got)


@pytest.mark.parametrize("interruptible", [True, False], ids=["interrupt-releases", "never-returns"])
def test_hung_target_is_down_within_the_deadline_with_one_thread_at_most(interruptible: bool) -> None:
    hung = Hanging("hung", interruptible)
    exporter = Exporter(SPEC, [hung, Static("ok")], timeout=0.3)
    for _ in range(4):
        began = time.monotonic()
        got = samples(exporter)
        assert time.monotonic() - began < 1.3
        assert got["jivs_demo_up[('target', 'hung')]"] == 0
        assert got["jivs_demo_up[('target', 'ok')]"] == 1
        assert len([t for t in threading.enumerate() if t.name == "collect:hung"]) <= 1
    if not interruptible:
        assert hung.calls == 1  # later scrapes joined the stuck collection
    hung.release.set()


def test_concurrent_scrapes_share_one_collection() -> None:
    hung = Hanging("slow", interruptible=False)
    exporter = Exporter(SPEC, [hung], timeout=5.0)
    results: list[dict[str, float]] = []
    threads = [threading.Thread(target=lambda: results.append(samples(exporter))) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    hung.release.set()
    for t in threads:
        t.join()
    assert hung.calls == 1
    assert [r["jivs_demo_up[('target', 'slow')]"] for r in results] == [0, 0, 0, 0]


def test_request_timeout_header_shortens_the_deadline() -> None:
    hung = Hanging("hung", interruptible=True)
    began = time.monotonic()
    samples(Exporter(SPEC, [hung], timeout=30.0), timeout=0.2)
    assert time.monotonic() - began < 5.0


@pytest.mark.parametrize(
    ("dsn", "expected"),
    [
        ("host=db user=u password=hunter22 dbname=x", "host=db user=u password=<redacted> dbname=x"),
        ("host=db password='it\\'s a secret' user=u", "host=db password=<redacted> user=u"),
        ("postgresql://u:hunter22@db:5432/x", "postgresql://u:<redacted>@db:5432/x"),
        ("redis://:hunter22@cache:6379/0", "redis://:<redacted>@cache:6379/0"),
        ("postgresql://db/x?user=u&password=hunter22", "postgresql://db/x?user=u&password=<redacted>"),
        ("host=db user=u", "host=db user=u"),
    ],
    ids=["keyword", "quoted", "uri", "redis-uri", "query", "no-password"],
)
def test_redact_dsn(dsn: str, expected: str) -> None:
    assert redact_dsn(dsn) == expected


def test_redactor_scrubs_known_secrets_anywhere() -> None:
    redactor = Redactor()
    assert redactor.add_dsn("postgresql://u:hunter22@db/x") == "postgresql://u:<redacted>@db/x"
    assert redactor.scrub("auth failed with hunter22 for u") == "auth failed with <redacted> for u"


def test_env_or_file(tmp_path: Path) -> None:
    secret = tmp_path / "dsn"
    secret.write_text("host=db password=x\n")
    assert env_or_file({"X_FILE": str(secret)}, "X") == "host=db password=x"
    assert env_or_file({"X": "direct"}, "X") == "direct"
    assert env_or_file({}, "X") is None
    with pytest.raises(ValueError, match="both X and X_FILE"):
        env_or_file({"X": "a", "X_FILE": str(secret)}, "X")
    with pytest.raises(ValueError, match="cannot read"):
        env_or_file({"X_FILE": str(tmp_path / "missing")}, "X")


@pytest.mark.parametrize("fmt", ["logfmt", "json"])
def test_logs_are_structured_and_scrubbed(fmt: str) -> None:
    redactor, out = Redactor(), io.StringIO()
    redactor.add("hunter22")
    logs.configure(fmt, "info", redactor, out)
    import logging

    logging.getLogger("t").warning("target down", extra={"fields": {"err": "password=hunter22 refused"}})
    line = out.getvalue().strip()
    assert "hunter22" not in line
    if fmt == "json":
        assert json.loads(line)["msg"] == "target down"
    else:
        assert 'msg="target down"' in line and "level=warn" in line


# --- HTTP: TLS, basic auth, landing page, health ---------------------------------------------------


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    import ipaddress

    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "tls.crt", folder / "tls.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


@pytest.fixture
def secure_server(tmp_path: Path) -> Iterator[tuple[MetricsServer, Path]]:
    cert, key = _self_signed(tmp_path)
    hashed = bcrypt.hashpw(b"scrape-pw", bcrypt.gensalt(rounds=4)).decode().replace("$2b$", "$2y$", 1)
    config = tmp_path / "web.yml"
    config.write_text(
        f"tls_server_config:\n  cert_file: {cert.name}\n  key_file: {key.name}\n"
        f"basic_auth_users:\n  prometheus: '{hashed}'\n"
    )
    redactor = Redactor()
    shown = redactor.add_dsn("postgresql://mon:db-pw-123@127.0.0.1:1/x")
    target = Static("a")
    target.describe = lambda: shown  # type: ignore[method-assign]
    server = MetricsServer(
        Exporter(SPEC, [target], 1.0, redactor=redactor), ("127.0.0.1", 0), webconfig.load(config)
    ).start()
    yield server, cert
    server.stop(1.0)


def test_basic_auth_over_tls(secure_server: tuple[MetricsServer, Path]) -> None:
    server, cert = secure_server
    url = server.url
    assert url.startswith("https://127.0.0.1:")
    assert requests.get(f"{url}/metrics", verify=str(cert), timeout=5).status_code == 401
    wrong = requests.get(f"{url}/metrics", auth=("prometheus", "nope"), verify=str(cert), timeout=5)
    assert wrong.status_code == 401
    good = requests.get(f"{url}/metrics", auth=("prometheus", "scrape-pw"), verify=str(cert), timeout=5)
    assert good.status_code == 200 and 'jivs_demo_up{target="a"} 1.0' in good.text
    assert requests.get(f"{url}/healthz", verify=str(cert), timeout=5).text == "ok\n"
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(f"{url}/healthz", timeout=5)  # not trusted without the cert
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(url.replace("https", "http") + "/healthz", timeout=5)


def test_landing_page_shows_targets_without_passwords(secure_server: tuple[MetricsServer, Path]) -> None:
    server, cert = secure_server
    page = requests.get(f"{server.url}/", auth=("prometheus", "scrape-pw"), verify=str(cert), timeout=5)
    assert page.status_code == 200 and "/metrics" in page.text
    assert "mon:&lt;redacted&gt;@127.0.0.1:1" in page.text and "db-pw-123" not in page.text


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("tls_server_config:\n  cert_file: a\n", "cert_file and key_file"),
        ("basic_auth_users:\n  u: plaintext\n", "not a bcrypt hash"),
        ("tls_config: {}\n", "unknown keys"),
        ("tls_server_config:\n  cert_file: missing.crt\n  key_file: missing.key\n", "cannot load"),
    ],
    ids=["no-key", "plain-password", "unknown-key", "missing-files"],
)
def test_bad_web_config_is_refused(tmp_path: Path, text: str, error: str) -> None:
    path = tmp_path / "web.yml"
    path.write_text(text)
    with pytest.raises(webconfig.WebConfigError, match=error):
        webconfig.load(path)


def test_tls_context_is_server_side(tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    (tmp_path / "w.yml").write_text(f"tls_server_config:\n  cert_file: {cert}\n  key_file: {key}\n")
    config = webconfig.load(tmp_path / "w.yml")
    assert config.tls is not None and config.tls.minimum_version == ssl.TLSVersion.TLSv1_2
