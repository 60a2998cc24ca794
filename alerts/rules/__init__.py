"""One module per rule group; each exposes ``rules(config) -> tuple[AlertRule, ...]`` (see alerts.catalogue)."""
