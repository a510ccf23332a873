"""Plans for the role's half: let a role read a source, write to a destination or invoke.

One inline policy of lambdatui's per fix, on the role, scoped to the one resource and the actions
the check found missing — never a managed policy (others may share it), never a wider existing
statement. Its name says who wrote it and for what; a policy of that name already there refuses
the plan (nothing is overwritten). Undo deletes that inline policy and nothing else.
"""

from __future__ import annotations

import hashlib
import json
import re

from lambdatui.actions.check_types import RolePolicyAbsent
from lambdatui.actions.operations import DeleteRolePolicy, PutRolePolicy
from lambdatui.actions.plan import Plan, PlanError, Step
from lambdatui.core.arn import parse_arn, resource_name
from lambdatui.core.model import FunctionDetail
from lambdatui.core.remedy import GrantRole

_NAME_CHARS = re.compile(r"[^\w+=,.@-]")


def role_name(role_arn: str) -> str:
    parsed = parse_arn(role_arn)
    if parsed is None or parsed.service != "iam" or not parsed.resource.startswith("role/"):
        raise PlanError(f"{role_arn} is not an IAM role")
    return resource_name(role_arn)


def policy_name(remedy: GrantRole) -> str:
    """`lambdatui-<purpose>-<resource>-<hash>`, within IAM's 128 characters and alphabet."""
    digest = hashlib.sha256(f"{remedy.resource} {remedy.actions}".encode()).hexdigest()[:8]
    purpose = _NAME_CHARS.sub("-", remedy.purpose.split()[0])
    resource = _NAME_CHARS.sub("-", resource_name(remedy.resource))[:80]
    return f"lambdatui-{purpose}-{resource}-{digest}"


def policy_document(remedy: GrantRole) -> dict[str, object]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Lambdatui",
                "Effect": "Allow",
                "Action": list(remedy.actions),
                "Resource": remedy.resource,
            }
        ],
    }


def grant_role_plan(detail: FunctionDetail, remedy: GrantRole) -> Plan:
    if not remedy.actions:
        raise PlanError("nothing is missing: the role already may")
    role = role_name(remedy.role_arn)
    name = policy_name(remedy)
    params = {
        "RoleName": role,
        "PolicyName": name,
        "PolicyDocument": json.dumps(policy_document(remedy), separators=(",", ":")),
    }
    call = PutRolePolicy.make(params)
    undo = DeleteRolePolicy.make({"RoleName": role, "PolicyName": name})
    what = resource_name(remedy.resource)
    return Plan(
        title=f"Let role {role} {remedy.purpose} {what}",
        why=f"{detail.function.name} needs role {role} to {remedy.purpose} ({remedy.resource}), "
        f"and it may not {', '.join(remedy.actions)}. A new inline policy of lambdatui's on the "
        "role allows exactly these actions on this one resource; no managed policy and no "
        "existing statement is changed.",
        function_arn=detail.function.arn,
        steps=(Step(call, f"Add inline policy {name} to role {role}", undo=undo),),
        preconditions=(RolePolicyAbsent(role, name),),
        verify=call.checks(),
    )
