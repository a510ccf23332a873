"""What every entry point shares: the session the user asked for, or the demo account.

`open_target` is the one place that decides "demo or real account", for the TUI, `audit` and `fix`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from lambdatui.core.errors import LambdaTuiError, UsageError

if TYPE_CHECKING:
    from lambdatui.aws.session import SessionSpec
    from lambdatui.demo.server import DemoServer


def regions_asked(args: argparse.Namespace) -> list[str]:
    """`--region` given once before the subcommand or repeated after it."""
    region = getattr(args, "region", None)
    if region is None:
        return []
    return [region] if isinstance(region, str) else list(region)


_warned: set[str] = set()


def _warn_once(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        print(f"lambdatui: {message}", file=sys.stderr)


def check_profile_exists(profile: str, named_by: str = "--profile") -> None:
    """One sentence when `profile` is defined nowhere: neither AWS file nor the keyring knows it.

    Said before anything else is tried, so the user reads the one error that matters (not a
    keyring notice followed by botocore's own wording)."""
    from lambdatui.access.credentials import CredentialStore
    from lambdatui.access.profiles import (
        aws_config_path,
        aws_credentials_path,
        config_profiles,
        credentials_profiles,
        shown_path,
    )

    if profile == "default" or profile in config_profiles() or profile in credentials_profiles():
        return
    store = CredentialStore()
    usable, _why = store.available()
    if usable and profile in store.names():
        return
    where = f"{shown_path(aws_config_path())} or {shown_path(aws_credentials_path())}"
    keyring = "nor stored in the keyring" if usable else "and no usable keyring holds keys"
    named = "" if named_by == "--profile" else f" (from {named_by})"
    raise UsageError(f"unknown profile {profile!r}{named}: not defined in {where}, {keyring}")


def session_spec(
    args: argparse.Namespace,
    region: str | None,
    read_only: bool,
    ask_mfa: Callable[[str], str] | None = None,
) -> SessionSpec:
    """The session the user asked for: profile, region, endpoint, read-only (flag, environment
    or the profile's setting in lambdatui's config), keys from the keyring when it holds them.

    The region is chosen in the AWS CLI's order (`--region`, AWS_REGION, AWS_DEFAULT_REGION, the
    profile's region) and checked against botocore's list; the spec says where it came from."""
    from lambdatui.access.config import is_read_only
    from lambdatui.access.sso import sso_token_problem
    from lambdatui.aws.keyring_session import spec_with_keyring
    from lambdatui.aws.regions import choose_region
    from lambdatui.aws.session import SessionSpec
    from lambdatui.commands.creds import terminal_mfa_prompt

    profile = args.profile or os.environ.get("AWS_PROFILE") or None
    read_only = read_only or is_read_only(profile)  # the config file is checked first, always
    given = getattr(args, "endpoint_url", None)
    endpoint = check_endpoint_url(
        given or os.environ.get("AWS_ENDPOINT_URL") or None,
        "--endpoint-url" if given else "AWS_ENDPOINT_URL",
    )
    choice = choose_region(region, profile)
    if profile:
        check_profile_exists(profile, "--profile" if args.profile else "AWS_PROFILE")
        if problem := sso_token_problem(profile):
            raise LambdaTuiError(problem)
    spec = SessionSpec(
        profile=profile,
        region=choice.region,
        endpoint_url=endpoint,
        read_only=read_only,
        label=profile,
        region_source=choice.source if choice.region else None,
    )
    resolved = spec_with_keyring(spec, ask_mfa=ask_mfa or terminal_mfa_prompt(), warn=_warn_once)
    return replace(resolved, label=profile)


def check_endpoint_url(url: str | None, name: str = "--endpoint-url") -> str | None:
    """An http(s) URL with a host, or a `UsageError` that says what was expected."""
    if url is None:
        return None
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        parts, port_ok = None, False
    if (
        parts is None
        or parts.scheme not in {"http", "https"}
        or not parts.hostname
        or not port_ok
        or any(c.isspace() or ord(c) < 0x20 for c in url)
    ):
        shown = url if len(url) <= 60 else url[:60] + "…"
        raise UsageError(f"{name} {shown!r} is not an http(s) URL (e.g. http://localhost:5000)")
    return url


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
        region_source="demo",
    )


def check_demo_regions(asked: list[str]) -> None:
    """The demo account lives in one region: asking for another is said, not ignored."""
    from lambdatui.demo.server import DEMO_REGION

    other = [r for r in asked if r != DEMO_REGION]
    if other:
        raise UsageError(
            f"the demo account has functions in {DEMO_REGION} only, not in {other[0]}: "
            f"leave out --region or pass --region {DEMO_REGION}"
        )


def say_where(args: argparse.Namespace, specs: list[SessionSpec]) -> None:
    """`--verbose`: one line on stderr per session: profile, region and where the region came
    from, endpoint, read-only."""
    if not getattr(args, "verbose", False):
        return
    for spec in specs:
        profile = "demo" if spec.region_source == "demo" else (spec.label or "default")
        region = spec.region or "(none)"
        source = spec.region_source or "the AWS SDK's default"
        endpoint = f", endpoint {spec.endpoint_url}" if spec.endpoint_url else ""
        mode = ", read-only" if spec.read_only else ""
        print(
            f"lambdatui: profile {profile}, region {region} (from {source}){endpoint}{mode}",
            file=sys.stderr,
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
    from lambdatui.aws.pacing import configured_scale
    from lambdatui.aws.regions import resolve_regions, validate_region
    from lambdatui.aws.session import AwsSession

    server = None
    demo_journal: Path | None = None
    try:
        configured_scale()  # a bad LAMBDATUI_PACING_SCALE is a usage error now, not in a worker
        asked = [validate_region(r) for r in regions_asked(args)]
        if getattr(args, "demo", False):
            check_demo_regions(asked)
            server, settings = start_demo(quiet=quiet)
            spec = demo_spec(settings, read_only)
            say_where(args, [spec])
            demo_journal = demo_journal_path()
            yield Target([spec], True, True, demo_journal)
            return
        first = session_spec(args, (asked or [None])[0], read_only)
        wanted_all = getattr(args, "all_regions", False) if all_regions is None else all_regions
        if wanted_all or len(asked) > 1:
            regions = resolve_regions(AwsSession(first), asked, wanted_all)
            source = "--all-regions" if wanted_all else "--region"
            specs = [replace(first, region=region, region_source=source) for region in regions]
        else:
            specs = [first]
        say_where(args, specs)
        yield Target(specs, bool(getattr(args, "scan_log_groups", False)), False)
    finally:
        if server is not None:
            server.stop()
        if demo_journal is not None:  # the demo's account is gone, so is its journal
            shutil.rmtree(demo_journal.parent, ignore_errors=True)
