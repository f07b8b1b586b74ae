package io.htcengine.api;

import io.htcengine.internal.Validate;
import io.htcengine.spi.TaskListener;
import org.agrona.concurrent.IdleStrategy;

import java.util.ArrayList;
import java.util.List;

/**
 * The one way to configure an {@link Engine}. Setters record values; {@link #build()} checks every value once,
 * names the first bad one with its allowed range, and starts the engine.
 */
public final class EngineBuilder {
    /**
     * Lane capacity of an engine that sets none: per lane (a priority level's INTERACTIVE tasks, or its others),
     * rounded up to a power of two. Small on purpose, with {@link #DEFAULT_READY_QUEUE_LIMIT}: a flood of submissions
     * meets backpressure while the tasks between the submitting threads and the workers (ten lanes and the ready
     * queue: about 12,000) still fit in a core's cache; docs/performance.md has the measurements.
     */
    public static final int DEFAULT_LANE_CAPACITY = 1 << 10;
    /** Ready-queue limit of an engine that sets none: see {@link #readyQueueLimit(int)}. */
    public static final int DEFAULT_READY_QUEUE_LIMIT = 2048;
    /** How far graph admission runs ahead in an engine that sets none: see {@link #graphAdmitAhead(int)}. */
    public static final int DEFAULT_GRAPH_ADMIT_AHEAD = 4096;

    String name = "htc";
    ThreadingMode threading = ThreadingMode.DEDICATED_THREAD;
    final List<NodeSpec> nodes = new ArrayList<>();
    int workerThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    int tasksInFlightPerWorker = NodeSpec.DEFAULT_TASKS_IN_FLIGHT_PER_WORKER;
    java.time.Duration dispatchAhead = DEFAULT_DISPATCH_AHEAD;
    int laneCapacity = DEFAULT_LANE_CAPACITY;
    int admitBatch = 256;
    int readyQueueLimit = DEFAULT_READY_QUEUE_LIMIT;
    int graphAdmitAhead = DEFAULT_GRAPH_ADMIT_AHEAD;
    int dispatchBatch = 4096;
    int eventRingCapacity = 1 << 16;
    IdleStrategy idleStrategy;
    EngineClock clock = EngineClock.system();
    BackpressureMode backpressure = BackpressureMode.BLOCK;
    RetryPolicy defaultRetry = RetryPolicy.none();
    java.time.Duration defaultTaskTimeout;
    long randomSeed = 0x48_54_43_5EEDL;
    final List<TaskListener> listeners = new ArrayList<>();
    final List<PoolSpec> pools = new ArrayList<>();
    io.htcengine.spi.NodeProvisioner provisioner = io.htcengine.spi.NodeProvisioner.immediate();
    io.htcengine.spi.PlacementPolicy placement = io.htcengine.spi.PlacementPolicy.bestFit();
    io.htcengine.spi.SchedulingPolicy scheduling = io.htcengine.spi.SchedulingPolicy.strictPriority();
    final java.util.Map<String, Resources> quotas = new java.util.LinkedHashMap<>();
    UnschedulableMode unschedulable = UnschedulableMode.REJECT;
    java.time.Duration autoscaleInterval = java.time.Duration.ofSeconds(1);
    final java.util.Set<String> extendedResources = new java.util.TreeSet<>();
    Persistence persistence; // persistence (issue 7)

    EngineBuilder() {
    }

