"""A scan reads each function's own configuration while the account-wide sweep of versions is
still paging: the sweep waits on the network, and the quota it leaves unused is spent meanwhile.
The policies of every version are still read once the sweep is whole."""

from __future__ import annotations

import threading
from typing import Any

from lambdatui.aws.session import AwsSession
from lambdatui.inventory.account import Inventory
from tests.account_builders import make_functions
from tests.conftest import make_spec

COUNT = 20
"""Functions made, each with versions 1 and 2: 60 entries, two pages of the sweep."""
HELD_FOR_S = 20.0


def test_functions_are_read_while_the_sweep_pages_and_versions_come_from_it(boto, endpoint) -> None:  # type: ignore[no-untyped-def]
    make_functions(boto, COUNT)
    session = AwsSession(make_spec(endpoint))
    own_read = threading.Event()
    seen_during_sweep: list[bool] = []

    pages_asked: list[int] = []

    def hook(model: Any, **_: Any) -> None:
        if model.name == "ListAliases":
            own_read.set()
        elif model.name == "ListFunctions":
            pages_asked.append(1)
            if len(pages_asked) < 2:
                return
            # The second page is held until a function of the first has been read.
            seen_during_sweep.append(own_read.wait(HELD_FOR_S))

    session.boto.events.register("before-call.lambda", hook)
    picture = Inventory(session).scan()
    assert seen_during_sweep == [True]
    assert len(picture.functions) == COUNT
    calls = session.calls
    assert calls["lambda:ListVersionsByFunction"] == 0  # versions came from the sweep
    for detail in picture.functions:
        assert [v.version for v in detail.versions] == ["1", "2"]
        assert [a.name for a in detail.aliases] == ["live"]
    # a policy read per qualifier: unqualified, the alias and both versions
    assert calls["lambda:GetPolicy"] == 4 * COUNT
