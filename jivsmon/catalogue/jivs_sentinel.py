"""Metrics of our Redis Sentinel exporter (exporters/sentinel): the contract it implements.

``sentinel`` is the Sentinel's address, ``master`` the monitored master name.
"""

from functools import partial

from jivsmon.catalogue.model import Metric

_m = partial(Metric, source="jivs_sentinel")
_SM = ("sentinel", "master")

METRICS = (
    _m("jivs_sentinel_up", type="gauge", help="1 if the Sentinel answered the last scrape.", labels=("sentinel",)),
    _m(
        "jivs_sentinel_scrape_duration_seconds",
        type="gauge",
        help="Time the target's scrape took.",
        labels=("sentinel",),
    ),
    _m(
        "jivs_sentinel_collector_success",
        type="gauge",
        help="1 if a collector's queries succeeded.",
        labels=("sentinel", "collector"),
    ),
    _m("jivs_sentinel_tilt", type="gauge", help="1 if the Sentinel is in TILT mode.", labels=("sentinel",)),
    _m("jivs_sentinel_running_scripts", type="gauge", help="Scripts the Sentinel is running.", labels=("sentinel",)),
    _m(
        "jivs_sentinel_master_info",
        type="info",
        help="The master's address as this Sentinel sees it.",
        labels=(*_SM, "address"),
    ),
    _m(
        "jivs_sentinel_masters_agree",
        type="gauge",
        help="1 if every reachable Sentinel reports the same master address.",
        labels=("master",),
    ),
    _m(
        "jivs_sentinel_master_status",
        type="stateset",
        help="Master state as seen by the Sentinel: ok, s_down, o_down.",
        labels=(*_SM, "status"),
    ),
    _m("jivs_sentinel_master_quorum", type="gauge", help="Configured quorum.", labels=_SM),
    _m(
        "jivs_sentinel_master_ckquorum",
        type="gauge",
        help="1 if SENTINEL CKQUORUM says a failover could be authorised.",
        labels=_SM,
    ),
    _m(
        "jivs_sentinel_master_sentinels",
        type="gauge",
        help="Sentinels known for the master, this one included.",
        labels=_SM,
    ),
    _m(
        "jivs_sentinel_master_sentinels_ok",
        type="gauge",
        help="Known Sentinels not subjectively down, this one included.",
        labels=_SM,
    ),
    _m("jivs_sentinel_master_replicas", type="gauge", help="Replicas known for the master.", labels=_SM),
    _m(
        "jivs_sentinel_master_replicas_ok",
        type="gauge",
        help="Replicas neither down nor with a broken link.",
        labels=_SM,
    ),
    _m(
        "jivs_sentinel_master_failover_in_progress",
        type="gauge",
        help="1 while a failover of the master runs.",
        labels=_SM,
    ),
    _m(
        "jivs_sentinel_master_config_epoch",
        type="gauge",
        help="The master's config epoch; it rises with each failover.",
        labels=_SM,
    ),
    _m(
        "jivs_sentinel_master_failovers_total", type="counter", help="Failovers this exporter has observed.", labels=_SM
    ),
    _m(
        "jivs_sentinel_master_last_failover_timestamp_seconds",
        type="gauge",
        help="When the last observed failover finished.",
        labels=_SM,
    ),
    _m(
        "jivs_sentinel_master_last_ok_ping_reply_timestamp_seconds",
        type="gauge",
        help="When the master last answered a ping with OK.",
        labels=_SM,
    ),
    _m(
        "jivs_sentinel_master_down_after_seconds", type="gauge", help="down-after-milliseconds, in seconds.", labels=_SM
    ),
    _m("jivs_sentinel_master_failover_timeout_seconds", type="gauge", help="failover-timeout, in seconds.", labels=_SM),
    _m("jivs_sentinel_master_parallel_syncs", type="gauge", help="parallel-syncs setting.", labels=_SM),
)
