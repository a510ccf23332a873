"""The Textual application: a function list, a detail screen per function."""

from __future__ import annotations

import asyncio
import queue
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input

from lambdatui.audit.rules import evaluate_function
from lambdatui.core.errors import LambdaTuiError
from lambdatui.core.model import Finding, Function, FunctionDetail, Identity
from lambdatui.ui.backend import ActionsApi, AppContext, Backend, Switcher
from lambdatui.ui.clipboard import copy_with_tool, where_copied
from lambdatui.ui.commands import AccountCommands, FunctionCommands
from lambdatui.ui.keys import MUTATING_KEYS, READ_ONLY_REASON
from lambdatui.ui.messages import (
    DetailsRead,
    FindingsChanged,
    FunctionChanged,
    FunctionsListed,
    ListCleared,
    WorkFailed,
)
from lambdatui.ui.plan_runner import PlanRunner
from lambdatui.ui.screens.function_list import FunctionListScreen
from lambdatui.ui.shutdown import DaemonThreadExecutor

TEXTUAL_GENERIC_ACTIONS = {"focus_next", "focus_previous", "copy_text", "maximize", "minimize"}
"""Textual's own screen keys, left out of `?` (they are not lambdatui's)."""


class LambdaTuiApp(PlanRunner, App[None]):
    """The store of what was read (details, findings) and the router of changes between screens.

    Screens never write into `details`/`findings`: workers post `DetailsRead` and the app tells
    every screen with `FindingsChanged`/`FunctionChanged` (see `lambdatui.ui.messages`).
    """

    CSS_PATH = Path(__file__).with_name("lambdatui.tcss")
    TITLE = "lambdatui"
    COMMANDS = App.COMMANDS | {FunctionCommands, AccountCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("a", "audit", "Audit"),
        Binding("question_mark", "help", "Keys"),
    ]

    @dataclass
    class IdentityLoaded(Message):
        identity: Identity
        region: str

    @dataclass
    class IdentityFailed(Message):
        error: str

    @dataclass
    class BackendSwitched(Message):
        backend: Backend
        context: AppContext
        actions: ActionsApi | None

    def __init__(
        self,
        backend: Backend,
        context: AppContext,
        switcher: Switcher | None = None,
        actions: ActionsApi | None = None,
    ) -> None:
        super().__init__()
        self.backend = backend
        self.context = context
        self.switcher = switcher
        self.actions = actions if not context.read_only else None
        if self.actions is not None:
            self.bind("u", "undo", description="Undo")
        self.identity: Identity | None = None
        self.details: dict[str, FunctionDetail] = {}
        """Function details read so far, by function ARN (shared by the screens)."""
        self.findings: dict[str, list[Finding]] = {}
        """Audit findings of each function read so far, by function ARN."""
        self.functions: dict[str, Function] = {}
        """Every function the list found, by ARN (empty while it is still reading)."""
        self.cached: frozenset[str] = frozenset()
        """Functions the list shows from the last run's picture: not read this session unless
        they are in `details` (the audit view must not call their findings "none")."""
        self.messages: deque[str] = deque(maxlen=200)
        """Every notification shown this session, oldest first (they fade from the screen)."""
        self.sub_title = self.header_text("account …")
        self._quit_asked = False

    def header_text(self, account: str) -> str:
        parts = [account, self.context.profile]
        if self.context.demo and self.context.profile != "demo":
            parts.append("DEMO")
        if self.context.read_only:
            parts.append("READ-ONLY")
        return " · ".join(parts)

    def on_load(self) -> None:
        # Workers blocked in a network read must not hold the app open after `q` (shutdown.py).
        asyncio.get_running_loop().set_default_executor(DaemonThreadExecutor())

    def on_mount(self) -> None:
        self.push_screen(FunctionListScreen())
        self.load_identity()

    async def action_quit(self) -> None:
        """Quit at once; while a change is being applied, only when asked a second time."""
        applying = any(w.group == "apply" and w.is_running for w in self.workers)
        if applying and not self._quit_asked:
            self._quit_asked = True
            self.notify(
                "a change is being applied: press q again to quit anyway "
                "(the change may then be left half done)",
                severity="warning",
            )
            return
        self.exit()

    @work(thread=True, exclusive=True, exit_on_error=False, group="identity")
    def load_identity(self) -> None:
        try:
            identity = self.backend.identity()
            region = self.backend.region
        except LambdaTuiError as exc:
            self.post_message(self.IdentityFailed(str(exc)))
            return
        self.post_message(self.IdentityLoaded(identity, region))

    def on_lambda_tui_app_identity_loaded(self, msg: IdentityLoaded) -> None:
        self.identity = msg.identity
        source = self.context.region_source
        where = f"{msg.region} (from {source})" if source and source != "demo" else msg.region
        self.sub_title = self.header_text(f"account {msg.identity.account} · {where}")
        for text in getattr(self.actions, "interrupted_notes", list)():
            self.notify(
                f"{text} Press u to roll it back.",
                title="An earlier change was interrupted",
                severity="warning",
                timeout=20,
            )

    def on_lambda_tui_app_identity_failed(self, msg: IdentityFailed) -> None:
        self.sub_title = self.header_text("account unknown")
        self.notify(msg.error, title="Cannot identify the account", severity="error", timeout=10)

    # -- switching profile or region -------------------------------------------------------------
    def switch_to(self, profile: str | None = None, region: str | None = None) -> None:
        if self.switcher is None:
            self.notify("this session cannot switch accounts (demo)", severity="warning")
            return
        self.notify(f"switching to {profile or self.context.profile} · {region or 'same region'}…")
        current = getattr(self.backend, "regions", None) or [self.backend.region]
        self._switch(profile or self.context.profile, region or current[0])

    @work(thread=True, exclusive=True, exit_on_error=False, group="switch")
    def _switch(self, profile: str, region: str) -> None:
        try:
            backend, context, actions = self.switcher(profile, region, self.ask_mfa)  # type: ignore[misc]
            backend.identity()
        except LambdaTuiError as exc:
            self.post_message(WorkFailed(str(exc), title=f"cannot switch to {profile}"))
            return
        self.post_message(self.BackendSwitched(backend, context, actions))

    def ask_mfa(self, serial: str) -> str:
        """Called from a worker thread: show the MFA modal and wait for the code."""
        from lambdatui.access.credentials import CredentialError
        from lambdatui.ui.screens.mfa import MfaScreen

        answers: queue.Queue[str | None] = queue.Queue()
        self.call_from_thread(self.push_screen, MfaScreen(serial), answers.put)
        code = answers.get()
        if code is None:
            raise CredentialError(f"no MFA code given for {serial}")
        return code

    def on_lambda_tui_app_backend_switched(self, msg: BackendSwitched) -> None:
        self.backend, self.context = msg.backend, msg.context
        self.actions = msg.actions if not msg.context.read_only else None
        if self.actions is not None:
            self.bind("u", "undo", description="Undo")
        self.details.clear()
        self.findings.clear()
        self.functions.clear()
        self.cached = frozenset()
        self.identity = None
        self.sub_title = self.header_text("account …")
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(FunctionListScreen())
        self.load_identity()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`u` does nothing (and is not shown) once a switch made the session read-only."""
        return self.actions is not None if action == "undo" else True

    def action_undo(self) -> None:
        """Undo the last applied change, previewed and confirmed like any plan."""
        actions = self.actions
        if actions is None:
            return

        def reload() -> None:
            refresh = getattr(self.screen, "action_reload", None)
            if refresh is not None:
                refresh()

        self.propose(actions.undo_plan, then=reload)

    def notify(self, message: str, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """Every notification is plain text (AWS error messages and names may hold `[/]`)."""
        kwargs.setdefault("markup", False)
        self.messages.append(message)
        super().notify(message, *args, **kwargs)

    def on_key(self, event: events.Key) -> None:
        """In read-only mode the mutating keys are unbound; say why when one is pressed."""
        if not self.context.read_only or isinstance(self.focused, Input):
            return
        what = MUTATING_KEYS.get(event.character or "")
        if what is not None:
            event.stop()
            self.notify(READ_ONLY_REASON.format(what=what), severity="warning", timeout=6)

    def action_help(self) -> None:
        """All keys of the current screen (shown in the footer or not), and the legend."""
        from lambdatui.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        keys: list[tuple[str, str]] = []
        seen: set[tuple[str, str]] = set()
        for key, active in self.screen.active_bindings.items():
            if not isinstance(active.node, Screen) and not (
                active.node is self and active.binding.action in {"audit", "undo"}
            ):
                continue  # movement, focus and palette keys: listed once under "Everywhere"
            binding = active.binding
            if binding.action.split(".")[-1] in TEXTUAL_GENERIC_ACTIONS:
                continue
            what = binding.description or binding.action.replace("_", " ")
            if binding.action in {"help", "app.help", "quit"} or (key, what) in seen:
                continue
            seen.add((key, what))
            keys.append((self.get_key_display(binding), what))
        name = getattr(self.screen, "HELP_NAME", type(self.screen).__name__)
        self.push_screen(HelpScreen(name, keys))

    def open_function(self, function: Function, focus: str | None = None) -> None:
        """Open a function; `focus` names a row to select (a sid, source ARN, variable…)."""
        from lambdatui.ui.screens.function_detail import FunctionDetailScreen

        self.push_screen(FunctionDetailScreen(function, focus=focus))

    @work(thread=True, exit_on_error=False, group="refresh")
    def refresh_function(self, function: Function) -> None:
        """Re-read one function after a change, for the list and the audit view."""
        try:
            detail = self.backend.detail(function)
        except LambdaTuiError as exc:
            self.post_message(WorkFailed(str(exc), title=f"cannot re-read {function.name}"))
            return
        found = evaluate_function(detail)
        self.post_message(DetailsRead([detail], {detail.function.arn: found}, changed=True))

    def remember_detail(self, detail: FunctionDetail) -> None:
        """Keep a detail a screen read itself (on the event loop), and tell the other screens."""
        found = evaluate_function(detail)
        self.post_message(DetailsRead([detail], {detail.function.arn: found}))

    # -- the store, and telling the screens --------------------------------------------------------
    def broadcast(self, make: Callable[[], Message]) -> None:
        """Post a fresh message (one per receiver) to every screen on the stack."""
        for screen in self.screen_stack:
            screen.post_message(make())

    def on_details_read(self, msg: DetailsRead) -> None:
        for detail in msg.details:
            arn = detail.function.arn
            self.details[arn] = detail
            self.findings[arn] = msg.findings.get(arn, [])
        arns = frozenset(d.function.arn for d in msg.details)
        self.broadcast(lambda: FindingsChanged(arns))
        if msg.changed:
            for detail in msg.details:
                self.broadcast(lambda d=detail: FunctionChanged(d))  # type: ignore[misc]

    def on_work_failed(self, msg: WorkFailed) -> None:
        self.notify(msg.error, title=msg.title, severity="error", timeout=10)

    def on_functions_listed(self, msg: FunctionsListed) -> None:
        self.functions = {f.arn: f for f in msg.functions}
        self.cached = msg.cached
        self.broadcast(lambda: FindingsChanged(frozenset()))

    def on_list_cleared(self, _msg: ListCleared) -> None:
        self.details.clear()
        self.findings.clear()
        self.functions.clear()
        self.cached = frozenset()
        self.broadcast(lambda: FindingsChanged(frozenset()))

    # -- copying -----------------------------------------------------------------------------------
    def copy_text(self, text: str, what: str) -> None:
        """Copy `text`, and say only what is true: "copied" once a clipboard tool confirmed it;
        otherwise OSC 52 is sent and the text is shown to select by hand (see `ui.clipboard`)."""
        tool = copy_with_tool(text)
        if tool is not None:
            self.notify(f"copied {what} {where_copied(tool)}", timeout=4)
            return
        from lambdatui.ui.screens.copied_text import CopiedTextScreen

        self.copy_to_clipboard(text)
        self.notify(f"{what} sent to the terminal clipboard (OSC 52), unconfirmed", timeout=4)
        self.push_screen(CopiedTextScreen(text, what))

    def action_audit(self) -> None:
        from lambdatui.ui.screens.audit_view import AuditScreen

        if not isinstance(self.screen, AuditScreen):
            self.push_screen(AuditScreen())

    def reverse_lookup(self, query: str) -> None:
        from lambdatui.ui.screens.reverse_lookup import ReverseLookupScreen

        self.push_screen(ReverseLookupScreen(query))
