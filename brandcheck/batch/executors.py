"""Where work items run: in this process, in local worker processes (pebble), or on Dask."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import importlib
import math
import multiprocessing
import os
import signal
import threading
import time
import uuid
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Iterator
from typing import Any

from brandcheck import ctrl_c
from brandcheck.batch.work import CheckSetup, ItemResult, WorkItem, failed_result, run_item
from brandcheck.batch_defaults import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT
from brandcheck.errors import UsageError

MAX_TASKS = 10_000  # items a worker takes before it is replaced, whatever its memory
RECYCLE_RSS_MB = 1024  # a worker whose resident memory grew past this is replaced
MIN_MEMORY_MB = 1024  # a worker's address space with its libraries loaded is about 750 MB
_MAX_RESENDS = 3  # a task the Dask cluster drops more often than this is a crashed file
WORKER_WAIT = 60.0  # seconds a scan waits for a first Dask worker before it gives up
_START_POLL = 1.0  # seconds between looks at which Dask tasks have started


def _crash_reason(exc: BaseException) -> str:
    return f"the worker failed on this file: {type(exc).__name__}: {exc}"


def _on_one_line(exc: BaseException) -> str:
    """An exception as ``Type: message`` on one line (Dask's span several)."""
    return " ".join(f"{type(exc).__name__}: {exc}".split())


class Executor(ABC):
    """Runs WorkItems; `wait` blocks until at least one result is back."""

    slots: int = 1

    def __init__(self) -> None:
        self._in_flight = 0

    def has_room(self) -> bool:
        return self._in_flight < self.slots

    def busy(self) -> bool:
        return self._in_flight > 0

    @abstractmethod
    def submit(self, item: WorkItem) -> None: ...

    @abstractmethod
    def wait(self) -> list[ItemResult]: ...

    @abstractmethod
    def close(self) -> None:
        """Stop the workers (results not yet collected are dropped)."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SerialExecutor(Executor):
    """In this process, one item at a time (debugging, the API); no time or memory limits."""

    def __init__(self, setup: CheckSetup) -> None:
        super().__init__()
        self.setup = setup
        self._queue: deque[WorkItem] = deque()

    def submit(self, item: WorkItem) -> None:
        self._queue.append(item)
        self._in_flight += 1

    def wait(self) -> list[ItemResult]:
        item = self._queue.popleft()
        self._in_flight -= 1
        try:
            return [run_item(item, self.setup)]
        except Exception as exc:
            return [failed_result(item, "file.crashed", _crash_reason(exc))]

    def close(self) -> None:
        self._queue.clear()


def _watch_parent(parent: int) -> None:
    """Exit when the scanning process is gone (e.g. kill -9), so no orphan keeps working."""
    while True:
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            pass
        time.sleep(1.0)


def _resident_mb() -> float:
    """This process's resident memory in MB (Linux); 0 where it cannot be read."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _recycle_when_grown(limit_mb: float) -> None:
    """Make this pebble worker end, between two tasks, once its resident memory is over
    ``limit_mb`` (a large file's pages, allocator fragmentation, a leak): it returns from
    its task loop before taking the next task, as after pebble's ``max_tasks``, and the pool
    starts a fresh worker. Wraps pebble's task fetcher; without it (another pebble) workers
    are replaced by count only."""
    from pebble.pool import process as pebble_process

    fetch = getattr(pebble_process, "worker_get_next_task", None)
    if fetch is None:
        return

    def tasks(channel: Any, max_tasks: int) -> Iterator[Any]:
        source = fetch(channel, max_tasks)
        for task in source:
            yield task  # at least one task a worker, whatever its size at start
            if _resident_mb() > limit_mb:
                return

    pebble_process.worker_get_next_task = tasks


def _init_worker(memory_mb: int | None, parent: int, recycle_mb: float = RECYCLE_RSS_MB) -> None:
    """Worker start: memory ceiling, ignore Ctrl-C (the parent stops us), die with the parent,
    end between tasks once grown past ``recycle_mb`` resident.

    Each worker runs OpenCV on one thread: the pool already keeps every core busy, and threads
    on top of it would only compete for the same cores.
    """
    import resource

    import cv2

    cv2.setNumThreads(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # started before the ceiling: a thread's stack is address space too
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    _recycle_when_grown(recycle_mb)
    if memory_mb:
        limit = int(memory_mb) * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _stop_workers_before_locks(pool: Any) -> None:
    """Make ``pool`` (pebble) stop its workers before it removes its channel's locks, not
    after. A worker still starting when the pool stops (the fresh one after a file's time
    limit, as the scan ends) then reads its start-up data and opens those locks: gone, it
    failed with a FileNotFoundError traceback on the operator's terminal, under the scan's
    summary. Workers stopped first never read them. Another pebble is left as it is."""
    manager = getattr(pool, "_pool_manager", None)
    workers = getattr(manager, "worker_manager", None)
    if not all(hasattr(workers, name) for name in ("force_stop_workers", "close_channels")):
        return

    def stop() -> None:
        workers.force_stop_workers()
        workers.close_channels()

    manager.stop = stop


def _start_forkserver() -> None:
    """Start the fork server with Ctrl-C ignored from its first instruction, as it is anyway
    once it has imported brandcheck: a Ctrl-C in the second or two it spends importing would
    print its traceback under the parent's "interrupted" line. Its workers ignore Ctrl-C too
    (the parent stops them); only the few milliseconds of starting it miss a Ctrl-C."""
    from multiprocessing import forkserver

    if threading.current_thread() is not threading.main_thread():
        return  # signal handlers belong to the main thread; the pool starts it when needed
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)


class ProcessExecutor(Executor):
    """Local worker processes (pebble): a file over the time limit or one that kills its
    worker (segfault, out of memory) becomes an error result and the worker is replaced.

    Workers are recycled by need, not every few hundred files: one whose resident memory
    grew past ``recycle_mb`` ends before its next task, and each ends after ``max_tasks``.
    A fresh worker rebuilds its CheckContext and pays a cold first file (0.3-0.5 s against
    0.01-0.02 s warm), which recycling every 200 items made 35-55 % of a scan of tiny files."""

    def __init__(
        self,
        setup: CheckSetup,
        jobs: int,
        timeout: float | None = DEFAULT_TIMEOUT,
        memory_mb: int | None = DEFAULT_MEMORY_MB,
        max_tasks: int = MAX_TASKS,
        recycle_mb: float = RECYCLE_RSS_MB,
    ) -> None:
        from pebble import ProcessPool

        if memory_mb and memory_mb < MIN_MEMORY_MB:
            raise UsageError(
                f"a memory limit of {memory_mb} MB is below what a worker takes before it opens "
                f"a file (about 750 MB of address space); give at least {MIN_MEMORY_MB} MB"
            )
        super().__init__()
        self.setup = setup
        self.slots = max(1, jobs)
        self.timeout = timeout
        self.memory_mb = memory_mb
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["brandcheck.batch.work"])
        _start_forkserver()
        self._pool = ProcessPool(
            max_workers=self.slots,
            max_tasks=max_tasks,
            initializer=_init_worker,
            initargs=(memory_mb, os.getpid(), recycle_mb),
            context=context,
        )
        _stop_workers_before_locks(self._pool)
        self._futures: dict[cf.Future, WorkItem] = {}

    def submit(self, item: WorkItem) -> None:
        with ctrl_c.held():  # the first one starts the workers
            future = self._pool.schedule(run_item, args=(item, self.setup), timeout=self.timeout)
            self._futures[future] = item  # known before a held Ctrl-C, so close() stops it
            self._in_flight += 1

    def _result(self, future: cf.Future, item: WorkItem) -> ItemResult:
        from pebble import ProcessExpired

        try:
            return future.result()
        except cf.TimeoutError:
            return failed_result(
                item, "file.timeout", f"checking took longer than {self.timeout:g} s; stopped"
            )
        except ProcessExpired as exc:
            limit = f" (memory limit {self.memory_mb} MB)" if self.memory_mb else ""
            return failed_result(
                item,
                "file.crashed",
                f"the worker died on this file with exit code {exc.exitcode}; it may have "
                f"crashed or run out of memory{limit}",
            )
        except Exception as exc:
            return failed_result(item, "file.crashed", _crash_reason(exc))

    def wait(self) -> list[ItemResult]:
        done, _ = cf.wait(list(self._futures), return_when=cf.FIRST_COMPLETED)
        out = []
        for future in done:
            item = self._futures.pop(future)
            self._in_flight -= 1
            out.append(self._result(future, item))
        return out

    def close(self) -> None:
        if self._futures:
            self._pool.stop()
        else:
            self._pool.close()
        self._pool.join()


