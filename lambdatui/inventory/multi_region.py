"""Several regions at once: one Inventory (and one Actions) per region behind the same API.

The UI and the headless commands talk to this exactly as to a single-region Inventory; each call
goes to the inventory of the function's region, and listings walk every region in turn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from lambdatui.core.arn import region_of
from lambdatui.core.errors import LambdaTuiError
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
from lambdatui.inventory.account import Inventory
from lambdatui.inventory.parallel import interleaved
from lambdatui.inventory.picture import ListPicture, RefreshPlan


@dataclass
class MergedWiring:
    by_function: dict[str, list[WiredTrigger]] = field(default_factory=dict)


class MultiRegionInventory:
    def __init__(self, inventories: Sequence[Inventory]) -> None:
        if not inventories:
            raise LambdaTuiError("no region to read")
        self.by_region = {inv.region: inv for inv in inventories}

    @property
    def regions(self) -> list[str]:
        return list(self.by_region)

    @property
    def region(self) -> str:
        return ", ".join(self.by_region)

    def identity(self) -> Identity:
        return next(iter(self.by_region.values())).identity()

    def invalidate(self) -> None:
        for inventory in self.by_region.values():
            inventory.invalidate()

    def function_pages(self) -> Iterator[list[Function]]:
        """Every region's pages as they arrive: regions are read at once (the quotas, and each
        session's pacing, are per region)."""
        yield from interleaved(inv.function_pages for inv in self.by_region.values())

    def detail(self, function: Function, *, triggers: bool = True) -> FunctionDetail:
        return self._for(function.region).detail(function, triggers=triggers)

    def wiring(self, progress: Callable[[str, int, int], None] | None = None) -> MergedWiring:
        merged = MergedWiring()
        inventories = list(self.by_region.values())
        with ThreadPoolExecutor(max_workers=len(inventories)) as pool:  # regions at once
            for wiring in pool.map(lambda inventory: inventory.wiring(progress), inventories):
                merged.by_function.update(wiring.by_function)
        return merged

    # -- the picture kept for an instant re-open: one for all the regions together -------------
    def cached_picture(self) -> ListPicture | None:
        """The last picture kept of this account and these regions (see `Inventory`)."""
        first = next(iter(self.by_region.values()))
        if first.pictures is None:
            return None
        try:
            account = first.identity().account
        except LambdaTuiError:
            return None
        return first.pictures.load(account, self.regions)

    def keep_picture(self, picture: ListPicture) -> None:
        """Keep `picture` (logged, never raised, when it cannot be written)."""
        first = next(iter(self.by_region.values()))
        if first.pictures is None:
            return
        began = [i.listed_at for i in self.by_region.values() if i.listed_at is not None]
        if picture.taken_at is None and began:
            picture = replace(picture, taken_at=min(began))
        first.pictures.keep(picture)

    def refresh_plan(self, picture: ListPicture, functions: Sequence[Function]) -> RefreshPlan:
        """One plan over every region: each region's CloudTrail is asked at once."""
        from lambdatui.inventory.refresh import beyond_history, lookup_since, plan_refresh

        if beyond_history(picture) is not None:  # no need to ask
            return plan_refresh(picture, functions, [])
        since = lookup_since(picture)
        regions = [r for r in picture.regions if r in self.by_region] or self.regions

        def look(region: str) -> Any:
            return region, self.by_region[region].cloudtrail().changes_since(since, picture.account)

        with ThreadPoolExecutor(max_workers=len(regions)) as pool:
            looked = list(pool.map(look, regions))
        return plan_refresh(picture, functions, looked, since)

    def _for(self, region: str) -> Inventory:
        try:
            return self.by_region[region]
        except KeyError:
            raise LambdaTuiError(f"region {region} is not loaded") from None


class MultiRegionActions:
    """Sends each plan builder, and each plan, to the Actions of its function's region (read
    from the function's ARN by `core.arn.region_of`): the same API as one region's `Actions`."""

    def __init__(self, by_region: dict[str, Any]) -> None:
        self.by_region = by_region

    def _for_arn(self, arn: str) -> Any:
        region = region_of(arn)
        if region is None or region not in self.by_region:
            raise LambdaTuiError(f"region {region} is not loaded")
        return self.by_region[region]

    def _for(self, detail: FunctionDetail) -> Any:
        return self._for_arn(detail.function.arn)

    # -- plans, each built in its function's region -------------------------------------------
    def fix_trigger(self, detail: FunctionDetail, trigger: Trigger) -> Any:
        return self._for(detail).fix_trigger(detail, trigger)

    def fix_findings(self, detail: FunctionDetail, findings: list[Finding]) -> Any:
        return self._for(detail).fix_findings(detail, findings)

    def validate_permission(self, detail: FunctionDetail, form: dict[str, Any]) -> Any:
        return self._for(detail).validate_permission(detail, form)

    def add_permission(self, detail: FunctionDetail, form: dict[str, Any]) -> Any:
        return self._for(detail).add_permission(detail, form)

    def remove_statement(self, detail: FunctionDetail, statement: PolicyStatement) -> Any:
        return self._for(detail).remove_statement(detail, statement)

    def set_destination(
        self, detail: FunctionDetail, qualifier: str | None, which: str, target: str | None
    ) -> Any:
        return self._for(detail).set_destination(detail, qualifier, which, target)

    def clear_destinations(self, detail: FunctionDetail, qualifier: str | None) -> Any:
        return self._for(detail).clear_destinations(detail, qualifier)

    def mapping_on_failure(self, mapping: EventSourceMapping, destination: str | None) -> Any:
        return self._for_arn(mapping.function_arn).mapping_on_failure(mapping, destination)

    def add_trigger(self, detail: FunctionDetail, kind: str, form: dict[str, Any]) -> Any:
        return self._for(detail).add_trigger(detail, kind, form)

    # -- applying and undoing ------------------------------------------------------------------
    def apply(self, plan: Any) -> Any:
        return self._for_arn(plan.function_arn).apply(plan)

    def interrupted_notes(self) -> list[str]:
        """Changes a crash or kill interrupted, in any loaded region (journal only, no AWS)."""
        return [note for actions in self.by_region.values() for note in actions.interrupted_notes()]

    def undo_plan(self) -> Any:
        """The rollback of an interrupted change first (in its region); else undo the newest
        journalled change of any loaded region, in that region."""
        for actions in self.by_region.values():
            if actions.interrupted_notes():
                return actions.undo_plan()
        candidates = [
            (entry.time, actions)
            for actions in self.by_region.values()
            if (entry := actions.last_undoable()) is not None
        ]
        if not candidates:
            raise LambdaTuiError("nothing to undo: no change of these regions is journalled")
        return max(candidates, key=lambda c: c[0])[1].undo_plan()
