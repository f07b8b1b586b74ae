package io.htcengine.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * A vector of tasks with one id (HTC-Grid's session). Tasks are submitted into it, then it is
 * {@linkplain #seal() sealed}; it completes when it is sealed and every task in it has reached a
 * terminal state. Safe to use from any thread; a task submitted after {@link #seal()} is rejected.
 */
public interface Session extends AutoCloseable {
    long id();

    String name();

    /** Submits one task into this session, as {@link Engine#submit(TaskSpec, Object)} does. */
    <I, O> TaskHandle<O> submit(TaskSpec<I, O> spec, I input);

    /**
     * Submits a vector of tasks into this session, one per input, all running {@code spec} (a parameter sweep, a Monte
     * Carlo run). The same as calling {@link #submit(TaskSpec, Object)} for each input in turn, with the same
     * validation, but the per-call work (ids, counting, the clock, waking the scheduler) is done once for the vector.
     * See {@link #submitAll(List, List)} for the semantics, which are the same with one spec for every input.
     *
     * @return the handles, in input order; a read-only list
     * @throws IllegalArgumentException   if {@code spec} or {@code inputs} is null, or the spec is unschedulable
     *                                    ({@link UnschedulableException}); nothing was accepted
     * @throws RejectedExecutionException if the session is sealed or the engine shut down; nothing was accepted
     * @throws LaneFullException          if it stopped part-way; its {@link LaneFullException#accepted()} says how many
     *                                    of the inputs, from the start, were accepted
     */
    <I, O> List<TaskHandle<O>> submitAll(TaskSpec<I, O> spec, List<? extends I> inputs);

    /**
     * Submits a vector of tasks into this session: {@code specs.get(k)} runs on {@code inputs.get(k)} (specs may
     * differ, e.g. in priority).
     * <ul>
     *   <li><b>Order and ids:</b> tasks are accepted in list order and get consecutive ids: the task at index
     *       {@code k} has id {@code first + k}. Within a priority they are admitted in that order.</li>
     *   <li><b>Validation, all before anything is accepted:</b> the lists and their elements as {@code submit}
     *       checks them — sizes must match, no spec may be null (the error names the index), each distinct spec must
     *       be schedulable (checked once however often it repeats). A sealed or cancelled session or a shut-down
     *       engine rejects the whole vector. On any of these errors nothing of the vector was accepted.</li>
     *   <li><b>Backpressure:</b> under {@link BackpressureMode#BLOCK} it waits for room in a full lane as
     *       {@code submit} does, so a vector larger than a lane is accepted whole once the scheduler has admitted
     *       enough. Under {@link BackpressureMode#THROW} — or under BLOCK when the thread is interrupted while
     *       waiting, or is the thread driving an invoker-mode engine — a full lane stops the vector: it throws
     *       {@link LaneFullException}, whose {@link LaneFullException#accepted()} tasks from the start of the vector
     *       were accepted (their handles: {@link LaneFullException#acceptedHandles()}) and the rest were not;
     *       resubmit {@code inputs.subList(e.accepted(), inputs.size())}.</li>
     *   <li>An accepted task is never dropped: each is counted once in {@link #progress()} and in the session's
     *       future, and reaches a terminal state.</li>
     * </ul>
     * The lists are read once, at the call; later changes to them have no effect.
     *
     * @return the handles, in list order: a read-only view, no copy per task
     * @throws IllegalArgumentException   if a list or a spec is null, the sizes differ, or a spec is unschedulable
     *                                    ({@link UnschedulableException}); nothing was accepted
     * @throws RejectedExecutionException if the session is sealed or the engine shut down; nothing was accepted
     * @throws LaneFullException          if it stopped part-way, as above
     */
    <I, O> List<TaskHandle<O>> submitAll(List<? extends TaskSpec<I, O>> specs, List<? extends I> inputs);

    /**
     * Submits a whole DAG into this session, as {@link Engine#submit(TaskGraph)} does. Its tasks count toward the
     * session and follow the session's {@link SessionOptions#failurePolicy()} unless their spec sets one.
     */
    SubmittedGraph submit(TaskGraph graph);

    /** Submits one task into this session, or returns null when its lane is full. */
    <I, O> TaskHandle<O> trySubmit(TaskSpec<I, O> spec, I input);

    /** Accepts no more tasks. Idempotent. The session completes once its submitted tasks all have. */
    void seal();

    /** Same as {@link #seal()}, so a session can be filled in a try-with-resources block. */
    @Override
    default void close() {
        seal();
    }

    /** @return whether {@link #seal()} was called. */
    boolean isSealed();

    SessionState state();

    /** @return counts of this session's tasks by state, as last published by the scheduler loop. */
    Progress progress();

    /**
     * Completes, off the scheduler thread, when the session is sealed and all its tasks are terminal
     * (or it timed out or was cancelled). It completes normally in every case: the summary says how it ended.
     */
    CompletableFuture<SessionSummary> future();

    /** Cancels every unfinished task of the session, and rejects further submits. @return false if already done. */
    boolean cancel();
}
