"""The one place where lambdatui corrects moto to behave like AWS (docs/architecture.md).

One module per service; each module's docstring says whether its fixes are moto bugs worth
reporting upstream.

Each fix is a small function whose docstring says what AWS does and what moto (5.2.x) did instead.
They patch moto's classes in this process only, before the server starts, so they affect the demo
and the tests, never a real account. `apply()` runs every fix once; calling it again does nothing.

| fix                                        | corrects (moto before)                        |
|--------------------------------------------|-----------------------------------------------|
| `fix_function_url_auth_type_condition`     | FunctionUrlAuthType outside `Condition`       |
| `fix_invoked_via_function_url_condition`   | InvokedViaFunctionUrl outside `Condition`     |
| `fix_principal_org_id_with_source_account` | PrincipalOrgID lost next to SourceAccount     |
| `fix_duplicate_statement_id`               | duplicate Sid accepted                        |
| `fix_remove_permission`                    | correct RevisionId refused; no new RevisionId |
| `fix_list_function_url_configs`            | ListFunctionUrlConfigs missing (404 HTML)     |
| `fix_function_url_shape`                   | InvokeMode "Buffered"; URL without final `/`  |
| `fix_event_invoke_config_per_qualifier`    | Qualifier ignored; a second Put invisible     |
| `fix_dead_letter_config`                   | DeadLetterConfig dropped                      |
| `fix_list_event_source_mappings_by_arn`    | FunctionName filter by ARN found nothing      |
| `fix_s3_eventbridge_notification`          | EventBridgeConfiguration left out of Get      |
| `fix_s3_filter_rule_names`                 | filter rule `Prefix`/`Suffix` → 500           |
| `fix_describe_unknown_bot_alias`           | unknown Lex V2 bot alias → 500 (KeyError)     |
| `fix_simulate_principal_policy_unimplemented` | SimulatePrincipalPolicy → HTML 500, retried |
| `fix_lambda_function_associations`         | Lambda@Edge associations dropped              |
| `fix_list_functions_pages`                 | ListFunctions unpaged, every config built     |
| `speed_user_pool_keys` (speed only)        | RSA key parsed again for every user pool      |
| `speed_backend_lookup` (speed only)        | package directory listed on every request     |
| `speed_service_models` (speed only)        | botocore data scanned again for every model   |

Not corrected, on purpose: moto keeps one resource policy per function, shared by all its
qualifiers (GetPolicy with `Qualifier=live` also returns the unqualified statements and those of
other aliases). Every statement's `Resource` carries the qualifier it was added on
(`…:function:img-resize:live`), and lambdatui filters statements by that ARN, which gives the AWS
answer on moto as it is; splitting the store would touch every policy path of moto for no gain.

Also left as they are (the demo does not trip over them): Lambda list calls but ListFunctions
ignore pagination;
S3, SNS, EventBridge, Logs and Cognito never check that Lambda lets them invoke (so a trigger
without a grant can be made directly); function URLs ignore `Qualifier`; user pool ids are
`us-east-1_` + 32 hex digits (AWS: 9 letters and digits); a mapping created on an alias records
the version's ARN.
"""

from __future__ import annotations

from collections.abc import Callable

from lambdatui.demo.emulator.cloudfront import fix_lambda_function_associations
from lambdatui.demo.emulator.iam import fix_simulate_principal_policy_unimplemented
from lambdatui.demo.emulator.lambda_functions import (
    fix_dead_letter_config,
    fix_list_event_source_mappings_by_arn,
)
from lambdatui.demo.emulator.lambda_invoke_configs import fix_event_invoke_config_per_qualifier
from lambdatui.demo.emulator.lambda_listing import fix_list_functions_pages
from lambdatui.demo.emulator.lambda_permissions import (
    fix_duplicate_statement_id,
    fix_function_url_auth_type_condition,
    fix_invoked_via_function_url_condition,
    fix_principal_org_id_with_source_account,
    fix_remove_permission,
)
from lambdatui.demo.emulator.lambda_urls import (
    fix_function_url_shape,
    fix_list_function_url_configs,
)
from lambdatui.demo.emulator.lex import fix_describe_unknown_bot_alias
from lambdatui.demo.emulator.s3 import fix_s3_eventbridge_notification, fix_s3_filter_rule_names
from lambdatui.demo.emulator.speed import (
    speed_backend_lookup,
    speed_service_models,
    speed_user_pool_keys,
)

_applied = False


FIXES: tuple[Callable[[], None], ...] = (
    fix_function_url_auth_type_condition,
    fix_invoked_via_function_url_condition,
    fix_principal_org_id_with_source_account,
    fix_duplicate_statement_id,
    fix_remove_permission,
    fix_list_function_url_configs,
    fix_function_url_shape,
    fix_event_invoke_config_per_qualifier,
    fix_dead_letter_config,
    fix_list_event_source_mappings_by_arn,
    fix_s3_eventbridge_notification,
    fix_s3_filter_rule_names,
    fix_describe_unknown_bot_alias,
    fix_simulate_principal_policy_unimplemented,
    fix_lambda_function_associations,
    fix_list_functions_pages,
    speed_user_pool_keys,
    speed_backend_lookup,
    speed_service_models,
)


def apply() -> None:
    """Apply every fix once (idempotent): call before moto's server handles its first request."""
    global _applied
    if _applied:
        return
    _applied = True
    for fix in FIXES:
        fix()
