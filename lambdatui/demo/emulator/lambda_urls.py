"""Function URLs: ListFunctionUrlConfigs and the URL's shape.

Upstream: ListFunctionUrlConfigs missing is a gap worth reporting; the shape (InvokeMode, final
`/`) is a small divergence worth reporting too.
"""

from __future__ import annotations

import functools
import json
from typing import Any
from urllib.parse import unquote

# --- Function URLs ------------------------------------------------------------------------------


def fix_list_function_url_configs() -> None:
    """ListFunctionUrlConfigs (`GET /2021-10-31/functions/{name}/urls`).

    AWS: `{"FunctionUrlConfigs": [{FunctionUrl, FunctionArn, AuthType, Cors, CreationTime,
    LastModifiedTime, InvokeMode}, …]}`, one entry per URL of the function.
    moto: no route, so a 404 with an HTML body. moto keeps at most one (unqualified) URL per
    function, so the list holds that one or nothing.
    """
    from moto.awslambda import urls
    from moto.awslambda.responses import LambdaResponse

    route = r"{0}/(?P<api_version>[^/]+)/functions/(?P<function_name>[\w_:%-]+)/urls/?$"
    urls.url_paths.setdefault(route, LambdaResponse.dispatch)

    def list_function_url_configs(self: Any) -> tuple[int, dict[str, Any], str]:
        name = unquote(self.path.rstrip("/").split("/")[-2])
        fn = self.backend.get_function(name)
        configs = [fn.url_config.to_dict()] if fn.url_config else []
        return 200, {}, json.dumps({"FunctionUrlConfigs": configs})

    LambdaResponse.list_function_url_configs = list_function_url_configs  # type: ignore[attr-defined]


def fix_function_url_shape() -> None:
    """Create/Get/UpdateFunctionUrlConfig answers.

    AWS: `"InvokeMode": "BUFFERED"` (or `RESPONSE_STREAM`) and a `FunctionUrl` ending in `/`
    (`https://<id>.lambda-url.us-east-1.on.aws/`).
    moto: `"InvokeMode": "Buffered"` and no trailing slash.
    """
    from moto.awslambda.models import FunctionUrlConfig

    original = FunctionUrlConfig.to_dict

    @functools.wraps(original)
    def to_dict(self: Any) -> dict[str, Any]:
        answer = original(self)
        answer["InvokeMode"] = str(answer.get("InvokeMode") or "BUFFERED").upper()
        if not answer["FunctionUrl"].endswith("/"):
            answer["FunctionUrl"] += "/"
        return answer

    FunctionUrlConfig.to_dict = to_dict  # type: ignore[method-assign]
