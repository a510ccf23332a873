"""Every change is previewed here first: what, why, the AWS CLI commands; confirm or cancel.

Returns True when the user confirmed (twice, when the plan asks for a second confirmation).
`c` copies the commands (see `LambdaTuiApp.copy_text`: "copied" only when a tool confirmed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from lambdatui.ui.widgets.safe_text import visible

if TYPE_CHECKING:
    from lambdatui.actions.plan import Plan


def plan_text(plan: Plan) -> Text:
    """The plan in words; names from AWS inside it are text (never markup, controls visible)."""
    text = Text()
    text.append(visible(plan.title) + "\n", style="bold")
    text.append(visible(plan.why, multiline=True) + "\n")
    for warning in plan.warnings:
        text.append(f"⚠ {visible(warning)}\n", style="yellow")
    text.append("\nSteps:\n", style="bold")
    for number, step in enumerate(plan.steps, start=1):
        text.append(f"  {number}. {visible(step.description)}\n")
    return text


class PlanPreviewScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "confirm", "Confirm"),
        Binding("n,escape", "cancel", "Cancel"),
        Binding("c", "copy", "Copy CLI"),
    ]
    DEFAULT_CSS = """
    PlanPreviewScreen { align: center middle; }
    #plan { width: 90%; max-width: 140; height: auto; max-height: 100%;
            border: thick $warning; background: $surface; padding: 0 1; }
    #plan-body { height: auto; }
    #plan-cli { height: auto; border: round $primary; }
    #plan-second { color: $error; text-style: bold; height: auto; }
    #plan-buttons { height: auto; align: right middle; }
    #plan-buttons Button { margin-left: 2; }
    """

    def __init__(self, plan: Plan) -> None:
        super().__init__()
        self.plan = plan
        self.confirmations = 0

    @property
    def commands(self) -> str:
        return "\n".join(self.plan.cli_commands())

    def compose(self) -> ComposeResult:
        with Vertical(id="plan"):
            with VerticalScroll(id="plan-body"):
                yield Static(plan_text(self.plan), id="plan-text")
                yield Static(Text("AWS CLI equivalent (c copies):", style="bold"))
                with Vertical(id="plan-cli"):
                    shown = "\n".join(self.plan.cli_preview())  # large JSON elided
                    yield Static(Syntax(shown, "bash", word_wrap=True), id="plan-commands")
            yield Static("", id="plan-second")
            with Horizontal(id="plan-buttons"):
                yield Button("Cancel (n)", id="cancel", compact=True)
                yield Button("Apply (y)", id="confirm", variant="warning", compact=True)

    def on_mount(self) -> None:
        self.query_one("#plan-second").display = False
        self.query_one("#cancel", Button).focus()
        self.fit_body()

    def on_resize(self) -> None:
        self.fit_body()

    def fit_body(self) -> None:
        """The plan and its commands scroll; the question and the buttons stay on screen."""
        chrome = 4 + (3 if self.query_one("#plan-second").display else 0)
        self.query_one("#plan-body").styles.max_height = max(3, self.size.height - chrome)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "confirm":
            self.action_confirm()
        else:
            self.action_cancel()

    def action_confirm(self) -> None:
        self.confirmations += 1
        second = self.plan.second_confirmation
        if second and self.confirmations < 2:
            box = self.query_one("#plan-second", Static)
            box.update(Text(f"⚠ {second}\nPress y again to apply, n to cancel."))
            box.display = True
            self.fit_body()
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_copy(self) -> None:
        self.app.copy_text(self.commands, "the AWS CLI commands")  # type: ignore[attr-defined]
