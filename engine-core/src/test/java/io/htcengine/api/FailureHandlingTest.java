package io.htcengine.api;

import io.htcengine.spi.Execution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Timeouts, which failures retry, and the dead-letter list. */
class FailureHandlingTest {

    @Test
    void anAttemptPastItsTimeoutIsAskedToStopAndCountsAsFailed() {
        RetryPolicy retry = RetryPolicy.exponential(2, Duration.ofMillis(10), Duration.ofMillis(10));
        try (Harness h = new Harness(1, Engine.builder().defaultRetry(retry))) {
            TaskSpec<Integer, Integer> slow = TaskSpec.of((Integer x, TaskContext c) -> x)
                .timeout(Duration.ofMillis(100)).build();
            TaskHandle<Integer> t = h.engine.submit(slow, 1);
            h.settle();
            Execution first = h.dispatched().get(0);
            h.clock.advance(Duration.ofMillis(99));
            h.settle();
            assertFalse(first.isCancelled());
            h.clock.advance(Duration.ofMillis(1));
            h.settle();
            assertTrue(first.isCancelled(), "told to stop at its deadline");
            assertEquals(TaskState.RUNNING, t.state(), "it holds its slot until the handler returns");
            first.run(); // returns a value, but too late: the attempt failed
            h.settle();
            assertEquals(TaskState.RETRY, t.state());
            assertTrue(t.reason().contains("TaskTimeoutException"), t.reason());
            h.clock.advance(Duration.ofMillis(10));
            h.settle();
            Execution second = h.dispatched().get(0);
            assertFalse(second.isCancelled(), "a new attempt starts with a clean flag");
            second.run();
            h.settle();
            assertEquals(1, t.future().join());
        }
    }

    @Test
    void anAttemptThatReturnsInTimeDisarmsItsTimeout() {
        try (Harness h = new Harness(1)) {
            TaskHandle<Integer> t = h.engine.submit(TaskSpec.of((Integer x, TaskContext c) -> x)
                .timeout(Duration.ofMillis(100)).build(), 1);
            h.settle();
            h.executor.runAll();
            h.settle();
            h.clock.advance(Duration.ofSeconds(1));
            h.settle();
            assertEquals(TaskState.COMPLETED, t.state());
        }
    }

    @Test
    void theEngineDefaultTimeoutSparesStreamingTasks() {
        try (Harness h = new Harness(2, Engine.builder().defaultTaskTimeout(Duration.ofSeconds(1)))) {
            TaskHandle<Integer> batch = h.engine.submit(Harness.echo(5), 1);
            TaskHandle<Integer> stream = h.engine.submit(TaskSpec.of((Integer x, TaskContext c) -> x)
                .type(TaskType.STREAMING).build(), 2);
            h.settle();
            List<Execution> running = h.dispatched();
            h.clock.advance(Duration.ofSeconds(5));
            h.settle();
            for (Execution e : running) {
                assertEquals(e.taskId() == batch.id(), e.isCancelled(), "only the batch task has a limit");
                e.run();
            }
            h.settle();
            assertEquals(TaskState.FAILED, batch.state());
            assertEquals(TaskState.COMPLETED, stream.state());
            assertInstanceOf(TaskTimeoutException.class,
                assertThrows(CompletionException.class, () -> batch.future().join()).getCause());
        }
    }

    @Test
    void onlyTheFailuresThePolicyNamesAreRetried() {
        RetryPolicy retry = RetryPolicy.exponential(5, Duration.ZERO, Duration.ZERO)
            .retryOn(IOException.class).noRetryOn(java.io.FileNotFoundException.class);
        try (Harness h = new Harness(1, Engine.builder().defaultRetry(retry))) {
            TaskHandle<Integer> io = h.engine.submit(Harness.echo(5), 1);
            h.settle();
            h.dispatched().get(0).fail(new IOException("flaky disk"));
            h.settle();
            assertEquals(TaskState.RUNNING, io.state(), "retried at once (zero backoff)");
            h.dispatched().get(0).fail(new java.io.FileNotFoundException("gone"));
            h.settle();
            assertEquals(TaskState.FAILED, io.state(), "never retried: noRetryOn");
            TaskHandle<Integer> bug = h.engine.submit(Harness.echo(5), 2);
            h.settle();
            h.dispatched().get(0).fail(new IllegalStateException("bug"));
            h.settle();
            assertEquals(TaskState.FAILED, bug.state(), "not an IOException: not retried");
        }
    }

