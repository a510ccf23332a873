"""The Textual application: a function list, a detail screen per function."""

from __future__ import annotations

import asyncio
import queue
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from lambdatui.audit.rules import evaluate_function
from lambdatui.core.errors import LambdaTuiError
from lambdatui.core.model import Finding, Function, FunctionDetail, Identity
from lambdatui.ui.backend import ActionsApi, AppContext, Backend, Switcher
from lambdatui.ui.commands import AccountCommands, FunctionCommands
from lambdatui.ui.keys import MUTATING_KEYS, READ_ONLY_REASON
from lambdatui.ui.plan_runner import PlanRunner
from lambdatui.ui.screens.function_list import FunctionListScreen
from lambdatui.ui.shutdown import DaemonThreadExecutor


class LambdaTuiApp(PlanRunner, App[None]):
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
        self.sub_title = self.header_text(f"account {msg.identity.account} · {msg.region}")

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
            self.call_from_thread(
                self.notify, str(exc), title=f"cannot switch to {profile}", severity="error"
            )
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
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

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
            self.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.call_from_thread(self.remember_detail, detail)

    def remember_detail(self, detail: FunctionDetail) -> None:
        """Keep a freshly read detail and its findings, and update the list's row."""
        from lambdatui.ui.screens.function_list import FunctionListScreen

        found = evaluate_function(detail)
        self.details[detail.function.arn] = detail
        self.findings[detail.function.arn] = found
        for screen in self.screen_stack:
            if isinstance(screen, FunctionListScreen):
                screen.post_message(
                    FunctionListScreen.TriggersCounted([detail], {detail.function.arn: found})
                )

    def action_audit(self) -> None:
        from lambdatui.ui.screens.audit_view import AuditScreen

        if not isinstance(self.screen, AuditScreen):
            self.push_screen(AuditScreen())

    def reverse_lookup(self, query: str) -> None:
        from lambdatui.ui.screens.reverse_lookup import ReverseLookupScreen

        self.push_screen(ReverseLookupScreen(query))
