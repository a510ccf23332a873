"""What would fix a finding, as a typed value: the intent, not the calls.

An audit rule says *what* should change (grant this trigger, remove that statement, scope a grant
to these sources, close a URL …); `lambdatui.actions.remedies` alone turns a remedy into a `Plan`
with its exact calls and AWS CLI text. The reports, the `fix` command and the TUI's `f` key all
go through that one place, so a report's fix is by construction what `fix` would run.

Pure: frozen values naming things by qualifier, statement id and ARN; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GrantTrigger:
    """Add the least-privilege statement a wired trigger lacks (scoped to its exact source)."""

    source: str
    """The trigger's service: s3, sns, events, apigateway, logs, cognito-idp, …"""
    source_arn: str
    qualifier: str | None = None


@dataclass(frozen=True, slots=True)
class AddUrlStatements:
    """Add the statements a public (AuthType NONE) function URL needs and lacks."""

    qualifier: str | None = None


@dataclass(frozen=True, slots=True)
class RemoveStatement:
    """Remove one statement of the resource policy (RemovePermission by its Sid)."""

    sid: str
    qualifier: str | None = None


@dataclass(frozen=True, slots=True)
class ScopeGrant:
    """Replace a too-broad grant with one exact grant per source ARN, then remove it."""

    sid: str
    source_arns: tuple[str, ...]
    qualifier: str | None = None
    problem: str = "it is broader than its sources"
    """Why the grant is too broad, in words ('it names no SourceArn')."""


@dataclass(frozen=True, slots=True)
class CloseUrl:
    """Switch a public function URL to AWS_IAM and remove the statements that opened it."""

    url: str
    qualifier: str | None = None


@dataclass(frozen=True, slots=True)
class GrantRole:
    """Let a role do what a wiring needs on one resource: a least-privilege inline policy on the
    role, scoped to that resource. Never a managed policy, never a wider existing statement."""

    role_arn: str
    actions: tuple[str, ...]
    resource: str
    purpose: str
    """What the access is for, in words: 'read the source', 'write to the destination' …"""


def url_resource(qualifier: str | None) -> str:
    """How a finding names a function URL trigger: `function-url` or `function-url:QUALIFIER`."""
    return f"function-url:{qualifier}" if qualifier else "function-url"


Remedy = GrantTrigger | AddUrlStatements | RemoveStatement | ScopeGrant | CloseUrl | GrantRole
"""Every kind of fix an audit rule can propose."""

__all__ = [
    "AddUrlStatements",
    "CloseUrl",
    "GrantRole",
    "GrantTrigger",
    "Remedy",
    "RemoveStatement",
    "ScopeGrant",
    "url_resource",
]
