"""Switching profile and region from the command palette reloads everything, no restart."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import DataTable

from lambdatui.aws.session import AwsSession
from lambdatui.inventory.account import Inventory
from lambdatui.ui.app import LambdaTuiApp
from lambdatui.ui.backend import AppContext
from tests.conftest import make_spec
from tests.ui.conftest import SIZE, choose_in_palette, wait_for


async def test_region_and_profile_switch_from_the_palette(  # type: ignore[no-untyped-def]
    demo_endpoint, tmp_path, monkeypatch
) -> None:
    config = tmp_path / "config"
    config.write_text("[profile staging]\nregion = eu-west-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    asked: list[tuple[str, str]] = []

    def switcher(profile: str, region: str, ask_mfa):  # type: ignore[no-untyped-def]
        asked.append((profile, region))
        spec = replace(make_spec(demo_endpoint, region=region), label=profile)
        return Inventory(AwsSession(spec)), AppContext(profile=profile), None

    first = Inventory(AwsSession(make_spec(demo_endpoint)))
    app = LambdaTuiApp(first, AppContext(profile="default"), switcher)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.query_one(DataTable).row_count == 15)
        await wait_for(pilot, lambda: app.identity is not None)
        assert "us-east-1" in app.sub_title

        await choose_in_palette(pilot, "region eu-west-1", "region eu-west-1")
        await wait_for(pilot, lambda: "eu-west-1" in app.sub_title)
        assert asked == [("default", "eu-west-1")]
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: "functions in eu-west-1" in str(
            app.screen.query_one("#list-message").render()
        ))  # fmt: skip
        assert table.row_count == 0  # the demo's functions live in us-east-1

        await choose_in_palette(pilot, "profile staging", "profile staging")
        await wait_for(pilot, lambda: "staging" in app.sub_title)
        assert asked[-1] == ("staging", "eu-west-1")


async def test_a_failed_switch_is_said_and_the_session_stays() -> None:  # type: ignore[no-untyped-def]
    from lambdatui.core.errors import LambdaTuiError
    from tests.ui.fixed_backend import FixedBackend

    def switcher(profile: str, region: str, ask_mfa):  # type: ignore[no-untyped-def]
        raise LambdaTuiError(f"the profile {profile!r} has no credentials")

    backend = FixedBackend()
    app = LambdaTuiApp(backend, AppContext(profile="default"), switcher)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.identity is not None)
        app.switch_to(profile="broken")
        await wait_for(pilot, lambda: any("has no credentials" in m for m in app.messages))
        assert app.backend is backend
