"""The function list: rows stream in as they are listed, `/` filters as you type, headers sort.

At scale nothing here does work proportional to the whole account per page or per batch: rows
are appended in order a chunk at a time (`lambdatui.ui.list_order.RowFeed`), a batch of details
updates only its own rows' cells, and a refill (a filter, a sort) adds the rows a chunk per
event-loop turn, so keys are handled between chunks.

On start, the picture kept from the last run (if any) is shown at once, every row with its
cached counts marked (`lambdatui.ui.widgets.list_cells`); then the listing runs, the backend
says which functions changed since (CloudTrail), and only those are read again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

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
from lambdatui.core.model import Finding, Function, FunctionDetail
from lambdatui.ui import list_picture
from lambdatui.ui.keys import MUTATING_KEYS
from lambdatui.ui.list_order import RowFeed, sort_value, version_key
from lambdatui.ui.messages import DetailsRead, FindingsChanged, FunctionsListed, ListCleared
from lambdatui.ui.streaming import stream
from lambdatui.ui.widgets.focus import focus_now, focused, typed_into
from lambdatui.ui.widgets.list_cells import Provenance, RowFacts, findings_cell, triggers_cell
from lambdatui.ui.widgets.nav_table import NavTable
from lambdatui.ui.widgets.safe_text import literal, literal_or_dash

if TYPE_CHECKING:
    from lambdatui.inventory.picture import ListPicture, RefreshPlan
    from lambdatui.ui.app import LambdaTuiApp

__all__ = ["COLUMNS", "FunctionListScreen", "version_key"]

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
"""Details per message to the app (or fewer, every half second)."""
CHUNK = 500
"""Rows appended to the table at a time: a screenful and more, and few enough to measure in a
few ms (each chunk also costs the screen a layout pass, so not fewer)."""
PUMP_PAUSE_S = 0.01
"""Between chunks: the table measures the rows just added, and keys are handled."""
FLUSH_EVERY_S = 0.3
"""On a big list, new rows below the screen and new counts go to the table at most this often:
every change to a DataTable redraws all of its visible cells."""
SMALL = 300
"""Rows up to which every change goes to the table at once."""
REORDER_EVERY_S = 1.0
REORDER_UP_TO = 2000
"""While listing, rows that arrived out of order are put in place at most once a second, up to
this many rows; beyond, once when the listing ends."""
PICTURE_WAIT_S = 5.0
"""The listing waits at most this long for the kept picture to be on screen."""
FILTER_DELAY_S = 0.15
WIDTHS = {"runtime": 12, "memory": 8, "triggers": 13, "findings": 13, "modified": 16}
UP, DOWN = "▲", "▼"


class KeyedText(Text):
    """A name cell that knows its row's key: DataTable.sort hands its key function cells, not
    row keys."""

    __slots__ = ("key",)

    @classmethod
    def of(cls, text: Text, key: str) -> KeyedText:
        cell = cls(text.plain, style=text.style, end="")
        cell.key = key
        return cell


def shown_fields(f: Function) -> tuple[object, ...]:
    """What a row shows of a function besides its counts (a cached row is updated when the
    listing says otherwise)."""
    return (f.name, f.runtime, f.memory_mb, f.last_modified, f.region)


class FunctionListScreen(Screen[None]):
    HELP_NAME = "the function list"
    DEFAULT_CSS = """
    FunctionListScreen #list-message { width: 1fr; height: 1; }
    """
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
    class PictureShown(Message):
        """The picture kept from the last run: shown before anything is read."""

        picture: ListPicture

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
    class PlanMade(Message):
        """Which cached rows are read again and which CloudTrail confirms unchanged."""

        plan: RefreshPlan
        to_read: int

    @dataclass
    class TriggersChecked(Message):
        """The trigger worker went through every function; `unread` of them failed to read.
        `details`/`findings`: all it read (the app may not have stored the last batch yet)."""

        unread: list[str]
        details: dict[str, FunctionDetail]
        findings: dict[str, list[Finding]]

    def __init__(self) -> None:
        super().__init__()
        self.functions: dict[str, Function] = {}
        self.facts: dict[str, RowFacts] = {}
        """What each row's Triggers and Findings cells say, fresh or from the picture."""
        self.trigger_counts: dict[str, tuple[int, int]] = {}
        """(triggers, of which not ok) of each function read this session."""
        self.filter_text = ""
        self.sort_column = "name"
        self.sort_reverse = False
        self.feed = RowFeed(self.row_key, reverse=False)
        self.loaded = False
        self.refresh_started: datetime | None = None
        self.refreshed_at: datetime | None = None
        self.error: str | None = None
        self.unread: list[str] = []
        """Functions whose detail could not be read (their triggers stay unchecked)."""
        self.picture: ListPicture | None = None
        """The last run's picture, while its rows are on screen."""
        self.plan: RefreshPlan | None = None
        self.to_read: int | None = None
        """How many details this refresh reads (None: every function)."""
        self.checked = False
        self._listed: set[str] = set()
        self._filter_timer: Timer | None = None
        self._select_after_fill: str | None = None
        self._fill_home = 0
        self._pumping = False
        self._reorder_timer: Timer | None = None
        self._status: tuple[str, bool] | None = None
        self._dirty: set[str] = set()
        self._picture_on_screen = threading.Event()
        """Set once every row of the kept picture is in the table (the listing waits for it)."""
        self._flush_timer: Timer | None = None

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

    # -- the status line ------------------------------------------------------------------------
    def status_line(self) -> tuple[str, bool]:
        """What the line above the table says, and whether work is still going on. What matters
        most comes first: at 80 columns the end is cut."""
        region = self.tui.backend.region if not self.multi_region else "these regions"
        total = len(self.functions)
        shown = self.query_one(DataTable).row_count + len(self.feed)
        count = f"{shown} of {total} functions" if self.filter_text else f"{total} functions"
        if self.error is not None:
            return f"⚠ {self.error}", False
        picture = self.picture
        if picture is not None and not self.checked:
            age = list_picture.age_text(picture)
            if not self.loaded:
                return f"{count} from cache, {age} old · refreshing… (listing)", True
            if self.plan is None:
                return f"{count} from cache, {age} old · refreshing… (asking CloudTrail)", True
            done = len(self.trigger_counts)
            what = "reading all again" if self.plan.reread is None else "reading"
            return (
                f"{count} from cache, {age} old · {what} {done}/{self.to_read}… · "
                f"{self.plan.reason}",
                True,
            )
        if self.refresh_started is not None and not self.loaded:
            return f"Refreshing… (started {self.refresh_started:%H:%M:%S}) {total} so far", True
        if not self.loaded:
            return f"Loading functions… {total} so far" if total else "Loading functions…", True
        where = f"{count} in {region}"
        if self.filter_text:
            where += f" · filter: {self.filter_text}"
        unread = len(self.unread)
        if not self.checked:
            done, todo = len(self.trigger_counts), self.to_read or total
            return f"{where} · checking triggers {done}/{todo}…", True
        if unread:
            names = ", ".join(sorted(self.unread)[:3]) + ("…" if unread > 3 else "")
            where += f" · {unread} could not be read ({names})"
        if self.plan is not None and picture is not None:
            where += " · " + self.plan_summary(picture, self.plan)
        if self.refreshed_at is not None:
            where += f" · refreshed {self.refreshed_at:%H:%M:%S}"
        return where, False

    def plan_summary(self, picture: ListPicture, plan: RefreshPlan) -> str:
        if plan.reread is None:
            return f"all read again: {plan.reason}"
        since = list_picture.local_time(picture)
        return (
            f"{len(plan.unchanged)} unchanged since {since} (CloudTrail), {self.to_read} read again"
        )

    def update_status(self) -> None:
        """Only when it says something new, and without a layout pass: the line is one row
        high and as wide as the screen (a layout pass would redraw the whole table)."""
        status = self.status_line()
        if status == self._status:
            return
        self._status = status
        message, busy = status
        box = self.query_one("#list-message", Static)
        box.update(message, layout=False)
        box.set_class(self.error is not None, "error")
        spinner = self.query_one("#list-spinner")
        if spinner.display != busy:
            spinner.display = busy

    # -- loading --------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, exit_on_error=False, group="list")
    def load_functions(self, invalidate: bool = False) -> None:
        """The kept picture first (unless `invalidate`: `r`), then the listing, page by page."""
        worker = get_current_worker()
        backend = self.tui.backend
        total = 0
        try:
            if invalidate:  # here, not on the event loop: it may wait for a running scan
                backend.invalidate()
            else:
                picture = list_picture.cached_picture(backend)
                if picture is not None:
                    self.post_message(self.PictureShown(picture))
                    # the listing's parsing would compete for the GIL with showing the rows
                    self._picture_on_screen.wait(timeout=PICTURE_WAIT_S)
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
    def count_triggers(self, functions: list[Function], picture: ListPicture | None) -> None:
        """Read the details of the functions that may have changed since `picture` (all of them
        without one); the app stores them and tells every screen."""
        worker = get_current_worker()
        backend = self.tui.backend
        to_read = functions
        if picture is not None:
            plan = list_picture.refresh_plan(backend, picture, functions)
            if plan.reread is not None:
                to_read = [
                    f for f in functions if f.arn in plan.reread or f.arn not in plan.unchanged
                ]
            self.post_message(self.PlanMade(plan, len(to_read)))
        if not to_read:  # every row confirmed: no account-wide scan for nothing
            self.post_message(self.TriggersChecked([], {}, {}))
            return
        try:
            backend.wiring()
        except LambdaTuiError as exc:
            self.post_message(self.FunctionsFailed(f"triggers not checked: {exc}"))
            return
        batch: list[FunctionDetail] = []
        findings: dict[str, list[Finding]] = {}
        read: dict[str, FunctionDetail] = {}
        found: dict[str, list[Finding]] = {}
        sent = time.monotonic()
        # Several details in flight at once (the session's pacing keeps them within the quotas):
        # one at a time, each function would cost several round trips of latency.
        for detail in stream(backend.detail, to_read, skip=(LambdaTuiError,)):
            if worker.is_cancelled:
                return
            batch.append(detail)
            arn = detail.function.arn
            read[arn] = detail
            findings[arn] = found[arn] = evaluate_function(detail)
            # Post in batches: one message per detail would flood the event loop on big accounts.
            if len(batch) >= BATCH or time.monotonic() - sent > 0.5:
                self.tui.post_message(DetailsRead(batch, findings))
                batch, findings, sent = [], {}, time.monotonic()
        if batch:
            self.tui.post_message(DetailsRead(batch, findings))
        unread = [f.name for f in to_read if f.arn not in read]
        self.post_message(self.TriggersChecked(unread, read, found))

    @work(thread=True, exclusive=True, exit_on_error=False, group="keep")
    def keep_picture(
        self,
        functions: list[Function],
        details: dict[str, FunctionDetail],
        findings: dict[str, list[Finding]],
        previous: ListPicture | None,
        unchanged: frozenset[str],
    ) -> None:
        """Keep what the list shows for the next start (the backend writes it)."""
        account = self.tui.identity.account if self.tui.identity else None
        list_picture.keep_picture(
            self.tui.backend, account, functions, details, findings, previous, unchanged
        )

    def on_function_list_screen_picture_shown(self, msg: PictureShown) -> None:
        """Every row of the last run at once, its counts marked as cached."""
        if self.functions:  # the listing got here first (it cannot, but never mix the two)
            return
        self.picture = msg.picture
        for row in msg.picture.rows:
            self.functions[row.function.arn] = row.function
            self.facts[row.function.arn] = RowFacts(
                row.triggers, row.not_ok, row.findings, row.worst, Provenance.CACHED
            )
        # the app (palette, audit view) knows them now, as from the cache and not read
        listed = list(self.functions.values())
        self.tui.post_message(FunctionsListed(listed, frozenset(self.functions)))
        self.refill()

    def on_function_list_screen_functions_page_loaded(self, msg: FunctionsPageLoaded) -> None:
        table = self.query_one(DataTable)
        for function in msg.functions:
            arn = function.arn
            self._listed.add(arn)
            known = self.functions.get(arn)
            self.functions[arn] = function
            if known is None:
                if self.matches(function):
                    self.feed.offer(arn)
            elif shown_fields(known) != shown_fields(function) and arn in table.rows:
                for key, cell in zip((k for k, _ in self.columns), self.row(arn), strict=True):
                    if key not in ("triggers", "findings"):
                        table.update_cell(arn, key, cell)
        if table.row_count < table.size.height + CHUNK // 2 or len(self.functions) <= SMALL:
            self.pump()  # the screen is not full yet: show them now
        else:
            self.schedule_pump(FLUSH_EVERY_S)
        if (
            self.feed.disordered
            and self._reorder_timer is None
            and len(self.functions) <= REORDER_UP_TO
        ):
            self._reorder_timer = self.set_timer(REORDER_EVERY_S, self.reorder)
        self.update_status()

    def reorder(self) -> None:
        """Put rows that arrived out of order in place: every row offered so far goes in, then
        one DataTable.sort (rows are not re-added, so not re-measured) — at most once a second
        while listing, and once when the listing ends; never once per page."""
        self._reorder_timer = None
        if not self.feed.disordered:
            return
        self.pump(len(self.feed))
        table = self.query_one(DataTable)
        selected = self.selected_key()
        keys = {
            str(key.value): (self.row_key(str(key.value)), str(key.value)) for key in table.rows
        }
        table.sort("name", key=lambda cell: keys[cell.key], reverse=self.sort_reverse)
        if keys:
            self.feed.last = (min if self.sort_reverse else max)(keys.values())
        self.feed.disordered = False
        self.select_key(selected)

    def on_function_list_screen_functions_loaded(self, msg: FunctionsLoaded) -> None:
        self.loaded = True
        if self.refresh_started is not None:
            self.refreshed_at = datetime.now()
        self.drop_gone()
        if self.feed.disordered:
            self.reorder()
        elif len(self.feed) <= 2 * CHUNK:  # the last pages' rows, at once: the list is whole
            self.pump(len(self.feed))
        cached = frozenset(
            arn for arn, f in self.facts.items() if f.provenance is not Provenance.FRESH
        )
        self.tui.post_message(FunctionsListed(list(self.functions.values()), cached))
        self.update_status()
        listed = sorted(self.functions.values(), key=lambda f: f.name)
        self.count_triggers(listed, self.picture)

    def drop_gone(self) -> None:
        """Rows of the picture whose function is no longer listed leave."""
        gone = [arn for arn in self.functions if arn not in self._listed]
        if not gone:
            return
        table = self.query_one(DataTable)
        for arn in gone:
            del self.functions[arn]
            self.facts.pop(arn, None)
        if len(gone) > 20:  # removing a row renumbers all the others
            self.refill()
            return
        for arn in gone:
            if arn in table.rows:
                table.remove_row(arn)
        self.feed.pending = [item for item in self.feed.pending if item[1] in self.functions]

    def on_function_list_screen_functions_failed(self, msg: FunctionsFailed) -> None:
        self.error = msg.error
        self.update_status()

    def on_function_list_screen_plan_made(self, msg: PlanMade) -> None:
        """Rows CloudTrail confirms unchanged are marked so; the others stay cached until read."""
        self.plan, self.to_read = msg.plan, msg.to_read
        table = self.query_one(DataTable)
        for arn in msg.plan.unchanged:
            facts = self.facts.get(arn)
            if facts is None or facts.provenance is not Provenance.CACHED:
                continue
            self.set_facts(arn, RowFacts(
                facts.triggers, facts.not_ok, facts.findings, facts.worst, Provenance.CONFIRMED
            ), table)  # fmt: skip
        self.notify(msg.plan.reason, timeout=8)
        self.update_status()

    def on_function_list_screen_triggers_checked(self, msg: TriggersChecked) -> None:
        details = {**self.tui.details, **msg.details}
        findings = {**self.tui.findings, **msg.findings}
        self._dirty.update(arn for arn in msg.details if arn not in self.trigger_counts)
        self.flush(details, findings)
        self.unread = msg.unread
        self.checked = True
        self.update_status()
        unchanged = self.plan.unchanged if self.plan is not None else frozenset()
        listed = list(self.functions.values())
        self.keep_picture(listed, details, findings, self.picture, unchanged)
        if self.refreshed_at is not None and self.refresh_started is not None:
            read = len(self.functions) if self.to_read is None else self.to_read
            self.notify(f"refreshed: {read} functions read again", timeout=3)
            self.refresh_started = None

    def on_findings_changed(self, msg: FindingsChanged) -> None:
        """The app stored new details: update the trigger and findings cells of their rows only
        (empty `arns`: the app's store was replaced; catch up with what it holds)."""
        details = self.tui.details
        arns: Iterable[str] = msg.arns or [
            arn for arn in details if self.trigger_counts.get(arn) is None
        ]
        self._dirty.update(arns)
        if len(self.functions) <= SMALL:
            self.flush()
        elif self._flush_timer is None:
            self._flush_timer = self.set_timer(FLUSH_EVERY_S, self.flush)

    def flush(
        self,
        details: Mapping[str, FunctionDetail] | None = None,
        findings: Mapping[str, list[Finding]] | None = None,
    ) -> None:
        """The counts of the functions read since the last flush, into their rows."""
        if self._flush_timer is not None:
            self._flush_timer.stop()
        self._flush_timer = None
        table = self.query_one(DataTable)
        details = self.tui.details if details is None else details
        findings = self.tui.findings if findings is None else findings
        arns, self._dirty = self._dirty, set()
        for arn in arns:
            detail = details.get(arn)
            if detail is None or arn not in self.functions:
                continue
            facts = RowFacts.of_detail(detail, findings.get(arn))
            self.trigger_counts[arn] = (facts.triggers or 0, facts.not_ok)
            self.set_facts(arn, facts, table)
        self.update_status()

    def set_facts(self, arn: str, facts: RowFacts, table: DataTable[Any]) -> None:
        self.facts[arn] = facts
        if arn in table.rows:
            table.update_cell(arn, "triggers", triggers_cell(facts))
            table.update_cell(arn, "findings", findings_cell(facts))

    # -- rows -----------------------------------------------------------------------------------
    def row(self, arn: str) -> tuple[object, ...]:
        f = self.functions[arn]
        facts = self.facts.get(arn)
        return (
            KeyedText.of(literal(f.name), arn),
            literal_or_dash(f.runtime),
            f"{f.memory_mb} MB" if f.memory_mb else "—",
            triggers_cell(facts),
            findings_cell(facts),
            literal_or_dash((f.last_modified or "")[:16].replace("T", " ")),
        ) + ((literal(f.region),) if self.multi_region else ())

    def row_key(self, arn: str) -> Any:
        return sort_value(self.functions[arn], self.sort_column, self.facts)

    def pump(self, count: int = CHUNK) -> None:
        """Append the next `count` rows; the rest a chunk at a time, on later turns of the event
        loop."""
        self._pumping = False
        table = self.query_one(DataTable)
        if self._select_after_fill is not None and table.cursor_row != self._fill_home:
            self._select_after_fill = None  # the user moved meanwhile: leave the cursor be
        for arn in self.feed.take(count):
            if arn in self.functions and arn not in table.rows:
                table.add_row(*self.row(arn), key=arn)
        wanted = self._select_after_fill
        if wanted is not None and wanted in table.rows:
            self._select_after_fill = None
            self.select_key(wanted)
        if len(self.feed):
            self.schedule_pump(PUMP_PAUSE_S)
        else:
            self._select_after_fill = None
            if self.picture is not None:
                self._picture_on_screen.set()
        self.update_status()

    def schedule_pump(self, delay: float) -> None:
        if not self._pumping:
            self._pumping = True
            self.set_timer(delay, self.pump)

    def matches(self, f: Function) -> bool:
        needle = self.filter_text.lower()
        return not needle or any(
            needle in (value or "").lower() for value in (f.name, f.runtime, f.role, f.description)
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

    def refill(self, *, columns: bool = False) -> None:
        """Refill the table in filter and sort order, keeping the cursor on the same function:
        the first chunk now, the rest a chunk per turn of the event loop."""
        table = self.query_one(DataTable)
        selected = self._select_after_fill or self.selected_key()
        if columns:
            self.set_columns()
        else:
            table.clear()
        self.feed = RowFeed(self.row_key, self.sort_reverse)
        self.feed.reset(arn for arn, f in self.functions.items() if self.matches(f))
        self._select_after_fill = selected
        self._fill_home = table.cursor_row
        self.pump()

    def rebuild(self) -> None:
        """The whole table again, with its column headers (after a sort or a filter)."""
        self.refill(columns=True)

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
            self._fill_home = table.cursor_row

    # -- actions --------------------------------------------------------------------------------
    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        focus_now(box)  # the keys typed right after `/` are the filter's

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
        if event.key == "slash" and not focused(box):
            event.stop()  # now, not as a binding after the keys typed with it
            self.action_filter()
            return
        if typed_into(box, event):
            return
        if box.has_focus and event.key in ("up", "down"):
            event.stop()
            table = self.query_one(DataTable)
            if self._filter_timer is not None:
                self._filter_timer.stop()
                self.rebuild()
            table.action_cursor_down() if event.key == "down" else table.action_cursor_up()

    def action_refresh(self) -> None:
        """`r`: read everything again, the kept picture set aside."""
        self.workers.cancel_group(self, "triggers")
        self.tui.post_message(ListCleared())
        self.functions.clear()
        self.facts.clear()
        self.trigger_counts.clear()
        self._listed.clear()
        self.feed.reset(())
        self.picture, self.plan, self.to_read, self.checked = None, None, None, False
        self.loaded, self.error, self.unread = False, None, []
        self.refresh_started, self.refreshed_at = datetime.now(), None
        self.query_one(DataTable).clear()
        self.update_status()
        self.notify("reading every function again (r)", timeout=3)
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
