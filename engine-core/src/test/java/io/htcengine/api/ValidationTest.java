package io.htcengine.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input fails at once with a message naming the field and what is allowed. */
class ValidationTest {

    private static void assertRejected(String expectedMessage, Supplier<?> call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::get);
        assertEquals(expectedMessage, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 11, -3, Integer.MAX_VALUE})
    void priorityOutsideOneToTen(int priority) {
        assertRejected("priority must be between 1 and 10, was " + priority,
            () -> TaskSpec.of((Integer x, TaskContext c) -> x).priority(priority).build());
    }

    @Test
    void nullHandler() {
        assertRejected("handler must not be null", () -> TaskSpec.of(null));
    }

    @Test
    void nullTypeAndBlankName() {
        assertRejected("type must be one of BATCH, INTERACTIVE, STREAMING, was null",
            () -> TaskSpec.of((Integer x, TaskContext c) -> x).type(null).build());
        assertRejected("name must be a non-blank string, was ' '",
            () -> TaskSpec.of((Integer x, TaskContext c) -> x).name(" ").build());
    }

    @Test
    void retryPolicyBounds() {
        assertRejected("maxAttempts must be between 1 and 1000, was 0",
            () -> RetryPolicy.exponential(0, Duration.ZERO, Duration.ZERO));
        assertRejected("maxBackoff must be at least initialBackoff (PT1S), was PT0.5S",
            () -> RetryPolicy.exponential(2, Duration.ofSeconds(1), Duration.ofMillis(500)));
    }

    @Test
    void everyConfigurationValueIsCheckedAtBuild() {
        assertRejected("workerThreads must be between 1 and 4096, was 0", () -> Engine.builder().workerThreads(0).build());
        assertRejected("laneCapacity must be between 16 and 67108864, was 8", () -> Engine.builder().laneCapacity(8).build());
        assertRejected("admitBatch must be between 1 and 65536, was 0", () -> Engine.builder().admitBatch(0).build());
        assertRejected("dispatchBatch must be between 1 and 1048576, was -1", () -> Engine.builder().dispatchBatch(-1).build());
        assertRejected("eventRingCapacity must be a power of two from 64 to 16777216, was 100",
            () -> Engine.builder().eventRingCapacity(100).build());
        assertRejected("threading must be one of DEDICATED_THREAD, INVOKER, was null", () -> Engine.builder().threading(null).build());
        assertRejected("backpressure must be one of BLOCK, THROW, was null", () -> Engine.builder().backpressure(null).build());
        assertRejected("clock must not be null", () -> Engine.builder().clock(null).build());
        assertRejected("name must be a non-blank string, was ''", () -> Engine.builder().name("").build());
        assertRejected("node names must be unique, 'a' is used twice", () -> Engine.builder()
            .node(NodeSpec.localThreads("a", 1)).node(NodeSpec.localThreads("a", 1)).build());
        assertRejected("workerThreads must be between 1 and 4096, was 0", () -> NodeSpec.localThreads("a", 0));
        assertRejected("timeout must be positive and at most 36500 days, was PT0S", () -> SessionOptions.defaults().withTimeout(Duration.ZERO));
        assertRejected("timeout must be positive and at most 36500 days, was PT8760000H",
            () -> TaskSpec.of((Integer x, TaskContext c) -> x).timeout(Duration.ofDays(365_000)).build());
        assertRejected("maxBackoff must be zero or positive and at most 36500 days, was PT8760000H",
            () -> RetryPolicy.exponential(2, Duration.ZERO, Duration.ofDays(365_000)));
    }

    @Test
    void nullSpecAndSubmitAfterShutdown() throws InterruptedException {
        Engine engine = Engine.builder().threading(ThreadingMode.INVOKER).build();
        assertRejected("spec must not be null", () -> engine.submit(null, 1));
        engine.shutdown();
        RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
            () -> engine.submit(TaskSpec.of((Integer x, TaskContext c) -> x).build(), 1));
        assertTrue(e.getMessage().contains("shut down"), e.getMessage());
        assertThrows(RejectedExecutionException.class, engine::openSession);
        assertTrue(engine.awaitTermination(Duration.ofSeconds(10)));
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void doWorkIsOnlyForInvokerMode() {
        try (Engine engine = Engine.builder().workerThreads(1).build()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, engine::doWork);
            assertTrue(e.getMessage().contains("INVOKER"), e.getMessage());
        }
    }

    // ---- found by probing every public method with bad values (tenth session) ----

    @Test
    void aQuotaMustCapSomething() {
        assertRejected("quota of tenant 't' must give at least one resource a positive amount (a resource left at zero"
            + " is not capped), was none", () -> Engine.builder().quota("t", Resources.NONE));
    }

    @Test
    void aNodeSelectorLabelCannotBeRequiredToHaveTwoValues() {
        assertRejected("nodeSelector label 'zone' is already required to be 'a'; a node has one value per label, so"
            + " it cannot also be 'b'",
            () -> TaskSpec.of((Integer x, TaskContext c) -> x).nodeSelector("zone", "a").nodeSelector("zone", "b"));
        assertEquals(java.util.Map.of("zone", "a"), TaskSpec.of((Integer x, TaskContext c) -> x)
            .nodeSelector("zone", "a").nodeSelector("zone", "a").build().nodeSelector());
    }

    @Test
    void theManualClockNeitherTakesNullNorWraps() {
        ManualClock clock = new ManualClock();
        assertRejected("step must not be null", () -> {
            clock.advance(null);
            return null;
        });
        Duration tooLong = Duration.ofSeconds(Long.MAX_VALUE / 1000);
        assertRejected("step must be at most " + Long.MAX_VALUE + " ns, was " + tooLong, () -> {
            clock.advance(tooLong);
            return null;
        });
        clock.advanceNs(Long.MAX_VALUE - clock.nanoTime());
        assertRejected("stepNs of 1 would move the clock past " + Long.MAX_VALUE + " ns (it reads " + Long.MAX_VALUE
            + ")", () -> {
                clock.advanceNs(1);
                return null;
            });
        assertEquals(Long.MAX_VALUE, clock.nanoTime());
    }

    @Test
    void retryPolicyCalculatorsCheckTheirArguments() {
        RetryPolicy p = RetryPolicy.exponential(3, Duration.ofMillis(1), Duration.ofSeconds(1)).withJitter(0.5);
        assertRejected("failedAttempt must be between 1 and " + Integer.MAX_VALUE + ", was 0", () -> p.backoffNs(0));
        assertRejected("u must be a number in [0, 1), was 5.0", () -> p.backoffNs(1, 5.0));
        assertRejected("u must be a number in [0, 1), was NaN", () -> p.backoffNs(1, Double.NaN));
        assertRejected("failure must not be null", () -> p.retries(null));
        assertTrue(Math.abs(p.backoffNs(1, 0.999_999_999) - 500_000) <= 1, "half the base at u near 1");
    }

    @Test
    void runUntilIdleNeedsAtLeastOneCycle() {
        try (Engine engine = Engine.builder().threading(ThreadingMode.INVOKER).build()) {
            assertRejected("maxCycles must be between 1 and " + Integer.MAX_VALUE + ", was 0",
                () -> engine.runUntilIdle(0));
        }
    }

    @Test
    void resourcesAmountNamesWhatItTakes() {
        assertRejected("resource must be one of cpu, memory, gpu, storage or an extended resource's name, was null",
            () -> Resources.of(1, 1).amount(null));
    }

    @Test
    void autoscaleDelaysAreBounded() {
        Duration tooLong = Duration.ofSeconds(Long.MAX_VALUE / 1000);
        assertRejected("scaleUpAfter must be zero or positive and at most 36500 days, was " + tooLong,
            () -> io.htcengine.spi.AutoscalePolicy.onDemand(tooLong, Duration.ofSeconds(1)));
        assertRejected("scaleDownAfter must be zero or positive and at most 36500 days, was null",
            () -> io.htcengine.spi.AutoscalePolicy.onDemand(Duration.ZERO, null));
        assertRejected("delay must be zero or positive and at most 36500 days, was PT-1S",
            () -> io.htcengine.spi.SimulatedProvisioner.manual(new ManualClock(), Duration.ofSeconds(-1)));
    }

    @Test
    void aListenerAddedTwiceIsRefused() {
        io.htcengine.spi.TaskListener once = e -> { };
        assertRejected("listener[1] is the same object as listener[0]: added twice, it would see every transition twice",
            () -> Engine.builder().threading(ThreadingMode.INVOKER).listener(once).listener(once).build());
    }

    @Test
    void aListenerCanRefuseASecondEngine() {
        io.htcengine.spi.TaskListener onlyOne = new io.htcengine.spi.TaskListener() {
            private Engine first;

            @Override
            public void onTransition(io.htcengine.spi.TaskEvent event) {
            }

            @Override
            public void onRegistered(Engine engine) {
                if (first != null) {
                    throw new IllegalStateException("one engine only");
                }
                first = engine;
            }
        };
        try (Engine engine = Engine.builder().threading(ThreadingMode.INVOKER).listener(onlyOne).build()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Engine.builder().threading(ThreadingMode.INVOKER).listener(onlyOne).build());
            assertEquals("one engine only", e.getMessage());
            assertTrue(engine.submit(TaskSpec.of((Integer x, TaskContext c) -> x).build(), 1).id() > 0);
        }
    }
}
