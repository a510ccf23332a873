"""One botocore data loader per process, shared by every session.

botocore gives each session a loader of its own, and each loader parses the service models again
(JSON files; S3's alone is large): a new session building its usual clients spends about a
quarter of a second doing so. lambdatui builds a session per account, region and switch, so the
parsing was repeated for data that cannot change while the process runs.

A loader only reads botocore's data files and caches what it parsed; the parsed models are not
changed afterwards, so one loader can serve every session (the AWS CLI's tests share one the same
way, aws/aws-cli#1402; botocore's `register_initializer` was added for this kind of sharing,
boto/botocore#2682). Its cache is a plain dict filled check-then-set, so two threads could parse
the same model twice; its loads are therefore serialised by a lock, which also keeps regions
scanned in parallel from parsing S3's model side by side.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import botocore.loaders
    import botocore.session

_loaders: dict[str | None, botocore.loaders.Loader] = {}
_loaders_lock = threading.Lock()


def shared_loader(data_path: str | None = None) -> botocore.loaders.Loader:
    """The process's loader for botocore's `data_path` setting (`AWS_DATA_PATH`), built once."""
    with _loaders_lock:
        loader = _loaders.get(data_path)
        if loader is None:
            loader = _loaders[data_path] = _new_loader(data_path)
        return loader


def share_loader(core: botocore.session.Session) -> None:
    """Give the botocore session `core` the process's loader for its data path.

    Call it after the boto3 Session around `core` is built: boto3 builds the session's own loader
    there (which is where an unknown profile is refused, as before) and appends its resource
    models' folder to that loader, which must not be the shared one.
    """
    data_path = core.get_config_variable("data_path")
    core.register_component("data_loader", shared_loader(data_path))


def _new_loader(data_path: str | None) -> botocore.loaders.Loader:
    import os

    from botocore.loaders import Loader

    class LockedLoader(Loader):
        """botocore's Loader with its (cached) loads taken one at a time."""

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self._load_lock = threading.RLock()

        def load_service_model(self, *args: Any, **kwargs: Any) -> Any:
            with self._load_lock:
                return super().load_service_model(*args, **kwargs)

        def load_data_with_path(self, *args: Any, **kwargs: Any) -> Any:
            with self._load_lock:
                return super().load_data_with_path(*args, **kwargs)

        def list_available_services(self, *args: Any, **kwargs: Any) -> Any:
            with self._load_lock:
                return super().list_available_services(*args, **kwargs)

        def determine_latest_version(self, *args: Any, **kwargs: Any) -> Any:
            with self._load_lock:
                return super().determine_latest_version(*args, **kwargs)

    # As botocore's create_loader: the data path's folders first, then botocore's own.
    if data_path is None:
        return LockedLoader()
    paths = [os.path.expanduser(os.path.expandvars(p)) for p in data_path.split(os.pathsep)]
    return LockedLoader(extra_search_paths=paths)
