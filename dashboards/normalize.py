"""Turns grafanalib 0.7.1 output into a dashboard model current Grafana's JSON Schema accepts.

grafanalib writes the JSON of old Grafana releases: legacy dashboard keys
(``rows``, ``hideControls``, ``__inputs``, ``style``, ``sharedCrosshair``),
nulls where the schema wants a value or nothing, datasources as plain strings,
gauge/bar-gauge options in the pre-7 ``fieldOptions`` shape, and panel options
without the fields newer panels require. This module is the only place that
knows: it keeps what the schema defines, drops nulls, rewrites legacy shapes
and fills required panel options with Grafana's own defaults. Same input, same
output, no id (Grafana assigns it).
"""

from __future__ import annotations

import copy
import json
from typing import Any

from grafanalib._gen import DashboardEncoder

SCHEMA_VERSION = 39  # Grafana 10.4+ reads it without migrating; newer releases migrate on load

_DASHBOARD_KEYS = (
    "uid",
    "title",
    "description",
    "tags",
    "timezone",
    "editable",
    "graphTooltip",
    "time",
    "timepicker",
    "refresh",
    "version",
    "panels",
    "templating",
    "annotations",
    "links",
    "fiscalYearStartMonth",
    "liveNow",
    "weekStart",
)
_PANEL_KEYS = (
    "type",
    "id",
    "title",
    "description",
    "datasource",
    "gridPos",
    "links",
    "repeat",
    "repeatDirection",
    "maxPerRow",
    "maxDataPoints",
    "transformations",
    "interval",
    "timeFrom",
    "timeShift",
    "hideTimeOverride",
    "targets",
    "options",
    "fieldConfig",
    "transparent",
)
_FIELD_KEYS = (
    "displayName",
    "unit",
    "decimals",
    "min",
    "max",
    "mappings",
    "thresholds",
    "color",
    "links",
    "noValue",
    "custom",
)
_TARGET_KEYS = ("refId", "expr", "legendFormat", "instant", "format", "hide", "interval", "datasource")
_VARIABLE_KEYS = (
    "type",
    "name",
    "label",
    "description",
    "hide",
    "skipUrlSync",
    "query",
    "datasource",
    "current",
    "multi",
    "options",
    "refresh",
    "sort",
    "includeAll",
    "allValue",
    "regex",
    "definition",
)
_LINK_KEYS = ("title", "type", "icon", "tooltip", "url", "tags", "asDropdown", "targetBlank", "includeVars", "keepTime")

_REDUCE = {"calcs": ["lastNotNull"], "fields": "", "values": False}
_LEGEND = {"displayMode": "list", "placement": "bottom", "showLegend": True, "calcs": []}
_TOOLTIP = {"mode": "single", "sort": "none"}
# Required options of each panel type, with Grafana's defaults (from the panel schemas).
OPTION_DEFAULTS: dict[str, dict[str, Any]] = {
    "timeseries": {"legend": _LEGEND, "tooltip": _TOOLTIP},
    "stat": {
        "graphMode": "area",
        "colorMode": "value",
        "justifyMode": "auto",
        "textMode": "auto",
        "wideLayout": True,
        "showPercentChange": False,
        "reduceOptions": _REDUCE,
        "percentChangeColorMode": "standard",
        "orientation": "auto",
    },
    "gauge": {
        "showThresholdLabels": False,
        "showThresholdMarkers": True,
        "sizing": "auto",
        "minVizWidth": 75,
        "minVizHeight": 75,
        "reduceOptions": _REDUCE,
        "orientation": "auto",
    },
    "bargauge": {
        "displayMode": "gradient",
        "valueMode": "color",
        "namePlacement": "auto",
        "showUnfilled": True,
        "sizing": "auto",
        "minVizWidth": 8,
        "minVizHeight": 16,
        "legend": _LEGEND,
        "reduceOptions": _REDUCE,
        "maxVizHeight": 300,
        "orientation": "auto",
    },
    "table": {"frameIndex": 0, "showHeader": True, "cellHeight": "sm"},
    "state-timeline": {
        "showValue": "auto",
        "rowHeight": 0.9,
        "mergeValues": True,
        "alignValue": "left",
        "legend": _LEGEND,
        "tooltip": _TOOLTIP,
    },
    "text": {"mode": "markdown", "content": ""},
}
# Option keys each panel type knows (anything else is a grafanalib leftover).
_OPTION_KEYS: dict[str, tuple[str, ...]] = {
    "timeseries": ("legend", "tooltip"),
    "stat": (*OPTION_DEFAULTS["stat"], "text"),
    "gauge": (*OPTION_DEFAULTS["gauge"], "text"),
    "bargauge": (*OPTION_DEFAULTS["bargauge"], "text"),
    "table": (*OPTION_DEFAULTS["table"], "sortBy", "footer", "showTypeIcons"),
    "state-timeline": tuple(OPTION_DEFAULTS["state-timeline"]),
    "text": ("mode", "content", "code"),
}
# Panel types whose schema has no field-config "custom" section.
_NO_CUSTOM = ("stat", "gauge", "bargauge", "text")


