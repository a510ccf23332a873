"""Function names and qualifiers as moto's Lambda handlers receive them."""

from __future__ import annotations


def name_and_qualifier(name: str, qualifier: str | None) -> tuple[str, str | None]:
    """`fn`, `fn:live`, `arn:…:function:fn[:live]` → (`fn`, qualifier from the name or argument)."""
    if ":function:" in name:  # a full or partial ARN
        name = name.split(":function:", 1)[1]
    if ":" in name:
        name, qualifier = name.split(":", 1)
    return name, qualifier
