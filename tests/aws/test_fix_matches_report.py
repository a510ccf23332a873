"""The audit report's fixes are what `lambdatui fix --dry-run` prints: one engine, pinned.

Over the demo account, every fix command of the JSON report equals the command of the plan
`fix --dry-run` prints for that finding's function and rule, and `fix` plans nothing the report
does not show. The report's commands carry no RevisionId (they are run later and often in a row,
see `lambdatui.actions.remedies`), so the dry run's are compared without it.
"""

from __future__ import annotations

import argparse
import io
import json
from collections import defaultdict
from typing import Any

import jsonschema
import pytest

from lambdatui.actions.effects import without_revision
from lambdatui.actions.plan import call_from_dict
from lambdatui.audit import report_json
from lambdatui.audit.rules import evaluate
from lambdatui.aws.session import AwsSession
from lambdatui.commands.fix import DEFAULT_RULES, FIXABLE_RULES, run_fix
from lambdatui.demo.seed import seed
from lambdatui.inventory.account import Inventory
from tests.conftest import FIXTURES, make_spec

SCHEMA = json.loads((FIXTURES / "audit-report.schema.json").read_text())
Commands = tuple[str, ...]


@pytest.fixture
def demo(endpoint: str) -> str:
    seed(endpoint)
    return endpoint


def _report(endpoint: str) -> dict[str, Any]:
    picture = Inventory(AwsSession(make_spec(endpoint, read_only=True)), scan_all_log_groups=True)
    scanned = picture.scan()
    return report_json.build_report(
        account=scanned.identity.account,
        regions=[scanned.region],
        functions=scanned.functions,
        findings=evaluate(scanned),
        errors=scanned.errors,
    )


def _dry_run(endpoint: str, rules: list[str]) -> list[dict[str, Any]]:
    session = AwsSession(make_spec(endpoint, read_only=True))
    inventory = Inventory(session, scan_all_log_groups=True)
    args = argparse.Namespace(function=[], rule=rules, dry_run=True, yes=False, format="json")
    out, err = io.StringIO(), io.StringIO()
    assert run_fix(args, inventory, None, out, err) == 0, err.getvalue()
    return list(json.loads(out.getvalue())["plans"])


def _commands(plan: dict[str, Any]) -> Commands:
    return tuple(without_revision(call_from_dict(s["call"])).cli() for s in plan["steps"])


def test_every_report_fix_is_what_fix_dry_run_prints(demo: str) -> None:
    report = _report(demo)
    jsonschema.validate(report, SCHEMA)
    from_report: dict[str, set[tuple[str, Commands]]] = defaultdict(set)
    for finding in report["findings"]:
        if finding["fix"]:
            fix = finding["fix"]
            from_report[finding["function_arn"]].add((fix["description"], tuple(fix["cli"])))
    from_fix: dict[str, set[tuple[str, Commands]]] = defaultdict(set)
    for plan in _dry_run(demo, list(FIXABLE_RULES)):
        from_fix[plan["function_arn"]].add((f"{plan['title']}.", _commands(plan)))

    assert from_report == from_fix
    fixed_rules = {f["rule"] for f in report["findings"] if f["fix"]}
    # The demo plants a fixable finding of each rule but wildcard-source, whose grants there
    # serve no working trigger to re-grant (and are not removed blindly).
    assert fixed_rules == set(FIXABLE_RULES) - {"wildcard-source"}
    assert not any(
        "--revision-id" in c for f in report["findings"] if f["fix"] for c in f["fix"]["cli"]
    )


def test_without_rules_fix_plans_only_the_default_rules(demo: str) -> None:
    report = _report(demo)
    wanted = {
        tuple(f["fix"]["cli"])
        for f in report["findings"]
        if f["fix"] and f["rule"] in DEFAULT_RULES
    }
    assert {_commands(p) for p in _dry_run(demo, [])} == wanted
