"""The audit rules: ids and severities as docs/architecture.md §7 fixes them, and each rule on real shapes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import pytest

from lambdatui.actions.calls import ApiCall, parse_cli, statement_id_for
from lambdatui.audit.rules import RULES, RULES_BY_ID, RuleContext, evaluate, evaluate_function
from lambdatui.core.crosscheck import Coverage, function_triggers
from lambdatui.core.model import (
    Alias,
    Destination,
    EventSourceMapping,
    Finding,
    Function,
    FunctionDetail,
    FunctionUrl,
    Identity,
    Policy,
    ReadError,
    Severity,
    Trigger,
    TriggerStatus,
    WiredTrigger,
)
from lambdatui.inventory.account import AccountPicture
from tests.policy_builders import policy, shape

# The contract (docs/architecture.md §7): ids, severities and order; change it with the README.
CONTRACT = [
    ("public-invoke", "critical"),
    ("secrets-in-environment", "critical"),
    ("broken-trigger", "high"),
    ("function-url-public", "high"),
    ("service-without-source-arn", "high"),
    ("s3-without-source-account", "high"),
    ("destination-unusable", "high"),
    ("orphaned-permission", "low"),  # high for S3 without SourceAccount
    ("stale-permission", "low"),
    ("wildcard-source", "medium"),
    ("cross-account-invoke", "low"),
    ("no-failure-destination", "medium"),
    ("deprecated-runtime", "medium"),
    ("policy-near-limit", "medium"),
    ("function-url-cors-wildcard", "medium"),
    ("pull-source-unreadable", "high"),
    ("invoker-role-denied", "high"),
]

ACCOUNT = "123456789012"
FN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:orders"
TODAY = date(2026, 1, 15)
BUCKET = "arn:aws:s3:::demo-uploads"
TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:order-events"
RULE_ARN = f"arn:aws:events:us-east-1:{ACCOUNT}:rule/nightly"
QUEUE = f"arn:aws:sqs:us-east-1:{ACCOUNT}:orders-failures"


def stmt(
    sid: str,
    principal: Any,
    *,
    qualifier: str | None = None,
    action: str = "lambda:InvokeFunction",
    effect: str = "Allow",
    **condition: dict[str, Any],
) -> dict[str, Any]:
    """A statement in the shape AWS returns: `stmt("s", {"Service": "s3.amazonaws.com"},
    ArnLike={"AWS:SourceArn": …})`."""
    out: dict[str, Any] = {
        "Sid": sid,
        "Effect": effect,
        "Principal": principal,
        "Action": action,
        "Resource": f"{FN}:{qualifier}" if qualifier else FN,
    }
    if condition:
        out["Condition"] = condition
    return out


def service(name: str) -> dict[str, str]:
    return {"Service": f"{name}.amazonaws.com"}


def detail(
    *,
    policies: Iterable[Policy] = (),
    triggers: Iterable[Trigger] = (),
    runtime: str | None = "python3.12",
    environment: dict[str, str] | None = None,
    dlq: str | None = None,
    **fields: Any,
) -> FunctionDetail:
    function = Function(
        name="orders",
        arn=FN,
        region="us-east-1",
        runtime=runtime,
        environment=environment or {},
        dead_letter_target=dlq,
    )
    return FunctionDetail(
        function=function, policies=tuple(policies), triggers=tuple(triggers), **fields
    )


def push(
    source: str,
    arn: str | None,
    status: TriggerStatus,
    sid: str | None = None,
    qualifier: str | None = None,
    note: str = "",
) -> Trigger:
    return Trigger("push", source, arn, qualifier, status, sid, {}, note)


def run(
    rule_id: str, d: FunctionDetail, trusted: Iterable[str] = (), today: date = TODAY
) -> list[Finding]:
    ctx = RuleContext(today=today, trusted_accounts=frozenset(trusted))
    return list(RULES_BY_ID[rule_id].check(d, ctx))


def resources(findings: Iterable[Finding]) -> list[str | None]:
    return [f.resource for f in findings]


def calls(finding: Finding) -> list[ApiCall]:
    assert finding.fix is not None
    return [parse_cli(line) for line in finding.fix.cli]


# -- the contract --------------------------------------------------------------------------------


def test_rule_ids_severities_and_order_are_the_design_contract() -> None:
    assert [(r.id, r.severity.value) for r in RULES] == CONTRACT


def test_every_rule_is_described_for_reports() -> None:
    for rule in RULES:
        assert rule.short and rule.full and rule.help, rule.id
        assert len(rule.short) < 80, rule.id


# -- public-invoke -------------------------------------------------------------------------------


def test_public_invoke_flags_only_the_unconditioned_public_statement() -> None:
    found = run("public-invoke", detail(policies=[shape("mixed.policy.json")]))
    assert resources(found) == ["anyone"]
    assert found[0].severity is Severity.CRITICAL
    (call,) = calls(found[0])
    assert call.operation == "remove_permission"
    assert call.params["StatementId"] == "anyone"
    assert call.params["FunctionName"] == "orders"


@pytest.mark.parametrize(
    "principal", ["*", {"AWS": "*"}, {"AWS": "arn:aws:iam::*:root"}, {"AWS": ["*"]}]
)
def test_public_invoke_counts_every_spelling_of_anyone(principal: Any) -> None:
    found = run("public-invoke", detail(policies=[policy(stmt("p", principal))]))
    assert resources(found) == ["p"]


@pytest.mark.parametrize(
    "statement",
    [
        stmt("org", "*", StringEquals={"aws:PrincipalOrgID": "o-a1b2c3d4e5"}),
        stmt("acct", "*", StringEquals={"AWS:SourceAccount": ACCOUNT}),
        stmt("deny", "*", effect="Deny"),
        stmt("office", "*", IpAddress={"aws:SourceIp": "10.0.0.0/8"}),
        stmt("partner", {"AWS": "arn:aws:iam::987654321098:root"}),
    ],
)
def test_public_invoke_ignores_restricted_or_non_invoke_statements(statement: dict) -> None:  # type: ignore[type-arg]
    assert run("public-invoke", detail(policies=[policy(statement)])) == []


def test_public_function_url_pair_is_not_public_invoke() -> None:
    assert run("public-invoke", detail(policies=[shape("function-url-public.policy.json")])) == []


def test_public_read_of_the_function_is_public_invoke() -> None:
    """Issue 11 §2: lambda:GetFunction to anyone exposes environment values and the code link
    (the old rule only looked at invoke actions)."""
    (f,) = run("public-invoke", detail(policies=[policy(stmt("peek", "*", action="lambda:Get*"))]))
    assert f.resource == "peek"
    assert "lambda:GetFunction" in f.message and "environment values" in f.message
    assert "no condition names the caller" in f.message


@pytest.mark.parametrize(
    ("condition", "why"),
    [
        ({"StringLike": {"aws:SourceAccount": "*"}}, "also matches 999999999999"),
        ({"ArnLike": {"aws:SourceArn": "arn:aws:s3:::*"}}, "also matches arn:aws:s3:::x"),
        ({"StringLike": {"aws:PrincipalOrgID": "*"}}, "also matches o-outsider000"),
        ({"BoolIfExists": {"lambda:InvokedViaFunctionUrl": "true"}}, "passes on a plain call"),
        ({"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}, "a broad range does not pin"),
    ],
)
def test_conditions_that_only_look_restrictive_are_public(
    condition: dict[str, Any], why: str
) -> None:
    """Issue 11 §2: wildcard condition values, IfExists on the URL key and a whole-internet
    range do not pin the caller; the finding says which condition and why."""
    (f,) = run("public-invoke", detail(policies=[policy(stmt("p", "*", **condition))]))
    assert f.resource == "p"
    assert why in f.message


def test_allow_everyone_with_an_org_guard_deny_is_not_public() -> None:
    """Issue 11 §2: 'Allow *' plus 'Deny unless aws:PrincipalOrgID is ours' (a common guard)."""
    guard = stmt("org-guard", "*", effect="Deny", StringNotEquals={"aws:PrincipalOrgID": "o-1"})
    assert run("public-invoke", detail(policies=[policy(stmt("all", "*"), guard)])) == []
    weak = stmt("weak", "*", effect="Deny", StringEquals={"aws:PrincipalOrgID": "o-evil"})
    (f,) = run("public-invoke", detail(policies=[policy(stmt("all", "*"), weak)]))
    assert "no Deny statement ('weak') covers such a call" in f.message


def test_not_principal_allow_is_public() -> None:
    """IAM: NotPrincipal with Allow grants everyone but the listed principals."""
    s = stmt("np", "*")
    del s["Principal"]
    s["NotPrincipal"] = {"AWS": "arn:aws:iam::987654321098:root"}
    (f,) = run("public-invoke", detail(policies=[policy(s)]))
    assert f.resource == "np"


def test_statement_covering_every_alias_is_reported_once() -> None:
    s = stmt("all-aliases", "*")
    s["Resource"] = f"{FN}:*"
    d = detail(policies=[policy(s)], aliases=(Alias("live", f"{FN}:live", "1"),))
    assert resources(run("public-invoke", d)) == ["all-aliases"]


# -- secrets-in-environment ----------------------------------------------------------------------

PASSWORD = "Vq7#pL2m!Rx9-orders-prod"
STRIPE = "sk_" + "live_" + "51Hq8ZxD2mVb7RtK9pLw3NcY"


def test_secrets_in_environment_names_the_variable_never_the_value() -> None:
    d = detail(environment={"DB_PASSWORD": PASSWORD, "STRIPE_KEY": STRIPE, "LOG_LEVEL": "INFO"})
    found = run("secrets-in-environment", d)
    assert resources(found) == ["DB_PASSWORD", "STRIPE_KEY"]
    assert {f.severity for f in found} == {Severity.CRITICAL}
    for f in found:
        assert f.resource in f.message
        assert PASSWORD not in repr(f) and STRIPE not in repr(f)


def test_secrets_in_environment_leaves_ordinary_settings_alone() -> None:
    d = detail(environment={"LOG_LEVEL": "INFO", "TABLE": "orders", "API_URL": "https://x.example"})
    assert run("secrets-in-environment", d) == []


# -- broken-trigger ------------------------------------------------------------------------------

ALL = Coverage(scanned=frozenset({"s3", "sns", "events", "apigateway", "logs", "cognito-idp"}))


def statement_from(call: ApiCall) -> tuple[str | None, dict[str, Any]]:
    """The statement AWS stores for an AddPermission call, and its qualifier."""
    p = call.params
    condition: dict[str, dict[str, str]] = {}
    if "SourceArn" in p:
        condition.setdefault("ArnLike", {})["AWS:SourceArn"] = p["SourceArn"]
    if "SourceAccount" in p:
        condition.setdefault("StringEquals", {})["AWS:SourceAccount"] = p["SourceAccount"]
    if "FunctionUrlAuthType" in p:
        condition.setdefault("StringEquals", {})["lambda:FunctionUrlAuthType"] = p[
            "FunctionUrlAuthType"
        ]
    if p.get("InvokedViaFunctionUrl"):
        condition["Bool"] = {"lambda:InvokedViaFunctionUrl": "true"}
    principal = p["Principal"]
    principal = {"Service": principal} if principal.endswith(".com") else principal
    q = p.get("Qualifier")
    return q, stmt(p["StatementId"], principal, qualifier=q, action=p["Action"], **condition)


def apply_grants(d: FunctionDetail, finding: Finding) -> list[Policy]:
    """The function's policies after the fix's AddPermission calls."""
    by_q: dict[str | None, list[dict[str, Any]]] = {
        p.qualifier: [dict(s.raw) for s in p.statements] for p in d.policies
    }
    for call in calls(finding):
        assert call.operation == "add_permission"
        q, statement = statement_from(call)
        by_q.setdefault(q, []).append(statement)
    return [policy(*statements, qualifier=q) for q, statements in by_q.items()]


@pytest.mark.parametrize(
    ("source", "arn", "principal", "account"),
    [
        ("s3", BUCKET, "s3.amazonaws.com", ACCOUNT),  # S3: always SourceAccount
        ("sns", TOPIC, "sns.amazonaws.com", ACCOUNT),  # the ARN's own account
        ("events", RULE_ARN, "events.amazonaws.com", ACCOUNT),
    ],
)
def test_broken_trigger_fix_is_the_grant_that_makes_it_work(
    source: str, arn: str, principal: str, account: str
) -> None:
    d = detail(triggers=[push(source, arn, TriggerStatus.MISSING_PERMISSION, qualifier="live")])
    (f,) = run("broken-trigger", d)
    assert (f.severity, f.resource) == (Severity.HIGH, arn)
    (call,) = calls(f)
    assert call.params == {
        "FunctionName": "orders",
        "StatementId": statement_id_for(source, arn, "live"),
        "Action": "lambda:InvokeFunction",
        "Principal": principal,
        "SourceArn": arn,
        "SourceAccount": account,
        "Qualifier": "live",
    }
    wired = WiredTrigger(source, arn, f"{FN}:live", principal, ACCOUNT)
    fixed = function_triggers(
        wired=[wired], policies=apply_grants(d, f), coverage=ALL, exists=lambda s, a: True
    )
    assert [t.status for t in fixed] == [TriggerStatus.OK]


URL_ACTION = stmt(
    "FunctionURLAllowPublicAccess",
    "*",
    action="lambda:InvokeFunctionUrl",
    StringEquals={"lambda:FunctionUrlAuthType": "NONE"},
)
VIA_URL = stmt(
    "FunctionURLInvokeAllowPublicAccess", "*", Bool={"lambda:InvokedViaFunctionUrl": "true"}
)


@pytest.mark.parametrize(
    ("present", "added"),
    [
        ([], {"lambda:InvokeFunctionUrl", "lambda:InvokeFunction"}),
        ([URL_ACTION], {"lambda:InvokeFunction"}),
        ([VIA_URL], {"lambda:InvokeFunctionUrl"}),
    ],
)
def test_broken_public_url_gets_the_missing_statements_only(
    present: list[dict[str, Any]], added: set[str]
) -> None:
    url = FunctionUrl(None, "https://abc.lambda-url.us-east-1.on.aws/", "NONE")
    policies = [policy(*present)] if present else []
    [trigger] = function_triggers(
        wired=[], policies=policies, urls=[url], coverage=ALL, exists=lambda s, a: None
    )
    d = detail(policies=policies, triggers=[trigger], function_urls=(url,))
    (f,) = run("broken-trigger", d)
    assert f.resource == "function-url"
    assert {c.params["Action"] for c in calls(f)} == added
    [after] = function_triggers(
        wired=[], policies=apply_grants(d, f), urls=[url], coverage=ALL, exists=lambda s, a: None
    )
    assert after.status is TriggerStatus.OK


def test_broken_trigger_of_an_unknown_service_has_no_guessed_fix() -> None:
    d = detail(
        triggers=[push("other", "arn:aws:foo:us-east-1:1:x", TriggerStatus.MISSING_PERMISSION)]
    )
    (f,) = run("broken-trigger", d)
    assert f.fix is None


def test_broken_trigger_ignores_working_triggers_and_unreadable_policies() -> None:
    ok = detail(triggers=[push("s3", BUCKET, TriggerStatus.OK, "s3-uploads")])
    assert run("broken-trigger", ok) == []
    denied = ReadError("lambda", "GetPolicy", "AccessDeniedException", "denied", "orders")
    blind = detail(
        triggers=[push("s3", BUCKET, TriggerStatus.MISSING_PERMISSION)], errors=(denied,)
    )
    assert run("broken-trigger", blind) == []


# -- function-url-public and function-url-cors-wildcard ------------------------------------------


def test_function_url_public_switches_to_iam_and_drops_the_public_statements() -> None:
    url = FunctionUrl(None, "https://abc.lambda-url.us-east-1.on.aws/", "NONE", ("*",))
    d = detail(policies=[shape("function-url-public.policy.json")], function_urls=(url,))
    (f,) = run("function-url-public", d)
    assert (f.severity, f.resource) == (Severity.HIGH, url.url)
    update, *removals = calls(f)
    assert update.operation == "update_function_url_config"
    assert update.params == {"FunctionName": "orders", "AuthType": "AWS_IAM"}
    assert sorted(c.params["StatementId"] for c in removals) == [
        "FunctionURLAllowPublicAccess",
        "FunctionURLInvokeAllowPublicAccess",
    ]


def test_function_url_with_iam_auth_is_not_public() -> None:
    url = FunctionUrl("live", "https://abc.lambda-url.us-east-1.on.aws/", "AWS_IAM")
    assert run("function-url-public", detail(function_urls=(url,))) == []


def test_function_url_cors_wildcard() -> None:
    star = FunctionUrl(None, "https://a.lambda-url.us-east-1.on.aws/", "AWS_IAM", ("*",))
    listed = FunctionUrl(
        "live", "https://b.lambda-url.us-east-1.on.aws/", "NONE", ("https://app.example",)
    )
    found = run("function-url-cors-wildcard", detail(function_urls=(star, listed)))
    assert resources(found) == [star.url]
    assert found[0].severity is Severity.MEDIUM


# -- service-without-source-arn ------------------------------------------------------------------


def test_service_without_source_arn_in_the_mixed_policy() -> None:
    found = run("service-without-source-arn", detail(policies=[shape("mixed.policy.json")]))
    assert resources(found) == ["events-unscoped"]
    assert found[0].severity is Severity.HIGH
    (remove,) = calls(found[0])
    assert remove.operation == "remove_permission"
    assert remove.params["StatementId"] == "events-unscoped"


def test_service_without_source_arn_regrants_the_triggers_it_serves() -> None:
    p = policy(stmt("any-rule", service("events"), StringEquals={"AWS:SourceAccount": ACCOUNT}))
    d = detail(policies=[p], triggers=[push("events", RULE_ARN, TriggerStatus.OK, "any-rule")])
    (f,) = run("service-without-source-arn", d)
    assert f"account {ACCOUNT}" in f.message
    grant, remove = calls(f)
    assert (grant.operation, grant.params["SourceArn"]) == ("add_permission", RULE_ARN)
    assert (remove.operation, remove.params["StatementId"]) == ("remove_permission", "any-rule")


def test_service_without_source_arn_that_may_be_in_use_is_not_removed_blindly() -> None:
    p = policy(stmt("iot-any", service("iot")))
    iot = "arn:aws:iot:us-east-1:123456789012:rule/r"
    d = detail(policies=[p], triggers=[push("iot", iot, TriggerStatus.UNVERIFIED, "iot-any")])
    (f,) = run("service-without-source-arn", d)
    assert f.fix is None


def test_scoped_service_grants_pass() -> None:
    alexa = stmt(
        "alexa",
        {"Service": "alexa-appkit.amazon.com"},
        StringEquals={"lambda:EventSourceToken": "amzn1.ask.skill.1234"},
    )
    d = detail(policies=[shape("s3-scoped.policy.json"), policy(alexa, qualifier="live")])
    assert run("service-without-source-arn", d) == []


# -- s3-without-source-account -------------------------------------------------------------------


def s3_grant(sid: str = "s3-uploads", *, account: bool = False) -> dict[str, Any]:
    condition: dict[str, Any] = {"ArnLike": {"AWS:SourceArn": BUCKET}}
    if account:
        condition["StringEquals"] = {"AWS:SourceAccount": ACCOUNT}
    return stmt(sid, service("s3"), **condition)


def test_s3_without_source_account_regrants_with_the_account() -> None:
    d = detail(
        policies=[policy(s3_grant())], triggers=[push("s3", BUCKET, TriggerStatus.OK, "s3-uploads")]
    )
    (f,) = run("s3-without-source-account", d)
    assert (f.severity, f.resource) == (Severity.HIGH, "s3-uploads")
    grant, remove = calls(f)
    assert grant.params["SourceAccount"] == ACCOUNT
    assert grant.params["SourceArn"] == BUCKET
    assert remove.params["StatementId"] == "s3-uploads"


def test_s3_without_source_account_for_a_gone_bucket_is_only_removed() -> None:
    d = detail(
        policies=[policy(s3_grant())],
        triggers=[push("s3", BUCKET, TriggerStatus.SOURCE_MISSING, "s3-uploads")],
    )
    (f,) = run("s3-without-source-account", d)
    assert [c.operation for c in calls(f)] == ["remove_permission"]


def test_s3_without_source_account_that_may_be_in_use_is_not_removed_blindly() -> None:
    d = detail(
        policies=[policy(s3_grant())],
        triggers=[push("s3", BUCKET, TriggerStatus.UNVERIFIED, "s3-uploads")],
    )
    (f,) = run("s3-without-source-account", d)
    assert f.fix is None


def test_s3_with_source_account_and_other_services_pass() -> None:
    sns = stmt("sns", service("sns"), ArnLike={"AWS:SourceArn": TOPIC})
    d = detail(
        policies=[
            shape("s3-scoped.policy.json"),
            policy(s3_grant("b", account=True), sns, qualifier="live"),
        ]
    )
    assert run("s3-without-source-account", d) == []


# -- destination-unusable ------------------------------------------------------------------------

GONE_TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:gone"
MAPPING = EventSourceMapping(
    "uuid-1", f"arn:aws:sqs:us-east-1:{ACCOUNT}:orders-queue", FN, "Enabled", 10, QUEUE
)


def test_destination_unusable_names_each_missing_destination_once() -> None:
    d = detail(
        destinations=(Destination(None, GONE_TOPIC, QUEUE), Destination("live", None, QUEUE)),
        event_source_mappings=(MAPPING,),
        dlq=QUEUE,
        destination_exists={QUEUE: False, GONE_TOPIC: True},
    )
    (f,) = run("destination-unusable", d)
    assert (f.severity, f.resource) == (Severity.HIGH, QUEUE)
    for use in ("OnFailure", "of live", "dead-letter queue", "orders-queue mapping"):
        assert use in f.message


def test_destinations_that_exist_or_are_unknown_pass() -> None:
    d = detail(
        destinations=(Destination(None, GONE_TOPIC, QUEUE),),
        destination_exists={QUEUE: True, GONE_TOPIC: None},
    )
    assert run("destination-unusable", d) == []


# -- orphaned-permission and stale-permission ----------------------------------------------------


def test_orphaned_permission_is_low_and_removes_the_statement() -> None:
    p = policy(
        stmt("sns-gone", service("sns"), ArnLike={"AWS:SourceArn": TOPIC}, qualifier="live"),
        qualifier="live",
    )
    d = detail(
        policies=[p],
        triggers=[push("sns", TOPIC, TriggerStatus.SOURCE_MISSING, "sns-gone", "live")],
    )
    (f,) = run("orphaned-permission", d)
    assert (f.severity, f.resource) == (Severity.LOW, "sns-gone")
    (remove,) = calls(f)
    assert remove.params == {
        "FunctionName": "orders",
        "StatementId": "sns-gone",
        "Qualifier": "live",
    }


@pytest.mark.parametrize(("account", "severity"), [(False, Severity.HIGH), (True, Severity.LOW)])
def test_orphaned_s3_grant_is_high_without_source_account(
    account: bool, severity: Severity
) -> None:
    d = detail(
        policies=[policy(s3_grant(account=account))],
        triggers=[push("s3", BUCKET, TriggerStatus.SOURCE_MISSING, "s3-uploads")],
    )
    (f,) = run("orphaned-permission", d)
    assert f.severity is severity


def test_stale_permission_removes_what_nothing_uses() -> None:
    p = policy(stmt("sns-old", service("sns"), ArnLike={"AWS:SourceArn": TOPIC}))
    d = detail(policies=[p], triggers=[push("sns", TOPIC, TriggerStatus.NOT_WIRED, "sns-old")])
    (f,) = run("stale-permission", d)
    assert (f.severity, f.resource) == (Severity.LOW, "sns-old")
    assert calls(f)[0].params["StatementId"] == "sns-old"
    assert run("orphaned-permission", d) == []


def test_working_and_unverified_grants_are_neither_stale_nor_orphaned() -> None:
    d = detail(
        triggers=[
            push("sns", TOPIC, TriggerStatus.OK, "a"),
            push("iot", "arn:aws:iot:us-east-1:1:rule/r", TriggerStatus.UNVERIFIED, "b"),
        ]
    )
    assert run("stale-permission", d) == []
    assert run("orphaned-permission", d) == []


# -- wildcard-source -----------------------------------------------------------------------------


def test_wildcard_source_in_the_mixed_policy() -> None:
    found = run("wildcard-source", detail(policies=[shape("mixed.policy.json")]))
    assert resources(found) == ["apigw-any-route"]  # not logs-app and its log group ':*'
    assert found[0].severity is Severity.MEDIUM


def test_wildcard_source_account_counts_and_the_api_stage_does_not() -> None:
    stage_only = stmt(
        "get-orders",
        service("apigateway"),
        ArnLike={
            "AWS:SourceArn": f"arn:aws:execute-api:us-east-1:{ACCOUNT}:a1b2c3d4e5/*/GET/orders"
        },
    )
    any_account = stmt(
        "s3-any",
        service("s3"),
        ArnLike={"AWS:SourceArn": BUCKET},
        StringLike={"AWS:SourceAccount": "*"},
    )
    found = run("wildcard-source", detail(policies=[policy(stage_only, any_account)]))
    assert resources(found) == ["s3-any"]


def test_wildcard_source_regrants_the_exact_routes_in_use() -> None:
    route = f"arn:aws:execute-api:us-east-1:{ACCOUNT}:a1b2c3d4e5/*/GET/orders/list"
    d = detail(
        policies=[shape("mixed.policy.json")],
        triggers=[push("apigateway", route, TriggerStatus.OK, "apigw-any-route")],
    )
    (f,) = run("wildcard-source", d)
    grant, remove = calls(f)
    assert grant.params["SourceArn"] == route
    assert remove.params["StatementId"] == "apigw-any-route"


# -- cross-account-invoke ------------------------------------------------------------------------


def test_cross_account_invoke_unless_trusted() -> None:
    d = detail(policies=[shape("mixed.policy.json")])
    found = run("cross-account-invoke", d)
    assert resources(found) == ["AllowCrossAccountInvoke"]
    assert found[0].severity is Severity.LOW
    assert "987654321098" in found[0].message
    assert run("cross-account-invoke", d, trusted=["987654321098"]) == []


def test_own_account_and_services_are_not_cross_account() -> None:
    own = stmt("own", {"AWS": f"arn:aws:iam::{ACCOUNT}:role/caller"})
    bare = stmt("bare", {"AWS": ACCOUNT})
    assert (
        run(
            "cross-account-invoke",
            detail(policies=[policy(own, bare), shape("s3-scoped.policy.json")]),
        )
        == []
    )


def test_cross_account_grant_cancelled_by_a_deny_is_not_reported() -> None:
    """IAM: an explicit Deny wins; the account named in the Allow cannot invoke after all."""
    partner = stmt("partner", {"AWS": "arn:aws:iam::987654321098:root"})
    shut = stmt("shut", {"AWS": "987654321098"}, effect="Deny")
    assert run("cross-account-invoke", detail(policies=[policy(partner, shut)])) == []


# -- no-failure-destination ----------------------------------------------------------------------


def test_no_failure_destination_for_async_triggers_per_qualifier() -> None:
    d = detail(
        triggers=[
            push("s3", BUCKET, TriggerStatus.OK, "s3", "live"),
            push("sns", TOPIC, TriggerStatus.OK, "sns"),
        ],
        destinations=(Destination(None, None, QUEUE),),  # covers the unqualified function only
    )
    (f,) = run("no-failure-destination", d)
    assert (f.severity, f.resource) == (Severity.MEDIUM, f"{FN}:live")
    assert "demo-uploads" in f.message


@pytest.mark.parametrize(
    "fields",
    [
        {"destinations": (Destination(None, None, QUEUE),)},
        {"dlq": QUEUE},
        {"errors": (ReadError("lambda", "ListFunctionEventInvokeConfigs", "AccessDenied", "no"),)},
    ],
)
def test_a_failure_destination_a_dlq_or_an_unknown_config_passes(fields: dict[str, Any]) -> None:
    d = detail(triggers=[push("events", RULE_ARN, TriggerStatus.OK, "nightly")], **fields)
    assert run("no-failure-destination", d) == []


def test_synchronous_or_broken_triggers_need_no_failure_destination() -> None:
    api = f"arn:aws:execute-api:us-east-1:{ACCOUNT}:a1b2c3d4e5/*/GET/orders"
    d = detail(
        triggers=[
            push("apigateway", api, TriggerStatus.OK, "api"),
            push("s3", BUCKET, TriggerStatus.MISSING_PERMISSION),
            Trigger("pull", "sqs", MAPPING.event_source_arn, None, TriggerStatus.OK),
        ]
    )
    assert run("no-failure-destination", d) == []


# -- deprecated-runtime --------------------------------------------------------------------------


def test_deprecated_runtime_by_date() -> None:
    (f,) = run("deprecated-runtime", detail(runtime="python3.7"))
    assert (f.severity, f.resource) == (Severity.MEDIUM, "python3.7")
    assert "2023-12-04" in f.message
    assert run("deprecated-runtime", detail(runtime="python3.12")) == []
    assert run("deprecated-runtime", detail(runtime=None)) == []  # container image
    assert run("deprecated-runtime", detail(runtime="python3.9"), today=date(2025, 12, 14)) == []
    assert (
        len(run("deprecated-runtime", detail(runtime="python3.9"), today=date(2025, 12, 15))) == 1
    )


# -- policy-near-limit ---------------------------------------------------------------------------


def big_policy(statements: int, qualifier: str | None = None) -> Policy:
    return policy(
        *(
            stmt(
                f"s3-bucket-{i:04}",
                service("s3"),
                qualifier=qualifier,
                ArnLike={"AWS:SourceArn": f"arn:aws:s3:::bucket-{i:04}"},
                StringEquals={"AWS:SourceAccount": ACCOUNT},
            )
            for i in range(statements)
        ),
        qualifier=qualifier,
    )


def test_policy_near_limit_per_policy() -> None:
    full, small = big_policy(55, "live"), big_policy(50)
    assert 20480 > full.size_bytes > 0.8 * 20480 > small.size_bytes
    found = run("policy-near-limit", detail(policies=[small, full]))
    assert resources(found) == [f"{FN}:live"]
    assert found[0].severity is Severity.MEDIUM
    assert run("policy-near-limit", detail(policies=[small])) == []


# -- the whole evaluation ------------------------------------------------------------------------


def demo_like() -> FunctionDetail:
    return detail(
        runtime="python3.7",
        environment={"DB_PASSWORD": PASSWORD},
        policies=[shape("mixed.policy.json"), policy(s3_grant(), qualifier=None)],
        triggers=[
            push("s3", BUCKET, TriggerStatus.SOURCE_MISSING, "s3-uploads"),
            push("events", RULE_ARN, TriggerStatus.OK, "nightly-rule"),
            push("sns", TOPIC, TriggerStatus.MISSING_PERMISSION),
        ],
    )


def test_evaluate_sorts_worst_first_then_function_then_rule() -> None:
    other = FunctionDetail(
        Function("alpha", FN.replace("orders", "alpha"), "us-east-1", runtime="python3.7")
    )
    picture = AccountPicture(Identity(ACCOUNT, "arn"), "us-east-1", (demo_like(), other), ())
    found = evaluate(picture, today=TODAY)
    keys = [(-f.severity.rank, f.function_arn, f.rule) for f in found]
    assert keys == sorted(keys)
    assert found[0].severity is Severity.CRITICAL
    assert {f.function_arn for f in found} == {FN, other.function.arn}
    trusted = evaluate(picture, trusted_accounts=["987654321098"], today=TODAY)
    assert "cross-account-invoke" in {f.rule for f in found} - {f.rule for f in trusted}


def test_findings_carry_their_rule_severity_and_an_actionable_message() -> None:
    found = evaluate_function(demo_like(), today=TODAY)
    keys = [(-f.severity.rank, f.rule, f.resource or "") for f in found]
    assert keys == sorted(keys)
    assert {f.rule for f in found} >= {
        "public-invoke",
        "secrets-in-environment",
        "broken-trigger",
        "service-without-source-arn",
        "s3-without-source-account",
        "orphaned-permission",
        "wildcard-source",
        "cross-account-invoke",
        "no-failure-destination",
        "deprecated-runtime",
    }
    for f in found:
        expected = RULES_BY_ID[f.rule].severity
        if f.rule == "orphaned-permission":
            expected = Severity.HIGH  # its S3 grant has no SourceAccount
        assert f.severity is expected, f
        assert "orders" in f.message and len(f.message) > 60
        assert PASSWORD not in repr(f)
        for line in f.fix.cli if f.fix else ():
            assert parse_cli(line).params["FunctionName"] == "orders"


def test_broken_trigger_refused_by_a_deny_names_it_and_offers_no_grant() -> None:
    """IAM: an explicit Deny wins, so adding an Allow cannot mend the trigger."""
    deny_sns = stmt("no-sns", service("sns"), effect="Deny")
    d = detail(
        policies=[policy(stmt("sns-orders", service("sns"), ArnLike={"aws:SourceArn": TOPIC}),
                         deny_sns)],
        triggers=[push("sns", TOPIC, TriggerStatus.MISSING_PERMISSION)],
    )  # fmt: skip
    (f,) = run("broken-trigger", d)
    assert "Deny statement 'no-sns' refuses it" in f.message
    assert f.fix is None and f.remedy is None
    url = FunctionUrl(None, "https://abc.lambda-url.us-east-1.on.aws/", "NONE")
    guard = stmt("no-public", "*", effect="Deny")
    d = detail(
        policies=[policy(URL_ACTION, VIA_URL, guard)],
        triggers=[push("function-url", None, TriggerStatus.MISSING_PERMISSION)],
        function_urls=(url,),
    )
    (f,) = run("broken-trigger", d)
    assert "'no-public'" in f.message and f.remedy is None
