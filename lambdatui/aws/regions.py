"""Regions: which exist (botocore's partition data), which one the user meant, which to read.

The list of regions comes from botocore's `data/partitions.json`, the file botocore itself resolves
endpoints with, so it is as current as the installed botocore and never hand-kept. The file is read
as JSON found beside botocore's package (without importing botocore), so the UI's region picker can
use it and still never load the AWS SDK.

The region a session uses is chosen in the AWS CLI's order: `--region`, `AWS_REGION`,
`AWS_DEFAULT_REGION`, then the profile's `region` in the AWS config file.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lambdatui.core.errors import AwsError, UsageError
from lambdatui.core.regions import DEFAULT_ENABLED_REGIONS

if TYPE_CHECKING:
    from lambdatui.aws.session import AwsSession

REGION_ENV_VARS = ("AWS_REGION", "AWS_DEFAULT_REGION")


@cache
def _partitions() -> tuple[dict[str, Any], ...]:
    spec = importlib.util.find_spec("botocore")
    if spec is None or not spec.submodule_search_locations:
        return ()
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "partitions.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    return tuple(data.get("partitions", ()))


@cache
def known_regions(partition: str | None = None) -> tuple[str, ...]:
    """Every region botocore knows (of one partition, e.g. `aws`, when given), sorted.

    The pseudo-regions `aws-global` etc. are left out: no Lambda function lives there.
    """
    found = set()
    for entry in _partitions():
        if partition is not None and entry.get("id") != partition:
            continue
        found.update(name for name in entry.get("regions", {}) if not name.endswith("-global"))
    return tuple(sorted(found))


def partition_of(region: str) -> str:
    """The partition (`aws`, `aws-cn`, `aws-us-gov`, …) a known region belongs to; `aws` if none."""
    for entry in _partitions():
        if region in entry.get("regions", {}):
            return str(entry.get("id", "aws"))
    return "aws"


def validate_region(region: str) -> str:
    """`region` if botocore knows it; otherwise a `UsageError` that suggests the nearest ones."""
    known = known_regions()
    if not known or region in known:  # no partition data at all: let botocore decide
        return region
    close = difflib.get_close_matches(region.lower(), known, n=3, cutoff=0.6)
    if close:
        hint = f" (did you mean {' or '.join(close)}?)"
    else:
        hint = " (expected a region name such as us-east-1 or eu-west-1)"
    shown = region if len(region) <= 40 else region[:40] + "…"
    raise UsageError(f"unknown region {shown!r}{hint}")


@dataclass(frozen=True, slots=True)
class RegionChoice:
    """The region a session will use and where that came from (shown by `--verbose`/the header)."""

    region: str | None
    source: str
    """`--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, `profile NAME in ~/.aws/config` or `none`."""


def choose_region(asked: str | None, profile: str | None) -> RegionChoice:
    """The region in the AWS CLI's order, validated. `profile`: None means AWS_PROFILE/default."""
    from lambdatui.access.config import profile_label
    from lambdatui.access.profiles import aws_config_path, profile_region, shown_path

    if asked:
        return RegionChoice(validate_region(asked), "--region")
    for name in REGION_ENV_VARS:
        value = (os.environ.get(name) or "").strip()
        if value:
            try:
                return RegionChoice(validate_region(value), name)
            except UsageError as exc:
                raise UsageError(f"{name}: {exc}") from None
    label = profile_label(profile)
    from_file = profile_region(label)
    if from_file:
        where = f"profile {label} in {shown_path(aws_config_path())}"
        try:
            return RegionChoice(validate_region(from_file.strip()), where)
        except UsageError as exc:
            raise UsageError(f"{where}: {exc}") from None
    return RegionChoice(None, "none")


def resolve_regions(session: AwsSession, asked: list[str], all_regions: bool) -> list[str]:
    """The regions to read: the ones asked for, else every enabled one (`--all-regions`)."""
    from lambdatui.aws.translate import aws_call

    if not all_regions:
        return list(dict.fromkeys(validate_region(r) for r in asked)) or [session.region]
    try:
        with aws_call("ec2", "DescribeRegions"):
            answer = session.client("ec2").describe_regions()
        return sorted(r["RegionName"] for r in answer["Regions"])
    except AwsError:
        return list(DEFAULT_ENABLED_REGIONS)
