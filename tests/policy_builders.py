"""Resource policies for tests, in the shape Lambda's GetPolicy returns them: stored answers from
tests/fixtures/aws-shapes (`shape`), or a document around the statements a test writes (`policy`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lambdatui.core.model import Policy
from lambdatui.core.policy import parse_policy

SHAPES = Path(__file__).parent / "fixtures" / "aws-shapes"
"""Answers in the real AWS shape, as the files were captured."""


def shape(name: str, qualifier: str | None = None, revision_id: str | None = "rev-1") -> Policy:
    """The stored GetPolicy answer `name` (a file under SHAPES), parsed."""
    return parse_policy((SHAPES / name).read_text(), qualifier=qualifier, revision_id=revision_id)


def policy(
    *statements: dict[str, Any], qualifier: str | None = None, revision_id: str = "rev-1"
) -> Policy:
    """A policy document holding `statements`, parsed as GetPolicy's answer would be."""
    doc = {"Version": "2012-10-17", "Id": "default", "Statement": list(statements)}
    return parse_policy(json.dumps(doc), qualifier=qualifier, revision_id=revision_id)
