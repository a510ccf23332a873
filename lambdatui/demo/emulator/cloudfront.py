"""CloudFront: Lambda@Edge associations of a cache behaviour.

Upstream: a moto bug worth reporting (it drops `LambdaFunctionAssociations` and always answers
`{"Quantity": 0}`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any


def fix_lambda_function_associations() -> None:
    """A cache behaviour keeps its `LambdaFunctionAssociations` (AWS: as given; moto: none)."""
    from moto.cloudfront.models import DefaultCacheBehaviour

    original: Callable[..., None] = DefaultCacheBehaviour.__init__

    @functools.wraps(original)
    def __init__(self: Any, config: dict[str, Any]) -> None:
        original(self, config)
        associations = config.get("LambdaFunctionAssociations")
        if associations and associations.get("Items"):
            self.lambda_function_associations = associations

    DefaultCacheBehaviour.__init__ = __init__  # type: ignore[method-assign]
