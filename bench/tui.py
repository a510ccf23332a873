"""The TUI under the bench, headless (Textual's pilot), in a process of its own.

`python -m bench.tui --endpoint URL --functions N [--timeout S]` opens the real app on the
account behind URL (the proxy), paced by `LAMBDATUI_PACING_SCALE`, and prints one JSON line:
seconds to the first row and to every function's trigger statuses, the latency of key presses
made while the scan runs (moving up and down the list), and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import time

from lambdatui.aws.session import AwsSession, SessionSpec
from lambdatui.demo.account import DEMO_CREDENTIALS, DEMO_REGION
from lambdatui.inventory.account import Inventory


def spec(endpoint: str) -> SessionSpec:
    return SessionSpec(
        region=DEMO_REGION,
        endpoint_url=endpoint,
        access_key_id=DEMO_CREDENTIALS["access_key_id"],
        secret_access_key=DEMO_CREDENTIALS["secret_access_key"],
        read_only=True,
        pace=True,  # at LAMBDATUI_PACING_SCALE times AWS's quotas
    )


async def probe(endpoint: str, functions: int, timeout: float) -> dict[str, object]:
    from textual.widgets import DataTable

    from lambdatui.ui.app import LambdaTuiApp
    from lambdatui.ui.backend import AppContext

    session = AwsSession(spec(endpoint))
    app = LambdaTuiApp(Inventory(session), AppContext(profile="bench", read_only=True))
    started = time.perf_counter()
    deadline = started + timeout
    first_row = all_triggers = None
    presses: list[float] = []
    async with app.run_test(size=(140, 40)) as pilot:
        while first_row is None and time.perf_counter() < deadline:
            table = app.screen.query(DataTable)
            if table and table.first().row_count:
                first_row = time.perf_counter() - started
                break
            await pilot.pause(0.005)
        keys = ("down", "down", "down", "up", "up", "up")
        k = 0
        while time.perf_counter() < deadline:
            if len(app.details) >= functions:
                all_triggers = time.perf_counter() - started
                break
            pressed = time.perf_counter()
            await pilot.press(keys[k % len(keys)])
            presses.append(time.perf_counter() - pressed)
            k += 1
            await pilot.pause(0.02)  # a person's typing pace, not a flood
        shown = len(app.details)
    presses_ms = sorted(p * 1000 for p in presses)
    return {
        "first_row_s": first_row,
        "all_triggers_s": all_triggers,
        "details_shown": shown,
        "keys": len(presses_ms),
        "key_p50_ms": statistics.median(presses_ms) if presses_ms else None,
        "key_p95_ms": presses_ms[int(len(presses_ms) * 0.95)] if presses_ms else None,
        "key_max_ms": presses_ms[-1] if presses_ms else None,
        "calls": dict(session.calls),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--functions", type=int, required=True)
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args()
    result = asyncio.run(probe(args.endpoint, args.functions, args.timeout))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
