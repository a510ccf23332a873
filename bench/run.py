"""The bench (`make bench`, or `python -m bench.run --n 1000 --n 5000 --scale 10`).

For each N: the emulator (its own process) with a scaled account (`bench.seed`), behind a proxy
(its own process, `bench.proxy`) that adds latency and enforces AWS's Lambda quotas times
`--scale`, answering 429 TooManyRequestsException when they are exceeded. lambdatui is paced at
the same scale (`LAMBDATUI_PACING_SCALE`). Then, one after the other (they share the quotas):

1. the TUI, headless (`bench.tui`, its own process): first row, every trigger status, key latency
   during the scan, peak RSS; the app keeps its picture of the list;
1b. one function changed (a permission added through the proxy), then the TUI opened again on
   that picture (`bench.tui --reopen`): until the whole picture shows, until the refresh ends;
2. `lambdatui audit` (its own process): wall time, calls by operation, peak RSS;
3. a naive sequential boto3 scan of the same reads (`bench.naive`), projected when cut short;

and the quota floor: 3 control-plane calls per function at the scaled "other" rate. One table
per N is printed. Everything listens on and talks to 127.0.0.1 only; every wait is bounded.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import naive, open_during_scan
from bench.seed import Shape, name, seed_account
from lambdatui.demo.account import DEMO_ACCOUNT, DEMO_CREDENTIALS, DEMO_REGION

OTHER_QUOTA, POLICY_QUOTA = 15.0, 15.0
TARGET_RSS_MB = 250


@dataclass
class Child:
    """A helper process that prints its URL on its first line and lives until stdin closes."""

    process: subprocess.Popen[str]
    url: str

    @classmethod
    def start(cls, *argv: str) -> Child:
        process = subprocess.Popen(
            [sys.executable, *argv],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # moto prints a traceback for every error it answers
            text=True,
        )
        assert process.stdout is not None
        timer = threading.Timer(60, process.kill)  # bounded: a child that never answers
        timer.start()
        url = process.stdout.readline().strip()
        timer.cancel()
        if not url.startswith("http://127.0.0.1:"):
            process.kill()
            raise RuntimeError(f"{argv} did not start: {url!r}")
        return cls(process, url)

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def proxy_stats(proxy: str, reset: bool = False) -> dict[str, Any]:
    path = "reset" if reset else "stats"
    request = urllib.request.Request(f"{proxy}/__bench__/{path}", method="POST" if reset else "GET")
    with urllib.request.urlopen(request, timeout=10) as answer:
        stats: dict[str, Any] = json.loads(answer.read())
        return stats


def child_env(home: Path, scale: float) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "XDG_"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_STATE_HOME=str(home / ".local/state"),
        XDG_CACHE_HOME=str(home / ".cache"),
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
        AWS_ACCESS_KEY_ID=DEMO_CREDENTIALS["access_key_id"],
        AWS_SECRET_ACCESS_KEY=DEMO_CREDENTIALS["secret_access_key"],
        LAMBDATUI_PACING_SCALE=str(scale),
    )
    return env


def run_measured(
    argv: list[str], env: dict[str, str], timeout: float
) -> tuple[float, int, float, str]:
    """Run a process to its end (killed after `timeout`): seconds, exit code, peak RSS in MB and
    its stdout."""
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, *argv], stdout=out, stderr=subprocess.PIPE, env=env, text=True
        )
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        assert process.stderr is not None
        err = process.stderr.read()
        out.seek(0)
        text = out.read()
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{argv[:3]} failed ({process.returncode}): {err.strip()[-800:]}")
    return elapsed, process.returncode, usage.ru_maxrss / 1024, text


@dataclass
class Figures:
    n: int
    scale: float
    latency_ms: float
    shape: Shape
    seed_s: float = 0.0
    tui: dict[str, Any] = field(default_factory=dict)
    tui_429: int = 0
    listing_s: float = 0.0
    audit_s: float = 0.0
    audit_rss_mb: float = 0.0
    audit_calls: dict[str, int] = field(default_factory=dict)
    audit_429: int = 0
    naive: dict[str, Any] = field(default_factory=dict)
    naive_429: int = 0
    open_scan: dict[str, Any] = field(default_factory=dict)
    reopen: dict[str, Any] = field(default_factory=dict)
    reopen_429: int = 0

    @property
    def floor_s(self) -> float:
        return 3 * self.n / (OTHER_QUOTA * self.scale)

    @property
    def policy_floor_s(self) -> float:
        return self.shape.qualifiers() / (POLICY_QUOTA * self.scale)


def add_permission(endpoint: str, function: str) -> None:
    """A change made outside lambdatui between two starts (through the proxy, as AWS would)."""
    import boto3

    boto3.client(
        "lambda",
        region_name=DEMO_REGION,
        endpoint_url=endpoint,
        aws_access_key_id=DEMO_CREDENTIALS["access_key_id"],
        aws_secret_access_key=DEMO_CREDENTIALS["secret_access_key"],
    ).add_permission(
        FunctionName=function,
        StatementId="bench-change",
        Action="lambda:InvokeFunction",
        Principal="events.amazonaws.com",
        SourceArn=f"arn:aws:events:{DEMO_REGION}:{DEMO_ACCOUNT}:rule/bench-change",
    )


def reopen_measured(
    proxy: str, n: int, changed: str, env: dict[str, str], timeout: float, cloudtrail: str
) -> dict[str, Any]:
    """`bench.tui --reopen` in its own process, on the picture the first TUI run kept."""
    argv = ["-m", "bench.tui", "--endpoint", proxy, "--functions", str(n)]
    argv += ["--reopen", changed, "--cloudtrail", cloudtrail, "--timeout", str(timeout)]
    _, _, rss, text = run_measured(argv, env, timeout + 60)
    result: dict[str, Any] = json.loads(text.strip().splitlines()[-1])
    result["peak_rss_mb"] = rss
    return result


def bench_one(
    n: int,
    scale: float,
    latency: float,
    naive_budget: float,
    timeout: float,
    cloudtrail: str = "inject",
) -> Figures:
    figures = Figures(n, scale, latency * 1000, Shape(n))
    emulator = Child.start("-m", "bench.emulator")
    proxy = None
    try:
        started = time.perf_counter()
        seed_account(emulator.url, n)
        figures.seed_s = time.perf_counter() - started
        print(f"  seeded {n} functions in {figures.seed_s:.1f} s", file=sys.stderr, flush=True)
        proxy = Child.start(
            "-m",
            "bench.proxy",
            "--target",
            emulator.url,
            "--latency",
            str(latency),
            "--scale",
            str(scale),
        )
        with tempfile.TemporaryDirectory(prefix="lambdatui-bench-") as tmp:
            env = child_env(Path(tmp), scale)

            proxy_stats(proxy.url, reset=True)
            _, _, rss, text = run_measured(
                [
                    "-m",
                    "bench.tui",
                    "--endpoint",
                    proxy.url,
                    "--functions",
                    str(n),
                    "--timeout",
                    str(timeout),
                ],
                env,
                timeout + 60,
            )
            figures.tui = json.loads(text.strip().splitlines()[-1])
            figures.tui["peak_rss_mb"] = rss
            stats = proxy_stats(proxy.url)
            figures.tui_429, figures.listing_s = stats["throttled_total"], stats["listing_s"]
            print(f"  TUI done ({figures.tui['all_triggers_s']} s)", file=sys.stderr, flush=True)
            figures.open_scan = open_during_scan.measure(proxy.url, n, env, timeout)

            # Re-open on the picture the first TUI run kept, after one function changed in a
            # way its listing does not show (a permission added): only CloudTrail tells.
            changed = name(n // 2)
            add_permission(proxy.url, changed)
            proxy_stats(proxy.url, reset=True)
            figures.reopen = reopen_measured(proxy.url, n, changed, env, timeout, cloudtrail)
            figures.reopen_429 = proxy_stats(proxy.url)["throttled_total"]
            print(f"  re-open done ({figures.reopen['refresh_s']} s)", file=sys.stderr, flush=True)

            proxy_stats(proxy.url, reset=True)
            report = Path(tmp) / "report.json"
            figures.audit_s, _, figures.audit_rss_mb, _ = run_measured(
                [
                    "-m",
                    "lambdatui",
                    "audit",
                    "--endpoint-url",
                    proxy.url,
                    "--region",
                    DEMO_REGION,
                    "--output",
                    str(report),
                    "--fail-on",
                    "critical",
                ],
                env,
                timeout,
            )
            figures.audit_calls = json.loads(report.read_text())["metadata"]["calls"]
            figures.audit_429 = proxy_stats(proxy.url)["throttled_total"]
            print(f"  audit done ({figures.audit_s:.1f} s)", file=sys.stderr, flush=True)

            proxy_stats(proxy.url, reset=True)
            figures.naive = naive.run(proxy.url, naive_budget)
            figures.naive_429 = proxy_stats(proxy.url)["throttled_total"]
    finally:
        if proxy is not None:
            proxy.stop()
        emulator.stop()
    return figures


def _s(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} s"


def _latency(tui: dict[str, Any], name: str) -> str:
    if not tui.get("keys"):
        return "— (no key pressed: the scan ended first)"
    p50, p95, top = (tui[f"{name}_{p}_ms"] for p in ("p50", "p95", "max"))
    at = tui.get("key_worst_at_s")
    worst = f" at {at:.1f} s" if at is not None and name == "key_handled" else ""
    return f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {top:.0f} ms{worst} ({tui['keys']} keys)"


def reopen_rows(f: Figures) -> list[tuple[str, str, str]]:
    """Re-open with a warm cache and one changed function: the whole picture, the refresh."""
    r = f.reopen
    if not r:
        return []
    how = (
        "CloudTrail's event injected in AWS's shape (moto serves no LookupEvents)"
        if r.get("cloudtrail") == "injected"
        else "CloudTrail left to the emulator (it serves no LookupEvents)"
    )
    if r.get("full_reread"):
        what = f"fell back to reading all {f.n} again: {r.get('reason')}"
    else:
        what = f"{r.get('read_again')} read again, {r.get('unchanged')} confirmed unchanged"
        what += "" if r.get("changed_fresh") else " (the changed function was NOT read again)"
    return [
        ("TUI re-open: whole picture shown", _s(r.get("whole_picture_s")), "≤ 2 s"),
        ("TUI re-open: refresh done", f"{_s(r.get('refresh_s'))}: {what}; {how}", ""),
        ("TUI re-open: 429s, peak RSS", f"{f.reopen_429}, {r.get('peak_rss_mb', 0):.0f} MB", ""),
    ]


def table(f: Figures) -> str:
    tui, nv = f.tui, f.naive
    naive_s = nv["seconds"]
    naive_note = (
        f"projected from {nv['functions_done']} of {nv['functions']} functions"
        if nv["projected"]
        else "measured"
    )
    lines = [
        f"N = {f.n} functions (scale {f.scale:g} x AWS's Lambda quotas, {f.latency_ms:.0f} ms "
        f"latency; {f.shape.buckets} buckets, {f.shape.topics} topics, {f.shape.rules} rules, "
        f"{f.shape.apis} APIs, {f.shape.log_groups} log groups, {f.shape.queues} queues; "
        f"seeded in {f.seed_s:.0f} s)",
    ]
    rows = [
        (
            "TUI: first row",
            f"{_s(tui.get('first_row_s'))} (of which {f.listing_s:.1f} s: the emulator "
            "answering the first page)",
            "≤ 1.5 s",
        ),
        (
            "TUI: all trigger statuses",
            _s(tui.get("all_triggers_s"))
            + ("" if tui.get("all_triggers_s") else f" ({tui.get('details_shown')} shown)"),
            "",
        ),
        open_during_scan.row(f.open_scan),
        *reopen_rows(f),
        ("TUI: key handled, during scan", _latency(tui, "key_handled"), "< 50 ms"),
        ("TUI: key + screen settled", _latency(tui, "key_settled"), "< 50 ms"),
        ("TUI: peak RSS", f"{tui.get('peak_rss_mb', 0):.0f} MB", f"≤ {TARGET_RSS_MB} MB"),
        ("TUI: 429s", str(f.tui_429), "0"),
        ("audit: full scan", _s(f.audit_s), f"≤ {1.3 * f.floor_s:.1f} s (1.3 x floor)"),
        ("audit: 429s", str(f.audit_429), "0"),
        ("audit: peak RSS", f"{f.audit_rss_mb:.0f} MB", f"≤ {TARGET_RSS_MB} MB"),
        ("audit: AWS calls", str(sum(f.audit_calls.values())), ""),
        ("naive sequential scan", f"{naive_s:.1f} s ({naive_note})", ""),
        ("naive: 429s", str(f.naive_429), ""),
        (
            "quota floor",
            f"{f.floor_s:.1f} s (3 x {f.n} calls at {OTHER_QUOTA * f.scale:g}/s)",
            "",
        ),
        (
            "GetPolicy floor",
            f"{f.policy_floor_s:.1f} s ({f.shape.qualifiers()} calls at "
            f"{POLICY_QUOTA * f.scale:g}/s)",
            "",
        ),
        (
            "audit / floor, audit / naive",
            f"{f.audit_s / f.floor_s:.2f}, {f.audit_s / naive_s:.2f}" if naive_s else "—",
            "≤ 1.3, ≤ 0.25",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    lines += [f"  {a:<{width}}  {b:<{value_width}}  {c}".rstrip() for a, b, c in rows]
    lines.append("  audit calls by operation:")
    ranked = sorted(f.audit_calls.items(), key=lambda kv: (-kv[1], kv[0]))
    lines += [f"    {count:6d}  {op}" for op, count in ranked]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="lambdatui's speed at scale, against the quotas")
    parser.add_argument("--n", type=int, action="append", help="functions (repeatable)")
    parser.add_argument("--scale", type=float, default=10.0, help="x AWS's quotas (default 10)")
    parser.add_argument("--latency-ms", type=float, default=30.0, help="added per request")
    parser.add_argument(
        "--naive-budget", type=float, default=45.0, help="seconds the naive scan may run"
    )
    parser.add_argument("--timeout", type=float, default=600.0, help="bound on each phase (s)")
    parser.add_argument(
        "--cloudtrail",
        choices=("inject", "emulator"),
        default="inject",
        help="re-open: inject the change's CloudTrail event (default), or let the emulator "
        "answer LookupEvents (it cannot: the refresh reads everything again)",
    )
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be > 0 (the proxy enforces scaled quotas)")
    sizes = args.n or [1000, 5000]
    print(
        f"$ python -m bench.run {' '.join(f'--n {n}' for n in sizes)} --scale {args.scale:g} "
        f"--latency-ms {args.latency_ms:g}",
        flush=True,
    )
    for n in sizes:
        print(f"bench: N = {n} …", file=sys.stderr, flush=True)
        figures = bench_one(
            n, args.scale, args.latency_ms / 1000, args.naive_budget, args.timeout, args.cloudtrail
        )
        print(table(figures), flush=True)
        print(flush=True)


if __name__ == "__main__":
    main()
