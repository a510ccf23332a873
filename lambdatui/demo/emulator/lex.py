"""Lex V2: a bot alias that does not exist.

Upstream: a moto bug worth reporting (DescribeBotAlias of an unknown alias id raises KeyError,
answered as an HTML 500, where AWS answers ResourceNotFoundException).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any


def fix_describe_unknown_bot_alias() -> None:
    """DescribeBotAlias of an unknown alias.

    AWS: 404 `ResourceNotFoundException`. moto: `KeyError`, which its server turns into an HTML
    500 page, so an existence check could not tell "gone" from "failed".
    """
    from moto.core.exceptions import JsonRESTError
    from moto.lexv2models.models import LexModelsV2Backend

    original: Callable[..., dict[str, Any]] = LexModelsV2Backend.describe_bot_alias

    @functools.wraps(original)
    def describe_bot_alias(self: Any, bot_alias_id: str, bot_id: str) -> dict[str, Any]:
        if bot_alias_id not in self.bot_aliases:
            raise JsonRESTError(
                "ResourceNotFoundException", f"Bot alias {bot_alias_id} of bot {bot_id} not found"
            )
        return original(self, bot_alias_id, bot_id)

    LexModelsV2Backend.describe_bot_alias = describe_bot_alias  # type: ignore[method-assign]
