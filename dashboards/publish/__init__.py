"""Publishing dashboards to Grafana over its HTTP API: client, pure planner, runner and CLI.

``client`` speaks Grafana's documented endpoints, ``planner`` decides per
dashboard (create, update, unchanged, refuse) without I/O, ``runner`` carries
a plan out and counts the outcomes, ``cli`` is the `jivsmon publish` edge.
"""
