"""One finding in full: the whole message, the resource, the evidence and the fix's CLI.

Opened with `enter` or `space` from the audit view or the detail screen's Findings section. It
dismisses with what the user chose: "jump" (go to the offending row), "fix" (apply the fix) or
None (just close); the screen that opened it does the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from lambdatui.core.arn import function_name_of
from lambdatui.core.model import Finding, FunctionDetail
from lambdatui.ui.screens.finding_evidence import evidence
from lambdatui.ui.widgets.safe_text import literal, visible
from lambdatui.ui.widgets.scrolling import scroll
from lambdatui.ui.widgets.severity import severity_text

if TYPE_CHECKING:
    from lambdatui.ui.app import LambdaTuiApp


def function_name(finding: Finding) -> str:
    return function_name_of(finding.function_arn)


def finding_text(finding: Finding, detail: FunctionDetail | None) -> list[Text | Syntax]:
    """The body of the finding detail, top to bottom (plain data, so it can be tested)."""
    head = severity_text(finding.severity, padded=True)
    head.append(f"  {finding.rule}", style="bold")
    parts: list[Text | Syntax] = [head, Text()]
    for label, value in (
        ("Function", finding.function_arn),
        ("Resource", finding.resource or "—"),
    ):
        line = Text(f"{label}: ", style="bold")
        line.append_text(literal(value))
        parts.append(line)
    parts += [Text(), literal(finding.message, multiline=True), Text()]
    records = evidence(detail, finding)
    if detail is None:
        parts.append(Text("Evidence: the function has not been read yet.", style="dim"))
    elif not records:
        parts.append(Text("Evidence: nothing more than the message names.", style="dim"))
    for title, json_text in records:
        parts.append(Text(f"Evidence — {title}:", style="bold"))
        parts.append(Syntax(visible(json_text, multiline=True), "json", word_wrap=True))
        parts.append(Text())
    parts += fix_text(finding, detail)
    return parts


def fix_text(finding: Finding, detail: FunctionDetail | None) -> list[Text | Syntax]:
    """The fix: the plan's title and its AWS CLI commands (as a report prints them)."""
    if finding.remedy is None:
        return [Text("Fix: lambdatui has no automatic fix for this rule.", style="dim")]
    from lambdatui.actions.remedies import plan_or_none, report_commands  # pure: no AWS

    plan = plan_or_none(detail, finding.remedy) if detail is not None else None
    if plan is None:
        return [
            Text("Fix: ", style="bold")
            + Text("its commands are shown once the function has been read again (r).")
        ]
    cli = "\n".join(report_commands(plan))
    return [
        Text("Fix: ", style="bold") + literal(plan.title),
        Syntax(visible(cli, multiline=True), "bash", word_wrap=True),
    ]


class FindingDetailScreen(ModalScreen[str | None]):
    """The finding, scrollable at any size (80 x 24 included)."""

    HELP_NAME = "a finding in full"

    DEFAULT_CSS = """
    FindingDetailScreen { align: center middle; }
    FindingDetailScreen > #finding-box {
        width: 100%; max-width: 140; height: 1fr;
        border: round $primary; background: $surface; padding: 0 1;
    }
    FindingDetailScreen #finding-body { height: 1fr; }
    FindingDetailScreen #finding-body > Static { width: 100%; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("enter", "jump", "Go to row"),
        Binding("f", "fix", "Fix"),
        Binding("c", "copy_cli", "Copy CLI"),
        Binding("o", "jump", "Go to row", show=False),
        Binding("question_mark", "app.help", "Keys"),
        Binding("j", "scroll('down')", "Down", show=False),
        Binding("k", "scroll('up')", "Up", show=False),
        Binding("space", "scroll('page_down')", "Page down", show=False),
        Binding("g", "scroll('home')", "Top", show=False),
        Binding("G", "scroll('end')", "Bottom", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, finding: Finding, detail: FunctionDetail | None) -> None:
        super().__init__()
        self.finding = finding
        self.detail = detail

    @property
    def tui(self) -> LambdaTuiApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(id="finding-box") as box:
            box.border_title = literal(f"Finding · {function_name(self.finding)}")
            with VerticalScroll(id="finding-body"):
                for index, part in enumerate(finding_text(self.finding, self.detail)):
                    yield Static(part, id=f"finding-part-{index}")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`f` only when the session may change the account (read-only: the app says why)."""
        return self.tui.actions is not None if action == "fix" else True

    def on_mount(self) -> None:
        self.query_one("#finding-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_jump(self) -> None:
        self.dismiss("jump")

    def action_fix(self) -> None:
        if self.finding.remedy is None:
            self.tui.notify(f"lambdatui has no automatic fix for {self.finding.rule}")
            return
        self.dismiss("fix")

    def action_copy_cli(self) -> None:
        """Copy the fix's commands as a report prints them (no RevisionId: run later, by hand)."""
        from lambdatui.actions.remedies import plan_or_none, report_commands

        plan = plan_or_none(self.detail, self.finding.remedy) if self.detail is not None else None
        if plan is None:
            self.tui.notify("this finding has no automatic fix, so no command to copy")
            return
        self.tui.copy_text("\n".join(report_commands(plan)), "the fix's AWS CLI commands")

    def action_scroll(self, how: str) -> None:
        scroll(self.query_one("#finding-body", VerticalScroll), how)

    def body_text(self) -> str:
        """Everything the body shows, as plain text (for tests and the clipboard)."""
        out = []
        for part in finding_text(self.finding, self.detail):
            out.append(part.code if isinstance(part, Syntax) else part.plain)
        return "\n".join(out)
