"""A webhook sink standing in for the pager, chat and ticket systems: it records every Alertmanager notification.

Each receiver posts to ``/<receiver>``; every notification is appended as one
JSON line (receiver, time received, the webhook body) to the log file, which
the drills read. ``GET /`` lists what arrived. Run with ``python -m jivsmon.demo.sink``.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from jivsmon.services.ports import LOOPBACK


def make_handler(log: Path) -> type[BaseHTTPRequestHandler]:
    """The handler class appending to ``log``."""
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # the JSON lines are the log
            return

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            try:
                payload = json.loads(body)
            except ValueError:
                self.send_response(400)
                self.end_headers()
                return
            line = json.dumps({"receiver": self.path.strip("/"), "received_at": time.time(), "payload": payload})
            with lock, log.open("a", encoding="utf-8") as out:
                out.write(line + "\n")
            self.send_response(200)
            self.end_headers()

        def do_GET(self) -> None:
            body = json.dumps(list(read(log)), indent=1).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def read(log: Path) -> Iterator[dict[str, Any]]:
    """The notifications recorded so far, oldest first."""
    if log.exists():
        for line in log.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)


def main(argv: list[str] | None = None) -> int:
    """Serve the sink until killed."""
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--port", type=int, required=True)
    args.add_argument("--log", type=Path, required=True)
    opts = args.parse_args(argv)
    ThreadingHTTPServer((LOOPBACK, opts.port), make_handler(opts.log)).serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
