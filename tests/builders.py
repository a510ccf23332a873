"""Builders the tests share: an audit report of what the emulator holds and its schema check, a
`fix` run, the demo's generated ids, the AWS keys in the environment, and a value computed once
per module.

Each was written again in several test files; one copy here keeps them saying the same thing.
"""

from __future__ import annotations

import argparse
import copy
import functools
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

from lambdatui.aws.session import AwsSession
from lambdatui.demo.server import DEMO_CREDENTIALS
from tests.conftest import FIXTURES, make_spec

Client = Callable[[str], Any]
T = TypeVar("T")


@functools.cache
def _report_validator() -> Any:
    import jsonschema

    schema = json.loads((FIXTURES / "audit-report.schema.json").read_text())
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    return validator(schema)


def validate_report(report: dict[str, Any]) -> None:
    """Raise `jsonschema.ValidationError` unless `report` is valid under the report's schema.

    One validator per process: `jsonschema.validate` checks the schema itself again on every
    call (the denial matrix validates some seventy reports)."""
    _report_validator().validate(report)


def audit_report(session: AwsSession, *, all_log_groups: bool = True) -> dict[str, Any]:
    """The JSON report `lambdatui audit` would write for the session's account and region."""
    from lambdatui.audit import report_json
    from lambdatui.audit.rules import evaluate
    from lambdatui.inventory.account import Inventory

    picture = Inventory(session, scan_all_log_groups=all_log_groups).scan()
    return report_json.build_report(
        account=picture.identity.account,
        regions=[picture.region],
        functions=picture.functions,
        findings=evaluate(picture),
        errors=picture.errors,
    )


def read_only_report(endpoint: str) -> dict[str, Any]:
    """The audit report of the emulator's account, read under the read-only guard."""
    return audit_report(AwsSession(make_spec(endpoint, read_only=True)))


def demo_ids(boto: Client) -> dict[str, str]:
    """The ids the emulator gave the demo's REST and HTTP APIs and user pools, by name."""
    ids = {a["name"]: a["id"] for a in boto("apigateway").get_rest_apis()["items"]}
    ids |= {a["Name"]: a["ApiId"] for a in boto("apigatewayv2").get_apis()["Items"]}
    pools = boto("cognito-idp").list_user_pools(MaxResults=60)["UserPools"]
    return ids | {p["Name"]: p["Id"] for p in pools}


def demo_keys_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo's keys as AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, for the entry points that
    build their own session (`main(["audit", "--endpoint-url", …])`)."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", DEMO_CREDENTIALS["access_key_id"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", DEMO_CREDENTIALS["secret_access_key"])


@dataclass
class FixRun:
    """What one `run_fix` returned and printed, and the session it used."""

    code: int
    out: str
    err: str
    session: AwsSession


def fix_args(**values: Any) -> argparse.Namespace:
    """`lambdatui fix`'s parsed arguments: no function or rule named, neither mode, `sh`."""
    defaults = dict(function=[], rule=[], dry_run=False, yes=False, format="sh")
    return argparse.Namespace(**(defaults | values))


def run_fix_on(
    endpoint: str, journal: Path | None = None, *, read_only: bool = False, **values: Any
) -> FixRun:
    """`lambdatui fix` over the emulator's account (every log group scanned), with an executor
    journalling to `journal` (a dry run needs none)."""
    from lambdatui.actions.executor import Executor
    from lambdatui.actions.journal import Journal
    from lambdatui.commands.fix import run_fix
    from lambdatui.inventory.account import Inventory

    session = AwsSession(make_spec(endpoint, read_only=read_only))
    inventory = Inventory(session, scan_all_log_groups=True)
    executor = Executor(session, Journal(journal)) if journal is not None else None
    out, err = io.StringIO(), io.StringIO()
    code = run_fix(fix_args(**values), inventory, executor, out, err)
    return FixRun(code, out.getvalue(), err.getvalue(), session)


class OncePerModule:
    """Values that take long to make (an audit of the demo) and only depend on what every test
    gets afresh (the seeded demo, restored before each test): made by the first test that asks,
    handed to the others as a deep copy, so no test sees another's changes to it.

    A module's fixture: `@pytest.fixture(scope="module") def kept(): return OncePerModule()`.
    """

    def __init__(self) -> None:
        self._values: dict[str, Any] = {}

    def get(self, key: str, make: Callable[[], T]) -> T:
        if key not in self._values:
            self._values[key] = make()
        return copy.deepcopy(self._values[key])  # type: ignore[no-any-return]
