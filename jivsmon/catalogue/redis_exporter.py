"""Metrics from redis exporter that jivs-monitoring uses (names as that exporter publishes them)."""

from functools import partial

from jivsmon.catalogue.model import Metric

_m = partial(Metric, source="redis_exporter")

# Checked against Debian's prometheus-redis-exporter 1.45 on Redis 7.0 (a master and a
# replica). The link metrics exist on replicas only; while Redis is down only
# redis_up (0) is exported. redis_instance_info also has run_id and tcp_port.
_LINK = ("master_host", "master_port")
_INFO = ("maxmemory_policy", "os", "process_id", "redis_build_id", "redis_mode", "redis_version", "role")

METRICS: tuple[Metric, ...] = (
    _m("redis_up", type="gauge", help="1 if the exporter could talk to Redis."),
    _m("redis_memory_used_bytes", type="gauge", help="used_memory."),
    _m("redis_memory_max_bytes", type="gauge", help="maxmemory (0 = no limit)."),
    _m("redis_keyspace_hits_total", type="counter", help="Lookups that found their key."),
    _m("redis_keyspace_misses_total", type="counter", help="Lookups that missed."),
    _m("redis_connected_slaves", type="gauge", help="Replicas connected to this instance."),
    _m("redis_master_link_up", type="gauge", help="1 if this replica's link to its master is up.", labels=_LINK),
    _m("redis_instance_info", type="info", help="Version, role and maxmemory policy.", labels=_INFO),
    _m("redis_blocked_clients", type="gauge", help="Clients blocked on a blocking command."),
    _m("redis_commands_processed_total", type="counter", help="Commands processed by the server."),
    _m("redis_connected_clients", type="gauge", help="Client connections (replicas excluded)."),
    _m("redis_evicted_keys_total", type="counter", help="Keys evicted because of maxmemory."),
    _m("redis_master_repl_offset", type="gauge", help="The server's replication offset."),
)
