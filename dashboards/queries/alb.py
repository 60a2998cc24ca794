"""The AWS ALB through the CloudWatch exporter: per-minute CloudWatch sums, gauges in Prometheus."""

from __future__ import annotations

from jivsmon.config_model import StackConfig
from jivsmon.promql import sel

PERIOD_SECONDS = 60  # the ALB publishes 1-minute CloudWatch periods


def _lb(config: StackConfig, metric: str, **labels: str) -> str:
    return sel(f"aws_applicationelb_{metric}", job=config.alb.job, load_balancer=config.alb.load_balancer, **labels)


def requests_per_second(config: StackConfig) -> str:
    """Requests per second through the load balancer."""
    return f"sum({_lb(config, 'request_count_sum')}) / {PERIOD_SECONDS}"


def codes_per_second(config: StackConfig, source: str, klass: str) -> str:
    """4xx/5xx per second, from the ALB itself (source "elb") or from the targets ("target")."""
    return f"sum({_lb(config, f'httpcode_{source}_{klass}_xx_count_sum')}) / {PERIOD_SECONDS}"


def error_ratio_5xx(config: StackConfig) -> str:
    """Share of requests answered with a 5xx, by the ALB or the targets."""
    errors = (
        f"(sum({_lb(config, 'httpcode_elb_5_xx_count_sum')}) or vector(0))"
        f" + (sum({_lb(config, 'httpcode_target_5_xx_count_sum')}) or vector(0))"
    )
    return f"({errors}) / sum({_lb(config, 'request_count_sum')})"


def target_response_time(config: StackConfig, stat: str) -> str:
    """Target response time ("average" or "p99"), seconds."""
    return f"max({_lb(config, f'target_response_time_{stat}', target_group=config.alb.target_group)})"


def hosts_by_zone(config: StackConfig, healthy: bool) -> str:
    """Healthy or unhealthy targets per availability zone."""
    metric = "healthy_host_count_average" if healthy else "un_healthy_host_count_average"
    return f"sum by (availability_zone) ({_lb(config, metric, target_group=config.alb.target_group)})"
