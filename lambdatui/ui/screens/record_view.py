"""One row of a detail table in full: every field on its own line, wrapped, never clipped.

`enter` on a trigger, statement, mapping, destination, URL or version opens it; at 80 columns the
tables cut long ARNs, here they are whole. The record behind the row (the statement JSON, the
trigger's entry as the service has it) follows when there is one.
"""

from __future__ import annotations

from typing import ClassVar

from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from lambdatui.ui.widgets.safe_text import literal, visible
from lambdatui.ui.widgets.scrolling import scroll


def field_line(label: str, value: object) -> Text:
    line = Text(f"{label}: ", style="bold")
    line.append_text(value if isinstance(value, Text) else literal(value))
    return line


class RecordScreen(ModalScreen[None]):
    HELP_NAME = "a row in full"

    DEFAULT_CSS = """
    RecordScreen { align: center middle; }
    RecordScreen > #record-box {
        width: 100%; max-width: 140; height: 1fr;
        border: round $primary; background: $surface; padding: 0 1;
    }
    RecordScreen #record-body { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close"),
        Binding("enter", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
        Binding("question_mark", "app.help", "Keys"),
        Binding("j", "scroll('down')", "Down", show=False),
        Binding("k", "scroll('up')", "Up", show=False),
        Binding("space", "scroll('page_down')", "Page down", show=False),
        Binding("g", "scroll('home')", "Top", show=False),
        Binding("G", "scroll('end')", "Bottom", show=False),
    ]

    def __init__(
        self,
        title: str,
        fields: list[tuple[str, object]],
        evidence: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.evidence = evidence or []

    def compose(self) -> ComposeResult:
        with Vertical(id="record-box") as box:
            box.border_title = literal(self.title_text)
            with VerticalScroll(id="record-body"):
                for label, value in self.fields:
                    yield Static(field_line(label, value), classes="record-field")
                for title, json_text in self.evidence:
                    yield Static(Text(f"\n{title}:", style="bold"))
                    yield Static(Syntax(visible(json_text, multiline=True), "json", word_wrap=True))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#record-body").focus()

    def action_scroll(self, how: str) -> None:
        scroll(self.query_one("#record-body", VerticalScroll), how)

    def body_text(self) -> str:
        lines = [field_line(label, value).plain for label, value in self.fields]
        lines += [f"{title}:\n{json_text}" for title, json_text in self.evidence]
        return "\n".join(lines)
