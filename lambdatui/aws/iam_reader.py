"""A role's identity policies, read once per scan: the execution role's half of a permission.

GetRole (for the permissions boundary), ListRolePolicies + GetRolePolicy (inline), and
ListAttachedRolePolicies + GetPolicy + GetPolicyVersion (managed: each policy version read once
per scan, however many roles attach it). Where the account allows `iam:SimulatePrincipalPolicy`
its answer is the authority (it sees permission boundaries, which the documents alone do not);
an emulator or an account that refuses it falls back to the documents, once per session.

Every failure is recorded on the `RolePolicies` (`failed`), never read as "no permission".
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote

from lambdatui.aws.session import AwsSession
from lambdatui.aws.translate import aws_call, read_error
from lambdatui.core.arn import parse_arn
from lambdatui.core.errors import AwsError, NotFound
from lambdatui.core.role_access import RolePolicies


def _document(value: Any) -> Any:
    """IAM returns policy documents URL-encoded JSON (boto3 decodes most; not every emulator)."""
    if isinstance(value, str):
        try:
            return json.loads(unquote(value))
        except ValueError:
            return {}
    return value


class IamReader:
    def __init__(self, session: AwsSession, *, simulate: bool = True) -> None:
        self.session = session
        self._lock = threading.Lock()
        self._roles: dict[str, RolePolicies] = {}
        self._managed: dict[str, Any] = {}
        self._simulate = simulate

    def client(self) -> Any:
        return self.session.client("iam")

    def role_policies(self, role_arn: str) -> RolePolicies:
        """Every identity policy of the role (cached for this reader's life: one scan)."""
        with self._lock:
            cached = self._roles.get(role_arn)
        if cached is not None:
            return cached
        policies = self._read(role_arn)
        with self._lock:
            self._roles[role_arn] = policies
        return policies

    def _read(self, role_arn: str) -> RolePolicies:
        parsed = parse_arn(role_arn)
        name = parsed.resource.rsplit("/", 1)[-1] if parsed else role_arn
        client = self.client()
        try:
            with aws_call("iam", "GetRole", role_arn):
                role = client.get_role(RoleName=name)["Role"]
            documents: list[tuple[str, Any]] = []
            with aws_call("iam", "ListRolePolicies", role_arn):
                inline = [
                    n
                    for page in client.get_paginator("list_role_policies").paginate(RoleName=name)
                    for n in page.get("PolicyNames") or ()
                ]
            for policy_name in inline:
                with aws_call("iam", "GetRolePolicy", role_arn):
                    answer = client.get_role_policy(RoleName=name, PolicyName=policy_name)
                documents.append((policy_name, _document(answer.get("PolicyDocument"))))
            with aws_call("iam", "ListAttachedRolePolicies", role_arn):
                attached = [
                    p
                    for page in client.get_paginator("list_attached_role_policies").paginate(
                        RoleName=name
                    )
                    for p in page.get("AttachedPolicies") or ()
                ]
            for policy in attached:
                documents.append((policy["PolicyName"], self._managed_document(policy)))
        except NotFound as exc:
            return RolePolicies(role_arn, failed=read_error(exc, iam_resource=role_arn))
        except AwsError as exc:
            return RolePolicies(role_arn, failed=read_error(exc, iam_resource=role_arn))
        return RolePolicies(
            role_arn,
            documents=tuple(documents),
            has_boundary=bool(role.get("PermissionsBoundary")),
            trust=_document(role.get("AssumeRolePolicyDocument")),
        )

    def _managed_document(self, policy: dict[str, Any]) -> Any:
        arn = policy["PolicyArn"]
        with self._lock:
            if arn in self._managed:
                return self._managed[arn]
        client = self.client()
        with aws_call("iam", "GetPolicy", arn):
            version = client.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
        with aws_call("iam", "GetPolicyVersion", arn):
            answer = client.get_policy_version(PolicyArn=arn, VersionId=version)
        document = _document(answer["PolicyVersion"].get("Document"))
        with self._lock:
            self._managed[arn] = document
        return document

    def simulate(
        self, role_arn: str, actions: Iterable[str], resource: str
    ) -> dict[tuple[str, str], bool] | None:
        """iam:SimulatePrincipalPolicy's verdict per action, or None where it cannot be asked
        (not allowed, not implemented): then the documents decide, with a caveat."""
        if not self._simulate:
            return None
        actions = list(actions)
        try:
            with aws_call("iam", "SimulatePrincipalPolicy", role_arn):
                answer = self.client().simulate_principal_policy(
                    PolicySourceArn=role_arn, ActionNames=actions, ResourceArns=[resource]
                )
        except AwsError:
            self._simulate = False  # refused or not served: do not ask again this session
            return None
        return {
            (r["EvalActionName"], resource): r.get("EvalDecision") == "allowed"
            for r in answer.get("EvaluationResults") or ()
        }
