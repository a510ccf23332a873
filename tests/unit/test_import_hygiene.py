"""At run time, importing the UI loads neither boto3 nor botocore.

The import contracts (`lint-imports`, in `make test`) prove the rest statically, indirect imports
included: nothing below the UI imports textual, and the core imports no AWS SDK. The UI's
contract has to allow indirect imports (it calls the layers below, which reach boto3), so what
it cannot prove — that those layers import boto3 lazily, in workers — is checked here: a fresh
interpreter imports every UI entry module and reads `sys.modules`.
"""

from __future__ import annotations

import json
import subprocess
import sys

UI_MODULES = (
    "lambdatui.ui.app",
    "lambdatui.ui.screens.function_list",
    "lambdatui.ui.screens.function_detail",
    "lambdatui.ui.screens.audit_view",
    "lambdatui.ui.screens.detail_actions",
    "lambdatui.ui.screens.reverse_lookup",
    "lambdatui.ui.plan_runner",
    "lambdatui.ui.commands",
)


def loaded_after_import(modules: tuple[str, ...]) -> set[str]:
    code = f"import json, sys, {', '.join(modules)}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in json.loads(out.stdout)}


def test_the_ui_loads_no_aws_sdk() -> None:
    loaded = loaded_after_import(UI_MODULES)
    assert "textual" in loaded  # the probe works: the UI did load its framework
    assert not {"boto3", "botocore"} & loaded


def test_the_probe_sees_an_sdk_where_one_is_loaded() -> None:
    assert {"boto3", "botocore"} <= loaded_after_import(("lambdatui.aws.session", "boto3"))
