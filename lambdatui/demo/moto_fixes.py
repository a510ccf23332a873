"""The one place where lambdatui corrects moto to behave like AWS (see DESIGN.md §3).

Each fix names the divergence it corrects. They patch moto in this process only, so they affect
the demo and the tests, never a real account.
"""

from __future__ import annotations

_applied = False


def apply() -> None:
    """Apply every fix once (idempotent)."""
    global _applied
    if _applied:
        return
    _applied = True
