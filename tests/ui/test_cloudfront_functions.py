"""Asking what a CloudFront Function triggers says plainly that it is not a Lambda function."""

from __future__ import annotations

from textual.widgets import Static

from lambdatui.core.arn import is_cloudfront_function
from tests.ui.conftest import wait_for

CF_FUNCTION = "arn:aws:cloudfront::123456789012:function/rewrite-urls"


def test_only_cloudfront_function_arns_are_recognised() -> None:
    assert is_cloudfront_function(CF_FUNCTION)
    assert not is_cloudfront_function("arn:aws:cloudfront::123456789012:distribution/E1ABC")
    assert not is_cloudfront_function("arn:aws:lambda:us-east-1:123456789012:function:edge:3")
    assert not is_cloudfront_function("rewrite-urls")


async def test_the_reverse_lookup_says_cloudfront_functions_are_not_lambda(make_app) -> None:  # type: ignore[no-untyped-def]
    from lambdatui.ui.screens.reverse_lookup import ReverseLookupScreen

    app = make_app(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        app.reverse_lookup(CF_FUNCTION)
        await wait_for(pilot, lambda: isinstance(app.screen, ReverseLookupScreen))

        def title() -> str:
            found = app.screen.query("#lookup-title")
            return str(found.first(Static).render()) if found else ""

        await wait_for(pilot, lambda: "not Lambda functions" in title(), timeout=40)
