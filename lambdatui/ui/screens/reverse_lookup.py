"""Reverse lookup: from a source (bucket, topic, queue, rule, API, log group, user pool) to the
functions it triggers and the statements that mention it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from lambdatui.core.arn import arn_like, is_arn
from lambdatui.core.errors import LambdaTuiError
from lambdatui.core.model import FunctionDetail, WiredTrigger
from lambdatui.ui.format import dash, short_arn, status_text


def mentions(source_arn: str | None, query: str) -> bool:
    """Whether an ARN names the queried source: equal, matched as a pattern, or containing it."""
    if not source_arn:
        return False
    if source_arn == query or query in source_arn:
        return True
    return is_arn(query) and arn_like(source_arn, query)


def lookup_rows(
    query: str, wired: Iterable[WiredTrigger], details: Iterable[FunctionDetail]
) -> list[tuple[object, ...]]:
    """Rows for the result table: wired triggers first, then statements and their status."""
    rows: list[tuple[object, ...]] = []
    details = list(details)
    status_of = {
        (d.function.arn, t.source_arn, t.qualifier): t.status for d in details for t in d.triggers
    }
    for w in wired:
        status = status_of.get((w.function_arn, w.source_arn, w.qualifier))
        rows.append(
            (
                "wired",
                short_arn(w.function_arn),
                dash(w.qualifier),
                w.source_arn,
                status_text(status) if status else Text("…", style="dim"),
                "—",
            )
        )
    for d in details:
        for s in d.statements:
            if any(mentions(arn, query) for arn in (s.source_arns or (s.source_arn,))):
                status = next((t.status for t in d.triggers if t.statement_sid == s.sid), None)
                rows.append(
                    (
                        "statement",
                        d.function.name,
                        dash(s.qualifier),
                        dash(s.source_arn),
                        status_text(status) if status else Text("—", style="dim"),
                        dash(s.sid),
                    )
                )
    return rows


class ReverseLookupScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close")]
    DEFAULT_CSS = """
    ReverseLookupScreen { align: center middle; }
    #lookup { width: 90%; height: 70%; border: thick $primary; background: $surface; }
    #lookup-title { padding: 0 1; text-style: bold; }
    """

    @dataclass
    class LookedUp(Message):
        wired: list[WiredTrigger]

    @dataclass
    class LookupFailed(Message):
        error: str

    def __init__(self, query: str) -> None:
        super().__init__()
        self.needle = query.strip()

    def compose(self) -> ComposeResult:
        with Vertical(id="lookup"):
            yield Static(f"What does {self.needle} trigger?  (reading…)", id="lookup-title")
            table: DataTable[object] = DataTable(id="lookup-table", cursor_type="row")
            table.add_columns("Found in", "Function", "Qualifier", "Source ARN", "Status", "Sid")
            yield table

    def on_mount(self) -> None:
        self.search()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def search(self) -> None:
        backend = self.app.backend  # type: ignore[attr-defined]
        try:
            wired = [
                t
                for triggers in backend.wiring().by_function.values()
                for t in triggers
                if mentions(t.source_arn, self.needle)
            ]
        except LambdaTuiError as exc:
            self.post_message(self.LookupFailed(str(exc)))
            return
        self.post_message(self.LookedUp(wired))

    def on_reverse_lookup_screen_looked_up(self, msg: LookedUp) -> None:
        details = self.app.details.values()  # type: ignore[attr-defined]
        rows = lookup_rows(self.needle, msg.wired, details)
        table = self.query_one(DataTable)
        table.clear()
        for row in rows:
            table.add_row(*row)
        title = f"What does {self.needle} trigger?  {len(rows)} found"
        self.query_one("#lookup-title", Static).update(title)

    def on_reverse_lookup_screen_lookup_failed(self, msg: LookupFailed) -> None:
        self.query_one("#lookup-title", Static).update(Text(f"⚠ {msg.error}", style="red"))
