"""The command line's grammar: `lambdatui`, `lambdatui audit`, `fix`, `creds` — parsing only.

Exit codes (docs/architecture.md §7):
0 success, 1 findings at or above `--fail-on`, 2 usage error or AWS
unreachable / no credentials — always with a one-line reason on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

from lambdatui.commands.fix import ON_REQUEST_RULES

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SEVERITIES = ("critical", "high", "medium", "low", "info")
ACCOUNT_ID_RE = re.compile(r"[0-9]{12}", re.ASCII)
"""An AWS account id: exactly 12 ASCII digits (`\\d` would also take fullwidth or Arabic-Indic)."""

EXIT_CODES = """exit codes:
  0  success (audit: no finding at or above --fail-on; fix: every plan applied)
  1  audit: a finding at or above --fail-on; fix: a plan did not apply
  2  usage or configuration error, AWS unreachable, no credentials (one line on stderr)
  130  interrupted (ctrl+c)"""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that reports a mistake with the usage of the (sub)command it was made in.

    argparse lets a subcommand hand unknown options back to the top level, which then prints the
    top level's usage for `lambdatui audit --bogus`; here the subcommand's own parser complains.
    """

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            self._deepest(parsed).error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed

    def _deepest(self, parsed: argparse.Namespace) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = self
        for dest in ("command", "creds_action"):
            name = getattr(parsed, dest, None)
            choices = _subparser_choices(parser)
            if name and name in choices:
                parser = choices[name]
        return parser

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}\n")


def _subparser_choices(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def account_id(value: str) -> str:
    """argparse type of `--trusted-account`: 12 ASCII digits."""
    if not ACCOUNT_ID_RE.fullmatch(value):
        shown = value if len(value) <= 30 else value[:30] + "…"
        raise argparse.ArgumentTypeError(f"{shown!r} is not an AWS account id (12 digits)")
    return value


def _audit_options(parser: argparse.ArgumentParser) -> None:
    """What `audit` and `fix` both take: how far to read, and whom to trust."""
    parser.add_argument(
        "--scan-log-groups",
        action="store_true",
        default=argparse.SUPPRESS,
        help="read every log group's subscription filters (slow on big accounts)",
    )
    parser.add_argument(
        "--trusted-account",
        action="append",
        default=[],
        type=account_id,
        metavar="ACCOUNT_ID",
        help="an account (12 digits) exempt from cross-account-invoke; repeatable",
    )


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
        help="AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region); "
        "repeat for several",
    )
    parser.add_argument(
        "--all-regions",
        action="store_true",
        default=default if sub else False,
        help="every enabled region (ec2:DescribeRegions; if denied, the regions every account has)",
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
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=default if sub else False,
        help="say on stderr which profile, region (and where it came from) and endpoint are used",
    )


def build_parser() -> argparse.ArgumentParser:
    from importlib.metadata import PackageNotFoundError, version

    try:
        own_version = version("lambdatui")
    except PackageNotFoundError:  # run from a source tree that was never installed
        own_version = "unknown"
    parser = Parser(
        prog="lambdatui",
        description="Explore, audit and fix the AWS Lambda wiring of an account.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"lambdatui {own_version}")
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
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    audit = sub.add_parser(
        "audit",
        help="scan and report, read-only, for pipelines",
        description="Scan the account under the read-only guard and write a report.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(audit, sub=True)
    audit.add_argument(
        "--format",
        choices=("json", "markdown", "sarif"),
        default="json",
        help="report format (default: json)",
    )
    audit.add_argument(
        "--output", metavar="FILE", help="write the report to FILE instead of stdout"
    )
    audit.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        default="high",
        help="exit 1 when a finding is at or above this severity (default: high)",
    )
    _audit_options(audit)
    audit.add_argument(
        "--cached",
        action="store_true",
        help="show the last report kept for this account and regions at once, with its age and "
        "the changes CloudTrail saw since (default: read everything fresh)",
    )
    fix = sub.add_parser(
        "fix",
        help="plan the fixes of the audit's findings; print or apply them",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(fix, sub=True)
    fix.add_argument(
        "--function",
        action="append",
        default=[],
        metavar="NAME",
        help="only this function; repeat for several (default: every function)",
    )
    fix.add_argument(
        "--rule",
        action="append",
        default=[],
        metavar="ID",
        help=f"only this rule id; repeatable. {', '.join(ON_REQUEST_RULES)} are fixed only "
        "when named here",
    )
    mode = fix.add_mutually_exclusive_group(required=True)
    mode.add_argument("--dry-run", action="store_true", help="print the plans, change nothing")
    mode.add_argument("--yes", action="store_true", help="apply every plan without asking")
    fix.add_argument("--format", choices=("sh", "json"), default="sh", help="of --dry-run")
    _audit_options(fix)
    from lambdatui.commands.creds import add_creds_parser

    add_creds_parser(sub)
    return parser
