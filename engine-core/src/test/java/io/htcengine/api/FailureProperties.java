package io.htcengine.api;

import io.htcengine.spi.Execution;
import io.htcengine.spi.TaskEvent;
import io.htcengine.spi.TaskListener;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries, backoff and timeouts on virtual time, over random policies and failure sequences. */
class FailureProperties {
    /** The timer wheel's tick: timers fire at the first loop cycle at or after their deadline, on tick boundaries. */
    private static final long TICK_NS = 1L << 20;

    @Property(tries = 200)
    void attemptsNeverExceedTheMaximumAndATaskFailsOnlyWhenAllFailed(
        @ForAll @IntRange(min = 1, max = 6) int maxAttempts,
        @ForAll @Size(min = 1, max = 8) List<Boolean> attemptFails) {
        RetryPolicy retry = RetryPolicy.exponential(maxAttempts, Duration.ofMillis(5), Duration.ofMillis(20));
        try (Harness h = new Harness(1, Engine.builder().defaultRetry(retry))) {
            TaskHandle<Integer> t = h.engine.submit(Harness.echo(5), 1);
            int attempt = 0;
            while (!t.state().isTerminal()) {
                h.settle();
                List<Execution> running = h.dispatched();
                if (running.isEmpty()) {
                    h.clock.advance(Duration.ofMillis(20));
                    continue;
                }
                assertTrue(running.get(0).attempt() <= maxAttempts, "attempt " + running.get(0).attempt());
                boolean fails = attemptFails.get(attempt++ % attemptFails.size());
                if (fails) {
                    running.get(0).fail(new IllegalStateException("attempt " + attempt));
                } else {
                    running.get(0).complete(attempt);
                }
                h.settle();
            }
            assertTrue(t.attempts() <= maxAttempts);
            boolean allFailed = true;
            for (int i = 0; i < t.attempts(); i++) {
                allFailed &= attemptFails.get(i % attemptFails.size());
            }
            assertEquals(allFailed ? TaskState.FAILED : TaskState.COMPLETED, t.state());
            assertEquals(allFailed ? maxAttempts : t.attempts(), t.attempts());
        }
    }

    @Property(tries = 500)
    void everyDelayLiesWithinTheDocumentedBounds(@ForAll @LongRange(min = 0, max = 10_000_000_000L) long initialNs,
                                                @ForAll @LongRange(min = 0, max = 60_000_000_000L) long extraNs,
                                                @ForAll @DoubleRange(min = 0, max = 1) double jitter,
                                                @ForAll @IntRange(min = 1, max = 100) int failedAttempt,
                                                @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double u) {
        RetryPolicy p = RetryPolicy.exponential(1000, Duration.ofNanos(initialNs), Duration.ofNanos(initialNs + extraNs))
            .withJitter(jitter);
        long base = Math.min(initialNs + extraNs, (long) Math.min(Long.MAX_VALUE, initialNs * Math.pow(2, failedAttempt - 1)));
        assertEquals(base, p.backoffNs(failedAttempt), "base(n) = min(max, initial * 2^(n-1))");
        long delay = p.backoffNs(failedAttempt, u);
        assertTrue(delay <= base, delay + " <= " + base);
        assertTrue(delay >= Math.floor(base * (1 - jitter)), delay + " >= base * (1 - jitter)");
    }

    @Property(tries = 100)
    void theEngineWaitsTheJitteredDelayBeforeRequeueing(@ForAll @IntRange(min = 1, max = 200) int initialMs,
                                                       @ForAll @DoubleRange(min = 0, max = 1) double jitter,
                                                       @ForAll long seed) {
        RetryPolicy retry = RetryPolicy.exponential(4, Duration.ofMillis(initialMs), Duration.ofMillis(4L * initialMs))
            .withJitter(jitter);
        List<long[]> waits = new ArrayList<>(); // {RETRY entered at, QUEUED at}
        TaskListener timing = new TaskListener() {
            @Override
            public void onTransition(TaskEvent e) {
                if (e.to() == TaskState.RETRY) {
                    waits.add(new long[] {e.timeNs(), -1});
                } else if (e.from() == TaskState.RETRY && e.to() == TaskState.QUEUED) {
                    waits.get(waits.size() - 1)[1] = e.timeNs();
                }
            }
        };
        long stepNs = 100_000; // the test's clock moves in 0.1 ms steps
        try (Harness h = new Harness(1, Engine.builder().defaultRetry(retry).randomSeed(seed).listener(timing))) {
            TaskHandle<Integer> t = h.engine.submit(Harness.echo(5), 1);
            while (!t.state().isTerminal()) {
                h.settle();
                for (Execution e : h.dispatched()) {
                    e.fail(new IllegalStateException("again"));
                }
                h.clock.advanceNs(stepNs);
            }
            assertEquals(3, waits.size());
            for (int n = 1; n <= 3; n++) {
                long base = retry.backoffNs(n);
                long waited = waits.get(n - 1)[1] - waits.get(n - 1)[0];
                assertTrue(waited >= Math.floor(base * (1 - jitter)), "wait " + n + ": " + waited + " vs base " + base);
                assertTrue(waited <= base + stepNs, "wait " + n + ": " + waited + " vs base " + base + " + one step");
            }
        }
    }

    @Property(tries = 200)
    void aTimeoutFiresWithinOneTickOfItsDeadline(@ForAll @LongRange(min = 1_000_000, max = 200_000_000L) long timeoutNs,
                                                @ForAll @LongRange(min = TICK_NS / 8, max = TICK_NS) long stepNs) {
        try (Harness h = new Harness(1)) {
            TaskHandle<Integer> t = h.engine.submit(TaskSpec.of((Integer x, TaskContext c) -> x)
                .timeout(Duration.ofNanos(timeoutNs)).build(), 1);
            h.settle();
            Execution e = h.dispatched().get(0);
            long deadline = h.clock.nanoTime() + timeoutNs;
            while (!e.isCancelled()) {
                assertTrue(h.clock.nanoTime() < deadline + TICK_NS, "not fired a tick past its deadline");
                h.clock.advanceNs(stepNs);
                h.settle();
            }
            assertTrue(h.clock.nanoTime() >= deadline, "never before its deadline");
            assertTrue(h.clock.nanoTime() < deadline + TICK_NS + stepNs, "within one tick (and one test step)");
            e.run();
            h.settle();
            assertEquals(TaskState.FAILED, t.state());
        }
    }
}
