"""MultiRegionActions routes each plan builder and plan to its function's region, by the ARN."""

from __future__ import annotations

from typing import Any

import pytest

from lambdatui.core.errors import LambdaTuiError
from lambdatui.core.model import EventSourceMapping, Function, FunctionDetail
from lambdatui.inventory.multi_region import MultiRegionActions


class Recorder:
    """Stands in for one region's Actions: answers with its region and what it was asked."""

    def __init__(self, region: str) -> None:
        self.region = region

    def __getattr__(self, name: str) -> Any:
        return lambda *args: (self.region, name, args)


def detail(region: str) -> FunctionDetail:
    arn = f"arn:aws:lambda:{region}:123456789012:function:f"
    return FunctionDetail(Function("f", arn, region))


def test_each_call_goes_to_the_region_of_its_function() -> None:
    actions = MultiRegionActions({r: Recorder(r) for r in ("us-east-1", "eu-west-1")})
    eu = detail("eu-west-1")
    assert actions.fix_findings(eu, []) == ("eu-west-1", "fix_findings", (eu, []))
    assert actions.add_trigger(eu, "s3", {})[:2] == ("eu-west-1", "add_trigger")
    assert actions.set_destination(detail("us-east-1"), None, "on_failure", None)[0] == "us-east-1"
    mapping = EventSourceMapping("u", None, f"{eu.function.arn}:live", "Enabled")
    assert actions.mapping_on_failure(mapping, None)[:2] == ("eu-west-1", "mapping_on_failure")


def test_a_region_not_loaded_is_said_plainly() -> None:
    actions = MultiRegionActions({"us-east-1": Recorder("us-east-1")})
    with pytest.raises(LambdaTuiError, match="region ap-south-1 is not loaded"):
        actions.remove_statement(detail("ap-south-1"), None)  # type: ignore[arg-type]