    @Test
    void aTaskThatFailedForGoodIsDeadLetteredWithEveryAttemptAndCanBeResubmittedOrPurged() {
        RetryPolicy retry = RetryPolicy.exponential(3, Duration.ofMillis(1), Duration.ofMillis(1));
        try (Harness h = new Harness(1, Engine.builder().defaultRetry(retry))) {
            TaskSpec<String, String> spec = TaskSpec.of((String s, TaskContext c) -> s).name("ingest").priority(7).build();
            TaskHandle<String> t = h.engine.submit(spec, "file-17");
            for (int attempt = 1; attempt <= 3; attempt++) {
                h.settle();
                h.dispatched().get(0).fail(new IOException("disk full " + attempt));
                h.settle();
                h.clock.advance(Duration.ofMillis(1));
            }
            h.settle();
            assertEquals(TaskState.FAILED, t.state());
            DeadLetters dead = h.engine.deadLetters();
            assertEquals(1, dead.size());
            DeadLetter letter = dead.get(t.id()).orElseThrow();
            assertEquals("ingest", letter.name());
            assertEquals(7, letter.priority());
            assertEquals("file-17", letter.input());
            assertEquals(List.of(1, 2, 3), letter.failures().stream().map(AttemptFailure::attempt).toList());
            assertEquals("java.io.IOException: disk full 3", letter.failures().get(2).error());
            assertEquals("manual", letter.failures().get(0).node());
            assertTrue(letter.failures().get(0).endedNs() >= letter.failures().get(0).startedNs());
            assertEquals("disk full 3", letter.lastError().getMessage());

            TaskHandle<Object> again = dead.resubmit(t.id());
            assertEquals(0, dead.size());
            h.settle();
            h.executor.runAll();
            h.settle();
            assertEquals("file-17", again.future().join());
            assertThrows(IllegalArgumentException.class, () -> dead.resubmit(t.id()));

            TaskHandle<String> other = h.engine.submit(TaskSpec.of((String s, TaskContext c) -> s)
                .retry(RetryPolicy.none()).build(), "x");
            h.settle();
            h.dispatched().get(0).fail(new IOException("once"));
            h.settle();
            assertTrue(dead.purge(other.id()));
            assertFalse(dead.purge(other.id()));
            assertEquals(0, dead.purgeAll());
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aBlockedHandlerIsInterruptedAtItsTimeoutOnRealThreads() {
        try (Engine engine = Engine.builder().workerThreads(1).build()) {
            TaskHandle<String> t = engine.submit(TaskSpec.<String, String>of((String s, TaskContext c) -> {
                new CountDownLatch(1).await(); // only the interrupt ends this
                return s;
            }).timeout(Duration.ofMillis(50)).build(), "x");
            CompletionException e = assertThrows(CompletionException.class, () -> t.future().join());
            assertInstanceOf(TaskTimeoutException.class, e.getCause());
            assertEquals(1, engine.deadLetters().size());
        }
    }

    @Test
    void badFailureSettingsAreRejectedWithTheirNames() {
        assertEquals("jitter must be between 0.0 and 1.0, was 1.5", assertThrows(IllegalArgumentException.class,
            () -> RetryPolicy.exponential(2, Duration.ZERO, Duration.ZERO).withJitter(1.5)).getMessage());
        assertEquals("jitter must be between 0.0 and 1.0, was NaN", assertThrows(IllegalArgumentException.class,
            () -> RetryPolicy.exponential(2, Duration.ZERO, Duration.ZERO).withJitter(Double.NaN)).getMessage());
        assertEquals("retryOn needs at least one exception type", assertThrows(IllegalArgumentException.class,
            () -> RetryPolicy.none().retryOn()).getMessage());
        assertEquals("timeout must be positive and at most 36500 days, was PT-1S",
            assertThrows(IllegalArgumentException.class, () -> TaskSpec.of((Integer x, TaskContext c) -> x)
                .timeout(Duration.ofSeconds(-1)).build()).getMessage());
        assertEquals("defaultTaskTimeout must be positive and at most 36500 days, was PT0S",
            assertThrows(IllegalArgumentException.class,
                () -> Engine.builder().defaultTaskTimeout(Duration.ZERO).build()).getMessage());
    }

    @Test
    void anExecutorThatThrowsFailsTheAttemptInsteadOfLosingTheTask() {
        int[] calls = {0};
        io.htcengine.spi.NodeExecutor flaky = execution -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("container runtime down");
            }
            execution.run();
        };
        RetryPolicy retry = RetryPolicy.exponential(2, Duration.ZERO, Duration.ZERO);
        Engine engine = Engine.builder().threading(ThreadingMode.INVOKER).defaultRetry(retry)
            .node(NodeSpec.withExecutor("remote", 1, flaky)).build();
        TaskHandle<Integer> t = engine.submit(Harness.echo(5), 7);
        engine.runUntilIdle(100);
        assertEquals(7, t.future().join(), "the second attempt ran");
        assertEquals(2, t.attempts());
        engine.close();
    }
}
