"""PromQL of the dashboards, one module per area; each function returns one expression.

Expressions are built with jivsmon.promql.sel, read names and jobs from the
stack config and filter on the dashboard's template variables with ``=~``
(their All value is ``.*``).
"""
