package io.htcengine.api;

import io.htcengine.spi.Execution;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each step of a task's life, made explicit by driving the loop by hand. */
class InvokerModeTest {

    @Test
    void aTaskMovesThroughEveryStateOnceThePerLoopStep() {
        try (Harness h = new Harness(1)) {
            TaskHandle<Integer> t = h.engine.submit(Harness.echo(5), 42);
            assertEquals(TaskState.SUBMITTED, t.state());
            h.settle();
            assertEquals(TaskState.RUNNING, t.state());
            assertEquals(1, t.attempts());
            List<Execution> running = h.dispatched();
            assertEquals(1, running.size());
            running.get(0).run();
            assertEquals(TaskState.RUNNING, t.state(), "the loop has not seen the report yet");
            h.settle();
            assertEquals(TaskState.COMPLETED, t.state());
            assertEquals(42, t.future().join());
            assertEquals(List.of(t.id() + ":SUBMITTED->QUEUED", t.id() + ":QUEUED->RUNNING",
                t.id() + ":RUNNING->COMPLETED"), h.events);
        }
    }

    @Test
    void aFutureAskedForBeforeCompletionIsCompletedByTheListenerSide() {
        try (Harness h = new Harness(1)) {
            TaskHandle<Integer> t = h.engine.submit(Harness.echo(5), 7);
            var future = t.future();
            h.settle();
            h.dispatched().get(0).run();
            assertFalse(future.isDone());
            h.settle();
            assertEquals(7, future.join());
        }
    }

    @Test
    void aFailedTaskWithAttemptsLeftWaitsItsBackoffInRetry() {
        RetryPolicy retry = RetryPolicy.exponential(3, Duration.ofMillis(100), Duration.ofSeconds(1));
        try (Harness h = new Harness(1, Engine.builder().defaultRetry(retry))) {
            TaskHandle<Integer> t = h.engine.submit(Harness.echo(5), 1);
            h.settle();
            h.dispatched().get(0).fail(new IllegalStateException("boom 1"));
            h.settle();
            assertEquals(TaskState.RETRY, t.state());

            h.clock.advance(Duration.ofMillis(99));
            h.settle();
            assertEquals(TaskState.RETRY, t.state(), "backoff not over");
            h.clock.advance(Duration.ofMillis(1));
            h.settle();
            assertEquals(TaskState.RUNNING, t.state());
            assertEquals(2, t.attempts());

            h.dispatched().get(0).fail(new IllegalStateException("boom 2"));
            h.settle();
            h.clock.advance(Duration.ofMillis(199));
            h.settle();
            assertEquals(TaskState.RETRY, t.state(), "second backoff is doubled");
            h.clock.advance(Duration.ofMillis(1));
            h.settle();
            Execution third = h.dispatched().get(0);
            assertEquals(3, third.attempt());
            third.fail(new IllegalStateException("boom 3"));
            h.settle();
            assertEquals(TaskState.FAILED, t.state());
            CompletionException e = assertThrows(CompletionException.class, () -> t.future().join());
            assertEquals("boom 3", e.getCause().getMessage());
        }
    }

    @Test
    void aRetryIsDueOnTimeEvenAfterALargeJumpOfTheClock() {
        RetryPolicy retry = RetryPolicy.exponential(2, Duration.ofHours(2), Duration.ofHours(2));
        try (Harness h = new Harness(1, Engine.builder().defaultRetry(retry))) {
            TaskHandle<Integer> t = h.engine.submit(Harness.echo(5), 1);
            h.settle();
            h.dispatched().get(0).fail(new IllegalStateException("boom"));
            h.settle();
            h.clock.advance(Duration.ofHours(2).minusNanos(1));
            h.settle();
            assertEquals(TaskState.RETRY, t.state());
            h.clock.advanceNs(1);
            h.settle();
            assertEquals(TaskState.RUNNING, t.state());
        }
    }

    @Test
    void aCancelledQueuedTaskNeverRuns() {
        try (Harness h = new Harness(1)) {
            TaskHandle<Integer> first = h.engine.submit(Harness.echo(5), 1);
            TaskHandle<Integer> second = h.engine.submit(Harness.echo(5), 2);
            h.settle();
            assertEquals(TaskState.QUEUED, second.state());
            assertTrue(second.cancel());
            h.settle();
            assertEquals(TaskState.CANCELLED, second.state());
            assertFalse(second.cancel(), "already terminal");
            h.dispatched().get(0).run();
            h.settle();
            assertEquals(TaskState.COMPLETED, first.state());
            assertEquals(0, h.executor.pending(), "the cancelled task was never dispatched");
            assertThrows(CancellationException.class, () -> second.future().join());
        }
    }

