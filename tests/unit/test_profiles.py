"""The profile list: AWS config and credentials files plus the keyring, with their kinds."""

from __future__ import annotations

from pathlib import Path

import pytest
from keyring.backends import fail

from lambdatui.access.config import load_config
from lambdatui.access.credentials import CredentialStore
from lambdatui.access.profiles import ProfileInfo, list_profiles, profile_region
from tests.keyring_helpers import KEY_ID, SECRET, MemoryKeyring, isolate_home, use_keyring

CONFIG = """
[default]
region = eu-west-1

[profile sso-legacy]
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1
sso_account_id = 123456789012
sso_role_name = ReadOnly
region = us-east-2

[profile sso-new]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = ReadOnly

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[profile admin]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = default

[profile proc]
credential_process = /usr/local/bin/get-creds --with %percent

[profile from-config]
aws_access_key_id = AKIAEXAMPLEEXAMPLE00
aws_secret_access_key = not-read-here

[profile vaulted]
region = ap-south-1

[services ignored]
lambda =
  endpoint_url = http://localhost
"""

CREDENTIALS = """
[default]
aws_access_key_id = AKIAEXAMPLEEXAMPLE01
aws_secret_access_key = x

[creds-only]
aws_access_key_id = AKIAEXAMPLEEXAMPLE02
aws_secret_access_key = y
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = isolate_home(tmp_path, monkeypatch)
    (home / ".aws").mkdir()
    (home / ".aws" / "config").write_text(CONFIG)
    (home / ".aws" / "credentials").write_text(CREDENTIALS)
    return home


@pytest.fixture
def store(home: Path, monkeypatch: pytest.MonkeyPatch) -> CredentialStore:
    use_keyring(monkeypatch, MemoryKeyring())
    store = CredentialStore()
    store.set("vaulted", KEY_ID, SECRET)
    store.set("keyring-only", KEY_ID, SECRET)
    return store


def by_name(infos: list[ProfileInfo]) -> dict[str, ProfileInfo]:
    return {info.name: info for info in infos}


def test_kinds_sources_and_regions(store: CredentialStore) -> None:
    infos = by_name(list_profiles(store))
    assert {name: info.kind for name, info in infos.items()} == {
        "admin": "assume-role",
        "creds-only": "static",
        "default": "static",
        "from-config": "static",
        "keyring-only": "keyring",
        "proc": "credential_process",
        "sso-legacy": "sso",
        "sso-new": "sso",
        "vaulted": "keyring",
    }
    assert infos["default"].source == "~/.aws/config + ~/.aws/credentials"
    assert infos["creds-only"].source == "~/.aws/credentials"
    assert infos["vaulted"].source == "~/.aws/config + keyring"
    assert infos["keyring-only"].source == "keyring"
    assert infos["vaulted"].region == "ap-south-1" and infos["keyring-only"].region is None
    assert infos["sso-legacy"].region == "us-east-2"
    assert list(infos) == sorted(infos)  # sorted by name
    assert profile_region("default") == "eu-west-1"


def test_other_kind_and_profile_default_spelling(home: Path) -> None:
    (home / ".aws" / "config").write_text("[profile default]\nregion = x\n[profile bare]\n")
    (home / ".aws" / "credentials").write_text("")
    infos = by_name(list_profiles(CredentialStore(fail.Keyring())))
    assert infos["default"].kind == "other" and infos["default"].region == "x"
    assert infos["bare"].kind == "other"


def test_read_only_comes_from_lambdatui_config(store: CredentialStore, home: Path) -> None:
    path = home / ".config" / "lambdatui" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text("[profiles.admin]\nread_only = true\n")
    infos = by_name(list_profiles(store, load_config()))
    assert infos["admin"].read_only is True and infos["default"].read_only is False


def test_without_a_keyring_the_files_still_list(home: Path) -> None:
    infos = by_name(list_profiles(CredentialStore(fail.Keyring())))
    assert "keyring-only" not in infos and infos["vaulted"].kind == "other"


def test_a_broken_file_is_skipped(home: Path, store: CredentialStore) -> None:
    (home / ".aws" / "config").write_text("no section header\n[")
    infos = by_name(list_profiles(store))
    assert set(infos) == {"default", "creds-only", "vaulted", "keyring-only"}


def test_env_vars_choose_the_files(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "elsewhere.ini"
    other.write_text("[profile far]\nregion = sa-east-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(other))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
    infos = list_profiles(CredentialStore(fail.Keyring()))
    assert [(i.name, i.source, i.region) for i in infos] == [("far", str(other), "sa-east-1")]
