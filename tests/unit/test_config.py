"""lambdatui's own config file: read-only profiles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lambdatui.access.config import config_path, is_read_only, load_config
from lambdatui.core.errors import UsageError
from tests.keyring_helpers import isolate_home


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return isolate_home(tmp_path, monkeypatch)


def write(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_config_lives_in_the_xdg_config_dir(home: Path) -> None:
    assert config_path() == home / ".config" / "lambdatui" / "config.toml"


def test_no_file_means_nothing_is_read_only(home: Path) -> None:
    assert load_config().profiles == {}
    assert is_read_only("prod") is False and is_read_only(None) is False
    assert not config_path().exists()  # reading never creates the file


def test_marked_profile_is_read_only(home: Path) -> None:
    write('[profiles.prod]\nread_only = true\n\n[profiles."eu.dev"]\nread_only = false\n')
    assert is_read_only("prod") is True
    assert is_read_only("eu.dev") is False
    assert is_read_only("other") is False


def test_defaults_apply_to_unlisted_profiles(home: Path) -> None:
    write("[defaults]\nread_only = true\n\n[profiles.sandbox]\nread_only = false\n\n[profiles.x]\n")
    config = load_config()
    assert config.is_read_only("sandbox") is False
    assert config.is_read_only("anything") is True
    assert config.is_read_only("x") is True  # listed without read_only: follows [defaults]


def test_no_profile_means_aws_profile_or_default(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("[profiles.default]\nread_only = true\n[profiles.prod]\nread_only = true\n")
    assert is_read_only(None) is True
    monkeypatch.setenv("AWS_PROFILE", "dev")
    assert is_read_only(None) is False
    monkeypatch.setenv("AWS_PROFILE", "prod")
    assert is_read_only(None) is True


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[profiles.prod\n", "not valid TOML"),
        ('[profiles.prod]\nread_only = "yes"\n', "profiles.prod.read_only must be true or false"),
        ("[defaults]\nread_only = 1\n", "defaults.read_only must be true or false"),
        ("profiles = 3\n", "[profiles] must be a table"),
    ],
)
def test_a_broken_file_is_a_usage_error_naming_it(home: Path, text: str, reason: str) -> None:
    path = write(text)
    with pytest.raises(UsageError, match=re.escape(reason)) as caught:
        load_config()
    assert str(path) in str(caught.value)
