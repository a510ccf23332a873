"""Audit rules: each a small pure function over one function's detail → findings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from lambdatui.model import Finding

if TYPE_CHECKING:
    from lambdatui.inventory import AccountPicture


def evaluate(picture: AccountPicture, *, trusted_accounts: Iterable[str] = ()) -> list[Finding]:
    """Every finding of the picture (the rules arrive with the audit issue)."""
    return []
