"""What the UI needs from the rest of the program, as a Protocol.

The app is handed an object with these methods (an `Inventory`) and calls them only from thread
workers. Declaring them here keeps `lambdatui.ui` free of boto3: nothing in this package imports
`lambdatui.aws`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from lambdatui.core.model import (
    EventSourceMapping,
    Finding,
    Function,
    FunctionDetail,
    Identity,
    PolicyStatement,
    Trigger,
    WiredTrigger,
)

if TYPE_CHECKING:
    from lambdatui.actions.plan import Outcome, Plan
    from lambdatui.inventory.picture import ListPicture, RefreshPlan


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

    # The list's last picture, for an instant re-open (lambdatui/inventory/picture.py):
    def cached_picture(self) -> ListPicture | None:
        """None: none kept, unreadable, or caching off (the demo)."""
        ...

    def keep_picture(self, picture: ListPicture) -> None:
        """Never raises on a file that cannot be written (it is logged)."""
        ...

    def refresh_plan(self, picture: ListPicture, functions: Sequence[Function]) -> RefreshPlan:
        """Which rows to read again, given the fresh listing (asks CloudTrail; blocks)."""
        ...


class ActionsApi(Protocol):
    """The Actions layer (`lambdatui.actions.facade.Actions`): plans, then one executor."""

    def fix_trigger(self, detail: FunctionDetail, trigger: Trigger) -> Plan: ...

    def fix_findings(self, detail: FunctionDetail, findings: list[Finding]) -> list[Plan]: ...

    def validate_permission(
        self, detail: FunctionDetail, form: dict[str, Any]
    ) -> dict[str, str]: ...

    def add_permission(self, detail: FunctionDetail, form: dict[str, Any]) -> Plan: ...

    def remove_statement(self, detail: FunctionDetail, statement: PolicyStatement) -> Plan: ...

    def set_destination(
        self, detail: FunctionDetail, qualifier: str | None, which: str, target: str | None
    ) -> Plan: ...

    def clear_destinations(self, detail: FunctionDetail, qualifier: str | None) -> Plan: ...

    def mapping_on_failure(self, mapping: EventSourceMapping, destination: str | None) -> Plan: ...

    def add_trigger(self, detail: FunctionDetail, kind: str, form: dict[str, Any]) -> Plan: ...

    def apply(self, plan: Plan) -> Outcome: ...

    def undo_plan(self) -> Plan | None: ...


@dataclass(frozen=True)
class AppContext:
    """What the header shows about where we are."""

    profile: str
    read_only: bool = False
    endpoint_url: str | None = None
    demo: bool = False
    region_source: str | None = None
    """Where the region came from: `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, `profile P in
    ~/.aws/config`, `demo` (SessionSpec.region_source); None when unknown."""


Switcher = Callable[
    [str, str, Callable[[str], str]], tuple[Backend, AppContext, "ActionsApi | None"]
]
"""(profile, region, ask_mfa) → a new backend, header context and actions; blocks (worker)."""
