"""RevisionId chaining of calls that change the same policy one after the other. Pure: no I/O.

What a call changes, and the checks that prove it, is the call's own knowledge
(`lambdatui.actions.operations`); this module only orders plans.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from lambdatui.actions.api_call import ApiCall
from lambdatui.actions.plan import Plan


def without_revision(call: ApiCall) -> ApiCall:
    """The call without its `RevisionId` (for a later step on a policy an earlier step changed)."""
    return call.without_revision()


def chain_revisions(plans: Sequence[Plan]) -> list[Plan]:
    """Plans run one after the other: only the first change to each policy keeps its
    `RevisionId` (the later ones would carry one that the earlier change made stale)."""
    touched: set[tuple[str, str | None]] = set()
    out = []
    for plan in plans:
        steps = []
        for step in plan.steps:
            key = step.call.policy()
            call = step.call
            if key is not None:
                call = call.without_revision() if key in touched else call
                touched.add(key)
            steps.append(replace(step, call=call))
        out.append(replace(plan, steps=tuple(steps)))
    return out
