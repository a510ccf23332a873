"""`lambdatui creds (set|show|remove|list) [PROFILE]`: keys in the OS keyring, from the terminal.

`set` asks for the key id and the secret (the secret with hidden input) on a terminal, and reads
them as two lines from stdin otherwise, for scripts. Nothing here ever prints the secret; `show`
and `list` print the key id masked (`AKIA…MPLE`). Exit codes: 0 done, 2 any error, with a one-line
`lambdatui: …` reason on stderr.
"""

from __future__ import annotations

import argparse
import getpass as getpass_module
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TextIO

from lambdatui.core.errors import LambdaTuiError

if TYPE_CHECKING:  # imported when an action runs: keyring costs ~0.1 s at start-up
    from lambdatui.access.credentials import CredentialStore, StoredProfile

EXIT_OK, EXIT_ERROR = 0, 2
FALLBACK = (
    "nothing was stored; lambdatui will use the normal AWS credential chain "
    "(~/.aws/credentials, environment variables, SSO)"
)


def add_creds_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `creds` and its actions to the main parser's subcommands."""
    creds = subparsers.add_parser(
        "creds",
        help="keep AWS keys in the OS keyring",
        description="Keep AWS access keys in the OS keyring (service 'lambdatui'), not in files.",
    )
    actions = creds.add_subparsers(dest="creds_action", metavar="ACTION", required=True)
    put = actions.add_parser("set", help="store keys for PROFILE (asks for them)")
    put.add_argument("creds_profile", metavar="PROFILE")
    put.add_argument(
        "--mfa-serial", help="MFA device ARN; lambdatui asks for a code (pass '' to remove)"
    )
    put.add_argument("--role-arn", help="role to assume with these keys (pass '' to remove)")
    for name, text in (("show", "show PROFILE (key id masked)"), ("remove", "forget PROFILE")):
        actions.add_parser(name, help=text).add_argument("creds_profile", metavar="PROFILE")
    actions.add_parser("list", help="list the profiles kept in the keyring")
    return creds


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _read_keys(stdin: TextIO, stderr: TextIO, getpass: Callable[[str], str]) -> tuple[str, str]:
    if _isatty(stdin):
        stderr.write("AWS access key id: ")
        stderr.flush()
        key_id = stdin.readline()
        secret = getpass("AWS secret access key (hidden): ")
    else:
        key_id, secret = stdin.readline(), stdin.readline()
    return key_id.strip(), secret.strip()


def _keep_or_change(given: str | None, current: str | None) -> str | None:
    """An option left out keeps the stored value; an empty one removes it."""
    return current if given is None else (given or None)


def _where(store: CredentialStore) -> str:
    from lambdatui.access.keyring_backend import backend_name

    return f"OS keyring ({backend_name(store.backend)}), service '{store.service}'"


def _session_line(store: CredentialStore, entry: StoredProfile, now: datetime) -> str:
    if not entry.needs_sts:
        return "none (static keys)"
    cached = store.cached_session(entry)
    if cached is None or cached.expiration is None:
        return "none cached"
    until = cached.expiration.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"expired at {until}" if cached.expires_soon(now) else f"cached until {until}"


def _set(args: argparse.Namespace, store: CredentialStore, io: dict, getpass: Callable) -> None:
    from lambdatui.access.credentials import KeyringUnavailable, mask_key_id, validate_profile_name

    profile = validate_profile_name(args.creds_profile)
    ok, why = store.available()
    if not ok:  # say so before anyone types a secret
        raise KeyringUnavailable(f"no usable keyring: {why}; {FALLBACK}")
    key_id, secret = _read_keys(io["stdin"], io["stderr"], getpass)
    current = store.get(profile)
    entry = store.set(
        profile,
        key_id,
        secret,
        mfa_serial=_keep_or_change(args.mfa_serial, current.mfa_serial if current else None),
        role_arn=_keep_or_change(args.role_arn, current.role_arn if current else None),
    )
    out = io["stdout"]
    out.write(f"stored {profile} ({mask_key_id(entry.access_key_id)}) in the {_where(store)}\n")
    if entry.mfa_serial:
        out.write(f"  MFA device: {entry.mfa_serial}\n")
    if entry.role_arn:
        out.write(f"  role to assume: {entry.role_arn}\n")


