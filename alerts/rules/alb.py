"""ALB alert rules: the edge as AWS sees it, through the CloudWatch exporter.

CloudWatch omits a count metric in a period with no events, so a 5xx series
that is absent means "no errors", never "unknown"; the ratio is simply empty
then. The exporter must run with ``set_timestamp: false`` so samples are not
dropped as older than the lookback window (see the runbooks).
"""

from __future__ import annotations

from alerts.model import COMPONENT_DOWN, AlertRule
from jivsmon.config_model import StackConfig
from jivsmon.durations import Duration
from jivsmon.promql import sel

# Below this many requests per CloudWatch period (1 min) a ratio is noise: two
# 503s out of ten requests at night are not an outage the ALB should page for.
MIN_REQUESTS_PER_PERIOD = 100


def healthy_targets(config: StackConfig) -> str:
    """Fewest healthy targets in the backend target group during the last period."""
    alb = config.alb
    metric = sel(
        "aws_applicationelb_healthy_host_count_minimum",
        job=alb.job,
        load_balancer=alb.load_balancer,
        target_group=alb.target_group,
    )
    return f"min by (load_balancer, target_group) ({metric})"


def edge_5xx_ratio(config: StackConfig) -> str:
    """Share of requests the ALB itself answered with a 5xx (no target reached)."""
    alb = config.alb
    errors = sel("aws_applicationelb_httpcode_elb_5_xx_count_sum", job=alb.job, load_balancer=alb.load_balancer)
    return f"sum by (load_balancer) ({errors}) / {_requests(config)}"


def _requests(config: StackConfig) -> str:
    alb = config.alb
    total = sel("aws_applicationelb_request_count_sum", job=alb.job, load_balancer=alb.load_balancer)
    return f"sum by (load_balancer) ({total})"


def target_response_p99(config: StackConfig) -> str:
    """p99 of the time targets take to answer (CloudWatch extended statistic p99)."""
    alb = config.alb
    metric = sel(
        "aws_applicationelb_target_response_time_p99",
        job=alb.job,
        load_balancer=alb.load_balancer,
        target_group=alb.target_group,
    )
    return f"max by (load_balancer, target_group) ({metric})"


def rules(config: StackConfig) -> tuple[AlertRule, ...]:
    """The ALB rule group."""
    t = config.thresholds
    return (
        AlertRule(
            name="ALBNoHealthyTargets",
            expr=f"{healthy_targets(config)} < 1",
            tier="critical",
            component="alb",
            summary="The ALB has no healthy backend target",
            description=(
                "Target group {{ $labels.target_group }} of {{ $labels.load_balancer }} has had "
                "no healthy target: every request gets a 502/503 from the ALB."
            ),
            dashboard="load-balancer",
            extra_labels=COMPONENT_DOWN,
        ),
        AlertRule(
            name="ALBELB5xxRateHigh",
            expr=(
                f"{edge_5xx_ratio(config)} > {t.backend_error_ratio} "
                f"and {_requests(config)} >= {MIN_REQUESTS_PER_PERIOD}"
            ),
            tier="high",
            component="alb",
            summary="The ALB itself answers many requests with 5xx",
            description=(
                "{{ $value | humanizePercentage }} of requests to {{ $labels.load_balancer }} "
                f"failed at the ALB (HTTPCode_ELB_5XX, threshold {t.backend_error_ratio:.0%}); "
                "these errors never reach the backend's own metrics."
            ),
            dashboard="load-balancer",
        ),
        AlertRule(
            name="ALBTargetResponseTimeHigh",
            expr=f"{target_response_p99(config)} > {t.alb_target_response_seconds}",
            tier="medium",
            component="alb",
            summary="Backend responses through the ALB are slow",
            description=(
                "p99 target response time of {{ $labels.target_group }} is "
                "{{ $value | humanizeDuration }} (threshold "
                f"{t.alb_target_response_seconds:g}s) for 15 minutes."
            ),
            dashboard="load-balancer",
            for_=Duration.parse("15m"),
        ),
    )
