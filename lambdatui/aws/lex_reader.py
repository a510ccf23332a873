"""Lex V2 bot aliases whose code hooks are Lambda functions.

Lex V2 invokes as `lexv2.amazonaws.com` with the bot alias as `SourceArn`
(`arn:aws:lex:REGION:ACCOUNT:bot-alias/BOT_ID/ALIAS_ID`). The hook lives in each locale of the
alias (`botAliasLocaleSettings.LOCALE.codeHookSpecification.lambdaCodeHook.lambdaARN`), which
only DescribeBotAlias returns: one call per alias.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from lambdatui.aws.translate import aws_call
from lambdatui.aws.trigger_sources import TriggerReader, is_function_arn
from lambdatui.core.model import WiredTrigger


class LexReader(TriggerReader):
    source = "lex"
    principal = "lexv2.amazonaws.com"
    service = "lexv2-models"

    def wired_triggers(self) -> list[WiredTrigger]:
        """ListBots, ListBotAliases per bot, DescribeBotAlias per alias."""
        self.reset()
        client = self.client()
        triggers: list[WiredTrigger] = []
        for bot in self._paged("ListBots", "botSummaries", client.list_bots):
            bot_id = bot["botId"]
            aliases = self.read(
                "ListBotAliases",
                bot_id,
                lambda bot_id=bot_id: list(
                    self._paged(
                        "ListBotAliases",
                        "botAliasSummaries",
                        lambda **kw: client.list_bot_aliases(botId=bot_id, **kw),
                    )
                ),
                missing_ok=True,
                covers=self.alias_arn(bot_id, "*"),
            )
            for alias in aliases or ():
                alias_arn = self.alias_arn(bot_id, alias["botAliasId"])
                described = self.read(
                    "DescribeBotAlias",
                    alias_arn,
                    lambda alias=alias, bot_id=bot_id: client.describe_bot_alias(
                        botId=bot_id, botAliasId=alias["botAliasId"]
                    ),
                    missing_ok=True,
                    covers=alias_arn,
                )
                if described is not None:
                    triggers.extend(self._triggers(bot, described, alias_arn))
        return triggers

    def _paged(
        self, operation: str, key: str, call: Callable[..., dict[str, Any]]
    ) -> Iterator[dict[str, Any]]:
        """Lex V2's lists have no boto3 paginator: follow nextToken by hand."""
        token = None
        with aws_call(self.service, operation):
            while True:
                page = call(**({"nextToken": token} if token else {}))
                yield from page.get(key) or ()
                token = page.get("nextToken")
                if not token:
                    return

    def alias_arn(self, bot_id: str, alias_id: str) -> str:
        return (
            f"arn:{self.partition}:lex:{self.region}:{self.account()}:bot-alias/{bot_id}/{alias_id}"
        )

    def _triggers(
        self, bot: dict[str, Any], alias: dict[str, Any], alias_arn: str
    ) -> list[WiredTrigger]:
        locales_by_target: dict[str, list[str]] = {}
        for locale, settings in (alias.get("botAliasLocaleSettings") or {}).items():
            spec = (settings or {}).get("codeHookSpecification") or {}
            target = (spec.get("lambdaCodeHook") or {}).get("lambdaARN")
            if is_function_arn(target):
                locales_by_target.setdefault(target, []).append(locale)
        return [
            self.wired(
                alias_arn,
                target,
                {
                    "bot": bot.get("botName"),
                    "alias": alias.get("botAliasName"),
                    "locales": tuple(sorted(locales)),
                },
                account=self.account(),
            )
            for target, locales in locales_by_target.items()
        ]

    def source_exists(self, arn: str) -> bool:
        """DescribeBotAlias for `bot-alias/BOT_ID/ALIAS_ID`."""
        parsed = self.scoped_arn(arn, "lex")
        if parsed is None or not parsed.resource.startswith("bot-alias/"):
            return False
        self.refuse_wildcards(parsed.resource, arn)
        bot_id, _, alias_id = parsed.resource.removeprefix("bot-alias/").partition("/")
        if not alias_id:
            return False
        client = self.client()
        return self.exists(
            "DescribeBotAlias",
            arn,
            lambda: client.describe_bot_alias(botId=bot_id, botAliasId=alias_id),
        )
