"""The function list: rows appear page by page, `/` filters as you type, headers sort."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
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
from lambdatui.ui.keys import MUTATING_KEYS
from lambdatui.ui.messages import DetailsRead, FindingsChanged, FunctionsListed, ListCleared
from lambdatui.ui.streaming import stream
from lambdatui.ui.widgets.nav_table import NavTable
from lambdatui.ui.widgets.safe_text import literal, literal_or_dash
from lambdatui.ui.widgets.severity import severity_text

if TYPE_CHECKING:
    from lambdatui.ui.app import LambdaTuiApp

COLUMNS = (
    ("name", "Name"),
    ("runtime", "Runtime"),
    ("memory", "Memory"),
    ("triggers", "Triggers"),
    ("findings", "Findings"),
    ("modified", "Modified"),
)
"""In this order so that at 80 columns the triggers and findings are on screen."""

BATCH = 50
FILTER_DELAY_S = 0.15
WIDTHS = {"runtime": 12, "memory": 8, "triggers": 13, "findings": 13, "modified": 16}
UP, DOWN = "▲", "▼"


def version_key(text: str) -> tuple[object, ...]:
    """Natural order: python3.7 before python3.12, nodejs18.x before nodejs20.x."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def sort_value(
    function: Function,
    column: str,
    triggers: dict[str, tuple[int, int]],
    findings: dict[str, list[Finding]],
) -> object:
    """The key of `column`, ascending in its natural order (worst first for triggers/findings)."""
    match column:
        case "runtime":
            return version_key(function.runtime or "")
        case "region":
            return (function.region, function.name)
        case "memory":
            return function.memory_mb or 0
        case "modified":
            return function.last_modified or ""
        case "triggers":
            total, broken = triggers.get(function.arn, (-1, 0))
            return (-broken, -total)
        case "findings":
            found = findings.get(function.arn, [])
            return (-max((f.severity.rank for f in found), default=-1), -len(found))
        case _:
            return function.name.lower()


def findings_cell(findings: list[Finding] | None) -> Text:
    if findings is None:
        return Text("…", style="dim")
    if not findings:
        return Text("✓ none", style="green")
    worst = max(findings, key=lambda f: f.severity.rank).severity
    return Text.assemble(f"{len(findings)} · ", severity_text(worst))


def triggers_cell(counts: tuple[int, int] | None) -> Text:
    if counts is None:
        return Text("…", style="dim")
    total, broken = counts
    if broken:
        return Text(f"{total} · {broken} not ok", style="bold red")
    return Text(str(total))


def trigger_counts(detail: FunctionDetail) -> tuple[int, int]:
    """(triggers, of which not ok)."""
    return len(detail.triggers), sum(t.status is not TriggerStatus.OK for t in detail.triggers)


