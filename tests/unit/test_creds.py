"""The keyring store: validation, layout, the backend check, and resolve() with a fake STS."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import keyring.errors
import pytest
from keyring.backends import chainer, fail, null
from keyrings.alt.file import PlaintextKeyring

from lambdatui.access.credentials import (
    SERVICE,
    CredentialError,
    Credentials,
    CredentialStore,
    KeyringUnavailable,
    keyring_available,
    mask_key_id,
    resolve,
    validate_key_id,
    validate_profile_name,
    validate_secret,
)
from tests.keyring_helpers import KEY_ID, SECRET, MemoryKeyring, isolate_home, use_keyring

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
MFA = "arn:aws:iam::123456789012:mfa/alice"
ROLE = "arn:aws:iam::210987654321:role/auditor"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return isolate_home(tmp_path, monkeypatch)


@pytest.fixture
def kr(home: Path, monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    return use_keyring(monkeypatch, MemoryKeyring())  # type: ignore[return-value]


@pytest.fixture
def store(kr: MemoryKeyring) -> CredentialStore:
    return CredentialStore()


class FakeSts:
    """Records STS calls and answers with numbered temporary keys."""

    def __init__(self, lifetime: timedelta = timedelta(hours=1)) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.made_with: list[Credentials] = []
        self.lifetime = lifetime

    def factory(self, creds: Credentials) -> FakeSts:
        self.made_with.append(creds)
        return self

    def _answer(self) -> dict[str, Any]:
        n = len(self.calls) - 1
        return {
            "Credentials": {
                "AccessKeyId": f"ASIATEMPORARY{n:07d}",
                "SecretAccessKey": f"temp-secret-{n}",
                "SessionToken": f"token-{n}",
                "Expiration": NOW + self.lifetime,
            }
        }

    def get_session_token(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(("GetSessionToken", kwargs))
        return self._answer()

    def assume_role(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(("AssumeRole", kwargs))
        return self._answer()


class Asker:
    def __init__(self, code: str = "123456") -> None:
        self.code, self.asked = code, []

    def __call__(self, serial: str) -> str:
        self.asked.append(serial)
        return self.code


# -- validation ---------------------------------------------------------------------------------
def test_mask_key_id() -> None:
    assert mask_key_id("AKIAIOSFODNN7EXAMPLE") == "AKIA…MPLE"
    assert mask_key_id("short") == "…"


@pytest.mark.parametrize("name", ["", "a b", "x" * 65, "a/b", "prod;rm", "ü"])
def test_bad_profile_names(name: str) -> None:
    with pytest.raises(CredentialError, match="invalid profile name"):
        validate_profile_name(name)


@pytest.mark.parametrize("name", ["default", "prod-eu.1", "A_b", "x" * 64])
def test_good_profile_names(name: str) -> None:
    assert validate_profile_name(name) == name


@pytest.mark.parametrize(
    "key_id", ["", "akiaiosfodnn7example", "AKIA123", "ABCDIOSFODNN7EXAMPLE", SECRET]
)
def test_malformed_key_id_is_refused_without_echo(key_id: str) -> None:
    with pytest.raises(CredentialError, match="malformed access key id") as caught:
        validate_key_id(key_id)
    if key_id:
        assert key_id not in str(caught.value)


def test_key_ids_and_secret_are_stripped() -> None:
    assert validate_key_id(f" {KEY_ID}\n") == KEY_ID
    assert validate_key_id("ASIAIOSFODNN7EXAMPLE").startswith("ASIA")
    assert validate_secret(f"{SECRET}\n") == SECRET
    with pytest.raises(CredentialError, match="empty"):
        validate_secret("  \n")


def test_reprs_hide_the_secret(store: CredentialStore) -> None:
    entry = store.set("dev", KEY_ID, SECRET)
    creds = Credentials(KEY_ID, SECRET, "a-token")
    for text in (repr(entry), str(entry), repr(creds), str(creds)):
        assert SECRET not in text and "a-token" not in text


# -- the store ----------------------------------------------------------------------------------
def test_set_get_list_remove(store: CredentialStore, kr: MemoryKeyring) -> None:
    store.set("prod", KEY_ID, SECRET, mfa_serial=MFA, role_arn=ROLE)
    store.set("dev", "AKIAAAAAAAAAAAAAAAAA", "other")
    assert store.names() == ["dev", "prod"]
    prod = store.get("prod")
    assert prod is not None and prod.secret_access_key == SECRET
    assert (prod.mfa_serial, prod.role_arn) == (MFA, ROLE)
    assert [p.name for p in store.list()] == ["dev", "prod"]
    stored = json.loads(kr.entries[(SERVICE, "profile:prod")])
    assert stored["access_key_id"] == KEY_ID
    assert json.loads(kr.entries[(SERVICE, "_index")]) == ["dev", "prod"]
    assert store.remove("prod") is True
    assert store.remove("prod") is False
    assert store.get("prod") is None and store.names() == ["dev"]


def test_set_rejects_bad_mfa_and_role(store: CredentialStore) -> None:
    with pytest.raises(CredentialError, match="MFA serial"):
        store.set("dev", KEY_ID, SECRET, mfa_serial="x")
    with pytest.raises(CredentialError, match="role ARN"):
        store.set("dev", KEY_ID, SECRET, role_arn="arn:aws:iam::1:user/bob")
    assert store.names() == []


def test_keyring_errors_become_plain_messages(store: CredentialStore, kr: MemoryKeyring) -> None:
    def broken(*_: Any) -> None:
        raise keyring.errors.KeyringLocked("locked")

    kr.set_password = broken  # type: ignore[method-assign]
    with pytest.raises(KeyringUnavailable, match="refused a write") as caught:
        store.set("dev", KEY_ID, SECRET)
    assert SECRET not in str(caught.value)


# -- is there a usable keyring? -----------------------------------------------------------------
@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()])
def test_fail_and_null_backends_are_unusable(backend: Any, home: Path) -> None:
    ok, why = keyring_available(backend)
    assert not ok and "no keyring backend" in why
    with pytest.raises(KeyringUnavailable, match="no usable keyring"):
        CredentialStore(backend).set("dev", KEY_ID, SECRET)


def test_empty_chainer_is_unusable(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    ok, why = keyring_available(chainer.ChainerBackend())
    assert not ok and "headless" in why


def test_plaintext_backend_is_refused_unless_chosen(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = PlaintextKeyring()
    plain.file_path = str(home / "keyring.cfg")  # type: ignore[misc]
    use_keyring(monkeypatch, plain)  # as if keyring had picked it on its own
    ok, why = keyring_available()
    assert not ok and "PYTHON_KEYRING_BACKEND" in why
    with pytest.raises(KeyringUnavailable):
        CredentialStore().set("dev", KEY_ID, SECRET)
    assert not (home / "keyring.cfg").exists()
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    assert keyring_available()[0]
    assert keyring_available(plain)[0]  # handed over in code: the caller chose it


def test_memory_keyring_is_usable(kr: MemoryKeyring) -> None:
    assert keyring_available() == (True, "tests.keyring_helpers.MemoryKeyring")


# -- resolve --------------------------------------------------------------------------------------
def test_static_keys_need_no_sts(store: CredentialStore) -> None:
    store.set("dev", KEY_ID, SECRET)
    sts = FakeSts()
    creds = store.resolve("dev", sts_client_factory=sts.factory, ask_mfa=Asker(), now=NOW)
    assert creds == Credentials(KEY_ID, SECRET)
    assert sts.calls == []


def test_unknown_profile_resolves_to_none(store: CredentialStore) -> None:
    sts = FakeSts()
    assert resolve("nope", sts_client_factory=sts.factory, ask_mfa=Asker(), now=NOW) is None


def test_mfa_session_is_asked_once_and_cached(store: CredentialStore) -> None:
    store.set("dev", KEY_ID, SECRET, mfa_serial=MFA)
    sts, ask = FakeSts(), Asker()
    first = store.resolve("dev", sts_client_factory=sts.factory, ask_mfa=ask, now=NOW)
    assert sts.calls == [("GetSessionToken", {"SerialNumber": MFA, "TokenCode": "123456"})]
    assert sts.made_with == [Credentials(KEY_ID, SECRET)]  # STS is called with the stored keys
    assert first is not None and first.session_token == "token-0"
    again = store.resolve("dev", sts_client_factory=sts.factory, ask_mfa=ask, now=NOW)
    assert again == first and ask.asked == [MFA] and len(sts.calls) == 1


def test_cached_session_is_refreshed_five_minutes_before_expiry(store: CredentialStore) -> None:
    store.set("dev", KEY_ID, SECRET, mfa_serial=MFA)
    sts, ask = FakeSts(), Asker()
    first = store.resolve("dev", sts_client_factory=sts.factory, ask_mfa=ask, now=NOW)
    assert first is not None and first.expiration == NOW + timedelta(hours=1)
    still = NOW + timedelta(minutes=54)
    assert store.resolve("dev", sts_client_factory=sts.factory, ask_mfa=ask, now=still) == first
    late = NOW + timedelta(minutes=55)
    renewed = store.resolve("dev", sts_client_factory=sts.factory, ask_mfa=ask, now=late)
    assert renewed is not None and renewed.access_key_id != first.access_key_id
    assert len(ask.asked) == 2 and len(sts.calls) == 2


def test_role_with_mfa_assumes_the_role(store: CredentialStore) -> None:
    store.set("prod", KEY_ID, SECRET, mfa_serial=MFA, role_arn=ROLE)
    sts = FakeSts()
    store.resolve("prod", sts_client_factory=sts.factory, ask_mfa=Asker("654321"), now=NOW)
    assert sts.calls == [
        (
            "AssumeRole",
            {
                "RoleArn": ROLE,
                "RoleSessionName": "lambdatui-prod",
                "SerialNumber": MFA,
                "TokenCode": "654321",
            },
        )
    ]


def test_role_without_mfa_asks_nothing(store: CredentialStore) -> None:
    store.set("prod", KEY_ID, SECRET, role_arn=ROLE)
    sts, ask = FakeSts(), Asker()
    store.resolve("prod", sts_client_factory=sts.factory, ask_mfa=ask, now=NOW)
    assert sts.calls[0][1] == {"RoleArn": ROLE, "RoleSessionName": "lambdatui-prod"}
    assert ask.asked == []


def test_changing_the_profile_drops_the_cached_session(store: CredentialStore) -> None:
    store.set("dev", KEY_ID, SECRET, mfa_serial=MFA)
    sts, ask = FakeSts(), Asker()
    store.resolve("dev", sts_client_factory=sts.factory, ask_mfa=ask, now=NOW)
    store.set("dev", KEY_ID, SECRET, mfa_serial=MFA, role_arn=ROLE)
    store.resolve("dev", sts_client_factory=sts.factory, ask_mfa=ask, now=NOW)
    assert [call for call, _ in sts.calls] == ["GetSessionToken", "AssumeRole"]


def test_a_bad_mfa_code_is_refused_before_sts(store: CredentialStore) -> None:
    store.set("dev", KEY_ID, SECRET, mfa_serial=MFA)
    sts = FakeSts()
    with pytest.raises(CredentialError, match="6 digits"):
        store.resolve("dev", sts_client_factory=sts.factory, ask_mfa=Asker("12ab"), now=NOW)
    assert sts.calls == []


@pytest.mark.parametrize(
    ("check", "value"),
    [
        ("validate_mfa_code", "\uff11" * 6),  # fullwidth digits
        ("validate_mfa_code", "\u0661" * 6),  # Arabic-Indic digits
        ("validate_role_arn", "arn:aws:iam::" + "\uff11" * 12 + ":role/auditor"),
        ("validate_role_arn", "arn:aws:iam::123456789012:role/audit\u00e9r"),
        ("validate_mfa_serial", "arn:aws:iam::123456789012:mfa/\u00e9lise"),
    ],
)
def test_credential_input_is_checked_with_ascii_patterns(check: str, value: str) -> None:
    """AWS accepts only ASCII digits and names; `\\d`/`\\w` would take other scripts' digits."""
    from lambdatui.access import credential_input

    with pytest.raises(credential_input.CredentialError):
        getattr(credential_input, check)(value)
