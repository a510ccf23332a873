"""The layers stay apart: the UI never loads boto3, the AWS/audit/model layers never load textual.

Each check runs a fresh interpreter, imports one module and reads `sys.modules`.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def loaded_after_import(module: str) -> set[str]:
    code = f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in json.loads(out.stdout)}


@pytest.mark.parametrize(
    "module",
    [
        "lambdatui.ui.app",
        "lambdatui.ui.screens.function_list",
        "lambdatui.ui.screens.function_detail",
        "lambdatui.ui.screens.audit_view",
        "lambdatui.ui.screens.detail_actions",
        "lambdatui.ui.screens.reverse_lookup",
        "lambdatui.ui.plan_runner",
        "lambdatui.ui.commands",
    ],
)
def test_ui_never_imports_boto(module: str) -> None:
    loaded = loaded_after_import(module)
    assert "textual" in loaded  # the probe works: the UI did load its framework
    assert not {"boto3", "botocore"} & loaded


@pytest.mark.parametrize(
    "module",
    [
        "lambdatui.aws.session",
        "lambdatui.aws.lambda_reader",
        "lambdatui.aws.guard",
        "lambdatui.aws.trigger_sources",
        "lambdatui.inventory.account",
        "lambdatui.audit.report_json",
        "lambdatui.commands.audit",
        "lambdatui.audit.rules",
        "lambdatui.actions.plan",
        "lambdatui.actions.planner",
        "lambdatui.actions.facade",
        "lambdatui.actions.executor",
        "lambdatui.inventory.multi_region",
        "lambdatui.access.credentials",
        "lambdatui.core.model",
        "lambdatui.core.policy",
        "lambdatui.core.crosscheck",
    ],
)
def test_lower_layers_never_import_textual(module: str) -> None:
    loaded = loaded_after_import(module)
    assert "lambdatui" in loaded
    assert "textual" not in loaded


def test_pure_modules_import_nothing_from_aws() -> None:
    for module in (
        "lambdatui.core.model",
        "lambdatui.core.policy",
        "lambdatui.core.arn",
        "lambdatui.core.crosscheck",
    ):
        loaded = loaded_after_import(module)
        assert not {"boto3", "botocore"} & loaded, module
