"""The audit report as Markdown, for a pull request, a wiki page or a ticket.

Input is the `lambdatui.audit/v1` dict of `report_json.build_report`, so the Markdown shows
exactly what the JSON holds: never an environment value (the report has none).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from lambdatui.core.arn import function_name_of
from lambdatui.core.model import Severity

_SEVERITIES = [s.value for s in Severity]  # worst first
_STATUS_WORDS = {
    "ok": "OK",
    "missing-permission": "BROKEN (missing permission)",
    "not-wired": "stale (not wired)",
    "source-missing": "orphaned (source missing)",
    "unverified": "unverified",
}
_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def cell(value: Any) -> str:
    """Text safe inside a table cell: Markdown specials and `|` escaped, one line."""
    if value is None or value == "":
        return "—"
    text = " ".join(str(value).split())
    return _SPECIAL.sub(r"\\\1", text)


def code(value: Any) -> str:
    """A code span for a table cell (pipes still escaped, as GitHub tables need)."""
    if value is None or value == "":
        return "—"
    text = " ".join(str(value).split()).replace("|", "\\|")
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _function_names(report: dict[str, Any]) -> dict[str, str]:
    return {f["arn"]: f["name"] for f in report.get("functions", [])}


def _name(names: dict[str, str], arn: str) -> str:
    """The function's name: from the report, else from its ARN."""
    return names.get(arn) or function_name_of(arn)


def _summary(findings: list[dict[str, Any]]) -> list[str]:
    by_severity = Counter(f["severity"] for f in findings)
    by_rule = Counter((f["rule"], f["severity"]) for f in findings)
    lines = ["## Summary", ""]
    lines += table(["severity", "findings"], [[s, str(by_severity.get(s, 0))] for s in _SEVERITIES])
    if by_rule:
        lines += [""]
        order = sorted(by_rule, key=lambda k: (_SEVERITIES.index(k[1]), k[0]))
        lines += table(
            ["rule", "severity", "findings"],
            [[code(rule), sev, str(by_rule[rule, sev])] for rule, sev in order],
        )
    return lines


def _findings(findings: list[dict[str, Any]], names: dict[str, str]) -> list[str]:
    lines = ["## Findings", ""]
    if not findings:
        return [*lines, "No findings."]
    lines += table(
        ["severity", "rule", "function", "resource", "message"],
        [
            [
                f["severity"],
                code(f["rule"]),
                cell(_name(names, f["function_arn"])),
                code(f.get("resource")),
                cell(f["message"]),
            ]
            for f in findings
        ],
    )
    fixes = [f for f in findings if f.get("fix") and f["fix"].get("cli")]
    if fixes:
        lines += ["", "### Fixes", ""]
        lines += [
            "Each block applies one fix; review it first. Commands carry no RevisionId, so run "
            "them one at a time against the account as audited.",
        ]
        for f in fixes:
            where = f" — {code(f['resource'])}" if f.get("resource") else ""
            lines += [
                "",
                f"**{f['severity']}** {code(f['rule'])} on "
                f"{cell(_name(names, f['function_arn']))}{where}: {cell(f['fix']['description'])}",
                "",
                "```sh",
                *f["fix"]["cli"],
                "```",
            ]
    return lines


def _functions(functions: list[dict[str, Any]]) -> list[str]:
    lines = ["## Functions", ""]
    if not functions:
        return [*lines, "No functions were read."]
    for fn in functions:
        title = f"### {cell(fn['name'])}"
        facts = [fn.get("region"), fn.get("runtime")]
        lines += [
            title + (f" ({', '.join(cell(x) for x in facts if x)})" if any(facts) else ""),
            "",
        ]
        triggers = fn.get("triggers", [])
        if not triggers:
            lines += ["No triggers.", ""]
            continue
        lines += table(
            ["status", "source", "source ARN", "qualifier", "statement"],
            [
                [
                    cell(_STATUS_WORDS.get(t["status"], t["status"])),
                    cell(t["source"]),
                    code(t.get("source_arn")),
                    cell(t.get("qualifier")),
                    code(t.get("statement_sid")),
                ]
                for t in triggers
            ],
        )
        lines += [""]
    return lines


def _errors(errors: list[dict[str, Any]]) -> list[str]:
    lines = ["## Read errors", ""]
    if not errors:
        return [*lines, "None: every read succeeded."]
    lines += [
        "These reads failed; the functions they concern are NOT reported clean — what those "
        "reads would have shown is unknown, not empty.",
        "",
    ]
    lines += table(
        ["service", "operation", "code", "resource", "message"],
        [
            [
                cell(e["service"]),
                cell(e["operation"]),
                code(e["code"]),
                code(e.get("resource")),
                cell(e["message"] + (f"; to read it, {e['grant']}" if e.get("grant") else "")),
            ]
            for e in errors
        ],
    )
    return lines


def render_markdown(report: dict[str, Any]) -> str:
    """The whole report as one Markdown document."""
    findings = list(report.get("findings", []))
    functions = list(report.get("functions", []))
    names = _function_names(report)
    lines = [
        f"# lambdatui audit — account {cell(report.get('account'))}",
        "",
        f"- Regions: {cell(', '.join(report.get('regions', [])))}",
        f"- Generated: {cell(report.get('generated_at'))}",
        f"- Functions: {len(functions)}; findings: {len(findings)}; "
        f"failed reads: {len(report.get('errors', []))}",
        "",
        *_summary(findings),
        "",
        *_findings(findings, names),
        "",
        *_functions(functions),
        "",
        *_errors(list(report.get("errors", []))),
    ]
    return "\n".join(lines).rstrip() + "\n"
