"""Command line: `lambdatui` (the TUI), `lambdatui audit`, … — parsing and wiring, no AWS calls.

Exit codes (DESIGN.md §4): 0 success, 1 findings at or above `--fail-on`, 2 usage error or AWS
unreachable / no credentials — always with a one-line reason on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lambdatui.errors import LambdaTuiError

if TYPE_CHECKING:
    from lambdatui.aws.session import SessionSpec
    from lambdatui.demo.server import DemoServer

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SEVERITIES = ("critical", "high", "medium", "low", "info")


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _common(parser: argparse.ArgumentParser, *, sub: bool = False) -> None:
    """The session options; on a subcommand they default to SUPPRESS so that a value given
    before the subcommand (`lambdatui --profile p audit`) is not reset."""
    default = argparse.SUPPRESS if sub else None
    parser.add_argument(
        "--profile", default=default, help="AWS profile (default: AWS_PROFILE or 'default')"
    )
    parser.add_argument(
        "--region",
        action="append",
        default=default,
        help="AWS region (default: AWS_REGION or the profile's); repeat for several",
    )
    parser.add_argument(
        "--all-regions",
        action="store_true",
        default=default if sub else False,
        help="every enabled region (ec2:DescribeRegions, else the known list)",
    )
    parser.add_argument(
        "--endpoint-url", default=default, help="send every call to this endpoint (an emulator)"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        default=default if sub else False,
        help="use the built-in demo account (a local emulator)",
    )


def regions_asked(args: argparse.Namespace) -> list[str]:
    """`--region` given once before the subcommand or repeated after it."""
    region = getattr(args, "region", None)
    if region is None:
        return []
    return [region] if isinstance(region, str) else list(region)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lambdatui",
        description="Explore, audit and fix the AWS Lambda wiring of an account.",
    )
    _common(parser)
    parser.add_argument(
        "--read-only",
        action="store_true",
        default=_truthy(os.environ.get("LAMBDATUI_READ_ONLY")),
        help="refuse every AWS call that is not a read (also LAMBDATUI_READ_ONLY=1)",
    )
    parser.add_argument(
        "--scan-log-groups",
        action="store_true",
        help="read every log group's subscription filters (slow on big accounts)",
    )
    sub = parser.add_subparsers(dest="command")
    audit = sub.add_parser("audit", help="scan and report, read-only, for pipelines")
    _common(audit, sub=True)
    audit.add_argument("--format", choices=("json", "markdown", "sarif"), default="json")
    audit.add_argument("--output", help="write the report here instead of stdout")
    audit.add_argument("--fail-on", choices=SEVERITIES, default="high")
    audit.add_argument("--scan-log-groups", action="store_true", default=argparse.SUPPRESS)
    audit.add_argument(
        "--trusted-account", action="append", default=[], help="exempt from cross-account-invoke"
    )
    fix = sub.add_parser("fix", help="plan the fixes of the audit's findings; print or apply them")
    _common(fix, sub=True)
    fix.add_argument(
        "--function",
        action="append",
        default=[],
        metavar="NAME",
        help="only this function; repeat for several (default: every function)",
    )
    fix.add_argument(
        "--rule", action="append", default=[], metavar="ID", help="only this rule id; repeatable"
    )
    mode = fix.add_mutually_exclusive_group(required=True)
    mode.add_argument("--dry-run", action="store_true", help="print the plans, change nothing")
    mode.add_argument("--yes", action="store_true", help="apply every plan without asking")
    fix.add_argument("--format", choices=("sh", "json"), default="sh", help="of --dry-run")
    fix.add_argument("--scan-log-groups", action="store_true", default=argparse.SUPPRESS)
    fix.add_argument("--trusted-account", action="append", default=[])
    from lambdatui.creds_cli import add_creds_parser

    add_creds_parser(sub)
    return parser


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
    from lambdatui.aws.keyring_session import spec_with_keyring
    from lambdatui.aws.session import SessionSpec
    from lambdatui.config import is_read_only
    from lambdatui.creds_cli import terminal_mfa_prompt
    from lambdatui.sso import sso_token_problem

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


def run_tui(args: argparse.Namespace) -> int:
    from lambdatui.actions.facade import Actions
    from lambdatui.actions.journal import Journal
    from lambdatui.aws.regions import resolve_regions
    from lambdatui.aws.session import AwsSession
    from lambdatui.inventory import Inventory
    from lambdatui.multi_region import MultiRegionActions, MultiRegionInventory
    from lambdatui.ui.app import LambdaTuiApp
    from lambdatui.ui.backend import AppContext

    server = None
    switcher = None
    if args.demo:
        server, settings = start_demo()
        spec = demo_spec(settings, args.read_only)
        scan_logs = True
        regions = [spec.region]
    else:
        asked = regions_asked(args)
        spec = session_spec(args, (asked or [None])[0], args.read_only)
        scan_logs = args.scan_log_groups
        regions = (
            resolve_regions(AwsSession(spec), asked, True) if args.all_regions else asked
        ) or [None]

        def switcher(
            profile: str, region: str, ask_mfa: Callable[[str], str]
        ) -> tuple[Inventory, AppContext, Actions]:
            wanted = argparse.Namespace(profile=profile, endpoint_url=args.endpoint_url)
            new = AwsSession(session_spec(wanted, region, args.read_only, ask_mfa=ask_mfa))
            inventory = Inventory(new, scan_all_log_groups=scan_logs)
            return inventory, context_for(new.spec), Actions(new)

    def context_for(spec: SessionSpec) -> AppContext:
        return AppContext(
            profile="demo" if args.demo else AwsSession(spec).profile_label,
            read_only=spec.read_only,
            endpoint_url=spec.endpoint_url,
            demo=args.demo,
        )

    try:
        sessions = [AwsSession(replace(spec, region=region)) for region in regions]
        inventories = [Inventory(s, scan_all_log_groups=scan_logs) for s in sessions]
        # The demo keeps its own journal: its changes must never be offered for undo elsewhere.
        journal = Journal(demo_journal_path()) if args.demo else Journal()
        if len(sessions) == 1:
            backend: Any = inventories[0]
            actions: Any = Actions(sessions[0], journal)
        else:
            backend = MultiRegionInventory(inventories)
            actions = MultiRegionActions({s.region: Actions(s, journal) for s in sessions})
        LambdaTuiApp(backend, context_for(spec), switcher, actions).run()
    finally:
        if server is not None:
            server.stop()
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from lambdatui.logs import setup_logging

    setup_logging()
    try:
        if args.command == "creds":
            from lambdatui.creds_cli import run_creds

            return run_creds(args)
        if args.command == "fix":
            from lambdatui.actions.fix_command import main_fix

            return main_fix(args)
        if args.command == "audit":
            from lambdatui.audit.command import run_audit

            return run_audit(args)
        return run_tui(args)
    except LambdaTuiError as exc:
        print(f"lambdatui: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("lambdatui: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
