"""The command line as a user meets it: version, help, usage errors, one line per error.

Issue 9 (command line) and issue 12 §5 (input from the command line checked).
"""

from __future__ import annotations

import argparse

import pytest

from lambdatui.commands.main import main
from lambdatui.commands.parser import build_parser


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's own exits (--help, --version, usage errors)
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.startswith("lambdatui ") and out.split()[1][0].isdigit()


@pytest.mark.parametrize("argv", [["--help"], ["audit", "--help"], ["fix", "--help"]])
def test_help_lists_the_exit_codes(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert "exit codes:" in out
    for line in ("  0  success", "  1  audit: a finding at or above --fail-on", "  2  usage"):
        assert line in out


def test_every_audit_option_has_help_text() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    audit = sub.choices["audit"]
    options = [a for a in audit._actions if a.option_strings and a.dest != "help"]
    assert len(options) >= 10  # the probe sees the options
    missing = [a.option_strings[0] for a in options if not a.help]
    assert missing == []


def test_an_unknown_audit_option_shows_the_audit_usage(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "audit", "--bogus")
    assert code == 2 and out == ""
    assert err.startswith("usage: lambdatui audit ")
    assert "lambdatui audit: error: unrecognized arguments: --bogus" in err


def test_an_unknown_creds_option_shows_the_creds_set_usage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "creds", "set", "dev", "--bogus")
    assert code == 2 and err.startswith("usage: lambdatui creds set ")


@pytest.mark.parametrize("backend", ["no usable keyring", "a keyring without it"])
def test_an_unknown_profile_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, backend: str
) -> None:
    from keyrings.alt.file import PlaintextKeyring

    from tests.keyring_helpers import MemoryKeyring, use_keyring

    # The first is what a headless machine offers: a backend keyring does not recommend.
    use_keyring(monkeypatch, PlaintextKeyring() if backend.startswith("no") else MemoryKeyring())
    code, out, err = run(capsys, "--profile", "doesnotexist", "audit", "--region", "us-east-1")
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith("lambdatui: unknown profile 'doesnotexist'")
    assert "PlaintextKeyring" not in err and "keyring does not recommend" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["audit", "--region", "nowhere-1"],
        ["audit", "--demo", "--region", "nowhere-1"],
        ["--region", "nowhere-1", "audit", "--demo"],
        ["fix", "--dry-run", "--region", "nowhere-1"],
    ],
)
def test_an_unknown_region_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("lambdatui: unknown region 'nowhere-1' (")
    assert err.count("\n") == 1


def test_a_region_typo_gets_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "audit", "--region", "us-eats-1")
    assert code == 2 and "did you mean us-east-1" in err


def test_the_demo_says_it_has_one_region(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "audit", "--demo", "--region", "eu-west-1")
    assert code == 2 and out == ""
    assert "the demo account has functions in us-east-1 only" in err


@pytest.mark.parametrize(
    "url", ["foo", "ftp://example.com", "http://", "localhost:5000", "http://host:99999"]
)
def test_an_endpoint_url_that_is_not_http_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    code, out, err = run(capsys, "audit", "--region", "us-east-1", "--endpoint-url", url)
    assert code == 2 and out == ""
    assert "is not an http(s) URL" in err and err.count("\n") == 1
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "account",
    [
        "12345678901",
        "abc",
        "1234567890123",
        "\uff11" * 12,  # fullwidth digits: `\\d` takes them, AWS does not
        "\u0661" * 12,  # Arabic-Indic digits
    ],
)
def test_trusted_account_must_be_twelve_ascii_digits(
    capsys: pytest.CaptureFixture[str], account: str
) -> None:
    code, _, err = run(capsys, "audit", "--demo", "--trusted-account", account)
    assert code == 2
    assert "is not an AWS account id (12 digits)" in err


def test_trusted_account_accepts_twelve_digits() -> None:
    args = build_parser().parse_args(["audit", "--trusted-account", "123456789012"])
    assert args.trusted_account == ["123456789012"]


def test_a_bad_aws_endpoint_url_variable_is_named(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "localhost:4566")
    code, _, err = run(capsys, "audit", "--region", "us-east-1")
    assert code == 2
    assert err == (
        "lambdatui: AWS_ENDPOINT_URL 'localhost:4566' is not an http(s) URL "
        "(e.g. http://localhost:5000)\n"
    )


def test_an_unknown_aws_profile_variable_is_named(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.keyring_helpers import MemoryKeyring, use_keyring

    use_keyring(monkeypatch, MemoryKeyring())
    monkeypatch.setenv("AWS_PROFILE", "gone")
    code, _, err = run(capsys, "audit", "--region", "us-east-1")
    assert code == 2
    assert err.startswith("lambdatui: unknown profile 'gone' (from AWS_PROFILE): not defined in ")


def test_no_region_anywhere_says_where_one_can_be_given(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    code, out, err = run(capsys, "audit", "--endpoint-url", "http://127.0.0.1:9")
    assert code == 2 and out == ""
    assert err == (
        "lambdatui: no region configured: pass --region, set AWS_REGION, or give the profile a "
        "region in ~/.aws/config\n"
    )
