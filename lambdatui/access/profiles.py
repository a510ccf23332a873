"""The AWS profiles a user can pick: ~/.aws/config, ~/.aws/credentials and the keyring.

Read with configparser only (no boto3), so the profile picker costs nothing at start-up. Files
come from AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE as in the AWS CLI. A file that cannot be
parsed is skipped with a warning in the log, so one bad file never hides the rest.
"""

from __future__ import annotations

import configparser
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lambdatui.access.config import LambdaTuiConfig, load_config
from lambdatui.core.errors import LambdaTuiError

if TYPE_CHECKING:
    from lambdatui.access.credentials import CredentialStore

log = logging.getLogger(__name__)

KINDS = ("static", "keyring", "sso", "assume-role", "credential_process", "other")


@dataclass(frozen=True, slots=True)
class ProfileInfo:
    name: str
    kind: str
    """One of KINDS: how the profile gets its credentials."""
    source: str
    """Where it is defined: file paths (with `~`) and/or `keyring`, joined by ` + `."""
    region: str | None
    read_only: bool


def aws_config_path() -> Path:
    return Path(os.environ.get("AWS_CONFIG_FILE") or "~/.aws/config").expanduser()


def aws_credentials_path() -> Path:
    return Path(os.environ.get("AWS_SHARED_CREDENTIALS_FILE") or "~/.aws/credentials").expanduser()


def shown_path(path: Path) -> str:
    """`path` with the home directory written `~`, as a person would type it."""
    home = Path.home()
    try:
        return f"~/{path.relative_to(home)}"
    except ValueError:
        return str(path)


def _read_ini(path: Path) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, default_section="\0none")
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError, OSError) as exc:
        log.warning("cannot read %s: %s", path, type(exc).__name__)
        return configparser.RawConfigParser()
    return parser


def _sections(path: Path, prefix: str | None) -> dict[str, dict[str, str]]:
    """Sections of an INI file by profile name; `prefix` ('profile') is the config-file style."""
    parser = _read_ini(path)
    found: dict[str, dict[str, str]] = {}
    for section in parser.sections():
        words = section.split()
        if prefix is None:
            name = section.strip()
        elif words == ["default"]:
            name = "default"
        elif len(words) == 2 and words[0] == prefix:
            name = words[1]
        else:
            continue
        found.setdefault(name, {}).update(dict(parser.items(section)))
    return found


def config_profiles() -> dict[str, dict[str, str]]:
    """`[default]` and `[profile NAME]` sections of the AWS config file."""
    return _sections(aws_config_path(), "profile")


def credentials_profiles() -> dict[str, dict[str, str]]:
    return _sections(aws_credentials_path(), None)


def sso_sessions() -> dict[str, dict[str, str]]:
    """`[sso-session NAME]` sections of the AWS config file."""
    return _sections(aws_config_path(), "sso-session")


def profile_region(name: str) -> str | None:
    return config_profiles().get(name, {}).get("region") or None


def profile_kind(config: dict[str, str], credentials: dict[str, str]) -> str:
    """The kind of a file profile, in the order botocore's credential chain tries them."""
    if "role_arn" in config or "role_arn" in credentials:
        return "assume-role"
    if "sso_start_url" in config or "sso_session" in config:
        return "sso"
    if "aws_access_key_id" in credentials:
        return "static"
    if "credential_process" in config or "credential_process" in credentials:
        return "credential_process"
    if "aws_access_key_id" in config:
        return "static"
    return "other"


def keyring_profile_names(store: CredentialStore | None = None) -> list[str]:
    """Profiles stored in the keyring; empty when no usable keyring exists."""
    from lambdatui.access.credentials import CredentialStore

    store = store or CredentialStore()
    try:
        return store.names() if store.available()[0] else []
    except LambdaTuiError as exc:
        log.warning("cannot list keyring profiles: %s", exc)
        return []


def list_profiles(
    store: CredentialStore | None = None, config: LambdaTuiConfig | None = None
) -> list[ProfileInfo]:
    """Every profile, sorted by name. A keyring profile's kind is `keyring` even when the AWS
    config also names it (for its region): the keyring keys are the ones lambdatui signs with."""
    config = config or load_config()
    in_config, in_credentials = config_profiles(), credentials_profiles()
    in_keyring = set(keyring_profile_names(store))
    infos = []
    for name in sorted(set(in_config) | set(in_credentials) | in_keyring):
        cfg, cred = in_config.get(name, {}), in_credentials.get(name, {})
        sources = []
        if name in in_config:
            sources.append(shown_path(aws_config_path()))
        if name in in_credentials:
            sources.append(shown_path(aws_credentials_path()))
        if name in in_keyring:
            sources.append("keyring")
        infos.append(
            ProfileInfo(
                name=name,
                kind="keyring" if name in in_keyring else profile_kind(cfg, cred),
                source=" + ".join(sources),
                region=cfg.get("region") or None,
                read_only=config.is_read_only(name),
            )
        )
    return infos
