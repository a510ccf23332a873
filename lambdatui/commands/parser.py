"""The command line's grammar: `lambdatui`, `lambdatui audit`, `fix`, `creds` — parsing only.

Exit codes (DESIGN.md §4): 0 success, 1 findings at or above `--fail-on`, 2 usage error or AWS
unreachable / no credentials — always with a one-line reason on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

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
    from lambdatui.commands.creds import add_creds_parser

    add_creds_parser(sub)
    return parser
