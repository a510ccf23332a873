"""Bucket notification configurations as data: the Put body of a Get answer, comparing two
configurations entry by entry, and telling whether two entries overlap. Pure: no I/O."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

NOTIFICATION_KEYS = (
    "TopicConfigurations",
    "QueueConfigurations",
    "LambdaFunctionConfigurations",
    "EventBridgeConfiguration",
)
"""The parts of a bucket notification configuration; anything else in an answer is metadata."""


def notification_configuration(answer: Mapping[str, Any]) -> dict[str, Any]:
    """A GetBucketNotificationConfiguration answer as a Put body: response-only keys dropped,
    every entry kept exactly, empty lists left out."""
    config: dict[str, Any] = {}
    for key in NOTIFICATION_KEYS:
        if key not in answer:
            continue
        value = answer[key]
        if key == "EventBridgeConfiguration":
            config[key] = dict(value or {})
        elif value:
            config[key] = [dict(entry) for entry in value]
    return config


def canonical_entry(entry: Mapping[str, Any]) -> str:
    """An entry as canonical JSON (filter rule names in any case compare equal)."""
    entry = json.loads(json.dumps(entry, default=str))
    for rule in (entry.get("Filter") or {}).get("Key", {}).get("FilterRules") or ():
        rule["Name"] = str(rule.get("Name", "")).lower()
    return json.dumps(entry, sort_keys=True)


def canonical_config(config: Mapping[str, Any]) -> dict[str, Any]:
    """A configuration that compares equal to another with the same entries in any order."""
    out: dict[str, Any] = {}
    for key, value in notification_configuration(config).items():
        if isinstance(value, list):
            out[key] = sorted(canonical_entry(e) for e in value)
        else:
            out[key] = json.dumps(value, sort_keys=True)
    return out


def entries_by_id(config: Mapping[str, Any]) -> dict[str, str]:
    """Every entry (topic, queue, function) by `kind/Id` → its canonical JSON."""
    found = {}
    for key, value in notification_configuration(config).items():
        if isinstance(value, list):
            for i, entry in enumerate(value):
                found[f"{key}/{entry.get('Id') or i}"] = canonical_entry(entry)
    return found


def entries_overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two notification entries could match the same event (S3 refuses that)."""

    def events_overlap(x: str, y: str) -> bool:
        return (
            x == y
            or (x.endswith("*") and y.startswith(x[:-1]))
            or (y.endswith("*") and x.startswith(y[:-1]))
        )

    def rules(entry: dict[str, Any]) -> dict[str, str]:
        found = (entry.get("Filter") or {}).get("Key", {}).get("FilterRules") or ()
        return {str(r.get("Name", "")).lower(): r.get("Value", "") for r in found}

    if not any(events_overlap(x, y) for x in a.get("Events", ()) for y in b.get("Events", ())):
        return False
    ra, rb = rules(a), rules(b)
    pa, pb = ra.get("prefix", ""), rb.get("prefix", "")
    sa, sb = ra.get("suffix", ""), rb.get("suffix", "")
    return (pa.startswith(pb) or pb.startswith(pa)) and (sa.endswith(sb) or sb.endswith(sa))


def entries_of(config: Mapping[str, Any]) -> dict[str, tuple[str, Any]]:
    """Every part of a configuration by `kind/Id` (EventBridge delivery: its own key) → the
    kind and the entry as written. Entries without an Id are keyed by their canonical JSON."""
    found: dict[str, tuple[str, Any]] = {}
    for key, value in notification_configuration(config).items():
        if key == "EventBridgeConfiguration":
            found[key] = (key, value)
            continue
        for entry in value:
            found[f"{key}/{entry.get('Id') or canonical_entry(entry)}"] = (key, entry)
    return found


def with_entries(config: Mapping[str, Any], extra: Mapping[str, tuple[str, Any]]) -> dict[str, Any]:
    """`config` with the parts of `extra` (as `entries_of` gives them) added back."""
    merged = notification_configuration(config)
    for kind, entry in extra.values():
        if kind == "EventBridgeConfiguration":
            merged[kind] = dict(entry or {})
        else:
            merged.setdefault(kind, []).append(dict(entry))
    return merged
