package io.htcengine.internal.task;

import io.htcengine.api.RetryPolicy;
import io.htcengine.api.TaskHandle;
import io.htcengine.api.TaskHandler;
import io.htcengine.api.TaskSpec;
import io.htcengine.api.TaskState;
import io.htcengine.api.TaskType;
import io.htcengine.internal.dag.GraphNode;
import io.htcengine.spi.Execution;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * One accepted task: the handle the host holds, the context its handler sees, and the execution a node runs —
 * one object, so a task costs one allocation (plus its future, only if someone asks for it).
 *
 * <p>Threading: {@code state} and {@code attempts} are written only by the scheduler loop and published with
 * release stores; fields marked "loop only" are never touched by another thread. The outcome fields are
 * written by the thread that reports the attempt, before it offers the task to the completion queue
 * (which publishes them to the loop).
 */
public final class Task implements TaskHandle<Object>, Execution, io.htcengine.spi.QueuedTask {
    private static final VarHandle STATE;
    private static final VarHandle FUTURE;
    private static final VarHandle RUN_PHASE;
    private static final VarHandle REPORTED;
    private static final VarHandle ATTEMPTS;
    private static final VarHandle REASON;

    // Run phases of the current attempt, for cancelling a running handler without interrupting the next one.
    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;
    private static final int INTERRUPTING = 3;
    private static final int INTERRUPTED = 4;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(Task.class, "state", int.class);
            FUTURE = l.findVarHandle(Task.class, "future", CompletableFuture.class);
            RUN_PHASE = l.findVarHandle(Task.class, "runPhase", int.class);
            REPORTED = l.findVarHandle(Task.class, "reported", int.class);
            ATTEMPTS = l.findVarHandle(Task.class, "attempts", int.class);
            REASON = l.findVarHandle(Task.class, "reason", String.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long id;
    private final TaskSpec<Object, Object> spec;
    private final Object input;
    private final TaskOwner owner;
    private final long submitNs;

    private volatile int state; // TaskState ordinal
    private volatile int attempts;
    private volatile boolean cancelRequested;
    private volatile boolean timedOut;
    private volatile CompletableFuture<Object> future;
    private volatile String reason;
    /** Set before publication for graph tasks; attached later by the loop to a plain task that gains children. */
    private GraphNode graphNode;

    // Attempt outcome: written by the reporting thread before the completion is offered.
    private Object output;
    private Throwable error;
    private volatile int reported; // the last attempt reported or sealed
    private volatile int runPhase;
    /**
     * The thread running the handler: written before the compare-and-set that enters RUNNING and read only after
     * one that leaves it (which orders the two), so it needs no fence of its own.
     */
    private Thread runner;

    // Loop only.
    /** Next task in a ready-queue bucket. */
    public Task nextReady;
    /** Neighbours in the loop's list of live (admitted, non-terminal) tasks. */
    public Task prevLive;
    public Task nextLive;
    /** The node this attempt runs on, or -1. */
    public int nodeIndex = -1;
    /** What the node's executor was given for this attempt: the task itself, or an {@link AttemptExecution}. */
    public Execution execution;
    /** The retry timer while in RETRY, the timeout timer while RUNNING with a timeout, else -1. */
    public long timerId = -1;
    /** When this attempt was dispatched, on the engine's clock. */
    public long dispatchNs;
    /** The failed attempts so far, oldest first; null until the first failure. */
    public java.util.ArrayList<io.htcengine.api.AttemptFailure> failures;
    /** What an attempt holds on its node: one slot plus the spec's resources, as the cluster's vector. */
    public long[] request;
    /** The tenant's ledger in the cluster (quota and use), set at admission. */
    public Object tenantLedger;
    /** Waiting in the cluster's parked queues (QUEUED, ready, but not placed); the next task of its queue. */
    public boolean parked;
    /** Holds its request on node {@link #nodeIndex} (false once given back, e.g. by the node's failure). */
    public boolean holdsResources;
    public Task nextParked;
    /**
     * When it last became ready, on the engine clock (a parked task has waited since then); while in RETRY, when the
     * retry is due (it becomes ready then).
     */
    public long readyNs;

    public Task(long id, TaskSpec<?, ?> spec, Object input, TaskOwner owner, long submitNs) {
        this(id, spec, input, owner, submitNs, null);
    }

    @SuppressWarnings("unchecked")
    public Task(long id, TaskSpec<?, ?> spec, Object input, TaskOwner owner, long submitNs, GraphNode graphNode) {
        this.graphNode = graphNode;
        this.id = id;
        this.spec = (TaskSpec<Object, Object>) spec;
        this.input = input;
        this.owner = owner;
        this.submitNs = submitNs;
        STATE.setRelease(this, TaskState.SUBMITTED.ordinal());
    }

    // ---- TaskHandle / TaskContext ----

    @Override
    public long id() {
        return id;
    }

    @Override
    public long taskId() {
        return id;
    }

    @Override
    public long sessionId() {
        return owner.sessionId();
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public TaskState state() {
        return TaskState.ofOrdinal(state);
    }

    @Override
    public int priority() {
        return spec.priority();
    }

    /** Ranks in the strict-priority order: {@value #RANKS} of them, two per priority, INTERACTIVE above the rest. */
    public static final int RANKS = TaskSpec.MAX_PRIORITY * 2;

    /** @return the task's rank, 0 to {@code RANKS - 1}, higher first: (priority - 1) * 2, plus 1 for INTERACTIVE */
    public int rank() {
        return rank(spec);
    }

    /** @return the rank of the tasks of {@code spec} (see {@link #rank()}) */
    public static int rank(TaskSpec<?, ?> spec) {
        return (spec.priority() - 1) * 2 + (spec.type() == TaskType.INTERACTIVE ? 1 : 0);
    }

    @Override
    public TaskType type() {
        return spec.type();
    }

    @Override
    public int attempts() {
        return attempts;
    }

    @Override
    public int attempt() {
        return attempts;
    }

    @Override
    public boolean isCancelled() {
        return cancelRequested || timedOut;
    }

    @Override
    public void reportUsage(double cpuPercent, long memoryBytes, double gpuPercent) {
        io.htcengine.spi.UsageSample.validate(cpuPercent, memoryBytes, gpuPercent);
        owner.reportUsage(new io.htcengine.spi.UsageSample(id, owner.sessionId(), spec.name(), spec.priority(),
            attempts, owner.nowNs(), cpuPercent, memoryBytes, gpuPercent));
    }

    @Override
    public String reason() {
        return reason;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T parentOutput(String parentKey) {
        Task parent = requireParent(parentKey);
        if (parent == null || parent.state() != TaskState.COMPLETED) {
            throw new IllegalStateException("parent '" + parentKey + "' of task " + id + " has no output: it is "
                + (parent == null ? "a task named by id that had finished before this one was admitted" : parent.state()));
        }
        return (T) parent.output;
    }

    @Override
    public TaskState parentState(String parentKey) {
        Task parent = requireParent(parentKey);
        return parent == null ? null : parent.state();
    }

    @Override
    public java.util.List<String> parentKeys() {
        return graphNode == null ? java.util.List.of() : java.util.List.of(graphNode.parentKeys());
    }

    private Task requireParent(String parentKey) {
        if (graphNode == null || parentKey == null || !graphNode.hasParent(parentKey)) {
            java.util.List<String> keys = parentKeys();
            throw new IllegalArgumentException("task " + id + " has no parent '" + parentKey + "'; its parents are "
                + (keys.size() <= 10 ? keys : keys.subList(0, 10) + " and " + (keys.size() - 10) + " more"));
        }
        return graphNode.parent(parentKey);
    }

    @Override
    public CompletableFuture<Object> future() {
        CompletableFuture<Object> f = future;
        if (f != null) {
            return f;
        }
        CompletableFuture<Object> created = new CompletableFuture<>();
        if (!FUTURE.compareAndSet(this, null, created)) {
            return future;
        }
        // The loop writes a terminal state with a volatile store before it looks for a future (setState), and our
        // compare-and-set is a full fence before we look at the state: if it missed our future, we see its state.
        if (state().isTerminal()) {
            completeFuture();
        }
        return created;
    }

    @Override
    public CompletableFuture<String> whyPending() {
        CompletableFuture<String> answer = new CompletableFuture<>();
        owner.explain(this, answer);
        return answer;
    }

    @Override
    public boolean cancel() {
        if (state().isTerminal()) {
            return false;
        }
        cancelRequested = true;
        owner.requestCancel(this);
        return true;
    }

    // ---- QueuedTask (scheduler thread) ----

    @Override
    public String tenant() {
        return spec.tenant();
    }

    @Override
    public io.htcengine.api.Resources resources() {
        return spec.resources();
    }

    @Override
    public long readyNs() {
        return readyNs;
    }

    @Override
    public long runtimeEstimateNs() {
        java.time.Duration d = spec.runtimeEstimate();
        return d == null ? -1 : d.toNanos();
    }

    @Override
    public boolean isWaiting() {
        return state == TaskState.QUEUED.ordinal();
    }

    // ---- Execution ----

    @Override
    public void run() {
        runAttempt(attempts);
    }

    /** Runs the handler as attempt {@code attempt} on the calling thread and reports its outcome. */
    public void runAttempt(int attempt) {
        Object result = null;
        Throwable failure = null;
        try {
            result = invoke(attempt);
        } catch (Throwable t) {
            failure = t;
        }
        report(attempt, result, failure);
    }

    @Override
    public boolean complete(Object result) {
        return report(attempts, result, null);
    }

    @Override
    public boolean fail(Throwable failure) {
        return report(attempts, null, failure == null
            ? new NullPointerException("fail(null) reported by the executor") : failure);
    }

    /**
     * Runs the handler of attempt {@code attempt} on the calling thread and returns its output (or throws what it
     * threw), without reporting it, so a worker can make itself available again before the loop hears of the
     * completion. Follow with {@link #report}.
     */
    public Object invoke(int attempt) throws Throwable {
        runner = Thread.currentThread();
        if (cancelRequested || !RUN_PHASE.compareAndSet(this, IDLE, RUNNING)) {
            runner = null;
            throw new CancellationException("cancelled before it started");
        }
        try {
            return spec.handler().handle(input, this);
        } finally {
            if (attempts == attempt) { // a stale run (its node failed, the task moved on) touches nothing
                if (!RUN_PHASE.compareAndSet(this, RUNNING, DONE)) {
                    while ((int) RUN_PHASE.getAcquire(this) == INTERRUPTING) {
                        Thread.onSpinWait();
                    }
                }
                runner = null;
            }
            Thread.interrupted(); // an interrupt was for this task only
        }
    }

    /**
     * Reports the outcome of attempt {@code attempt}, once: the first report of an attempt wins; a report of an
     * attempt the loop has sealed (its node failed) or already heard of is ignored.
     *
     * @return whether this report was taken
     */
    public boolean report(int attempt, Object result, Throwable failure) {
        if (!REPORTED.compareAndSet(this, attempt - 1, attempt)) {
            return false;
        }
        this.output = result; // written only by the report's winner, read by the loop after the completion queue
        this.error = failure;
        owner.completed(this);
        return true;
    }

    /**
     * Loop only: the current attempt will never count (its node failed); a later report of it is ignored.
     *
     * @return false if the attempt's report came first (it is on its way to the loop and counts)
     */
    public boolean sealAttempt() {
        int attempt = attempts;
        return REPORTED.compareAndSet(this, attempt - 1, attempt);
    }

    // ---- Loop side ----

    public TaskSpec<Object, Object> spec() {
        return spec;
    }

    public TaskOwner owner() {
        return owner;
    }

    public Object input() {
        return input;
    }

    public long submitNs() {
        return submitNs;
    }

    public Object output() {
        return output;
    }

    /** @return the reported attempt's exception, or null if it succeeded. */
    public Throwable error() {
        return error;
    }

    public GraphNode graphNode() {
        return graphNode;
    }

    /** Loop only: gives a plain task a node to list the children that depend on it. */
    public void attachGraphNode(GraphNode node) {
        this.graphNode = node;
    }

    /** Loop only: publishes why the task waits or was cancelled (null when nothing needs saying). */
    public void setReason(String reason) {
        // A release store, not a volatile one: no fence for each task that waits for parents or is released
        // (readers use volatile reads; a String is safe to publish this way).
        REASON.setRelease(this, reason);
    }

    public boolean cancelRequested() {
        return cancelRequested;
    }

    /** Loop only: the attempt ran past its timeout: ask it to stop, interrupt it; it will count as failed. */
    public void markTimedOut() {
        timedOut = true;
        interruptIfRunning();
    }

    public boolean timedOut() {
        return timedOut;
    }

    /** Loop only, after the report: the attempt's failure is this one (a timeout replaces what it returned). */
    public void failWith(Throwable failure) {
        this.output = null;
        this.error = failure;
    }

    /** Loop only: marks cancellation requested (e.g. by a session or a shutdown). */
    public void markCancelRequested() {
        cancelRequested = true;
    }

    public RetryPolicy retry(RetryPolicy engineDefault) {
        RetryPolicy r = spec.retry();
        return r != null ? r : engineDefault;
    }

    public int stateOrdinal() {
        return state;
    }

    /**
     * Loop only: publishes a new state. The caller checks the edge is legal. A terminal state is a volatile store (a
     * full fence), so that the loop's look for a future after it ({@link #hasFuture}) cannot be ordered before it:
     * either the loop sees the future that {@link #future()} created, or {@code future()} sees the terminal state —
     * with a release store both could miss, and the future would never complete (about once in 50,000 futures
     * asked for just as their task ended). Other states need no such order: a release store, no fence per dispatch.
     */
    public void setState(TaskState next) {
        if (next.isTerminal()) {
            STATE.setVolatile(this, next.ordinal());
        } else {
            STATE.setRelease(this, next.ordinal());
        }
    }

    /** Loop only: resets per-attempt fields and counts the attempt, just before dispatch. */
    public void beginAttempt(int nodeIndex) {
        this.nodeIndex = nodeIndex;
        this.output = null;
        this.error = null;
        RUN_PHASE.setRelease(this, IDLE);
        if (timedOut) {
            timedOut = false; // a volatile write only when needed: this runs for every dispatch
        }
        // A release store, not a volatile one: no fence per dispatch. The executor's queue publishes it to the
        // worker; readers on other threads see it with their volatile reads.
        ATTEMPTS.setRelease(this, attempts + 1);
    }

    /**
     * Loop only: interrupts the handler if it is running now, and never the thread's next task.
     */
    public void interruptIfRunning() {
        if (RUN_PHASE.compareAndSet(this, RUNNING, INTERRUPTING)) {
            try {
                Thread t = runner;
                if (t != null) {
                    t.interrupt();
                }
            } finally {
                RUN_PHASE.setRelease(this, INTERRUPTED);
            }
        } else {
            RUN_PHASE.compareAndSet(this, IDLE, INTERRUPTED); // never starts: run() reports a cancellation
        }
    }

    /** @return whether a future was created, so the loop knows to have it completed. */
    public boolean hasFuture() {
        return future != null;
    }

    /** Completes the future, if any, from the terminal state. Idempotent; never call on the loop thread. */
    public void completeFuture() {
        CompletableFuture<Object> f = future;
        if (f == null) {
            return;
        }
        switch (state()) {
            case COMPLETED:
                f.complete(output);
                break;
            case FAILED:
                f.completeExceptionally(error);
                break;
            case CANCELLED:
                String why = reason;
                f.completeExceptionally(new CancellationException("task " + id + " was cancelled"
                    + (why == null ? "" : ": " + why)));
                break;
            default:
                throw new IllegalStateException("task " + id + " is not terminal: " + state());
        }
    }

    @Override
    public String toString() {
        return "Task{id=" + id + ", name=" + spec.name() + ", priority=" + spec.priority() + ", state=" + state()
            + ", attempts=" + attempts + '}';
    }
}
