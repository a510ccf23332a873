"""How long the list's kept picture takes to save and load (`lambdatui/inventory/picture_cache.py`).

    .venv/bin/python -m bench.picture_times [--rows 5000] [--repeat 5]

Builds a picture of `--rows` functions shaped like a real account's (runtime, role, layers, a
description, three to five source ARNs each), saves it to a temporary folder and loads it back,
and prints the file's size and the best wall and CPU time of each step. Nothing is asserted: a
figure for the report, not a test.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from lambdatui.core.model import Function, Layer, Severity
from lambdatui.inventory.picture import CachedRow, ListPicture
from lambdatui.inventory.picture_cache import PictureStore

ACCOUNT = "123456789012"
REGION = "us-east-1"


def picture(rows: int) -> ListPicture:
    def row(i: int) -> CachedRow:
        name = f"service-{i // 50:03d}-handler-{i:05d}"
        arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"
        function = Function(
            name=name,
            arn=arn,
            region=REGION,
            runtime="python3.12",
            handler="app.handler",
            role=f"arn:aws:iam::{ACCOUNT}:role/service-{i // 50:03d}-role",
            memory_mb=512,
            timeout_s=30,
            architectures=("arm64",),
            layers=(Layer(f"arn:aws:lambda:{REGION}:{ACCOUNT}:layer:shared:7", 123456),),
            last_modified="2026-11-30T12:34:56.000+0000",
            code_size=2_345_678,
            package_type="Zip",
            description=f"Handles the {name} events of team {i % 40}",
            state="Active",
            revision_id=f"{i:08d}-7d3c-4c1e-9a52-0123456789ab",
        )
        sources = (
            f"arn:aws:s3:::uploads-{i % 300}",
            f"arn:aws:sns:{REGION}:{ACCOUNT}:topic-{i % 200}",
            f"arn:aws:events:{REGION}:{ACCOUNT}:rule/rule-{i % 250}",
        ) + ((f"arn:aws:sqs:{REGION}:{ACCOUNT}:queue-{i}",) if i % 3 == 0 else ())
        return CachedRow(function, 3 + i % 3, i % 2, i % 4, Severity.MEDIUM, sources)

    return ListPicture(ACCOUNT, (REGION,), datetime.now(UTC), tuple(row(i) for i in range(rows)))


def best(step: object, repeat: int) -> tuple[float, float]:
    """(wall, cpu) seconds of the fastest of `repeat` runs of `step()`."""
    runs = []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        step()  # type: ignore[operator]
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    return min(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    kept = picture(args.rows)
    with tempfile.TemporaryDirectory() as folder:
        store = PictureStore(Path(folder))
        save = best(lambda: store.save(kept), args.repeat)
        load = best(lambda: store.load(ACCOUNT, [REGION]), args.repeat)
        size = store.path(ACCOUNT, [REGION]).stat().st_size
        assert store.load(ACCOUNT, [REGION]) == kept
    print(f"{args.rows} rows, file {size / 1e6:.2f} MB")
    print(
        f"save: {save[0] * 1000:.0f} ms wall, {save[1] * 1000:.0f} ms CPU (best of {args.repeat})"
    )
    print(
        f"load: {load[0] * 1000:.0f} ms wall, {load[1] * 1000:.0f} ms CPU (best of {args.repeat})"
    )


if __name__ == "__main__":
    main()
