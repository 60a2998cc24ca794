from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import requests

from jivsmon.demo.sink import make_handler, read
from jivsmon.services.ports import LOOPBACK


def test_sink_records_each_notification_by_receiver(tmp_path: Path) -> None:
    log = tmp_path / "notifications.jsonl"
    httpd = ThreadingHTTPServer((LOOPBACK, 0), make_handler(log))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://{LOOPBACK}:{httpd.server_address[1]}"
    try:
        body = {"status": "firing", "alerts": [{"labels": {"alertname": "X", "severity": "critical"}}]}
        assert requests.post(f"{url}/pager", json=body, timeout=5).ok
        assert requests.post(f"{url}/ticket", json={**body, "status": "resolved"}, timeout=5).ok
        assert requests.post(f"{url}/pager", data=b"not json", timeout=5).status_code == 400
        listed = requests.get(url, timeout=5).json()
    finally:
        httpd.shutdown()
    recorded = list(read(log))
    assert [(n["receiver"], n["payload"]["status"]) for n in recorded] == [("pager", "firing"), ("ticket", "resolved")]
    assert listed == recorded
