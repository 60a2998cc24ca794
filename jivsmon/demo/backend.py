"""A small stand-in for the JIVS backend: an HTTP service instrumented with prometheus-client, and its load.

It serves a realistic mix of routes, status codes and latencies so the
availability and latency SLOs, the backend dashboard and the backend alerts
see real traffic. ``POST /admin/fault`` raises the 5xx share for a while (the
drills' error burst). Run it with ``python -m jivsmon.demo.backend``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from jivsmon.services.ports import LOOPBACK

# Buckets bracket the latency SLO threshold and the p99 alert threshold (1 s).
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.3, 0.5, 1.0, 2.5, 5.0)


@dataclass(frozen=True)
class Route:
    """A route of the demo API: how often it is called and how it behaves."""

    method: str
    path: str
    weight: float
    median_seconds: float
    not_found_ratio: float = 0.0


ROUTES = (
    Route("GET", "/api/documents", 0.45, 0.02, 0.02),
    Route("GET", "/api/search", 0.25, 0.06),
    Route("POST", "/api/extractions", 0.15, 0.12),
    Route("GET", "/api/extractions", 0.10, 0.03),
    Route("POST", "/api/login", 0.05, 0.04),
)
BASELINE_ERROR_RATIO = 0.0005  # well inside the 0.3 % budget of a 99.7 % objective


class Backend:
    """The service state: metrics, and the injected fault (extra 5xx share until a deadline)."""

    def __init__(self, clock: Callable[[], float] = time.time, rng: random.Random | None = None) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "http_requests", "HTTP requests served.", ["route", "method", "code"], registry=self.registry
        )
        self.duration = Histogram(
            "http_request_duration_seconds", "HTTP request latency.", ["route"], buckets=BUCKETS, registry=self.registry
        )
        self.clock, self.rng = clock, rng or random.Random()
        self.fault_ratio, self.fault_until = 0.0, 0.0
        self.lock = threading.Lock()

    def set_fault(self, error_ratio: float, seconds: float) -> None:
        """Make error_ratio of requests fail with 5xx for the next seconds."""
        with self.lock:
            self.fault_ratio, self.fault_until = error_ratio, self.clock() + seconds

    def handle(self, route: Route) -> tuple[int, float]:
        """Decide status and latency of one request, record them, and return both."""
        with self.lock:
            error_ratio = self.fault_ratio if self.clock() < self.fault_until else BASELINE_ERROR_RATIO
        draw = self.rng.random()
        if draw < error_ratio:
            code = self.rng.choice((500, 502, 503))
        elif draw < error_ratio + route.not_found_ratio:
            code = 404
        else:
            code = 201 if route.method == "POST" else 200
        seconds = min(route.median_seconds * self.rng.lognormvariate(0, 0.6), 4.0)
        self.requests.labels(route.path, route.method, str(code)).inc()
        self.duration.labels(route.path).observe(seconds)
        return code, seconds


def make_handler(backend: Backend) -> type[BaseHTTPRequestHandler]:
    """The request handler class bound to one Backend."""
    by_key = {(r.method, r.path): r for r in ROUTES}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # access logs would flood the demo's log file
            return

        def _reply(self, code: int, body: bytes, ctype: str = "application/json") -> None:
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _serve(self, method: str) -> None:
            path = self.path.split("?")[0]
            if path == "/metrics":
                return self._reply(200, generate_latest(backend.registry), CONTENT_TYPE_LATEST)
            if path == "/healthz":
                return self._reply(200, b"ok\n", "text/plain")
            if method == "POST" and path == "/admin/fault":
                length = int(self.headers.get("Content-Length", "0"))
                spec = json.loads(self.rfile.read(length) or b"{}")
                backend.set_fault(float(spec.get("error_ratio", 0.5)), float(spec.get("seconds", 300)))
                return self._reply(200, json.dumps(spec).encode())
            route = by_key.get((method, path))
            if route is None:
                return self._reply(404, b'{"error": "no such route"}')
            code, seconds = backend.handle(route)
            time.sleep(seconds)
            return self._reply(code, json.dumps({"status": code}).encode())

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

    return Handler


def generate_load(base_url: str, rate: float, stop: threading.Event, rng: random.Random | None = None) -> None:
    """Send about ``rate`` requests a second, spread over the routes by weight, until stop is set."""
    rng = rng or random.Random()
    session = requests.Session()
    weights = [r.weight for r in ROUTES]
    while not stop.is_set():
        route = rng.choices(ROUTES, weights)[0]
        threading.Thread(target=_one_request, args=(session, base_url, route), daemon=True).start()
        stop.wait(rng.expovariate(rate))


def _one_request(session: requests.Session, base_url: str, route: Route) -> None:
    # A failed request needs no handling here: the server side has counted it.
    with contextlib.suppress(requests.RequestException):
        session.request(route.method, base_url + route.path, timeout=10)


def main(argv: list[str] | None = None) -> int:
    """Serve the demo backend and drive load at it until killed."""
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--port", type=int, required=True)
    args.add_argument("--rate", type=float, default=20.0, help="requests per second of generated load")
    opts = args.parse_args(argv)
    backend = Backend()
    server = ThreadingHTTPServer((LOOPBACK, opts.port), make_handler(backend))
    stop = threading.Event()
    if opts.rate > 0:
        threading.Thread(
            target=generate_load, args=(f"http://{LOOPBACK}:{opts.port}", opts.rate, stop), daemon=True
        ).start()
    try:
        server.serve_forever()
    finally:
        stop.set()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