    @Test
    void aTaskCancelledBeforeAdmissionIsCancelledFromSubmitted() {
        try (Harness h = new Harness(1)) {
            TaskHandle<Integer> t = h.engine.submit(Harness.echo(5), 1);
            t.cancel();
            h.settle();
            assertEquals(TaskState.CANCELLED, t.state());
            assertEquals(List.of(t.id() + ":SUBMITTED->CANCELLED"), h.events);
        }
    }

    @Test
    void aCancelledRunningTaskSeesItsFlagAndEndsCancelledWhateverItReturns() {
        try (Harness h = new Harness(1)) {
            TaskHandle<Boolean> t = h.engine.submit(Harness.spec(5, (Integer x, TaskContext c) -> c.isCancelled()), 1);
            h.settle();
            Execution running = h.dispatched().get(0);
            t.cancel();
            h.settle();
            assertEquals(TaskState.RUNNING, t.state(), "still holds its slot until the handler returns");
            assertTrue(running.isCancelled());
            running.run();
            h.settle();
            assertEquals(TaskState.CANCELLED, t.state());
        }
    }

    @Test
    void aCancelledRetryIsNotRescheduled() {
        RetryPolicy retry = RetryPolicy.exponential(3, Duration.ofMillis(100), Duration.ofSeconds(1));
        try (Harness h = new Harness(1, Engine.builder().defaultRetry(retry))) {
            TaskHandle<Integer> t = h.engine.submit(Harness.echo(5), 1);
            h.settle();
            h.dispatched().get(0).fail(new IllegalStateException("boom"));
            h.settle();
            t.cancel();
            h.settle();
            assertEquals(TaskState.CANCELLED, t.state());
            h.clock.advance(Duration.ofSeconds(5));
            h.settle();
            assertEquals(0, h.executor.pending());
        }
    }

    @Test
    void aSecondReportOfOneAttemptIsIgnored() {
        try (Harness h = new Harness(1)) {
            TaskHandle<Integer> t = h.engine.submit(Harness.echo(5), 1);
            h.settle();
            Execution e = h.dispatched().get(0);
            assertTrue(e.complete(10));
            assertFalse(e.complete(11));
            assertFalse(e.fail(new IllegalStateException()));
            h.settle();
            assertEquals(10, t.future().join());
        }
    }

    @Test
    void aHandlerExceptionFailsTheTaskWithThatException() {
        try (Harness h = new Harness(1)) {
            TaskHandle<Integer> t = h.engine.submit(Harness.spec(5, (Integer x, TaskContext c) -> {
                throw new java.io.IOException("disk on fire");
            }), 1);
            h.settle();
            h.executor.runAll();
            h.settle();
            assertEquals(TaskState.FAILED, t.state());
            assertInstanceOf(java.io.IOException.class, assertThrows(CompletionException.class,
                () -> t.future().join()).getCause());
            assertTrue(h.events.contains(t.id() + ":RUNNING->FAILED"));
        }
    }

    @Test
    void engineProgressCountsTasksByState() {
        try (Harness h = new Harness(2)) {
            for (int i = 0; i < 5; i++) {
                h.engine.submit(Harness.echo(5), i);
            }
            assertEquals(5, h.engine.progress().submitted());
            h.settle();
            Progress p = h.engine.progress();
            assertEquals(0, p.submitted());
            assertEquals(3, p.queued());
            assertEquals(2, p.running());
            h.executor.runAll();
            h.settle();
            h.executor.runAll();
            h.settle();
            h.executor.runAll();
            h.settle();
            assertEquals(5, h.engine.progress().completed());
        }
    }

