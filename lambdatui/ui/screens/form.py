"""A small modal form: labelled inputs and selects, validated before it closes.

Used for add permission, set destination and add trigger. `validate` returns field → message
for every field that is wrong; the form shows each message under its field and stays open.
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
    #form { width: 84; height: auto; max-height: 95%; border: thick $primary;
            background: $surface; padding: 0 1; }
    #form-title { text-style: bold; }
    .form-error { color: $error; height: auto; }
    .form-row Label { margin-top: 1; }
    #form-buttons { height: 3; align: right middle; }
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
            yield Static(self.form_title, id="form-title")
            if self.note:
                yield Static(self.note)
            with VerticalScroll():
                for f in self.fields:
                    with Vertical(classes="form-row"):
                        yield Label(f.label)
                        if f.options:
                            yield Select(
                                list(f.options),
                                value=f.default if f.default else Select.NULL,
                                id=f"field-{f.name}",
                                allow_blank=True,
                            )
                        else:
                            yield Input(
                                value=f.default, placeholder=f.placeholder, id=f"field-{f.name}"
                            )
                        yield Static("", id=f"error-{f.name}", classes="form-error")
            yield Static("", id="error-form", classes="form-error")
            with Horizontal(id="form-buttons"):
                yield Button("Cancel (esc)", id="cancel")
                yield Button("Plan (ctrl+s)", id="submit", variant="primary")

    def on_mount(self) -> None:
        for box in self.query(".form-error"):
            box.display = False

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
        for name, message in errors.items():
            matches = self.query(f"#error-{name}") or self.query("#error-form")
            box = matches.first(Static)
            box.update(f"✗ {message}")
            box.display = True
        if not errors:
            self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
