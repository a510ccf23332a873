"""The text that was sent by OSC 52, shown to select by hand in case nothing arrived."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

OSC52_SENTENCE = "sent to the terminal clipboard (OSC 52); if nothing arrives, here it is:"


class CopiedTextScreen(ModalScreen[None]):
    """A read-only, selectable copy of `text` (mouse or shift+arrows; esc closes)."""

    BINDINGS = [Binding("escape", "close", "Close")]
    DEFAULT_CSS = """
    CopiedTextScreen { align: center middle; }
    #copied { width: 90%; max-width: 120; height: auto; max-height: 90%;
              border: thick $primary; background: $surface; padding: 0 1; }
    #copied-text { height: auto; max-height: 16; }
    #copied-buttons { height: 3; align: right middle; }
    """

    def __init__(self, text: str, what: str) -> None:
        super().__init__()
        self.text = text
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(id="copied"):
            yield Static(f"{self.what}: {OSC52_SENTENCE}", id="copied-title", markup=False)
            yield TextArea(self.text, read_only=True, soft_wrap=True, id="copied-text")
            with Horizontal(id="copied-buttons"):
                yield Button("Close (esc)", id="close")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.select_all()

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
