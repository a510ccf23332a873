"""The audit report as SARIF 2.1.0, the format GitHub code scanning (and other tools) accept.

Lambda functions are not files, so each result names its function twice: as a logical location
(name and ARN) and as a made-up artifact path `aws/lambda/<region>/<function>` that GitHub needs
to place an alert. `partialFingerprints` is a hash of rule, function ARN and resource, so an
alert keeps its identity from one scan to the next.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from typing import Any

from lambdatui.audit.rules import RULES
from lambdatui.core.arn import function_name_of, region_of
from lambdatui.core.model import Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/lambdatui/lambdatui"
FINGERPRINT = "lambdatuiFinding/v1"

LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.0",
    Severity.HIGH: "7.5",
    Severity.MEDIUM: "5.0",
    Severity.LOW: "3.0",
    Severity.INFO: "0.0",
}


def _version() -> str:
    try:
        return metadata.version("lambdatui")
    except metadata.PackageNotFoundError:
        return "0.0.0"


def _rule_name(rule_id: str) -> str:
    """`public-invoke` -> `PublicInvoke` (SARIF's readable rule name)."""
    return "".join(part.capitalize() for part in rule_id.split("-"))


def sarif_rules() -> list[dict[str, Any]]:
    """Every rule of `RULES`, in order, as a SARIF reportingDescriptor."""
    return [
        {
            "id": rule.id,
            "name": _rule_name(rule.id),
            "shortDescription": {"text": rule.short},
            "fullDescription": {"text": rule.full},
            "help": {
                "text": rule.help,
                "markdown": f"**{rule.short}** ({rule.severity.value})\n\n{rule.full}\n\n"
                f"**Fix:** {rule.help}",
            },
            "defaultConfiguration": {"level": LEVELS[rule.severity]},
            "properties": {
                "security-severity": SECURITY_SEVERITY[rule.severity],
                "tags": ["security", "aws", "lambda"],
                "precision": "high",
            },
        }
        for rule in RULES
    ]


def fingerprint(rule: str, function_arn: str, resource: str | None) -> str:
    return hashlib.sha256(f"{rule}\n{function_arn}\n{resource or ''}".encode()).hexdigest()


def _location(function_arn: str, name: str) -> dict[str, Any]:
    region = region_of(function_arn) or "unknown"
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": f"aws/lambda/{region}/{name}"},
            "region": {"startLine": 1},
        },
        "logicalLocations": [
            {"name": name, "fullyQualifiedName": function_arn, "kind": "resource"}
        ],
    }


def _result(
    finding: dict[str, Any], index: dict[str, int], names: dict[str, str], seen: dict[str, int]
) -> dict[str, Any]:
    arn = finding["function_arn"]
    name = names.get(arn) or function_name_of(arn)
    severity = Severity(finding["severity"])
    key = fingerprint(finding["rule"], arn, finding.get("resource"))
    seen[key] = seen.get(key, 0) + 1
    if seen[key] > 1:  # the same rule, function and resource twice: keep them apart
        key = f"{key}:{seen[key]}"
    text = finding["message"]
    fix = finding.get("fix")
    if fix:
        text += f" Fix: {fix['description']}"
    result: dict[str, Any] = {
        "ruleId": finding["rule"],
        "level": LEVELS[severity],
        "message": {"text": text},
        "locations": [_location(arn, name)],
        "partialFingerprints": {FINGERPRINT: key},
        "properties": {"severity": severity.value},
    }
    if finding.get("resource"):
        result["properties"]["resource"] = finding["resource"]
    if finding["rule"] in index:
        result["ruleIndex"] = index[finding["rule"]]
    if fix:
        result["properties"]["fix"] = {"description": fix["description"], "cli": fix["cli"]}
    return result


def _read_error(error: dict[str, Any]) -> dict[str, Any]:
    """A failed read: what it would have shown is unknown, so the run is not a clean bill."""
    where = f" ({error['resource']})" if error.get("resource") else ""
    return {
        "level": "warning",
        "message": {
            "text": f"{error['service']} {error['operation']}{where} failed with "
            f"{error['code']}: {error['message']}. The functions it concerns are not reported "
            "clean." + (f" To read it: {error['grant']}." if error.get("grant") else "")
        },
    }


def build_sarif(report: dict[str, Any]) -> dict[str, Any]:
    """The SARIF log (as a dict) for a `lambdatui.audit/v1` report."""
    rules = sarif_rules()
    index = {r["id"]: i for i, r in enumerate(rules)}
    names = {f["arn"]: f["name"] for f in report.get("functions", [])}
    seen: dict[str, int] = {}
    results = [_result(f, index, names, seen) for f in report.get("findings", [])]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "lambdatui",
                        "informationUri": INFORMATION_URI,
                        "semanticVersion": _version(),
                        "rules": rules,
                    }
                },
                "automationDetails": {"id": f"lambdatui/{report.get('account', '')}/"},
                "invocations": [
                    {
                        "executionSuccessful": True,
                        "toolExecutionNotifications": [
                            _read_error(e) for e in report.get("errors", [])
                        ],
                    }
                ],
                "results": results,
                "properties": {
                    "account": report.get("account"),
                    "regions": report.get("regions", []),
                    "generated_at": report.get("generated_at"),
                    "failed_reads": len(report.get("errors", [])),
                },
            }
        ],
    }


def render_sarif(report: dict[str, Any]) -> str:
    return json.dumps(build_sarif(report), indent=2) + "\n"
