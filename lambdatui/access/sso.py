"""SSO profiles: recognise a missing or expired token and tell the user the exact command to run.

`sso_token_problem` looks at the AWS CLI's token cache (`~/.aws/sso/cache/<sha1>.json`, the key
being the `sso_session` name, or the `sso_start_url` of a legacy profile) without calling AWS, so
the app and headless commands can say `aws sso login --profile X` before a call fails.
"""

from __future__ import annotations

import hashlib
import json
import shlex
from datetime import UTC, datetime
from pathlib import Path

from lambdatui.access.config import profile_label
from lambdatui.access.profiles import config_profiles


def sso_login_hint(profile: str | None) -> str:
    """The command that signs `profile` in again (None: AWS_PROFILE or `default`)."""
    return f"aws sso login --profile {shlex.quote(profile_label(profile))}"


def sso_cache_dir() -> Path:
    return Path.home() / ".aws" / "sso" / "cache"


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    text = value.strip().replace("UTC", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def sso_token_problem(profile: str | None, *, now: datetime | None = None) -> str | None:
    """A one-line reason if `profile` is an SSO profile with no usable token, else None.

    An expired access token of an `sso_session` profile that still holds a refresh token is not
    a problem: botocore refreshes it on its own.
    """
    name = profile_label(profile)
    cfg = config_profiles().get(name)
    if cfg is None:
        return None
    if "sso_session" in cfg:
        key = cfg["sso_session"]
    elif "sso_start_url" in cfg:
        key = cfg["sso_start_url"]
    else:
        return None
    hint = sso_login_hint(name)
    path = sso_cache_dir() / f"{hashlib.sha1(key.encode('utf-8')).hexdigest()}.json"
    try:
        token = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return f"profile {name} has no SSO session: run `{hint}`"
    except (OSError, ValueError):
        return None  # unreadable cache: let botocore decide
    if not isinstance(token, dict):
        return None
    now = now or datetime.now(UTC)
    expires = _parse_time(token.get("expiresAt"))
    if expires is None or expires > now:
        return None
    registration = _parse_time(token.get("registrationExpiresAt"))
    refreshable = "sso_session" in cfg and token.get("refreshToken")
    if refreshable and (registration is None or registration > now):
        return None
    return f"the SSO session of profile {name} has expired: run `{hint}`"