    /** @param name prefix of the engine's thread names; non-blank. */
    public EngineBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** Who drives the scheduler loop; {@link ThreadingMode#DEDICATED_THREAD} by default. */
    public EngineBuilder threading(ThreadingMode threading) {
        this.threading = threading;
        return this;
    }

    /**
     * Adds a node (in the pool "default"). With no node and no pool added, the engine has one node, "local", of
     * {@link #workerThreads(int)} threads.
     */
    public EngineBuilder node(NodeSpec node) {
        nodes.add(node);
        return this;
    }

    /** @param workerThreads threads of the default local node, 1 to 4096; default: available processors. */
    public EngineBuilder workerThreads(int workerThreads) {
        this.workerThreads = workerThreads;
        return this;
    }

    /** How much work a node of local worker threads holds ahead of its workers by default: 200 µs. */
    public static final java.time.Duration DEFAULT_DISPATCH_AHEAD = java.time.Duration.ofNanos(200_000);

    /**
     * @param tasksInFlightPerWorker the most tasks each worker of the default node holds at once, 1 to 1,024; default
     *                               {@value NodeSpec#DEFAULT_TASKS_IN_FLIGHT_PER_WORKER}. How many it holds below
     *                               that follows {@link #dispatchAhead}. See
     *                               {@link NodeSpec#localThreads(String, int, int)}.
     */
    public EngineBuilder tasksInFlightPerWorker(int tasksInFlightPerWorker) {
        this.tasksInFlightPerWorker = tasksInFlightPerWorker;
        return this;
    }

    /**
     * How much work a node of local worker threads may hold dispatched ahead of its workers. A node's slots (the
     * tasks it holds at once, running or queued at a worker) follow its recent completion rate: about
     * {@code rate × dispatchAhead}, at least two per worker and at most {@code tasksInFlightPerWorker} per worker,
     * re-measured every millisecond of the engine clock. Short tasks then run back to back without a round trip to
     * the scheduler, while a task of higher priority submitted later waits only about this long behind those already
     * dispatched, however long the tasks are. A node starts at 16 per worker (or the maximum, if lower).
     *
     * @param dispatchAhead from 0 to 1 s; default {@link #DEFAULT_DISPATCH_AHEAD}. {@link java.time.Duration#ZERO}
     *                      fixes every local node at {@code tasksInFlightPerWorker} per worker.
     */
    public EngineBuilder dispatchAhead(java.time.Duration dispatchAhead) {
        this.dispatchAhead = dispatchAhead;
        return this;
    }

    /**
     * @param laneCapacity tasks each lane holds before backpressure (two lanes per priority: INTERACTIVE tasks and
     *                     the rest), 16 to 2^26 (rounded up to a power of two); default
     *                     {@value #DEFAULT_LANE_CAPACITY}. A host that submits bursts with
     *                     {@link BackpressureMode#THROW} or {@code trySubmit} sizes it to its bursts.
     */
    public EngineBuilder laneCapacity(int laneCapacity) {
        this.laneCapacity = laneCapacity;
        return this;
    }

    /**
     * @param admitBatch tasks admitted from the lanes per duty cycle, highest priority first, 1 to 65,536;
     *                   default 256. Smaller keeps each cycle short; larger drains a flood in fewer cycles.
     */
    public EngineBuilder admitBatch(int admitBatch) {
        this.admitBatch = admitBatch;
        return this;
    }

    /**
     * How far admission may run ahead of the nodes under the built-in strict-priority scheduling. Once this many
     * admitted tasks wait for a slot, the loop admits only tasks that outrank every one of them (higher priority, or
     * INTERACTIVE above the BATCH tasks of its priority): the others stay in their lanes (SUBMITTED) until the queue
     * drains, so a flood of submissions meets the lanes' backpressure instead of piling up far ahead of the workers,
     * and the tasks the loop handles are still in cache when it does. Before any rank is dispatched the lanes above
     * it are admitted, so the limit never changes which task runs next. A cancel of a task or session, a session
     * timeout and an immediate shutdown admit what the lanes hold at that moment regardless; so does a stall (nothing
     * completed or started for 10 ms while a submitter waits for lane space, e.g. a handler that submits), until
     * something moves. Scheduling policies other than strict priority see every task and ignore it.
     *
     * @param readyQueueLimit 0 (no limit: every submitted task is admitted as soon as the loop reaches it) to 2^26;
     *                        default {@value #DEFAULT_READY_QUEUE_LIMIT}
     */
    public EngineBuilder readyQueueLimit(int readyQueueLimit) {
        this.readyQueueLimit = readyQueueLimit;
        return this;
    }

    /**
     * How far the admission of submitted graphs may run ahead of the nodes. A graph is accepted whole and admitted in
     * its topological order; once this many of the engine's admitted tasks wait (QUEUED, for parents or for a slot;
     * running tasks do not count), a graph's remaining tasks wait, SUBMITTED, so a large graph's tasks
     * are admitted shortly before their parents let them run rather than all at once, and are still in cache when
     * they do. A graph goes on being admitted while no task is ready, and while any of its remaining tasks outranks
     * the best ready one, so the pause never changes which task runs next; cancels and an immediate shutdown admit
     * what is pending regardless.
     *
     * @param graphAdmitAhead 0 (no limit: every graph is admitted as fast as {@code admitBatch} allows) to 2^26;
     *                        default {@value #DEFAULT_GRAPH_ADMIT_AHEAD}
     */
    public EngineBuilder graphAdmitAhead(int graphAdmitAhead) {
        this.graphAdmitAhead = graphAdmitAhead;
        return this;
    }

    /** @param dispatchBatch tasks dispatched per duty cycle, 1 to 1,048,576; default 4,096. */
    public EngineBuilder dispatchBatch(int dispatchBatch) {
        this.dispatchBatch = dispatchBatch;
        return this;
    }

    /** @param eventRingCapacity events buffered for the listener thread, a power of two from 64 to 2^24. */
    public EngineBuilder eventRingCapacity(int eventRingCapacity) {
        this.eventRingCapacity = eventRingCapacity;
        return this;
    }

    /**
     * How the scheduler thread waits when it has nothing to do. Default: spin, yield, then park from 1 µs up to
     * 1 ms while something may come due on the engine clock (a timer: a timeout, a retry, a session deadline; a
     * provisioned pool; a shutdown; submitters waiting for lane space), else up to 50 ms, announcing the sleep to
     * submitters only just before it parks; submissions, commands and completions wake a parked loop at once. A
     * host's own strategy is told of every idle cycle instead (an offer then may unpark a thread that only spins).
     * Ignored in invoker mode.
     */
    public EngineBuilder idleStrategy(IdleStrategy idleStrategy) {
        this.idleStrategy = idleStrategy;
        return this;
    }

    /** Where time comes from; {@link EngineClock#system()} by default, a {@link ManualClock} in tests. */
    public EngineBuilder clock(EngineClock clock) {
        this.clock = clock;
        return this;
    }

    /** What {@code submit} does on a full lane; {@link BackpressureMode#BLOCK} by default. */
    public EngineBuilder backpressure(BackpressureMode backpressure) {
        this.backpressure = backpressure;
        return this;
    }

    /** The retry policy of task specs that set none; {@link RetryPolicy#none()} by default. */
    public EngineBuilder defaultRetry(RetryPolicy defaultRetry) {
        this.defaultRetry = defaultRetry;
        return this;
    }

    /**
     * @param timeout the run-time limit of an attempt of a BATCH or INTERACTIVE task whose spec sets none; positive,
     *                or null (the default) for none. STREAMING tasks get no default limit.
     */
    public EngineBuilder defaultTaskTimeout(java.time.Duration timeout) {
        this.defaultTaskTimeout = timeout;
        return this;
    }

    /** @param seed seeds the engine's random choices (retry jitter), so runs on a manual clock repeat exactly. */
    public EngineBuilder randomSeed(long seed) {
        this.randomSeed = seed;
        return this;
    }

    /** Adds a listener that sees every transition, on the listener thread. */
    public EngineBuilder listener(TaskListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Adds a pool of nodes made from a template, sized between its min and max (by its autoscaler, or by
     * {@link Cluster#scaleTo}). Its first {@code min} nodes are asked of the {@link #provisioner} at start.
     */
    public EngineBuilder pool(PoolSpec pool) {
        pools.add(pool);
        return this;
    }

    /** Where pool nodes come from; {@link io.htcengine.spi.NodeProvisioner#immediate()} by default. */
    public EngineBuilder provisioner(io.htcengine.spi.NodeProvisioner provisioner) {
        this.provisioner = provisioner;
        return this;
    }

    /** Which node each task goes to; {@link io.htcengine.spi.PlacementPolicy#bestFit()} by default. */
    public EngineBuilder placement(io.htcengine.spi.PlacementPolicy placement) {
        this.placement = placement;
        return this;
    }

    /**
     * Which ready task starts next; {@link io.htcengine.spi.SchedulingPolicy#strictPriority()} (the fastest) by default.
     * A policy instance serves one engine.
     */
    public EngineBuilder scheduling(io.htcengine.spi.SchedulingPolicy scheduling) {
        this.scheduling = scheduling;
        return this;
    }

    /**
     * Caps what the tenant's running tasks and allocations may hold at once; a task that would exceed it waits QUEUED
     * (reason "waiting for quota"). Tenants without a quota are not capped. A quota caps only the resources it gives a
     * positive amount: one left at zero is not capped, and a quota of {@link Resources#NONE} is refused. Called again
     * for a tenant, replaces it.
     */
    public EngineBuilder quota(String tenant, Resources ceiling) {
        Validate.notBlank("tenant", tenant);
        Validate.notNull("quota of tenant '" + tenant + "'", ceiling);
        if (ceiling.isNone()) {
            throw new IllegalArgumentException("quota of tenant '" + tenant + "' must give at least one resource a "
                + "positive amount (a resource left at zero is not capped), was none");
        }
        quotas.put(tenant, ceiling);
        return this;
    }

    /** What happens to a request no node of any pool could ever hold; {@link UnschedulableMode#REJECT} by default. */
    public EngineBuilder unschedulable(UnschedulableMode mode) {
        this.unschedulable = mode;
        return this;
    }

    /** @param interval how often autoscaled pools are evaluated, on the engine clock; 1 ms to 1 day, default 1 s. */
    public EngineBuilder autoscaleInterval(java.time.Duration interval) {
        this.autoscaleInterval = interval;
        return this;
    }

    /**
     * Declares an extended resource that nodes added later may have. Resources named by the builder's nodes, pool
     * templates and quotas are declared already; the set is fixed once the engine is built.
     */
    public EngineBuilder extendedResource(String name) {
        Resources.builder().extended(name, 1); // checks the name
        extendedResources.add(name);
        return this;
    }

    /**
     * Makes the engine durable: it journals its durable tasks to {@link Persistence}'s journal and, when the journal
     * holds unfinished work, recovers it before it accepts anything new. See {@link Engine#durable()}.
     */
    public EngineBuilder persistence(Persistence persistence) {
        this.persistence = persistence;
        return this;
    }

    /** Checks every value and starts the engine (in invoker mode: nothing runs until {@link Engine#doWork()}). */
    public Engine build() {
        Validate.notBlank("name", name);
        if (threading == null) {
            throw new IllegalArgumentException("threading must be one of DEDICATED_THREAD, INVOKER, was null");
        }
        if (backpressure == null) {
            throw new IllegalArgumentException("backpressure must be one of BLOCK, THROW, was null");
        }
        Validate.range("workerThreads", workerThreads, 1, 4096);
        Validate.range("tasksInFlightPerWorker", tasksInFlightPerWorker, 1, 1024);
        Validate.notNull("dispatchAhead", dispatchAhead);
        if (dispatchAhead.isNegative() || dispatchAhead.compareTo(java.time.Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("dispatchAhead must be from 0 to 1 s (0 fixes the slots of local nodes), was "
                + dispatchAhead);
        }
        Validate.range("laneCapacity", laneCapacity, 16, 1 << 26);
        Validate.range("admitBatch", admitBatch, 1, 1 << 16);
        Validate.range("readyQueueLimit", readyQueueLimit, 0, 1 << 26);
        Validate.range("graphAdmitAhead", graphAdmitAhead, 0, 1 << 26);
        Validate.range("dispatchBatch", dispatchBatch, 1, 1 << 20);
        Validate.range("eventRingCapacity", eventRingCapacity, 64, 1 << 24);
        if (Integer.bitCount(eventRingCapacity) != 1) {
            throw new IllegalArgumentException("eventRingCapacity must be a power of two from 64 to 16777216, was "
                + eventRingCapacity);
        }
        Validate.notNull("clock", clock);
        Validate.notNull("defaultRetry", defaultRetry);
        if (defaultTaskTimeout != null) {
            Validate.positive("defaultTaskTimeout", defaultTaskTimeout);
        }
        for (int i = 0; i < nodes.size(); i++) {
            Validate.notNull("node[" + i + "]", nodes.get(i));
            for (int j = 0; j < i; j++) {
                if (nodes.get(j).name().equals(nodes.get(i).name())) {
                    throw new IllegalArgumentException("node names must be unique, '" + nodes.get(i).name()
                        + "' is used twice");
                }
            }
        }
        java.util.Set<String> poolNames = new java.util.HashSet<>();
        for (int i = 0; i < pools.size(); i++) {
            PoolSpec p = Validate.notNull("pool[" + i + "]", pools.get(i));
            if (p.name().equals("default") || !poolNames.add(p.name())) {
                throw new IllegalArgumentException("pool names must be unique and not 'default', '" + p.name()
                    + "' is " + (p.name().equals("default") ? "reserved for the builder's nodes" : "used twice"));
            }
        }
        Validate.notNull("provisioner", provisioner);
        Validate.notNull("placement", placement);
        Validate.notNull("scheduling", scheduling);
        if (unschedulable == null) {
            throw new IllegalArgumentException("unschedulable must be one of REJECT, HOLD, was null");
        }
        Validate.positive("autoscaleInterval", autoscaleInterval);
        if (autoscaleInterval.compareTo(java.time.Duration.ofMillis(1)) < 0
            || autoscaleInterval.compareTo(java.time.Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("autoscaleInterval must be between 1 ms and 1 day, was " + autoscaleInterval);
        }
        for (int i = 0; i < listeners.size(); i++) {
            Validate.notNull("listener[" + i + "]", listeners.get(i));
            Validate.notNull("listener[" + i + "].interests()", listeners.get(i).interests());
            for (int j = 0; j < i; j++) {
                if (listeners.get(j) == listeners.get(i)) {
                    throw new IllegalArgumentException("listener[" + i + "] is the same object as listener[" + j
                        + "]: added twice, it would see every transition twice");
                }
            }
        }
        // ---- persistence (issue 7): recover first (an unknown handler fails the build), then feed the journal ----
        io.htcengine.internal.journal.DurableRuntime durable = persistence == null ? null
            : io.htcengine.internal.journal.DurableRuntime.recover(persistence);
        if (durable == null) {
            return new Engine(this);
        }
        listeners.add(durable.feed());
        Engine engine;
        try {
            engine = new Engine(this);
        } finally {
            listeners.remove(durable.feed());
        }
        try {
            engine.durable = durable.start(engine);
        } catch (RuntimeException | Error e) {
            engine.shutdownNow(); // recovery failed: do not leave a running engine behind
            throw e;
        }
        return engine;
    }

    /** @return every extended resource named by nodes, pool templates, quotas, or declared. */
    java.util.Set<String> allExtendedResources() {
        java.util.Set<String> names = new java.util.TreeSet<>(extendedResources);
        for (NodeSpec n : nodes) {
            names.addAll(n.capacity().extended().keySet());
        }
        for (PoolSpec p : pools) {
            names.addAll(p.template().capacity().extended().keySet());
        }
        for (Resources q : quotas.values()) {
            names.addAll(q.extended().keySet());
        }
        return names;
    }

    List<NodeSpec> nodesOrDefault() {
        if (nodes.isEmpty() && !pools.isEmpty()) {
            return List.of(); // the pools are the cluster
        }
        return nodes.isEmpty() ? List.of(NodeSpec.localThreads("local", workerThreads, tasksInFlightPerWorker)) : List.copyOf(nodes);
    }
}
