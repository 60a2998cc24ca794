from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from jivsmon.demo.backend import BASELINE_ERROR_RATIO, ROUTES, Backend, generate_load, make_handler
from jivsmon.services.ports import LOOPBACK


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _codes(backend: Backend, n: int) -> list[int]:
    return [backend.handle(ROUTES[1])[0] for _ in range(n)]


def test_baseline_errors_stay_inside_the_budget() -> None:
    backend = Backend(rng=random.Random(7))
    errors = sum(c >= 500 for c in _codes(backend, 20000)) / 20000
    assert errors == pytest.approx(BASELINE_ERROR_RATIO, abs=0.0005)
    assert errors < 0.003  # the availability objective's budget


def test_fault_raises_5xx_until_it_expires() -> None:
    clock = Clock()
    backend = Backend(clock=clock, rng=random.Random(1))
    backend.set_fault(0.5, seconds=60)
    during = sum(c >= 500 for c in _codes(backend, 2000)) / 2000
    clock.now += 61
    after = sum(c >= 500 for c in _codes(backend, 2000)) / 2000
    assert during == pytest.approx(0.5, abs=0.05) and after < 0.01


@pytest.fixture
def server() -> Iterator[str]:
    backend = Backend(rng=random.Random(3))
    httpd = ThreadingHTTPServer((LOOPBACK, 0), make_handler(backend))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://{LOOPBACK}:{httpd.server_address[1]}"
    httpd.shutdown()


def test_load_generator_traffic_shows_in_metrics(server: str) -> None:
    stop = threading.Event()
    thread = threading.Thread(target=generate_load, args=(server, 200.0, stop, random.Random(5)))
    thread.start()
    stop.wait(1.5)
    stop.set()
    thread.join()
    families = {f.name: f for f in text_string_to_metric_families(requests.get(f"{server}/metrics", timeout=5).text)}
    served = {s.labels["route"] for s in families["http_requests"].samples if s.name == "http_requests_total"}
    assert served == {r.path for r in ROUTES}
    assert any(
        s.name == "http_request_duration_seconds_bucket" for s in families["http_request_duration_seconds"].samples
    )


def test_fault_endpoint_and_unknown_route(server: str) -> None:
    assert requests.post(f"{server}/admin/fault", json={"error_ratio": 1.0, "seconds": 30}, timeout=5).ok
    assert requests.get(f"{server}/api/search", timeout=5).status_code in (500, 502, 503)
    assert requests.get(f"{server}/nope", timeout=5).status_code == 404
