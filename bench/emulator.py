"""The bench's emulator: lambdatui's (`python -m lambdatui.demo.server`), plus one speed fix that
only matters at bench scale.

moto answers `ListFunctions(FunctionVersion=ALL)` by deep-copying every function (its code zip
included) to rename `$LATEST`: 1.4 s for 1,000 functions, 7 s for 5,000, where the plain listing
takes 0.13 s — an emulator cost AWS does not have (it returns 50 per page). A shallow copy renames
it just as well. Speed only: the answer is unchanged.

`python -m bench.emulator` prints the endpoint on its first line and serves until stdin closes.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any


def speed_list_all_versions() -> None:
    from moto.awslambda import models

    def all_versions(self: Any) -> Iterable[Any]:
        result = []
        for group in list(self._functions.values()):
            latest = copy.copy(group["latest"])  # only function_arn differs from the original
            latest.function_arn = f"{latest.function_arn}:$LATEST"
            result.append(latest)
            result.extend(group["versions"])
        return result

    models.LambdaStorage.all = all_versions  # type: ignore[method-assign]


def main() -> None:
    from lambdatui.demo import server

    speed_list_all_versions()
    server.main()


if __name__ == "__main__":
    main()
