"""Our Prometheus exporters (replication, backup, sentinel) and the runtime they share (exporters.runtime)."""
