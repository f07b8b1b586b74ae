package io.htcengine.internal.loop;

import io.htcengine.api.BackpressureMode;
import io.htcengine.api.EngineClock;
import io.htcengine.api.LaneFullException;
import io.htcengine.api.FailurePolicy;
import io.htcengine.api.InvalidGraphException;
import io.htcengine.api.TaskGraph;
import io.htcengine.api.TaskHandle;
import io.htcengine.api.TaskSpec;
import io.htcengine.api.UnschedulableException;
import io.htcengine.internal.dag.GraphNode;
import io.htcengine.internal.dag.SubmittedGraphImpl;
import io.htcengine.internal.lane.Lanes;
import io.htcengine.internal.task.Task;
import io.htcengine.internal.task.TaskHandleList;
import io.htcengine.internal.task.TaskOwner;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;
import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The scheduler loop's proxy: the only way other threads reach it. Submissions go into the priority
 * {@link Lanes}, commands into an unbounded MPSC queue, reported attempts into an unbounded MPSC completion queue
 * (in chunks of twice the slots, 64 to 65,536 entries). Each offer wakes the loop if it may sleep.
 *
 * <p>Threading: every method may be called from any thread; nothing here blocks except {@code submit} waiting
 * for lane space under {@link BackpressureMode#BLOCK}.
 */
public final class Inbox {
    private final Lanes lanes;
    private final MpscUnboundedAtomicArrayQueue<Command> commands = new MpscUnboundedAtomicArrayQueue<>(256);
    private final MpscUnboundedAtomicArrayQueue<Task> completions;
    private volatile java.util.function.Supplier<io.htcengine.internal.cluster.Feasibility> feasibility;
    private final Wakeup loopWakeup = new Wakeup();
    /** Resource-usage samples from running tasks to the listener thread; telemetry, so full means dropped. */
    private final MpscAtomicArrayQueue<io.htcengine.spi.UsageSample> usageSamples = new MpscAtomicArrayQueue<>(1 << 16);
    private final AtomicLong droppedUsageSamples = new AtomicLong();
    private volatile Wakeup listenerWakeup;
    private final EngineClock clock;
    private final BackpressureMode backpressure;
    private final AtomicLong nextTaskId = new AtomicLong(1);
    private final AtomicLong nextSessionId = new AtomicLong(1);
    /** Submits between their shutdown check and their lane offer: the loop does not terminate while any is. */
    private final AtomicLong submitting = new AtomicLong();
    /** Submitters waiting for lane space now (the loop lifts its admission limit if nothing else moves). */
    private final AtomicInteger waitingForLanes = new AtomicInteger();
    /** Graph tasks accepted and not yet admitted: graphs bypass the lanes, so the lanes do not count them. */
    private final AtomicLong graphBacklog = new AtomicLong();
    private volatile boolean shutdown;
    /** The Error that stopped an engine thread, or null. */
    private volatile Throwable failed;
    private volatile boolean terminated;

    /** Invoker mode: the loop runs on whichever thread calls doWork, the first caller owning it. */
    private final boolean invoker;

    public Inbox(int laneCapacity, int totalSlots, EngineClock clock, BackpressureMode backpressure, boolean invoker) {
        this.invoker = invoker;
        this.lanes = new Lanes(laneCapacity);
        this.completions = new MpscUnboundedAtomicArrayQueue<>(Math.max(64, Math.min(1 << 16, totalSlots * 2)));
        this.clock = clock;
        this.backpressure = backpressure;
    }

    public Lanes lanes() {
        return lanes;
    }

    public Wakeup loopWakeup() {
        return loopWakeup;
    }

    /** Loop, at construction: where submitting threads check that a request could ever be placed. */
    void feasibility(java.util.function.Supplier<io.htcengine.internal.cluster.Feasibility> feasibility) {
        this.feasibility = feasibility;
    }

    /**
     * Rejects a spec whose request no node of any pool could ever hold (unless such tasks are to be held), and always
     * one over its tenant's whole quota or naming a resource the engine was not built with.
     */
    private void checkSchedulable(TaskSpec<?, ?> spec) {
        if (spec.resources().isNone() && spec.nodeSelector().isEmpty()) {
            return;
        }
        String rejected = feasibility.get().rejection(spec);
        if (rejected != null) {
            throw new io.htcengine.api.UnschedulableException(rejected);
        }
    }

    /** Tells the inbox which thread delivers events, so it is never made to wait on a full lane. */
    public void listenerWakeup(Wakeup wakeup) {
        this.listenerWakeup = wakeup;
    }

    public EngineClock clock() {
        return clock;
    }

    public long nextSessionId() {
        return nextSessionId.getAndIncrement();
    }

    /**
     * Accepts one task into its priority lane.
     *
     * @param block false for {@code trySubmit}: return null instead of waiting or throwing when the lane is full
     * @return the accepted task, or null (only when {@code block} is false and the lane is full)
     */
    public Task submit(TaskSpec<?, ?> spec, Object input, TaskOwner owner, boolean block) {
        if (spec == null) {
            throw new IllegalArgumentException("spec must not be null");
        }
        checkSchedulable(spec);
        submitting.getAndIncrement();
        try {
            if (shutdown) {
                throw notAccepting();
            }
            Task task = new Task(nextTaskId.getAndIncrement(), spec, input, owner, clock.nanoTime());
            if (!lanes.offer(task)) {
                if (!block) {
                    neverAccepted(task.id(), 1);
                    return null;
                }
                try {
                    awaitLaneSpace(task);
                } catch (RuntimeException e) {
                    neverAccepted(task.id(), 1);
                    throw e;
                }
            }
            loopWakeup.wake();
            return task;
        } finally {
            submitting.getAndDecrement();
        }
    }

    /**
     * Accepts a vector of tasks, in order, with consecutive ids: {@code spec} for every input when {@code specs} is
     * null, else {@code specs[k]} for {@code inputs[k]}. The per-call work of {@link #submit} is done once for the
     * whole vector: one id range, one clock read, one schedulability check per distinct spec, one wake-up of the
     * loop; the lane offers are grouped by runs of equal rank ({@link Lanes#offerAll}). Every spec is checked
     * before anything is accepted. Under {@link BackpressureMode#BLOCK} it waits for lane space as {@code submit}
     * does (a vector larger than a lane is fine); when it may not wait, it throws {@link LaneFullException} naming the
     * accepted prefix of the vector.
     *
     * @param specs  one spec per input, or null to use {@code spec} for all (the arrays are not kept)
     * @return the accepted tasks, all of them, in order
     * @throws LaneFullException when it stopped part-way; {@link LaneFullException#accepted()} of them were accepted
     */
    public Task[] submitAll(TaskSpec<?, ?> spec, Object[] specs, Object[] inputs, TaskOwner owner) {
        int n = inputs.length;
        checkSchedulable(spec, specs, n);
        if (n == 0) {
            if (shutdown) {
                throw notAccepting();
            }
            return new Task[0];
        }
        Task[] tasks = new Task[n];
        int accepted = 0;
        long firstId = 0;
        submitting.getAndIncrement();
        try {
            if (shutdown) {
                throw notAccepting();
            }
            firstId = nextTaskId.getAndAdd(n);
            long now = clock.nanoTime();
            // Tasks are made a chunk at a time, as the lanes take them: made all at once, a long vector's tasks
            // would be cold (written long before) when the loop admits them.
            int made = 0;
            while (accepted < n) {
                if (made == accepted) {
                    int end = Math.min(n, made + MAKE_CHUNK);
                    for (int k = made; k < end; k++) {
                        tasks[k] = new Task(firstId + k, specs == null ? spec : (TaskSpec<?, ?>) specs[k], inputs[k],
                            owner, now);
                    }
                    made = end;
                }
                int next = lanes.offerAll(tasks, accepted, made);
                accepted = next > accepted ? next : awaitLaneSpace(tasks, accepted, made);
            }
            return tasks;
        } finally {
            if (accepted > 0) {
                loopWakeup.wake();
            }
            if (firstId > 0 && accepted < n) {
                neverAccepted(firstId + accepted, n - accepted);
            }
            submitting.getAndDecrement();
        }
    }

    /**
     * Ids {@code firstId} to {@code firstId + count - 1} were taken by a submit that was then refused: the loop
     * learns that no task will have them, so a task naming one as its parent by id ends instead of waiting forever.
     */
    private void neverAccepted(long firstId, int count) {
        command(new Command.NeverAccepted(firstId, count));
    }

    /**
     * The inputs of a vector submit as an array, checked: not null.
     */
    public static Object[] inputsOf(List<?> inputs) {
        if (inputs == null) {
            throw new IllegalArgumentException("inputs must not be null");
        }
        return inputs.toArray();
    }

    /**
     * The specs of a vector submit as an array, checked: not null and one per input (null elements are caught, by
     * index, when the vector is submitted).
     */
    public static Object[] specsOf(List<?> specs, Object[] inputs) {
        if (specs == null) {
            throw new IllegalArgumentException("specs must not be null");
        }
        Object[] out = specs.toArray();
        if (out.length != inputs.length) {
            throw new IllegalArgumentException("specs and inputs must have the same size (one spec per input): "
                + "specs.size() = " + out.length + ", inputs.size() = " + inputs.length);
        }
        return out;
    }

    /**
     * Checks a vector's specs: none null, and each distinct one schedulable (checked once, however often it repeats).
     * Specs that ask for no resources and no node selector are never checked, so only those that do are remembered.
     */
    private void checkSchedulable(TaskSpec<?, ?> spec, Object[] specs, int n) {
        if (specs == null) {
            if (spec == null) {
                throw new IllegalArgumentException("spec must not be null");
            }
            checkSchedulable(spec);
            return;
        }
        Object previous = null;
        IdentityHashMap<Object, Boolean> checked = null;
        for (int k = 0; k < n; k++) {
            Object s = specs[k];
            if (s == null) {
                throw new IllegalArgumentException("specs[" + k + "] must not be null (specs and inputs are paired by "
                    + "index; nothing of the batch was accepted)");
            }
            if (s == previous) {
                continue;
            }
            previous = s;
            TaskSpec<?, ?> sk = (TaskSpec<?, ?>) s;
            if (sk.resources().isNone() && sk.nodeSelector().isEmpty()) {
                continue;
            }
            if (checked == null) {
                checked = new IdentityHashMap<>();
            }
            if (checked.put(sk, Boolean.TRUE) == null) {
                try {
                    checkSchedulable(sk);
                } catch (UnschedulableException e) {
                    throw new UnschedulableException("specs[" + k + "]: " + e.getMessage()
                        + " (nothing of the batch was accepted)");
                }
            }
        }
    }

    /**
     * Tasks of a vector or a graph made at a time, before they are offered or the loop is told: about one lane's worth
     * of the default size. Made all at once, a long vector's or graph's tasks would be cold when the loop admits them.
     */
    private static final int MAKE_CHUNK = 1024;

    /**
     * Offers a vector's tasks {@code [from, to)}, waiting for lane space like {@link #awaitLaneSpace(Task)}.
     *
     * @return the index of the first task not accepted yet, greater than {@code from}
     * @throws LaneFullException when it may not wait, or was interrupted while waiting
     */
    private int awaitLaneSpace(Task[] tasks, int from, int to) {
        if (backpressure == BackpressureMode.THROW) {
            throw laneFull(tasks, from, "resubmit the rest later, or configure BackpressureMode.BLOCK");
        }
        if (drivesTheEngine()) {
            throw laneFull(tasks, from, "the thread that drives the engine (or delivers its events) cannot wait for "
                + "the lane: resubmit the rest after the loop has admitted tasks, or raise laneCapacity");
        }
        int[] next = {from};
        if (!waitForLaneSpace(() -> (next[0] = lanes.offerAll(tasks, from, to)) > from)) {
            throw laneFull(tasks, from, "interrupted while waiting for space in the lane");
        }
        return next[0];
    }

    /**
     * Waits, counted as a submitter waiting for lanes, until {@code offered} (tried at once, then after each round
     * of backing off) says lane space was found. The loop is woken once, at the start: while a submitter waits it
     * looks at the clock at least every millisecond (the stall check), and waking it on every round made it run an
     * empty cycle each time (docs/performance.md, seventh session).
     *
     * @return false when the thread was interrupted first (nothing more was offered)
     */
    private boolean waitForLaneSpace(java.util.function.BooleanSupplier offered) {
        waitingForLanes.getAndIncrement();
        try {
            for (int idle = 0; !offered.getAsBoolean(); idle++) {
                if (idle == 0) {
                    loopWakeup.wake();
                }
                if (backOff(idle)) {
                    return false;
                }
            }
            return true;
        } finally {
            waitingForLanes.getAndDecrement();
        }
    }

    /**
     * @return whether the calling thread is the loop's (invoker mode) or the listener's: waiting there for lane space
     * could wait forever, as the loop may itself be waiting for the listener thread to drain events. In invoker mode
     * before any thread has driven the loop, the caller is taken for the one that will: waiting could never end.
     */
    private boolean drivesTheEngine() {
        Thread current = Thread.currentThread();
        Wakeup listener = listenerWakeup;
        Thread loop = loopWakeup.owner();
        return current == loop || (invoker && loop == null) || (listener != null && current == listener.owner());
    }

    /**
     * One round of waiting for lane space: ten spins, then parks from 1 µs doubling to ~1 ms. No yields, and a quick
     * ramp: a lane of a busy engine frees a slot per completion, so a submitter waits again and again, and each wait
     * that spun and yielded for two hundred rounds first cost it far more CPU than the wait was worth.
     *
     * @return whether the thread was interrupted (the caller gives up)
     */
    private static boolean backOff(int idle) {
        if (idle < 10) {
            Thread.onSpinWait();
        } else {
            LockSupport.parkNanos(1_000L << Math.min(10, idle - 10)); // 1 µs doubling to ~1 ms
            return Thread.currentThread().isInterrupted();
        }
        return false;
    }

    private LaneFullException laneFull(Task[] tasks, int accepted, String why) {
        return new LaneFullException(tasks[accepted].priority(), lanes.capacity(), why, tasks.length,
            new TaskHandleList<>(tasks, accepted));
    }

    /**
     * Turns a validated graph into tasks (ids in topological order, parents resolved to task objects) and sends
     * them to the loop a chunk at a time, so the loop starts the graph while the rest is being made. Every check is
     * made before any task: all of it is accepted, or nothing — except when making a task throws (an out of memory
     * error): then the tasks made so far are accepted, the rest never are, and the error propagates.
     *
     * @param accepted told how many tasks were accepted when making them failed part-way (maybe 0)
     */
    public SubmittedGraphImpl submitGraph(TaskGraph graph, TaskOwner owner, java.util.function.IntConsumer accepted) {
        submitting.getAndIncrement();
        try {
            if (shutdown) {
                throw notAccepting();
            }
            int n = graph.size();
            TaskSpec<?, ?> checked = null;
            for (int node = 0; node < n; node++) { // in index order: the specs array, read in sequence
                TaskSpec<?, ?> spec = graph.spec(node);
                if (spec != checked) { // graphs often repeat one spec: check each run of it once
                    checkSchedulable(spec);
                    checked = spec;
                }
            }
            long issued = nextTaskId.get(); // ids below were given out; the graph's ids are taken once it is valid
            Task[] byNode = new Task[graph.nodeCount()];
            for (int node = n; node < byNode.length; node++) {
                TaskHandle<?> handle = graph.externalHandle(node);
                long id = graph.externalId(node);
                if (handle != null && !(handle instanceof Task)) {
                    throw new InvalidGraphException("external '" + graph.key(node) + "' is not a handle from an engine",
                        List.of(graph.key(node)));
                }
                if (handle != null && !isOwnTask((Task) handle)) {
                    throw new InvalidGraphException("external '" + graph.key(node) + "' is task " + handle.id()
                        + " of another engine: a graph's externals must be tasks of the engine the graph is submitted"
                        + " to", List.of(graph.key(node)));
                }
                if (id >= issued) {
                    throw new InvalidGraphException("external '" + graph.key(node) + "' names unknown task id " + id
                        + ": no task with that id was submitted to this engine", List.of(graph.key(node)));
                }
                byNode[node] = (Task) handle;
            }
            long firstId = nextTaskId.getAndAdd(n);
            long now = clock.nanoTime();
            Task[] tasks = new Task[n];
            int[] progress = GraphNode.newProgress(graph);
            GraphAdmission.Pending pending = new GraphAdmission.Pending(tasks, GraphAdmission.suffixMaxRank(graph));
            graphBacklog.addAndGet(n);
            // Per task: the Task and its GraphNode, nothing per parent. The nodes share byNode and progress and read
            // their parents and children (indexes, keys) from the immutable graph. The tasks are made a chunk at a
            // time, and the loop told after each, so a large graph starts while the rest is being made, and its
            // tasks are not cold when admitted. Parents come before children, so byNode holds every parent of a task
            // the loop may admit; the loop reads a child's entry only once it admitted it.
            int made = 0;
            try {
                while (made < n) {
                    int end = Math.min(n, made + MAKE_CHUNK);
                    for (int k = made; k < end; k++) {
                        int node = graph.topologicalOrder(k);
                        TaskSpec<?, ?> spec = graph.spec(node);
                        FailurePolicy policy = spec.onParentFailure() != null ? spec.onParentFailure()
                            : owner.failurePolicy();
                        GraphNode gn = new GraphNode(graph, node, byNode, progress, policy);
                        Task task = new Task(firstId + k, spec, graph.input(node), owner, now, gn);
                        byNode[node] = task;
                        tasks[k] = task;
                    }
                    command(made == 0 ? new Command.SubmitGraph(pending, end)
                        : new Command.GraphTasksMade(pending, end, false));
                    made = end;
                }
            } finally {
                if (made < n) { // making a task failed (out of memory): the graph ends with what the loop was given
                    graphBacklog.addAndGet(made - n);
                    if (made > 0) {
                        command(new Command.GraphTasksMade(pending, made, true));
                    }
                    neverAccepted(firstId + made, n - made);
                    accepted.accept(made);
                }
            }
            return new SubmittedGraphImpl(graph, tasks, byNode);
        } finally {
            submitting.getAndDecrement();
        }
    }

    private void awaitLaneSpace(Task task) {
        if (backpressure == BackpressureMode.THROW) {
            throw new LaneFullException(task.priority(), lanes.capacity());
        }
        if (drivesTheEngine()) {
            throw new LaneFullException(task.priority(), lanes.capacity(), "the thread that drives the engine (or "
                + "delivers its events) cannot wait for the lane: submit again after the loop has admitted tasks, or "
                + "raise laneCapacity");
        }
        if (!waitForLaneSpace(() -> lanes.offer(task))) {
            throw new RejectedExecutionException("interrupted while waiting for space in the lane for priority "
                + task.priority() + "; the task was not accepted");
        }
    }

    /** Asks the loop why a task is where it is; after termination the answer is the task's final state. */
    public void explain(Task task, java.util.concurrent.CompletableFuture<String> answer) {
        if (terminated) {
            answer.complete(task.state() + (task.reason() == null ? "" : ": " + task.reason())
                + " (the engine has terminated)");
            return;
        }
        command(new Command.Explain(task, answer));
        if (terminated) { // the loop may have ended between our check and our offer: nobody will read it
            answer.complete(task.state() + (task.reason() == null ? "" : ": " + task.reason())
                + " (the engine has terminated)");
        }
    }

    /**
     * Sends a command whose answer is {@code answer}; after termination (no cycle will come) fails the answer instead.
     */
    public void command(Command command, java.util.concurrent.CompletableFuture<?> answer) {
        if (!terminated) {
            command(command);
        }
        if (terminated) {
            answer.completeExceptionally(new java.util.concurrent.RejectedExecutionException(
                "the engine has terminated: the request may not have been applied"));
        }
    }

    /** @return whether {@code t} is a task of this engine (its owner reports to this inbox), not another engine's */
    boolean isOwnTask(Task t) {
        return t.owner() instanceof InboxOwner && ((InboxOwner) t.owner()).reportsTo(this);
    }

    /** Why nothing more is accepted: a shutdown, or the error that stopped the scheduler's thread. */
    private RejectedExecutionException notAccepting() {
        Throwable error = failed;
        return error == null
            ? new RejectedExecutionException("the engine is shut down: no task is accepted after shutdown()")
            : new RejectedExecutionException("the engine's scheduler stopped on an error and accepts nothing more: "
                + error, error);
    }

    /**
     * Any thread: an {@code Error} stopped the scheduler's or the listener's thread. Nothing more is accepted, and the
     * refusal names the error (what was accepted before cannot finish: the engine reports an abnormal termination).
     */
    public void markFailed(Throwable error) {
        if (failed == null) {
            failed = error;
        }
        shutdown = true;
    }

    /** Loop, once terminated: later questions are answered here, since no cycle will come. */
    void markTerminated() {
        terminated = true;
    }

    /** Any thread: hands a sample to the listener thread, or drops and counts it if its queue is full. */
    public void reportUsage(io.htcengine.spi.UsageSample sample) {
        if (usageSamples.offer(sample)) {
            Wakeup listener = listenerWakeup;
            if (listener != null) {
                listener.wake();
            }
        } else {
            droppedUsageSamples.incrementAndGet();
        }
    }

    public MpscAtomicArrayQueue<io.htcengine.spi.UsageSample> usageSamples() {
        return usageSamples;
    }

    public long droppedUsageSamples() {
        return droppedUsageSamples.get();
    }

    /** Sends a command to the loop. */
    public void command(Command command) {
        commands.offer(command);
        loopWakeup.wake();
    }

    /** Offers a reported attempt. The queue is unbounded, so the offer does not fail in practice. */
    public void completed(Task task) {
        while (!completions.offer(task)) {
            Thread.onSpinWait();
        }
        loopWakeup.wake();
    }

    /** Stops accepting submissions. @return false if it was already stopped. */
    public boolean closeForSubmissions() {
        if (shutdown) {
            return false;
        }
        shutdown = true;
        return true;
    }

    public boolean isShutdown() {
        return shutdown;
    }

    /** @return tasks accepted and not yet admitted: in the lanes, or in graphs the loop has not admitted yet. */
    public long notYetAdmitted() {
        return lanes.size() + graphBacklog.get();
    }

    /** Loop: {@code admitted} graph tasks left the backlog. */
    void graphTasksAdmitted(int admitted) {
        graphBacklog.addAndGet(-admitted);
    }

    // ---- loop side ----

    Command pollCommand() {
        return commands.relaxedPoll();
    }

    Task pollCompletion() {
        return completions.relaxedPoll();
    }

    /** @return whether some submitter waits for lane space now. */
    boolean submittersWaiting() {
        return waitingForLanes.get() != 0;
    }

    /** @return whether a submit is between its shutdown check and its lane offer. */
    boolean submitsInFlight() {
        return submitting.get() != 0;
    }

    boolean commandsEmpty() {
        return commands.isEmpty();
    }

    /** @return whether commands and completions are both empty (read after announcing sleep). */
    boolean commandsAndCompletionsEmpty() {
        return commands.isEmpty() && completions.isEmpty();
    }
}
