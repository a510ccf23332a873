"""What every entry point shares: the session the user asked for, or the demo account.

`open_target` is the one place that decides "demo or real account", for the TUI, `audit` and `fix`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from lambdatui.commands.parser import regions_asked
from lambdatui.core.errors import LambdaTuiError

if TYPE_CHECKING:
    from lambdatui.aws.session import SessionSpec
    from lambdatui.demo.server import DemoServer


_warned: set[str] = set()


def _warn_once(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        print(f"lambdatui: {message}", file=sys.stderr)


def session_spec(
    args: argparse.Namespace,
    region: str | None,
    read_only: bool,
    ask_mfa: Callable[[str], str] | None = None,
) -> SessionSpec:
    """The session the user asked for: profile, region, endpoint, read-only (flag, environment
    or the profile's setting in lambdatui's config), keys from the keyring when it holds them."""
    from lambdatui.access.config import is_read_only
    from lambdatui.access.sso import sso_token_problem
    from lambdatui.aws.keyring_session import spec_with_keyring
    from lambdatui.aws.session import SessionSpec
    from lambdatui.commands.creds import terminal_mfa_prompt

    profile = args.profile or os.environ.get("AWS_PROFILE") or None
    if profile and (problem := sso_token_problem(profile)):
        raise LambdaTuiError(problem)
    spec = SessionSpec(
        profile=profile,
        region=region,
        endpoint_url=args.endpoint_url or os.environ.get("AWS_ENDPOINT_URL") or None,
        read_only=read_only or is_read_only(profile),
        label=profile,
    )
    resolved = spec_with_keyring(spec, ask_mfa=ask_mfa or terminal_mfa_prompt(), warn=_warn_once)
    return replace(resolved, label=profile)


def start_demo(quiet: bool = False) -> tuple[DemoServer, dict[str, str]]:
    """Start the emulator, seed the sample account, return the server and session settings."""
    try:
        from lambdatui.demo.seed import seed
        from lambdatui.demo.server import DEMO_CREDENTIALS, DEMO_REGION, start_server
    except ImportError as exc:  # moto is an extra
        raise LambdaTuiError(
            f"the demo needs the 'demo' extra ({exc.name} is missing): "
            "pip install 'lambdatui[demo]' or run `make demo`"
        ) from exc
    if not quiet:
        print("Starting the demo account (a local AWS emulator)…", file=sys.stderr)
    server = start_server()
    server.reset()  # moto's state is per process: start from an empty account every time
    seed(server.endpoint_url, DEMO_REGION)
    return server, {"region": DEMO_REGION, "endpoint_url": server.endpoint_url, **DEMO_CREDENTIALS}


def demo_journal_path() -> Path:
    """A fresh journal per demo run, beside (never in) the real one."""
    import tempfile

    return Path(tempfile.mkdtemp(prefix="lambdatui-demo-")) / "journal.jsonl"


def demo_spec(settings: dict[str, str], read_only: bool) -> SessionSpec:
    from lambdatui.aws.session import SessionSpec

    return SessionSpec(
        region=settings["region"],
        endpoint_url=settings["endpoint_url"],
        access_key_id=settings["access_key_id"],
        secret_access_key=settings["secret_access_key"],
        read_only=read_only,
        pace=False,  # the emulator has no quotas to respect
    )


@dataclass
class Target:
    """The sessions a command works on: one per region, the demo's or the user's."""

    specs: list[SessionSpec]
    scan_all_log_groups: bool
    demo: bool
    journal_path: Path | None = None
    """Where changes are journalled: None for the user's journal in the XDG state dir."""
    extra: dict[str, object] = field(default_factory=dict)


@contextmanager
def open_target(
    args: argparse.Namespace,
    *,
    read_only: bool,
    quiet: bool = False,
    all_regions: bool | None = None,
) -> Iterator[Target]:
    """Start the demo (stopped again on exit) or resolve the user's profile and regions."""
    from lambdatui.aws.regions import resolve_regions
    from lambdatui.aws.session import AwsSession

    server = None
    try:
        if getattr(args, "demo", False):
            server, settings = start_demo(quiet=quiet)
            spec = demo_spec(settings, read_only)
            yield Target([spec], True, True, demo_journal_path())
            return
        asked = regions_asked(args)
        first = session_spec(args, (asked or [None])[0], read_only)
        wanted_all = getattr(args, "all_regions", False) if all_regions is None else all_regions
        if wanted_all or len(asked) > 1:
            regions = resolve_regions(AwsSession(first), asked, wanted_all)
            specs = [replace(first, region=region) for region in regions]
        else:
            specs = [first]
        yield Target(specs, bool(getattr(args, "scan_log_groups", False)), False)
    finally:
        if server is not None:
            server.stop()
