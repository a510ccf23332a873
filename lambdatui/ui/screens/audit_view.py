"""The audit view (`a`): findings by severity, counts in the title, filter, sort, detail, jump."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from lambdatui.core.model import Finding, Severity
from lambdatui.ui.messages import FindingsChanged
from lambdatui.ui.screens.finding_detail import FindingDetailScreen, function_name
from lambdatui.ui.widgets.focus import focus_now, focused, typed_into
from lambdatui.ui.widgets.nav_table import NavTable
from lambdatui.ui.widgets.safe_text import literal, literal_or_dash
from lambdatui.ui.widgets.severity import SEVERITY_STYLE, severity_text
from lambdatui.ui.widgets.wrap import message_room

if TYPE_CHECKING:
    from lambdatui.ui.app import LambdaTuiApp

COLUMNS = (
    ("severity", "Severity"),
    ("rule", "Rule"),
    ("function", "Function"),
    ("resource", "Resource"),
    ("message", "Message"),
)

SORT_KEYS: dict[str, Callable[[Finding], tuple[object, ...]]] = {
    # Each ascending order puts what matters first: severity ascends from critical to info.
    "severity": lambda f: (-f.severity.rank, function_name(f), f.rule),
    "rule": lambda f: (f.rule, -f.severity.rank, function_name(f)),
    "function": lambda f: (function_name(f), -f.severity.rank, f.rule),
    "resource": lambda f: (f.resource or "", -f.severity.rank),
    "message": lambda f: (f.message, -f.severity.rank),
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
    haystack = (
        finding.rule,
        finding.severity.value,
        finding.function_arn,
        finding.resource or "",
        finding.message,
    )
    return not needle or any(needle in part.lower() for part in haystack)


def sorted_findings(findings: list[Finding], column: str, reverse: bool) -> list[Finding]:
    return sorted(findings, key=SORT_KEYS[column], reverse=reverse)


def header_label(key: str, title: str, sort_column: str, reverse: bool) -> Text:
    """The column title, with ▲ (ascending) or ▼ (reversed) on the sorted column."""
    if key != sort_column:
        return Text(title)
    return Text(f"{title} {'▼' if reverse else '▲'}", style="bold")


class AuditScreen(Screen[None]):
    HELP_NAME = "the audit view"
    DEFAULT_CSS = """
    AuditScreen #audit-empty { padding: 1 2; color: $text-muted; height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("enter", "open_finding", "Details", show=False),
        Binding("space", "open_finding", "Details"),
        Binding("f", "fix", "Fix"),
        Binding("o", "jump", "Go to row"),
        Binding("slash", "filter", "Filter"),
        Binding("s", "sort_next", "Sort"),
        Binding("S", "sort_reverse", "Reverse", show=False),
        Binding("question_mark", "app.help", "Keys"),
        Binding("r", "refresh", "Refresh", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[Finding] = []
        self.needle = ""
        self.sort_column = "severity"
        self.sort_reverse = False
        self.wrapped_at: int | None = None
        self.refresh_pending = False
        self.refresh_delay = 0.1
        """Seconds between two refreshes while findings arrive (see on_findings_changed)."""

    @property
    def tui(self) -> LambdaTuiApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="audit-counts")
        yield Input(
            placeholder="/ filter by rule, severity, function, resource or message",
            id="audit-filter",
        )
        yield NavTable(id="findings", cursor_type="row", zebra_stripes=True)
        yield Static("", id="audit-empty")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`f` exists only when the session may change the account; unbound in read-only mode,
        a press reaches the app, which says why."""
        return self.tui.actions is not None if action == "fix" else True

    def on_mount(self) -> None:
        self.query_one("#audit-filter").display = False
        self.refresh_findings()
        self.query_one(DataTable).focus()

    def all_findings(self) -> list[Finding]:
        return sorted_findings(
            [f for found in self.tui.findings.values() for f in found], "severity", False
        )

    def on_findings_changed(self, msg: FindingsChanged) -> None:
        """The app read or re-read functions (or dropped them all): show what it holds now —
        at most ten times a second, and less often the longer a refresh takes (it rebuilds
        the whole table: on a big account the UI must stay free between two)."""
        if not self.refresh_pending:
            self.refresh_pending = True
            self.set_timer(self.refresh_delay, self.refresh_pending_now)

    def refresh_pending_now(self) -> None:
        self.refresh_pending = False
        started = time.perf_counter()
        self.refresh_findings()
        self.refresh_delay = min(5.0, max(0.1, 10 * (time.perf_counter() - started)))

    def message_width(self, findings: list[Finding]) -> int | None:
        """The Message column's width when the screen is wide enough to wrap messages whole
        beside the other columns (None: one line each, the finding detail has the rest)."""
        if not findings:
            return None
        natural = {
            "severity": 10,
            "rule": max(len(f.rule) for f in findings),
            "function": max(len(function_name(f)) for f in findings),
            "resource": max(len(f.resource or "—") for f in findings),
        }
        titles = dict(COLUMNS)
        return message_room(
            self.size.width, [max(n, len(titles[key]) + 2) for key, n in natural.items()]
        )

    def set_columns(self, table: DataTable[object], message_width: int | None) -> None:
        table.clear(columns=True)
        for key, title in COLUMNS:
            label = header_label(key, title, self.sort_column, self.sort_reverse)
            width = {"severity": 10, "message": message_width}.get(key)
            table.add_column(label, key=key, width=width)

    def on_resize(self) -> None:
        self.refresh_findings(columns=True)

    def refresh_findings(self, *, columns: bool = False) -> None:
        findings = self.all_findings()
        total = max(len(self.tui.functions), len(self.tui.findings))
        counts = counts_text(findings, len(self.tui.findings), total)
        # Rows the list shows from the last run's picture have no findings here: not "none".
        cached = sum(arn not in self.tui.findings for arn in self.tui.cached)
        if cached:
            counts.append(f" · {cached} from the cache, not read yet", style="dim")
        self.query_one("#audit-counts", Static).update(counts)
        before = self.selected() if self.shown else None
        self.shown = sorted_findings(
            [f for f in findings if matches(f, self.needle)], self.sort_column, self.sort_reverse
        )
        table = self.query_one(DataTable)
        wrap = self.message_width(self.shown)
        if columns or not table.columns or wrap != self.wrapped_at:
            self.set_columns(table, wrap)
            self.wrapped_at = wrap
        table.clear()
        for index, f in enumerate(self.shown):
            table.add_row(
                severity_text(f.severity),
                literal(f.rule),
                literal(function_name(f)),
                literal_or_dash(f.resource),
                literal(f.message),
                key=str(index),
                height=None if wrap else 1,
            )
        empty = self.query_one("#audit-empty", Static)
        empty.display = not self.shown
        if not findings:
            sentence = f"no findings in the {len(self.tui.findings)} functions checked so far"
            if cached:
                sentence += (
                    f"; {cached} functions are shown from the last run's picture and not read "
                    "yet, so their findings are not known here (open one, or press r in the list)"
                )
            empty.update(sentence)
        else:
            empty.update(Text("no finding matches the filter " + repr(self.needle)))
        if before in self.shown:  # new findings arriving must not move the cursor away
            table.move_cursor(row=self.shown.index(before))

    # -- sort -----------------------------------------------------------------------------------
    def sort_by(self, column: str, reverse: bool) -> None:
        self.sort_column, self.sort_reverse = column, reverse
        self.refresh_findings(columns=True)
        order = "reversed" if reverse else ("worst first" if column == "severity" else "a→z")
        self.notify(f"sorted by {dict(COLUMNS)[column].lower()}, {order}", timeout=2)

    def action_sort_next(self) -> None:
        """`s`, as in the list: reverse the sorted column if it is in its natural order, else
        sort by the next column."""
        if not self.sort_reverse:
            self.sort_by(self.sort_column, True)
            return
        keys = [key for key, _ in COLUMNS]
        self.sort_by(keys[(keys.index(self.sort_column) + 1) % len(keys)], False)

    def action_sort_reverse(self) -> None:
        self.sort_by(self.sort_column, not self.sort_reverse)

    @on(DataTable.HeaderSelected, "#findings")
    def header_clicked(self, event: DataTable.HeaderSelected) -> None:
        column = str(event.column_key.value)
        self.sort_by(column, not self.sort_reverse if column == self.sort_column else False)

    def action_refresh(self) -> None:
        """The view follows every read the app makes; a full re-read starts from the list."""
        self.tui.notify(
            "findings update as functions are read; to read them all again, "
            "go back (escape) and press r in the list"
        )

    # -- filter ---------------------------------------------------------------------------------
    def action_filter(self) -> None:
        box = self.query_one("#audit-filter", Input)
        box.display = True
        focus_now(box)  # the keys typed right after `/` are the filter's

    def on_key(self, event: events.Key) -> None:
        box = self.query_one("#audit-filter", Input)
        if event.key == "slash" and not focused(box):
            event.stop()
            self.action_filter()
            return
        typed_into(box, event)

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

    # -- the selected finding -------------------------------------------------------------------
    def selected(self) -> Finding | None:
        table = self.query_one(DataTable)
        if not self.shown or table.cursor_row < 0:
            return None
        return self.shown[min(table.cursor_row, len(self.shown) - 1)]

    def selected_or_say(self) -> Finding | None:
        finding = self.selected()
        if finding is None:
            self.tui.notify("no finding selected" + (" (none match)" if self.needle else ""))
        return finding

    @on(DataTable.RowSelected, "#findings")
    def row_selected(self) -> None:
        self.action_open_finding()

    def action_open_finding(self) -> None:
        """The finding in full (enter or space); it may ask to jump to its row or fix it."""
        finding = self.selected_or_say()
        if finding is None:
            return

        def chosen(choice: str | None) -> None:
            if choice == "jump":
                self.jump_to(finding)
            elif choice == "fix":
                self.fix(finding)

        detail = self.tui.details.get(finding.function_arn)
        self.tui.push_screen(FindingDetailScreen(finding, detail), chosen)

    def action_jump(self) -> None:
        if finding := self.selected_or_say():
            self.jump_to(finding)

    def jump_to(self, finding: Finding) -> None:
        """Open the finding's function at the offending row."""
        detail = self.tui.details.get(finding.function_arn)
        if detail is None:
            self.tui.notify(f"{function_name(finding)} has not been read yet; try again shortly")
            return
        from lambdatui.ui.screens.function_detail import FunctionDetailScreen

        self.tui.push_screen(FunctionDetailScreen(detail.function, focus=finding))

    def action_fix(self) -> None:
        if finding := self.selected_or_say():
            self.fix(finding)

    def fix(self, finding: Finding) -> None:
        """Apply the finding's fix through the Actions layer (previewed first)."""
        actions = self.tui.actions
        if actions is None:
            return
        detail = self.tui.details.get(finding.function_arn)
        if detail is None or finding.remedy is None:
            self.tui.notify(f"lambdatui has no automatic fix for {finding.rule}")
            return
        function, backend = detail.function, self.tui.backend
        self.tui.propose(
            lambda: next(iter(actions.fix_findings(backend.detail(function), [finding])), None)
        )
