"""Property-based checks of what the user types or writes (issue 12 §5): the config loader, the
region, the endpoint URL and account ids. Arbitrary unicode never raises anything but a
`UsageError`, and nothing AWS would refuse is ever accepted."""

from __future__ import annotations

import argparse
import contextlib
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lambdatui.access.config import SCHEMA, load_config
from lambdatui.aws.regions import known_regions, validate_region
from lambdatui.commands.parser import account_id
from lambdatui.commands.setup import check_endpoint_url
from lambdatui.core.errors import UsageError

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# TOML-ish text: mostly the characters config files are made of, so many examples parse.
toml_text = st.one_of(
    st.text(),
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "[defaults]",
                    "[profiles.prod]",
                    '[profiles."a.b"]',
                    "[pacing]",
                    "[profile.default]",
                    "read_only = true",
                    "read_only = 1",
                    "readonly = true",
                    "scale = 2.5",
                    "scale = -1",
                    "scale = nan",
                    "scale = inf",
                    "profiles.x.read_only = false",
                    "[[defaults]]",
                    "x = [1, 2]",
                ]
            ),
            st.text(max_size=20),
        ),
        max_size=8,
    ).map("\n".join),
)


@FAST
@given(text=toml_text)
def test_the_config_loader_raises_only_usage_errors(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    if not _encodable(text):  # lone surrogates cannot be in a file
        return
    path = tmp_path_factory.mktemp("cfg") / "config.toml"
    path.write_text(text, encoding="utf-8")
    try:
        config = load_config(path)
    except UsageError as exc:
        assert str(exc).startswith(str(path))
        assert "\n" not in str(exc).replace(str(path), "") or "TOML" in str(exc)
        return
    # Whatever loads holds only what the schema knows, of the right types.
    assert isinstance(config.default_read_only, bool)
    assert all(s.read_only in (True, False, None) for s in config.profiles.values())
    assert config.pacing_scale is None or 0 <= config.pacing_scale < float("inf")
    assert set(SCHEMA) == {"defaults", "profiles", "pacing"}


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@FAST
@given(raw=st.binary(max_size=200))
def test_any_bytes_are_a_config_or_a_sentence(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes
) -> None:
    path = tmp_path_factory.mktemp("cfg") / "config.toml"
    path.write_bytes(raw)
    with contextlib.suppress(UsageError):
        load_config(path)


@FAST
@given(name=st.text(max_size=40))
def test_a_region_is_known_or_refused(name: str) -> None:
    try:
        assert validate_region(name) in known_regions()
    except UsageError as exc:
        assert str(exc).startswith("unknown region ")
        assert name not in known_regions()


@FAST
@given(value=st.text(max_size=20))
def test_an_account_id_is_twelve_ascii_digits(value: str) -> None:
    try:
        accepted = account_id(value)
    except argparse.ArgumentTypeError:
        assert not re.fullmatch(r"[0-9]{12}", value)
    else:
        assert accepted == value and re.fullmatch(r"[0-9]{12}", value, re.ASCII)
        assert value.isascii()


@FAST
@given(url=st.one_of(st.text(max_size=40), st.from_regex(r"https?://[^\s]{0,30}", fullmatch=True)))
def test_an_endpoint_url_is_http_or_refused(url: str) -> None:
    try:
        accepted = check_endpoint_url(url)
    except UsageError as exc:
        assert "is not an http(s) URL" in str(exc)
    else:
        assert accepted is not None
        assert accepted.startswith(("http://", "https://"))
        assert not any(c.isspace() for c in accepted)


def test_the_properties_see_both_outcomes(tmp_path: Path) -> None:
    """The probe: the strategies above reach both accepted and refused inputs."""
    assert validate_region("us-east-1") == "us-east-1"
    assert account_id("123456789012") == "123456789012"
    assert check_endpoint_url("http://127.0.0.1:5000") == "http://127.0.0.1:5000"
    (tmp_path / "c.toml").write_text("[pacing]\nscale = 1\n")
    assert load_config(tmp_path / "c.toml").pacing_scale == 1.0
