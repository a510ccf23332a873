"""Write the README's SVG screenshots from the demo: `python -m tools.screenshots DIR`."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from lambdatui.aws.session import AwsSession
from lambdatui.commands.setup import demo_spec, start_demo
from lambdatui.core.model import TriggerStatus
from lambdatui.inventory.account import Inventory
from lambdatui.ui.app import LambdaTuiApp
from lambdatui.ui.backend import AppContext
from lambdatui.ui.screens.function_detail import FunctionDetailScreen
from lambdatui.ui.screens.function_list import FunctionListScreen

SIZE = (132, 34)
FN = "arn:aws:lambda:us-east-1:123456789012:function:"


async def until(pilot, predicate, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    """Wait for `predicate`; fail (never photograph a half-loaded screen) when it does not hold."""
    for _ in range(int(timeout / 0.05)):
        if predicate():
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
            return
        await pilot.pause(0.05)
    raise TimeoutError("the demo did not reach the state to photograph in time")


async def shoot(out: Path) -> list[Path]:
    server, settings = start_demo(quiet=True)
    try:
        inventory = Inventory(AwsSession(demo_spec(settings, False)), scan_all_log_groups=True)
        app = LambdaTuiApp(inventory, AppContext(profile="demo", demo=True))
        written = []
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            assert isinstance(screen, FunctionListScreen)
            await until(pilot, lambda: len(app.findings) >= 14 and app.identity and screen.loaded)
            written.append(Path(app.save_screenshot("function-list.svg", str(out))))
            app.push_screen(FunctionDetailScreen(screen.functions[FN + "nightly-report"]))
            await until(pilot, lambda: getattr(app.screen, "detail", None) is not None)
            detail_screen = app.screen
            await pilot.press("2")  # the Triggers section
            await until(pilot, lambda: detail_screen.active_section() == "triggers")  # type: ignore[attr-defined]
            assert any(
                t.status is TriggerStatus.MISSING_PERMISSION for t in detail_screen.detail.triggers
            )  # type: ignore[attr-defined]
            written.append(Path(app.save_screenshot("function-detail.svg", str(out))))
        return written
    finally:
        server.stop()


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    for path in asyncio.run(shoot(out)):
        print(path)


if __name__ == "__main__":
    main()