class ClusterError(RuntimeError):
    """The Dask cluster cannot go on with the scan: lost, or unable to run brandcheck's tasks
    (another version or environment). The results so far are kept; nothing is stored for
    the files in flight."""


class ClusterLost(ClusterError):
    """The Dask scheduler went away during a scan."""


def _other_version(worker: str, theirs: str) -> str | None:
    """Why a Dask worker running brandcheck ``theirs`` cannot take this scan's work, or None
    when it runs this brandcheck."""
    from brandcheck.build import code_version

    mine = code_version()
    if theirs == mine:
        return None
    return (
        f"{worker} runs brandcheck {theirs}, this scan brandcheck {mine}: install the same "
        "version (the same code) on the scheduler and every worker"
    )


def _same_brandcheck(result: ItemResult) -> ItemResult:
    """``result`` if a worker of this brandcheck sent it; else the scan cannot go on: its
    results would be stored as this version's."""
    why = _other_version("a Dask worker", result.tool_version or "of an older version")
    if why:
        raise ClusterError(why)
    return result


def _probe(item: WorkItem) -> str:
    """A Dask worker's brandcheck version, asked before a scan; ``item`` makes it load the
    classes of the scan's tasks too (a worker of another version may not have them)."""
    from brandcheck.build import code_version

    return code_version()


