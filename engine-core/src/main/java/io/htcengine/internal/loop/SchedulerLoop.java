package io.htcengine.internal.loop;

import io.htcengine.api.RetryPolicy;
import io.htcengine.api.TaskSpec;
import io.htcengine.api.TaskState;
import io.htcengine.internal.cluster.ClusterState;
import io.htcengine.internal.dag.DagTracker;
import io.htcengine.internal.dag.GraphNode;
import io.htcengine.internal.event.EventRing;
import io.htcengine.internal.event.EventSlot;
import io.htcengine.internal.event.Notifier;
import io.htcengine.internal.failure.DeadLetterBox;
import io.htcengine.internal.ready.ReadyQueue;
import io.htcengine.internal.session.SessionImpl;
import io.htcengine.internal.task.StateCounters;
import io.htcengine.internal.task.Task;
import io.htcengine.internal.task.TaskOwner;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * The scheduler loop: the single writer of all scheduling state.
 *
 * <h2>Design</h2>
 * Other threads never touch this object's state; they offer messages through the {@link Inbox} (priority lanes,
 * commands, completions) and read what it publishes (task and session states, counters). Each
 * {@link #doWork()} is one duty cycle, in a fixed order, each duty bounded so one cycle stays short:
 * <ol>
 *   <li>commands — cancels, session open/seal/cancel, shutdown;</li>
 *   <li>completions — reported attempts: COMPLETED, FAILED, or RETRY with a backoff timer;</li>
 *   <li>timers ({@link LoopTimers}) — timeouts of running tasks and sessions, and retry backoffs that are due
 *       (requeued in deadline, then id, order);</li>
 *   <li>admission — from the lanes, highest priority first, a bounded batch per cycle: SUBMITTED → QUEUED;</li>
 *   <li>dispatch — best ready task to a node with a free slot: QUEUED → RUNNING;</li>
 *   <li>termination — once a shutdown has nothing left to wait for.</li>
 * </ol>
 * Every transition goes through {@link #transition}, which checks the edge, updates the counters and publishes an
 * event to the listener thread when a listener or a future needs it. Time is the clock read once per cycle.
 *
 * <p>Threading: {@link #doWork()} from one thread only (asserted under {@code -ea}).
 */
public final class SchedulerLoop implements Agent, DagTracker.Scheduler, ClusterState.Host {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SchedulerLoop.class);
    private static final int COMMAND_BATCH = 1024;
    private static final int COMPLETION_BATCH = 4096;
    /**
     * How long nothing may complete or start while a submitter waits for lane space before the loop admits from the
     * lanes regardless of the ready-queue limit, until something completes or starts again: the waiting submitter may
     * be a task's handler, holding the slot that would let the queue drain. Longer than an OS time slice, so that
     * threads merely waiting for a core do not lift the limit.
     */
    private static final long STALL_NS = 10_000_000L;

    private final Inbox inbox;
    private final EventRing ring;
    private final Notifier notifier;
    private final ClusterState cluster;
    /** The scheduling policy, or null for the built-in strict-priority queue ({@code ready}). */
    private final io.htcengine.spi.SchedulingPolicy policy;
    private final PolicyDispatcher dispatcher;
    private boolean policyHasNew;
    /** Cycles in a row whose {@code policy.schedule} threw: the loop then watches the clock, to ask it again. */
    private long policyFailures;
    private final ReadyQueue ready = new ReadyQueue();
    private final StateCounters counts = new StateCounters();
    private final LoopTimers timers;
    private final LiveTasks live = new LiveTasks();
    private final Long2ObjectHashMap<SessionImpl> sessions = new Long2ObjectHashMap<>();
    private final RetryPolicy defaultRetry;
    private final long defaultTimeoutNs;
    private final SplittableRandom random;
    private final DeadLetterBox deadLetters;
    private final int admitBatch;
    private final int dispatchBatch;
    /** Which lanes are admitted, and how far ahead of the nodes (the ready-queue limit, strict priority only). */
    private final LaneAdmission admission;
    private final int listenerInterests;
    private final boolean stopWhenTerminated;
    private final BooleanSupplier inputsEmpty;
    private final ArrayList<Task> dueRetries = new ArrayList<>();
    private final DagTracker dag = new DagTracker(this);
    /** Submitted graphs not yet fully admitted, and how far ahead of the nodes they are admitted. */
    private final GraphAdmission graphs;
    private static final Comparator<Task> BY_DUE_THEN_ID =
        Comparator.comparingLong((Task t) -> t.readyNs).thenComparingLong(Task::id);

    private Thread owner;
    private long nowNs;
    /** When a task last completed or started, on the engine clock (see STALL_NS). */
    private long lastProgressNs;
    /** Nothing has completed or started for STALL_NS while a submitter waits for lane space. */
    private boolean stalled;
    private boolean started;
    private boolean shutdownRequested;
    private boolean shutdownNow;
    private boolean terminated;

    public SchedulerLoop(LoopSettings settings, Inbox inbox, EventRing ring, Notifier notifier,
                         DeadLetterBox deadLetters) {
        this.deadLetters = deadLetters;
        this.defaultTimeoutNs = settings.defaultTimeoutNs();
        this.random = new SplittableRandom(settings.randomSeed());
        this.inbox = inbox;
        this.ring = ring;
        this.notifier = notifier;
        this.nowNs = inbox.clock().nanoTime();
        this.lastProgressNs = nowNs;
        this.cluster = new ClusterState(settings.dims(), this, settings.placement(), settings.nodes(),
            settings.executors(), settings.pools(), settings.provisioner(), settings.quotas(), settings.unschedulable(),
            settings.autoscaleIntervalNs(), settings.localExecutors(),
            action -> inbox.command(new Command.ClusterAction(action)), nowNs, settings.dispatchAheadNs());
        inbox.feasibility(cluster::feasibility);
        this.policy = settings.scheduling() instanceof io.htcengine.spi.SchedulingPolicy.StrictPriority ? null
            : settings.scheduling();
        this.dispatcher = policy == null ? null : new PolicyDispatcher(this, cluster, settings.dims());
        this.defaultRetry = settings.defaultRetry();
        this.admitBatch = settings.admitBatch();
        this.dispatchBatch = settings.dispatchBatch();
        this.admission = new LaneAdmission(inbox.lanes(), ready, policy != null ? 0 : settings.readyQueueLimit(),
            this::admit);
        this.graphs = new GraphAdmission(ready, counts, policy != null ? 0 : settings.graphAdmitAhead(), this::admit);
        cluster.heldBeforeAdmission(() -> admission.limited() ? inbox.lanes().size() : 0);
        this.listenerInterests = settings.listenerInterests();
        this.stopWhenTerminated = settings.stopWhenTerminated();
        this.timers = new LoopTimers(nowNs, new LoopTimers.Expiry() {
            @Override
            public void taskDue(Task task) {
                onTaskTimer(task);
            }

            @Override
            public void sessionDue(SessionImpl session) {
                abandon(session, "session timed out after " + java.time.Duration.ofNanos(session.timeoutNs()), true);
            }
        });
        // Lanes count only for what the next cycle would admit: tasks the ready-queue limit holds back wait asleep.
        this.inputsEmpty = () -> inbox.commandsAndCompletionsEmpty() && !admission.anyAdmissible();
    }

    @Override
    public void onStart() {
        owner = Thread.currentThread();
        inbox.loopWakeup().bind();
        cluster.start();
        started = true;
    }

    @Override
    public int doWork() {
        if (!started) {
            onStart(); // invoker mode: the first caller owns the loop
        }
        assert Thread.currentThread() == owner : "the scheduler loop is driven by " + owner + ", not " + Thread.currentThread();
        if (terminated) {
            if (stopWhenTerminated) {
                throw new AgentTerminationException();
            }
            return 0;
        }
        inbox.loopWakeup().awake();
        nowNs = inbox.clock().nanoTime();
        cluster.setNow(nowNs);
        int work = runCommands();
        work += noteProgress(collectCompletions()); // before admission, which looks for a stall
        work += fireDueTimers();
        work += cluster.autoscale();
        work += admitFromLanes();
        work += noteProgress(dispatchReady());
        if (shutdownRequested) {
            work += terminateIfDone();
        }
        if (work == 0 && !terminated && !inbox.loopWakeup().idleCycle(inputsEmpty)) {
            return 1;
        }
        return work;
    }

    @Override
    public String roleName() {
        return "htc-scheduler";
    }

    /** The idle strategy for the loop's own thread when the host chose none: see {@link WakeupIdleStrategy}. */
    public org.agrona.concurrent.IdleStrategy defaultIdleStrategy() {
        return new WakeupIdleStrategy(inbox.loopWakeup(), inputsEmpty, 10, 20, 1_000,
            () -> watchesTheClock() ? CLOCK_PARK_NS : WakeupIdleStrategy.UNTIMED_PARK_NS);
    }

    /** The longest park while something is due on the engine clock: timers fire and pools scale at most this late. */
    static final long CLOCK_PARK_NS = 1_000_000L;

    /**
     * Loop only. @return whether something may become due on the clock with nothing to wake the loop for it: a
     * timer (a timeout, a retry, a session's deadline), a provisioned pool (the autoscaler), a shutdown waiting for
     * submits in flight, or submitters waiting for lane space (the stall check).
     */
    private boolean watchesTheClock() {
        return !timers.isEmpty() || cluster.autoscales() || shutdownRequested || stalled || inbox.submittersWaiting()
            || policyFailures > 0;
    }

    // ---- duties ----

    private int runCommands() {
        int n = 0;
        for (Command c; n < COMMAND_BATCH && (c = inbox.pollCommand()) != null; n++) {
            c.applyTo(this);
        }
        return n;
    }

    private int collectCompletions() {
        int n = 0;
        for (Task t; n < COMPLETION_BATCH && (t = inbox.pollCompletion()) != null; n++) {
            onAttemptReported(t);
        }
        return n;
    }

    private int fireDueTimers() {
        int fired = timers.fireDue(nowNs);
        requeueDueRetries();
        return fired;
    }

    /** Retries due in one cycle re-enter the ready queue in deadline order, then task id: deterministic. */
    private void requeueDueRetries() {
        if (dueRetries.isEmpty()) {
            return;
        }
        if (dueRetries.size() > 1) {
            dueRetries.sort(BY_DUE_THEN_ID);
        }
        try {
            for (Task t : dueRetries) {
                t.setReason(null);
                transition(t, TaskState.RETRY, TaskState.QUEUED);
                enqueueReady(t);
            }
        } finally {
            dueRetries.clear(); // each is requeued once, whatever happened to another
        }
    }

    /** @return {@code tasks}, after noting that tasks completed or started now, if any did */
    private int noteProgress(int tasks) {
        if (tasks > 0) {
            lastProgressNs = nowNs;
            stalled = false;
        }
        return tasks;
    }

    /**
     * Admits up to {@code admitBatch} tasks, highest rank first (priority, then INTERACTIVE before the rest). The
     * budget is per cycle, not per lane, so that a flood of submissions cannot make a cycle long while workers wait
     * for the dispatch duty after it. Past the ready-queue limit only lanes that outrank every ready task are
     * admitted ({@link LaneAdmission}).
     */
    private int admitFromLanes() {
        if (stalled || (nowNs - lastProgressNs >= STALL_NS && inbox.submittersWaiting())) {
            // Nothing moves and a submitter waits for a lane: it may be a handler holding the slots the ready tasks
            // need. Until a task completes or starts, what the lanes hold is admitted regardless of the limit.
            stalled = true;
            admission.drain();
        }
        return admission.admitCycle(admitBatch) + admitFromGraphs();
    }

    /** Admits submitted graphs' tasks in their topological order, with a budget of its own. */
    private int admitFromGraphs() {
        int n = graphs.admitCycle(admitBatch);
        if (n > 0) {
            inbox.graphTasksAdmitted(n);
        }
        return n;
    }

    /**
     * Places ready tasks, best first: tasks parked for room are retried first when capacity was freed; a task that
     * fits no node now (or is over its tenant's quota) is parked by the cluster with its reason, and the next is tried.
     */
    private int dispatchReady() {
        if (policy != null) {
            return dispatchByPolicy();
        }
        // Parked tasks and ready ones are merged by priority: before the ready tasks of each priority, the parked
        // ones of that priority or higher are retried (they are older); the rest of the parked ones after.
        int n = 0;
        while (n < dispatchBatch) {
            int checkedRank = admission.admitOutranking(admitBatch);
            int top = ready.topPriority();
            n += cluster.retryParked(dispatchBatch - n, Math.max(top, 1));
            if (top == 0 || n >= dispatchBatch || !cluster.anyFreeSlot()) {
                break;
            }
            while (n < dispatchBatch && cluster.anyFreeSlot() && ready.topPriority() == top) {
                if (ready.topRank() != checkedRank) { // a rank emptied: lanes held back may outrank the next one
                    checkedRank = admission.admitOutranking(admitBatch);
                    if (ready.topPriority() != top) {
                        break;
                    }
                }
                Task t = ready.pop();
                if (t == null) {
                    break;
                }
                if (t.cancelRequested()) { // cancel() raced with dispatch: the command follows, the task never runs
                    finishTask(t, TaskState.QUEUED, TaskState.CANCELLED);
                    continue;
                }
                int node = cluster.place(t);
                if (node >= 0) {
                    dispatch(t, node);
                    n++;
                }
            }
        }
        if (n < dispatchBatch) {
            n += cluster.retryParked(dispatchBatch - n, 0);
        }
        if (n > 0) {
            cluster.flushFed();
        }
        cluster.readyBacklog(ready.size());
        return n;
    }

    /** Lets the scheduling policy start tasks when some became ready or capacity was freed since it last did. */
    private int dispatchByPolicy() {
        boolean changed = cluster.consumeChanges();
        if (!changed && !policyHasNew) {
            return 0;
        }
        policyHasNew = false;
        try {
            policy.schedule(dispatcher);
            policyFailures = 0;
        } catch (RuntimeException | Error e) { // a host's bug: ask again next cycle (the loop watches the clock)
            policyHasNew = true;
            if (policyFailures++ % 1_000 == 0) {
                LOG.warn("scheduling policy {} failed in schedule() "
                    + "({} time(s) in a row); it is asked again at the next cycle", policy, policyFailures, e);
            }
        }
        int n = dispatcher.takeStarted();
        if (n > 0) {
            cluster.flushFed();
        }
        cluster.backlog(policy.size());
        return n;
    }

    /** @return whether the task is this engine's and was handed to the policy (a graph task: its parents are done) */
    boolean givenToPolicy(Task t) {
        return inbox.isOwnTask(t) && !(t.graphNode() != null && t.state() == TaskState.QUEUED && dag.isWaiting(t));
    }

    /** A task a policy chose was cancelled meanwhile: it ends QUEUED → CANCELLED. */
    void cancelQueued(Task t) {
        finishTask(t, TaskState.QUEUED, TaskState.CANCELLED);
    }

    long nowNs() {
        return nowNs;
    }

    /** @return the running tasks, for scheduling policies (walks the live tasks). */
    java.util.List<io.htcengine.spi.RunningTask> runningTasks() {
        ArrayList<io.htcengine.spi.RunningTask> out = new ArrayList<>();
        for (Task t : live.running(-1)) {
            out.add(new io.htcengine.spi.RunningTask(t.id(), t.nodeIndex, t.tenant(), t.resources(), t.dispatchNs,
                t.runtimeEstimateNs()));
        }
        return out;
    }

    @Override
    public void dispatch(Task t, int node) {
        t.beginAttempt(node);
        t.dispatchNs = nowNs;
        long timeoutNs = timeoutNs(t);
        if (timeoutNs > 0) {
            timers.schedule(t, nowNs + timeoutNs);
        }
        transition(t, TaskState.QUEUED, TaskState.RUNNING);
        io.htcengine.spi.NodeExecutor executor = cluster.executor(node);
        // Local workers know which attempt they run; a host's executor gets an object per attempt, so that a report
        // from a node declared failed can never count for the task's next attempt.
        t.execution = executor instanceof io.htcengine.internal.exec.LocalWorkerPool ? t
            : new io.htcengine.internal.task.AttemptExecution(t, t.attempts());
        try {
            executor.execute(t.execution);
        } catch (RuntimeException | Error e) {
            // The host's executor refused it: the attempt fails (and is retried per policy), nothing is stuck.
            t.fail(new IllegalStateException("node " + cluster.nodeName(node) + " could not start the task: " + e, e));
        }
    }

    @Override
    public boolean requeueFromFailedNode(Task t, String node) {
        timers.cancel(t);
        t.nodeIndex = -1;
        if (t.cancelRequested()) {
            finishTask(t, TaskState.RUNNING, TaskState.CANCELLED);
            return false;
        }
        String summary = "node " + node + " failed during attempt " + t.attempts();
        if (t.failures == null) {
            t.failures = new ArrayList<>(2);
        }
        t.failures.add(new io.htcengine.api.AttemptFailure(t.attempts(), t.dispatchNs, nowNs, node, summary));
        t.failWith(new IllegalStateException(summary));
        t.setReason("requeued: " + summary);
        transition(t, TaskState.RUNNING, TaskState.RETRY);
        transition(t, TaskState.RETRY, TaskState.QUEUED);
        enqueueReady(t);
        return true;
    }

    @Override
    public java.util.List<Task> runningOn(int node) {
        return live.running(node);
    }

    @Override
    public <T> void answer(java.util.concurrent.CompletableFuture<T> question, T value) {
        publish().answer(question, value);
        ring.publish();
        notifier.wakeup().wake();
    }

    @Override
    public void answerError(java.util.concurrent.CompletableFuture<?> question, Throwable error) {
        publish().answerError(question, error);
        ring.publish();
        notifier.wakeup().wake();
    }

    /** Applies a cluster command (node operations, allocations, status, provisioner answers). */
    void onClusterAction(java.util.function.Consumer<ClusterState> action) {
        action.accept(cluster);
    }

    private int terminateIfDone() {
        if (inbox.submitsInFlight() || !inbox.commandsEmpty() || !inbox.lanes().isEmpty() || !graphs.isEmpty()
            || !counts.noneLive()) {
            return 0;
        }
        for (SessionImpl s : new ArrayList<>(sessions.values())) {
            s.sealByEngine();
            checkSessionDone(s);
        }
        cluster.closeAll();
        terminated = true;
        inbox.markTerminated();
        for (Command c; (c = inbox.pollCommand()) != null; ) {
            c.applyTo(this); // questions that came in this cycle; nothing else can arrive once terminated
        }
        publish().terminated();
        ring.publish();
        notifier.wakeup().wake();
        return 1;
    }

    // ---- task lifecycle ----

    private void admit(Task t) {
        TaskOwner owner = t.owner();
        SessionImpl session = owner instanceof SessionImpl ? (SessionImpl) owner : null;
        if (session != null) {
            register(session);
        }
        if (shutdownNow || t.cancelRequested() || (session != null && session.abandonReason != null)) {
            t.markCancelRequested();
            if (session != null && session.abandonReason != null) {
                t.setReason(session.abandonReason);
            }
            transition(t, TaskState.SUBMITTED, TaskState.CANCELLED);
            return;
        }
        cluster.admit(t);
        GraphNode node = t.graphNode();
        if (node != null) { // a graph's task (its roots too: the graph's progress records every admission)
            String failedAncestor = dag.admit(t);
            if (failedAncestor != null) {
                t.markCancelRequested();
                t.setReason("ancestor " + failedAncestor);
                transition(t, TaskState.SUBMITTED, TaskState.CANCELLED);
                return;
            }
            if (dag.isWaiting(t)) {
                t.setReason("waiting for parents");
                live.add(t);
                transition(t, TaskState.SUBMITTED, TaskState.QUEUED);
                return; // released into the ready queue when its last parent completes
            }
        }
        live.add(t);
        transition(t, TaskState.SUBMITTED, TaskState.QUEUED);
        enqueueReady(t);
    }

    @Override
    public void release(Task child) {
        child.setReason(null);
        enqueueReady(child);
    }

    /** The task is QUEUED and ready to run: to the built-in priority queue, or to the scheduling policy. */
    private void enqueueReady(Task t) {
        t.readyNs = nowNs;
        if (policy == null) {
            ready.push(t);
            return;
        }
        try {
            policy.add(t);
        } catch (RuntimeException | Error e) { // a host's bug: nobody would hold the task, so it ends here, saying why
            LOG.warn("scheduling policy {} failed to take task {}",
                policy, t.id(), e);
            t.markCancelRequested();
            t.setReason("the scheduling policy " + policy + " failed to take it: " + e);
            finishTask(t, TaskState.QUEUED, TaskState.CANCELLED);
            return;
        }
        policyHasNew = true;
    }

    @Override
    public void cancelForAncestor(Task child, String reason) {
        child.markCancelRequested();
        child.setReason(reason);
        finishTask(child, TaskState.QUEUED, TaskState.CANCELLED);
    }

    /** @return the task's run-time limit: its spec's, else the engine's (never for STREAMING); 0 for none. */
    private long timeoutNs(Task t) {
        java.time.Duration own = t.spec().timeout();
        if (own != null) {
            return own.toNanos();
        }
        return t.type() == io.htcengine.api.TaskType.STREAMING ? 0 : defaultTimeoutNs;
    }

    private void onAttemptReported(Task t) {
        timers.cancel(t); // its timeout, if it had one that had not fired
        // The node's name, for a failure's record, before the release (which may remove a drained node).
        String node = t.error() != null || t.timedOut() ? cluster.nodeName(t.nodeIndex) : null;
        cluster.release(t);
        t.nodeIndex = -1;
        if (t.cancelRequested()) {
            finishTask(t, TaskState.RUNNING, TaskState.CANCELLED);
            return;
        }
        if (t.timedOut()) {
            t.failWith(new io.htcengine.api.TaskTimeoutException(t.id(), t.attempts(),
                java.time.Duration.ofNanos(timeoutNs(t))));
        }
        Throwable error = t.error();
        if (error == null) {
            finishTask(t, TaskState.RUNNING, TaskState.COMPLETED);
            return;
        }
        if (t.failures == null) {
            t.failures = new ArrayList<>(2);
        }
        String summary = error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        t.failures.add(new io.htcengine.api.AttemptFailure(t.attempts(), t.dispatchNs, nowNs, node, summary));
        RetryPolicy retry = t.retry(defaultRetry);
        if (t.attempts() < retry.maxAttempts() && retry.retries(error) && !shutdownNow) {
            long delayNs = retry.backoffNs(t.attempts(), random.nextDouble());
            t.readyNs = nowNs + delayNs;
            timers.schedule(t, t.readyNs);
            t.setReason("waiting for retry until " + t.readyNs + " ns on the engine clock (in "
                + java.time.Duration.ofNanos(delayNs) + "): attempt " + t.attempts() + " of " + retry.maxAttempts()
                + " failed with " + summary);
            transition(t, TaskState.RUNNING, TaskState.RETRY);
        } else {
            deadLetters.add(t); // before FAILED is published: whoever sees the failure finds the dead letter
            finishTask(t, TaskState.RUNNING, TaskState.FAILED);
        }
    }

    /** A task's timer is due: a running attempt's timeout, else a retry's backoff (requeued after the batch). */
    private void onTaskTimer(Task t) {
        if (t.stateOrdinal() == TaskState.RUNNING.ordinal()) {
            t.markTimedOut(); // the attempt fails when its handler returns: cooperative, plus an interrupt
            cancelOnNode(t);
        } else {
            dueRetries.add(t);
        }
    }

    /**
     * Asks the task's node to stop its attempt (a timeout, a cancel). A host's executor whose {@code cancel} throws is
     * logged: the attempt still ends when it reports, as a cooperative handler does once it sees the flag.
     */
    private void cancelOnNode(Task t) {
        try {
            cluster.executor(t.nodeIndex).cancel(t.execution);
        } catch (RuntimeException | Error e) {
            LOG.warn("node {}: its executor's cancel() failed for "
                + "task {}; the attempt ends when it reports", cluster.nodeName(t.nodeIndex), t.id(), e);
        }
    }

    /** Cancels a task in whatever non-terminal state it is; a running one ends when its executor reports. */
    private void cancel(Task t) {
        t.markCancelRequested();
        TaskState state = t.state();
        switch (state) {
            case QUEUED:
                finishTask(t, state, TaskState.CANCELLED); // the ready queue skips it
                break;
            case RETRY:
                timers.cancel(t);
                finishTask(t, state, TaskState.CANCELLED);
                break;
            case RUNNING:
                t.interruptIfRunning();
                cancelOnNode(t);
                break;
            case SUBMITTED:
                drainPending(); // cancelled at admission, which the admission limits must not hold back
                break;
            default:
                break; // terminal: nothing to do
        }
    }

    private void finishTask(Task t, TaskState from, TaskState to) {
        if (t.parked) {
            cluster.unpark(t);
        }
        live.remove(t);
        transition(t, from, to);
    }

    private void transition(Task t, TaskState from, TaskState to) {
        assert t.stateOrdinal() == from.ordinal() : "task " + t.id() + " is " + t.state() + ", not " + from;
        if (!from.canTransitionTo(to)) {
            throw new IllegalStateException("illegal transition " + from + " -> " + to + " for task " + t.id());
        }
        t.setState(to);
        counts.move(from, to);
        SessionImpl session = t.owner() instanceof SessionImpl ? (SessionImpl) t.owner() : null;
        if (session != null) {
            session.counts().move(from, to);
        }
        boolean completeFuture = to.isTerminal() && t.hasFuture();
        if ((listenerInterests & (1 << to.ordinal())) != 0 || completeFuture) {
            publish().transition(t, from, to, nowNs, completeFuture);
            ring.publish();
            notifier.wakeup().wake();
        }
        if (to.isTerminal()) {
            dag.onTerminal(t); // releases or cancels its children; a cascade runs iteratively
            if (session != null) {
                checkSessionDone(session);
            }
        }
    }

    private EventSlot publish() {
        EventSlot slot = ring.claim();
        while (slot == null) {
            if (stopWhenTerminated) {
                notifier.wakeup().wake();
                Thread.yield(); // the listener thread is behind: wait for it rather than lose an event
            } else {
                notifier.doWork(); // invoker mode: the caller's thread is the listener thread too
            }
            slot = ring.claim();
        }
        return slot;
    }

    // ---- sessions ----

    /** A cancel may concern tasks not admitted yet: what the lanes and pending graphs hold now is admitted. */
    private void drainPending() {
        admission.drain();
        graphs.drain();
    }

    /** Makes the session known to the loop: schedules its timeout. Idempotent. */
    void register(SessionImpl s) {
        if (s.registered) {
            return;
        }
        s.registered = true;
        sessions.put(s.id(), s);
        if (shutdownRequested) {
            s.sealByEngine();
        }
        if (s.timeoutNs() > 0) {
            timers.schedule(s, s.openedNs() + s.timeoutNs());
        }
    }

    void onCheckSession(SessionImpl s) {
        register(s);
        checkSessionDone(s);
    }

    void onCancelSession(SessionImpl s) {
        register(s);
        abandon(s, "session cancelled", false);
    }

    /** Cancels every unfinished task of the session; tasks still in a lane are cancelled when admitted. */
    private void abandon(SessionImpl s, String reason, boolean fails) {
        if (s.state().isDone() || s.abandonReason != null) {
            return;
        }
        s.abandonReason = reason;
        s.abandonFails = fails;
        s.sealByEngine();
        drainPending(); // its tasks not admitted yet are cancelled at admission
        for (Task t : live.of(s)) {
            if (!t.state().isTerminal()) { // an earlier cancel's cascade may have reached it
                t.setReason(reason);
                cancel(t);
            }
        }
        checkSessionDone(s);
    }

    private void checkSessionDone(SessionImpl s) {
        if (s.state().isDone() || !s.isFinished()) {
            return;
        }
        timers.cancel(s);
        sessions.remove(s.id());
        publish().sessionDone(s, s.finish());
        ring.publish();
        notifier.wakeup().wake();
    }

    // ---- commands ----

    void onSubmitGraph(GraphAdmission.Pending graph, int made) {
        graphs.add(graph, made);
    }

    void onGraphTasksMade(GraphAdmission.Pending graph, int made, boolean last) {
        graphs.made(graph, made, last);
    }

    void onExplain(Task t, java.util.concurrent.CompletableFuture<String> answer) {
        String why;
        try {
            why = explain(t);
        } catch (RuntimeException | Error e) { // the question is answered whatever a plug-in did
            answerError(answer, e);
            return;
        }
        publish().answer(answer, why);
        ring.publish();
        notifier.wakeup().wake();
    }

    private String policyExplains(Task t) {
        try {
            return policy.explain(t, dispatcher);
        } catch (RuntimeException | Error e) {
            return "held by scheduling policy " + policy + " (its explain() failed: " + e + ")";
        }
    }

    /** Why the task is where it is, from the loop's own state now. */
    private String explain(Task t) {
        TaskState state = t.state();
        switch (state) {
            case SUBMITTED: {
                String graphWaits = graphs.whyGraphWaits(t);
                if (graphWaits != null) {
                    return "SUBMITTED: in a submitted graph, not yet admitted (graphs are admitted in topological "
                        + "order, " + admitBatch + " tasks per cycle" + graphWaits + ")";
                }
                return "SUBMITTED: in the lane for priority " + t.priority() + ", not yet admitted (" + inbox.lanes().size()
                    + " tasks wait in the lanes; " + admitBatch + " are admitted per cycle, highest priority first"
                    + (admission.wouldAdmit(t.rank()) ? ")" : "; " + ready.size() + " admitted tasks wait for a slot, "
                    + "at least the readyQueueLimit of " + admission.readyQueueLimit() + ", so tasks that do not "
                    + "outrank them wait in their lanes until fewer do)");
            }
            case QUEUED: {
                GraphNode node = t.graphNode();
                if (node != null && dag.isWaiting(t)) {
                    return "QUEUED, waiting for parents: " + node.unresolvedParents(10);
                }
                if (t.parked) {
                    return "QUEUED, " + cluster.explainParked(t);
                }
                if (policy != null) {
                    return "QUEUED, " + policyExplains(t) + "; " + (cluster.choose(t) >= 0
                        ? "it fits now" : cluster.whyNotNow(t));
                }
                int ahead = ready.aheadOf(t);
                return "QUEUED, ready: behind " + ahead + " task(s) ranked ahead of it (higher priority; at equal "
                    + "priority INTERACTIVE first, then submission order); " + cluster.slotSummary();
            }
            case RUNNING:
                return "RUNNING on node " + cluster.nodeName(t.nodeIndex) + ", attempt " + t.attempts() + ", for "
                    + java.time.Duration.ofNanos(nowNs - t.dispatchNs)
                    + (t.cancelRequested() ? "; cancellation requested: waiting for the handler to return" : "")
                    + (t.timedOut() ? "; past its timeout: asked to stop, waiting for the handler to return" : "");
            case RETRY:
                return "RETRY: " + t.reason();
            default:
                return state + (t.reason() == null ? "" : ": " + t.reason());
        }
    }

    void onNeverAccepted(long firstId, int count) {
        dag.neverAccepted(firstId, count);
    }

    void onCancelTask(Task t) {
        cancel(t);
    }

    void onShutdown(boolean now) {
        shutdownRequested = true;
        for (SessionImpl s : new ArrayList<>(sessions.values())) {
            s.sealByEngine();
            checkSessionDone(s);
        }
        if (now && !shutdownNow) {
            shutdownNow = true;
            drainPending(); // tasks not admitted yet are cancelled at admission
            for (Task t : live.of(null)) {
                if (!t.state().isTerminal()) {
                    t.setReason("engine shut down immediately");
                    cancel(t);
                }
            }
        }
    }

    // ---- readers (any thread) ----

    public StateCounters counts() {
        return counts;
    }

    public boolean isTerminated() {
        return terminated;
    }
}
