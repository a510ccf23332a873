"""What each section of the detail screen shows, row by row: pure functions of a function's
detail, every AWS string made text by `widgets.safe_text` (never markup, controls visible)."""

from __future__ import annotations

from rich.text import Text

from lambdatui.core.model import EventSourceMapping, Finding, FunctionDetail, ReadError
from lambdatui.ui.format import MASK, short_arn, status_text
from lambdatui.ui.screens.finding_evidence import as_json
from lambdatui.ui.widgets.safe_text import literal, literal_or_dash
from lambdatui.ui.widgets.severity import severity_text

TABLES = {
    "triggers": ("Status", "Kind", "Source", "Source ARN", "Qualifier", "Sid", "Detail"),
    "mappings": ("Source", "Source ARN", "State", "Batch", "OnFailure", "Filters", "UUID"),
    "policy": (
        "Sid",
        "Effect",
        "Principal",
        "Actions",
        "SourceArn",
        "SourceAccount",
        "PrincipalOrgID",
        "UrlAuthType",
        "Qualifier",
    ),
    "destinations": ("Qualifier", "OnSuccess", "OnFailure", "Max retries", "Max age (s)"),
    "urls": ("Qualifier", "URL", "Auth type", "CORS origins", "Invoke mode"),
    "versions": ("Kind", "Name", "Version", "ARN", "Description"),
    "findings": ("Severity", "Rule", "Resource", "Message"),
}

Row = tuple[object, ...]


def error_sentence(errors: tuple[ReadError, ...]) -> Text:
    return Text("\n").join(
        literal(f"⚠ Could not read this ({e.operation}, {e.code}): {e.message}") for e in errors
    )


def detail_text(detail: dict[str, object]) -> Text:
    parts = []
    for key, value in detail.items():
        if key in {"match_arns"} or value in (None, "", [], {}, ()):
            continue
        shown = ",".join(map(str, value)) if isinstance(value, list | tuple) else value
        parts.append(f"{key}={shown}")
    return literal(" ".join(parts))


def overview_rows(detail: FunctionDetail, *, revealed: bool) -> list[Row]:
    """Field, value: the configuration, then each environment variable (values masked unless
    `revealed`)."""
    f = detail.function
    rows: list[Row] = [
        ("Name", literal(f.name)),
        ("ARN", literal(f.arn)),
        ("Description", literal_or_dash(f.description)),
        ("Runtime", literal_or_dash(f.runtime)),
        ("Handler", literal_or_dash(f.handler)),
        ("Role", literal_or_dash(f.role)),
        ("Memory", f"{f.memory_mb} MB" if f.memory_mb else "—"),
        ("Timeout", f"{f.timeout_s} s" if f.timeout_s else "—"),
        ("Architecture", literal(", ".join(f.architectures) or "—")),
        ("Package", literal_or_dash(f.package_type)),
        ("Last modified", literal_or_dash(f.last_modified)),
        ("Dead-letter queue", literal_or_dash(f.dead_letter_target)),
        ("Layers", literal(", ".join(short_arn(x.arn) for x in f.layers) or "—")),
    ]
    hint = "press v to reveal" if not revealed else "press v to mask"
    rows.append((f"Environment ({len(f.environment)}, {hint})", "" if f.environment else "—"))
    rows.extend(
        (literal(f"  {k}", style="bold"), literal(v) if revealed else MASK)
        for k, v in sorted(f.environment.items())
    )
    return rows


def trigger_rows(d: FunctionDetail) -> list[Row]:
    return [
        (
            status_text(t.status),
            t.kind,
            literal(t.source),
            literal_or_dash(t.source_arn),
            literal_or_dash(t.qualifier),
            literal_or_dash(t.statement_sid),
            literal(" ".join(x for x in (t.note, str(detail_text(dict(t.detail)))) if x)),
        )
        for t in d.triggers
    ]


def mapping_rows(d: FunctionDetail) -> list[Row]:
    """One row per mapping; its State cell also says what its last poll did and whether the
    execution role may read the source."""
    return [
        (
            m.source,
            literal_or_dash(m.event_source_arn),
            literal(mapping_state(m, d)),
            literal_or_dash(m.batch_size),
            literal_or_dash(m.on_failure),
            literal("; ".join(m.filter_patterns) or "—"),
            literal(m.uuid),
        )
        for m in d.event_source_mappings
    ]


