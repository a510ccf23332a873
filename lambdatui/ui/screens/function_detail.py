"""One function: overview, triggers, mappings, policy, destinations, URLs, versions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.syntax import Syntax
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
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
)

from lambdatui.core.errors import LambdaTuiError
from lambdatui.core.model import Function, FunctionDetail, ReadError
from lambdatui.ui.format import dash, masked, short_arn, status_text
from lambdatui.ui.screens.detail_actions import CHANGE_BINDINGS, DetailActions
from lambdatui.ui.widgets.trigger_diagram import TriggerDiagram

if TYPE_CHECKING:
    from lambdatui.ui.app import LambdaTuiApp

# Which failed reads blank which section.
SECTION_READS = {
    "policy": ("GetPolicy",),
    "destinations": ("ListFunctionEventInvokeConfigs",),
    "urls": ("ListFunctionUrlConfigs",),
    "mappings": ("ListEventSourceMappings",),
    "versions": ("ListAliases", "ListVersionsByFunction"),
}

FOCUS_ORDER = ("triggers", "policy", "destinations", "urls", "mappings")

TABLES = {
    "triggers": ("Status", "Kind", "Source", "Source ARN", "Qualifier", "Sid", "Detail"),
    "mappings": ("Source", "Source ARN", "State", "Batch", "OnFailure", "Filters", "UUID"),
    "policy": (
        "Sid",
        "Effect",
        "Principal",
        "Actions",
        "SourceArn",
        "SourceAccount",
        "PrincipalOrgID",
        "UrlAuthType",
        "Qualifier",
    ),
    "destinations": ("Qualifier", "OnSuccess", "OnFailure", "Max retries", "Max age (s)"),
    "urls": ("Qualifier", "URL", "Auth type", "CORS origins", "Invoke mode"),
    "versions": ("Kind", "Name", "Version", "ARN", "Description"),
}


def error_sentence(errors: tuple[ReadError, ...]) -> str:
    return "\n".join(
        f"⚠ Could not read this ({e.operation}, {e.code}): {e.message}" for e in errors
    )


def detail_text(detail: dict[str, object]) -> str:
    parts = []
    for key, value in detail.items():
        if key in {"match_arns"} or value in (None, "", [], {}):
            continue
        shown = ",".join(map(str, value)) if isinstance(value, list | tuple) else value
        parts.append(f"{key}={shown}")
    return " ".join(parts)


class FunctionDetailScreen(DetailActions, Screen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("r", "reload", "Refresh"),
        Binding("v", "toggle_reveal", "Reveal env"),
        Binding("j", "toggle_json", "Policy JSON"),
        Binding("c", "copy_cli", "Copy CLI"),
    ]

    @dataclass
    class DetailLoaded(Message):
        detail: FunctionDetail

    @dataclass
    class DetailFailed(Message):
        error: str

    def __init__(self, function: Function, focus: str | None = None) -> None:
        super().__init__()
        self.function = function
        self.focus_target = focus
        self.detail: FunctionDetail | None = None
        self.revealed = False

    @property
    def tui(self) -> LambdaTuiApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(self.function.name, style="bold"), id="detail-title")
        yield LoadingIndicator(id="detail-spinner")
        yield TriggerDiagram(id="diagram")
        with TabbedContent(id="sections"):
            with TabPane("Overview", id="tab-overview"):
                yield DataTable(id="overview", cursor_type="row", show_header=False)
            for key, columns in TABLES.items():
                with TabPane(key.title() if key != "urls" else "URLs", id=f"tab-{key}"):
                    yield Static("", id=f"{key}-error", classes="section-error")
                    table: DataTable[object] = DataTable(id=key, cursor_type="row")
                    table.add_columns(*columns)
                    yield table
                    if key == "policy":
                        with VerticalScroll(id="policy-json-box"):
                            yield Static("", id="policy-json")
        yield Footer()

    def on_mount(self) -> None:
        if self.tui.actions is not None:  # never bound in read-only mode
            for key, action, description in CHANGE_BINDINGS:
                self._bindings.bind(key, action, description)
            self.refresh_bindings()
        self.query_one("#policy-json-box").display = False
        cached = self.tui.details.get(self.function.arn)
        if cached is not None:
            self.show(cached)
        else:
            self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="detail")
    def load(self) -> None:
        try:
            detail = self.tui.backend.detail(self.function)
        except LambdaTuiError as exc:
            self.post_message(self.DetailFailed(str(exc)))
            return
        self.post_message(self.DetailLoaded(detail))

    def on_function_detail_screen_detail_loaded(self, msg: DetailLoaded) -> None:
        self.tui.remember_detail(msg.detail)
        self.show(msg.detail)

    def on_function_detail_screen_detail_failed(self, msg: DetailFailed) -> None:
        self.query_one("#detail-spinner").display = False
        self.query_one("#diagram", TriggerDiagram).update(Text(f"⚠ {msg.error}", style="red"))

    def action_reload(self) -> None:
        self.query_one("#detail-spinner").display = True
        self.load()

    def action_toggle_reveal(self) -> None:
        self.revealed = not self.revealed
        if self.detail:
            self.fill_overview(self.detail)
        self.notify("environment values shown" if self.revealed else "environment values masked")

    def action_toggle_json(self) -> None:
        box = self.query_one("#policy-json-box")
        box.display = not box.display
        self.query_one(TabbedContent).active = "tab-policy"

    # -- rendering ------------------------------------------------------------------------------
    def show(self, detail: FunctionDetail) -> None:
        self.detail = detail
        self.query_one("#detail-spinner").display = False
        self.query_one("#diagram", TriggerDiagram).show(detail)
        self.fill_overview(detail)
        for key, reads in SECTION_READS.items():
            failed = tuple(e for e in detail.errors if e.operation in reads)
            box = self.query_one(f"#{key}-error", Static)
            box.update(error_sentence(failed))
            box.display = bool(failed)
        self.fill("triggers", self.trigger_rows(detail))
        self.fill("mappings", self.mapping_rows(detail))
        self.fill("policy", self.policy_rows(detail))
        self.fill("destinations", self.destination_rows(detail))
        self.fill("urls", self.url_rows(detail))
        self.fill("versions", self.version_rows(detail))
        if self.focus_target:
            self.select_row(self.focus_target)
            self.focus_target = None
        raw = [json.loads(p.raw_json) for p in detail.policies if p.raw_json]
        self.query_one("#policy-json", Static).update(
            Syntax(json.dumps(raw, indent=2), "json", word_wrap=True) if raw else "(no policy)"
        )

    def select_row(self, target: str) -> bool:
        """Show the tab and row that mention `target` (a sid, ARN, URL or variable name)."""
        wanted = {target, f"  {target}", target.split(":")[-1]}
        for key in (*FOCUS_ORDER, "overview"):
            table = self.query_one(f"#{key}", DataTable)
            for index in range(table.row_count):
                cells = {str(cell) for cell in table.get_row_at(index)}
                if cells & wanted:
                    self.query_one(TabbedContent).active = f"tab-{key}"
                    table.move_cursor(row=index)
                    table.focus()
                    return True
        return False

    def fill(self, key: str, rows: list[tuple[object, ...]]) -> None:
        table = self.query_one(f"#{key}", DataTable)
        table.clear()
        for row in rows:
            table.add_row(*row)

    def fill_overview(self, detail: FunctionDetail) -> None:
        f = detail.function
        rows: list[tuple[object, object]] = [
            ("Name", f.name),
            ("ARN", f.arn),
            ("Description", dash(f.description)),
            ("Runtime", dash(f.runtime)),
            ("Handler", dash(f.handler)),
            ("Role", dash(f.role)),
            ("Memory", f"{f.memory_mb} MB" if f.memory_mb else "—"),
            ("Timeout", f"{f.timeout_s} s" if f.timeout_s else "—"),
            ("Architecture", ", ".join(f.architectures) or "—"),
            ("Package", dash(f.package_type)),
            ("Last modified", dash(f.last_modified)),
            ("Dead-letter queue", dash(f.dead_letter_target)),
            ("Layers", ", ".join(short_arn(x.arn) for x in f.layers) or "—"),
        ]
        hint = "press v to reveal" if not self.revealed else "press v to mask"
        env_title = f"Environment ({len(f.environment)}, {hint})"
        rows.append((env_title, "" if f.environment else "—"))
        rows.extend(
            (Text(f"  {k}", style="bold"), masked(v, self.revealed))
            for k, v in sorted(f.environment.items())
        )
        table = self.query_one("#overview", DataTable)
        if not table.columns:
            table.add_columns("Field", "Value")
        table.clear()
        for row in rows:
            table.add_row(*row)

    def trigger_rows(self, d: FunctionDetail) -> list[tuple[object, ...]]:
        return [
            (
                status_text(t.status),
                t.kind,
                t.source,
                dash(t.source_arn),
                dash(t.qualifier),
                dash(t.statement_sid),
                Text(" ".join(x for x in (t.note, detail_text(dict(t.detail))) if x)),
            )
            for t in d.triggers
        ]

    def mapping_rows(self, d: FunctionDetail) -> list[tuple[object, ...]]:
        return [
            (
                m.source,
                dash(m.event_source_arn),
                m.state,
                dash(m.batch_size),
                dash(m.on_failure),
                "; ".join(m.filter_patterns) or "—",
                m.uuid,
            )
            for m in d.event_source_mappings
        ]

    def policy_rows(self, d: FunctionDetail) -> list[tuple[object, ...]]:
        return [
            (
                dash(s.sid),
                Text(s.effect, style="red" if s.effect == "Deny" else ""),
                Text(s.principal, style="bold red" if s.principal == "*" else ""),
                ", ".join(s.action),
                dash(s.source_arn),
                dash(s.source_account),
                dash(s.principal_org_id),
                dash(s.function_url_auth_type),
                dash(s.qualifier),
            )
            for s in d.statements
        ]

    def destination_rows(self, d: FunctionDetail) -> list[tuple[object, ...]]:
        rows: list[tuple[object, ...]] = [
            (
                dash(x.qualifier) if x.qualifier else "(function)",
                dash(x.on_success),
                dash(x.on_failure),
                dash(x.maximum_retry_attempts),
                dash(x.maximum_event_age_seconds),
            )
            for x in d.destinations
        ]
        if d.function.dead_letter_target:
            rows.append(("DLQ", "—", d.function.dead_letter_target, "—", "—"))
        rows.extend(
            (f"mapping {m.uuid[:8]}", "—", m.on_failure, "—", "—")
            for m in d.event_source_mappings
            if m.on_failure
        )
        return rows

    def url_rows(self, d: FunctionDetail) -> list[tuple[object, ...]]:
        return [
            (
                dash(u.qualifier) if u.qualifier else "(function)",
                u.url,
                Text(u.auth_type, style="bold red" if u.auth_type == "NONE" else ""),
                ", ".join(u.cors_allow_origins) or "—",
                dash(u.invoke_mode),
            )
            for u in d.function_urls
        ]

    def version_rows(self, d: FunctionDetail) -> list[tuple[object, ...]]:
        aliases = [
            ("alias", a.name, a.function_version, a.arn, dash(a.description)) for a in d.aliases
        ]
        versions = [
            ("version", v.version, v.version, v.arn, dash(v.description)) for v in d.versions
        ]
        return [*aliases, *versions]
