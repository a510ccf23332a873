"""The last `ListPicture` of each account and regions, on disk, for an instant re-open.

One file per account + set of regions (+ endpoint, so an emulator's picture never passes for
AWS's) under the XDG cache dir, 0600 in a 0700 folder, written whole or not at all (a temporary
file, then `os.replace`). It holds names, ARNs and counts, never an environment value: rows are
stored with the environment emptied (`picture.py`). A broken file, or one of another format or
endpoint, is no picture.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Sequence
from pathlib import Path

from lambdatui.access.files import replace_private
from lambdatui.inventory.picture import ListPicture, from_json, to_json

FOLDER = "pictures"

log = logging.getLogger(__name__)


def pictures_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("lambdatui", appauthor=False) / FOLDER


class PictureStore:
    """Where pictures of one endpoint (None: AWS itself) are kept; `folder` None: the XDG cache
    dir, looked up when first used (tests move HOME)."""

    def __init__(self, folder: Path | None = None, endpoint: str | None = None) -> None:
        self.folder = folder
        self.endpoint = endpoint

    def path(self, account: str, regions: Sequence[str]) -> Path:
        """`<account>-<region>[+<region>…][-<endpoint hash>].json`"""
        safe = [re.sub(r"[^a-z0-9-]", "_", r.lower()) for r in sorted(set(regions))]
        name = re.sub(r"[^0-9A-Za-z_-]", "_", account) + "-" + "+".join(safe)
        if self.endpoint:
            name += "-" + hashlib.sha256(self.endpoint.encode()).hexdigest()[:12]
        return (self.folder or pictures_dir()) / f"{name}.json"

    def load(self, account: str, regions: Sequence[str]) -> ListPicture | None:
        """The kept picture of this account and regions, or None (none kept, or unreadable)."""
        path = self.path(account, regions)
        try:
            with path.open("rb") as kept:
                document = json.load(kept)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.info("picture %s not readable: %s", path, exc)
            return None
        picture = from_json(document, self.endpoint)
        if picture is None:
            log.info("picture %s is of another format or endpoint, or broken", path)
            return None
        if picture.account != account or sorted(picture.regions) != sorted(set(regions)):
            return None
        return picture

    def save(self, picture: ListPicture) -> Path:
        """Keep `picture` (replacing the last one of its account and regions); raises OSError."""
        path = self.path(picture.account, picture.regions)
        text = json.dumps(to_json(picture, self.endpoint), separators=(",", ":"))
        return replace_private(path, text)

    def keep(self, picture: ListPicture) -> None:
        """`save`, logging (never raising) a file that cannot be written."""
        try:
            self.save(picture)
        except OSError as exc:
            log.warning("the picture of %s was not kept: %s", picture.account, exc)
