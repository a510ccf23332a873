"""The account picture: functions, their details, and the reverse index of triggers.

`Inventory` is the one object the UI and the headless commands talk to. It scans each push
service once per account and region (concurrently, with a bounded pool), indexes what targets
each function, and cross-checks that against each function's policies. Every method blocks:
the UI calls them from thread workers.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, TypeVar

from lambdatui.aws.cloudtrail_reader import CloudTrailReader
from lambdatui.aws.destination_reader import DestinationReader
from lambdatui.aws.lambda_reader import LambdaReader
from lambdatui.aws.session import AwsSession
from lambdatui.aws.translate import read_error
from lambdatui.aws.trigger_sources import READERS
from lambdatui.core import urgency
from lambdatui.core.arn import parse_arn, service_of_principal
from lambdatui.core.crosscheck import Coverage, ExistsCheck, function_triggers
from lambdatui.core.errors import AwsError, LambdaTuiError
from lambdatui.core.facts import Fact, Unread
from lambdatui.core.model import (
    Alias,
    Destination,
    EventSourceMapping,
    Function,
    FunctionDetail,
    FunctionUrl,
    Identity,
    Policy,
    PolicyStatement,
    ReadError,
    Version,
    WiredTrigger,
)
from lambdatui.inventory.memo import OncePerKey
from lambdatui.inventory.picture import ListPicture, RefreshPlan
from lambdatui.inventory.picture_cache import PictureStore
from lambdatui.inventory.roles import RoleChecks

T = TypeVar("T")

URGENT_READS = 4
"""Reads of the function the user opened made at once (its three own reads; its policies)."""

CROSS_CHECKERS = 4
"""Threads cross-checking read functions during a scan (their reads are few: sources, roles)."""

Progress = Callable[[str, int, int], None]
"""(what, done, total) — called from worker threads."""


@dataclass
class Wiring:
    """What every scanned service says targets each function (unqualified ARN → triggers)."""

    by_function: dict[str, list[WiredTrigger]] = field(default_factory=dict)
    scanned: set[str] = field(default_factory=set)
    notes: dict[str, str] = field(default_factory=dict)
    errors: list[ReadError] = field(default_factory=list)
    failed: dict[str, ReadError] = field(default_factory=dict)
    """source → the listing whose failure left all of its wiring unknown."""
    unread: list[Unread] = field(default_factory=list)
    """Resources of scanned services whose wiring could not be read."""

    def add(self, triggers: Iterable[WiredTrigger]) -> None:
        for t in triggers:
            self.by_function.setdefault(t.function_arn, []).append(t)

    def coverage(self) -> Coverage:
        return Coverage(
            scanned=frozenset(self.scanned),
            notes=dict(self.notes),
            failed=dict(self.failed),
            unread=tuple(self.unread),
        )


@dataclass(frozen=True)
class AccountPicture:
    """Everything one scan found, for the audit and the report."""

    identity: Identity
    region: str
    functions: tuple[FunctionDetail, ...]
    errors: tuple[ReadError, ...]


class Inventory:
    def __init__(
        self,
        session: AwsSession,
        *,
        scan_all_log_groups: bool = False,
        workers: int = 16,
        pictures: PictureStore | None = None,
    ) -> None:
        self.session = session
        self.pictures = pictures
        """Where the list's last picture is kept for an instant re-open; None: not kept."""
        self.listed_at: datetime | None = None
        """When the last listing began (a kept picture's `taken_at`)."""
        self._cloudtrail: CloudTrailReader | None = None
        self.scan_all_log_groups = scan_all_log_groups
        self.workers = workers
        self.lambda_reader = LambdaReader(session)
        self._lock = threading.RLock()
        self._wiring_lock = threading.Lock()
        """Held while the services are scanned, so reading functions meanwhile is not blocked."""
        self._wiring_started = False
        self._identity: Identity | None = None
        self._mappings: dict[str, list[EventSourceMapping]] | None = None
        self._mapping_errors: list[ReadError] = []
        self._wiring: Wiring | None = None
        self._log_groups_read: set[str] = set()
        # Each source and destination is read once per scan, however many functions name it.
        self._exists: OncePerKey[tuple[str, str], Fact] = OncePerKey(self._read_exists)
        self._readers = {source: cls(session) for source, cls in READERS.items()}
        self._destination_reader = DestinationReader(session)
        self._destinations: OncePerKey[str, Fact] = OncePerKey(self._destination_reader.check)
        self._roles = RoleChecks(session, workers=workers)
        self._versions: dict[str, list[Version]] | None = None
        """Published versions by function ARN, from the last complete ListFunctions(ALL) sweep."""
        self._generation = 0

    @property
    def region(self) -> str:
        return self.session.region

    def identity(self) -> Identity:
        """Who we are (asked once). Read without holding the inventory's lock, which the list's
        first page needs: the header must not keep the first row waiting."""
        identity = self._identity
        if identity is None:
            self.session.client("lambda")  # the list's client is built first (one at a time)
            identity = self.session.identity()
            with self._lock:
                self._identity = identity
        return identity

    def invalidate(self) -> None:
        """Forget cached scans so the next read goes to AWS again."""
        with self._lock, self._wiring_lock:  # (a running wiring scan ends first)
            self._wiring_started = False
            self._generation += 1
            self._versions = None
            self._mappings = None
            self._wiring = None
            self._log_groups_read.clear()
            self._exists.clear()
            self._destinations.clear()
            self._roles.invalidate()
            self._mapping_errors = []

    # -- functions and mappings -----------------------------------------------------------------
    def function_pages(self) -> Iterator[list[Function]]:
        """Functions page by page from one ListFunctions(FunctionVersion=ALL) sweep, which also
        gives every function's published versions (kept for `detail` once the sweep is whole)."""
        with self._lock:
            generation = self._generation
            self.listed_at = datetime.now(UTC)
        versions: dict[str, list[Version]] = {}
        for functions, found in self.lambda_reader.function_version_pages():
            for arn, more in found.items():
                versions.setdefault(arn, []).extend(more)
            yield functions
            # Once the first rows are out: the list is nearly always followed by the cross-check.
            self.start_wiring()
        with self._lock:
            if generation == self._generation:  # not invalidated meanwhile
                self._versions = versions

    def versions(self, function: Function) -> list[Version]:
        """The function's published versions: from the sweep when it is whole, else (a detail
        opened before the list finished) its own ListVersionsByFunction."""
        with self._lock:
            index = self._versions
        if index is None:
            return self.lambda_reader.versions(function.name)
        return sorted(index.get(function.arn, []), key=_version_order)

    def mappings(self) -> dict[str, list[EventSourceMapping]]:
        with self._lock:
            if self._mappings is None:
                try:
                    # Every detail waits for this one read (under the lock): it goes first.
                    with urgency.urgent():
                        self._mappings = self.lambda_reader.event_source_mappings()
                    self._mapping_errors = []
                except AwsError as exc:
                    self._mappings, self._mapping_errors = {}, [read_error(exc)]
            return self._mappings

    # -- the reverse index of triggers ----------------------------------------------------------
    def wiring(self, progress: Progress | None = None) -> Wiring:
        """Scan every push service once (cached) and index what targets each function."""
        with self._wiring_lock:
            if self._wiring is not None:
                return self._wiring
            wiring = Wiring()
            sources = [s for s in self._readers if s != "logs" or self.scan_all_log_groups]
            done = 0

            def scan(
                source: str,
            ) -> tuple[str, list[WiredTrigger] | AwsError, list[ReadError], list[Unread]]:
                reader = self._readers[source]
                try:
                    found: list[WiredTrigger] | AwsError = reader.wired_triggers()
                except AwsError as exc:
                    found = exc
                return source, found, list(reader.errors), list(reader.unread)

            with ThreadPoolExecutor(max_workers=min(self.workers, len(sources))) as pool:
                for source, found, errors, unread in pool.map(scan, sources):
                    done += 1
                    if progress:
                        progress(f"scanned {source}", done, len(sources))
                    wiring.errors.extend(errors)
                    wiring.unread.extend(unread)
                    if isinstance(found, AwsError):
                        error = read_error(found)
                        wiring.errors.append(error)
                        wiring.failed[source] = error
                        wiring.notes[source] = f"{source} could not be read: {found.message}"
                        continue
                    wiring.scanned.add(source)
                    wiring.add(found)
            if not self.scan_all_log_groups:
                wiring.notes["logs"] = "log groups are read only when a policy names them"
            self._wiring = wiring
            return wiring

    def read_log_groups(self, names: Iterable[str]) -> None:
        """Read the subscription filters of log groups named in policies (once per group)."""
        wiring = self.wiring()
        with self._lock:
            if self.scan_all_log_groups:
                return
            todo = sorted(set(names) - self._log_groups_read)
            if not todo:
                return
            reader = self._readers["logs"]
            try:
                wiring.add(reader.wired_triggers(todo))
                wiring.scanned.add("logs")
                wiring.notes.pop("logs", None)
            except AwsError as exc:
                wiring.errors.append(read_error(exc))
                wiring.notes["logs"] = f"logs could not be read: {exc.message}"
            wiring.errors.extend(reader.errors)
            wiring.unread.extend(reader.unread)
            reader.reset()
            self._log_groups_read.update(todo)

    def source_exists(self, source: str, arn: str) -> Fact:
        """Whether a source named by a policy exists (cached): found, absent, or unknown — with
        the read that failed when one did (a wildcard or another region's ARN fails none).
        Read once per scan, however many functions ask at once."""
        return self._exists.get((source, arn))

    def _read_exists(self, key: tuple[str, str]) -> Fact:
        source, arn = key
        reader = self._readers.get(source)
        answer = Fact.unknown(why=f"lambdatui does not check whether {source} sources exist")
        if reader is not None:
            answer = reader.source_fact(arn)
        return answer

    def _prefetched_exists(self, detail: FunctionDetail, wiring: Wiring) -> ExistsCheck:
        """Read, concurrently and once each, every source the cross-check of `detail` will ask
        about (a function with 1,000 statements must not make 1,000 serial reads)."""
        asked: list[tuple[str, str]] = []

        def record(source: str, arn: str) -> None:
            asked.append((source, arn))

        function_triggers(
            wired=wiring.by_function.get(detail.function.arn, []),
            policies=detail.policies,
            urls=detail.function_urls,
            coverage=wiring.coverage(),
            exists=record,
        )
        self._exists.prefetch(asked, self.workers)
        return self.source_exists

    # -- one function ---------------------------------------------------------------------------
    def detail(self, function: Function, *, triggers: bool = True) -> FunctionDetail:
        """Read one function's aliases, versions, policies, destinations, URLs and triggers.

        The function the user opened (`core.urgency`) has its independent reads made at once,
        not one after the other: the user waits for it, and the scan's reads wait meanwhile."""
        if not urgency.is_urgent():
            return self._detail_after(function, self._own_reads(function), triggers=triggers)
        with ThreadPoolExecutor(max_workers=URGENT_READS) as pool:
            own = self._own_reads(function, pool)
            return self._detail_after(function, own, triggers=triggers, pool=pool)

    def _own_reads(self, function: Function, pool: ThreadPoolExecutor | None = None) -> _OwnReads:
        """The function's control-plane reads that need nothing else (its aliases, async configs
        and URLs): a scan makes them while the account-wide sweep of versions still runs. With
        `pool`, the three at once."""
        reader, name = self.lambda_reader, function.name
        own = _OwnReads()
        reads: list[tuple[list[ReadError], Callable[[], list[Any]]]] = [
            (own.alias_errors, lambda: reader.aliases(name)),
            (own.destination_errors, lambda: reader.invoke_configs(name)),
            (own.url_errors, lambda: reader.function_urls(name)),
        ]

        def read(errors: list[ReadError], call: Callable[[], list[Any]]) -> list[Any]:
            return _attempt(function, errors, call, [])

        if pool is None:
            own.aliases, own.destinations, own.urls = (read(e, c) for e, c in reads)
        else:
            started = [pool.submit(urgency.carried(read), e, c) for e, c in reads]
            own.aliases, own.destinations, own.urls = (f.result() for f in started)
        return own

    def _detail_after(
        self,
        function: Function,
        own: _OwnReads | Future[_OwnReads],
        *,
        triggers: bool,
        pool: ThreadPoolExecutor | None = None,
    ) -> FunctionDetail:
        """The rest of the detail once `own` is read: versions, a policy per qualifier (with
        `pool`, all at once), the mappings and whether the destinations exist."""
        if isinstance(own, Future):
            own = own.result()
        reader = self.lambda_reader
        name = function.name
        errors: list[ReadError] = list(own.alias_errors)

        def attempt(call: Callable[[], T], default: T, qualifier: str | None = None) -> T:
            return _attempt(function, errors, call, default, qualifier)

        aliases = own.aliases
        versions = attempt(lambda: self.versions(function), [])
        qualifiers = [None, *(a.name for a in aliases), *(v.version for v in versions)]

        def policy(q: str | None) -> tuple[Policy | None, list[ReadError]]:
            failed: list[ReadError] = []
            return _attempt(function, failed, lambda: reader.policy(name, q), None, q), failed

        read = (
            list(pool.map(urgency.carried(policy), qualifiers))
            if pool is not None
            else [policy(q) for q in qualifiers]
        )
        policies = [p for p, _ in read if p is not None]
        errors += [e for _, failed in read for e in failed]
        destinations, urls = own.destinations, own.urls
        errors += [*own.destination_errors, *own.url_errors]
        mappings = self.mappings().get(function.arn, [])
        errors.extend(self._mapping_errors)
        facts = self.destination_facts(destination_arns(function, destinations, mappings))
        errors.extend(f.failed_read for f in facts.values() if f.failed_read is not None)
        detail = FunctionDetail(
            function=function,
            aliases=tuple(aliases),
            versions=tuple(versions),
            policies=tuple(policies),
            destinations=tuple(destinations),
            function_urls=tuple(urls),
            event_source_mappings=tuple(mappings),
            errors=tuple(errors),
            destination_exists={arn: fact.as_bool() for arn, fact in facts.items()},
        )
        return self.with_triggers(detail) if triggers else detail

    def destinations_exist(self, arns: Iterable[str]) -> dict[str, bool | None]:
        """Whether each destination exists (cached per ARN); None when it cannot be told."""
        return {arn: fact.as_bool() for arn, fact in self.destination_facts(arns).items()}

    def destination_facts(self, arns: Iterable[str]) -> dict[str, Fact]:
        """Whether each destination exists, with the read that failed when unknown (read once
        per scan per ARN, concurrently)."""
        return self._destinations.get_many(arns, self.workers)

    def with_triggers(self, detail: FunctionDetail) -> FunctionDetail:
        """Cross-check the function's policies against the services' wiring.

        A trigger aimed at a qualifier whose policy was not read (the alias listing failed, or
        it names an alias that is not listed) has that policy read now; a policy, URL listing,
        wiring or existence read that failed makes what rests on it `unverified`, and the
        failure joins the function's errors.
        """
        self.read_log_groups(log_groups_named(detail.statements))
        wiring = self.wiring()
        wired = wiring.by_function.get(detail.function.arn, [])
        detail = self._with_policies_for(detail, {w.qualifier for w in wired})
        found = function_triggers(
            wired=wired,
            policies=detail.policies,
            mappings=detail.event_source_mappings,
            urls=detail.function_urls,
            coverage=wiring.coverage(),
            exists=self._prefetched_exists(detail, wiring),
            unread_policies=unread_policies(detail),
            unread_urls=next(iter(detail.errors_for("ListFunctionUrlConfigs")), None),
        )
        failures = [t.failed_read for t in found if t.failed_read is not None]
        errors = tuple(dict.fromkeys([*detail.errors, *failures]))
        return self._roles.for_function(replace(detail, triggers=tuple(found), errors=errors))

    def _with_policies_for(
        self, detail: FunctionDetail, qualifiers: Iterable[str | None]
    ) -> FunctionDetail:
        """The detail with the policies of `qualifiers` it has not read yet (GetPolicy each)."""
        name = detail.function.name
        read = {None, *(a.name for a in detail.aliases), *(v.version for v in detail.versions)}
        read |= {p.qualifier for p in detail.policies}
        todo = sorted(q for q in set(qualifiers) - read if q and _QUALIFIER.fullmatch(q))
        if not todo:
            return detail
        policies: list[Policy] = list(detail.policies)
        errors = list(detail.errors)
        for q in todo:
            try:
                policy = self.lambda_reader.policy(name, q)
            except AwsError as exc:
                errors.append(read_error(exc, iam_resource=f"{detail.function.arn}:{q}"))
                continue
            if policy is not None:
                policies.append(policy)
        return replace(detail, policies=tuple(policies), errors=tuple(dict.fromkeys(errors)))

    # -- the picture kept for an instant re-open (inventory/picture.py) --------------------------
    def cached_picture(self) -> ListPicture | None:
        """The last picture kept of this account and region; None when none is kept, it is
        unreadable, caching is off (the demo), or who we are cannot be asked."""
        if self.pictures is None:
            return None
        try:
            account = self.identity().account
        except LambdaTuiError:
            return None
        return self.pictures.load(account, [self.region])

    def keep_picture(self, picture: ListPicture) -> None:
        """Keep `picture` for the next start (its `taken_at`, when unset, is when the last
        listing began); a file that cannot be written is logged, never raised."""
        if self.pictures is None:
            return
        if picture.taken_at is None and self.listed_at is not None:
            picture = replace(picture, taken_at=self.listed_at)
        self.pictures.keep(picture)

    def refresh_plan(self, picture: ListPicture, functions: Sequence[Function]) -> RefreshPlan:
        """Which functions of the fresh listing `functions` must be read again, from the
        listing's RevisionId/LastModified and CloudTrail's changes since the picture."""
        from lambdatui.inventory.refresh import beyond_history, lookup_since, plan_refresh

        if beyond_history(picture) is not None:  # no need to ask
            return plan_refresh(picture, functions, [])
        since = lookup_since(picture)
        changes = self.cloudtrail().changes_since(since, picture.account)
        return plan_refresh(picture, functions, [(self.region, changes)], since)

    def cloudtrail(self) -> CloudTrailReader:
        """This region's CloudTrail reader: one, so its pacing (2 LookupEvents a second per
        account and region) holds across refreshes."""
        with self._lock:
            if self._cloudtrail is None:
                self._cloudtrail = CloudTrailReader(self.session)
            return self._cloudtrail

    # -- the whole account ----------------------------------------------------------------------
    def start_wiring(self, progress: Progress | None = None) -> None:
        """Start `wiring()` on a thread, ahead of need (once per scan); a failure is raised when
        `wiring()` is asked for."""
        with self._lock:
            if self._wiring_started:
                return
            self._wiring_started = True

        def run() -> None:
            with contextlib.suppress(Exception):
                self.wiring(progress)
            with contextlib.suppress(Exception):
                self._roles.invokers()  # the invokers that call with their own role

        threading.Thread(target=run, daemon=True, name="wiring").start()

    def scan(self, progress: Progress | None = None) -> AccountPicture:
        """Read every function of the region with its triggers (the audit's input)."""
        identity = self.identity()
        # The services' wiring is read while the functions are (only the cross-check needs it).
        self.start_wiring(progress)
        functions: list[Function] = []
        done = 0
        # Each function is cross-checked (once the wiring is in) as soon as it is read, while the
        # next ones are read: the cross-check's own reads overlap the quota-bound Lambda reads.
        with (
            ThreadPoolExecutor(max_workers=self.workers) as reads,
            ThreadPoolExecutor(max_workers=self.workers) as rest,
            ThreadPoolExecutor(max_workers=CROSS_CHECKERS) as checks,
        ):
            # The functions' own reads start with their page, while the sweep goes on: its pages
            # wait for the network, and the quota they leave unused is spent meanwhile.
            own: list[Future[_OwnReads]] = []
            for page in self.function_pages():
                if not functions:  # after the first page: the mappings take the lock a while
                    rest.submit(self.mappings)
                functions += page
                own += [reads.submit(self._own_reads, f) for f in page]
            self.mappings()
            total = len(functions)
            # The sweep is whole: versions come from it, and each function's policies (their own
            # quota) are read as soon as its own reads are in, alongside the next ones' — on a
            # pool of their own, so a task waiting for its own reads never blocks them.
            read = [
                rest.submit(self._detail_after, f, o, triggers=False)
                for f, o in zip(functions, own, strict=True)
            ]
            del own  # each function's own reads are freed once its detail is made (memory)
            checked = []
            for future in read:
                checked.append(checks.submit(self.with_triggers, future.result()))
                done += 1
                if progress:
                    progress("read functions", done, total)
            complete = tuple(c.result() for c in checked)
        errors = [*self._mapping_errors, *self.wiring().errors, *self._roles.invokers().errors]
        return AccountPicture(
            identity=identity, region=self.region, functions=complete, errors=tuple(errors)
        )


