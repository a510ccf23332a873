"""What a finding points at, as it was read: the statement JSON, the notification entry, …

A finding names its resource by a statement id, a source ARN, a URL, a destination ARN, an
environment variable or a runtime. This looks that name up in the function's detail and returns
the matching records as JSON, so the finding detail can show the evidence beside the message.
Environment values are never part of it (they may be secrets).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Mapping
from typing import Any

from lambdatui.core.model import Finding, FunctionDetail
from lambdatui.core.remedy import url_resource


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def as_json(value: Any) -> str:
    return json.dumps(_jsonable(value), indent=2, sort_keys=False)


def _on(qualifier: str | None) -> str:
    return f" ({qualifier})" if qualifier else ""


def _qualified(detail: FunctionDetail, qualifier: str | None) -> str:
    arn = detail.function.arn
    return f"{arn}:{qualifier}" if qualifier else arn


def evidence(detail: FunctionDetail | None, finding: Finding) -> list[tuple[str, str]]:
    """(title, JSON text) for every record of `detail` that the finding's resource names."""
    if detail is None or not finding.resource:
        return []
    return list(_records(detail, finding.resource))


def _records(detail: FunctionDetail, resource: str) -> Iterator[tuple[str, str]]:
    short = resource.split(":")[-1]
    for s in detail.statements:
        if s.sid == resource:
            yield f"Policy statement {s.sid}{_on(s.qualifier)}", as_json(s.raw or s)
    for t in detail.triggers:
        if resource in (t.source_arn, t.statement_sid) or (
            t.source == "function-url" and resource.startswith("function-url")
        ):
            entry = {
                "source": t.source,
                "source_arn": t.source_arn,
                "qualifier": t.qualifier,
                "status": t.status.value,
                "note": t.note,
                **dict(t.detail),
            }
            yield f"{t.source} trigger{_on(t.qualifier)} as the service has it", as_json(entry)
    for u in detail.function_urls:
        if resource in (u.url, url_resource(u.qualifier)):
            yield f"Function URL{_on(u.qualifier)}", as_json(u)
    for d in detail.destinations:
        if resource in (d.on_success, d.on_failure, _qualified(detail, d.qualifier)):
            yield f"Async invoke config{_on(d.qualifier)}", as_json(d)
    for m in detail.event_source_mappings:
        if resource in (m.on_failure, m.event_source_arn):
            yield f"Event source mapping {m.uuid}", as_json(m)
    for p in detail.policies:
        if resource == _qualified(detail, p.qualifier) and p.raw_json:
            yield f"Resource policy{_on(p.qualifier)}, {p.size_bytes} bytes", p.raw_json
    if resource in detail.function.environment or short in detail.function.environment:
        yield "Environment variable", as_json({"name": resource, "value": "(masked)"})
    if resource == detail.function.runtime:
        yield "Runtime", as_json({"runtime": resource, "function": detail.function.name})
