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


# -- the schema: the file fails closed (issue 12 §1) ------------------------------------------------
@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "[profile.default]\nread_only = true\n",
            1,
            "unknown section [profile] (did you mean 'profiles'?)",
        ),
        (
            "[default]\nread_only = true\n",
            1,
            "unknown section [default] (did you mean 'defaults'?)",
        ),
        (
            "[defaults]\nreadonly = true\n",
            2,
            "unknown key 'readonly' in [defaults] (did you mean 'read_only'?)",
        ),
        (
            "[defaults]\nread-only = true\n",
            2,
            "unknown key 'read-only' in [defaults] (did you mean 'read_only'?)",
        ),
        (
            "# prod\n\n[profiles.prod]\nreadonly = true\n",
            4,
            "unknown key 'readonly' in [profiles.prod] (did you mean 'read_only'?)",
        ),
        (
            '[profiles."eu.prod"]\nread-only = true\n',
            2,
            "unknown key 'read-only' in [profiles.eu.prod]",
        ),
        ("readonly = true\n", 1, "unknown section [readonly]"),
        ("[pacing]\nscale = -1\n", 2, "pacing.scale must be a number ≥ 0, not -1"),
        ('[pacing]\nscale = "fast"\n', 2, "pacing.scale must be a number ≥ 0, not 'fast'"),
        ("[pacing]\nscale = true\n", 2, "pacing.scale must be a number ≥ 0, not True"),
        ("[pacing]\nscale = inf\n", 2, "pacing.scale must be a number ≥ 0, not inf"),
        ("[pacing]\nscale = nan\n", 2, "pacing.scale must be a number ≥ 0, not nan"),
        ("[pacing]\nrate = 2\n", 2, "unknown key 'rate' in [pacing] (did you mean 'scale'?)"),
        ("[profiles]\nprod = true\n", 2, "[profiles.prod] must be a table"),
        ("[defaults]\nread_only = 1\n", 2, "defaults.read_only must be true or false, not 1"),
        ("profiles.prod.readonly = true\n", 1, "unknown key 'readonly' in [profiles.prod]"),
    ],
)
def test_anything_the_schema_does_not_know_is_an_error_with_its_line(
    home: Path, text: str, line: int, message: str
) -> None:
    path = write(text)
    with pytest.raises(UsageError) as caught:
        load_config()
    assert str(caught.value).startswith(f"{path}:{line}: {message}")


def test_a_typo_never_leaves_a_profile_writable(home: Path) -> None:
    """The failure that was: `readonly = true` ignored, then `fix --yes` wrote."""
    write("[profiles.default]\nreadonly = true\n")
    with pytest.raises(UsageError):
        is_read_only("default")


def test_pacing_scale_is_read(home: Path) -> None:
    write("[pacing]\nscale = 0\n")
    assert load_config().pacing_scale == 0.0
    write("[pacing]\nscale = 2.5\n")
    assert load_config().pacing_scale == 2.5
    write("[defaults]\nread_only = false\n")
    assert load_config().pacing_scale is None


def test_a_non_utf8_file_is_a_sentence(home: Path) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"[defaults]\nread_only = \xff\n")
    with pytest.raises(UsageError) as caught:
        load_config()
    assert str(caught.value) == f"{path}:2: not UTF-8 text (byte 0xff); save it as UTF-8"


def test_the_cli_exits_2_on_a_config_typo(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from lambdatui.commands.main import main

    path = write("[profiles.default]\nread-only = true\n")
    code = main(["fix", "--yes", "--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:9"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err == (
        f"lambdatui: {path}:2: unknown key 'read-only' in [profiles.default] "
        "(did you mean 'read_only'?)\n"
    )
