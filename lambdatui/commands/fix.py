"""`lambdatui fix`: plans for the audit's fixable findings, printed (`--dry-run`) or applied
(`--yes`). Exit 0 when every plan applied (and verified), 1 otherwise, 2 for a usage error.

Which rules are fixed: `DEFAULT_RULES` unless `--rule` names rules; `ON_REQUEST_RULES` only when
named. Every plan comes from the finding's remedy (`lambdatui.actions.remedies`), the same plan
whose commands the audit report prints.

With `--yes` each function is re-read after every applied plan and its plans made again, so the
next plan carries the policy's new RevisionId (and a finding the last fix resolved is dropped).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from lambdatui.actions.effects import chain_revisions
from lambdatui.actions.plan import Plan, PlanOutdated, shell_script
from lambdatui.actions.remedies import plans_for_findings
from lambdatui.core.errors import UsageError
from lambdatui.core.model import Function, FunctionDetail

if TYPE_CHECKING:
    from lambdatui.actions.executor import Executor
    from lambdatui.inventory.account import Inventory

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
SCHEMA = "lambdatui.fix/v1"

DEFAULT_RULES = (
    "broken-trigger",
    "orphaned-permission",
    "stale-permission",
    "service-without-source-arn",
    "function-url-public",
)
"""Fixed unless `--rule` names others: these fixes keep every trigger lambdatui sees working."""
ON_REQUEST_RULES = (
    "public-invoke",
    "cross-account-invoke",
    "s3-without-source-account",
    "wildcard-source",
    "pull-source-unreadable",
    "destination-unusable",
    "invoker-role-denied",
)
"""Fixed only when `--rule` names them: they remove a grant someone may rely on (a public or a
cross-account one), narrow a grant to the sources lambdatui can see, or widen an IAM role (an
inline policy scoped to one resource)."""
FIXABLE_RULES = DEFAULT_RULES + ON_REQUEST_RULES


class _Planner:
    def __init__(self, rule_ids: Iterable[str], trusted: Iterable[str]) -> None:
        from lambdatui.audit import rules

        self.rules = rules
        self.rule_ids = set(rule_ids)
        self.trusted = frozenset(trusted)

    def plans(self, detail: FunctionDetail) -> list[Plan]:
        findings = self.rules.evaluate_function(detail, trusted_accounts=self.trusted)
        wanted = self.rule_ids or set(DEFAULT_RULES)
        findings = [f for f in findings if f.rule in wanted]
        return plans_for_findings(detail, findings)


def _functions(inventory: Inventory, names: list[str], stderr: TextIO) -> list[Function] | None:
    everything = [f for page in inventory.function_pages() for f in page]
    if not names:
        return everything
    by_name = {f.name: f for f in everything}
    missing = [n for n in names if n not in by_name]
    if missing:
        where = inventory.region
        print(f"lambdatui fix: no function named {', '.join(missing)} in {where}", file=stderr)
        return None
    return [by_name[n] for n in dict.fromkeys(names)]


def main_fix(args: argparse.Namespace) -> int:
    """`lambdatui fix` from parsed arguments: builds the session (read-only for `--dry-run`),
    the inventory and the executor (journal in the XDG state dir), then `run_fix`."""
    from lambdatui.actions.executor import Executor
    from lambdatui.actions.journal import Journal
    from lambdatui.aws.session import AwsSession
    from lambdatui.commands.setup import open_target, regions_asked
    from lambdatui.inventory.account import Inventory

    if len(regions_asked(args)) > 1 or getattr(args, "all_regions", False):
        raise UsageError("fix works on one region at a time: give a single --region")
    read_only = bool(args.dry_run or getattr(args, "read_only", False))
    with open_target(args, read_only=read_only, quiet=True) as target:
        session = AwsSession(target.specs[0])
        inventory = Inventory(session, scan_all_log_groups=target.scan_all_log_groups)
        executor = None
        if not args.dry_run:  # a dry run writes nothing, not even the journal
            journal = Journal(target.journal_path) if target.journal_path else Journal()
            executor = Executor(session, journal)
        return run_fix(args, inventory, executor, sys.stdout, sys.stderr)


def run_fix(
    args: argparse.Namespace,
    inventory: Inventory,
    executor: Executor | None,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    """The `fix` subcommand; `executor` may be None for `--dry-run`."""
    rule_ids = list(getattr(args, "rule", None) or [])
    planner = _Planner(rule_ids, getattr(args, "trusted_account", None) or ())
    unknown = [r for r in rule_ids if r not in planner.rules.RULES_BY_ID]
    if unknown:
        known = ", ".join(FIXABLE_RULES)
        print(f"lambdatui fix: unknown rule {', '.join(unknown)} (fixable: {known})", file=stderr)
        return EXIT_USAGE
    for r in rule_ids:
        if r not in FIXABLE_RULES:
            print(f"lambdatui fix: rule {r} has no automatic fix; skipped", file=stderr)
    if bool(getattr(args, "dry_run", False)) == bool(getattr(args, "yes", False)):
        print("lambdatui fix: choose one of --dry-run or --yes", file=stderr)
        return EXIT_USAGE
    functions = _functions(inventory, list(getattr(args, "function", None) or []), stderr)
    if functions is None:
        return EXIT_USAGE
    if args.dry_run:
        plans = chain_revisions([p for f in functions for p in planner.plans(inventory.detail(f))])
        _print_plans(plans, getattr(args, "format", None) or "sh", inventory.region, stdout)
        return EXIT_OK
    if executor is None:
        raise ValueError("run_fix --yes needs an executor")
    return _apply_all(functions, planner, inventory, executor, stdout, stderr)


def _print_plans(plans: list[Plan], fmt: str, region: str, stdout: TextIO) -> None:
    if fmt == "json":
        body = {"schema": SCHEMA, "region": region, "plans": [p.to_dict() for p in plans]}
        stdout.write(json.dumps(body, indent=2) + "\n")
        return
    functions = len({p.function_arn for p in plans})
    header = f"{len(plans)} fix(es) for {functions} function(s) in {region}."
    stdout.write(shell_script(plans, header=header))


def _say_journal_state(executor: Executor, region: str, stderr: TextIO) -> None:
    """Before changing anything: an earlier change a crash interrupted, and unreadable lines."""
    journal = executor.journal
    for stopped in journal.interrupted(region=region):
        print(
            f"lambdatui fix: an earlier change was interrupted: {stopped.describe()} "
            f"Roll it back with u in the TUI (lambdatui --region {region}).",
            file=stderr,
        )
    if bad := journal.unreadable():
        shown = "; ".join(str(u) for u in bad[:3]) + ("; …" if len(bad) > 3 else "")
        print(
            f"lambdatui fix: {len(bad)} unreadable line(s) of the journal {journal.path} "
            f"were skipped ({shown})",
            file=stderr,
        )


def _apply_all(
    functions: list[Function],
    planner: _Planner,
    inventory: Inventory,
    executor: Executor,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    _say_journal_state(executor, inventory.region, stderr)
    applied = failed = 0
    for function in functions:
        attempted: set[str] = set()
        while True:
            plans = planner.plans(inventory.detail(function))
            plan = next((p for p in plans if p.title not in attempted), None)
            if plan is None:
                break
            attempted.add(plan.title)
            try:
                outcome = executor.apply(plan)
            except PlanOutdated as exc:
                failed += 1
                print(f"failed   {function.name}: {plan.title} — {exc}", file=stdout)
                continue
            if outcome.ok and outcome.verified:
                applied += 1
                print(f"applied  {function.name}: {plan.title}", file=stdout)
                continue
            failed += 1
            why = outcome.summary if not outcome.ok else "; ".join(outcome.problems)
            state = "applied but not verified" if outcome.ok else "failed"
            print(f"{state:<8} {function.name}: {plan.title} — {why}", file=stdout)
            if outcome.refused:
                print(f"lambdatui fix: {outcome.error}", file=stderr)
                return EXIT_FAILED
    print(f"lambdatui fix: {applied} applied, {failed} not applied", file=stderr)
    return EXIT_FAILED if failed else EXIT_OK
