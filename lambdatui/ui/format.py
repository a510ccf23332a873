"""Small text helpers shared by the screens: status words, masking, short ARNs."""

from __future__ import annotations

from rich.text import Text

from lambdatui.core.arn import parse_arn
from lambdatui.core.model import TriggerStatus

STATUS_STYLE = {
    TriggerStatus.OK: "green",
    TriggerStatus.MISSING_PERMISSION: "bold red",
    TriggerStatus.NOT_WIRED: "yellow",
    TriggerStatus.SOURCE_MISSING: "bold magenta",
    TriggerStatus.UNVERIFIED: "dim",
}
STATUS_MARK = {
    TriggerStatus.OK: "✓",
    TriggerStatus.MISSING_PERMISSION: "✗",
    TriggerStatus.NOT_WIRED: "!",
    TriggerStatus.SOURCE_MISSING: "!",
    TriggerStatus.UNVERIFIED: "?",
}
MASK = "••••••••"


def status_text(status: TriggerStatus) -> Text:
    """The status as a mark and a word in colour — never colour alone."""
    return Text(f"{STATUS_MARK[status]} {status.value}", style=STATUS_STYLE[status])


def masked(value: str, revealed: bool) -> str:
    return value if revealed else MASK


def dash(value: object) -> str:
    return "—" if value in (None, "", ()) else str(value)


def short_arn(arn: str | None) -> str:
    """The resource part of an ARN, which is what people recognise."""
    if not arn:
        return "—"
    parsed = parse_arn(arn)
    if parsed is None:
        return arn
    service, resource = parsed.service, parsed.resource
    if service == "lambda":
        return resource.removeprefix("function:")
    return f"{service}:{resource}"
