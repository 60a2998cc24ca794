"""Metrics of our PostgreSQL replication exporter (exporters/replication): the contract it implements.

``target`` is the primary's or a replica's name from stack.yaml; ``replica`` is a
replica's application_name as the primary sees it.
"""

from functools import partial

from jivsmon.catalogue.model import Metric

_m = partial(Metric, source="jivs_replication")

METRICS = (
    _m("jivs_replication_up", type="gauge", help="1 if the last scrape of the target succeeded.", labels=("target",)),
    _m(
        "jivs_replication_scrape_duration_seconds",
        type="gauge",
        help="Time the target's scrape took.",
        labels=("target",),
    ),
    _m(
        "jivs_replication_collector_success",
        type="gauge",
        help="1 if a collector's queries succeeded.",
        labels=("target", "collector"),
    ),
    _m("jivs_replication_in_recovery", type="gauge", help="1 on a standby, 0 on a primary.", labels=("target",)),
    _m(
        "jivs_replication_replica_connected",
        type="gauge",
        help="1 if the primary has a WAL sender streaming to this expected replica.",
        labels=("replica",),
    ),
    _m(
        "jivs_replication_replica_info",
        type="info",
        help="State and sync_state of a replica's WAL sender.",
        labels=("replica", "state", "sync_state"),
    ),
    _m(
        "jivs_replication_replica_lag_seconds",
        type="gauge",
        help="write/flush/replay lag from pg_stat_replication; 0 when caught up and idle (NULL).",
        labels=("replica", "kind"),
    ),
    _m(
        "jivs_replication_replica_lag_bytes",
        type="gauge",
        help="Current WAL LSN minus the replica's sent/write/flush/replay LSN.",
        labels=("replica", "kind"),
    ),
    _m("jivs_replication_replicas_connected", type="gauge", help="Replicas the primary is streaming to."),
    _m("jivs_replication_replicas_expected", type="gauge", help="Replicas stack.yaml says should stream."),
    _m(
        "jivs_replication_slot_active",
        type="gauge",
        help="1 if a replication slot has a consumer.",
        labels=("slot", "slot_type"),
    ),
    _m(
        "jivs_replication_slot_retained_wal_bytes",
        type="gauge",
        help="WAL the slot holds back on the primary.",
        labels=("slot",),
    ),
    _m(
        "jivs_replication_receive_lsn_bytes",
        type="gauge",
        help="Last WAL position received and flushed by the standby.",
        labels=("target",),
    ),
    _m(
        "jivs_replication_replay_lsn_bytes",
        type="gauge",
        help="Last WAL position replayed by the standby.",
        labels=("target",),
    ),
    _m(
        "jivs_replication_last_replay_timestamp_seconds",
        type="gauge",
        help="Commit time of the last transaction the standby replayed.",
        labels=("target",),
    ),
    _m(
        "jivs_replication_replay_paused",
        type="gauge",
        help="1 if WAL replay is paused on the standby.",
        labels=("target",),
    ),
    _m(
        "jivs_replication_wal_receiver_streaming",
        type="gauge",
        help="1 if the standby's WAL receiver is streaming.",
        labels=("target",),
    ),
    _m(
        "jivs_replication_last_msg_receipt_timestamp_seconds",
        type="gauge",
        help="When the standby last heard from the primary (data or keepalive).",
        labels=("target",),
    ),
    _m(
        "jivs_replication_heartbeat_timestamp_seconds",
        type="gauge",
        help="Heartbeat timestamp read back on the target (heartbeat mode only).",
        labels=("target",),
    ),
)
