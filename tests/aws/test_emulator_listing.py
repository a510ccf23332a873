"""The emulator answers ListFunctions in AWS's pages (`demo/emulator/lambda_listing.py`): at most
50 functions an answer with a NextMarker while more remain, MaxItems honoured, every version
listed once with FunctionVersion=ALL, and a Marker it never handed out refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.account_builders import make_functions

Client = Callable[[str], Any]
COUNT = 55
"""Functions made: more than one page of 50; each has versions 1 and 2 besides $LATEST."""


@pytest.fixture
def lam(boto: Client) -> Any:
    make_functions(boto, COUNT)
    return boto("lambda")


def pages(lam: Any, **params: Any) -> list[dict[str, Any]]:
    return list(lam.get_paginator("list_functions").paginate(**params))


def test_functions_come_in_pages_of_at_most_50_with_a_marker_while_more_remain(lam) -> None:  # type: ignore[no-untyped-def]
    answers = pages(lam)
    assert [len(p["Functions"]) for p in answers] == [50, COUNT - 50]
    assert "NextMarker" in answers[0] and "NextMarker" not in answers[-1]
    names = [f["FunctionName"] for p in answers for f in p["Functions"]]
    assert sorted(names) == [f"fn-{i:02d}" for i in range(COUNT)]
    first = answers[0]["Functions"][0]
    whole = lam.get_function_configuration(FunctionName=first["FunctionName"])
    assert first["FunctionArn"] == whole["FunctionArn"]  # $LATEST: the unqualified ARN
    assert first["Description"] == whole["Description"] == "second"


def test_max_items_sets_the_page_size_up_to_50(lam) -> None:  # type: ignore[no-untyped-def]
    small = pages(lam, PaginationConfig={"PageSize": 20})
    assert [len(p["Functions"]) for p in small] == [20, 20, COUNT - 40]
    large = lam.list_functions(MaxItems=500)
    assert len(large["Functions"]) == 50 and "NextMarker" in large


def test_every_version_is_listed_once_with_function_version_all(lam) -> None:  # type: ignore[no-untyped-def]
    answers = pages(lam, FunctionVersion="ALL")
    assert [len(p["Functions"]) for p in answers] == [50, 50, 50, 3 * COUNT - 150]
    arns = [f["FunctionArn"] for p in answers for f in p["Functions"]]
    assert len(set(arns)) == len(arns) == 3 * COUNT
    name = "fn-07"
    mine = sorted(a.rsplit(":", 1)[1] for a in arns if a.split(":")[6] == name)
    assert mine == ["$LATEST", "1", "2"]
    # the function itself keeps its unqualified ARN (the listing renamed a copy)
    assert not lam.get_function_configuration(FunctionName=name)["FunctionArn"].endswith("$LATEST")


def test_a_marker_never_handed_out_is_refused(lam) -> None:  # type: ignore[no-untyped-def]
    for marker in ("not-a-marker", "9999"):
        with pytest.raises(ClientError) as raised:
            lam.list_functions(Marker=marker)
        assert raised.value.response["Error"]["Code"] == "InvalidParameterValueException"
