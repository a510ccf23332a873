"""EventBridge Scheduler schedules whose target is a Lambda function (the schedule's role)."""

from __future__ import annotations

from lambdatui.aws.role_invokers import RoleInvokerReader
from lambdatui.aws.translate import aws_call
from lambdatui.aws.trigger_sources import is_function_arn
from lambdatui.core.model import RoleInvoker


class SchedulerReader(RoleInvokerReader):
    source = "scheduler"
    service = "scheduler"

    def invokers(self) -> list[RoleInvoker]:
        """ListSchedules (paginated; it names each target), GetSchedule for Lambda ones (the
        role is only in the schedule itself)."""
        self.errors = []
        client = self.client()
        with aws_call(self.service, "ListSchedules"):
            schedules = [
                s
                for page in client.get_paginator("list_schedules").paginate()
                for s in page.get("Schedules") or ()
            ]
        found: list[RoleInvoker] = []
        for listed in schedules:
            if not is_function_arn((listed.get("Target") or {}).get("Arn")):
                continue
            name, group = listed["Name"], listed.get("GroupName") or "default"
            schedule = self.read(
                "GetSchedule",
                listed.get("Arn") or name,
                lambda name=name, group=group: client.get_schedule(Name=name, GroupName=group),
            )
            if schedule is None:
                continue
            target = schedule.get("Target") or {}
            found.append(
                RoleInvoker(
                    source=self.source,
                    source_arn=schedule.get("Arn") or listed.get("Arn") or name,
                    target_arn=target["Arn"],
                    role_arn=target.get("RoleArn"),
                    detail={
                        "schedule": name,
                        "group": group,
                        "expression": schedule.get("ScheduleExpression"),
                    },
                )
            )
        return found
