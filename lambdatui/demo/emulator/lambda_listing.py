"""ListFunctions in AWS's pages: one page built per request, not the whole account.

Upstream: worth reporting — moto ignores `MaxItems` and `Marker` (a paginating client gets
everything in its first answer), and it builds every function's configuration, and for
`FunctionVersion=ALL` deep-copies every function with its code, before answering; at 5,000
functions that took half a second or more before the first row could show, where AWS answers a
page of 50 at once.
"""

from __future__ import annotations

import copy
import json
from typing import Any

PAGE_MAX = 50
"""AWS returns at most 50 functions per ListFunctions answer, whatever `MaxItems` asks."""


def fix_list_functions_pages() -> None:
    """ListFunctions (`GET /2015-03-31/functions/?FunctionVersion=&Marker=&MaxItems=`).

    AWS: at most `MaxItems` (1 to 10,000; at most 50 are returned) functions per answer, with a
    `NextMarker` while more remain; a `Marker` it did not hand out is refused with
    InvalidParameterValueException. With `FunctionVersion=ALL` every function's `$LATEST`
    (its ARN ending in `:$LATEST`) is followed by its published versions.
    moto: every function in one answer, no `NextMarker`; `MaxItems` and `Marker` ignored; every
    configuration built (for ALL, every function deep-copied) before the first byte is sent.
    Now only the page asked for is built; the order is moto's own.
    """
    from moto.awslambda.exceptions import InvalidParameterValueException
    from moto.awslambda.responses import LambdaResponse

    def list_functions(self: LambdaResponse) -> str:
        query = self.querystring
        every_version = query.get("FunctionVersion", [None])[0] == "ALL"
        size = _page_size(query.get("MaxItems", [None])[0])
        marker = query.get("Marker", [None])[0]
        listed = _listed(self.backend._lambdas, every_version)
        start = _offset(marker, len(listed))
        if size is None or start is None:
            raise InvalidParameterValueException(
                f"Invalid {'MaxItems' if size is None else 'Marker'}: "
                f"{query.get('MaxItems' if size is None else 'Marker')}"
            )
        page = listed[start : start + size]
        answer: dict[str, Any] = {"Functions": [_configuration(fn, latest) for fn, latest in page]}
        if start + size < len(listed):
            answer["NextMarker"] = str(start + size)
        return json.dumps(answer)

    LambdaResponse.list_functions = list_functions  # type: ignore[method-assign]


def _listed(storage: Any, every_version: bool) -> list[tuple[Any, bool]]:
    """(function, is `$LATEST` of an ALL listing) in moto's order, nothing built yet."""
    listed: list[tuple[Any, bool]] = []
    for group in list(storage._functions.values()):
        latest = group["latest"]
        if latest is not None:
            listed.append((latest, every_version))
        if every_version:
            listed.extend((version, False) for version in group["versions"])
    return listed


def _configuration(function: Any, latest_of_all: bool) -> dict[str, Any]:
    if latest_of_all:  # only the ARN differs from the function itself (moto deep-copied it)
        function = copy.copy(function)
        function.function_arn = f"{function.function_arn}:$LATEST"
    configuration: dict[str, Any] = function.get_configuration()
    return configuration


def _page_size(raw: str | None) -> int | None:
    if raw is None:
        return PAGE_MAX
    if not raw.isdigit() or not 1 <= int(raw) <= 10_000:
        return None
    return min(int(raw), PAGE_MAX)


def _offset(marker: str | None, total: int) -> int | None:
    if marker is None:
        return 0
    if not marker.isdigit() or int(marker) > total:
        return None
    return int(marker)
