"""One AWS call as data: the boto3 call, its exact AWS CLI text, and what it means.

`ApiCall` is what a plan's step sends and what the user previews, copies and runs. Each mutating
operation lambdatui makes is a subclass (`lambdatui.actions.operations`) that knows the checks
proving it took effect, how to undo it when the undo depends on the answer, and whether
"already gone" counts as undone; the executor asks the call, never its name. `parse_cli` reads a
command line back, which the tests use to prove the rendering loses nothing.

Rendering rules: `s3` is the CLI's `s3api`; the boto3 operation `add_permission` is the CLI's
`add-permission`; the parameter `SourceArn` is `--source-arn`; strings are shell-quoted only when
they need it; maps and lists are compact JSON; booleans are the CLI's flags (`--invoked-via-
function-url` / `--no-invoked-via-function-url`), because the AWS CLI refuses `true`/`false` values
for top-level booleans.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Self

if TYPE_CHECKING:
    from lambdatui.actions.check_types import Check

_CLI_SERVICE = {"s3": "s3api"}
_BOTO_SERVICE = {cli: boto for boto, cli in _CLI_SERVICE.items()}

# Parameter names whose CamelCase is not the plain title-casing of their kebab-case form.
_IRREGULAR = {
    "principal-org-id": "PrincipalOrgID",
    "uuid": "UUID",
    "kms-key-arn": "KMSKeyArn",
    "content-md5": "ContentMD5",
    "sse-customer-key-md5": "SSECustomerKeyMD5",
    "sse-kms-key-id": "SSEKMSKeyId",
}
# Integer parameters (of the calls lambdatui makes): digits on the command line, ints in boto3.
_INTEGER_PARAMS = frozenset({"MaximumRetryAttempts", "MaximumEventAgeInSeconds", "BatchSize"})
_GLOBAL_REGION = "--region"
_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def kebab(name: str) -> str:
    """`SourceArn` -> `source-arn`, `PrincipalOrgID` -> `principal-org-id`, `UUID` -> `uuid`."""
    return _WORD_BOUNDARY.sub("-", name).replace("_", "-").lower()


def camel(option: str) -> str:
    """`source-arn` -> `SourceArn`, with the irregular names (`principal-org-id`) mapped."""
    if option in _IRREGULAR:
        return _IRREGULAR[option]
    return "".join(part[:1].upper() + part[1:] for part in option.split("-"))


@dataclass(frozen=True, eq=False)
class ApiCall:
    """One boto3 call: `client(service).<operation>(**params)` in `region` (None = the session's).

    `params` is kept read-only. Calls are equal when they send the same thing (whatever their
    class) and equal calls hash equally (by their canonical JSON). The behaviour below is that of
    a call lambdatui knows nothing more about; the operations override it.
    """

    service: str
    operation: str
    params: Mapping[str, Any]
    region: str | None = None

    SERVICE: ClassVar[str] = ""
    OPERATION: ClassVar[str] = ""
    """An operation's boto3 service and method (its subclass's `make` fills them in)."""
    gone_is_undone: ClassVar[bool] = False
    """Whether a NotFound answer to this call, sent as an undo, means the change is undone."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def _key(self) -> tuple[str, str, str, str | None]:
        body = json.dumps(plain(self.params), sort_keys=True, default=str)
        return (self.service, self.operation, body, self.region)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ApiCall) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    @classmethod
    def make(cls, params: Mapping[str, Any], region: str | None = None) -> Self:
        """This operation with these parameters."""
        return cls(cls.SERVICE, cls.OPERATION, params, region)

    # -- what the call means (overridden by `lambdatui.actions.operations`) -------------------
    def checks(self) -> tuple[Check, ...]:
        """What holds once the call is applied: its verification, and the precondition of its
        undo (empty when lambdatui cannot tell)."""
        return ()

    def undo_from_answer(self, answer: Any) -> ApiCall | None:
        """The call reversing this one when only its answer names what to reverse."""
        return None

    def policy(self) -> tuple[str, str | None] | None:
        """(function, qualifier) of the resource policy the call changes, or None."""
        return None

    def without_revision(self) -> Self:
        """The call without its `RevisionId` (for a later change of a policy already changed)."""
        if "RevisionId" not in self.params:
            return self
        params = {k: v for k, v in self.params.items() if k != "RevisionId"}
        return type(self)(self.service, self.operation, params, self.region)

    def may_be_in_effect(self, error_code: str) -> bool:
        """Whether this error may mean the change is already there (then its checks decide)."""
        return False

    def refused_sentence(self, error_code: str) -> str | None:
        """What to say when `may_be_in_effect` but the checks show a different thing is there."""
        return None

    def rechecks(self, preconditions: tuple[Check, ...]) -> tuple[Check, ...]:
        """Preconditions to read again right before sending this call (after earlier steps)."""
        return ()

    def argv(self) -> list[str]:
        """The AWS CLI command as an argument vector (values unquoted)."""
        args = ["aws", _CLI_SERVICE.get(self.service, self.service), kebab(self.operation)]
        for name, value in self.params.items():
            option = "--" + kebab(name)
            if value is None:
                continue
            if isinstance(value, bool):
                args.append(option if value else "--no-" + option[2:])
            elif isinstance(value, Mapping | list | tuple):
                args += [option, json.dumps(plain(value), separators=(",", ":"))]
            else:
                args += [option, str(value)]
        if self.region:
            args += [_GLOBAL_REGION, self.region]
        return args

    def cli(self) -> str:
        """The AWS CLI command line, quoted for a POSIX shell only where needed."""
        return shlex.join(self.argv())


def plain(value: Any) -> Any:
    """Mappings and tuples as dicts (with str keys) and lists, so they render as JSON."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


class CliParseError(ValueError):
    """A command line that is not an `aws <service> <operation> --option …` command."""


def parse_cli(command: str) -> ApiCall:
    """Read an AWS CLI command line (as `ApiCall.cli` writes it) back into an `ApiCall`."""
    try:
        tokens = shlex.split(command)
    except ValueError as exc:
        raise CliParseError(f"cannot split the command line: {exc}") from None
    if len(tokens) < 3 or tokens[0] != "aws":
        raise CliParseError("expected 'aws <service> <operation> …'")
    service = _BOTO_SERVICE.get(tokens[1], tokens[1])
    operation = tokens[2].replace("-", "_")
    params: dict[str, Any] = {}
    region: str | None = None
    rest = tokens[3:]
    i = 0
    while i < len(rest):
        token = rest[i]
        if not token.startswith("--") or len(token) < 3:
            raise CliParseError(f"expected an option, found {token!r}")
        has_value = i + 1 < len(rest) and not rest[i + 1].startswith("--")
        option = token[2:]
        if not has_value:  # a boolean flag
            negated = option.startswith("no-")
            params[camel(option[3:] if negated else option)] = not negated
            i += 1
            continue
        value = rest[i + 1]
        i += 2
        if token == _GLOBAL_REGION:
            region = value
            continue
        name = camel(option)
        params[name] = _value(name, value)
    return ApiCall(service, operation, params, region)


def _value(name: str, text: str) -> Any:
    if name in _INTEGER_PARAMS and re.fullmatch(r"-?\d+", text):
        return int(text)
    if text[:1] in "{[":
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError:
            return text
        if isinstance(parsed, dict | list):
            return parsed
    return text
