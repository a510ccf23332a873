"""The role's half of every wiring, for one account and region.

- Invokers that call with their own role (Step Functions, Firehose, Pipes, Scheduler) are scanned
  once per account and region, like the push services, and become triggers whose status their
  role decides (`Trigger.invoker_role`).
- Each function's execution role is checked for every pull source it polls and every destination
  it writes to (`FunctionDetail.role_checks`).

Roles' policies are read once per scan (`IamReader`). A read that fails leaves the check
unknown: the trigger is `unverified`, the check's `allowed` is None, and the read is an error.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from lambdatui.aws.iam_reader import IamReader
from lambdatui.aws.role_invokers import RoleInvokerReader, role_invoker_readers
from lambdatui.aws.session import AwsSession
from lambdatui.aws.source_keys import SourceKey, source_key
from lambdatui.aws.translate import read_error
from lambdatui.core.arn import function_qualifier, resource_name, unqualified_function_arn
from lambdatui.core.errors import AwsError
from lambdatui.core.model import (
    FunctionDetail,
    ReadError,
    RoleCheck,
    RoleInvoker,
    Trigger,
    TriggerStatus,
)
from lambdatui.core.role_access import (
    DESTINATION_ACTIONS,
    INVOKE_ACTIONS,
    PULL_SOURCE_ACTIONS,
    destination_service,
    destination_uses,
    role_allows,
    role_trusts,
    unknown_check,
)
from lambdatui.inventory.memo import OncePerKey

READ_SOURCE = "read the source"
DECRYPT_SOURCE = "decrypt the source"
DECRYPT_ACTIONS = ("kms:Decrypt",)
WRITE_DESTINATION = "write to the destination"
INVOKE = "invoke the function"
EDGE_PRINCIPAL = "edgelambda.amazonaws.com"
EDGE_TRUST = f"the execution role trusts {EDGE_PRINCIPAL}"


@dataclass
class RoleInvokers:
    """What the role-based services say targets each function (unqualified ARN → invokers)."""

    by_function: dict[str, list[RoleInvoker]] = field(default_factory=dict)
    failed: dict[str, ReadError] = field(default_factory=dict)
    """source → the listing that failed (its invokers are unknown)."""
    errors: list[ReadError] = field(default_factory=list)


class RoleChecks:
    def __init__(self, session: AwsSession, *, workers: int = 8) -> None:
        self.session = session
        self.workers = workers
        self.iam = IamReader(session)
        self._readers: Mapping[str, RoleInvokerReader] = {
            source: cls(session) for source, cls in role_invoker_readers().items()
        }
        self._lock = threading.Lock()
        self._invokers: RoleInvokers | None = None
        self._keys: OncePerKey[str, SourceKey] = OncePerKey(lambda arn: source_key(session, arn))

    def invalidate(self) -> None:
        with self._lock:
            self._invokers = None
            self._keys.clear()
            self.iam = IamReader(self.session)

    def invokers(self) -> RoleInvokers:
        """Scan every role-based invoker once (cached until `invalidate`)."""
        with self._lock:
            if self._invokers is not None:
                return self._invokers

            def scan(source: str) -> tuple[str, list[RoleInvoker] | AwsError, list[ReadError]]:
                reader = self._readers[source]
                try:
                    return source, reader.invokers(), list(reader.errors)
                except AwsError as exc:
                    return source, exc, list(reader.errors)

            found = RoleInvokers()
            with ThreadPoolExecutor(max_workers=len(self._readers)) as pool:
                for source, invokers, errors in pool.map(scan, list(self._readers)):
                    found.errors.extend(errors)
                    if isinstance(invokers, AwsError):
                        error = read_error(invokers)
                        found.failed[source] = error
                        found.errors.append(error)
                        continue
                    for invoker in invokers:
                        key = unqualified_function_arn(invoker.target_arn)
                        found.by_function.setdefault(key, []).append(invoker)
            self._invokers = found
            return found

    # -- one function ---------------------------------------------------------------------------
    def for_function(self, detail: FunctionDetail) -> FunctionDetail:
        """The detail with its role-based invokers among its triggers and its execution role's
        checks; every read that failed joins its errors."""
        invokers = self.invokers().by_function.get(detail.function.arn, [])
        triggers = [self._invoker_trigger(i, detail.function.role) for i in invokers]
        checks = self._execution_role_checks(detail)
        failures = [t.failed_read for t in triggers if t.failed_read is not None]
        failures += [c.failed for c in checks if c.failed is not None]
        return _with(detail, triggers, checks, failures)

    def _invoker_trigger(self, invoker: RoleInvoker, execution_role: str | None) -> Trigger:
        if invoker.source == "cloudfront":
            return self._edge_trigger(invoker, execution_role)
        base = dict(
            kind="push",
            source=invoker.source,
            source_arn=invoker.source_arn,
            qualifier=function_qualifier(invoker.target_arn),
            detail={**invoker.detail, "role": invoker.role_arn, "permission": "the invoker's role"},
            invoker_role=invoker.role_arn,
        )
        if not invoker.role_arn:
            note = (
                "invoked with the credentials of whoever changes the stack (no stack role)"
                if invoker.source == "cloudformation"
                else "the invoker names no role"
            )
            return Trigger(**base, status=TriggerStatus.UNVERIFIED, note=note)
        check = self.check(invoker.role_arn, INVOKE_ACTIONS, invoker.target_arn, INVOKE)
        if check.allowed is None:
            return Trigger(
                **base,
                status=TriggerStatus.UNVERIFIED,
                note=check.summary,
                failed_read=check.failed,
            )
        status = TriggerStatus.OK if check.allowed else TriggerStatus.MISSING_PERMISSION
        note = "" if check.allowed else check.summary
        return Trigger(**base, status=status, note=note)

    def _edge_trigger(self, invoker: RoleInvoker, execution_role: str | None) -> Trigger:
        """Lambda@Edge: the function's own execution role must trust edgelambda.amazonaws.com."""
        base = dict(
            kind="push",
            source=invoker.source,
            source_arn=invoker.source_arn,
            qualifier=function_qualifier(invoker.target_arn),
            detail={**invoker.detail, "role": execution_role, "permission": EDGE_TRUST},
            invoker_role=execution_role,
        )
        if not execution_role:
            return Trigger(**base, status=TriggerStatus.UNVERIFIED, note="no execution role")
        check = role_trusts(self.iam.role_policies(execution_role), EDGE_PRINCIPAL, purpose=INVOKE)
        if check.allowed is None:
            return Trigger(
                **base,
                status=TriggerStatus.UNVERIFIED,
                note=check.summary,
                failed_read=check.failed,
            )
        if check.allowed:
            return Trigger(**base, status=TriggerStatus.OK)
        note = f"its execution role {resource_name(execution_role)} does not trust {EDGE_PRINCIPAL}"
        return Trigger(**base, status=TriggerStatus.MISSING_PERMISSION, note=note)

    def _execution_role_checks(self, detail: FunctionDetail) -> list[RoleCheck]:
        role = detail.function.role
        if not role:
            return []
        wanted: list[tuple[tuple[str, ...], str, str, str]] = []
        checks: list[RoleCheck] = []
        for mapping in detail.event_source_mappings:
            actions = PULL_SOURCE_ACTIONS.get(mapping.source)
            if actions and mapping.event_source_arn:
                wanted.append((actions, mapping.event_source_arn, READ_SOURCE, mapping.source))
                checks.extend(self._decrypt_check(role, mapping.event_source_arn))
        for arn in destination_uses(detail):
            service = destination_service(arn)
            # A destination known not to exist is already unusable; one of unknown existence
            # is checked all the same (the role's half does not depend on it).
            if service and detail.destination_exists.get(arn) is not False:
                wanted.append((DESTINATION_ACTIONS[service], arn, WRITE_DESTINATION, service))
        checks += [self.check(role, a, r, purpose, source) for a, r, purpose, source in wanted]
        return checks

    def _decrypt_check(self, role: str, source_arn: str) -> list[RoleCheck]:
        """kms:Decrypt with the source's customer managed key, when it has one."""
        key = self._keys.get(source_arn)
        if key.failed is not None:
            return [unknown_check(role, DECRYPT_SOURCE, source_arn, DECRYPT_ACTIONS, key.failed)]
        if key.key_arn is None:
            return []
        check = self.check(role, DECRYPT_ACTIONS, key.key_arn, DECRYPT_SOURCE, "kms")
        return [replace(check, detail={"source": source_arn})]

    def check(
        self,
        role_arn: str,
        actions: Iterable[str],
        resource: str,
        purpose: str,
        source: str = "",
    ) -> RoleCheck:
        """May `role_arn` perform `actions` on `resource`? The simulator where it answers,
        else the role's policies."""
        actions = tuple(actions)
        policies = self.iam.role_policies(role_arn)
        if policies.failed is None:
            simulated = self.iam.simulate(role_arn, actions, resource)
            if simulated is not None:
                policies = replace(policies, simulated=simulated)
        return role_allows(policies, actions, resource, purpose=purpose, source=source)

    def prefetch(self, details: Iterable[FunctionDetail]) -> None:
        """Read every execution role of `details` concurrently (each once)."""
        roles = {d.function.role for d in details if d.function.role}
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            list(pool.map(self.iam.role_policies, roles))


def _with(
    detail: FunctionDetail,
    triggers: list[Trigger],
    checks: list[RoleCheck],
    failures: list[ReadError],
) -> FunctionDetail:
    errors = tuple(dict.fromkeys([*detail.errors, *failures]))
    return replace(
        detail,
        triggers=(*detail.triggers, *triggers),
        role_checks=tuple(checks),
        errors=errors,
    )