def _preload_plugin() -> Any:
    from distributed.diagnostics.plugin import WorkerPlugin

    class Preload(WorkerPlugin):
        def setup(self, worker: Any) -> None:
            importlib.import_module("brandcheck.batch.work")

    return Preload()


_STARTED = "brandcheck-started"  # the events a Dask worker logs when it starts an item: a
# topic of each scan's own (a suffix), since a client keeps one handler a topic
ORPHAN_GRACE = 60.0  # seconds past its time limit after which a Dask worker ends itself
_DRAIN_POLL = 1.0  # seconds between a hung worker's looks at what else it runs
_ASK_TIMEOUT = 30.0  # seconds a worker has to say what it runs; one that cannot is hung whole
_OVERDUE: set[str] = set()  # keys of this worker process's items past limit and grace
_OVERDUE_LOCK = threading.Lock()  # the watchdogs are threads of their own


def _running_keys(worker: Any) -> set[str] | None:
    """The keys of the tasks this Dask worker executes now (read from another thread than
    the worker's event loop, so retried when the loop changes the set meanwhile); None when
    the worker cannot say (another distributed)."""
    state = getattr(worker, "state", None)
    while True:  # the sets change only when a task starts or ends: a retry soon reads them
        try:
            tasks = set(state.executing) | set(state.long_running)  # type: ignore[union-attr]
            return {str(ts.key) for ts in tasks}
        except RuntimeError:  # changed size during iteration
            time.sleep(0.01)
        except AttributeError:
            return None


def _running_on(dask_worker: Any) -> list[str]:
    """The keys of the tasks a Dask worker executes now (asked with ``Client.run``, on the
    worker's event loop); [] where it cannot say."""
    return sorted(_running_keys(dask_worker) or ())


def _end_when_alone(worker: Any, key: str) -> None:
    """The watchdog of an item ``ORPHAN_GRACE`` seconds past its limit: end the worker process
    (its nanny starts a fresh one) once every task it still runs is such a hung item. Tasks
    on its other threads (``--nthreads 2``) are let finish first: ending the process under
    them would make Dask run them again from the start elsewhere, and a task caught so four
    times would fail as a worker crash. The worker goes on taking tasks on its free threads
    meanwhile; it ends when its work runs out (a scan's end, or its client gone). An item
    that finishes after all (slow, not hung) stops the watch."""
    with _OVERDUE_LOCK:
        _OVERDUE.add(key)
    try:
        while True:
            running = _running_keys(worker)
            if running is not None and key not in running:
                return  # it ended after all: nothing hangs
            with _OVERDUE_LOCK:
                alone = running is None or running <= _OVERDUE
            if alone:
                os._exit(70)
            time.sleep(_DRAIN_POLL)
    finally:
        with _OVERDUE_LOCK:
            _OVERDUE.discard(key)


