"""One function: overview, triggers, mappings, policy, destinations, URLs, versions, findings.

Sections are reached by key from anywhere on the screen (`1` to `8`, `o` and `m`, `[`/`]`), even
while a table has focus; every table moves with j/k/g/G and page up/down. Every string read
from AWS is shown through `widgets.safe_text` (text, never markup; control characters visible).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.syntax import Syntax
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    LoadingIndicator,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
)

from lambdatui.core.errors import LambdaTuiError
from lambdatui.core.model import (
    Finding,
    Function,
    FunctionDetail,
)
from lambdatui.core.urgency import urgent
from lambdatui.ui.messages import FindingsChanged, FunctionChanged
from lambdatui.ui.screens.detail_actions import CHANGE_BINDINGS, DetailActions
from lambdatui.ui.screens.detail_rows import (
    TABLES,
    Row,
    destination_rows,
    error_sentence,
    finding_row,
    mapping_rows,
    overview_rows,
    policy_rows,
    row_evidence,
    trigger_rows,
    url_rows,
    version_rows,
)
from lambdatui.ui.screens.finding_detail import FindingDetailScreen
from lambdatui.ui.screens.record_view import RecordScreen
from lambdatui.ui.widgets.nav_table import NavTable
from lambdatui.ui.widgets.safe_text import literal, visible
from lambdatui.ui.widgets.trigger_diagram import TriggerDiagram
from lambdatui.ui.widgets.wrap import message_room

if TYPE_CHECKING:
    from lambdatui.ui.app import LambdaTuiApp

# The sections in order: (key, tab title, what an empty one says).
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("overview", "Overview", ""),
    ("triggers", "Triggers", "no triggers: nothing that could be read invokes this function"),
    ("mappings", "Mappings", "no event source mappings"),
    (
        "policy",
        "Policy",
        "no resource-based policy: only identities of this account allowed by IAM can invoke it",
    ),
    (
        "destinations",
        "Destinations",
        "no async destinations, dead-letter queue or mapping OnFailure",
    ),
    ("urls", "URLs", "no function URLs"),
    ("versions", "Versions", "no aliases and no published versions"),
    ("findings", "Findings", "no findings for this function"),
)
SECTION_KEYS = tuple(key for key, _, _ in SECTIONS)
SECTION_LETTERS = {"o": "overview", "m": "mappings"}  # first letters not taken by another key

# Which failed reads blank which section.
SECTION_READS = {
    "policy": ("GetPolicy",),
    "destinations": ("ListFunctionEventInvokeConfigs",),
    "urls": ("ListFunctionUrlConfigs",),
    "mappings": ("ListEventSourceMappings",),
    "versions": ("ListAliases", "ListVersionsByFunction"),
}

FOCUS_ORDER = ("triggers", "policy", "destinations", "urls", "mappings")

# Rules whose findings are about a section more than about the row their resource names.
RULE_SECTIONS = {
    "no-failure-destination": "destinations",
    "destination-unusable": "destinations",
    "policy-near-limit": "policy",
    "deprecated-runtime": "overview",
    "secrets-in-environment": "overview",
    "function-url-public": "urls",
    "function-url-cors-wildcard": "urls",
}


def section_bindings() -> list[BindingType]:
    """`1` to `8` (one footer entry), `o`/`m`, and `[`/`]` to step through the sections."""
    out: list[BindingType] = []
    for number, key in enumerate(SECTION_KEYS, start=1):
        first = number == 1
        out.append(
            Binding(
                str(number),
                f"section('{key}')",
                "Section" if first else key.title(),
                show=first,
                key_display=f"1-{len(SECTION_KEYS)}" if first else None,
            )
        )
    out += [
        Binding(letter, f"section('{key}')", key.title(), show=False)
        for letter, key in SECTION_LETTERS.items()
    ]
    out += [
        Binding("left_square_bracket", "step(-1)", "Previous section", show=False),
        Binding("right_square_bracket", "step(1)", "Next section", show=False),
    ]
    return out


def policy_json(detail: FunctionDetail) -> Syntax | Text:
    """Every policy of the function (one per qualifier) as indented JSON; a document that does
    not parse is shown as it came, written out as text."""
    raw = [p.raw_json for p in detail.policies if p.raw_json]
    if not raw:
        return Text("no resource-based policy")
    try:
        text = json.dumps([json.loads(r) for r in raw], indent=2)
    except ValueError:
        return literal("\n\n".join(raw), multiline=True)
    return Syntax(text, "json", word_wrap=True)


class FunctionDetailScreen(DetailActions, Screen[None]):
    HELP_NAME = "the function detail"
    DEFAULT_CSS = """
    FunctionDetailScreen .section-empty { padding: 1 2; color: $text-muted; height: auto; }
    """

    # Footer order is importance order: at 80 columns the first few are what shows.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        *section_bindings(),
        *(Binding(key, action, description) for key, action, description in CHANGE_BINDINGS[:1]),
        Binding("question_mark", "app.help", "Keys"),
        Binding("c", "copy_cli", "Copy CLI"),
        Binding("r", "reload", "Refresh"),
        Binding("v", "toggle_reveal", "Reveal env"),
        Binding("J", "toggle_json", "Policy JSON"),
        Binding("space", "open_row", "Open row", show=False),
        *(Binding(key, action, description) for key, action, description in CHANGE_BINDINGS[1:]),
    ]

    @dataclass
    class DetailLoaded(Message):
        detail: FunctionDetail

    @dataclass
    class DetailFailed(Message):
        error: str

    def __init__(self, function: Function, focus: str | Finding | None = None) -> None:
        """`focus`: a row to select once shown (a sid, ARN, URL, variable), or a finding."""
        super().__init__()
        self.function = function
        self.focus_target = focus
        self.detail: FunctionDetail | None = None
        self.revealed = False
        self.findings: list[Finding] = []
        self.findings_wrap: int | None = None
        self.reloading = False

    @property
    def tui(self) -> LambdaTuiApp:
        return self.app  # type: ignore[return-value]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The change keys exist only when the session may change the account (not read-only);
        unbound, a press reaches the app, which says why."""
        if action in {name for _, name, _ in CHANGE_BINDINGS}:
            return self.tui.actions is not None
        return True

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(literal(self.function.name, style="bold"), id="detail-title")
        yield LoadingIndicator(id="detail-spinner")
        yield TriggerDiagram(id="diagram")
        with TabbedContent(id="sections"):
            for number, (key, title, empty) in enumerate(SECTIONS, start=1):
                with TabPane(f"{number} {title}", id=f"tab-{key}"):
                    if key == "overview":
                        yield NavTable(id="overview", cursor_type="row", show_header=False)
                        continue
                    yield Static("", id=f"{key}-error", classes="section-error")
                    yield Static(empty, id=f"{key}-empty", classes="section-empty")
                    table = NavTable(id=key, cursor_type="row")
                    table.add_columns(*TABLES[key])
                    yield table
                    if key == "policy":
                        with VerticalScroll(id="policy-json-box"):
                            yield Static("", id="policy-json")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#policy-json-box").display = False
        for key in SECTION_KEYS[1:]:
            self.query_one(f"#{key}-empty").display = False
            self.query_one(f"#{key}-error").display = False
        cached = self.tui.details.get(self.function.arn)
        if cached is not None:
            self.show(cached)
        else:
            self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="detail")
    def load(self) -> None:
        try:
            with urgent():  # what the user is looking at: its reads go before the scan's
                detail = self.tui.backend.detail(self.function)
        except LambdaTuiError as exc:
            self.post_message(self.DetailFailed(str(exc)))
            return
        self.post_message(self.DetailLoaded(detail))

    def on_function_detail_screen_detail_loaded(self, msg: DetailLoaded) -> None:
        self.tui.remember_detail(msg.detail)
        self.show(msg.detail)
        if self.reloading:
            self.reloading = False
            when = time.strftime("%H:%M:%S")
            self.notify(f"{self.function.name} read again at {when}", timeout=3, markup=False)

    def on_findings_changed(self, msg: FindingsChanged) -> None:
        """The app evaluated findings (of this function, or all were dropped): show them."""
        if not msg.arns or self.function.arn in msg.arns:
            self.show_findings()

    def on_function_changed(self, msg: FunctionChanged) -> None:
        """This function was read again after a change made elsewhere (the audit view's fix)."""
        if msg.detail.function.arn == self.function.arn:
            self.show(msg.detail)

    def on_function_detail_screen_detail_failed(self, msg: DetailFailed) -> None:
        self.reloading = False
        self.query_one("#detail-spinner").display = False
        self.query_one("#diagram", TriggerDiagram).update(literal(f"⚠ {msg.error}", "red"))

    # -- sections -------------------------------------------------------------------------------
    def active_section(self) -> str:
        return str(self.query_one(TabbedContent).active).removeprefix("tab-")

    def action_section(self, key: str) -> None:
        """Show a section and put the focus in its table, so j/k move at once."""
        sections = self.query_one(TabbedContent)
        self.set_focus(None)  # a focused widget in the pane being hidden would take it back
        sections.active = f"tab-{key}"
        table = self.query_one(f"#{key}", DataTable)
        if table.display and table.row_count:
            self.set_focus(table)
        else:  # an empty section: keep the keys working from the tab bar
            self.set_focus(sections.query_one(Tabs))

    def action_step(self, delta: int) -> None:
        index = SECTION_KEYS.index(self.active_section())
        self.action_section(SECTION_KEYS[(index + delta) % len(SECTION_KEYS)])

    def action_reload(self) -> None:
        self.query_one("#detail-spinner").display = True
        self.notify(f"reading {self.function.name} again…", timeout=2, markup=False)
        self.reloading = True
        self.load()

    def action_toggle_reveal(self) -> None:
        self.revealed = not self.revealed
        if self.detail:
            self.fill_overview(self.detail)
            if not self.detail.function.environment:
                self.notify("this function has no environment variables")
                return
        if self.active_section() != "overview":
            self.action_section("overview")
        self.notify("environment values shown" if self.revealed else "environment values masked")

    def action_toggle_json(self) -> None:
        """`J`: the raw policy JSON under the Policy table (focused, to scroll), or hide it."""
        box = self.query_one("#policy-json-box")
        showing = not box.display
        self.action_section("policy")
        box.display = showing
        if showing:
            self.set_focus(box)

    # -- rendering ------------------------------------------------------------------------------
    def show(self, detail: FunctionDetail) -> None:
        self.detail = detail
        self.query_one("#detail-spinner").display = False
        self.query_one("#diagram", TriggerDiagram).show(detail)
        self.fill_overview(detail)
        failed_sections = set()
        for key, reads in SECTION_READS.items():
            failed = tuple(e for e in detail.errors if e.operation in reads)
            box = self.query_one(f"#{key}-error", Static)
            box.update(error_sentence(failed))
            box.display = bool(failed)
            if failed:
                failed_sections.add(key)
        self.fill("triggers", trigger_rows(detail), failed_sections)
        self.fill("mappings", mapping_rows(detail), failed_sections)
        self.fill("policy", policy_rows(detail), failed_sections)
        self.fill("destinations", destination_rows(detail), failed_sections)
        self.fill("urls", url_rows(detail), failed_sections)
        self.fill("versions", version_rows(detail), failed_sections)
        self.show_findings()
        if isinstance(self.focus_target, Finding):
            self.select_finding(self.focus_target)
        elif self.focus_target:
            self.select_row(self.focus_target)
        self.focus_target = None
        self.query_one("#policy-json", Static).update(policy_json(detail))

    def show_findings(self) -> None:
        """The audit findings of this function (as the app last evaluated them)."""
        self.findings = sorted(
            self.tui.findings.get(self.function.arn, []),
            key=lambda f: (-f.severity.rank, f.rule, f.resource or ""),
        )
        table = self.query_one("#findings", DataTable)
        severity, rule, resource = (len(title) + 2 for title in TABLES["findings"][:3])
        widths = [
            max(severity, 10),
            max([rule, *(len(f.rule) for f in self.findings)]),
            max([resource, *(len(f.resource or "—") for f in self.findings)]),
        ]
        # The pane spans the screen (it may be hidden now, with no size of its own).
        wrap = message_room(self.app.size.width, widths) if self.findings else None
        cursor = table.cursor_row
        if wrap != self.findings_wrap:  # new widths: the columns are made again
            table.clear(columns=True)
            for title in TABLES["findings"]:
                table.add_column(title, width=wrap if title == "Message" else None)
            self.findings_wrap = wrap
        self.fill("findings", [finding_row(f) for f in self.findings], set(), wrap=wrap)
        if 0 < cursor < table.row_count:
            table.move_cursor(row=cursor)

    def on_resize(self) -> None:
        if self.detail is not None:
            self.show_findings()

    def select_row(self, target: str, sections: tuple[str, ...] | None = None) -> bool:
        """Show the tab and row that mention `target` (a sid, ARN, URL or variable name), in
        `sections` only when given."""
        wanted = {target, target.split(":")[-1], visible(target)}
        for key in sections or (*FOCUS_ORDER, "overview"):
            table = self.query_one(f"#{key}", DataTable)
            for index in range(table.row_count):
                cells = {str(cell).strip() for cell in table.get_row_at(index)}
                if cells & wanted:
                    self.show_row(key, index)
                    return True
        return False

    def show_row(self, key: str, index: int) -> None:
        table = self.query_one(f"#{key}", DataTable)
        self.query_one(TabbedContent).active = f"tab-{key}"
        table.move_cursor(row=index)
        self.call_after_refresh(table.focus)

    def select_finding(self, finding: Finding) -> bool:
        """Go to the row a finding is about: its rule says which section, its resource which
        row (a qualified function ARN names the qualifier's row)."""
        section = RULE_SECTIONS.get(finding.rule)
        resource = finding.resource or ""
        if section is None:
            return bool(resource) and self.select_row(resource)
        arn = self.function.arn
        if resource == arn or resource.startswith(arn + ":"):
            resource = resource[len(arn) + 1 :] or "(function)"  # the qualifier's row
        if not (resource and self.select_row(resource, (section,))):
            self.action_section(section)  # the section itself (its empty sentence, if empty)
        return True

    def fill(self, key: str, rows: list[Row], failed: set[str], *, wrap: int | None = None) -> None:
        """Replace a table's rows (keeping the cursor); `wrap`: rows as tall as their text."""
        table = self.query_one(f"#{key}", DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in rows:
            table.add_row(*row, height=None if wrap else 1)
        if rows and 0 < cursor < len(rows):
            table.move_cursor(row=cursor)
        table.display = bool(rows)
        self.query_one(f"#{key}-empty").display = not rows and key not in failed

    def fill_overview(self, detail: FunctionDetail) -> None:
        rows = overview_rows(detail, revealed=self.revealed)
        table = self.query_one("#overview", DataTable)
        if not table.columns:
            table.add_columns("Field", "Value")
        cursor = table.cursor_row
        table.clear()
        for row in rows:
            table.add_row(*row)
        if 0 < cursor < len(rows):
            table.move_cursor(row=cursor)

    # -- enter on a row -------------------------------------------------------------------------
    @on(DataTable.RowSelected)
    def row_selected(self, event: DataTable.RowSelected) -> None:
        """`enter` (or `space`): a finding opens in full; any other row shows all its fields,
        unclipped."""
        event.stop()
        self.open_row(event.data_table, event.cursor_row)

    def action_open_row(self) -> None:
        table = self.query_one(f"#{self.active_section()}", DataTable)
        if not table.row_count:
            self.tui.notify("this section is empty: nothing to open")
            return
        self.open_row(table, table.cursor_row)

    def open_row(self, table: DataTable[object], index: int) -> None:
        key = str(table.id)
        if key == "findings":
            self.open_finding()
            return
        cells = table.get_row_at(index)
        titles = [str(c.label) for c in table.columns.values()]
        if key == "overview":
            titles = ["Field", "Value"]
        evidence = row_evidence(self.detail, key, index)
        title = f"{self.function.name} · {dict((k, t) for k, t, _ in SECTIONS)[key]}"
        self.tui.push_screen(RecordScreen(title, list(zip(titles, cells, strict=False)), evidence))

    def selected_finding(self) -> Finding | None:
        i = self.selected_index("findings")
        if i is None or self.active_section() != "findings" or i >= len(self.findings):
            return None
        return self.findings[i]

    def open_finding(self) -> None:
        finding = self.selected_finding()
        if finding is None:
            self.tui.notify("no finding selected")
            return

        def chosen(choice: str | None) -> None:
            if choice == "jump" and not self.select_finding(finding):
                self.tui.notify("the finding names no row of its own; see its message")
            if choice == "fix":
                self.fix_findings([finding], say=True)

        self.tui.push_screen(FindingDetailScreen(finding, self.detail), chosen)
