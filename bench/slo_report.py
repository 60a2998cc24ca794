"""Benchmark: the SLO report for 10 SLOs over 30 days, recording rules vs raw increase[30d].

A real Prometheus loaded with 32 days of synthetic history (slo.synthetic: 10
services, each series copied to --instances instances, one sample a minute) and
the recording rules' 5-minute buckets backfilled by Prometheus' own engine.
Prints: report wall time and query count per path (best of --repeat), the
worst SLI difference from the generator's truth per path, and the evaluation
cost of the SLO rule groups from prometheus_rule_group_last_duration_seconds,
next to a Pyrra-style group that computes the window from raw increase[30d].
Usage: PYTHONPATH=. python bench/slo_report.py [--instances 8] [--repeat 5]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import requests
import yaml

from jivsmon.config import load_config
from jivsmon.durations import Duration
from jivsmon.services.prometheus import PrometheusServer
from slo.alerts import rule_file
from slo.backfill import import_openmetrics, recording_rule_lines
from slo.prometheus_api import PrometheusAPI
from slo.report import SloResult, report
from slo.rules import budget_group, raw_ratio
from slo.spec import Sli, SloSpec
from slo.synthetic import History, Incident, Service, generate, openmetrics

REPO = Path(__file__).resolve().parents[1]
WINDOW = Duration.parse("30d")


def services() -> list[Service]:
    """Ten services: background error rates from 0.05 % to 0.5 %, an incident each."""
    day = 1440
    return [
        Service(
            f"svc{i}",
            per_minute=300 + 40 * i,
            bad_share=0.0005 * (i + 1),
            seed=100 + i,
            incidents=(Incident((3 + 2 * i) * day + 37 * i, 20 + 10 * i, 0.2),),
            resets=((5 + i) * day + 11,),
        )
        for i in range(10)
    ]


def spec(job: str) -> SloSpec:
    """Availability of one service at 99.7 %."""
    return SloSpec(
        f"{job}-availability",
        f"{job} without 5xx",
        0.997,
        WINDOW,
        Sli(
            "request",
            total=f'http_requests_total{{job="{job}"}}',
            errors=f'http_requests_total{{job="{job}",code="500"}}',
        ),
    )


def fan_out(lines: Iterator[str], instances: int) -> Iterator[str]:
    """Every http_requests_total sample once per instance: more series, the same ratios."""
    for line in lines:
        if line.startswith("http_requests_total{"):
            head, rest = line.split("}", 1)
            for i in range(instances):
                yield f'{head},instance="i{i}"}}{rest}'
        elif not line.startswith(("http_request_duration", "probe_success", "# TYPE http_request_dur", "# TYPE probe")):
            yield line


def timed(
    api: PrometheusAPI, specs: list[SloSpec], at: float, raw: bool, repeat: int
) -> tuple[float, int, list[SloResult]]:
    """Best wall time of the whole report, its query count, and the results."""
    best, results = float("inf"), []
    for _ in range(repeat):
        api.queries = 0
        start = time.perf_counter()
        results = report(api, specs, at, raw=raw)
        best = min(best, time.perf_counter() - start)
    return best, api.queries, results


def worst_diff(results: list[SloResult], hists: dict[str, History], at: float) -> float:
    """Largest |SLI - truth| over the SLOs, in percentage points."""
    out = 0.0
    for r in results:
        bad, _, total = hists[r.spec.name.split("-")[0]].truth(at, WINDOW.seconds)
        if r.sli is None:
            return float("nan")  # an SLO without a figure: the bench prints nan, never a made-up 0
        out = max(out, abs(r.sli - (1 - bad / total)) * 100)
    return out


def rule_costs(prom: PrometheusServer, timeout: float = 400) -> dict[str, float]:
    """Last evaluation duration of each rule group (from Prometheus' own /metrics), once all have run.

    The 5-minute budget groups start at a hash-based offset within their interval, so
    this can wait up to 5 minutes.
    """
    from prometheus_client.parser import text_string_to_metric_families

    deadline, found = time.monotonic() + timeout, {}
    while time.monotonic() < deadline:
        text = requests.get(f"{prom.url}/metrics", timeout=10).text
        found = {
            s.labels["rule_group"].split(";")[-1]: s.value
            for fam in text_string_to_metric_families(text)
            if fam.name == "prometheus_rule_group_last_duration_seconds"
            for s in fam.samples
        }
        if found and all(v > 0 for v in found.values()):
            break
        time.sleep(5)
    return found


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    config = load_config(REPO / "stack.yaml")
    end = (int(time.time()) // 86400) * 86400
    t0 = end - 32 * 86400
    hists = {s.job: generate(s, t0, 32 * 1440) for s in services()}
    specs = [spec(job) for job in hists]
    with tempfile.TemporaryDirectory(prefix="slo-bench-") as tmp:
        root = Path(tmp)
        prom = PrometheusServer(root / "prom")
        started = time.perf_counter()
        import_openmetrics(fan_out(openmetrics(list(hists.values())), args.instances), root, prom.data_dir)
        print(
            f"history: 10 SLOs x {args.instances} instances x 2 codes, 32 d at 60 s, "
            f"imported in {time.perf_counter() - started:.1f} s"
        )
        prom.start()
        started = time.perf_counter()
        lines = list(recording_rule_lines(prom.url, [budget_group(s) for s in specs], t0, end))
        prom.stop()
        import_openmetrics(lines, root, prom.data_dir)
        print(f"recording rules backfilled in {time.perf_counter() - started:.1f} s")
        rules_dir = root / "rules"
        rules_dir.mkdir()
        files = []
        for s in specs:
            files.append(rules_dir / f"slo-{s.name}.yaml")
            files[-1].write_text(yaml.safe_dump(rule_file(s, config), sort_keys=False))
        raw_group = {
            "groups": [
                {
                    "name": "pyrra-style-raw-window",
                    "rules": [
                        {
                            "record": "raw:sli_error_ratio:window",
                            "expr": raw_ratio(s, WINDOW),
                            "labels": {"slo": s.name},
                        }
                        for s in specs
                    ],
                }
            ]
        }
        files.append(rules_dir / "raw-window.yaml")
        files[-1].write_text(yaml.safe_dump(raw_group, sort_keys=False))
        prom = PrometheusServer(root / "prom", rule_files=files, evaluation_interval="30s")
        prom.start()
        try:
            api = PrometheusAPI(prom.url)
            rec_t, rec_q, rec = timed(api, specs, end, False, args.repeat)
            raw_t, raw_q, raw = timed(api, specs, end, True, args.repeat)
            print(f"{'path':18} {'report s':>9} {'queries':>8} {'max |SLI-truth| pp':>19}")
            print(f"{'recording rules':18} {rec_t:9.3f} {rec_q:8d} {worst_diff(rec, hists, end):19.5f}")
            print(f"{'raw increase[30d]':18} {raw_t:9.3f} {raw_q:8d} {worst_diff(raw, hists, end):19.5f}")
            print(f"speed-up: {raw_t / rec_t:.1f}x")
            costs = rule_costs(prom)
            burn = [v for k, v in costs.items() if k.endswith("-burn")]
            budget = [v for k, v in costs.items() if k.endswith("-budget")]
            print("rule group evaluation (prometheus_rule_group_last_duration_seconds):")
            if burn:
                print(
                    f"  SLO burn groups (30 s): {len(burn)} groups, {1000 * sum(burn):.1f} ms per round, "
                    f"max {1000 * max(burn):.1f} ms"
                )
            if budget:
                print(f"  SLO budget groups (5 m): {len(budget)} groups, {1000 * sum(budget):.1f} ms per round")
            if "pyrra-style-raw-window" in costs:
                print(
                    f"  raw increase[30d] group for the same 10 windows: "
                    f"{1000 * costs['pyrra-style-raw-window']:.1f} ms per round"
                )
        finally:
            prom.stop()


if __name__ == "__main__":
    main()
