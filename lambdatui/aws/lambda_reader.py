"""Reads of the Lambda control plane, returned as `lambdatui.core.model` objects.

Every list call is paginated; mappings are read once per region and indexed by function, never
one call per function. A section that fails raises a typed `AwsError` that the caller records,
so the rest of the picture still loads.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from lambdatui.aws.session import AwsSession
from lambdatui.aws.translate import api_name, aws_call
from lambdatui.core.arn import function_qualifier, unqualified_function_arn
from lambdatui.core.errors import NotFound
from lambdatui.core.model import (
    Alias,
    Destination,
    EventSourceMapping,
    Function,
    FunctionUrl,
    Layer,
    Policy,
    Version,
)
from lambdatui.core.policy import parse_policy


class LambdaReader:
    service = "lambda"

    def __init__(self, session: AwsSession) -> None:
        self.session = session

    @property
    def client(self) -> Any:
        return self.session.client("lambda")

    def _pages(self, operation: str, key: str, **params: Any) -> Iterator[list[dict[str, Any]]]:
        with aws_call(self.service, api_name(operation), params.get("FunctionName")):
            paginator = self.client.get_paginator(operation)
            for page in paginator.paginate(**params):
                yield page.get(key, [])

    # -- the account's functions ----------------------------------------------------------------
    def function_pages(self) -> Iterator[list[Function]]:
        """Functions page by page, as ListFunctions returns them."""
        region = self.session.region
        for page in self._pages("list_functions", "Functions"):
            yield [function_from(item, region) for item in page]

    def event_source_mappings(self) -> dict[str, list[EventSourceMapping]]:
        """Every mapping of the region, indexed by unqualified function ARN."""
        index: dict[str, list[EventSourceMapping]] = defaultdict(list)
        for page in self._pages("list_event_source_mappings", "EventSourceMappings"):
            for item in page:
                mapping = mapping_from(item)
                index[unqualified_function_arn(mapping.function_arn)].append(mapping)
        return dict(index)

    # -- one function -----------------------------------------------------------------------------
    def aliases(self, function_name: str) -> list[Alias]:
        return [
            Alias(
                name=a["Name"],
                arn=a["AliasArn"],
                function_version=a.get("FunctionVersion", ""),
                description=a.get("Description", ""),
            )
            for page in self._pages("list_aliases", "Aliases", FunctionName=function_name)
            for a in page
        ]

    def versions(self, function_name: str) -> list[Version]:
        return [
            Version(
                version=v["Version"], arn=v["FunctionArn"], description=v.get("Description", "")
            )
            for page in self._pages(
                "list_versions_by_function", "Versions", FunctionName=function_name
            )
            for v in page
            if v.get("Version") != "$LATEST"
        ]

    def function_version_pages(self) -> Iterator[tuple[list[Function], dict[str, list[Version]]]]:
        """One account-wide `ListFunctions(FunctionVersion=ALL)` sweep, page by page: each page's
        functions ($LATEST) and published versions by unqualified function ARN.

        It replaces one ListVersionsByFunction per function (a control-plane call each, at 15/s
        shared) with one call per 50 versions; a function's versions may span pages.
        """
        region = self.session.region
        for page in self._pages("list_functions", "Functions", FunctionVersion="ALL"):
            functions: list[Function] = []
            versions: dict[str, list[Version]] = defaultdict(list)
            for item in page:
                arn = unqualified_function_arn(item["FunctionArn"])
                version = item.get("Version") or "$LATEST"
                if version == "$LATEST":
                    functions.append(function_from({**item, "FunctionArn": arn}, region))
                else:
                    qualified = item["FunctionArn"]
                    if qualified == arn:  # some emulators leave the qualifier out
                        qualified = f"{arn}:{version}"
                    versions[arn].append(
                        Version(version, qualified, description=item.get("Description", ""))
                    )
            yield functions, dict(versions)

    def policy(self, function_name: str, qualifier: str | None = None) -> Policy | None:
        """The resource policy of one qualifier, or None when it has no statements."""
        params: dict[str, Any] = {"FunctionName": function_name}
        if qualifier:
            params["Qualifier"] = qualifier
        resource = f"{function_name}:{qualifier}" if qualifier else function_name
        try:
            with aws_call(self.service, "GetPolicy", resource):
                answer = self.client.get_policy(**params)
        except NotFound:
            return None
        policy = parse_policy(
            answer["Policy"], qualifier=qualifier, revision_id=answer.get("RevisionId")
        )
        # A policy belongs to one qualifier; keep only the statements whose Resource names it.
        # (AWS never mixes them; some emulators return one policy for every qualifier.)
        own = tuple(s for s in policy.statements if s.qualifier == qualifier)
        if len(own) == len(policy.statements):
            return policy
        if not own:
            return None
        document = json.loads(policy.raw_json)
        document["Statement"] = [dict(s.raw) for s in own]
        return Policy(qualifier, policy.revision_id, own, json.dumps(document))

    def invoke_configs(self, function_name: str) -> list[Destination]:
        return [
            destination_from(item)
            for page in self._pages(
                "list_function_event_invoke_configs",
                "FunctionEventInvokeConfigs",
                FunctionName=function_name,
            )
            for item in page
        ]

    def function_urls(self, function_name: str) -> list[FunctionUrl]:
        return [
            FunctionUrl(
                qualifier=function_qualifier(item.get("FunctionArn", "")),
                url=item["FunctionUrl"],
                auth_type=item.get("AuthType", ""),
                cors_allow_origins=tuple((item.get("Cors") or {}).get("AllowOrigins", [])),
                invoke_mode=item.get("InvokeMode"),
            )
            for page in self._pages(
                "list_function_url_configs", "FunctionUrlConfigs", FunctionName=function_name
            )
            for item in page
        ]


# -- shapes → model ---------------------------------------------------------------------------
def function_from(item: dict[str, Any], region: str) -> Function:
    return Function(
        name=item["FunctionName"],
        arn=item["FunctionArn"],
        region=region,
        runtime=item.get("Runtime"),
        handler=item.get("Handler"),
        role=item.get("Role"),
        memory_mb=item.get("MemorySize"),
        timeout_s=item.get("Timeout"),
        architectures=tuple(item.get("Architectures") or ()),
        layers=tuple(
            Layer(arn=x["Arn"], code_size=x.get("CodeSize")) for x in item.get("Layers", [])
        ),
        environment=dict((item.get("Environment") or {}).get("Variables") or {}),
        last_modified=item.get("LastModified"),
        code_size=item.get("CodeSize"),
        package_type=item.get("PackageType"),
        description=item.get("Description") or "",
        dead_letter_target=(item.get("DeadLetterConfig") or {}).get("TargetArn"),
        state=item.get("State"),
        revision_id=item.get("RevisionId"),
    )


def mapping_from(item: dict[str, Any]) -> EventSourceMapping:
    endpoints = ((item.get("SelfManagedEventSource") or {}).get("Endpoints")) or {}
    return EventSourceMapping(
        uuid=item["UUID"],
        event_source_arn=item.get("EventSourceArn"),
        function_arn=item.get("FunctionArn", ""),
        state=item.get("State", "Unknown"),
        batch_size=item.get("BatchSize"),
        on_failure=((item.get("DestinationConfig") or {}).get("OnFailure") or {}).get(
            "Destination"
        ),
        filter_patterns=tuple(
            f.get("Pattern", "") for f in (item.get("FilterCriteria") or {}).get("Filters", [])
        ),
        starting_position=item.get("StartingPosition"),
        maximum_batching_window_s=item.get("MaximumBatchingWindowInSeconds"),
        self_managed_kafka_servers=tuple(endpoints.get("KAFKA_BOOTSTRAP_SERVERS", [])),
        state_transition_reason=item.get("StateTransitionReason") or "",
        last_processing_result=item.get("LastProcessingResult") or "",
    )


def destination_from(item: dict[str, Any]) -> Destination:
    config = item.get("DestinationConfig") or {}
    modified = item.get("LastModified")
    return Destination(
        qualifier=function_qualifier(item.get("FunctionArn", "")),
        on_success=(config.get("OnSuccess") or {}).get("Destination"),
        on_failure=(config.get("OnFailure") or {}).get("Destination"),
        maximum_retry_attempts=item.get("MaximumRetryAttempts"),
        maximum_event_age_seconds=item.get("MaximumEventAgeInSeconds"),
        last_modified=modified.isoformat() if isinstance(modified, datetime) else modified,
    )
