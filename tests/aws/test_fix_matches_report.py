"""The audit report's fixes are what `lambdatui fix --dry-run` prints: one engine, pinned.

Over the demo account, every fix command of the JSON report equals the command of the plan
`fix --dry-run` prints for that finding's function and rule, and `fix` plans nothing the report
does not show. The report's commands carry no RevisionId (they are run later and often in a row,
see `lambdatui.actions.remedies`), so the dry run's are compared without it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pytest

from lambdatui.actions.effects import without_revision
from lambdatui.actions.plan import call_from_dict
from lambdatui.commands.fix import DEFAULT_RULES, FIXABLE_RULES
from tests.builders import OncePerModule, read_only_report, run_fix_on, validate_report

Commands = tuple[str, ...]


@pytest.fixture(scope="module")
def kept() -> OncePerModule:
    return OncePerModule()


@pytest.fixture
def report(demo_endpoint: str, kept: OncePerModule) -> dict[str, Any]:
    """The demo's audit report, read once for the module (both tests read the same demo)."""
    return kept.get("report", lambda: read_only_report(demo_endpoint))


def _dry_run(endpoint: str, rules: list[str]) -> list[dict[str, Any]]:
    run = run_fix_on(endpoint, read_only=True, rule=rules, dry_run=True, format="json")
    assert run.code == 0, run.err
    return list(json.loads(run.out)["plans"])


def _commands(plan: dict[str, Any]) -> Commands:
    return tuple(without_revision(call_from_dict(s["call"])).cli() for s in plan["steps"])


def test_every_report_fix_is_what_fix_dry_run_prints(
    demo_endpoint: str, report: dict[str, Any]
) -> None:
    validate_report(report)
    from_report: dict[str, set[tuple[str, Commands]]] = defaultdict(set)
    for finding in report["findings"]:
        if finding["fix"]:
            fix = finding["fix"]
            from_report[finding["function_arn"]].add((fix["description"], tuple(fix["cli"])))
    from_fix: dict[str, set[tuple[str, Commands]]] = defaultdict(set)
    for plan in _dry_run(demo_endpoint, list(FIXABLE_RULES)):
        from_fix[plan["function_arn"]].add((f"{plan['title']}.", _commands(plan)))

    assert from_report == from_fix
    fixed_rules = {f["rule"] for f in report["findings"] if f["fix"]}
    # The demo plants a fixable finding of each rule but wildcard-source, whose grants there
    # serve no working trigger to re-grant (and are not removed blindly).
    assert fixed_rules == set(FIXABLE_RULES) - {"wildcard-source"}
    assert not any(
        "--revision-id" in c for f in report["findings"] if f["fix"] for c in f["fix"]["cli"]
    )


def test_without_rules_fix_plans_only_the_default_rules(
    demo_endpoint: str, report: dict[str, Any]
) -> None:
    wanted = {
        tuple(f["fix"]["cli"])
        for f in report["findings"]
        if f["fix"] and f["rule"] in DEFAULT_RULES
    }
    assert {_commands(p) for p in _dry_run(demo_endpoint, [])} == wanted
