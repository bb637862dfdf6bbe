"""The Ray backend: tasks run on long-lived executor actors, blocks live in Ray's object store.

The driver makes every actor call itself, so it owns every output block (a map task's
buckets are the return values of its call) and nothing dies with an executor but the
running task. Lost blocks are recovered by the scheduler's lineage, not by Ray's: an
executor that cannot fetch an input names exactly which blocks are gone.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any, get_args

import pyarrow as pa
import ray
from ray import cloudpickle as ray_pickle
from ray import exceptions as rex
from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

from engine.compute import cancel
from engine.compute.allocator import executor_environment
from engine.compute.context import EvalContext
from engine.expr.nodes import Expr, UDFCall
from engine.expr.traverse import contains
from engine.physical import nodes as P
from engine.runtime import local_ray, node_probe
from engine.runtime.backend import Completion
from engine.runtime.scheduler import ExecutorLost, Failure, FetchFailed, TaskSpec, UserError
from engine.runtime.task import ReadKey, run_task
from engine.runtime.task_metrics import TaskClock

# Errors meaning "this input object is gone", as opposed to the task's own failure.
_LOST = (
    rex.ObjectLostError,
    rex.OwnerDiedError,
    rex.ObjectFetchTimedOutError,
    rex.ReferenceCountingAssertionError,
)
# Errors of an executor call meaning "the executor is gone", not the task's fault: retried elsewhere.
# ActorUnschedulableError: a replacement pinned to a node that died before it started; OutOfMemoryError:
# Ray's memory monitor killed the executor's process; NodeDiedError, WorkerCrashedError: its node or
# process died, as Ray reports it in some paths instead of RayActorError.
_EXECUTOR_GONE = (
    rex.RayActorError,
    rex.ActorUnavailableError,
    rex.ActorUnschedulableError,
    rex.OutOfMemoryError,
    rex.NodeDiedError,
    rex.WorkerCrashedError,
)
_OPS = get_args(P.PhysicalOp)
_EXPRS = get_args(Expr)
TaskHook = Callable[[P.Stage, int, int], None]

# What tasks import on first use, imported when the executor starts instead: actors start with
# the session, so this happens while the driver plans, not in the first query's first tasks.
_TASK_MODULES = (
    "engine.compute.kernels.all",
    "engine.compute.aggregate",
    "engine.compute.join",
    "engine.compute.sort",
    "engine.compute.window",
    "engine.compute.hashing",
    "engine.io.source",
    "engine.io.parquet",
)

_lock = threading.Lock()
_users = [0]  # live backends in this process
_started: set[str] = set()  # the GCS address of the Ray engine started, if it did


@dataclass(eq=False)
class Block:
    """One output block in the map-output table: its object, where it was made, its size.

    `value` is the block itself for a job's result (rows, or the files a write task wrote),
    pulled into the driver as soon as its task finished: a result block lives on the node of
    the executor that made it when over Ray's inline limit, and a
    node lost after the job's last task but before the driver read it would take the
    answer with it, past the point where lineage can recompute it. A block a tiny task made
    in the driver is only a `value` until an executor task reads it: then `shared()` puts it
    in the object store, once (a put costs about a millisecond, and most such blocks are
    read only by the driver's next tiny task).
    """

    ref: ray.ObjectRef | None
    node: str
    nbytes: int
    rows: int
    value: pa.Table | None = None

    def shared(self) -> ray.ObjectRef:
        """The block's object in the object store, put there on first use."""
        if self.ref is None:
            self.ref = ray.put(self.value)
        return self.ref


class InputsLost(Exception):
    """Raised in an executor when input blocks cannot be fetched: (read key, block index) of each."""

    def __init__(self, lost: list[tuple[ReadKey, int]], cause: str) -> None:
        super().__init__(f"{len(lost)} input block(s) lost: {cause}")
        self.lost = lost

    def __reduce__(self) -> tuple[Any, ...]:
        return (InputsLost, (self.lost, str(self)))


class RemoteParts:
    """In-memory partitions put in the object store once by the driver; fetched by index in a task."""

    def __init__(self, refs: list[ray.ObjectRef]) -> None:
        self.refs = refs

    def __len__(self) -> int:
        return len(self.refs)

    def __getitem__(self, i: int) -> pa.Table:
        return ray.get(self.refs[i])


class Executor:
    """An executor actor: runs any task of any stage; keeps stage plans and broadcast blocks it fetched."""

    def __init__(self, driver_path: list[str], stage_cache: int = 64, broadcast_cache: int = 4) -> None:
        # Functions pickled by reference (a UDF in the user's own module) import here as in the driver.
        sys.path.extend(p for p in driver_path if p not in sys.path)
        self._stages: OrderedDict[int, P.Stage] = OrderedDict()
        self._broadcast: OrderedDict[tuple[bytes, ...], list[pa.Table]] = OrderedDict()
        self._limits = (stage_cache, broadcast_cache)
        for module in _TASK_MODULES:
            importlib.import_module(module)
        cancel.install(_stop_if_cancelled_lately)

    def run(
        self,
        stage_id: int,
        stage_box: list[ray.ObjectRef | bytes],
        p: int,
        attempt: int,
        inputs: dict[ReadKey, list[ray.ObjectRef]],
        ctx: EvalContext,
        hook: TaskHook | None,
    ) -> tuple[Any, ...]:
        """Partition `p` of the stage: its output blocks, then (node, [(rows, bytes) per block], TaskMetrics)."""
        began = time.perf_counter()
        _stop_if_cancelled()
        stage = _cached(self._stages, stage_id, lambda: _unbox(stage_box[0]), self._limits[0])
        tables = self._fetch(inputs)
        if hook is not None:
            hook(stage, p, attempt)
        _stop_if_cancelled()
        clock = _CancellableClock(stage.root, began)
        blocks = run_task(stage, p, tables, ctx, clock)
        sizes = [(b.num_rows, b.nbytes) for b in blocks]
        meta = (ray.get_runtime_context().get_node_id(), sizes, clock.finish())
        return (*blocks, meta)

    def _fetch(self, inputs: dict[ReadKey, list[ray.ObjectRef]]) -> dict[ReadKey, list[pa.Table]]:
        out: dict[ReadKey, list[pa.Table]] = {}
        wanted: list[tuple[ReadKey, int, ray.ObjectRef]] = []
        for rk, refs in inputs.items():
            key = tuple(r.binary() for r in refs)
            if rk[0] == "all" and key in self._broadcast:
                self._broadcast.move_to_end(key)
                out[rk] = self._broadcast[key]
                continue
            out[rk] = []
            wanted.extend((rk, i, r) for i, r in enumerate(refs))
        try:
            values = ray.get([r for _, _, r in wanted])
        except _LOST as e:
            raise InputsLost(_probe(wanted), f"{type(e).__name__}: {e}") from None
        for (rk, _, _), v in zip(wanted, values):
            out[rk].append(v)
        for rk, refs in inputs.items():
            if rk[0] == "all":
                key = tuple(r.binary() for r in refs)
                self._broadcast[key] = out[rk]
                self._broadcast.move_to_end(key)
                while len(self._broadcast) > self._limits[1]:
                    self._broadcast.popitem(last=False)
        return out


def _unbox(box: ray.ObjectRef | bytes) -> P.Stage:
    return ray_pickle.loads(box) if isinstance(box, bytes) else ray.get(box)


class TaskCancelled(Exception):
    """Raised in an executor by a task the driver cancelled (its job failed or was interrupted)."""


def _stop_if_cancelled() -> None:
    """Ends the running task if the driver cancelled it: Ray cannot interrupt a running actor
    call, it only flags it, so the executor checks between steps and stays alive for the next job."""
    context = ray.get_runtime_context()
    # a Ray older than is_canceled: the call runs on until it ends, or until `_reap` replaces its executor
    if getattr(context, "is_canceled", lambda: False)():
        raise TaskCancelled("cancelled by the driver")


_asked = [0.0]  # when a cancellation point last asked Ray


def _stop_if_cancelled_lately() -> None:
    """`_stop_if_cancelled`, asking Ray at most every 0.1 s (a row UDF's loop calls it per row)."""
    now = time.monotonic()
    if now - _asked[0] >= 0.1:
        _asked[0] = now
        _stop_if_cancelled()


class _CancellableClock(TaskClock):
    """A task clock that also stops the task after each operator once the driver cancelled it."""

    __slots__ = ()

    def record(self, at: int, table: pa.Table, seconds: float) -> None:
        super().record(at, table, seconds)
        _stop_if_cancelled()


_TINY_BYTES = 1 << 20
_INLINE_PLAN_BYTES = 64 << 10  # Ray copies arguments under 100 KB into the call itself
# Seconds a cancelled call may keep running once a later job's task waits behind it on its
# executor (cooperative cancellation takes well under a second): then its executor is replaced.
_NEEDED_GRACE = 3.0


def _tiny(stage: P.Stage, task: TaskSpec) -> bool:
    """Whether the task reads under a megabyte of blocks and of files (a dimension table such as
    TPC-H's nation or region) and calls no Python UDF: cheaper in the driver than an actor
    call, and the stages after it start sooner. A UDF's cost is unknown (a model, a sleep, a web call): on
    executors, as in Spark, its tasks run in parallel, and a crash in it (a segfault, the
    OOM killer) takes down an executor, not the user's application."""
    if isinstance(stage.output, P.WriteOut):
        return False
    if sum(b.nbytes for blocks in task.inputs.values() for b in blocks) > _TINY_BYTES:
        return False
    return _reads_little(stage.root)


def _reads_little(op: P.PhysicalOp) -> bool:
    match op:
        case P.ScanExec(splits=splits):
            return sum(s.size_bytes for s in splits) <= _TINY_BYTES
        case P.CachedRead():
            return False
        case P.RangeExec(start=s, end=e, step=st):
            return abs(e - s) // abs(st) <= 100_000
        case P.MemoryExec(partitions=parts):
            return sum(t.nbytes for t in parts) <= _TINY_BYTES
    for f in fields(op):  # type: ignore[arg-type]
        v = getattr(op, f.name)
        for c in v if isinstance(v, tuple) else (v,):
            if isinstance(c, _OPS) and not _reads_little(c):
                return False
            if isinstance(c, _EXPRS) and contains(c, UDFCall):
                return False
    return True


def _probe(wanted: list[tuple[ReadKey, int, ray.ObjectRef]]) -> list[tuple[ReadKey, int]]:
    """Which of the refs cannot be fetched (asked one by one after a batch fetch failed)."""
    lost: list[tuple[ReadKey, int]] = []
    for rk, i, ref in wanted:
        try:
            ray.get(ref)
        except _LOST:
            lost.append((rk, i))
    return lost


def _cached(cache: OrderedDict[Any, Any], key: Any, make: Callable[[], Any], limit: int) -> Any:
    """LRU lookup: `cache[key]`, made by `make()` on a miss; the oldest entries go past `limit`."""
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    value = cache[key] = make()
    while len(cache) > limit:
        cache.popitem(last=False)
    return value


@dataclass(eq=False)
class _Slot:
    """One executor actor as the driver sees it."""

    actor: Any
    node: str
    inflight: int = 0
    dead: bool = False


def _surplus(slots: list[_Slot], nodes: dict[str, float], cpus: float, avoid: set[str]) -> list[_Slot]:
    """Idle executors on nodes holding more than their share (one per `cpus` CPUs) to retire
    while a node not in `avoid` holds fewer: the pool then starts their replacements there.

    A full pool would otherwise never use a node that joined it (Spark's dynamic allocation
    does), nor move back a replacement that avoided a node which only seemed to be dying.
    """
    share = {n: max(1, int(c // cpus)) for n, c in nodes.items() if c > 0}
    count = dict.fromkeys(share, 0)
    for slot in slots:
        count[slot.node] = count.get(slot.node, 0) + 1
    short = sum(share[n] - count[n] for n in share if n not in avoid and count[n] < share[n])
    excess = len(slots) + short - sum(share.values())
    retire: list[_Slot] = []
    for slot in slots:
        if len(retire) >= excess:
            break
        if slot.inflight == 0 and count[slot.node] > share.get(slot.node, 0):
            count[slot.node] -= 1
            retire.append(slot)
    return retire


@dataclass(eq=False)
class _Running:
    task: TaskSpec
    slot: _Slot
    refs: list[ray.ObjectRef]
    result: bool  # the job's final stage (rows or a write's file list): the driver pulls its blocks at once


class RayBackend:
    """Runs tasks on a pool of executor actors (default one per CPU of the cluster)."""

    def __init__(self, conf: Any, master: str | None, max_failures: int = 4) -> None:
        self.max_failures = max_failures
        self._conf, self._master = conf, master
        self._address = _connect(conf, master)
        with _lock:
            _users[0] += 1  # only once joined: a failed connect leaves no user to keep a Ray running
        self._instances = int(conf.get("spark.executor.instances", "0") or 0)
        self._cpus = max(1.0, float(conf.get("engine.executor.cpus", "1")))
        self._per_actor = max(1, int(conf.get("engine.executor.tasksInFlight", "2")))
        self._wait_for_nodes = _seconds(conf.get("spark.scheduler.maxRegisteredResourcesWaitingTime", "10s"))
        self._actor_class = ray.remote(num_cpus=0, max_restarts=0, max_task_retries=0)(Executor)
        self._slots: list[_Slot] = []
        self._pending: dict[ray.ObjectRef, _Running] = {}
        # calls of a failed or interrupted job still running on their executors: ref -> (call, when cancelled)
        self._draining: dict[ray.ObjectRef, tuple[_Running, float]] = {}
        self._kill_timeout = _seconds(conf.get("spark.task.reaper.killTimeout", "10s"))
        # reported at the next poll: tasks run in the driver, and those lost with a Ray that went away
        self._finished: list[Completion] = []
        self._stage_refs: OrderedDict[int, ray.ObjectRef | bytes] = OrderedDict()
        self._memory: OrderedDict[tuple[Any, ...], RemoteParts] = OrderedDict()
        self._nodes: dict[str, float] = {}
        self._suspect: dict[str, float] = {}  # node -> when an executor on it was lost
        self._down: dict[str, float] = {}  # node -> when its raylet did not answer (dead before Ray says so)
        self._raylets: dict[str, str] = {}  # node -> its raylet's host:port
        self._refreshed = 0.0
        self.task_hook: TaskHook | None = None  # runs in the executor before each task (fault tests)
        self.before_submit: Callable[[P.Stage, TaskSpec], None] | None = None  # runs in the driver
        self._refresh(force=True)

    # ------------------------------------------------------------------ the pool
    def _target(self) -> int:
        """How many executors the pool should have: one per `engine.executor.cpus` CPUs of each
        node with CPUs (or `spark.executor.instances`); none when no node has CPUs left."""
        with_cpus = [c for c in self._nodes.values() if c > 0]
        if self._instances > 0:
            return self._instances if with_cpus else 0
        return sum(max(1, int(c // self._cpus)) for c in with_cpus)

    def _refresh(self, force: bool = False) -> None:
        """Follows the cluster: drops executors that died or sat on dead nodes, starts
        executors on new capacity (a node added after the session started gets its share)."""
        now = time.monotonic()
        if not force and now - self._refreshed < 2.0:
            return
        self._refreshed = now
        alive = [n for n in ray.nodes() if n["Alive"]]
        self._nodes = {n["NodeID"]: float(n["Resources"].get("CPU", 0)) for n in alive}
        self._raylets = {n["NodeID"]: f"{n['NodeManagerAddress']}:{n['NodeManagerPort']}" for n in alive}
        dead = _dead_actors()
        for slot in self._slots:
            if slot.node not in self._nodes or slot.actor._actor_id.hex() in dead:
                slot.dead = True
        self._slots = [s for s in self._slots if not s.dead]
        self._spread()
        while len(self._slots) < self._target():
            self._slots.append(self._start(self._emptiest_node()))

    def _spread(self) -> None:
        """Retires the idle executors `_surplus` names, so that the refill in `_refresh` starts
        them on nodes below their share. With ``spark.executor.instances`` set there are no
        per-node shares to keep."""
        if self._instances > 0:
            return
        for slot in _surplus(self._slots, self._nodes, self._cpus, self._recent_losses()):
            slot.dead = True
            ray.kill(slot.actor, no_restart=True)
        self._slots = [s for s in self._slots if not s.dead]

    def _recent_losses(self) -> set[str]:
        """Nodes that lost an executor in the last 30 s: they may be dying (Ray reports a death late)."""
        return {n for n, t in self._suspect.items() if time.monotonic() - t < 30.0} | self._unreachable()

    def _unreachable(self) -> set[str]:
        """Nodes whose raylet did not answer when an executor was last lost, in the last 30 s."""
        return {n for n, t in self._down.items() if time.monotonic() - t < 30.0}

    def _emptiest_node(self) -> str:
        """The node with CPUs that has the fewest executors per CPU, avoiding nodes that just lost one."""
        per_node = {n: 0 for n in self._nodes}
        for s in self._slots:
            per_node[s.node] = per_node.get(s.node, 0) + 1
        # never a CPU-less node (a head kept free of work): `_target` is 0 when there is no other
        with_cpus = [n for n, c in self._nodes.items() if c > 0]
        recent = self._recent_losses()
        # every node lost an executor lately (OOM kills everywhere): still never one known to be dead
        down = self._unreachable()
        healthy = [n for n in with_cpus if n not in recent] or [n for n in with_cpus if n not in down] or with_cpus
        return min(healthy, key=lambda n: (per_node[n] / self._nodes[n], n))

    def _start(self, node: str) -> _Slot:
        # Hard affinity: an executor meant for a node that died fails to start (its task is
        # retried elsewhere) instead of landing on whatever node is left, a CPU-less head included.
        strategy = NodeAffinitySchedulingStrategy(node, soft=False)
        # Executors reserve no CPU: the pool is sized from the cluster's CPUs already, and
        # reserving would leave a second session on the same Ray waiting for idle actors.
        driver_path = [os.path.abspath(p or os.getcwd()) for p in sys.path]
        options: dict[str, Any] = {"scheduling_strategy": strategy}
        if self._address not in _started:  # a joined Ray's workers do not inherit this process's environment
            options["runtime_env"] = {"env_vars": executor_environment()}
        actor = self._actor_class.options(**options).remote(driver_path)
        return _Slot(actor, node)

    def _lose(self, slot: _Slot) -> None:
        """An executor died: forget it and start a replacement."""
        if slot.dead:
            return
        slot.dead = True
        self._suspect[slot.node] = time.monotonic()
        ray.kill(slot.actor, no_restart=True)
        self._slots = [s for s in self._slots if not s.dead]
        self._probe_nodes()
        self._refresh(force=True)

    def _probe_nodes(self) -> None:
        """Notes the nodes whose raylet no longer answers: nodes lost together with the one that
        just lost an executor, which Ray still reports alive. A replacement started on one would
        never run, and each task sent to it would count as one more executor lost. Through a
        ``ray://`` client the nodes' raylets are not this process's to reach."""
        if ray.util.client.ray.is_connected():
            return
        now = time.monotonic()
        for node in node_probe.unreachable({n: a for n, a in self._raylets.items() if self._nodes.get(n, 0) > 0}):
            self._down[node] = now

    def _reconnect(self) -> None:
        """Ray was shut down or replaced under this session: join the current one afresh.

        Kept blocks died with the old Ray; cached partitions read from them are recomputed.
        """
        self._address = _connect(self._conf, self._master)
        self._finished = [
            Completion(r.task, None, ExecutorLost(executor=r.slot.actor._actor_id.hex())) for r in self._pending.values()
        ]
        self._slots, self._pending, self._draining = [], {}, {}
        self._stage_refs.clear()
        self._memory.clear()
        self._refresh(force=True)

    def executors(self) -> list[Any]:
        """The live executor actor handles (tests kill them to prove recovery)."""
        return [s.actor for s in self._slots]

    # ------------------------------------------------------------------ Backend
    def parallelism(self) -> int:
        return self._target()

    def slots(self) -> int:
        if not ray.is_initialized() or _gcs_address() != self._address:
            self._reconnect()
        self._refresh()
        self._reap()
        busy = sum(1 for run, _ in self._draining.values() if not run.slot.dead)
        # With no executor left, still take one task: `submit` waits for nodes, or fails it by name.
        return max(1, len(self._slots) * self._per_actor - busy)

    def submit(self, stage: P.Stage, task: TaskSpec, ctx: EvalContext) -> None:
        if self.before_submit is not None:
            self.before_submit(stage, task)
        # a write's file list too: the driver commits from it after the job, past lineage's reach
        result = isinstance(stage.output, P.ResultOut | P.WriteOut)
        if self.task_hook is None and _tiny(stage, task):
            self._finished.append(self._run_here(stage, task, ctx, result))
            return
        if not self._slots:
            self._wait_for_executors(stage, task)
        slot = self._pick(task)
        inputs = {rk: [b.shared() for b in blocks] for rk, blocks in task.inputs.items()}
        call = slot.actor.run.options(num_returns=stage.num_buckets + 1)
        refs = call.remote(
            stage.id, [self._stage_ref(stage)], task.partition, task.attempt, inputs, ctx, self.task_hook
        )
        self._pending[refs[-1]] = _Running(task, slot, refs[:-1], result)
        slot.inflight += 1

    def _wait_for_executors(self, stage: P.Stage, task: TaskSpec) -> None:
        """Waits for a node with CPUs to (re)join, as long as
        ``spark.scheduler.maxRegisteredResourcesWaitingTime``; then fails the job, naming the task."""
        deadline = time.monotonic() + self._wait_for_nodes
        while True:
            self._refresh(force=True)
            if self._slots:
                return
            if time.monotonic() >= deadline:
                break
            time.sleep(0.5)
        from engine.errors import SparkRuntimeException

        raise SparkRuntimeException(
            f"[NO_EXECUTORS] Cannot run task {task.partition} of stage {stage.id} "
            f"[{stage.description or 'stage'}] (attempt {task.attempt + 1}): no alive Ray node has CPUs "
            f"for executors after waiting {self._wait_for_nodes:g} s ({len(self._nodes)} node(s) alive, "
            "none with CPUs: were the worker nodes lost?). Add nodes with CPUs to the cluster, or raise "
            "spark.scheduler.maxRegisteredResourcesWaitingTime to wait longer for them.",
            "NO_EXECUTORS",
        )

    def _run_here(self, stage: P.Stage, task: TaskSpec, ctx: EvalContext, result: bool) -> Completion:
        """A tiny task (a final merge of a few rows, ``select 1``) run in the driver: an actor
        round trip would cost more than the task. Its outputs are put in the object store
        like an executor's, owned by the driver."""
        began = time.perf_counter()
        held = [(rk, b.value) for rk, blocks in task.inputs.items() for b in blocks]
        wanted = [(rk, i, b.ref) for rk, blocks in task.inputs.items() for i, b in enumerate(blocks) if b.value is None]
        try:
            fetched = iter(ray.get([r for _, _, r in wanted]))
        except _LOST as e:
            lost = tuple(sorted({task.origins[rk][i] for rk, i in _probe(wanted)}))
            return Completion(task, None, FetchFailed(lost, e), executor="driver")
        tables: dict[ReadKey, list[pa.Table]] = {rk: [] for rk in task.inputs}
        for rk, value in held:
            tables[rk].append(value if value is not None else next(fetched))
        clock = TaskClock(stage.root, began)
        try:
            blocks = run_task(stage, task.partition, tables, ctx, clock)
        except Exception as e:  # noqa: BLE001 - the scheduler retries or reports it, as for an executor
            return Completion(task, None, UserError(e), executor="driver")
        node = ray.get_runtime_context().get_node_id()
        out = [Block(None, node, b.nbytes, b.num_rows, b) for b in blocks]
        return Completion(task, out, executor="driver", metrics=clock.finish())

    def _pick(self, task: TaskSpec) -> _Slot:
        """The least busy executor, on the node holding most of the task's input bytes when it has room;
        none on a node whose raylet stopped answering while another is left."""
        down = self._unreachable()
        live = [s for s in self._slots if s.node not in down] or self._slots
        if len(self._nodes) > 1:
            local: dict[str, int] = {}
            for blocks in task.inputs.values():
                for b in blocks:
                    local[b.node] = local.get(b.node, 0) + b.nbytes
            if local:
                best = max(local, key=lambda n: local[n])
                near = [s for s in live if s.node == best and s.inflight < self._per_actor]
                if near:
                    live = near
        return min(live, key=lambda s: s.inflight)

    def _stage_ref(self, stage: P.Stage) -> ray.ObjectRef | bytes:
        """The stage's plan for its tasks' calls, made once; executors cache it by stage id."""
        return _cached(self._stage_refs, stage.id, lambda: self._boxed(stage), 256)

    def _boxed(self, stage: P.Stage) -> ray.ObjectRef | bytes:
        """A small plan as its pickled bytes, sent inside each call: a put costs the driver ~1 ms
        and each executor's first get another ~0.4, on every stage's path. A large plan (thousands
        of file splits) or one holding data refs is put in the object store once."""
        shipped = replace(stage, root=self._ship(stage.root))
        if shipped.root is stage.root:  # no in-memory data: no refs inside, whose lifetime Ray must track
            data = ray_pickle.dumps(shipped)
            if len(data) <= _INLINE_PLAN_BYTES:
                return data
        return ray.put(shipped)

    def _ship(self, op: P.PhysicalOp) -> P.PhysicalOp:
        """`op` with in-memory partitions replaced by object refs (put once per data set)."""
        if isinstance(op, P.MemoryExec):
            parts = op.partitions
            # keyed by the columns too: column pruning slices the same data set differently
            key = (op.data_id, tuple(parts[0].column_names) if parts else ())
            remote = _cached(self._memory, key, lambda: RemoteParts([ray.put(t) for t in parts]), 32)
            return replace(op, partitions=remote)
        changes: dict[str, Any] = {}
        for f in fields(op):  # type: ignore[arg-type]
            v = getattr(op, f.name)
            if isinstance(v, _OPS):
                shipped = self._ship(v)
            elif isinstance(v, tuple) and v and all(isinstance(c, _OPS) for c in v):
                shipped = tuple(self._ship(c) for c in v)
                shipped = v if all(a is b for a, b in zip(shipped, v)) else shipped
            else:
                continue
            if shipped is not v:  # the same object when nothing below holds in-memory data
                changes[f.name] = shipped
        return replace(op, **changes) if changes else op  # type: ignore[type-var]

    def poll(self) -> list[Completion]:
        if self._finished or not self._pending:
            finished, self._finished = self._finished, []
            return finished
        while True:
            # a cancelled call ending frees its executor; one that will not end is reaped on time
            self._reap()
            until = self._until_reap()
            # back in Python at least every second: an interrupt from another thread
            # (spark.interruptAll) is raised here, not only when some task ends
            waiting = [*self._pending, *self._draining]
            ray.wait(waiting, num_returns=1, timeout=1.0 if until is None else min(until, 1.0))
            ready, _ = ray.wait(list(self._pending), num_returns=len(self._pending), timeout=0)
            if ready:
                return [self._complete(ref, self._pending.pop(ref)) for ref in ready]

    def _until_reap(self) -> float | None:
        """Seconds until the first cancelled call still running is due to be reaped (None: none is)."""
        if not self._draining:
            return None
        return max(0.0, min(self._reap_at(run, at) for run, at in self._draining.values()) - time.monotonic())

    def _reap_at(self, run: _Running, cancelled_at: float) -> float:
        """When a cancelled call still running counts as wedged: after ``spark.task.reaper.killTimeout``,
        or `_NEEDED_GRACE` once a task of a later job waits behind it on its executor."""
        waited_on = any(r.slot is run.slot for r in self._pending.values())
        return cancelled_at + (min(self._kill_timeout, _NEEDED_GRACE) if waited_on else self._kill_timeout)

    def _reap(self) -> None:
        """Frees the executors whose cancelled calls ended; replaces those still running one
        ``spark.task.reaper.killTimeout`` after the cancel (wedged: Spark's task reaper)."""
        if not self._draining:
            return
        ready, _ = ray.wait(list(self._draining), num_returns=len(self._draining), timeout=0)
        now = time.monotonic()
        for ref in ready:
            run, _ = self._draining.pop(ref)
            run.slot.inflight -= 1
            try:
                ray.get(ref)
            except _EXECUTOR_GONE:
                self._lose(run.slot)
            except Exception:  # noqa: BLE001, S110 - cancelled, or its error: the job has failed already
                pass
        for ref, (run, cancelled_at) in list(self._draining.items()):
            if now >= self._reap_at(run, cancelled_at):
                del self._draining[ref]
                run.slot.inflight -= 1
                self._lose(run.slot)

    def _complete(self, meta_ref: ray.ObjectRef, run: _Running) -> Completion:
        run.slot.inflight -= 1
        who = f"actor {run.slot.actor._actor_id.hex()[:8]} on node {run.slot.node[:8]}"
        try:
            node, sizes, metrics = ray.get(meta_ref)
        except rex.RayTaskError as e:
            return Completion(run.task, None, self._classify(run.task, e), executor=who)
        except (*_EXECUTOR_GONE, *_LOST) as e:
            self._lose(run.slot)
            return Completion(run.task, None, ExecutorLost(e, run.slot.actor._actor_id.hex()), executor=who)
        values: list[pa.Table | None] = [None] * len(run.refs)
        if run.result:
            try:
                values = list(ray.get(run.refs))
            except _LOST as e:  # the node died between the task's end and this read: run it again
                lost = ExecutorLost(e, run.slot.actor._actor_id.hex())
                return Completion(run.task, None, lost, executor=who, metrics=metrics)
        blocks = [
            Block(ref, node, nbytes, rows, value)
            for ref, (rows, nbytes), value in zip(run.refs, sizes, values)
        ]
        return Completion(run.task, blocks, executor=who, metrics=metrics)

    @staticmethod
    def _classify(task: TaskSpec, e: rex.RayTaskError) -> Failure:
        cause = e.cause if isinstance(e.cause, BaseException) else e
        if isinstance(cause, InputsLost):
            lost = tuple(sorted({task.origins[rk][i] for rk, i in cause.lost}))
            return FetchFailed(lost, cause)
        return UserError(cause)

    def fetch(self, blocks: list[Any]) -> list[pa.Table]:
        """The blocks' tables: a result's from the driver's memory, others from the object store."""
        missing = [b.ref for b in blocks if b.value is None]
        fetched = iter(ray.get(missing) if missing else [])
        return [b.value if b.value is not None else next(fetched) for b in blocks]

    def release(self, blocks: list[Any]) -> None:
        """Dropping the driver's refs frees the objects; nothing else holds them."""

    def spill_totals(self) -> tuple[int, int] | None:
        """(bytes spilled to disk, bytes restored) by all the cluster's object stores since they started.

        Ray's own cumulative counters, the figures ``ray memory --stats-only`` prints: Ray
        spills objects, not tasks, so only their change over a job means something. None
        when the raylet cannot be asked (a ``ray://`` client cannot reach it; after one
        failed or timed-out request the session stops asking).
        """
        if not ray.is_initialized():
            return None
        address = _gcs_address()
        if address not in _raylets:
            _raylets[address] = _raylet_stub()
        stub = _raylets[address]
        if stub is None:
            return None
        try:
            request = stub.request(include_memory_info=False)
            stats = stub.service.FormatGlobalMemoryInfo(request, timeout=2.0).store_stats
        except Exception:  # noqa: BLE001 - a metric must never fail a job, nor slow every later one
            _raylets[address] = None
            return None
        return int(stats.spilled_bytes_total), int(stats.restored_bytes_total)

    def cancel(self) -> None:
        """Cancels the job's calls and keeps its executors: a call not started never runs, a
        running one stops at its next check (`_stop_if_cancelled`; Ray cannot interrupt a
        running actor call), so the next job finds the pool warm. An executor still busy
        after ``spark.task.reaper.killTimeout`` (sooner once a later task waits on it) is
        replaced by `_reap`."""
        now = time.monotonic()
        for ref, run in self._pending.items():
            ray.cancel(ref)
            self._draining[ref] = (run, now)
        self._pending.clear()
        self._finished = []

    def shutdown(self) -> None:
        self._pending.clear()
        self._draining.clear()
        # Executors of a Ray that was shut down or replaced under the session died with it:
        # their handles are invalid in any other Ray, and touching Ray now would start one.
        if ray.is_initialized() and _gcs_address() == self._address:
            for slot in self._slots:
                ray.kill(slot.actor, no_restart=True)
        self._slots = []
        self._stage_refs.clear()
        self._memory.clear()
        with _lock:
            _users[0] -= 1
            if _users[0] == 0 and ray.is_initialized() and _gcs_address() in _started:
                _started.clear()
                _close_raylet(_gcs_address())  # before Ray goes, or gRPC logs the raylet hanging up
                local_ray.stop()


class _QuietHandledErrors(logging.Filter):
    """Hides Ray's "Unhandled error" reports about executor calls: the driver reads each
    failure through the call's last return value and never fetches the others."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "Executor.run" not in record.getMessage()


def _gcs_address() -> str:
    return str(ray.get_runtime_context().gcs_address)


def _seconds(text: str) -> float:
    """A Spark time setting ("10s", "500ms", "2min", or plain seconds) in seconds."""
    value = str(text).strip().lower()
    for suffix, scale in (("ms", 0.001), ("min", 60.0), ("s", 1.0), ("m", 60.0), ("h", 3600.0)):
        if value.endswith(suffix):
            return float(value[: -len(suffix)]) * scale
    return float(value)


def _dead_actors() -> set[str]:
    """Hex ids of this driver's actors that Ray reports dead (killed from outside while idle).

    Ray has no public call for this without its dashboard; the driver's GCS connection
    answers it in one request. Through a ``ray://`` client that connection does not exist:
    there an executor killed while idle is found when its next task fails, and replaced then.
    """
    if ray.util.client.ray.is_connected():
        return set()
    from ray._private import state

    job = ray.JobID.from_hex(ray.get_runtime_context().get_job_id())
    return set(state.actors(job_id=job, actor_state_name="DEAD"))


@dataclass(frozen=True)
class _Raylet:
    """A gRPC stub of the driver's raylet, which gathers object store stats from every node."""

    channel: Any
    service: Any
    request: Any  # the FormatGlobalMemoryInfoRequest message class


_raylets: dict[str, _Raylet | None] = {}  # by GCS address: one channel per cluster, None if unreachable


def _raylet_stub() -> _Raylet | None:
    """Ray has no public API for spill totals; this is how ``ray memory`` and Ray Data read them."""
    try:
        from ray._private.grpc_utils import init_grpc_channel
        from ray.core.generated import node_manager_pb2, node_manager_pb2_grpc

        here = ray.get_runtime_context().get_node_id()
        node = next(n for n in ray.nodes() if n["Alive"] and n["NodeID"] == here)
        channel = init_grpc_channel(f"{node['NodeManagerAddress']}:{node['NodeManagerPort']}")
        service = node_manager_pb2_grpc.NodeManagerServiceStub(channel)
        request = node_manager_pb2.FormatGlobalMemoryInfoRequest  # type: ignore[attr-defined]  # generated
        return _Raylet(channel, service, request)
    except Exception:  # noqa: BLE001 - internal API moved, or the node is not ours to reach
        return None


def _close_raylet(address: str) -> None:
    raylet = _raylets.pop(address, None)
    if raylet is not None:
        raylet.channel.close()




def _init_address(address: str, master: str | None) -> str:
    """The address to give ``ray.init`` for a ``ray://host:port`` a user named.

    ``ray://`` is Ray Client's scheme (port 10001 on the head), but users also write it
    around the GCS address that ``ray start --head`` prints (port 6379). Ray Client would
    wait 30 s and say only "connection timeout" there, so ask first what answers at
    host:port: a GCS is joined directly, nothing at all is a clear error at once.
    """
    if not address.startswith("ray://") or os.environ.get("RAY_USE_TLS", "0") not in ("0", ""):
        return address  # a GCS address, "auto", or a TLS Ray Client this cannot probe
    host_port = address.removeprefix("ray://").split("/", 1)[0]
    match _listener(host_port):
        case "gcs":
            return host_port
        case "other":
            return address
        case _:
            where = f"spark.master '{master}'" if master and master.startswith("ray://") else f"RAY_ADDRESS={address}"
            raise ConnectionError(
                f"No Ray cluster answers at {host_port} ({where}). Start one with `ray start --head` and "
                "give the GCS address it prints (ray://<head>:6379) or its Ray Client address "
                "(ray://<head>:10001); or use master 'ray' without RAY_ADDRESS to start a local Ray."
            )


def _listener(host_port: str) -> str:
    """What answers gRPC at host:port: "gcs" (a Ray head's GCS), "other" (a Ray Client server), or "none"."""
    import grpc
    from ray.core.generated import gcs_service_pb2, gcs_service_pb2_grpc

    channel = grpc.insecure_channel(host_port)
    try:
        stub = gcs_service_pb2_grpc.NodeInfoGcsServiceStub(channel)
        stub.GetClusterId(gcs_service_pb2.GetClusterIdRequest(), timeout=5.0)
        return "gcs"
    except grpc.RpcError as e:
        unreachable = e.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)
        return "none" if unreachable else "other"
    finally:
        channel.close()


def _connect(conf: Any, master: str | None) -> str:
    """Joins this process's Ray, or the one named by `master`/``RAY_ADDRESS``, or starts a local one quietly.

    Returns the cluster's GCS address; the last session to stop shuts down a Ray engine started.
    """
    with _lock:
        logger = logging.getLogger("ray._private.worker")
        if not any(isinstance(f, _QuietHandledErrors) for f in logger.filters):
            logger.addFilter(_QuietHandledErrors())
        if ray.is_initialized():
            return _gcs_address()
        quiet: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.ERROR}
        address = master if master and master.startswith("ray://") else os.environ.get("RAY_ADDRESS")
        if address:
            ray.init(address=_init_address(address, master), **quiet)
            return _gcs_address()
        store = conf.get("engine.ray.objectStoreMemory", None)
        cpus = conf.get("engine.ray.numCpus", None)
        local_ray.start(int(cpus) if cpus else None, int(store) if store else None, executor_environment(), **quiet)
        _started.clear()
        _started.add(_gcs_address())
        return _gcs_address()
