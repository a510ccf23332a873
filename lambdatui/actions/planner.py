"""Every planner, in one place for the UI and the `fix` command; audit findings become plans
through their remedies (`lambdatui.actions.remedies`, the one fix engine).

Planners read nothing but their arguments, except those that take an `AwsSession` (they read the
current state they must preserve). Nothing here imports boto3 at module level, so the UI may
import this module.
"""

from __future__ import annotations

from lambdatui.actions.plan_destinations import (
    destination_warnings,
    mapping_on_failure_plan,
    set_destination_plan,
)
from lambdatui.actions.plan_permissions import (
    add_permission_plan,
    fix_trigger,
    remove_statement_plan,
    replace_unscoped_grant_plan,
)
from lambdatui.actions.plan_triggers import (
    add_events_trigger_plan,
    add_s3_trigger_plan,
    add_sns_trigger_plan,
    add_trigger_plan,
)
from lambdatui.actions.plan_url import url_auth_plan
from lambdatui.actions.remedies import plan_for, plans_for_findings
from lambdatui.actions.validate import validate_permission_form

__all__ = [
    "add_events_trigger_plan",
    "add_permission_plan",
    "add_s3_trigger_plan",
    "add_sns_trigger_plan",
    "add_trigger_plan",
    "destination_warnings",
    "fix_trigger",
    "mapping_on_failure_plan",
    "plan_for",
    "plans_for_findings",
    "remove_statement_plan",
    "replace_unscoped_grant_plan",
    "set_destination_plan",
    "url_auth_plan",
    "validate_permission_form",
]