# an alias name or a version number (a stage-variable placeholder is neither)
_QUALIFIER = re.compile(r"[A-Za-z0-9_$-]{1,128}")


def unread_policies(detail: FunctionDetail) -> dict[str | None, ReadError]:
    """qualifier → the GetPolicy that failed for it (None: the unqualified function)."""
    name = detail.function.name
    failed: dict[str | None, ReadError] = {}
    for e in detail.errors_for("GetPolicy"):
        resource = e.resource or name
        if resource in (name, detail.function.arn):
            failed.setdefault(None, e)
        elif resource.startswith(f"{name}:"):
            failed.setdefault(resource.removeprefix(f"{name}:"), e)
    return failed


def log_groups_named(statements: Iterable[PolicyStatement]) -> set[str]:
    """Log group names in the SourceArns of statements granted to CloudWatch Logs."""
    names = set()
    for s in statements:
        if not any(service_of_principal(p) == "logs" for p in s.service_principals):
            continue
        for arn in s.source_arns or ((s.source_arn,) if s.source_arn else ()):
            parsed = parse_arn(arn)
            if parsed and parsed.resource.startswith("log-group:"):
                name = parsed.resource.removeprefix("log-group:").removesuffix(":*")
                if "*" not in name and "?" not in name:
                    names.add(name)
    return names


