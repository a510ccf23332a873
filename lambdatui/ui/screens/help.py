"""`?`: every key of the screen you were on, the keys that work everywhere, and what the marks
and colours mean."""

from __future__ import annotations

import io
from collections.abc import Iterable

from rich.console import Console
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from lambdatui.core.model import Severity, TriggerStatus
from lambdatui.ui.format import STATUS_MARK, STATUS_STYLE
from lambdatui.ui.widgets.list_cells import LEGEND as CACHE_LEGEND
from lambdatui.ui.widgets.severity import SEVERITY_STYLE

EVERYWHERE = (
    ("↑ ↓  j k", "move in a table"),
    ("g G  home end", "first / last row"),
    ("pgup pgdn", "a page up / down"),
    ("enter", "open the selected row"),
    ("escape", "back, or close a window or the filter"),
    ("/", "filter as you type; enter opens the highlighted row"),
    ("ctrl+p", "command palette: open a function, what does X trigger?, …"),
    ("?", "this help"),
    ("q", "quit"),
)

STATUS_MEANING = {
    TriggerStatus.OK: "the source sends events and the policy lets it invoke the function",
    TriggerStatus.MISSING_PERMISSION: "the source is wired but the policy does not let it in",
    TriggerStatus.NOT_WIRED: "a statement lets a source in, but nothing sends events",
    TriggerStatus.SOURCE_MISSING: "a statement names a source that no longer exists",
    TriggerStatus.UNVERIFIED: "could not be checked (a read failed or was not made)",
}

SEVERITY_MEANING = {
    Severity.CRITICAL: "anyone can invoke, or a trigger is broken in production",
    Severity.HIGH: "a trigger is broken, or access is broader than needed",
    Severity.MEDIUM: "likely a mistake; worth a look",
    Severity.LOW: "tidiness: stale or unused",
    Severity.INFO: "for information",
}


def key_table(title: str, rows: Iterable[tuple[str, str]]) -> Table:
    table = Table(title=title, title_justify="left", show_header=False, box=None, expand=True)
    table.add_column("key", style="bold", no_wrap=True, min_width=14)
    table.add_column("does", ratio=1)
    for key, does in rows:
        table.add_row(Text(key), Text(does))
    return table


def legend() -> Table:
    table = Table(title="Marks and colours", title_justify="left", show_header=False, box=None)
    table.add_column("mark", no_wrap=True, min_width=22)
    table.add_column("means", ratio=1)
    for status in TriggerStatus:
        table.add_row(
            Text(f"{STATUS_MARK[status]} {status.value}", style=STATUS_STYLE[status]),
            Text(STATUS_MEANING[status]),
        )
    for severity in Severity:
        table.add_row(
            Text(f" {severity.value} ", style=SEVERITY_STYLE[severity]),
            Text(SEVERITY_MEANING[severity]),
        )
    table.add_row(Text("… (dim)", style="dim"), Text("still being read"))
    for mark, means in CACHE_LEGEND:
        table.add_row(mark, Text(means))
    table.add_row(Text("READ-ONLY", style="bold"), Text("in the header: no change can be sent"))
    return table


class HelpScreen(ModalScreen[None]):
    """Built from the bindings active on the screen below (hidden ones included)."""

    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close"),
        Binding("j", "scroll(1)", show=False),
        Binding("k", "scroll(-1)", show=False),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    #help { width: 90%; max-width: 110; height: 90%; border: thick $primary;
            background: $surface; padding: 0 1; }
    #help-title { text-style: bold; }
    """

    def __init__(self, screen_name: str, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.screen_name = screen_name
        self.keys = keys

    def tables(self) -> dict[str, Table]:
        return {
            "help-here": key_table(f"On {self.screen_name}", self.keys),
            "help-everywhere": key_table("Everywhere", EVERYWHERE),
            "help-legend": legend(),
        }

    def plain_text(self, width: int = 100) -> str:
        """What the window says, without colour (for tests and screen readers)."""
        console = Console(width=width, record=True, file=io.StringIO())
        for table in self.tables().values():
            console.print(table)
        return console.export_text()

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Static("Keys  (esc closes; ↑↓ scroll)", id="help-title")
            with VerticalScroll(id="help-body"):
                for widget_id, table in self.tables().items():
                    yield Static(table, id=widget_id)

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
