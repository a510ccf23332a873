"""The function list: rows appear page by page, `/` filters as you type, headers sort."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, LoadingIndicator, Static
from textual.worker import get_current_worker

from lambdatui.audit.rules import evaluate_function
from lambdatui.core.errors import LambdaTuiError
from lambdatui.core.model import Finding, Function, FunctionDetail, TriggerStatus
from lambdatui.ui.format import dash

if TYPE_CHECKING:
    from lambdatui.ui.app import LambdaTuiApp

COLUMNS = (
    ("name", "Name"),
    ("runtime", "Runtime"),
    ("memory", "Memory"),
    ("modified", "Last modified"),
    ("triggers", "Triggers"),
    ("findings", "Findings"),
)

BATCH = 50
FILTER_DELAY_S = 0.15
WIDTHS = {"triggers": 14, "findings": 14}


def sort_value(
    function: Function,
    column: str,
    triggers: dict[str, tuple[int, int]],
    findings: dict[str, list[Finding]],
) -> object:
    match column:
        case "runtime":
            return function.runtime or ""
        case "region":
            return (function.region, function.name)
        case "memory":
            return function.memory_mb or 0
        case "modified":
            return function.last_modified or ""
        case "triggers":
            total, broken = triggers.get(function.arn, (-1, 0))
            return (broken, total)
        case "findings":
            found = findings.get(function.arn, [])
            return (max((f.severity.rank for f in found), default=-1), len(found))
        case _:
            return function.name.lower()


def findings_cell(findings: list[Finding] | None) -> Text:
    if findings is None:
        return Text("…", style="dim")
    if not findings:
        return Text("✓ none", style="green")
    worst = max(findings, key=lambda f: f.severity.rank).severity
    style = {"critical": "bold red", "high": "red", "medium": "yellow"}.get(worst.value, "")
    return Text(f"{len(findings)} · {worst.value}", style=style)


def triggers_cell(counts: tuple[int, int] | None) -> Text:
    if counts is None:
        return Text("…", style="dim")
    total, broken = counts
    if broken:
        return Text(f"{total} · {broken} not ok", style="bold red")
    return Text(str(total))


class FunctionListScreen(Screen[None]):
    BINDINGS = [
        Binding("slash", "filter", "Filter"),
        Binding("r", "refresh", "Refresh"),
        Binding("s", "sort_next", "Sort"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    @dataclass
    class FunctionsPageLoaded(Message):
        functions: list[Function]
        page: int

    @dataclass
    class FunctionsLoaded(Message):
        total: int

    @dataclass
    class FunctionsFailed(Message):
        error: str

    @dataclass
    class TriggersCounted(Message):
        details: list[FunctionDetail]
        findings: dict[str, list[Finding]]

    def __init__(self) -> None:
        super().__init__()
        self.functions: dict[str, Function] = {}
        self.trigger_counts: dict[str, tuple[int, int]] = {}
        self.filter_text = ""
        self.sort_column = "name"
        self.sort_reverse = False
        self._filter_timer: Timer | None = None

    @property
    def tui(self) -> LambdaTuiApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="list-status"):
            yield LoadingIndicator(id="list-spinner")
            yield Static("Loading functions…", id="list-message")
        yield Input(placeholder="/ filter by name, runtime or role", id="filter")
        table: DataTable[object] = DataTable(id="functions", cursor_type="row", zebra_stripes=True)
        for key, label in COLUMNS:
            table.add_column(label, key=key, width=WIDTHS.get(key))
        yield table
        yield Footer()

    @property
    def multi_region(self) -> bool:
        return len(getattr(self.tui.backend, "regions", ())) > 1

    def on_mount(self) -> None:
        if self.multi_region:
            self.query_one(DataTable).add_column("Region", key="region")
        self.query_one("#filter", Input).display = False
        self.query_one(DataTable).focus()
        self.load_functions()

    # -- loading --------------------------------------------------------------------------------
    def set_status(self, message: str, *, busy: bool) -> None:
        self.query_one("#list-message", Static).update(message)
        self.query_one("#list-spinner").display = busy

    @work(thread=True, exclusive=True, exit_on_error=False, group="list")
    def load_functions(self, invalidate: bool = False) -> None:
        worker = get_current_worker()
        backend = self.tui.backend
        total = 0
        try:
            if invalidate:  # here, not on the event loop: it may wait for a running scan
                backend.invalidate()
            for page_no, page in enumerate(backend.function_pages(), start=1):
                if worker.is_cancelled:
                    return
                total += len(page)
                self.post_message(self.FunctionsPageLoaded(page, page_no))
        except LambdaTuiError as exc:
            self.post_message(self.FunctionsFailed(str(exc)))
            return
        self.post_message(self.FunctionsLoaded(total))

    @work(thread=True, exclusive=True, exit_on_error=False, group="triggers")
    def count_triggers(self, functions: list[Function]) -> None:
        worker = get_current_worker()
        backend = self.tui.backend
        try:
            backend.wiring()
        except LambdaTuiError as exc:
            self.post_message(self.FunctionsFailed(f"triggers not checked: {exc}"))
            return
        batch: list[FunctionDetail] = []
        findings: dict[str, list[Finding]] = {}
        sent = time.monotonic()
        for function in functions:
            if worker.is_cancelled:
                return
            try:
                detail = backend.detail(function)
            except LambdaTuiError:
                continue
            batch.append(detail)
            findings[function.arn] = evaluate_function(detail)
            # Post in batches: one message per detail would flood the event loop on big accounts.
            if len(batch) >= BATCH or time.monotonic() - sent > 0.5:
                self.post_message(self.TriggersCounted(batch, findings))
                batch, findings, sent = [], {}, time.monotonic()
        if batch:
            self.post_message(self.TriggersCounted(batch, findings))

    def on_function_list_screen_functions_page_loaded(self, msg: FunctionsPageLoaded) -> None:
        for function in msg.functions:
            self.functions[function.arn] = function
        table = self.query_one(DataTable)
        selected = self.selected_key()
        self.add_rows([f for f in msg.functions if self.matches(f)])
        if self.sort_column == "name":  # keep the list in order while pages arrive
            table.sort("name", key=lambda name: str(name).lower(), reverse=self.sort_reverse)
        self.select_key(selected)
        self.set_status(f"Loading functions… {len(self.functions)} so far", busy=True)

    def on_function_list_screen_functions_loaded(self, msg: FunctionsLoaded) -> None:
        self.set_status(
            f"{msg.total} functions in {self.tui.backend.region} · checking triggers…", busy=True
        )
        self.rebuild()
        self.count_triggers(sorted(self.functions.values(), key=lambda f: f.name))

    def on_function_list_screen_functions_failed(self, msg: FunctionsFailed) -> None:
        self.set_status(f"⚠ {msg.error}", busy=False)
        self.query_one("#list-message", Static).add_class("error")

    def on_function_list_screen_triggers_counted(self, msg: TriggersCounted) -> None:
        table = self.query_one(DataTable)
        for detail in msg.details:
            broken = sum(t.status is not TriggerStatus.OK for t in detail.triggers)
            counts = (len(detail.triggers), broken)
            self.trigger_counts[detail.function.arn] = counts
            self.tui.details[detail.function.arn] = detail
            found = msg.findings.get(detail.function.arn, [])
            self.tui.findings[detail.function.arn] = found
            if detail.function.arn in table.rows:
                table.update_cell(detail.function.arn, "triggers", triggers_cell(counts))
                table.update_cell(detail.function.arn, "findings", findings_cell(found))
        if len(self.trigger_counts) == len(self.functions):
            self.set_status(
                f"{len(self.functions)} functions in {self.tui.backend.region}", busy=False
            )

    # -- rows -----------------------------------------------------------------------------------
    def row(self, f: Function) -> tuple[object, ...]:
        return (
            f.name,
            dash(f.runtime),
            f"{f.memory_mb} MB" if f.memory_mb else "—",
            dash((f.last_modified or "")[:19].replace("T", " ")),
            triggers_cell(self.trigger_counts.get(f.arn)),
            findings_cell(self.tui.findings.get(f.arn)),
        ) + ((f.region,) if self.multi_region else ())

    def add_rows(self, functions: list[Function]) -> None:
        table = self.query_one(DataTable)
        for f in functions:
            if f.arn not in table.rows:
                table.add_row(*self.row(f), key=f.arn)

    def matches(self, f: Function) -> bool:
        needle = self.filter_text.lower()
        return not needle or any(
            needle in (value or "").lower() for value in (f.name, f.runtime, f.role, f.description)
        )

    def rebuild(self) -> None:
        """Refill the table in filter and sort order, keeping the cursor on the same function."""
        table = self.query_one(DataTable)
        selected = self.selected_key()
        table.clear()
        self.add_rows(
            sorted(
                (f for f in self.functions.values() if self.matches(f)),
                key=lambda f: sort_value(
                    f, self.sort_column, self.trigger_counts, self.tui.findings
                ),  # type: ignore[return-value]
                reverse=self.sort_reverse,
            )
        )
        self.select_key(selected)

    def selected_key(self) -> str | None:
        """The function ARN under the cursor (rows are keyed by ARN)."""
        table = self.query_one(DataTable)
        if not table.row_count or table.cursor_row < 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def select_key(self, key: str | None) -> None:
        table = self.query_one(DataTable)
        if key is not None and key in table.rows:
            table.move_cursor(row=table.get_row_index(key))

    # -- actions --------------------------------------------------------------------------------
    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.value or box.display:
            box.value = ""
            box.display = False
            self.query_one(DataTable).focus()

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        # Rebuild once typing pauses, not on every key: a big list costs a few ms per row.
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DELAY_S, self.rebuild)

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self.rebuild()
        self.query_one(DataTable).focus()

    def action_refresh(self) -> None:
        self.workers.cancel_group(self, "triggers")
        self.tui.details.clear()
        self.tui.findings.clear()
        self.functions.clear()
        self.trigger_counts.clear()
        self.query_one(DataTable).clear()
        self.set_status("Loading functions…", busy=True)
        self.load_functions(invalidate=True)

    def action_sort_next(self) -> None:
        keys = [k for k, _ in COLUMNS]
        self.sort_column = keys[(keys.index(self.sort_column) + 1) % len(keys)]
        self.sort_reverse = False
        self.rebuild()
        self.notify(f"sorted by {dict(COLUMNS)[self.sort_column].lower()}", timeout=2)

    @on(DataTable.HeaderSelected)
    def header_clicked(self, event: DataTable.HeaderSelected) -> None:
        column = str(event.column_key.value)
        self.sort_reverse = not self.sort_reverse if column == self.sort_column else False
        self.sort_column = column
        self.rebuild()

    @on(DataTable.RowSelected, "#functions")
    def open_function(self, event: DataTable.RowSelected) -> None:
        function = self.functions.get(str(event.row_key.value))
        if function is not None:
            self.tui.open_function(function)
