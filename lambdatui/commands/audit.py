"""`lambdatui audit`: scan under the read-only guard, write a report, exit by severity."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

from lambdatui.core.errors import AwsError, LambdaTuiError
from lambdatui.core.model import Finding, Severity

EXIT_OK, EXIT_FINDINGS = 0, 1


def stderr_progress(region: str):  # type: ignore[no-untyped-def]
    """A one-line progress display on stderr when it is a terminal; silence otherwise."""
    if not sys.stderr.isatty():
        return None

    def show(what: str, done: int, total: int) -> None:
        sys.stderr.write(f"\r\033[K{region}: {what} {done}/{total}")
        sys.stderr.flush()

    return show


def run_audit(args: argparse.Namespace) -> int:
    from lambdatui.commands.setup import open_target

    # The session is settled first: a usage mistake (region, profile, config) is said at once.
    with open_target(args, read_only=True, quiet=not sys.stderr.isatty()) as target:
        from lambdatui.audit.rules import evaluate
        from lambdatui.aws.session import AwsSession
        from lambdatui.aws.translate import read_error
        from lambdatui.inventory.parallel import scan_regions

        specs, scan_logs = target.specs, target.scan_all_log_groups
        if getattr(args, "cached", False):
            from lambdatui.commands.audit_cached import cached_report

            kept = cached_report(specs)
            if kept is not None:  # else none is kept yet: read fresh (said on stderr)
                return deliver(args, kept)
        functions, errors, findings = [], [], []
        account = ""
        regions_done = []
        calls: Counter[str] = Counter()
        # Regions are scanned at once: the quotas (and each session's pacing) are per region.
        scans = scan_regions(
            [AwsSession(spec) for spec in specs],
            scan_all_log_groups=scan_logs,
            progress=stderr_progress,
        )
        for spec, session, scanned in ((s.spec, s.session, s.picture) for s in scans):
            calls.update(session.calls)
            try:
                picture = scanned.result()
            except AwsError as exc:
                if len(specs) == 1:
                    raise
                # One region failing (not enabled, denied) must not hide the others: the
                # report names it among the failed reads, so it is never taken for clean.
                errors.append(replace(read_error(exc), resource=exc.resource or spec.region))
                regions_done.append(spec.region)
                continue
            finally:
                if sys.stderr.isatty():
                    sys.stderr.write("\r\033[K")
            account = picture.identity.account
            regions_done.append(picture.region)
            functions.extend(picture.functions)
            errors.extend(picture.errors)
            findings.extend(evaluate(picture, trusted_accounts=set(args.trusted_account)))
    if not account:
        raise LambdaTuiError("no region could be read: " + "; ".join(e.message for e in errors))

    from lambdatui.audit import report_json

    report = report_json.build_report(
        account=account,
        regions=regions_done,
        functions=functions,
        findings=findings,
        errors=errors,
        metadata={"calls": dict(sorted(calls.items()))},
    )
    if getattr(args, "verbose", False):
        sys.stderr.write(calls_summary(calls))
    from lambdatui.commands.audit_cached import keep

    keep(report)  # for a later `audit --cached`
    return deliver(args, report)


def deliver(args: argparse.Namespace, report: dict) -> int:  # type: ignore[type-arg]
    """Write the report where asked; exit 1 when a finding is at or above `--fail-on`."""
    text = render(args.format, report, [])
    if args.output:
        try:
            Path(args.output).write_text(text)
        except OSError as exc:
            raise LambdaTuiError(f"cannot write {args.output}: {exc.strerror}") from exc
    else:
        sys.stdout.write(text)
    threshold = Severity(args.fail_on).rank
    worst = [f for f in report["findings"] if Severity(f["severity"]).rank >= threshold]
    return EXIT_FINDINGS if worst else EXIT_OK


def calls_summary(calls: Counter[str]) -> str:
    """`--verbose`: the AWS calls the scan sent, by operation, most first."""
    lines = [f"AWS calls: {sum(calls.values())}"]
    lines += [f"  {n:6d}  {op}" for op, n in sorted(calls.items(), key=lambda kv: (-kv[1], kv[0]))]
    return "\n".join(lines) + "\n"


def failing(findings: list[Finding], threshold: Severity) -> list[Finding]:
    return [f for f in findings if f.severity.rank >= threshold.rank]


def render(fmt: str, report: dict, findings: list[Finding]) -> str:  # type: ignore[type-arg]
    from lambdatui.audit import report_json

    if fmt == "json":
        return report_json.render(report)
    if fmt == "markdown":
        from lambdatui.audit.report_markdown import render_markdown

        return render_markdown(report)
    from lambdatui.audit.report_sarif import render_sarif

    return render_sarif(report)
