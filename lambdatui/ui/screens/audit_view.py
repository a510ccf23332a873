"""The audit view (`a`): findings grouped by severity, counts in the title, filter, jump."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from lambdatui.core.model import Finding, Severity

if TYPE_CHECKING:
    from lambdatui.ui.app import LambdaTuiApp

SEVERITY_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}


def counts_text(findings: list[Finding], scanned: int, total: int) -> Text:
    text = Text()
    for severity in Severity:
        count = sum(f.severity is severity for f in findings)
        text.append(
            f" {severity.value} {count} ", style=SEVERITY_STYLE[severity] if count else "dim"
        )
        text.append(" ")
    text.append(f"  {scanned}/{total} functions checked")
    return text


def matches(finding: Finding, needle: str) -> bool:
    needle = needle.lower()
    haystack = (finding.rule, finding.severity.value, finding.function_arn, finding.resource or "")
    return not needle or any(needle in part.lower() for part in haystack)


class AuditScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("slash", "filter", "Filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[Finding] = []
        self.needle = ""

    @property
    def tui(self) -> LambdaTuiApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="audit-counts")
        yield Input(
            placeholder="/ filter by rule, severity, function or resource", id="audit-filter"
        )
        table: DataTable[object] = DataTable(id="findings", cursor_type="row", zebra_stripes=True)
        table.add_column("Severity", key="severity", width=10)
        table.add_column("Rule", key="rule", width=28)
        table.add_column("Function", key="function", width=18)
        table.add_column("Resource", key="resource", width=30)
        table.add_column("Message", key="message")
        yield table
        yield Footer()

    def on_mount(self) -> None:
        if self.tui.actions is not None:  # never bound in read-only mode
            self._bindings.bind("f", "fix", "Fix")
            self.refresh_bindings()
        self.query_one("#audit-filter").display = False
        self.refresh_findings()
        self.set_interval(1.0, self.refresh_if_changed)
        self.query_one(DataTable).focus()

    def all_findings(self) -> list[Finding]:
        return sorted(
            (f for found in self.tui.findings.values() for f in found),
            key=lambda f: (-f.severity.rank, f.function_arn, f.rule),
        )

    def refresh_if_changed(self) -> None:
        if self.all_findings() != self.all_findings_cache:
            self.refresh_findings()

    def refresh_findings(self) -> None:
        findings = self.all_findings()
        self.all_findings_cache = findings
        total = len(getattr(self.tui.screen_stack[1], "functions", {})) or len(self.tui.findings)
        self.query_one("#audit-counts", Static).update(
            counts_text(findings, len(self.tui.findings), total)
        )
        before = self.selected() if self.shown else None
        self.shown = [f for f in findings if matches(f, self.needle)]
        table = self.query_one(DataTable)
        table.clear()
        for index, f in enumerate(self.shown):
            table.add_row(
                Text(f.severity.value, style=SEVERITY_STYLE[f.severity]),
                f.rule,
                f.function_arn.split(":")[6],
                f.resource or "—",
                f.message,
                key=str(index),
            )
        if before in self.shown:  # new findings arriving must not move the cursor away
            table.move_cursor(row=self.shown.index(before))

    def action_filter(self) -> None:
        box = self.query_one("#audit-filter", Input)
        box.display = True
        box.focus()

    def action_back(self) -> None:
        box = self.query_one("#audit-filter", Input)
        if box.display:
            box.value = ""
            box.display = False
            self.query_one(DataTable).focus()
        else:
            self.app.pop_screen()

    @on(Input.Changed, "#audit-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.needle = event.value.strip()
        self.refresh_findings()

    @on(Input.Submitted, "#audit-filter")
    def filter_done(self) -> None:
        self.query_one(DataTable).focus()

    def selected(self) -> Finding | None:
        table = self.query_one(DataTable)
        if not self.shown or table.cursor_row < 0:
            return None
        return self.shown[min(table.cursor_row, len(self.shown) - 1)]

    @on(DataTable.RowSelected, "#findings")
    def jump(self) -> None:
        finding = self.selected()
        if finding is None:
            return
        detail = self.tui.details.get(finding.function_arn)
        if detail is not None:
            self.tui.open_function(detail.function, focus=finding.resource)

    def action_fix(self) -> None:
        """Apply the selected finding's fix through the Actions layer (previewed first)."""
        finding, actions = self.selected(), self.tui.actions
        if finding is None or actions is None:
            return
        detail = self.tui.details.get(finding.function_arn)
        if detail is None or finding.fix is None:
            self.tui.notify(f"lambdatui has no automatic fix for {finding.rule}")
            return
        function, backend = detail.function, self.tui.backend
        self.tui.propose(
            lambda: next(iter(actions.fix_findings(backend.detail(function), [finding])), None)
        )
