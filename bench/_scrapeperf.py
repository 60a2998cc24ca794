"""Measurements every exporter benchmark takes: scrape latency (sequential and concurrent), percentiles, RSS."""

from __future__ import annotations

import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests


def rss_mib(pid: int) -> float:
    """Resident set size of a process, MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timed(session: requests.Session, url: str) -> float:
    """Seconds one scrape of url takes (an error status fails the benchmark)."""
    began = time.perf_counter()
    response = session.get(url, timeout=30)
    response.raise_for_status()
    return time.perf_counter() - began


def sequential(url: str, count: int) -> list[float]:
    """Count scrapes one after another over one kept-alive session."""
    with requests.Session() as session:
        return [timed(session, url) for _ in range(count)]


def concurrent(url: str, count: int, workers: int = 8) -> list[float]:
    """Count scrapes shared out over workers concurrent scrapers."""
    with ThreadPoolExecutor(workers) as pool:
        parts = pool.map(lambda n: sequential(url, n), [count // workers] * workers)
    return [x for part in parts for x in part]


def ms(values: list[float], q: int) -> str:
    """The q-th percentile in milliseconds, one decimal."""
    if len(values) < 2:
        return f"{values[0] * 1000:.1f}"
    return f"{statistics.quantiles(values, n=100, method='inclusive')[q - 1] * 1000:.1f}"
