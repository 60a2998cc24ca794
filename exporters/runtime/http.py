"""The HTTP side: /metrics, a landing page at /, /healthz; TLS and basic auth from the web config.

/metrics honours Prometheus' ``X-Prometheus-Scrape-Timeout-Seconds`` header
(minus a small margin) when it is shorter than ``--scrape.timeout``, so the
answer always arrives before Prometheus gives up. /healthz needs no auth and
says nothing about targets: it is the liveness probe. TLS handshakes run in
the request's thread, so a slow client cannot stall the accept loop.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import gzip
import html
import logging
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from prometheus_client import CollectorRegistry
from prometheus_client.exposition import choose_encoder
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector

from exporters.runtime.exporter import Exporter
from exporters.runtime.webconfig import WebConfig

log = logging.getLogger("exporters.http")
HEADER_MARGIN = 0.25  # seconds kept back from Prometheus' own timeout for rendering and transfer


class _Snapshot(Collector):
    """One scrape's families, bound to that request's timeout."""

    def __init__(self, exporter: Exporter, timeout: float | None) -> None:
        self.exporter, self.timeout = exporter, timeout

    def collect(self) -> Any:
        return self.exporter.scrape(self.timeout)


class MetricsServer(ThreadingHTTPServer):
    """A threading HTTP(S) server bound to one exporter."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, exporter: Exporter, address: tuple[str, int], web: WebConfig) -> None:
        self.exporter, self.web = exporter, web
        self.process = ProcessCollector(registry=None)
        self.active = 0
        self.active_lock = threading.Condition()
        self.thread: threading.Thread | None = None
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        """Base URL of the server, e.g. https://127.0.0.1:9187."""
        host, port = self.server_address[:2]
        return f"{'https' if self.web.tls else 'http'}://{host!s}:{port}"

    def finish_request(self, request: Any, client_address: Any) -> None:
        """Wrap in TLS here, in the request's own thread."""
        if self.web.tls is None:
            super().finish_request(request, client_address)
            return
        request.settimeout(10)
        try:
            tls = self.web.tls.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError) as exc:
            log.debug("tls handshake failed", extra={"fields": {"client": client_address[0], "err": str(exc)}})
            return
        try:
            super().finish_request(tls, client_address)
        finally:
            with contextlib.suppress(OSError):
                tls.shutdown(socket.SHUT_RDWR)
            tls.close()

    def start(self) -> MetricsServer:
        """Serve in a background thread."""
        self.thread = threading.Thread(target=self.serve_forever, name="http", daemon=True)
        self.thread.start()
        return self

    def stop(self, grace: float) -> None:
        """Stop accepting, let requests in progress finish (up to grace seconds), close."""
        self.shutdown()
        deadline = time.monotonic() + grace
        with self.active_lock:
            while self.active and time.monotonic() < deadline:
                self.active_lock.wait(max(0.0, deadline - time.monotonic()))
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes: Nagle would add 40 ms
    timeout = 30  # an idle keep-alive connection is dropped after this
    server: MetricsServer

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("request", extra={"fields": {"client": self.client_address[0], "line": format % args}})

    def do_GET(self) -> None:
        with self.server.active_lock:
            self.server.active += 1
        try:
            self._route()
        finally:
            with self.server.active_lock:
                self.server.active -= 1
                self.server.active_lock.notify_all()

    def _route(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/healthz":
            self._send(200, b"ok\n", "text/plain; charset=utf-8")
        elif not self._authorized():
            self._send(
                401, b"Unauthorized\n", "text/plain; charset=utf-8", {"WWW-Authenticate": 'Basic realm="exporter"'}
            )
        elif path == "/metrics":
            self._metrics()
        elif path == "/":
            self._send(200, self._landing().encode(), "text/html; charset=utf-8")
        else:
            self._send(404, b"Not Found\n", "text/plain; charset=utf-8")

    def _authorized(self) -> bool:
        if not self.server.web.users:
            return True
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:], validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        return self.server.web.authorized(user, password)

    def _timeout(self) -> float | None:
        try:
            return float(self.headers["X-Prometheus-Scrape-Timeout-Seconds"]) - HEADER_MARGIN
        except (TypeError, ValueError):
            return None

    def _metrics(self) -> None:
        registry = CollectorRegistry(auto_describe=False)
        registry.register(_Snapshot(self.server.exporter, self._timeout()))
        registry.register(self.server.process)
        encoder, content_type = choose_encoder(self.headers.get("Accept") or "")
        body = encoder(registry)
        extra = {}
        if "gzip" in (self.headers.get("Accept-Encoding") or ""):
            body, extra = gzip.compress(body, 1), {"Content-Encoding": "gzip"}
        self._send(200, body, content_type, extra)

    def _landing(self) -> str:
        spec = self.server.exporter.spec
        rows = "".join(
            f"<tr><td>{html.escape(n)}</td><td>{html.escape(d)}</td><td>{html.escape(s)}</td></tr>"
            for n, d, s in self.server.exporter.status()
        )
        return (
            f"<!doctype html><html><head><title>{html.escape(spec.namespace)} exporter</title></head>"
            f"<body><h1>{html.escape(spec.namespace)} exporter</h1><p>{html.escape(spec.description)}</p>"
            f'<p><a href="/metrics">Metrics</a> · <a href="/healthz">Health</a></p>'
            f"<table><tr><th>{html.escape(spec.target_label)}</th><th>address</th><th>last scrape</th>"
            f"</tr>{rows}</table></body></html>\n"
        )

    def _send(self, code: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        for key, value in {
            "Content-Type": content_type,
            "Content-Length": str(len(body)),
            **self.server.web.headers,
            **(headers or {}),
        }.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)
