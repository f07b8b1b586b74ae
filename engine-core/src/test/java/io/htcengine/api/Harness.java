package io.htcengine.api;

import io.htcengine.spi.Execution;
import io.htcengine.spi.ManualExecutor;
import io.htcengine.spi.TaskEvent;
import io.htcengine.spi.TaskListener;

import java.util.ArrayList;
import java.util.List;

/** A deterministic engine for tests: invoker mode, a manual clock, one node run by a {@link ManualExecutor}. */
final class Harness implements AutoCloseable {
    final ManualClock clock = new ManualClock(1_000_000_000L);
    final ManualExecutor executor = new ManualExecutor();
    final List<String> events = new ArrayList<>();
    final List<SessionSummary> sessionsDone = new ArrayList<>();
    final Engine engine;

    Harness(int slots) {
        this(slots, Engine.builder());
    }

    Harness(int slots, EngineBuilder builder) {
        engine = builder
            .threading(ThreadingMode.INVOKER)
            .clock(clock)
            .node(NodeSpec.withExecutor("manual", slots, executor))
            .listener(new TaskListener() {
                @Override
                public void onTransition(TaskEvent e) {
                    events.add(e.taskId() + ":" + e.from() + "->" + e.to());
                }

                @Override
                public void onSessionDone(SessionSummary summary) {
                    sessionsDone.add(summary);
                }
            })
            .build();
    }

    static <I, O> TaskSpec<I, O> spec(int priority, TaskHandler<I, O> handler) {
        return TaskSpec.of(handler).priority(priority).build();
    }

    static TaskSpec<Integer, Integer> echo(int priority) {
        return spec(priority, (Integer x, TaskContext c) -> x);
    }

    void settle() {
        engine.runUntilIdle(1000);
    }

    /** Drives the loop until the engine answers {@code question} (a status, a why-pending). */
    <T> T await(java.util.concurrent.CompletableFuture<T> question) {
        for (int i = 0; i < 1000 && !question.isDone(); i++) {
            engine.doWork();
        }
        return question.join();
    }

    List<Execution> dispatched() {
        return executor.drain();
    }

    @Override
    public void close() {
        engine.shutdownNow();
        executor.drain().forEach(e -> e.fail(new IllegalStateException("test over")));
        try {
            engine.awaitTermination(java.time.Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
