"""Command palette entries: jump to a function, and look up what a source triggers."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from lambdatui.core.model import Function


def function_query(query: str) -> str:
    """What to look for in names: the query without a leading "open" ("open nightly")."""
    words = query.strip()
    return words[5:].strip() if words.lower().startswith("open ") else words


class FunctionCommands(Provider):
    """`ctrl+p`, then a function name to open it, or a source ARN/name to look it up."""

    def functions(self) -> list[Function]:
        known = getattr(self.app, "functions", {})
        return sorted(known.values(), key=lambda f: f.name)

    async def discover(self) -> Hits:
        for function in self.functions()[:20]:
            yield DiscoveryHit(
                f"open {function.name}", partial(self.app.open_function, function),  # type: ignore[attr-defined]
                help=function.runtime or "",
            )  # fmt: skip

    async def search(self, query: str) -> Hits:
        wanted = function_query(query)
        matcher = self.matcher(wanted)
        for function in self.functions():
            # Fuzzy, and a plain substring always counts ("nightly" in "nightly-report").
            score = matcher.match(function.name)
            if wanted and wanted.lower() in function.name.lower():
                score = max(score, 0.9)
            if score > 0:
                yield Hit(
                    score,
                    Content("open ") + matcher.highlight(function.name),
                    partial(self.app.open_function, function),  # type: ignore[attr-defined]
                    help=function.runtime or "",
                )
        if len(query.strip()) >= 3:
            yield Hit(
                0.5,
                Content(f"What does {query.strip()} trigger? (reverse lookup)"),
                partial(self.app.reverse_lookup, query.strip()),  # type: ignore[attr-defined]
                help="functions wired to this source and statements that mention it",
            )


class AccountCommands(Provider):
    """Switch profile or region without restarting."""

    async def startup(self) -> None:
        import asyncio

        if getattr(self.app, "switcher", None) is None:
            self.profiles = []
            return

        from lambdatui.access.profiles import list_profiles

        try:
            self.profiles = await asyncio.to_thread(list_profiles)
        except Exception as exc:  # a broken config file must not break the palette
            self.profiles = []
            self.app.notify(f"cannot list profiles: {exc}", severity="warning")

    def hits(self):  # type: ignore[no-untyped-def]
        if getattr(self.app, "switcher", None) is None:  # the demo: nothing to switch to
            return
        from lambdatui.aws.regions import known_regions

        for p in getattr(self, "profiles", []):
            label = f"profile {p.name} ({p.kind}{', read-only' if p.read_only else ''})"
            yield label, partial(self.app.switch_to, profile=p.name), p.source  # type: ignore[attr-defined]
        for region in known_regions("aws"):
            yield f"region {region}", partial(self.app.switch_to, region=region), "switch region"  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        for label, action, help_text in self.hits():
            if label.startswith("profile"):
                yield DiscoveryHit(label, action, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, action, help_text in self.hits():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), action, help=help_text)