def _run_on_dask(
    item: WorkItem,
    setup: CheckSetup,
    timeout: float | None,
    topic: str = _STARTED,
    grace: float = ORPHAN_GRACE,
) -> ItemResult:
    """``run_item`` on a Dask worker: tells the client when the item starts (its time limit
    counts from then, not from a wait behind another task), and, on a worker with a nanny,
    ends the worker process if the item still runs ``grace`` seconds past its limit and is
    all the worker runs (see ``_end_when_alone``).
    The client restarts the worker of an item over its limit when that item is its only task;
    one that did not (the worker had other tasks; or the client was stopped with Ctrl-C,
    killed, cut off from the scheduler) would leave the worker hung on a file for the
    next scan. Dask does not run the item again (its client gave it up), and the nanny starts
    a fresh worker. A worker without a nanny (in the client's own process, say) would not come
    back, or would take the scan down with it: it keeps no such watch."""
    from distributed import get_worker

    from brandcheck.build import code_version

    worker = get_worker()
    key = worker.get_current_task()
    worker.log_event(topic, key)
    watchdog = None
    if timeout is not None and worker.nanny:
        watchdog = threading.Timer(timeout + grace, _end_when_alone, (worker, str(key)))
        watchdog.daemon = True
        watchdog.start()
    try:
        result = run_item(item, setup)
    except Exception as exc:  # the file's: any exception the client sees is the cluster's
        result = failed_result(item, "file.crashed", _crash_reason(exc))
    finally:
        if watchdog is not None:
            watchdog.cancel()
    result.tool_version = code_version()
    return result