def _show(args: argparse.Namespace, store: CredentialStore, io: dict, now: datetime) -> None:
    from lambdatui.access.credentials import CredentialError, mask_key_id

    entry = store.get(args.creds_profile)
    if entry is None:
        raise CredentialError(f"no keys stored for profile {args.creds_profile} in the keyring")
    rows = [
        ("profile", entry.name),
        ("access key id", mask_key_id(entry.access_key_id)),
        ("stored in", _where(store)),
        ("MFA device", entry.mfa_serial or "-"),
        ("role to assume", entry.role_arn or "-"),
        ("session", _session_line(store, entry, now)),
    ]
    io["stdout"].writelines(f"{label:<15}{value}\n" for label, value in rows)


def _list(store: CredentialStore, io: dict) -> None:
    from lambdatui.access.credentials import mask_key_id

    entries = store.list()
    if not entries:
        io["stdout"].write(f"no profiles stored in the {_where(store)}\n")
        return
    width = max(len(e.name) for e in entries)
    for entry in entries:
        extras = " ".join(
            word for word, on in (("mfa", entry.mfa_serial), ("role", entry.role_arn)) if on
        )
        line = f"{entry.name:<{width}}  {mask_key_id(entry.access_key_id)}  {extras}".rstrip()
        io["stdout"].write(line + "\n")


def _remove(args: argparse.Namespace, store: CredentialStore, io: dict) -> None:
    from lambdatui.access.credentials import CredentialError, validate_profile_name

    if not store.remove(validate_profile_name(args.creds_profile)):
        raise CredentialError(f"no keys stored for profile {args.creds_profile} in the keyring")
    io["stdout"].write(f"removed {args.creds_profile} from the {_where(store)}\n")


def run_creds(
    args: argparse.Namespace,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    store: CredentialStore | None = None,
    getpass: Callable[[str], str] = getpass_module.getpass,
    now: datetime | None = None,
) -> int:
    """Run one `creds` action; returns the exit code."""
    from lambdatui.access.credentials import CredentialStore

    io = {
        "stdin": stdin or sys.stdin,
        "stdout": stdout or sys.stdout,
        "stderr": stderr or sys.stderr,
    }
    store = store or CredentialStore()
    try:
        if args.creds_action == "set":
            _set(args, store, io, getpass)
        elif args.creds_action == "show":
            _show(args, store, io, now or datetime.now(UTC))
        elif args.creds_action == "remove":
            _remove(args, store, io)
        else:
            _list(store, io)
    except EOFError:
        io["stderr"].write("lambdatui: no input: the keys were not given\n")
        return EXIT_ERROR
    except LambdaTuiError as exc:
        io["stderr"].write(f"lambdatui: {exc}\n")
        return EXIT_ERROR
    return EXIT_OK


def terminal_mfa_prompt(
    stdin: TextIO | None = None, stderr: TextIO | None = None
) -> Callable[[str], str]:
    """`ask_mfa` for headless commands: asks on the terminal, or reads a line from piped stdin."""

    def ask(serial: str) -> str:
        from lambdatui.access.credentials import CredentialError, validate_mfa_code

        source, prompt_to = stdin or sys.stdin, stderr or sys.stderr
        if _isatty(source):
            prompt_to.write(f"MFA code for {serial}: ")
            prompt_to.flush()
        line = source.readline()
        if not line.strip():
            raise CredentialError(f"an MFA code for {serial} is needed and none was given")
        return validate_mfa_code(line)

    return ask