def policy_rows(d: FunctionDetail) -> list[Row]:
    return [
        (
            literal_or_dash(s.sid),
            literal(s.effect, style="red" if s.effect == "Deny" else ""),
            literal(s.principal, style="bold red" if s.principal == "*" else ""),
            literal(", ".join(s.action)),
            literal_or_dash(s.source_arn),
            literal_or_dash(s.source_account),
            literal_or_dash(s.principal_org_id),
            literal_or_dash(s.function_url_auth_type),
            literal_or_dash(s.qualifier),
        )
        for s in d.statements
    ]


def destination_rows(d: FunctionDetail) -> list[Row]:
    rows: list[Row] = [
        (
            literal(x.qualifier) if x.qualifier else "(function)",
            literal_or_dash(destination_cell(x.on_success, d)),
            literal_or_dash(destination_cell(x.on_failure, d)),
            literal_or_dash(x.maximum_retry_attempts),
            literal_or_dash(x.maximum_event_age_seconds),
        )
        for x in d.destinations
    ]
    if d.function.dead_letter_target:
        dlq = destination_cell(d.function.dead_letter_target, d)
        rows.append(("DLQ", "—", literal(dlq), "—", "—"))
    rows.extend(
        (
            literal(f"mapping {m.uuid[:8]}"),
            "—",
            literal(destination_cell(m.on_failure, d)),
            "—",
            "—",
        )
        for m in d.event_source_mappings
        if m.on_failure
    )
    return rows


def url_rows(d: FunctionDetail) -> list[Row]:
    return [
        (
            literal(u.qualifier) if u.qualifier else "(function)",
            literal(u.url),
            literal(u.auth_type, style="bold red" if u.auth_type == "NONE" else ""),
            literal(", ".join(u.cors_allow_origins) or "—"),
            literal_or_dash(u.invoke_mode),
        )
        for u in d.function_urls
    ]


def version_rows(d: FunctionDetail) -> list[Row]:
    aliases: list[Row] = [
        ("alias", literal(a.name), literal(a.function_version), literal(a.arn),
         literal_or_dash(a.description))
        for a in d.aliases
    ]  # fmt: skip
    versions: list[Row] = [
        ("version", literal(v.version), literal(v.version), literal(v.arn),
         literal_or_dash(v.description))
        for v in d.versions
    ]  # fmt: skip
    return [*aliases, *versions]


def finding_row(f: Finding) -> Row:
    return (
        severity_text(f.severity),
        literal(f.rule),
        literal_or_dash(f.resource),
        literal(f.message),
    )


def row_evidence(d: FunctionDetail | None, key: str, index: int) -> list[tuple[str, str]]:
    """The record behind a row as AWS had it: the statement JSON, the trigger's entry."""
    if d is None:
        return []
    if key == "policy" and index < len(d.statements):
        statement = d.statements[index]
        return [("Statement", as_json(statement.raw or statement))]
    if key == "triggers" and index < len(d.triggers):
        t = d.triggers[index]
        return [("As read from the service", as_json({"note": t.note, **dict(t.detail)}))]
    if key == "mappings" and index < len(d.event_source_mappings):
        return [("Mapping", as_json(d.event_source_mappings[index]))]
    return []


def destination_cell(arn: str | None, d: FunctionDetail) -> str | None:
    """A destination ARN, then whether the execution role may write to it when it may not (or
    that could not be told)."""
    if not arn:
        return arn
    check = next(
        (c for c in d.role_checks if c.purpose == "write to the destination" and c.resource == arn),
        None,
    )
    if check is None or check.allowed is True:
        return arn
    if check.allowed is False:
        return f"{arn} · role may not write: {', '.join(check.missing)}"
    return f"{arn} · role unverified"


def mapping_state(m: EventSourceMapping, d: FunctionDetail) -> str:
    """'Enabled', then the last processing result when it is not OK, then the role's half."""
    parts = [m.state]
    if m.last_processing_result and m.last_processing_result != "OK":
        parts.append(m.last_processing_result)
    check = next(
        (
            c
            for c in d.role_checks
            if c.purpose == "read the source" and c.resource == m.event_source_arn
        ),
        None,
    )
    if check is not None and check.allowed is not True:
        parts.append(
            "role may not read: " + ", ".join(check.missing)
            if check.allowed is False
            else "role unverified"
        )
    return " · ".join(parts)