def destination_arns(
    function: Function,
    destinations: Iterable[Destination],
    mappings: Iterable[EventSourceMapping],
) -> list[str]:
    """Every place the function's results or failures are sent: async, DLQ, mapping OnFailure."""
    arns = [a for d in destinations for a in (d.on_success, d.on_failure) if a]
    arns += [m.on_failure for m in mappings if m.on_failure]
    if function.dead_letter_target:
        arns.append(function.dead_letter_target)
    return list(dict.fromkeys(arns))


def _version_order(version: Version) -> tuple[int, str]:
    return (int(version.version), "") if version.version.isdigit() else (1 << 62, version.version)


@dataclass
class _OwnReads:
    """A function's reads that need nothing else, each with the errors of its own read."""

    aliases: list[Alias] = field(default_factory=list)
    destinations: list[Destination] = field(default_factory=list)
    urls: list[FunctionUrl] = field(default_factory=list)
    alias_errors: list[ReadError] = field(default_factory=list)
    destination_errors: list[ReadError] = field(default_factory=list)
    url_errors: list[ReadError] = field(default_factory=list)


def _attempt(
    function: Function,
    errors: list[ReadError],
    call: Callable[[], T],
    default: T,
    qualifier: str | None = None,
) -> T:
    """`call()`, or `default` with the failed read added to `errors` (on the function's ARN,
    qualified when the read was)."""
    try:
        return call()
    except AwsError as exc:
        arn = f"{function.arn}:{qualifier}" if qualifier else function.arn
        errors.append(read_error(exc, iam_resource=arn))
        return default
