package io.htcengine.internal.cluster;

import io.htcengine.api.NodeSpec;
import io.htcengine.api.NodeState;
import io.htcengine.api.NodeStatus;
import io.htcengine.api.PoolSpec;
import io.htcengine.api.Resources;
import io.htcengine.api.TaskSpec;
import io.htcengine.api.UnschedulableMode;
import io.htcengine.internal.task.Task;
import io.htcengine.spi.NodeExecutor;
import io.htcengine.spi.NodeProvisioner;
import io.htcengine.spi.PlacementPolicy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The engine's cluster as the scheduler loop owns it: the node table, the free-capacity placement index, tenants'
 * use and quotas, tasks and allocations waiting for room, pools and their autoscaling. Every change of a node's free
 * capacity goes through {@link #take} and {@link #give}, which keep allocated + free = capacity and never let free
 * go below zero in any dimension.
 *
 * <p>Threading: scheduler loop only, except {@link #feasibility()} (any thread).
 */
public final class ClusterState {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClusterState.class);

    /** What the cluster needs of the scheduler loop. */
    public interface Host {
        /** Starts an attempt of {@code t} on {@code node}, whose resources are already taken for it. */
        void dispatch(Task t, int node);

        /**
         * {@code t} was running on a node that failed; its attempt is sealed and its resources given back.
         *
         * @return whether it went back to the queue (false: it was cancelled, and ended)
         */
        boolean requeueFromFailedNode(Task t, String node);

        /** @return the tasks running on the node now (a copy). */
        List<Task> runningOn(int node);

        <T> void answer(CompletableFuture<T> question, T value);

        void answerError(CompletableFuture<?> question, Throwable error);
    }

    static final String DEFAULT_POOL = "default";

    final Dims dims;
    final Host host;
    final Placement placement;
    final List<NodeRecord> nodes = new ArrayList<>();
    final Map<String, NodeRecord> byName = new HashMap<>();
    final Map<String, PoolState> pools = new LinkedHashMap<>();
    final Map<String, TenantLedger> tenants = new HashMap<>();
    private final Map<String, long[]> quotas;
    final ParkedTasks parked = new ParkedTasks();
    final ArrayDeque<AllocationImpl> pendingAllocations = new ArrayDeque<>();
    final Map<Long, AllocationImpl> liveAllocations = new HashMap<>();
    private final IdentityHashMap<Resources, long[]> requests = new IdentityHashMap<>();
    final NodeProvisioner provisioner;
    final Function<NodeSpec, NodeExecutor> localExecutors;
    final Consumer<Consumer<ClusterState>> post;
    private final UnschedulableMode unschedulable;
    final long autoscaleIntervalNs;
    private final boolean customPolicy;
    private final int[] fed = new int[1024];
    private int fedCount;
    private boolean fedOverflow;
    volatile Feasibility feasibility;
    boolean capacityChanged;
    boolean topologyChanged;
    private long freeSlotsUp;
    long nextAutoscaleNs;
    /** Ready tasks left untried because no UP node has a free slot, and since when (-1: none). */
    private int slotBacklog;
    long slotBacklogSinceNs = -1;
    /** Tasks an admission limit holds in the lanes, which wait for a slot as much as the ready ones do. */
    private java.util.function.LongSupplier heldBeforeAdmission = () -> 0;
    final ArrayDeque<Integer> freeIds = new ArrayDeque<>();
    private final long[] upCapacity;
    final PoolScaler scaler = new PoolScaler(this);
    private final WaitReasons reasons = new WaitReasons(this);
    private final NodeOperations nodeOps = new NodeOperations(this);
    private static final int SPEC_CACHE = 64;
    private final TaskSpec<?, ?>[] cachedSpecs = new TaskSpec<?, ?>[SPEC_CACHE];
    private final long[][] cachedRequests = new long[SPEC_CACHE][];
    private final Object[] cachedLedgers = new Object[SPEC_CACHE];
    long nodeFailureRequeues;
    long nowNs;
    /** Queued work a local node may hold ahead of its workers (see {@link InFlightLimit}); 0: fixed slots. */
    private final long dispatchAheadNs;
    /** Local nodes whose slots follow their completion rate. */
    private final List<NodeRecord> adaptive = new ArrayList<>(1);

    /**
     * @param staticNodes    the builder's nodes with their executors, in the pool "default"
     * @param localExecutors makes the local worker threads of a provisioned node from its template
     * @param post           sends an action to the loop from any thread (a command)
     */
    public ClusterState(Dims dims, Host host, PlacementPolicy policy, List<NodeSpec> staticNodes,
                        List<NodeExecutor> staticExecutors, List<PoolSpec> poolSpecs, NodeProvisioner provisioner,
                        Map<String, Resources> quotas, UnschedulableMode unschedulable, long autoscaleIntervalNs,
                        Function<NodeSpec, NodeExecutor> localExecutors, Consumer<Consumer<ClusterState>> post,
                        long nowNs, long dispatchAheadNs) {
        this.dims = dims;
        this.dispatchAheadNs = dispatchAheadNs;
        this.upCapacity = new long[dims.count()];
        this.host = host;
        this.placement = new Placement(dims, policy, nodes);
        this.customPolicy = !(policy instanceof PlacementPolicy.Builtin);
        this.provisioner = provisioner;
        this.localExecutors = localExecutors;
        this.post = post;
        this.unschedulable = unschedulable;
        this.autoscaleIntervalNs = autoscaleIntervalNs;
        this.nowNs = nowNs;
        this.quotas = new HashMap<>();
        quotas.forEach((tenant, r) -> {
            long[] ceiling = dims.vector(r, Long.MAX_VALUE);
            for (int d = 0; d < ceiling.length; d++) {
                if (ceiling[d] == 0) {
                    ceiling[d] = Long.MAX_VALUE; // a quota caps only the resources it names
                }
            }
            this.quotas.put(tenant, ceiling);
            tenants.put(tenant, new TenantLedger(tenant, dims.count(), ceiling));
        });
        PoolState defaults = new PoolState(DEFAULT_POOL, null, null);
        pools.put(DEFAULT_POOL, defaults);
        for (int i = 0; i < staticNodes.size(); i++) {
            addNode(defaults, staticNodes.get(i), staticExecutors.get(i), false);
        }
        for (PoolSpec p : poolSpecs) {
            NodeSpec t = p.template();
            pools.put(p.name(), new PoolState(p.name(), p, dims.vector(t.capacity(), t.slots())));
        }
        this.nextAutoscaleNs = nowNs + autoscaleIntervalNs;
        republish();
    }

    /**
     * Loop, once: starts the static nodes' executors and asks for every pool's minimum. A node whose executor does not
     * start is FAILED (logged with the reason); the others start and the engine runs without it.
     */
    public void start() {
        for (int i = 0; i < nodes.size(); i++) {
            NodeRecord n = nodes.get(i);
            if (!startExecutor(n, "")) {
                failedToStart(n);
            }
        }
        for (PoolState p : pools.values()) {
            if (p.spec != null) {
                scaler.scaleTo(p, p.min());
            }
        }
    }

    // ---- the hot path ----

    public boolean anyFreeSlot() {
        return freeSlotsUp > 0;
    }

    /**
     * Loop, at construction: where to count the tasks an admission limit holds back (they count in the slot backlog,
     * the autoscaler's demand, whenever ready tasks wait for a slot). Read only when the backlog is, not every cycle.
     */
    public void heldBeforeAdmission(java.util.function.LongSupplier held) {
        this.heldBeforeAdmission = held;
    }

    /** @return tasks waiting for a free slot: the ready ones left untried, and those the admission limit holds back */
    int slotBacklog() {
        return slotBacklog == 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, slotBacklog + heldBeforeAdmission.getAsLong());
    }

    /**
     * After dispatch: {@code readyTasks} are still in the ready queue. If no slot is free they wait for one — pending
     * demand of one slot each, which the autoscaler sees.
     */
    public void readyBacklog(int readyTasks) {
        backlog(readyTasks > 0 && freeSlotsUp == 0 ? readyTasks : 0);
    }

    /**
     * Ready tasks left waiting: by the built-in queue for a free slot ({@link #readyBacklog}), or by a scheduling
     * policy (all it holds: for room, for quota, or for its turn). They count as pending demand of one slot each.
     */
    public void backlog(int waiting) {
        if (waiting > 0) {
            slotBacklog = waiting;
            if (slotBacklogSinceNs < 0) {
                slotBacklogSinceNs = nowNs;
            }
        } else if (slotBacklogSinceNs >= 0) {
            slotBacklog = 0;
            slotBacklogSinceNs = -1;
        }
    }

    /** Admission: gives the task its request vector and tenant ledger. */
    public void admit(Task t) {
        TaskSpec<?, ?> spec = t.spec();
        int slot = System.identityHashCode(spec) & (SPEC_CACHE - 1);
        if (cachedSpecs[slot] == spec) { // the few specs a workload uses cost no map lookup
            t.request = cachedRequests[slot];
            t.tenantLedger = cachedLedgers[slot];
            return;
        }
        Resources r = spec.resources();
        long[] v = requests.get(r);
        if (v == null) {
            v = dims.request(r);
            if (v == null) { // an extended resource the engine lacks: rejected at submit, so only by a race
                throw new IllegalStateException("task " + t.id() + " requests an unknown resource: " + r);
            }
            requests.put(r, v);
        }
        t.request = v;
        t.tenantLedger = ledger(spec.tenant());
        cachedSpecs[slot] = spec;
        cachedRequests[slot] = v;
        cachedLedgers[slot] = t.tenantLedger;
    }

    TenantLedger ledger(String tenant) {
        TenantLedger l = tenants.get(tenant);
        if (l == null) {
            l = new TenantLedger(tenant, dims.count(), null);
            tenants.put(tenant, l);
        }
        return l;
    }

    /**
     * Places a ready task: takes its resources on the chosen node and returns it, or parks the task (QUEUED, with the
     * reason) and returns -1.
     */
    public int place(Task t) {
        TenantLedger ledger = (TenantLedger) t.tenantLedger;
        Map<String, String> selector = t.spec().nodeSelector();
        if (!ledger.allows(t.request)) {
            park(t, selector, ledger, ParkedTasks.Why.QUOTA);
            return -1;
        }
        int node = placement.choose(t.id(), false, ledger.tenant, t.priority(), t.request, selector);
        if (node < 0) {
            park(t, selector, ledger, feasibility.couldEverHold(t.request, selector)
                ? ParkedTasks.Why.NO_ROOM : ParkedTasks.Why.UNSCHEDULABLE);
            return -1;
        }
        take(t, nodes.get(node));
        return node;
    }

    private void take(Task t, NodeRecord n) {
        t.holdsResources = true;
        n.take(t.request);
        placement.update(n);
        ((TenantLedger) t.tenantLedger).take(t.request);
        freeSlotsUp -= t.request[Dims.SLOTS];
        n.running++;
        n.idleSinceNs = -1;
        n.pool.recordQueueWait(nowNs - t.submitNs());
        markFed(n);
    }

    /** An attempt ended (reported): gives its resources back. */
    public void release(Task t) {
        if (!t.holdsResources) {
            return; // given back when its node failed (the node may even be gone, its id given to another)
        }
        t.holdsResources = false;
        NodeRecord n = nodes.get(t.nodeIndex);
        n.give(t.request);
        if (n.inFlight != null) {
            n.inFlight.completed();
        }
        ((TenantLedger) t.tenantLedger).give(t.request);
        n.running--;
        nodeFreed(n, t.request);
    }

    private void nodeFreed(NodeRecord n, long[] request) {
        if (n.state == NodeState.UP) {
            placement.freed(n); // the index learns of it before the next placement, once per node
            freeSlotsUp += request[Dims.SLOTS];
        }
        if (n.isIdle()) {
            n.idleSinceNs = nowNs;
            if (n.state == NodeState.DRAINING) {
                nodeOps.drained(n);
            }
        }
        capacityChanged = true;
    }

    public String nodeName(int node) {
        return nodes.get(node).name;
    }

    public NodeExecutor executor(int node) {
        return nodes.get(node).executor;
    }

    private void markFed(NodeRecord n) {
        if (!n.fed) {
            n.fed = true;
            if (fedCount < fed.length) {
                fed[fedCount++] = n.id;
            } else {
                fedOverflow = true;
            }
        }
    }

    private long flushFailures;

    /**
     * A host's executor whose {@code flush()} throws has the tasks it was given all the same (they are dispatched):
     * the failure is logged, the first time and every 1,000th after, and the loop goes on.
     */
    private void flush(NodeRecord n) {
        try {
            n.executor.flush();
        } catch (RuntimeException | Error e) {
            if (flushFailures++ % 1_000 == 0) {
                LOG.warn("node {}: its executor's flush() failed ({} "
                    + "failure(s) so far); the tasks given to it stay dispatched", n.name, flushFailures, e);
            }
        }
    }

    /** Tells each node given tasks since the last flush that its batch is complete. */
    public void flushFed() {
        for (int i = 0; i < fedCount; i++) {
            NodeRecord n = nodes.get(fed[i]);
            n.fed = false;
            flush(n);
        }
        fedCount = 0;
        if (fedOverflow) {
            fedOverflow = false;
            for (NodeRecord n : nodes) {
                if (n.fed) {
                    n.fed = false;
                    flush(n);
                }
            }
        }
    }

    // ---- for scheduling policies (which keep their own waiting tasks: nothing is parked) ----

    /** @return the node the task would be placed on now, within its quota, or -1 (nothing is taken or parked). */
    public int choose(Task t) {
        TenantLedger ledger = (TenantLedger) t.tenantLedger;
        if (!ledger.allows(t.request)) {
            return -1;
        }
        return placement.choose(t.id(), false, ledger.tenant, t.priority(), t.request, t.spec().nodeSelector());
    }

    /** Takes the task's resources on a node {@link #choose} returned in this cycle. */
    public void takeOn(Task t, int node) {
        NodeRecord n = nodes.get(node);
        if (n == null || n.state != NodeState.UP || !n.fits(t.request) || !n.matches(t.spec().nodeSelector())
            || !((TenantLedger) t.tenantLedger).allows(t.request)) {
            throw new IllegalStateException("task " + t.id() + " (" + dims.describe(t.request) + ") cannot start on node "
                + (n == null ? node : n.name + ", " + n.state + " with " + dims.describe(n.free) + " free")
                + " now (or its tenant's quota does not allow it)");
        }
        take(t, n);
    }

    /** @return why the task cannot be placed now (quota, room, or never), for a task a policy holds. */
    public String whyNotNow(Task t) {
        TenantLedger ledger = (TenantLedger) t.tenantLedger;
        Map<String, String> selector = t.spec().nodeSelector();
        ParkedTasks.Why why = !ledger.allows(t.request) ? ParkedTasks.Why.QUOTA
            : !feasibility.couldEverHold(t.request, selector) ? ParkedTasks.Why.UNSCHEDULABLE
            : ParkedTasks.Why.NO_ROOM;
        return reason(why, t.request, selector, ledger);
    }

    /** Places waiting allocations if capacity changed. @return whether capacity or the nodes changed since last asked */
    public boolean consumeChanges() {
        boolean changed = capacityChanged || topologyChanged;
        if (changed) {
            capacityChanged = false;
            topologyChanged = false;
            placeAllocations();
        }
        return changed;
    }

    public boolean isCandidate(int node, Task t) {
        NodeRecord n = node < nodes.size() ? nodes.get(node) : null;
        return n != null && n.state == NodeState.UP && n.matches(t.spec().nodeSelector());
    }

    public int nodeIdBound() {
        return nodes.size();
    }

    public long free(int node, int dim) {
        return nodes.get(node).free[dim];
    }

    /**
     * @return the tenant's largest share, over the dimensions the UP nodes have, of their capacity — with {@code plus}
     *         (a request vector, or null) added to what it holds
     */
    public double dominantShare(String tenant, long[] plus) {
        TenantLedger l = tenants.get(tenant);
        double share = 0;
        for (int d = 0; d < dims.count(); d++) {
            long capacity = upCapacity[d];
            long used = (l == null ? 0 : l.used[d]) + (plus == null ? 0 : plus[d]);
            if (capacity > 0) {
                share = Math.max(share, (double) used / capacity);
            }
        }
        return share;
    }

    // ---- parked tasks ----

    private void park(Task t, Map<String, String> selector, TenantLedger ledger, ParkedTasks.Why why) {
        ParkedTasks.Shape s = parked.park(t, selector, ledger, why, nowNs);
        if (s.reason == null || s.reasonWhy != why || why == ParkedTasks.Why.QUOTA) {
            s.reason = reason(why, t.request, selector, ledger); // one string per shape, not per task
            s.reasonWhy = why;
        }
        t.setReason(s.reason);
    }

    String reason(ParkedTasks.Why why, long[] request, Map<String, String> selector, TenantLedger ledger) {
        return reasons.reason(why, request, selector, ledger);
    }

    /** @return why a parked task waits, in detail (for "why pending"); see {@link WaitReasons#explain}. */
    public String explainParked(Task t) {
        return reasons.explain(t);
    }

    /** @return for a ready task not yet tried: whether a slot is free, or why none is (busy, or no node UP). */
    public String slotSummary() {
        return reasons.slotSummary();
    }

    /** The task ended while parked (cancelled). */
    public void unpark(Task t) {
        parked.forget(t, t.spec().nodeSelector(), (TenantLedger) t.tenantLedger);
    }

    /**
     * When capacity was freed or nodes changed since the last try: places waiting allocations, then the heads of the
     * parked tasks' shapes, highest priority first, up to {@code budget} tasks, stopping at a head whose priority is
     * below {@code minPriority} (the caller tries its ready tasks of that priority first, then calls again with 0).
     *
     * @return the tasks dispatched
     */
    public int retryParked(int budget, int minPriority) {
        if (!capacityChanged && !topologyChanged) {
            return 0;
        }
        boolean topology = topologyChanged;
        capacityChanged = false;
        topologyChanged = false;
        placeAllocations();
        if (parked.size() == 0) {
            return 0;
        }
        int n = 0;
        for (ParkedTasks.Shape s : parked.byHeadRank()) {
            if (s.why == ParkedTasks.Why.UNSCHEDULABLE && !topology) {
                continue;
            }
            if (s.head().priority() < minPriority) { // shapes come best first: the rest wait for the ready tasks
                capacityChanged = true;
                topologyChanged |= topology;
                return n;
            }
            for (Task t; (t = s.head()) != null; ) {
                if (n == budget) {
                    capacityChanged = true; // more may fit: go on next cycle
                    return n;
                }
                int node = -1;
                ParkedTasks.Why why = ParkedTasks.Why.QUOTA;
                if (s.tenant.allows(t.request)) {
                    node = placement.choose(t.id(), false, s.tenant.tenant, t.priority(), t.request, s.selector);
                    why = node >= 0 ? null : feasibility.couldEverHold(t.request, s.selector)
                        ? ParkedTasks.Why.NO_ROOM : ParkedTasks.Why.UNSCHEDULABLE;
                }
                if (node < 0) {
                    if (s.why != why || why == ParkedTasks.Why.QUOTA) {
                        s.why = why;
                        s.reason = reason(why, t.request, s.selector, s.tenant);
                        s.reasonWhy = why;
                        s.setReasonOfAll(s.reason); // walks the shape only when its cause changes
                    }
                    break;
                }
                s.pollHead();
                parked.placed(s);
                t.setReason(null);
                take(t, nodes.get(node));
                host.dispatch(t, node);
                n++;
            }
        }
        return n;
    }

    // ---- explicit allocations ----

    /** Command: queue an allocation (placed at the next retry, ahead of parked tasks). */
    public void allocate(AllocationImpl a) {
        long[] v = dims.vector(a.resources(), 0);
        String never = feasibility.whyNever("the allocation", a.resources(), a.selector, a.tenant());
        if (never != null) {
            host.answerError(a.placed, new io.htcengine.api.UnschedulableException(never));
            return;
        }
        a.request = v;
        a.ledger = ledger(a.tenant());
        a.requestedNs = nowNs;
        pendingAllocations.add(a);
        capacityChanged = true;
    }

    private void placeAllocations() {
        for (Iterator<AllocationImpl> it = pendingAllocations.iterator(); it.hasNext(); ) {
            AllocationImpl a = it.next();
            if (a.deallocateRequested()) {
                it.remove();
                host.answerError(a.placed, new java.util.concurrent.CancellationException(
                    "allocation " + a.id() + " was deallocated before it was placed"));
                continue;
            }
            if (!a.ledger.allows(a.request)) {
                continue;
            }
            int node = placement.choose(a.id(), true, a.tenant(), 10, a.request, a.selector);
            if (node < 0) {
                continue;
            }
            it.remove();
            NodeRecord n = nodes.get(node);
            n.take(a.request);
            placement.update(n);
            a.ledger.take(a.request);
            n.allocations++;
            n.idleSinceNs = -1;
            a.onPlaced(n);
            liveAllocations.put(a.id(), a);
            host.answer(a.placed, a);
        }
    }

    /** Command: the caller deallocated (exactly once, checked on its thread). */
    public void deallocate(AllocationImpl a) {
        if (liveAllocations.remove(a.id()) == null) {
            if (pendingAllocations.remove(a)) {
                host.answerError(a.placed, new java.util.concurrent.CancellationException(
                    "allocation " + a.id() + " was deallocated before it was placed"));
            }
            return; // revoked by a node failure: nothing is held any more
        }
        NodeRecord n = nodes.get(a.nodeId);
        n.give(a.request);
        a.ledger.give(a.request);
        n.allocations--;
        a.onEnded(null);
        nodeFreed(n, new long[dims.count()]);
    }

    // ---- nodes ----

    NodeRecord addNode(PoolState pool, NodeSpec spec, NodeExecutor executor, boolean start) {
        long[] capacity = dims.vector(spec.capacity(), spec.slots());
        if (capacity == null) {
            throw new IllegalArgumentException("node " + spec.name() + " has a resource the engine was not built with: "
                + spec.capacity() + "; declare extended resources with EngineBuilder.extendedResource");
        }
        Integer reuse = freeIds.poll();
        NodeRecord n = new NodeRecord(reuse != null ? reuse : nodes.size(), spec.name(), pool, executor, spec.labels(),
            capacity, nowNs);
        if (dispatchAheadNs > 0 && executor instanceof io.htcengine.internal.exec.LocalWorkerPool) {
            long max = capacity[Dims.SLOTS];
            n.inFlight = new InFlightLimit(spec.workerThreads(), max, dispatchAheadNs, nowNs);
            long initial = InFlightLimit.initialSlots(spec.workerThreads(), max);
            n.capacity[Dims.SLOTS] = initial; // before the node is UP: nothing else counts it yet
            n.free[Dims.SLOTS] = initial;
            adaptive.add(n);
        }
        if (reuse != null) {
            nodes.set(reuse, n); // a removed node's slot: the table grows with the peak node count, not the churn
        } else {
            nodes.add(n);
        }
        byName.put(n.name, n);
        pool.nodes.add(n);
        if (start && !startExecutor(n, pool.spec != null
            ? "; its pool asks for another node at its next evaluation if it needs one" : "")) {
            failedToStart(n);
            return n;
        }
        makeUp(n);
        return n;
    }

    /** @return whether the node's executor started; if its start() threw, that is logged. */
    private boolean startExecutor(NodeRecord n, String then) {
        return PluginCalls.guard(LOG, () -> n.executor.start(n.name), "node {} (pool {}) did not start: its executor's "
            + "start() threw; the node is FAILED and takes no work{}", n.name, n.pool.name, then) == null;
    }

    /**
     * The node's executor did not start: the node is FAILED (it never was UP, or a static node leaves UP before any
     * work reached it), counts as a failure of its pool, and its executor is closed. It stays, FAILED, until removed.
     * A pool is not refilled here but at its next evaluation, so an executor that never starts costs one try per
     * autoscale interval, not one per cycle.
     */
    private void failedToStart(NodeRecord n) {
        leaveUp(n, NodeState.FAILED);
        n.pool.failures++;
        PluginCalls.guard(LOG, n.executor::close, "closing the executor of node {} (pool {}), which did not start, "
            + "failed", n.name, n.pool.name);
        capacityChanged = true;
        topologyChanged = true;
        republish();
    }

    void makeUp(NodeRecord n) {
        n.state = NodeState.UP;
        for (int d = 0; d < upCapacity.length; d++) {
            upCapacity[d] += n.capacity[d];
        }
        placement.add(n);
        freeSlotsUp += n.free[Dims.SLOTS];
        capacityChanged = true;
        topologyChanged = true;
    }

    void leaveUp(NodeRecord n, NodeState next) {
        if (n.state == NodeState.UP) {
            placement.remove(n);
            freeSlotsUp -= n.free[Dims.SLOTS];
            for (int d = 0; d < upCapacity.length; d++) {
                upCapacity[d] -= n.capacity[d];
            }
        }
        n.state = next;
    }

    NodeRecord node(String name) {
        NodeRecord n = byName.get(name);
        if (n == null) {
            throw new IllegalArgumentException("no node named '" + name + "'; nodes are " + byName.keySet());
        }
        return n;
    }

    /** Command: add a node to the pool "default". */
    public void addNode(NodeSpec spec, NodeExecutor executor, CompletableFuture<NodeStatus> answer) {
        if (byName.containsKey(spec.name())) {
            host.answerError(answer, new IllegalArgumentException("node names must be unique, '" + spec.name()
                + "' is taken"));
            return;
        }
        try {
            NodeRecord n = addNode(pools.get(DEFAULT_POOL), spec, executor, true);
            republish();
            if (n.state == NodeState.FAILED) {
                host.answerError(answer, new IllegalStateException("node " + n.name + " did not start: its executor's "
                    + "start() threw (logged); it is FAILED and takes no work (remove it to reuse its name)"));
                return;
            }
            host.answer(answer, StatusReport.node(this, n));
        } catch (IllegalArgumentException e) {
            host.answerError(answer, e);
        }
    }

    /** Command: a node operation by name; see {@link NodeOperations#nodeOp}. */
    public void nodeOp(String name, String op, CompletableFuture<NodeStatus> answer) {
        nodeOps.nodeOp(name, op, answer);
    }

    /** Command: the node failed; see {@link NodeOperations#failNode}. */
    public void failNode(String name, CompletableFuture<Integer> answer) {
        nodeOps.failNode(name, answer);
    }

    void drain(NodeRecord n, boolean thenRemove) {
        nodeOps.drain(n, thenRemove);
    }

    void cancelDrain(NodeRecord n, String why) {
        nodeOps.cancelDrain(n, why);
    }

    // ---- pools: see PoolScaler ----

    /** Command: scale a pool to {@code target} nodes now (within [min, max]), or optimise it. */
    public void scalePool(String name, int target, boolean optimise, CompletableFuture<io.htcengine.api.PoolStatus> answer) {
        pools().scalePool(name, target, optimise, answer);
    }

    /** Duty: every autoscale interval, asks each autoscaled pool's policy for its size and moves toward it. */
    public int autoscale() {
        return pools().autoscale();
    }

    /** @return whether the autoscaler has pools to look at on the engine clock (it runs every autoscale interval) */
    public boolean autoscales() {
        return pools().anyProvisionedPool();
    }

    /** Command (from the provisioner): the node is ready. */
    void onNodeReady(String poolName, NodeSpec template, NodeExecutor executor) {
        pools().onNodeReady(poolName, template, executor);
    }

    /** Command (from the provisioner): the node will not come. */
    void onProvisionFailed(String poolName, String nodeName, String reason) {
        pools().onProvisionFailed(poolName, nodeName, reason);
    }

    PoolScaler pools() {
        return scaler;
    }

    // ---- status, feasibility, shutdown ----

    /** Command: a status report. */
    public void status(CompletableFuture<io.htcengine.api.ClusterStatus> answer) {
        host.answer(answer, StatusReport.cluster(this));
    }

    /** @return what a submitting thread checks a request against (any thread). */
    public Feasibility feasibility() {
        return feasibility;
    }

    void republish() {
        List<Feasibility.Shape> shapes = new ArrayList<>();
        for (NodeRecord n : nodes) {
            if (n.state.countsInPool()) {
                shapes.add(new Feasibility.Shape(n.capacity, n.labels, "node " + n.name));
            }
        }
        for (PoolState p : pools.values()) {
            if (p.templateVector != null) {
                shapes.add(new Feasibility.Shape(p.templateVector, p.spec.template().labels(), "pool " + p.name));
            }
        }
        feasibility = new Feasibility(dims, Feasibility.distinct(shapes), Map.copyOf(quotas), unschedulable);
    }

    /**
     * Termination: closes every node's executor that is still open, each once. A close() that throws is logged and
     * the others are closed all the same: termination never waits on a host's executor.
     */
    public void closeAll() {
        for (NodeRecord n : nodes) {
            if (n.state != NodeState.FAILED && n.state != NodeState.REMOVED) {
                PluginCalls.guard(LOG, n.executor::close, "closing the executor of node {} (pool {}) at termination "
                    + "failed; the engine terminates all the same", n.name, n.pool.name);
            }
        }
    }

    public void setNow(long nowNs) {
        this.nowNs = nowNs;
        for (int i = 0; i < adaptive.size(); i++) {
            adaptSlots(adaptive.get(i), i);
        }
    }

    /** Once a window has passed: gives a local node the slots its completion rate asks for (see InFlightLimit). */
    private void adaptSlots(NodeRecord n, int i) {
        long target = n.inFlight.target(nowNs);
        if (target < 0) {
            return;
        }
        if (n.state != NodeState.UP) {
            if (nodes.size() <= n.id || nodes.get(n.id) != n) {
                adaptive.remove(i); // removed from the cluster (its id may be another node's now)
            }
            return; // a node that is not UP takes no tasks: its slots wait until it is UP again
        }
        long delta = target - n.capacity[Dims.SLOTS];
        if (delta < 0) {
            delta = -Math.min(-delta, n.free[Dims.SLOTS]); // shrink by what is free; the rest as tasks end
        }
        if (delta == 0) {
            return;
        }
        placement.remove(n); // the index keeps each node's capacity too: put it back with the new one
        n.capacity[Dims.SLOTS] += delta;
        n.free[Dims.SLOTS] += delta;
        upCapacity[Dims.SLOTS] += delta;
        freeSlotsUp += delta;
        placement.add(n);
        capacityChanged = true;
    }
}
