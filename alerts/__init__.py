"""Prometheus alert rules as data, their tiers, and the Alertmanager routing built from them."""
