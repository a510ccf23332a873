"""The keys that change the account (docs/architecture.md §7), in one place.

Screens bind them only outside read-only mode; in read-only mode the app answers a press with
the reason instead of binding them at all.
"""

from __future__ import annotations

MUTATING_KEYS: dict[str, str] = {
    "f": "fix",
    "p": "add permission",
    "d": "remove",
    "D": "set destination",
    "t": "add trigger",
    "u": "undo",
}

READ_ONLY_REASON = (
    "READ-ONLY: '{what}' is not available — this session sends no changes to AWS "
    "(--read-only, LAMBDATUI_READ_ONLY or the profile's read_only setting)."
)