    @Test
    void aStreamingTaskHoldsItsSlotUntilItEndsOrIsCancelled() {
        try (Harness h = new Harness(1)) {
            TaskSpec<Integer, Integer> stream = TaskSpec.of((Integer x, TaskContext c) -> x)
                .type(TaskType.STREAMING).priority(9).build();
            TaskHandle<Integer> feed = h.engine.submit(stream, 1);
            TaskHandle<Integer> batch = h.engine.submit(Harness.echo(5), 2);
            h.settle();
            assertEquals(TaskState.RUNNING, feed.state());
            assertEquals(TaskState.QUEUED, batch.state(), "admitted after the stream took the only slot");
            Execution running = h.dispatched().get(0);
            for (int i = 0; i < 5; i++) {
                h.clock.advance(Duration.ofHours(1));
                h.settle();
                assertEquals(TaskState.RUNNING, feed.state(), "no timeout by default");
                assertEquals(TaskState.QUEUED, batch.state());
            }
            feed.cancel();
            h.settle();
            running.run();
            h.settle();
            assertEquals(TaskState.CANCELLED, feed.state());
            assertEquals(TaskState.RUNNING, batch.state(), "the slot went to the next task");
        }
    }

    @Test
    void interactiveWorkGoesAheadOfBatchWorkOfEqualPriorityButNotOfHigher() {
        try (Harness h = new Harness(1)) {
            TaskHandle<Integer> blocker = h.engine.submit(Harness.echo(10), 0);
            h.settle();
            TaskHandle<Integer> batch = h.engine.submit(Harness.echo(5), 1);
            TaskHandle<Integer> interactive = h.engine.submit(TaskSpec.of((Integer x, TaskContext c) -> x)
                .type(TaskType.INTERACTIVE).priority(5).build(), 2);
            TaskHandle<Integer> higher = h.engine.submit(Harness.echo(6), 3);
            h.settle();
            List<Long> order = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Execution e = h.dispatched().get(0);
                order.add(e.taskId());
                e.run();
                h.settle();
            }
            assertEquals(List.of(blocker.id(), higher.id(), interactive.id(), batch.id()), order);
        }
    }

    @Test
    void aListenerSeesOnlyTheTransitionsItIsInterestedIn() {
        List<String> seen = new java.util.ArrayList<>();
        io.htcengine.spi.TaskListener terminalOnly = new io.htcengine.spi.TaskListener() {
            @Override
            public void onTransition(io.htcengine.spi.TaskEvent e) {
                seen.add(e.from() + "->" + e.to());
            }

            @Override
            public java.util.Set<TaskState> interests() {
                return java.util.EnumSet.of(TaskState.COMPLETED, TaskState.FAILED, TaskState.CANCELLED);
            }
        };
        try (Harness h = new Harness(1, Engine.builder().listener(terminalOnly))) {
            TaskHandle<Integer> t = h.engine.submit(Harness.echo(5), 1);
            h.settle();
            h.executor.runAll();
            h.settle();
            assertEquals(TaskState.COMPLETED, t.state());
            assertEquals(List.of("RUNNING->COMPLETED"), seen);
            assertEquals(3, h.events.size(), "a listener wanting everything still gets everything");
        }
    }

    @Test
    void aRunningTaskReportsItsResourceUsageToListeners() {
        List<io.htcengine.spi.UsageSample> samples = new java.util.ArrayList<>();
        io.htcengine.spi.TaskListener usage = new io.htcengine.spi.TaskListener() {
            @Override
            public void onTransition(io.htcengine.spi.TaskEvent e) {
            }

            @Override
            public void onUsage(io.htcengine.spi.UsageSample sample) {
                samples.add(sample);
            }
        };
        try (Harness h = new Harness(1, Engine.builder().listener(usage))) {
            TaskHandle<Integer> t = h.engine.submit(TaskSpec.of((Integer x, TaskContext c) -> {
                c.reportUsage(150.0, 1L << 30, 0);
                IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> c.reportUsage(Double.NaN, 0, 0));
                assertEquals("cpuPercent must be a finite number >= 0, was NaN", bad.getMessage());
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> c.reportUsage(1, -1, 0));
                return x;
            }).name("render").priority(7).build(), 1);
            h.settle();
            h.clock.advance(Duration.ofMillis(5));
            h.executor.runAll();
            h.settle();
            assertEquals(TaskState.COMPLETED, t.state());
            assertEquals(List.of(new io.htcengine.spi.UsageSample(t.id(), 0, "render", 7, 1, h.clock.nanoTime(), 150.0,
                1L << 30, 0)), samples);
            assertEquals(0, h.engine.droppedUsageSamples());
        }
    }
}
