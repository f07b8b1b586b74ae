package io.htcengine.internal.session;

import io.htcengine.api.LaneFullException;
import io.htcengine.api.Progress;
import io.htcengine.api.Session;
import io.htcengine.api.SessionOptions;
import io.htcengine.api.SessionState;
import io.htcengine.api.SessionSummary;
import io.htcengine.api.TaskHandle;
import io.htcengine.api.TaskSpec;
import io.htcengine.api.TaskState;
import io.htcengine.internal.loop.Command;
import io.htcengine.internal.loop.Inbox;
import io.htcengine.internal.task.PaddedCounter;
import io.htcengine.internal.task.StateCounters;
import io.htcengine.internal.task.Task;
import io.htcengine.internal.task.TaskHandleList;
import io.htcengine.internal.loop.InboxOwner;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * A session: its handle for the host and the owner of its tasks.
 *
 * <p>Threading: {@code submit}, {@code seal}, {@code cancel} and the readers from any thread. Submitters count a
 * task into {@code total} before checking {@code sealed}; {@code seal} raises {@code sealed} before asking the loop
 * to check — so the loop never sees a sealed total that a late submit could still raise. Fields marked "loop only"
 * belong to the scheduler loop.
 */
public final class SessionImpl extends InboxOwner implements Session {
    private final long id;
    private final String name;
    private final long timeoutNs;
    private final io.htcengine.api.FailurePolicy failurePolicy;
    private final long openedNs;
    private final PaddedCounter total = new PaddedCounter(); // submitted per task: on a line of its own
    private final StateCounters counts = new StateCounters();
    private final CompletableFuture<SessionSummary> future = new CompletableFuture<>();
    private volatile boolean sealed;
    private volatile boolean cancelRequested;
    private volatile SessionState state = SessionState.OPEN;

    // Loop only.
    /** Whether the loop knows this session (its timeout is scheduled). */
    public boolean registered;
    /** Why its unfinished tasks are being cancelled (timeout, cancel, shutdown), or null. */
    public String abandonReason;
    /** Whether the abandonment makes the session FAILED (a timeout) rather than CANCELLED. */
    public boolean abandonFails;
    public long timerId = -1;

