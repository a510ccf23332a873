"""What the UI needs from the rest of the program, as a Protocol.

The app is handed an object with these methods (an `Inventory`) and calls them only from thread
workers. Declaring them here keeps `lambdatui.ui` free of boto3: nothing in this package imports
`lambdatui.aws`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from lambdatui.model import Function, FunctionDetail, Identity, WiredTrigger


class WiringView(Protocol):
    """The reverse index of triggers: unqualified function ARN → what targets it."""

    by_function: dict[str, list[WiredTrigger]]


class Backend(Protocol):
    @property
    def region(self) -> str: ...

    def identity(self) -> Identity: ...

    def invalidate(self) -> None: ...

    def function_pages(self) -> Iterator[list[Function]]: ...

    def detail(self, function: Function, *, triggers: bool = True) -> FunctionDetail: ...

    def wiring(self, progress: Callable[[str, int, int], None] | None = None) -> WiringView: ...


@dataclass(frozen=True)
class AppContext:
    """What the header shows about where we are."""

    profile: str
    read_only: bool = False
    endpoint_url: str | None = None
    demo: bool = False


Switcher = Callable[[str, str, Callable[[str], str]], tuple[Backend, AppContext]]
"""(profile, region, ask_mfa) → a new backend and header context; blocks (runs in a worker)."""