class FunctionListScreen(Screen[None]):
    HELP_NAME = "the function list"
    # Footer order is importance order: at 80 columns the first few are what shows.
    BINDINGS = [
        Binding("slash", "filter", "Filter"),
        Binding("a", "app.audit", "Audit"),
        Binding("question_mark", "app.help", "Keys"),
        Binding("s", "sort_next", "Sort"),
        Binding("r", "refresh", "Refresh"),
        Binding("c", "copy_arn", "Copy ARN"),
        Binding("f", "explain('f')", "Fix", show=False),
        Binding("p", "explain('p')", "Add permission", show=False),
        Binding("d", "explain('d')", "Remove", show=False),
        Binding("D", "explain('D')", "Destination", show=False),
        Binding("t", "explain('t')", "Add trigger", show=False),
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
    class TriggersChecked(Message):
        """The trigger worker went through every function; `unread` of them failed to read."""

        unread: list[str]

    def __init__(self) -> None:
        super().__init__()
        self.functions: dict[str, Function] = {}
        self.trigger_counts: dict[str, tuple[int, int]] = {}
        self.filter_text = ""
        self.sort_column = "name"
        self.sort_reverse = False
        self.loaded = False
        self.refresh_started: datetime | None = None
        self.refreshed_at: datetime | None = None
        self.error: str | None = None
        self.unread: list[str] = []
        """Functions whose detail could not be read (their triggers stay unchecked)."""
        self._filter_timer: Timer | None = None

    @property
    def tui(self) -> LambdaTuiApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="list-status"):
            yield LoadingIndicator(id="list-spinner")
            yield Static("Loading functions…", id="list-message", markup=False)
        yield Input(placeholder="/ filter by name, runtime, role or description", id="filter")
        yield NavTable(id="functions", cursor_type="row", zebra_stripes=True)
        yield Footer()

    @property
    def multi_region(self) -> bool:
        return len(getattr(self.tui.backend, "regions", ())) > 1

    @property
    def columns(self) -> tuple[tuple[str, str], ...]:
        return COLUMNS + ((("region", "Region"),) if self.multi_region else ())

    def on_mount(self) -> None:
        self.set_columns()
        self.query_one("#filter", Input).display = False
        self.query_one(DataTable).focus()
        self.load_functions()

    # -- loading --------------------------------------------------------------------------------
    def status_line(self) -> tuple[str, bool]:
        """What the line above the table says, and whether work is still going on."""
        region = self.tui.backend.region if not self.multi_region else "these regions"
        total = len(self.functions)
        shown = self.query_one(DataTable).row_count
        count = f"{shown} of {total} functions" if self.filter_text else f"{total} functions"
        if self.error is not None:
            return f"⚠ {self.error}", False
        if self.refresh_started is not None and not self.loaded:
            return f"Refreshing… (started {self.refresh_started:%H:%M:%S}) {total} so far", True
        if not self.loaded:
            return f"Loading functions… {total} so far" if total else "Loading functions…", True
        where = f"{count} in {region}"
        if self.filter_text:
            where += f" · filter: {self.filter_text}"
        unread = len(self.unread)
        if len(self.trigger_counts) < total - unread:
            return f"{where} · checking triggers {len(self.trigger_counts)}/{total}…", True
        if unread:
            names = ", ".join(sorted(self.unread)[:3]) + ("…" if unread > 3 else "")
            where += f" · {unread} could not be read ({names})"
        if self.refreshed_at is not None:
            where += f" · refreshed {self.refreshed_at:%H:%M:%S}"
        return where, False

    def update_status(self) -> None:
        message, busy = self.status_line()
        box = self.query_one("#list-message", Static)
        box.update(message)
        box.set_class(self.error is not None, "error")
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
        """Read every function's detail; the app stores them and tells every screen."""
        worker = get_current_worker()
        backend = self.tui.backend
        try:
            backend.wiring()
        except LambdaTuiError as exc:
            self.post_message(self.FunctionsFailed(f"triggers not checked: {exc}"))
            return
        batch: list[FunctionDetail] = []
        findings: dict[str, list[Finding]] = {}
        read: set[str] = set()
        sent = time.monotonic()
        # Several details in flight at once (the session's pacing keeps them within the quotas):
        # one at a time, each function would cost several round trips of latency.
        for detail in stream(backend.detail, functions, skip=(LambdaTuiError,)):
            if worker.is_cancelled:
                return
            batch.append(detail)
            read.add(detail.function.arn)
            findings[detail.function.arn] = evaluate_function(detail)
            # Post in batches: one message per detail would flood the event loop on big accounts.
            if len(batch) >= BATCH or time.monotonic() - sent > 0.5:
                self.tui.post_message(DetailsRead(batch, findings))
                batch, findings, sent = [], {}, time.monotonic()
        if batch:
            self.tui.post_message(DetailsRead(batch, findings))
        unread = [f.name for f in functions if f.arn not in read]
        self.post_message(self.TriggersChecked(unread))

    def on_function_list_screen_functions_page_loaded(self, msg: FunctionsPageLoaded) -> None:
        for function in msg.functions:
            self.functions[function.arn] = function
        selected = self.selected_key()
        self.add_rows(self.sorted_rows(f for f in msg.functions if self.matches(f)))
        if self.sort_column == "name":  # keep the list in order while pages arrive
            self.query_one(DataTable).sort(
                "name", key=lambda name: str(name).lower(), reverse=self.sort_reverse
            )
        self.select_key(selected)
        self.update_status()

    def on_function_list_screen_functions_loaded(self, msg: FunctionsLoaded) -> None:
        self.loaded = True
        if self.refresh_started is not None:
            self.refreshed_at = datetime.now()
        self.tui.post_message(FunctionsListed(list(self.functions.values())))
        self.rebuild()
        self.update_status()
        self.count_triggers(sorted(self.functions.values(), key=lambda f: f.name))

    def on_function_list_screen_functions_failed(self, msg: FunctionsFailed) -> None:
        self.error = msg.error
        self.update_status()

    def on_function_list_screen_triggers_checked(self, msg: TriggersChecked) -> None:
        self.unread = msg.unread
        self.update_status()
        if self.refreshed_at is not None and self.refresh_started is not None:
            self.notify(f"refreshed: {len(self.functions)} functions read again", timeout=3)
            self.refresh_started = None

    def on_findings_changed(self, msg: FindingsChanged) -> None:
        """The app stored new details: update the trigger and findings cells of their rows."""
        table = self.query_one(DataTable)
        for arn in msg.arns or self.tui.details.keys():
            detail = self.tui.details.get(arn)
            if detail is None:
                continue
            counts = trigger_counts(detail)
            self.trigger_counts[arn] = counts
            if arn in table.rows:
                table.update_cell(arn, "triggers", triggers_cell(counts))
                table.update_cell(arn, "findings", findings_cell(self.tui.findings.get(arn)))
        self.update_status()

    # -- rows -----------------------------------------------------------------------------------
    def row(self, f: Function) -> tuple[object, ...]:
        return (
            literal(f.name),
            literal_or_dash(f.runtime),
            f"{f.memory_mb} MB" if f.memory_mb else "—",
            triggers_cell(self.trigger_counts.get(f.arn)),
            findings_cell(self.tui.findings.get(f.arn)),
            literal_or_dash((f.last_modified or "")[:16].replace("T", " ")),
        ) + ((literal(f.region),) if self.multi_region else ())

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

    def sorted_rows(self, functions: object) -> list[Function]:
        return sorted(
            functions,  # type: ignore[call-overload]
            key=lambda f: sort_value(f, self.sort_column, self.trigger_counts, self.tui.findings),
            reverse=self.sort_reverse,
        )

    def set_columns(self) -> None:
        """(Re)create the columns; the sorted one carries ▲ (natural order) or ▼ (reversed)."""
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for key, label in self.columns:
            marker = f" {DOWN if self.sort_reverse else UP}" if key == self.sort_column else ""
            width = WIDTHS.get(key)
            table.add_column(
                label + marker, key=key, width=width and max(width, len(label + marker))
            )

    def rebuild(self) -> None:
        """Refill the table in filter and sort order, keeping the cursor on the same function."""
        selected = self.selected_key()
        self.set_columns()
        self.add_rows(self.sorted_rows(f for f in self.functions.values() if self.matches(f)))
        self.select_key(selected)
        self.update_status()

    def selected_key(self) -> str | None:
        """The function ARN under the cursor (rows are keyed by ARN)."""
        table = self.query_one(DataTable)
        if not table.row_count or table.cursor_row < 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def selected_function(self) -> Function | None:
        key = self.selected_key()
        return self.functions.get(key) if key else None

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
            self.filter_text = ""
            self.rebuild()
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
        """One enter: apply the filter now and open the highlighted function."""
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self.rebuild()
        table = self.query_one(DataTable)
        table.focus()
        function = self.selected_function()
        if function is not None:
            self.tui.open_function(function)
        else:
            self.notify(f"no function matches {self.filter_text!r}", severity="warning")

    def on_key(self, event: events.Key) -> None:
        """While typing a filter, ↑/↓ move the highlighted row (enter opens it)."""
        box = self.query_one("#filter", Input)
        if box.has_focus and event.key in ("up", "down"):
            event.stop()
            table = self.query_one(DataTable)
            if self._filter_timer is not None:
                self._filter_timer.stop()
                self.rebuild()
            table.action_cursor_down() if event.key == "down" else table.action_cursor_up()

    def action_refresh(self) -> None:
        self.workers.cancel_group(self, "triggers")
        self.tui.post_message(ListCleared())
        self.functions.clear()
        self.trigger_counts.clear()
        self.loaded, self.error, self.unread = False, None, []
        self.refresh_started, self.refreshed_at = datetime.now(), None
        self.query_one(DataTable).clear()
        self.update_status()
        self.load_functions(invalidate=True)

    def action_sort_next(self) -> None:
        """`s`: reverse the sorted column if it is in its natural order, else sort the next."""
        if self.sort_reverse:
            keys = [k for k, _ in self.columns]
            self.sort_column = keys[(keys.index(self.sort_column) + 1) % len(keys)]
            self.sort_reverse = False
        else:
            self.sort_reverse = True
        self.rebuild()
        label = dict(self.columns)[self.sort_column].lower()
        self.notify(f"sorted by {label} {DOWN if self.sort_reverse else UP}", timeout=2)

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

    def action_copy_arn(self) -> None:
        function = self.selected_function()
        if function is None:
            self.notify("no function selected to copy", severity="warning")
            return
        self.tui.copy_text(function.arn, f"the ARN of {function.name}")

    def action_explain(self, key: str) -> None:
        """The change keys act on a function's rows: say where they work instead of nothing."""
        what = MUTATING_KEYS[key]
        if self.tui.context.read_only:
            return  # the app has said why already (LambdaTuiApp.on_key)
        function = self.selected_function()
        name = function.name if function else "a function"
        if key == "f" and function is not None:
            fixable = [f for f in self.tui.findings.get(function.arn, []) if f.fix is not None]
            if fixable:
                self.notify(
                    f"{name} has {len(fixable)} fixable finding(s): open it (enter) or the audit "
                    "view (a), select one and press f",
                    timeout=6,
                )
                return
        self.notify(
            f"'{key}' ({what}) works in a function's detail: open {name} (enter)", timeout=6
        )
