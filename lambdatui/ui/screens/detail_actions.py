"""The change keys of the detail screen (f p d D t c): what is selected → a plan → the runner.

Kept apart from the rendering of the screen. Every change goes through the app's PlanRunner
(preview, confirm, apply, verify, journal); nothing here talks to AWS itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import DataTable, TabbedContent

from lambdatui.core.model import (
    EventSourceMapping,
    Finding,
    FunctionDetail,
    PolicyStatement,
    Trigger,
)
from lambdatui.core.model import TriggerStatus as Status
from lambdatui.core.remedy import url_resource
from lambdatui.ui.screens.form import Field, FormScreen

if TYPE_CHECKING:
    from lambdatui.ui.app import LambdaTuiApp

SERVICES = (
    "s3.amazonaws.com", "sns.amazonaws.com", "events.amazonaws.com", "apigateway.amazonaws.com",
    "logs.amazonaws.com", "cognito-idp.amazonaws.com", "elasticloadbalancing.amazonaws.com",
    "iot.amazonaws.com", "ses.amazonaws.com", "secretsmanager.amazonaws.com",
)  # fmt: skip

WHICH = (("OnFailure", "on_failure"), ("OnSuccess", "on_success"))
TARGET_LABEL = "Target ARN (SNS, SQS, EventBridge bus, Lambda; S3 for OnFailure) — empty clears"
TRIGGER_KINDS = (
    ("S3 bucket", "s3"),
    ("SNS topic", "sns"),
    ("EventBridge rule or schedule", "events"),
)

CHANGE_BINDINGS = (
    ("f", "fix", "Fix"),
    ("p", "add_permission", "Add permission"),
    ("d", "remove", "Remove"),
    ("D", "set_destination", "Destination"),
    ("t", "add_trigger", "Add trigger"),
)


class DetailActions:
    """Mixed into FunctionDetailScreen, which provides `detail`, `tui`, `query_one`, …"""

    detail: FunctionDetail | None
    tui: LambdaTuiApp  # provided by the screen

    # -- what is selected --------------------------------------------------------------------
    def active_tab(self) -> str:
        return str(self.query_one(TabbedContent).active).removeprefix("tab-")  # type: ignore[attr-defined]

    def selected_index(self, table_id: str) -> int | None:
        table = self.query_one(f"#{table_id}", DataTable)  # type: ignore[attr-defined]
        return table.cursor_row if table.row_count and table.cursor_row >= 0 else None

    def selected_trigger(self) -> Trigger | None:
        i = self.selected_index("triggers")
        if self.detail is None or i is None or self.active_tab() != "triggers":
            return None
        return self.detail.triggers[i] if i < len(self.detail.triggers) else None

    def selected_statement(self) -> PolicyStatement | None:
        i = self.selected_index("policy")
        if self.detail is None or i is None or self.active_tab() != "policy":
            return None
        statements = self.detail.statements
        return statements[i] if i < len(statements) else None

    def selected_mapping(self) -> EventSourceMapping | None:
        i = self.selected_index("mappings")
        if self.detail is None or i is None or self.active_tab() != "mappings":
            return None
        mappings = self.detail.event_source_mappings
        return mappings[i] if i < len(mappings) else None

    def selected_identifiers(self) -> set[str]:
        """What findings may name as their resource for the selected row."""
        names: set[str] = set()
        if trigger := self.selected_trigger():
            names |= {x for x in (trigger.source_arn, trigger.statement_sid) if x}
            if trigger.source == "function-url":
                names.add(url_resource(trigger.qualifier))
                names |= {u.url for u in self.detail.function_urls}  # type: ignore[union-attr]
        if statement := self.selected_statement():
            names |= {statement.sid} if statement.sid else set()
        return names

    def ready(self) -> bool:
        """Whether the function has been read; says so when it has not (a key never goes
        unanswered)."""
        if self.detail is None:
            self.tui.notify("still reading the function; try again in a moment")
            return False
        return True

    def reload_after(self) -> None:
        if self.is_attached:  # type: ignore[attr-defined]  # the user may have left meanwhile
            self.action_reload()  # type: ignore[attr-defined]

    def fresh(self) -> FunctionDetail:
        """The function re-read now (plans run in a worker): a plan is made on current state,
        so one made again after a conflict carries the new RevisionId."""
        assert self.detail is not None
        return self.tui.backend.detail(self.detail.function)

    # -- the keys ------------------------------------------------------------------------------
    def action_fix(self) -> None:
        """Fix what is selected: a broken trigger, a finding, or a row a finding names; say why
        not otherwise (an unverified trigger says which read is missing)."""
        detail, actions = self.detail, self.tui.actions
        if not self.ready() or detail is None or actions is None:
            return
        if self.active_tab() == "findings":
            finding = self.selected_finding()  # type: ignore[attr-defined]
            if finding is None:
                self.tui.notify("no finding selected: this function has none")
            else:
                self.fix_findings([finding], say=True)
            return
        trigger = self.selected_trigger()
        if trigger is not None and trigger.status is Status.MISSING_PERMISSION:
            self.tui.propose(lambda: actions.fix_trigger(self.fresh(), trigger), self.reload_after)
            return
        wanted = self.selected_identifiers()
        findings = [
            f for f in self.tui.findings.get(detail.function.arn, []) if f.resource in wanted
        ]
        if findings and self.fix_findings(findings):
            return
        unfixable = f"; {findings[0].rule} has no automatic fix" if findings else ""
        if trigger is not None and trigger.status is Status.UNVERIFIED:
            why = f": {trigger.note}" if trigger.note else ""
            self.tui.notify(
                f"no fix: this trigger is unverified{why}{unfixable}", timeout=6, markup=False
            )
        elif trigger is not None:
            self.tui.notify(f"nothing to fix: this trigger is {trigger.status.value}{unfixable}")
        elif findings:
            self.tui.notify(f"lambdatui has no automatic fix for {findings[0].rule}")
        else:
            self.tui.notify(
                "select a broken trigger, a finding (8), or a row with a finding, to fix it"
            )

    def fix_findings(self, findings: list[Finding], *, say: bool = False) -> bool:
        """Propose the fix of `findings`; False (and, with `say`, a sentence) when there is none."""
        detail, actions = self.detail, self.tui.actions
        if detail is None or actions is None:
            return False
        if not actions.fix_findings(detail, findings):
            if say:
                self.tui.notify(f"lambdatui has no automatic fix for {findings[0].rule}")
            return False
        self.tui.propose(
            lambda: next(iter(actions.fix_findings(self.fresh(), findings)), None),
            self.reload_after,
        )
        return True

    def action_add_permission(self) -> None:
        detail, actions = self.detail, self.tui.actions
        if not self.ready() or detail is None or actions is None:
            return
        qualifiers = [("(function)", "")] + [(q, q) for q in detail.qualifiers]

        def form_values(values: dict[str, Any]) -> dict[str, Any]:
            values = dict(values)
            service, typed = values.pop("service"), values.get("principal")
            values["principal"] = typed or service or ""
            values["action"] = values.get("action") or "lambda:InvokeFunction"
            return {k: v for k, v in values.items() if v not in (None, "")} | {
                "principal": values["principal"]
            }

        def validate(values: dict[str, Any]) -> dict[str, str]:
            if values.get("service") and values.get("principal"):
                return {"principal": "choose a service or type a principal, not both"}
            return actions.validate_permission(detail, form_values(values))

        def submitted(values: dict[str, Any] | None) -> None:
            if values is not None:
                form = form_values(values)
                self.tui.propose(
                    lambda: actions.add_permission(self.fresh(), form), self.reload_after
                )

        fields = [
            Field("service", "Service principal", options=[(s, s) for s in SERVICES]),
            Field("principal", "…or an account id, IAM ARN, or *", placeholder="123456789012"),
            Field("action", "Action", default="lambda:InvokeFunction"),
            Field("source_arn", "Source ARN", placeholder="arn:aws:s3:::my-bucket"),
            Field("source_account", "Source account", placeholder="123456789012"),
            Field("principal_org_id", "Organisation (PrincipalOrgID)", placeholder="o-a1b2c3d4e5"),
            Field("qualifier", "Qualifier", options=qualifiers),
            Field("statement_id", "Statement id", placeholder="generated when empty"),
            Field(
                "function_url_auth_type",
                "Function URL auth type",
                options=[("NONE", "NONE"), ("AWS_IAM", "AWS_IAM")],
            ),
        ]
        title = f"Add a permission to {detail.function.name}"
        self.tui.push_screen(FormScreen(title, fields, validate), submitted)

    def action_remove(self) -> None:
        detail, actions = self.detail, self.tui.actions
        if not self.ready() or detail is None or actions is None:
            return
        if statement := self.selected_statement():
            self.tui.propose(
                lambda: actions.remove_statement(self.fresh(), statement), self.reload_after
            )
            return
        i = self.selected_index("destinations")
        if self.active_tab() == "destinations" and i is not None and i < len(detail.destinations):
            qualifier = detail.destinations[i].qualifier
            self.tui.propose(
                lambda: actions.clear_destinations(self.fresh(), qualifier), self.reload_after
            )
            return
        self.tui.notify("select a policy statement or an async destination to remove it")

    def action_set_destination(self) -> None:
        detail, actions = self.detail, self.tui.actions
        if not self.ready() or detail is None or actions is None:
            return
        if mapping := self.selected_mapping():
            fields = [
                Field(
                    "target",
                    "OnFailure destination ARN (empty clears)",
                    default=mapping.on_failure or "",
                )
            ]

            def mapping_done(values: dict[str, Any] | None) -> None:
                if values is not None:
                    target = values.get("target")
                    self.tui.propose(
                        lambda: actions.mapping_on_failure(mapping, target), self.reload_after
                    )

            title = f"OnFailure of the {mapping.source} mapping {mapping.uuid[:8]}"
            self.tui.push_screen(FormScreen(title, fields, lambda v: {}), mapping_done)
            return
        qualifiers = [("(function)", "")] + [(q, q) for q in detail.qualifiers]
        fields = [
            Field("qualifier", "For", options=qualifiers, default=""),
            Field("which", "Destination", options=WHICH, default="on_failure"),
            Field("target", TARGET_LABEL, placeholder="arn:aws:sqs:…"),
        ]

        def validate(values: dict[str, Any]) -> dict[str, str]:
            return {} if values.get("which") else {"which": "choose OnSuccess or OnFailure"}

        def done(values: dict[str, Any] | None) -> None:
            if values is not None:
                qualifier, which, target = values["qualifier"], values["which"], values["target"]
                self.tui.propose(
                    lambda: actions.set_destination(self.fresh(), qualifier, which, target),
                    self.reload_after,
                )

        title = f"Set an async destination of {detail.function.name}"
        self.tui.push_screen(FormScreen(title, fields, validate), done)

    def action_add_trigger(self) -> None:
        detail, actions = self.detail, self.tui.actions
        if not self.ready() or detail is None or actions is None:
            return
        qualifiers = [("(function)", "")] + [(q, q) for q in detail.qualifiers]
        fields = [
            Field("kind", "Trigger", options=TRIGGER_KINDS),
            Field("bucket", "S3: bucket name", placeholder="my-bucket"),
            Field("events", "S3: events", default="s3:ObjectCreated:*"),
            Field("prefix", "S3: key prefix", placeholder="uploads/"),
            Field("suffix", "S3: key suffix", placeholder=".jpg"),
            Field("topic_arn", "SNS: topic ARN", placeholder="arn:aws:sns:…:topic"),
            Field("rule_name", "EventBridge: existing rule name", placeholder="nightly"),
            Field("schedule", "EventBridge: or a new schedule", placeholder="rate(1 hour)"),
            Field("qualifier", "Target", options=qualifiers, default=""),
        ]  # fmt: skip
        needs = {"s3": ("bucket",), "sns": ("topic_arn",)}

        def validate(values: dict[str, Any]) -> dict[str, str]:
            kind = values.get("kind")
            if not kind:
                return {"kind": "choose S3, SNS or EventBridge"}
            from lambdatui.actions.validate import validate_trigger_form  # pure: as AWS checks

            errors = {name: "required" for name in needs.get(kind, ()) if not values.get(name)}
            if kind == "events" and not (values.get("rule_name") or values.get("schedule")):
                errors["rule_name"] = "name an existing rule or give a schedule"
            return {**validate_trigger_form(kind, values), **errors}

        def done(values: dict[str, Any] | None) -> None:
            if values is not None:
                kind = values.pop("kind")
                self.tui.propose(
                    lambda: actions.add_trigger(self.fresh(), kind, values), self.reload_after
                )

        title = f"Add a trigger to {detail.function.name}"
        self.tui.push_screen(FormScreen(title, fields, validate), done)

    def action_copy_cli(self) -> None:
        """Copy the AWS CLI commands of the selected item: a broken trigger's fix, the removal
        of the selected statement, or the selected finding's fix."""
        detail = self.detail
        if not self.ready() or detail is None:
            return
        from lambdatui.actions import planner  # pure: plans need no AWS to be written out
        from lambdatui.actions.remedies import plan_or_none

        plan = None
        trigger = self.selected_trigger()
        if trigger is not None and trigger.status is Status.MISSING_PERMISSION:
            plan = planner.fix_trigger(detail, trigger)
        elif statement := self.selected_statement():
            plan = planner.remove_statement_plan(detail, statement)
        elif self.active_tab() == "findings":
            finding = self.selected_finding()  # type: ignore[attr-defined]
            plan = plan_or_none(detail, finding.remedy) if finding is not None else None
            if plan is None:
                self.tui.notify("this finding has no automatic fix, so no command to copy")
                return
        if plan is None:
            self.tui.notify(
                "select a broken trigger, a policy statement or a finding to copy its command"
            )
            return
        self.tui.copy_text("\n".join(plan.cli_commands()), "the AWS CLI command")