    public SessionImpl(long id, SessionOptions options, Inbox inbox) {
        super(inbox);
        this.id = id;
        this.name = options.name();
        this.timeoutNs = options.timeout() == null ? 0 : options.timeout().toNanos();
        this.failurePolicy = options.failurePolicy();
        this.openedNs = inbox.clock().nanoTime();
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long sessionId() {
        return id;
    }

    @Override
    public io.htcengine.api.FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    @Override
    public io.htcengine.api.SubmittedGraph submit(io.htcengine.api.TaskGraph graph) {
        if (graph == null) {
            throw new IllegalArgumentException("graph must not be null");
        }
        total.addAndGet(graph.size());
        io.htcengine.api.SubmittedGraph submitted = null;
        int[] acceptedPart = {0}; // tasks accepted when making the graph's tasks failed part-way
        try {
            if (sealed) {
                throw new RejectedExecutionException("session " + id + " (" + name + ") is "
                    + (cancelRequested || state.isDone() ? "cancelled or done" : "sealed") + ": it accepts no more tasks");
            }
            submitted = inbox.submitGraph(graph, this, made -> acceptedPart[0] = made);
            return submitted;
        } finally {
            if (submitted == null) {
                total.addAndGet(acceptedPart[0] - graph.size());
                if (sealed) {
                    inbox.command(new Command.CheckSession(this));
                }
            }
        }
    }

    @Override
    public <I, O> TaskHandle<O> submit(TaskSpec<I, O> spec, I input) {
        return accept(spec, input, true);
    }

    @Override
    public <I, O> TaskHandle<O> trySubmit(TaskSpec<I, O> spec, I input) {
        return accept(spec, input, false);
    }

    @Override
    public <I, O> List<TaskHandle<O>> submitAll(TaskSpec<I, O> spec, List<? extends I> inputs) {
        if (spec == null) {
            throw new IllegalArgumentException("spec must not be null");
        }
        return acceptAll(spec, null, Inbox.inputsOf(inputs));
    }

    @Override
    public <I, O> List<TaskHandle<O>> submitAll(List<? extends TaskSpec<I, O>> specs, List<? extends I> inputs) {
        Object[] in = Inbox.inputsOf(inputs);
        return acceptAll(null, Inbox.specsOf(specs, in), in);
    }

    /** Like {@link #accept}, for a vector: counted into {@code total} at once, and uncounted for what was not accepted. */
    private <O> List<TaskHandle<O>> acceptAll(TaskSpec<?, ?> spec, Object[] specs, Object[] inputs) {
        int n = inputs.length;
        total.addAndGet(n);
        int accepted = 0;
        try {
            if (sealed) {
                throw new RejectedExecutionException("session " + id + " (" + name + ") is "
                    + (cancelRequested || state.isDone() ? "cancelled or done" : "sealed") + ": it accepts no more tasks");
            }
            Task[] tasks = inbox.submitAll(spec, specs, inputs, this);
            accepted = n;
            return new TaskHandleList<>(tasks);
        } catch (LaneFullException e) {
            accepted = e.accepted();
            throw e;
        } finally {
            if (accepted < n) {
                total.addAndGet(accepted - n);
                if (sealed) {
                    inbox.command(new Command.CheckSession(this));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private <O> TaskHandle<O> accept(TaskSpec<?, ?> spec, Object input, boolean block) {
        total.addAndGet(1);
        Task task = null;
        try {
            if (sealed) {
                throw new RejectedExecutionException("session " + id + " (" + name + ") is "
                    + (cancelRequested || state.isDone() ? "cancelled or done" : "sealed") + ": it accepts no more tasks");
            }
            task = inbox.submit(spec, input, this, block);
            return (TaskHandle<O>) (TaskHandle<?>) task;
        } finally {
            if (task == null) {
                total.addAndGet(-1);
                if (sealed) {
                    inbox.command(new Command.CheckSession(this));
                }
            }
        }
    }

    @Override
    public void seal() {
        if (!sealed) {
            sealed = true;
            inbox.command(new Command.CheckSession(this));
        }
    }

    @Override
    public boolean isSealed() {
        return sealed;
    }

    @Override
    public SessionState state() {
        return state;
    }

    @Override
    public Progress progress() {
        long live = counts.get(TaskState.QUEUED) + counts.get(TaskState.RUNNING) + counts.get(TaskState.RETRY);
        return counts.snapshot(Math.max(0, total.get() - live - counts.done()));
    }

    @Override
    public CompletableFuture<SessionSummary> future() {
        return future;
    }

    @Override
    public boolean cancel() {
        if (state.isDone()) {
            return false;
        }
        cancelRequested = true;
        sealed = true;
        inbox.command(new Command.CancelSession(this));
        return true;
    }

    // ---- loop side ----

    public StateCounters counts() {
        return counts;
    }

    public long timeoutNs() {
        return timeoutNs;
    }

    public long openedNs() {
        return openedNs;
    }

    /** Loop only: marks the session sealed (a shutdown seals every session so each can finish). */
    public void sealByEngine() {
        sealed = true;
    }

    /** Loop only. @return whether it is sealed and every task it accepted is terminal. */
    public boolean isFinished() {
        return sealed && counts.done() == total.get();
    }

    /** Loop only: publishes the end state and returns the summary the listener thread completes the future with. */
    public SessionSummary finish() {
        long failed = counts.get(TaskState.FAILED);
        long cancelled = counts.get(TaskState.CANCELLED);
        SessionState end;
        String reason = abandonReason;
        if (abandonReason != null) {
            end = abandonFails ? SessionState.FAILED : SessionState.CANCELLED;
        } else if (failed > 0) {
            end = SessionState.FAILED;
            reason = failed + " task(s) failed";
        } else if (cancelled > 0) {
            end = SessionState.CANCELLED;
            reason = cancelled + " task(s) cancelled";
        } else {
            end = SessionState.COMPLETED;
        }
        state = end;
        return new SessionSummary(id, end, total.get(), counts.get(TaskState.COMPLETED), failed, cancelled, reason);
    }

    @Override
    public String toString() {
        return "Session{id=" + id + ", name=" + name + ", state=" + state + ", tasks=" + total.get() + '}';
    }
}