def to_plain(data: Any) -> Any:
    """Plain JSON data for grafanalib objects (anything with to_json_data)."""
    return json.loads(json.dumps(data, cls=DashboardEncoder, sort_keys=True))


def normalize(raw: Any) -> dict[str, Any]:
    """The schema-valid dashboard model for grafanalib's ``Dashboard.to_json_data()`` output."""
    src = to_plain(raw)
    out = _pick(src, _DASHBOARD_KEYS)
    out["schemaVersion"] = SCHEMA_VERSION
    out["timepicker"] = _pick(src.get("timepicker") or {}, ("hidden", "refresh_intervals"))
    out["templating"] = {"list": [_variable(v) for v in src.get("templating", {}).get("list", [])]}
    out["annotations"] = {"list": list(src.get("annotations", {}).get("list", []))}
    out["links"] = [_link(link) for link in src.get("links", [])]
    out["panels"] = [_panel(p) for p in src.get("panels", [])]
    if not out.get("description"):
        out.pop("description", None)
    return out


def _pick(data: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """The listed keys whose value is not null."""
    return {k: data[k] for k in keys if data.get(k) is not None}


def _ref(datasource: Any) -> dict[str, str] | None:
    """A datasource reference object; grafanalib writes a bare name or variable."""
    if isinstance(datasource, str) and datasource:
        return {"type": "prometheus", "uid": datasource}
    if isinstance(datasource, dict):
        return {k: str(v) for k, v in datasource.items() if k in ("type", "uid") and v is not None}
    return None


def _variable(var: dict[str, Any]) -> dict[str, Any]:
    out = _pick(var, _VARIABLE_KEYS)
    current = var.get("current") or {}
    if current.get("text") is not None:
        out["current"] = _pick(current, ("selected", "text", "value"))
    else:
        out.pop("current", None)
    if var.get("type") == "datasource":
        out.pop("datasource", None)
    elif ref := _ref(var.get("datasource")):
        out["datasource"] = ref
    if var.get("type") == "query" and isinstance(var.get("query"), str):
        out["definition"] = var["query"]
    return out


def _link(link: dict[str, Any]) -> dict[str, Any]:
    out = _pick(link, _LINK_KEYS)
    if out.get("type") == "dashboards" or not out.get("url"):
        out.pop("url", None)
    return out


def _panel(panel: dict[str, Any]) -> dict[str, Any]:
    if panel.get("type") == "row":
        return {
            "type": "row",
            "id": panel["id"],
            "title": panel.get("title", ""),
            "collapsed": bool(panel.get("collapsed")),
            "gridPos": panel["gridPos"],
            "panels": [_panel(p) for p in panel.get("panels", [])],
        }
    panel = _migrate_legacy(copy.deepcopy(panel))
    kind = panel["type"]
    out = _pick(panel, _PANEL_KEYS)
    for key in ("interval", "repeat", "timeFrom", "timeShift"):
        if out.get(key) == "":
            out.pop(key)
    if "repeat" not in out:
        out.pop("repeatDirection", None)
        out.pop("maxPerRow", None)
    out["links"] = [_link(link) for link in out.get("links", [])]
    if ref := _ref(panel.get("datasource")):
        out["datasource"] = ref
    out["targets"] = [_target(t, out.get("datasource")) for t in panel.get("targets", [])]
    out["options"] = _options(kind, panel.get("options") or {})
    out["fieldConfig"] = _field_config(kind, panel.get("fieldConfig") or {})
    if kind == "text":
        out.pop("targets")
        out.pop("datasource", None)
    return out


def _target(target: dict[str, Any], datasource: dict[str, str] | None) -> dict[str, Any]:
    out = _pick(target, _TARGET_KEYS)
    if not out.get("interval"):
        out.pop("interval", None)
    out["range"] = not out.get("instant", False)
    ref = _ref(target.get("datasource")) or datasource
    if ref:
        out["datasource"] = ref
    return out


def _migrate_legacy(panel: dict[str, Any]) -> dict[str, Any]:
    """Move pre-Grafana-7 gauge/bar-gauge settings to where current Grafana reads them."""
    options = panel.setdefault("options", {}) or {}
    panel["options"] = options
    defaults = panel.setdefault("fieldConfig", {}).setdefault("defaults", {})
    if panel["type"] == "gauge":
        field = panel["fieldConfig"]
        for key in ("showThresholdLabels", "showThresholdMarkers"):
            if key in field:
                options[key] = field.pop(key)
        options["reduceOptions"] = _reduce(defaults)
        title = defaults.pop("title", None)
        if title:
            defaults["displayName"] = title
    elif panel["type"] == "bargauge" and "fieldOptions" in options:
        legacy = options.pop("fieldOptions")
        options["reduceOptions"] = _reduce(legacy)
        defaults.update({k: v for k, v in legacy.get("defaults", {}).items() if v is not None})
        defaults.setdefault("mappings", legacy.get("mappings") or [])
        steps = defaults.get("thresholds", {}).get("steps")
        if not steps and legacy.get("thresholds"):
            defaults["thresholds"] = {"mode": "absolute", "steps": legacy["thresholds"]}
        for key in ("showThresholdLabels", "showThresholdMarkers"):
            options.pop(key, None)
    if panel["type"] == "table" and panel.get("mappings"):
        defaults.setdefault("mappings", panel["mappings"])
    return panel


def _reduce(legacy: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "calcs": legacy.get("calcs") or ["lastNotNull"],
        "fields": "",
        "values": bool(legacy.get("values")),
    }
    if legacy.get("limit") is not None:
        out["limit"] = legacy["limit"]
    return out


def _options(kind: str, options: dict[str, Any]) -> dict[str, Any]:
    known = _OPTION_KEYS.get(kind)
    out = {k: v for k, v in options.items() if v is not None and (known is None or k in known)}
    for key, default in OPTION_DEFAULTS.get(kind, {}).items():
        if isinstance(default, dict):
            given = out.get(key) or {}
            out[key] = {**default, **{k: v for k, v in given.items() if v is not None}}
        else:
            out.setdefault(key, copy.deepcopy(default))
    return out


def _field_config(kind: str, field: dict[str, Any]) -> dict[str, Any]:
    defaults = _pick(field.get("defaults") or {}, _FIELD_KEYS)
    steps = defaults.get("thresholds", {}).get("steps")
    steps = steps if isinstance(steps, list) and steps else [{"value": None, "color": "green"}]
    defaults["thresholds"] = {
        "mode": defaults.get("thresholds", {}).get("mode") or "absolute",
        # grafanalib writes the base step's value as the string "null".
        "steps": [
            {"value": None if i == 0 or s.get("value") == "null" else s.get("value"), "color": s["color"]}
            for i, s in enumerate(steps)
        ],
    }
    custom = {k: v for k, v in (defaults.pop("custom", None) or {}).items() if v is not None}
    if kind == "table":
        # Not cellOptions: every variant of the schema's cellOptions oneOf accepts a bare
        # {"type": ...}, so none validates; displayMode is in the schema and Grafana migrates it.
        custom = {"align": "auto", "inspect": False, **custom}
    if custom and kind not in _NO_CUSTOM:
        defaults["custom"] = custom
    if kind == "text":
        defaults = {}
    return {"defaults": defaults, "overrides": list(field.get("overrides") or [])}
