"""Plans over function URLs: the two statements a public URL needs, and switching AuthType."""

from __future__ import annotations

from lambdatui.actions.calls import ApiCall, add_permission, update_function_url_auth
from lambdatui.actions.check_types import UrlAuthType, UrlConfigSnapshot
from lambdatui.actions.permissions import (
    grant_step,
    on,
    policy_guard,
    policy_snapshot,
    removal_step,
    revision_for,
    unique_sid,
)
from lambdatui.actions.plan import Plan, PlanError, Step
from lambdatui.actions.validate import URL_AUTH_TYPES
from lambdatui.core.model import FunctionDetail, FunctionUrl
from lambdatui.core.policy import is_function_url_statement, is_public
from lambdatui.core.public_access import url_access

URL_SIDS = ("FunctionURLAllowPublicAccess", "FunctionURLInvokeAllowPublicAccess")


def public_url_calls(detail: FunctionDetail, qualifier: str | None) -> list[ApiCall]:
    """The statements a public (AuthType NONE) function URL needs that are missing, as the
    evaluator sees an anonymous caller (`core.public_access.url_access`): none when the URL
    already works, and none when a Deny refuses it (no grant would help)."""
    f = detail.function
    access = url_access(detail, qualifier)
    if access.works or access.denied_by:
        return []
    revision = revision_for(detail, qualifier)
    calls = []
    if "lambda:InvokeFunctionUrl" in access.missing:
        calls.append(
            add_permission(
                f.name,
                unique_sid(detail, qualifier, URL_SIDS[0]),
                "*",
                action="lambda:InvokeFunctionUrl",
                function_url_auth_type="NONE",
                qualifier=qualifier,
                revision_id=revision,
                region=f.region,
            )
        )
    if "lambda:InvokeFunction" in access.missing:
        calls.append(
            add_permission(
                f.name,
                unique_sid(detail, qualifier, URL_SIDS[1]),
                "*",
                invoked_via_function_url=True,
                qualifier=qualifier,
                revision_id=None if calls else revision,
                region=f.region,
            )
        )
    return calls


def public_url_plan(detail: FunctionDetail, qualifier: str | None) -> Plan:
    f = detail.function
    calls = public_url_calls(detail, qualifier)
    if not calls:
        access = url_access(detail, qualifier)
        if access.denied_by:
            raise PlanError(f"no grant would open the URL: {access.why_not}")
        raise PlanError("an anonymous caller already gets through the function URL")
    return Plan(
        title=f"Let anyone call the function URL of {f.name}{on(qualifier)}",
        why="The URL has AuthType NONE, but since October 2025 a public URL also needs two "
        "statements (lambda:InvokeFunctionUrl with FunctionUrlAuthType NONE, and "
        "lambda:InvokeFunction via the URL); without them every call is refused.",
        function_arn=f.arn,
        steps=tuple(grant_step(c, f"Add statement {c.params['StatementId']}") for c in calls),
        preconditions=policy_guard(detail, qualifier),
        verify=tuple(c for call in calls for c in call.checks()),
        snapshots=(policy_snapshot(detail, qualifier),),
    )


def url_auth_plan(detail: FunctionDetail, url: FunctionUrl, auth_type: str = "AWS_IAM") -> Plan:
    """Switch a function URL's AuthType; to AWS_IAM also removes the public URL statements,
    to NONE adds the ones a public URL needs."""
    if auth_type not in URL_AUTH_TYPES:
        raise PlanError(f"AuthType must be one of {', '.join(URL_AUTH_TYPES)}")
    if url.auth_type == auth_type:
        raise PlanError(f"the URL's AuthType is already {auth_type}")
    f, q = detail.function, url.qualifier
    switch = Step(
        update_function_url_auth(f.name, auth_type, qualifier=q, region=f.region),
        f"Set the AuthType of the function URL of {f.name}{on(q)} to {auth_type}",
        update_function_url_auth(f.name, url.auth_type, qualifier=q, region=f.region),
    )
    warnings: list[str] = []
    if auth_type == "AWS_IAM":
        public = [
            s
            for s in detail.statements
            if s.qualifier == q and is_public(s) and is_function_url_statement(s)
        ]
        extra = []
        for i, s in enumerate(public):
            step, warning = removal_step(detail, s, revision_for(detail, q) if i == 0 else None)
            extra.append(step)
            warnings += [warning] if warning else []
        steps = (switch, *extra)
        warnings.insert(
            0,
            "Callers must then sign requests (SigV4) and hold "
            "lambda:InvokeFunctionUrl: unsigned callers (browsers, webhooks) get 403.",
        )
        why = f"The URL {url.url} has AuthType NONE: anyone on the internet can call it."
    else:
        steps = (
            *(
                grant_step(c, f"Add statement {c.params['StatementId']}")
                for c in public_url_calls(detail, q)
            ),
            switch,
        )
        why = "You asked to make the function URL public."
    now = UrlAuthType(f.name, q, url.auth_type)
    policy_touched = len(steps) > 1
    return Plan(
        title=f"Set the function URL of {f.name}{on(q)} to {auth_type}",
        why=why,
        function_arn=f.arn,
        steps=steps,
        preconditions=(now, *(policy_guard(detail, q) if policy_touched else ())),
        verify=tuple(c for s in steps for c in s.call.checks()),
        warnings=tuple(warnings),
        snapshots=(
            UrlConfigSnapshot(f.name, q),
            *((policy_snapshot(detail, q),) if policy_touched else ()),
        ),
    )
