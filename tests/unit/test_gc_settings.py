"""The test processes' garbage-collector settings (tests/conftest.py `pytest_collection_finish`)."""

from __future__ import annotations

import gc


def test_what_was_imported_and_collected_is_frozen_and_collections_are_rarer() -> None:
    assert gc.get_freeze_count() > 10_000
    assert gc.get_threshold() == (50_000, 20, 20)
    assert gc.isenabled()


def test_cycles_made_by_a_test_are_still_collected() -> None:
    import weakref

    class Node:
        other: Node

    first, second = Node(), Node()
    first.other, second.other = second, first
    gone = weakref.ref(first)
    del first, second
    gc.collect()
    assert gone() is None
