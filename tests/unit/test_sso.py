"""SSO profiles: a missing or expired token is recognised, with the exact command to run."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lambdatui.access.sso import sso_login_hint, sso_token_problem
from tests.keyring_helpers import isolate_home

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
CONFIG = """
[profile legacy]
sso_start_url = https://example.awsapps.com/start
[profile modern]
sso_session = corp
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
[profile static]
region = eu-west-1
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = isolate_home(tmp_path, monkeypatch)
    (home / ".aws").mkdir()
    (home / ".aws" / "config").write_text(CONFIG)
    return home


def cache_token(home: Path, key: str, **fields: object) -> None:
    cache = home / ".aws" / "sso" / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha1(key.encode()).hexdigest()
    (cache / f"{name}.json").write_text(json.dumps({"accessToken": "t", **fields}))


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_login_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    assert sso_login_hint("corp-admin") == "aws sso login --profile corp-admin"
    assert sso_login_hint(None) == "aws sso login --profile default"
    monkeypatch.setenv("AWS_PROFILE", "from-env")
    assert sso_login_hint(None) == "aws sso login --profile from-env"


def test_missing_token(home: Path) -> None:
    problem = sso_token_problem("legacy", now=NOW)
    assert problem == "profile legacy has no SSO session: run `aws sso login --profile legacy`"


def test_valid_and_expired_legacy_token(home: Path) -> None:
    url = "https://example.awsapps.com/start"
    cache_token(home, url, expiresAt=stamp(NOW + timedelta(hours=1)))
    assert sso_token_problem("legacy", now=NOW) is None
    cache_token(home, url, expiresAt=stamp(NOW - timedelta(minutes=1)))
    problem = sso_token_problem("legacy", now=NOW)
    assert problem is not None and "has expired" in problem
    assert problem.endswith("`aws sso login --profile legacy`")


def test_sso_session_token_with_refresh_is_fine(home: Path) -> None:
    expired = stamp(NOW - timedelta(hours=1))
    cache_token(
        home,
        "corp",
        expiresAt=expired,
        refreshToken="r",
        registrationExpiresAt=stamp(NOW + timedelta(days=30)),
    )
    assert sso_token_problem("modern", now=NOW) is None
    cache_token(
        home,
        "corp",
        expiresAt=expired,
        refreshToken="r",
        registrationExpiresAt=stamp(NOW - timedelta(days=1)),
    )
    assert "has expired" in (sso_token_problem("modern", now=NOW) or "")
    cache_token(home, "corp", expiresAt=expired.replace("Z", "UTC"))
    assert "has expired" in (sso_token_problem("modern", now=NOW) or "")


def test_not_sso_profiles_have_no_problem(home: Path) -> None:
    assert sso_token_problem("static", now=NOW) is None
    assert sso_token_problem("unknown", now=NOW) is None
