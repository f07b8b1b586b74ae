package io.htcengine.api;

import io.htcengine.internal.Validate;
import io.htcengine.internal.event.EventRing;
import io.htcengine.internal.event.Notifier;
import io.htcengine.internal.exec.LocalWorkerPool;
import io.htcengine.internal.failure.DeadLetterBox;
import io.htcengine.internal.loop.Command;
import io.htcengine.internal.loop.Inbox;
import io.htcengine.internal.loop.LoneTasks;
import io.htcengine.internal.loop.LoopSettings;
import io.htcengine.internal.loop.SchedulerLoop;
import io.htcengine.internal.session.SessionImpl;
import io.htcengine.spi.NodeExecutor;
import io.htcengine.spi.TaskListener;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An embedded scheduling engine. Build one with {@link #builder()}, submit tasks from any thread, and shut it
 * down when done:
 * <pre>{@code
 * try (Engine engine = Engine.builder().workerThreads(4).build()) {
 *     TaskSpec<Integer, Integer> square = TaskSpec.of((Integer x, TaskContext ctx) -> x * x).priority(8).build();
 *     System.out.println(engine.submit(square, 12).future().join());
 * }
 * }</pre>
 *
 * <p>Threading: every method may be called from any thread, except {@link #doWork()} (invoker mode only, from
 * the one thread that drives the loop). Submissions go through lock-free lanes to a single scheduler thread.
 */
public final class Engine implements AutoCloseable {
    private final ThreadingMode threading;
    private final Inbox inbox;
    private final LoneTasks loneTasks;
    private final SchedulerLoop loop;
    private final Notifier notifier;
    private final List<LocalWorkerPool> localPools = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Cluster cluster;
    private final AgentRunner loopRunner;
    private final AgentRunner listenerRunner;
    private final DeadLetterBox deadLetters;
    volatile DurableTasks durable; // persistence (issue 7): set by EngineBuilder.build() when persistence is configured

    Engine(EngineBuilder b) {
        this.threading = b.threading;
        List<NodeSpec> nodeSpecs = b.nodesOrDefault();
        List<NodeExecutor> executors = new ArrayList<>();
        int totalSlots = 0;
        java.util.function.Function<NodeSpec, NodeExecutor> localExecutors = spec -> {
            LocalWorkerPool pool = new LocalWorkerPool(b.name + "-" + spec.name(), spec.workerThreads(),
                spec.slots() / spec.workerThreads());
            localPools.add(pool);
            return pool;
        };
        for (NodeSpec spec : nodeSpecs) {
            totalSlots += spec.slots();
            executors.add(spec.executor() != null ? spec.executor() : localExecutors.apply(spec));
        }
        for (PoolSpec p : b.pools) {
            totalSlots += p.template().slots() * Math.min(p.max(), 64);
        }
        boolean ownThreads = threading == ThreadingMode.DEDICATED_THREAD;
        this.inbox = new Inbox(b.laneCapacity, totalSlots, b.clock, b.backpressure, !ownThreads);
        this.loneTasks = new LoneTasks(inbox);
        EventRing ring = new EventRing(b.eventRingCapacity);
        this.notifier = new Notifier(ring, inbox.usageSamples(), b.listeners.toArray(new TaskListener[0]), ownThreads);
        inbox.listenerWakeup(notifier.wakeup());
        LoopSettings settings = new LoopSettings(new io.htcengine.internal.cluster.Dims(b.allExtendedResources()),
            nodeSpecs, executors, List.copyOf(b.pools), b.provisioner, b.placement, b.scheduling,
            java.util.Map.copyOf(b.quotas),
            b.unschedulable, b.autoscaleInterval.toNanos(), localExecutors, b.defaultRetry,
            b.defaultTaskTimeout == null ? 0 : b.defaultTaskTimeout.toNanos(), b.randomSeed, b.admitBatch,
            b.dispatchBatch, b.readyQueueLimit, b.graphAdmitAhead, listenerInterests(b.listeners), ownThreads,
            b.dispatchAhead.toNanos());
        this.cluster = new Cluster(inbox, localExecutors);
        this.deadLetters = new DeadLetterBox(this::resubmit);
        this.loop = new SchedulerLoop(settings, inbox, ring, notifier, deadLetters);
        for (TaskListener listener : b.listeners) {
            listener.onRegistered(this); // before any thread starts: a listener that refuses fails the build
        }
        if (ownThreads) {
            loopRunner = new AgentRunner(b.idleStrategy != null ? b.idleStrategy : loop.defaultIdleStrategy(),
                this::onAgentError, null, loop);
            listenerRunner = new AgentRunner(notifier.idleStrategy(), this::onAgentError, null, notifier);
            AgentRunner.startOnThread(listenerRunner, r -> daemon(r, b.name + "-listener"));
            AgentRunner.startOnThread(loopRunner, r -> daemon(r, b.name + "-scheduler"));
        } else {
            loopRunner = null;
            listenerRunner = null;
        }
    }

    private static int listenerInterests(List<TaskListener> listeners) {
        int mask = 0;
        for (TaskListener l : listeners) {
            mask |= Notifier.mask(l);
        }
        return mask;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void onAgentError(Throwable t) {
        if (t instanceof AgentTerminationException) {
            return; // how the loop and the listener end their runners after termination: not an error
        }
        org.slf4j.LoggerFactory.getLogger(Engine.class).error("engine agent failed", t);
        if (t instanceof Error) {
            // Agrona's runner rethrows an Error: that thread is ending, and with it the engine. Say so instead of
            // leaving submits accepted and awaitTermination waiting for a loop that will never run again.
            inbox.markFailed(t);
            notifier.terminated().completeExceptionally(t);
        }
    }

    /** @return a builder with the defaults documented on each of its setters. */
    public static EngineBuilder builder() {
        return new EngineBuilder();
    }

    /**
     * Submits one task. When its priority lane is full it waits for room or throws {@link LaneFullException},
     * as configured by {@link EngineBuilder#backpressure}.
     *
     * @throws IllegalArgumentException   if {@code spec} is null
     * @throws RejectedExecutionException after {@link #shutdown()}
     */
    public <I, O> TaskHandle<O> submit(TaskSpec<I, O> spec, I input) {
        return cast(inbox.submit(spec, input, loneTasks, true));
    }

    /**
     * Submits a vector of tasks outside any session, one spec for every input, as {@link Session#submitAll(TaskSpec,
     * List)} does: in list order with consecutive ids, every check before anything is accepted, one wake-up of the
     * loop for the whole vector.
     *
     * @throws LaneFullException          under {@link BackpressureMode#THROW} when a lane filled part-way;
     *                                    {@link LaneFullException#accepted()} of the vector were accepted
     * @throws RejectedExecutionException after {@link #shutdown()} (nothing accepted)
     */
    public <I, O> List<TaskHandle<O>> submitAll(TaskSpec<I, O> spec, List<? extends I> inputs) {
        return new io.htcengine.internal.task.TaskHandleList<>(
            inbox.submitAll(spec, null, Inbox.inputsOf(inputs), loneTasks));
    }

    /** Submits a vector of tasks outside any session, one spec per input: see {@link #submitAll(TaskSpec, List)}. */
    public <I, O> List<TaskHandle<O>> submitAll(List<? extends TaskSpec<I, O>> specs, List<? extends I> inputs) {
        Object[] in = Inbox.inputsOf(inputs);
        return new io.htcengine.internal.task.TaskHandleList<>(
            inbox.submitAll(null, Inbox.specsOf(specs, in), in, loneTasks));
    }

    private TaskHandle<?> resubmit(TaskSpec<?, ?> spec, Object input) {
        return inbox.submit(spec, input, loneTasks, true);
    }

    /**
     * Submits one task unless its lane is full.
     *
     * @return the handle, or null when the lane is full (nothing was accepted)
     * @throws RejectedExecutionException after {@link #shutdown()}
     */
    public <I, O> TaskHandle<O> trySubmit(TaskSpec<I, O> spec, I input) {
        return cast(inbox.submit(spec, input, loneTasks, false));
    }

    /**
     * Submits a whole DAG at once. The graph was validated when built (unknown dependency, self-dependency, cycle);
     * here its external parents are checked to be tasks of this engine. Then every task of it is accepted, or none
     * (but for an {@link Error}, such as running out of memory, while its tasks are made: then those made so far
     * are). It goes to the scheduler in chunks of tasks as they are made, so a large graph starts before this call
     * returns, in the order it would have had whole; it bypasses the lanes' backpressure. Each task waits QUEUED
     * ("waiting for parents") until all its parents COMPLETED; when a parent fails or is cancelled, its
     * descendants are cancelled, unless their spec says {@link FailurePolicy#CONTINUE}.
     *
     * @throws InvalidGraphException      if an external parent is not a task of this engine
     * @throws RejectedExecutionException after {@link #shutdown()}
     */
    public SubmittedGraph submit(TaskGraph graph) {
        if (graph == null) {
            throw new IllegalArgumentException("graph must not be null");
        }
        return inbox.submitGraph(graph, loneTasks, made -> { });
    }

    @SuppressWarnings("unchecked")
    private static <O> TaskHandle<O> cast(TaskHandle<?> handle) {
        return (TaskHandle<O>) handle;
    }

    /** Opens a session with default options. */
    public Session openSession() {
        return openSession(SessionOptions.defaults());
    }

    /**
     * Opens a session: submit tasks into it, then seal it.
     *
     * @throws RejectedExecutionException after {@link #shutdown()}
     */
    public Session openSession(SessionOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        if (inbox.isShutdown()) {
            throw new RejectedExecutionException("the engine is shut down: no session is opened after shutdown()");
        }
        SessionImpl session = new SessionImpl(inbox.nextSessionId(), options, inbox);
        inbox.command(new Command.OpenSession(session));
        return session;
    }

    /**
     * Invoker mode only: runs one duty cycle of the scheduler loop, then delivers pending events to listeners and
     * futures, on the calling thread. Always call it from the same thread.
     *
     * @return the work done (0 when there was nothing to do)
     * @throws IllegalStateException in {@link ThreadingMode#DEDICATED_THREAD} mode
     */
    public int doWork() {
        if (threading != ThreadingMode.INVOKER) {
            throw new IllegalStateException("doWork() is for ThreadingMode.INVOKER; this engine runs its own thread");
        }
        return loop.doWork() + notifier.doWork();
    }

    /**
     * Invoker mode only: calls {@link #doWork()} until a cycle does nothing, at most {@code maxCycles} times.
     *
     * @return the cycles run
     */
    public int runUntilIdle(int maxCycles) {
        Validate.range("maxCycles", maxCycles, 1, Integer.MAX_VALUE);
        int cycles = 0;
        while (cycles < maxCycles) {
            cycles++;
            if (doWork() == 0) {
                break;
            }
        }
        return cycles;
    }

    /** @return resource-usage samples dropped because the listener thread fell behind (telemetry, never tasks). */
    public long droppedUsageSamples() {
        return inbox.droppedUsageSamples();
    }

    /** @return the engine's nodes, pools and allocations: status, node operations, scaling, allocate. */
    public Cluster cluster() {
        return cluster;
    }

    /**
     * Durable tasks: submitted by handler name with byte inputs, journaled, recovered after a restart.
     *
     * @throws IllegalStateException if the engine was built without {@link EngineBuilder#persistence(Persistence)}
     */
    public DurableTasks durable() {
        DurableTasks d = durable;
        if (d == null) {
            throw new IllegalStateException("this engine has no persistence: build it with "
                + "EngineBuilder.persistence(Persistence.to(journal)) to use durable tasks");
        }
        return d;
    }

    /** @return the tasks that FAILED, with their attempts' history: list, inspect, resubmit, purge. */
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /** @return counts of tasks by state, engine-wide, as last published by the scheduler loop. */
    public Progress progress() {
        return loop.counts().snapshot(inbox.notYetAdmitted());
    }

    /**
     * Graceful shutdown: accepts nothing new, seals open sessions, and lets every accepted task (queued,
     * running, waiting to retry) finish. Returns at once; see {@link #awaitTermination(Duration)}.
     */
    public void shutdown() {
        if (inbox.closeForSubmissions()) {
            inbox.command(new Command.Shutdown(false));
        }
    }

    /**
     * Immediate shutdown: accepts nothing new, cancels every task not yet running, and cancels (flag and
     * interrupt) running ones. Returns at once; see {@link #awaitTermination(Duration)}.
     */
    public void shutdownNow() {
        inbox.closeForSubmissions();
        inbox.command(new Command.Shutdown(true));
    }

    public boolean isShutdown() {
        return inbox.isShutdown();
    }

    /** @return whether the engine has stopped and every event (futures, listeners) was delivered. */
    public boolean isTerminated() {
        return notifier.terminated().isDone();
    }

    /**
     * Waits for termination after a shutdown. In invoker mode it drives the loop on the calling thread meanwhile.
     *
     * @return true if terminated, false if the timeout passed first
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be zero or positive, was " + timeout);
        }
        long timeoutNs = timeout.compareTo(Validate.MAX_DURATION) > 0 ? Validate.MAX_DURATION.toNanos() : timeout.toNanos();
        long deadlineNs = System.nanoTime() + timeoutNs;
        if (threading == ThreadingMode.INVOKER) {
            while (!isTerminated()) {
                if (System.nanoTime() - deadlineNs >= 0) {
                    return false;
                }
                if (doWork() == 0) {
                    Thread.onSpinWait();
                }
            }
            return true;
        }
        try {
            notifier.terminated().get(timeoutNs, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("engine terminated abnormally", e.getCause());
        }
        for (LocalWorkerPool pool : localPools) {
            pool.join(Math.max(1, (deadlineNs - System.nanoTime()) / 1_000_000));
        }
        return true;
    }

    /** Graceful shutdown, then waits for termination (indefinitely in dedicated mode, driving it in invoker mode). */
    @Override
    public void close() {
        shutdown();
        try {
            while (!awaitTermination(Duration.ofSeconds(60))) {
                org.slf4j.LoggerFactory.getLogger(Engine.class).warn("still waiting for accepted tasks to finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (loopRunner != null) {
            loopRunner.close();
            listenerRunner.close();
        }
    }
}