class DaskExecutor(Executor):
    """A Dask distributed cluster (`tcp://host:8786`, or a Client/LocalCluster you pass in).

    Workers must see the files under the same paths and have brandcheck installed. The time
    limit counts from when a worker starts the item and is enforced from the client: the
    file is recorded as `file.timeout`, the task is cancelled and the worker running it is
    restarted (through its nanny) when possible.
    A worker killed by Dask's own memory limit makes the file `file.crashed`. Each task carries
    the check setup (with its logo files' content) rather than a scattered copy, which a
    restarted worker loses.
    A scheduler that goes away ends the scan with `ClusterLost`; the results so far are kept.
    """

    def __init__(
        self,
        setup: CheckSetup,
        scheduler: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
    ) -> None:
        from distributed import Client

        super().__init__()
        self.timeout = timeout
        self._futures: dict[Any, tuple[WorkItem, float]] = {}
        self._resent: dict[WorkItem, int] = {}  # items the cluster dropped, and how often
        self._started: dict[str, float] = {}  # task key: when a worker (last) started it
        self._keys: set[str] = set()  # keys of the tasks in flight: the only starts recorded
        self._topic = f"{_STARTED}-{uuid.uuid4().hex}"
        if isinstance(scheduler, Client):
            self.client, self._own = scheduler, False
        else:
            try:
                self.client, self._own = Client(scheduler, timeout=30), True
            except Exception as exc:  # unreachable, or not a scheduler address at all
                raise UsageError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from exc
        try:
            self.client.wait_for_workers(1, timeout=WORKER_WAIT)
        except Exception as exc:
            self.close()
            raise UsageError(
                f"the Dask scheduler {scheduler} has no workers (waited {WORKER_WAIT:g} s)"
            ) from exc
        try:  # import up front on every worker, also on those started later or restarted,
            # so time limits do not count the first import
            self.client.register_plugin(_preload_plugin(), name="brandcheck-preload")
        except ImportError as exc:
            self.close()
            raise UsageError(
                f"Dask workers cannot import brandcheck; install it there ({exc})"
            ) from exc
        self._check_workers()
        self.client.subscribe_topic(self._topic, self._on_started)
        self._comm = self.client.scheduler_comm  # a new one after a reconnect
        threads = sum(self.client.nthreads().values()) or 1
        self.slots = threads  # an item per worker thread in flight: little waits on the cluster
        self._setup = setup

    def _check_workers(self) -> None:
        """Refuse a cluster whose workers cannot run this brandcheck's tasks or run another
        version (workers that join later are checked by their results)."""
        from brandcheck.build import code_version

        mine = code_version()
        try:
            versions = self.client.run(_probe, WorkItem(""))
        except Exception as exc:
            self.close()
            why = _on_one_line(exc)
            raise UsageError(
                f"Dask workers cannot run brandcheck's tasks ({why}); install brandcheck {mine} "
                "on the scheduler and every worker"
            ) from exc
        for worker, theirs in sorted(versions.items()):
            why = _other_version(f"the Dask worker {worker}", theirs)
            if why:
                self.close()
                raise UsageError(why)

    def _on_started(self, event: tuple[float, Any]) -> None:
        """A worker started a task (again, when Dask moved it off a worker that died): its
        clock starts now. Called on the client's event-loop thread; a start that comes after
        its result or cancel is not kept."""
        key = str(event[1])
        if key in self._keys:
            self._started[key] = time.monotonic()

    def submit(self, item: WorkItem) -> None:
        self._send(item)
        self._in_flight += 1

    def _send(self, item: WorkItem) -> None:
        """Submit the item's task; its clock starts when a worker starts it."""
        self._subscribed()
        key = f"brandcheck-item-{uuid.uuid4().hex}"  # known before a worker can start it
        self._keys.add(key)
        try:
            future = self.client.submit(
                _run_on_dask,
                item,
                self._setup,
                self.timeout,
                self._topic,
                ORPHAN_GRACE,
                key=key,
                pure=False,
            )
        except Exception as exc:
            self._keys.discard(key)
            raise ClusterLost(f"lost the Dask scheduler ({type(exc).__name__}: {exc})") from exc
        self._futures[future] = (item, time.monotonic())

    def _unstarted(self, sent: float, now: float) -> bool:
        """Whether a task sent at ``sent`` and not started waited longer than any worker can
        be busy with this scan's items (they end within their limit, or by the watchdog)
        while no worker is busy at all: a cluster shared with other clients' long tasks
        only makes it wait."""
        if self.timeout is None or now - sent <= 2 * (self.timeout + ORPHAN_GRACE):
            return False
        try:
            return not any(self.client.processing().values())
        except Exception:  # the scheduler cannot say: not a reason to stop the scan
            return False

    def _forget(self, future: Any) -> None:
        key = str(future.key)
        self._keys.discard(key)
        self._started.pop(key, None)

    def _began(self, future: Any) -> float | None:
        """When a worker started the future's task; None while it waits for one."""
        return self._started.get(str(future.key))

    def _finish(self, future: Any, item: WorkItem) -> ItemResult:
        try:
            return _same_brandcheck(future.result())
        except ClusterError:
            raise
        except Exception as exc:
            if type(exc).__name__ == "KilledWorker":
                reason = "the Dask worker died on this file (crash or memory limit)"
                return failed_result(item, "file.crashed", reason)
            # the task never ran brandcheck's code (which returns a file's failure as a
            # result): the scheduler or a worker could not load it, for every file alike
            why = _on_one_line(exc)
            raise ClusterError(
                f"the Dask cluster could not run brandcheck's task ({why}); the scheduler and "
                "every worker need the same brandcheck and Python packages as this machine"
            ) from exc

    def _restart(self, workers: list[str], key: str) -> None:
        """Restart the workers that run nothing but the task ``key`` now; one that runs other
        tasks too (--nthreads 2) is not restarted under them: its watchdog ends it once the
        hung task is all it runs. Tasks only queued there are sent to other workers."""
        # without a nanny (or on an older distributed) the hung task just runs out
        with contextlib.suppress(Exception):
            try:
                running = self.client.run(
                    _running_on, workers=workers, callback_timeout=_ASK_TIMEOUT
                )
                alone = [w for w, keys in running.items() if set(keys) <= {key}]
            except TimeoutError:  # hung in code that holds the GIL (MuPDF): nothing else
                alone = workers  # runs there, not even its event loop or its watchdog
            if alone:
                self.client.restart_workers(alone, timeout=120, raise_for_error=False)

    def _expire(self, future: Any, item: WorkItem) -> ItemResult:
        try:
            processing = self.client.processing()
        except Exception:  # the scheduler went away meanwhile: the next wait() says so
            processing = {}
        workers = [w for w, keys in processing.items() if future.key in keys]
        future.cancel()
        if workers:  # in the background, so results of other workers keep coming in
            args = (workers, str(future.key))
            threading.Thread(target=self._restart, args=args, daemon=True).start()
        return failed_result(
            item, "file.timeout", f"checking took longer than {self.timeout:g} s; stopped"
        )

    def wait(self) -> list[ItemResult]:
        from distributed import wait

        wait_for = None
        if self.timeout is not None:  # the next deadline, or a look at which tasks started
            began = [t for f in self._futures if (t := self._began(f)) is not None]
            nearest = min(began, default=math.inf) + self.timeout - time.monotonic()
            wait_for = max(0.05, min(nearest, _START_POLL))
        try:
            done, _ = wait(list(self._futures), timeout=wait_for, return_when="FIRST_COMPLETED")
        except TimeoutError:
            done = set()
        except Exception:  # a cancelled or lost future: each is looked at below
            done = {f for f in self._futures if f.status in ("finished", "error", "cancelled")}
        if self.client.status not in ("running", "connecting"):
            raise ClusterLost(f"lost the Dask scheduler (client {self.client.status})")
        # while the client reconnects, tasks are not timed out: they may be running still
        connected = self.client.status == "running"
        out = []
        now = time.monotonic()
        lost = False
        for future, (item, sent) in list(self._futures.items()):
            started = self._began(future)
            if connected and started is None and self._unstarted(sent, now):
                raise ClusterError(
                    f"no Dask worker has started brandcheck's task for {item.path} in "
                    f"{now - sent:.0f} s: a worker may not load it (another brandcheck or "
                    "environment: see the workers' logs) or be hung"
                )
            if future.status == "cancelled":
                # not by us (an expired future leaves this table at once): the cluster dropped
                # it, so no result is stored for it; sent again while connected (with a new
                # start: reconnecting is no time spent on the file), else it stays until the
                # client gives up and ClusterLost ends the scan
                lost = True
                if not connected:
                    continue
                del self._futures[future]
                self._forget(future)
                tries = self._resent.get(item, 0) + 1
                if tries <= _MAX_RESENDS:
                    self._resent[item] = tries
                    self._send(item)
                else:  # dropped again and again: an error, not an endless loop
                    self._in_flight -= 1
                    reason = f"the Dask cluster dropped this task {tries} times"
                    out.append(failed_result(item, "file.crashed", reason))
                continue
            if future in done:
                out.append(self._finish(future, item))
            elif (
                connected
                and self.timeout is not None
                and started is not None
                and now - started > self.timeout
            ):
                out.append(self._expire(future, item))
            else:
                continue
            del self._futures[future]
            self._forget(future)
            self._in_flight -= 1
        if lost and not out and not connected:
            time.sleep(0.5)  # reconnecting: do not spin on the dropped futures
        return out

    def _subscribed(self) -> None:
        """Subscribe to the scan's start events again after the client reconnected (it has a
        new connection then). A scheduler restarted at the same address knows no subscription
        (the same one keeps it, under the client's id): without this no start would be heard,
        and no file of the rest of the scan could be timed out. Called before each task is
        sent, so the scheduler has the subscription before the task; subscribing twice is
        harmless."""
        comm = self.client.scheduler_comm
        if comm is self._comm:
            return
        with contextlib.suppress(Exception):  # the next wait() says when the client is lost
            self.client.subscribe_topic(self._topic, self._on_started)
            self._comm = comm

    def close(self) -> None:
        for future in self._futures:
            with contextlib.suppress(Exception):  # a closed client cannot cancel: nothing runs
                future.cancel()
        self._futures.clear()
        self._started.clear()
        self._keys.clear()
        with contextlib.suppress(Exception):  # a client passed in outlives the scan
            self.client.unsubscribe_topic(self._topic)
        if self._own:
            self.client.close()
