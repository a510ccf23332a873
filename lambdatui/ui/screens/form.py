"""A small modal form: labelled inputs and selects, validated before it closes.

Used for add permission, set destination and add trigger. `validate` returns field → message
for every field that is wrong; the form shows each message under its field, says in its status
line how many fields need a fix, moves the focus to the first of them and stays open.

One line per field (label beside a compact input) and a scrolling body keep every input on
screen at 80x24; the buttons stay below the body.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

Values = dict[str, Any]


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    default: str = ""
    placeholder: str = ""
    options: Sequence[tuple[str, str]] = field(default_factory=tuple)
    """(label, value) pairs: the field is a Select; empty: a free Input."""


class FormScreen(ModalScreen[Values | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Submit"),
    ]
    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    #form { width: 96; max-width: 100%; height: auto; max-height: 100%; border: thick $primary;
            background: $surface; padding: 0 1; }
    #form-title { text-style: bold; }
    #form-fields { height: auto; }
    .form-row { height: auto; margin-bottom: 1; }
    .form-line { height: auto; }
    .form-line Label { width: 30; padding-right: 1; }
    .form-line Input, .form-line Select { width: 1fr; }
    .form-error { color: $error; height: auto; padding-left: 30; }
    #form-status { height: auto; color: $error; }
    #form-buttons { height: auto; align: right middle; }
    #form-buttons Button { margin-left: 2; }
    """

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        validate: Callable[[Values], dict[str, str]],
        note: str = "",
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.validate = validate
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(self.form_title, id="form-title", markup=False)
            if self.note:
                yield Static(self.note, markup=False)
            with VerticalScroll(id="form-fields"):
                for f in self.fields:
                    with Vertical(classes="form-row"):
                        with Horizontal(classes="form-line"):
                            yield Label(f.label, markup=False)
                            yield self.field_widget(f)
                        yield Static("", id=f"error-{f.name}", classes="form-error", markup=False)
            yield Static("", id="form-status", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button("Cancel (esc)", id="cancel", compact=True)
                yield Button("Plan (ctrl+s)", id="submit", variant="primary", compact=True)

    @staticmethod
    def field_widget(f: Field) -> Input | Select[str]:
        if f.options:
            return Select(
                list(f.options),
                value=f.default if f.default else Select.NULL,
                id=f"field-{f.name}",
                allow_blank=True,
                compact=True,
            )
        return Input(value=f.default, placeholder=f.placeholder, id=f"field-{f.name}", compact=True)

    def on_mount(self) -> None:
        for box in self.query(".form-error"):
            box.display = False
        self.query_one("#form-status").display = False
        first = self.fields[0].name if self.fields else None
        if first:
            self.query_one(f"#field-{first}").focus()
        self.fit_body()

    def on_resize(self) -> None:
        self.fit_body()

    def fit_body(self) -> None:
        """The fields scroll within what the screen leaves beside title, status and buttons."""
        chrome = 8 + (2 if self.note else 0)
        self.query_one("#form-fields").styles.max_height = max(3, self.size.height - chrome)

    def values(self) -> Values:
        values: Values = {}
        for f in self.fields:
            widget = self.query_one(f"#field-{f.name}")
            value = widget.value  # type: ignore[attr-defined]
            if value is Select.NULL or value == "":
                value = None
            values[f.name] = value.strip() if isinstance(value, str) else value
        return values

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "submit":
            self.action_submit()
        else:
            self.action_cancel()

    def on_input_submitted(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        values = self.values()
        errors = self.validate(values)
        for box in self.query(".form-error"):
            box.display = False
        status = self.query_one("#form-status", Static)
        status.display = False
        if not errors:
            self.dismiss(values)
            return
        labels = {f.name: f.label for f in self.fields}
        bad = [f.name for f in self.fields if f.name in errors]
        for name in bad:
            box = self.query_one(f"#error-{name}", Static)
            box.update(f"✗ {errors[name]}")
            box.display = True
        general = [message for name, message in errors.items() if name not in labels]
        summary = (
            f"✗ not planned: {len(bad)} field{'s' if len(bad) != 1 else ''} to fix "
            f"({', '.join(labels[n] for n in bad)})"
            if bad
            else "✗ not planned"
        )
        status.update("\n".join([summary, *(f"✗ {m}" for m in general)]))
        status.display = True
        if bad:
            field = self.query_one(f"#field-{bad[0]}")
            field.focus()
            self.query_one("#form-fields", VerticalScroll).scroll_to_widget(field, animate=False)

    def action_cancel(self) -> None:
        self.dismiss(None)
