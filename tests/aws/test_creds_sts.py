"""Keyring profiles against the emulator: signing with the stored key, MFA/AssumeRole, the cache.

How we know which key the emulator saw: moto answers `sts:GetCallerIdentity` with the IAM user
that owns the signing access key (or the assumed-role session that owns a temporary key), and
with a default `user/moto` for a key it does not know. So the tests create an IAM user and key in
moto, store that key with `creds set`, and expect that user's ARN back.
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring

from lambdatui.access.credentials import CredentialStore
from lambdatui.aws.keyring_session import spec_with_keyring
from lambdatui.aws.session import AwsSession, SessionSpec
from lambdatui.commands.creds import add_creds_parser, run_creds
from lambdatui.core import errors
from lambdatui.demo.server import DEMO_ACCOUNT, DEMO_REGION
from tests.keyring_helpers import MemoryKeyring, isolate_home, use_keyring

MFA = f"arn:aws:iam::{DEMO_ACCOUNT}:mfa/alice"
ROLE = f"arn:aws:iam::{DEMO_ACCOUNT}:role/auditor"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return isolate_home(tmp_path, monkeypatch)


@pytest.fixture
def kr(home: Path, monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    return use_keyring(monkeypatch, MemoryKeyring())  # type: ignore[return-value]


@pytest.fixture
def alice(boto: Callable[[str], Any]) -> dict[str, str]:
    """An IAM user in the emulator and its access key."""
    iam = boto("iam")
    user = iam.create_user(UserName="alice")["User"]
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    return {
        "arn": user["Arn"],
        "user_id": user["UserId"],
        "key_id": key["AccessKeyId"],
        "secret": key["SecretAccessKey"],
    }


def creds_cli(*argv: str, stdin: str = "", **kwargs: Any) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="lambdatui")
    add_creds_parser(parser.add_subparsers(dest="command"))
    out, err = io.StringIO(), io.StringIO()
    args = parser.parse_args(["creds", *argv])
    code = run_creds(args, stdin=io.StringIO(stdin), stdout=out, stderr=err, **kwargs)
    return code, out.getvalue(), err.getvalue()


def spec_for(endpoint: str, profile: str | None) -> SessionSpec:
    return SessionSpec(profile=profile, region=DEMO_REGION, endpoint_url=endpoint, pace=False)


class Asker:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, serial: str) -> str:
        self.asked.append(serial)
        return "123456"


def test_requests_are_signed_with_the_stored_key(
    kr: MemoryKeyring, endpoint: str, alice: dict[str, str]
) -> None:
    assert creds_cli("set", "dev", stdin=f"{alice['key_id']}\n{alice['secret']}\n")[0] == 0
    spec = spec_with_keyring(spec_for(endpoint, "dev"))
    assert spec.profile is None and spec.access_key_id == alice["key_id"]
    assert spec.session_token is None and spec.region == DEMO_REGION
    assert alice["secret"] not in repr(spec) and alice["secret"] not in str(spec)
    identity = AwsSession(spec).identity()
    assert (identity.arn, identity.user_id) == (alice["arn"], alice["user_id"])
    # the control: a key moto does not know is answered with its default identity
    other = AwsSession(
        SessionSpec(
            region=DEMO_REGION,
            endpoint_url=endpoint,
            access_key_id="AKIAUNKNOWNUNKNOWN00",
            secret_access_key="x",
            pace=False,
        )
    )
    assert other.identity().arn == f"arn:aws:sts::{DEMO_ACCOUNT}:user/moto"


def test_a_file_backed_keyring_works_the_same(
    home: Path, tmp_path: Path, endpoint: str, alice: dict[str, str]
) -> None:
    plain = PlaintextKeyring()
    plain.file_path = str(tmp_path / "test-keyring" / "keyring_pass.cfg")  # type: ignore[misc]
    store = CredentialStore(plain)  # chosen in code: the test accepts a plaintext file
    keys = f"{alice['key_id']}\n{alice['secret']}\n"
    assert creds_cli("set", "dev", stdin=keys, store=store)[0] == 0
    assert Path(plain.file_path).exists()
    spec = spec_with_keyring(spec_for(endpoint, "dev"), store)
    assert AwsSession(spec).identity().arn == alice["arn"]


def test_mfa_session_token_is_cached_then_refreshed(
    kr: MemoryKeyring, endpoint: str, alice: dict[str, str]
) -> None:
    keys = f"{alice['key_id']}\n{alice['secret']}\n"
    assert creds_cli("set", "dev", "--mfa-serial", MFA, stdin=keys)[0] == 0
    ask = Asker()
    first = spec_with_keyring(spec_for(endpoint, "dev"), ask_mfa=ask)
    assert ask.asked == [MFA] and first.session_token
    assert first.access_key_id != alice["key_id"]  # a temporary key from GetSessionToken
    assert AwsSession(first).identity().account == DEMO_ACCOUNT
    assert "cached until" in creds_cli("show", "dev")[1]

    soon = datetime.now(UTC) + timedelta(hours=1)
    assert spec_with_keyring(spec_for(endpoint, "dev"), ask_mfa=ask, now=soon) == first
    assert ask.asked == [MFA]  # the next start asks nothing

    near_expiry = datetime.now(UTC) + timedelta(hours=12) - timedelta(minutes=4)
    spec_with_keyring(spec_for(endpoint, "dev"), ask_mfa=ask, now=near_expiry)
    assert ask.asked == [MFA, MFA]  # within 5 minutes of expiry: a new session


def test_assume_role_with_mfa(kr: MemoryKeyring, endpoint: str, alice: dict[str, str]) -> None:
    keys = f"{alice['key_id']}\n{alice['secret']}\n"
    assert creds_cli("set", "prod", "--mfa-serial", MFA, "--role-arn", ROLE, stdin=keys)[0] == 0
    ask = Asker()
    spec = spec_with_keyring(spec_for(endpoint, "prod"), ask_mfa=ask)
    assert ask.asked == [MFA] and spec.access_key_id and spec.access_key_id.startswith("ASIA")
    identity = AwsSession(spec).identity()
    assert identity.arn == f"arn:aws:sts::{DEMO_ACCOUNT}:assumed-role/auditor/lambdatui-prod"


def test_mfa_with_no_one_to_ask_is_a_clear_error(
    kr: MemoryKeyring, endpoint: str, alice: dict[str, str]
) -> None:
    keys = f"{alice['key_id']}\n{alice['secret']}\n"
    creds_cli("set", "dev", "--mfa-serial", MFA, stdin=keys)
    with pytest.raises(errors.UsageError, match=r"MFA code for .* is needed"):
        spec_with_keyring(spec_for(endpoint, "dev"))


def test_sts_failure_is_a_typed_error(kr: MemoryKeyring, alice: dict[str, str]) -> None:
    keys = f"{alice['key_id']}\n{alice['secret']}\n"
    creds_cli("set", "prod", "--role-arn", ROLE, stdin=keys)
    with pytest.raises(errors.Unreachable) as caught:
        spec_with_keyring(spec_for("http://127.0.0.1:9", "prod"))
    assert alice["secret"] not in str(caught.value)


def test_profiles_that_are_not_in_the_keyring_are_left_alone(
    kr: MemoryKeyring, endpoint: str
) -> None:
    for spec in (
        spec_for(endpoint, None),
        spec_for(endpoint, "not-stored"),
        spec_for(endpoint, "name@with-at"),  # valid for AWS, not a keyring name
        SessionSpec(profile="dev", access_key_id="AKIADEMODEMODEMO0000", secret_access_key="s"),
    ):
        assert spec_with_keyring(spec) is spec


def test_no_keyring_falls_back_to_the_aws_chain_and_says_why(
    home: Path, endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (home / ".aws").mkdir()
    (home / ".aws" / "config").write_text("[profile known]\nregion = eu-west-1\n")
    warnings: list[str] = []
    store = CredentialStore(fail.Keyring())
    spec = spec_for(endpoint, "unknown")
    assert spec_with_keyring(spec, store, warn=warnings.append) is spec
    assert len(warnings) == 1 and "no usable keyring" in warnings[0]
    spec = spec_for(endpoint, "known")
    assert spec_with_keyring(spec, store, warn=warnings.append) is spec
    assert len(warnings) == 1  # the AWS files know this one: nothing to say


def test_region_comes_from_the_aws_config_profile(
    kr: MemoryKeyring, home: Path, endpoint: str, alice: dict[str, str]
) -> None:
    (home / ".aws").mkdir()
    (home / ".aws" / "config").write_text("[profile dev]\nregion = eu-west-3\n")
    creds_cli("set", "dev", stdin=f"{alice['key_id']}\n{alice['secret']}\n")
    spec = SessionSpec(profile="dev", endpoint_url=endpoint, pace=False)
    assert spec_with_keyring(spec).region == "eu-west-3"


def test_keyring_profile_named_by_aws_profile(
    kr: MemoryKeyring, endpoint: str, alice: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    creds_cli("set", "dev", stdin=f"{alice['key_id']}\n{alice['secret']}\n")
    monkeypatch.setenv("AWS_PROFILE", "dev")
    spec = spec_with_keyring(spec_for(endpoint, None))
    assert spec.access_key_id == alice["key_id"]
    assert AwsSession(spec).identity().arn == alice["arn"]
