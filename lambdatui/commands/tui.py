"""`lambdatui` without a subcommand: the Textual app over one or several regions."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lambdatui.commands.crash import crash_line, without_locals
from lambdatui.commands.parser import EXIT_ERROR, EXIT_OK
from lambdatui.commands.setup import open_target, session_spec

if TYPE_CHECKING:
    from lambdatui.actions.facade import Actions
    from lambdatui.aws.session import AwsSession, SessionSpec
    from lambdatui.commands.setup import Target
    from lambdatui.inventory.account import Inventory
    from lambdatui.ui.backend import AppContext


def run_tui(args: argparse.Namespace) -> int:
    from lambdatui.actions.facade import Actions
    from lambdatui.actions.journal import Journal
    from lambdatui.aws.session import AwsSession
    from lambdatui.inventory.account import Inventory
    from lambdatui.inventory.multi_region import MultiRegionActions, MultiRegionInventory
    from lambdatui.inventory.picture_cache import PictureStore
    from lambdatui.ui.app import LambdaTuiApp
    from lambdatui.ui.backend import AppContext

    def context_for(spec: SessionSpec) -> AppContext:
        return AppContext(
            profile="demo" if args.demo else AwsSession(spec).profile_label,
            read_only=spec.read_only,
            endpoint_url=spec.endpoint_url,
            demo=args.demo,
            region_source=spec.region_source,
        )

    def switcher(
        profile: str, region: str, ask_mfa: Callable[[str], str]
    ) -> tuple[Inventory, AppContext, Actions]:
        wanted = argparse.Namespace(profile=profile, endpoint_url=args.endpoint_url)
        new = AwsSession(session_spec(wanted, region, args.read_only, ask_mfa=ask_mfa))
        inventory = Inventory(
            new,
            scan_all_log_groups=args.scan_log_groups,
            pictures=PictureStore(endpoint=new.spec.endpoint_url),
        )
        return inventory, context_for(new.spec), Actions(new)

    with open_target(args, read_only=args.read_only) as target:
        sessions = [AwsSession(spec) for spec in target.specs]
        inventories = inventories_for(target, sessions)
        # The demo keeps its own journal: its changes must never be offered for undo elsewhere.
        journal = Journal(target.journal_path) if target.journal_path else Journal()
        if len(sessions) == 1:
            backend: Any = inventories[0]
            actions: Any = Actions(sessions[0], journal)
        else:
            backend = MultiRegionInventory(inventories)
            actions = MultiRegionActions({s.region: Actions(s, journal) for s in sessions})
        app = LambdaTuiApp(
            backend, context_for(target.specs[0]), None if target.demo else switcher, actions
        )
        crashed = without_locals(app)
        app.run()
    code = EXIT_OK
    if crashed:  # the terminal is restored by now: one line, the traceback in the log
        print(crash_line(crashed[0]), file=sys.stderr)
        code = EXIT_ERROR
    from lambdatui.ui.shutdown import exit_without_waiting

    exit_without_waiting(code)  # reads stuck in the network must not keep `q` from quitting
    return code


def inventories_for(target: Target, sessions: list[AwsSession]) -> list[Inventory]:
    """One Inventory per session, keeping the list's picture for an instant re-open — except
    the demo's: it is seeded afresh each run, so its last picture would lie."""
    from lambdatui.inventory.account import Inventory
    from lambdatui.inventory.picture_cache import PictureStore

    return [
        Inventory(
            s,
            scan_all_log_groups=target.scan_all_log_groups,
            pictures=None if target.demo else PictureStore(endpoint=s.spec.endpoint_url),
        )
        for s in sessions
    ]
