"""Across regions, an interrupted change is said and rolled back before any plain undo."""

from __future__ import annotations

from typing import Any

from lambdatui.inventory.multi_region import MultiRegionActions


class Region:
    """One region's Actions as far as undo goes."""

    def __init__(self, region: str, interrupted: list[str]) -> None:
        self.region, self.interrupted = region, interrupted

    def interrupted_notes(self) -> list[str]:
        return self.interrupted

    def last_undoable(self) -> Any:
        return None

    def undo_plan(self) -> str:
        return f"rollback in {self.region}"


def test_the_interrupted_region_is_rolled_back_first() -> None:
    actions = MultiRegionActions(
        {"us-east-1": Region("us-east-1", []), "eu-west-1": Region("eu-west-1", ["stopped"])}
    )
    assert actions.interrupted_notes() == ["stopped"]
    assert actions.undo_plan() == "rollback in eu-west-1"
