"""Reverse lookup: from a source (bucket, topic, queue, rule, API, log group, user pool) to the
functions it triggers and the statements that mention it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from lambdatui.core.arn import arn_like, is_arn, is_cloudfront_function, unqualified_function_arn
from lambdatui.core.errors import LambdaTuiError
from lambdatui.core.model import FunctionDetail, WiredTrigger
from lambdatui.ui.format import short_arn, status_text
from lambdatui.ui.widgets.nav_table import NavTable
from lambdatui.ui.widgets.safe_text import literal, literal_or_dash


def mentions(source_arn: str | None, query: str) -> bool:
    """Whether an ARN names the queried source: equal, matched as a pattern, or containing it."""
    if not source_arn:
        return False
    if source_arn == query or query in source_arn:
        return True
    return is_arn(query) and arn_like(source_arn, query)


@dataclass(frozen=True)
class LookupRow:
    """One result: its cells, and where `enter` goes (a function, and the row to select)."""

    cells: tuple[object, ...]
    function_arn: str
    focus: str | None


def lookup_rows(
    query: str, wired: Iterable[WiredTrigger], details: Iterable[FunctionDetail]
) -> list[LookupRow]:
    """Rows for the result table: wired triggers first, then statements and their status."""
    rows: list[LookupRow] = []
    details = list(details)
    status_of = {
        (d.function.arn, t.source_arn, t.qualifier): t.status for d in details for t in d.triggers
    }
    for w in wired:
        status = status_of.get((w.function_arn, w.source_arn, w.qualifier))
        cells = (
            "wired",
            literal(short_arn(w.function_arn)),
            literal_or_dash(w.qualifier),
            literal(w.source_arn),
            status_text(status) if status else Text("…", style="dim"),
            "—",
        )
        rows.append(LookupRow(cells, unqualified_function_arn(w.function_arn), w.source_arn))
    for d in details:
        for st in d.statements:
            if any(mentions(arn, query) for arn in (st.source_arns or (st.source_arn,))):
                status = next((t.status for t in d.triggers if t.statement_sid == st.sid), None)
                cells = (
                    "statement",
                    literal(d.function.name),
                    literal_or_dash(st.qualifier),
                    literal_or_dash(st.source_arn),
                    status_text(status) if status else Text("—", style="dim"),
                    literal_or_dash(st.sid),
                )
                rows.append(LookupRow(cells, d.function.arn, st.sid))
    return rows


class ReverseLookupScreen(ModalScreen[None]):
    """`enter` on a result opens that function with the trigger's (or statement's) row selected."""

    BINDINGS = [Binding("escape", "dismiss", "Close")]
    DEFAULT_CSS = """
    ReverseLookupScreen { align: center middle; }
    #lookup { width: 90%; height: 80%; border: thick $primary; background: $surface; }
    #lookup-title { padding: 0 1; text-style: bold; }
    #lookup-hint { padding: 0 1; color: $text-muted; }
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
        self.rows: list[LookupRow] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="lookup"):
            yield Static(self.title_text("(reading…)"), id="lookup-title")
            table = NavTable(id="lookup-table", cursor_type="row")
            table.add_columns("Found in", "Function", "Qualifier", "Source ARN", "Status", "Sid")
            yield table
            yield Static("enter opens the function at this row · esc closes", id="lookup-hint")

    def title_text(self, state: str) -> Text:
        return Text.assemble("What does ", literal(self.needle), f" trigger?  {state}")

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
        self.rows = lookup_rows(self.needle, msg.wired, details)
        table = self.query_one(DataTable)
        table.clear()
        for row in self.rows:
            table.add_row(*row.cells)
        state = f"{len(self.rows)} found"
        if not self.rows and is_cloudfront_function(self.needle):
            state = "none: CloudFront Functions are not Lambda functions (CloudFront runs them)"
        self.query_one("#lookup-title", Static).update(self.title_text(state))
        table.focus()

    def on_reverse_lookup_screen_lookup_failed(self, msg: LookupFailed) -> None:
        self.query_one("#lookup-title", Static).update(literal(f"⚠ {msg.error}", "red"))

    @on(DataTable.RowSelected, "#lookup-table")
    def open_row(self, event: DataTable.RowSelected) -> None:
        if not 0 <= event.cursor_row < len(self.rows):
            return
        row = self.rows[event.cursor_row]
        app = self.app
        function = app.functions.get(row.function_arn)  # type: ignore[attr-defined]
        if function is None and (known := app.details.get(row.function_arn)):  # type: ignore[attr-defined]
            function = known.function
        if function is None:
            self.notify("that function is not in the list (yet): wait for it to load", timeout=5)
            return
        self.dismiss(None)
        app.open_function(function, focus=row.focus)  # type: ignore[attr-defined]
