"""How a severity looks: a word in colour (never colour alone), worst first when sorted."""

from __future__ import annotations

from rich.text import Text

from lambdatui.core.model import Severity

SEVERITY_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}


def severity_text(severity: Severity, *, padded: bool = False) -> Text:
    word = f" {severity.value} " if padded else severity.value
    return Text(word, style=SEVERITY_STYLE[severity], end="")
