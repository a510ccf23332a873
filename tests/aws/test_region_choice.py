"""The region: chosen in the AWS CLI's order, checked against botocore's partition data, and
named with its source (issue 9, defects 2 and 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lambdatui.aws.regions import choose_region, known_regions, partition_of, validate_region
from lambdatui.commands.main import main
from lambdatui.core.errors import UsageError
from lambdatui.demo.server import DEMO_CREDENTIALS


@pytest.fixture
def aws_files(private_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An AWS config whose default profile says eu-west-2, and the demo's keys beside it."""
    aws = private_home / ".aws"
    aws.mkdir()
    (aws / "config").write_text(
        "[default]\nregion = eu-west-2\n\n[profile other]\nregion = ap-south-1\n"
    )
    (aws / "credentials").write_text(
        "[default]\n"
        f"aws_access_key_id = {DEMO_CREDENTIALS['access_key_id']}\n"
        f"aws_secret_access_key = {DEMO_CREDENTIALS['secret_access_key']}\n"
    )
    monkeypatch.setenv("AWS_CONFIG_FILE", str(aws / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(aws / "credentials"))
    return aws


def test_the_aws_cli_order(aws_files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert choose_region(None, None).region == "eu-west-2"
    assert choose_region(None, None).source == "profile default in ~/.aws/config"
    assert choose_region(None, "other").region == "ap-south-1"
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-west-1")
    assert (choose_region(None, None).region, choose_region(None, None).source) == (
        "us-west-1",
        "AWS_DEFAULT_REGION",
    )
    monkeypatch.setenv("AWS_REGION", "eu-north-1")
    assert (choose_region(None, None).region, choose_region(None, None).source) == (
        "eu-north-1",
        "AWS_REGION",
    )
    chosen = choose_region("ca-central-1", None)
    assert (chosen.region, chosen.source) == ("ca-central-1", "--region")


def test_no_region_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = choose_region(None, None)
    assert chosen.region is None and chosen.source == "none"


def test_a_bad_region_says_where_it_came_from(
    aws_files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_REGION", "eu-wset-1")
    with pytest.raises(UsageError, match=r"^AWS_REGION: unknown region 'eu-wset-1' \(did you mean"):
        choose_region(None, None)
    monkeypatch.delenv("AWS_REGION")
    (aws_files / "config").write_text("[default]\nregion = mars-1\n")
    with pytest.raises(UsageError, match=r"^profile default in .*config: unknown region 'mars-1'"):
        choose_region(None, None)


def test_known_regions_are_botocores() -> None:
    import botocore.loaders

    data = botocore.loaders.create_loader().load_data("partitions")
    listed = {
        name
        for partition in data["partitions"]
        for name in partition["regions"]
        if not name.endswith("-global")
    }
    assert set(known_regions()) == listed
    assert {"us-east-1", "il-central-1", "cn-north-1", "us-gov-west-1"} <= listed
    assert "aws-global" not in known_regions()
    assert "cn-north-1" not in known_regions("aws")
    assert partition_of("cn-north-1") == "aws-cn"
    assert validate_region("mx-central-1") == "mx-central-1"


def test_the_ui_region_picker_uses_botocores_list() -> None:
    """The palette's region list is botocore's commercial partition, not a hand-kept one."""
    import lambdatui.core.regions as core_regions

    assert not hasattr(core_regions, "KNOWN_REGIONS")
    source = (Path(__file__).parents[2] / "lambdatui/ui/commands.py").read_text()
    assert 'known_regions("aws")' in source


def audit_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict, str]:
    code = main(["audit", *argv])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def test_audit_reads_the_region_of_aws_region(
    aws_files: Path,
    endpoint: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("AWS_REGION", "eu-central-1")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-west-2")
    code, report, err = audit_json(capsys, "--endpoint-url", endpoint, "--verbose")
    assert code == 0
    assert report["regions"] == ["eu-central-1"]
    assert "region eu-central-1 (from AWS_REGION)" in err


def test_audit_reads_the_region_of_the_config_file(
    aws_files: Path, endpoint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report, err = audit_json(capsys, "--endpoint-url", endpoint, "--verbose")
    assert code == 0
    assert report["regions"] == ["eu-west-2"]
    assert "region eu-west-2 (from profile default in ~/.aws/config)" in err


def test_the_session_spec_carries_the_source(
    aws_files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import argparse

    from lambdatui.commands.setup import session_spec

    monkeypatch.setenv("AWS_DEFAULT_REGION", "sa-east-1")
    spec = session_spec(argparse.Namespace(profile=None, endpoint_url=None), None, False)
    assert (spec.region, spec.region_source) == ("sa-east-1", "AWS_DEFAULT_REGION")
