package io.htcengine.api;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.RejectedExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random calls across the public API with mostly bad arguments: each either works or throws a documented
 * validation exception ({@link IllegalArgumentException}, including {@link InvalidGraphException}, or
 * {@link RejectedExecutionException}, including {@link LaneFullException}) — never anything else — and every task
 * accepted along the way still reaches a terminal state.
 */
class ApiFuzzProperties {
    private static final int[] INTS = {Integer.MIN_VALUE, -1000, -1, 0, 1, 2, 3, 5, 10, 11, 16, 17, 64, 100, 1 << 20,
        (1 << 26) + 1, Integer.MAX_VALUE};
    private static final Duration[] DURATIONS = {null, Duration.ofSeconds(-5), Duration.ZERO, Duration.ofNanos(1),
        Duration.ofMillis(10), Duration.ofDays(365_000)};
    private static final String[] STRINGS = {null, "", " ", "\t", "a", "key", "x y", "ключ", "a".repeat(10_000)};
    private static final double[] DOUBLES = {Double.NaN, Double.NEGATIVE_INFINITY, -0.5, 0, 0.5, 1, 1.5,
        Double.POSITIVE_INFINITY};

    @Provide
    Arbitrary<List<Long>> seeds() {
        return Arbitraries.longs().list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 300)
    void badInputGetsOnlyDocumentedExceptionsAndNoAcceptedTaskIsLost(@ForAll("seeds") List<Long> calls) {
        List<TaskHandle<?>> accepted = new ArrayList<>();
        try (Harness h = new Harness(2, Engine.builder().laneCapacity(16))) {
            Session session = h.engine.openSession();
            for (long seed : calls) {
                Random r = new Random(seed);
                try {
                    call(r, h, session, accepted);
                } catch (IllegalArgumentException | RejectedExecutionException expected) {
                    assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank(),
                        "a validation error says what is wrong: " + expected);
                } catch (Throwable t) {
                    fail("undocumented " + t + " from call " + seed, t);
                }
                if (r.nextInt(3) == 0) {
                    h.settle();
                    h.executor.runAll();
                }
            }
            session.seal();
            h.engine.shutdown();
            for (int round = 0; round < 1000 && !h.engine.isTerminated(); round++) {
                h.settle();
                h.executor.runAll();
                // A graceful shutdown waits out retry backoffs: a day is past any this draws (valid ones: up to 10 ms).
                // (It used to step 100 years, which wrapped the clock around after three rounds.)
                h.clock.advance(Duration.ofDays(1));
            }
            assertTrue(h.engine.isTerminated(), "a graceful shutdown finishes");
            for (TaskHandle<?> t : accepted) {
                assertTrue(t.state().isTerminal(), "accepted task " + t.id() + " ended: " + t.state());
            }
            assertEquals(accepted.size(), h.engine.progress().done(), "every accepted task is counted once");
        }
    }

    private static <T> T pick(Random r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    private static int anInt(Random r) {
        return INTS[r.nextInt(INTS.length)];
    }

    private static TaskSpec<Object, Object> spec(Random r) {
        TaskSpec.Builder<Object, Object> b = TaskSpec.of((Object x, TaskContext c) -> {
            if (x instanceof Integer i && i % 3 == 0) {
                throw new IllegalStateException("planned");
            }
            return x;
        });
        if (r.nextBoolean()) {
            b.priority(anInt(r));
        }
        if (r.nextInt(4) == 0) {
            b.name(pick(r, STRINGS));
        }
        if (r.nextInt(4) == 0) {
            b.timeout(pick(r, DURATIONS));
        }
        if (r.nextInt(4) == 0) {
            b.type(r.nextBoolean() ? null : TaskType.values()[r.nextInt(3)]);
        }
        if (r.nextInt(4) == 0) {
            b.retry(RetryPolicy.exponential(anInt(r), pick(r, DURATIONS), pick(r, DURATIONS))
                .withJitter(DOUBLES[r.nextInt(DOUBLES.length)]));
        }
        return b.build();
    }

    private static void call(Random r, Harness h, Session session, List<TaskHandle<?>> accepted) {
        switch (r.nextInt(11)) {
            case 0 -> accepted.add(h.engine.submit(r.nextInt(5) == 0 ? null : spec(r), r.nextInt(100)));
            case 1 -> {
                TaskHandle<?> t = h.engine.trySubmit(spec(r), r.nextInt(100));
                if (t != null) {
                    accepted.add(t);
                }
            }
            case 2 -> accepted.add(session.submit(spec(r), r.nextInt(100)));
            case 3 -> {
                if (!accepted.isEmpty()) {
                    accepted.get(r.nextInt(accepted.size())).cancel();
                }
            }
            case 4 -> {
                TaskGraph.Builder g = TaskGraph.builder();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    g.add(pick(r, STRINGS), spec(r), i, r.nextBoolean() ? new String[0]
                        : new String[] {pick(r, STRINGS)});
                }
                if (r.nextBoolean() && !accepted.isEmpty()) {
                    g.external("ext", accepted.get(r.nextInt(accepted.size())));
                } else if (r.nextBoolean()) {
                    g.external("ext", (long) anInt(r));
                }
                accepted.addAll(h.engine.submit(g.build()).tasks());
            }
            case 5 -> Engine.builder().workerThreads(anInt(r)).laneCapacity(anInt(r)).admitBatch(anInt(r))
                .dispatchBatch(anInt(r)).eventRingCapacity(anInt(r)).tasksInFlightPerWorker(anInt(r))
                .readyQueueLimit(anInt(r)).graphAdmitAhead(anInt(r))
                .threading(ThreadingMode.INVOKER).build().shutdownNow();
            case 6 -> SessionOptions.named(pick(r, STRINGS)).withTimeout(pick(r, DURATIONS));
            case 7 -> NodeSpec.localThreads(pick(r, STRINGS), anInt(r), anInt(r));
            case 8 -> accepted.add(h.engine.deadLetters().resubmit(r.nextInt(5)));
            case 9 -> {
                int n = r.nextInt(40); // lanes of 16: a batch may stop part-way
                List<TaskSpec<Object, Object>> specs = new ArrayList<>();
                List<Object> inputs = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    specs.add(r.nextInt(20) == 0 ? null : spec(r));
                    inputs.add(r.nextInt(100));
                }
                if (r.nextInt(10) == 0) {
                    inputs.add(0); // sizes differ
                }
                try {
                    accepted.addAll(r.nextBoolean() ? session.submitAll(specs, inputs)
                        : session.submitAll(specs.isEmpty() ? spec(r) : specs.get(0), inputs));
                } catch (LaneFullException e) {
                    accepted.addAll(e.acceptedHandles()); // accepted, so it must end too
                    throw e;
                }
            }
            default -> {
                Session other = h.engine.openSession(SessionOptions.defaults()
                    .withFailurePolicy(r.nextBoolean() ? null : FailurePolicy.CONTINUE));
                other.seal();
                accepted.add(other.submit(spec(r), 1)); // sealed: always rejected
            }
        }
    }
}
