"""Asks for an MFA code when a keyring profile needs a new session."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class MfaScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    MfaScreen { align: center middle; }
    #mfa { width: 60; height: auto; border: thick $primary; background: $surface; padding: 1; }
    #mfa-error { color: $error; }
    """

    def __init__(self, serial: str) -> None:
        super().__init__()
        self.serial = serial

    def compose(self) -> ComposeResult:
        with Vertical(id="mfa"):
            yield Static(f"MFA code for {self.serial}", markup=False)
            yield Input(placeholder="6 digits", password=True, max_length=6, id="mfa-code")
            yield Static("", id="mfa-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        code = event.value.strip()
        if not (code.isdigit() and len(code) == 6):
            self.query_one("#mfa-error", Static).update("✗ the code is 6 digits")
            return
        self.dismiss(code)

    def action_cancel(self) -> None:
        self.dismiss(None)
