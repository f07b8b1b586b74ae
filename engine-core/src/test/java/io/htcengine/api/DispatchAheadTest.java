package io.htcengine.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A local node's slots follow its completion rate (Little's law): rate × dispatchAhead, between two per worker and
 * tasksInFlightPerWorker per worker. Invoker mode on a manual clock, so the windows are exact; the tasks run on the
 * node's real worker threads, so each test has a timeout.
 */
class DispatchAheadTest {
    private static final TaskSpec<Object, Object> NO_OP = TaskSpec.of((Object in, TaskContext c) -> null).build();

    private final ManualClock clock = new ManualClock(1_000_000_000L);

    private Engine engine(EngineBuilder b) {
        // Lanes that hold a whole batch: the test submits it before it drives the loop.
        return b.threading(ThreadingMode.INVOKER).clock(clock).workerThreads(2).laneCapacity(1 << 13).build();
    }

    /** Runs {@code n} no-op tasks to completion without moving the clock. */
    private static void runTasks(Engine engine, int n) {
        Session s = engine.openSession();
        for (int i = 0; i < n; i++) {
            s.submit(NO_OP, null);
        }
        s.seal();
        while (!s.future().isDone()) {
            engine.doWork();
        }
        assertEquals(n, s.future().join().completed());
    }

    private static int slots(Engine engine) {
        CompletableFuture<ClusterStatus> status = engine.cluster().status();
        while (!status.isDone()) {
            engine.doWork();
        }
        return status.join().nodes().get(0).slots();
    }

    /** Lets a window of {@code ms} milliseconds pass, then runs one cycle (which re-measures the slots). */
    private void window(Engine engine, long ms) {
        clock.advance(Duration.ofMillis(ms));
        engine.doWork();
    }

    @Test
    @Timeout(30)
    void slotsFollowTheCompletionRateWithinTheirBounds() {
        try (Engine engine = engine(Engine.builder())) {
            assertEquals(32, slots(engine), "a node starts at 16 per worker");
            runTasks(engine, 1_000);
            window(engine, 1); // 1,000 in 1 ms: 1 per µs × 200 µs
            assertEquals(200, slots(engine));
            runTasks(engine, 5_000);
            window(engine, 1); // 5 per µs × 200 µs = 1,000, but at most 256 per worker
            assertEquals(512, slots(engine));
            runTasks(engine, 3);
            window(engine, 1_000); // 3 per second: two per worker at least
            assertEquals(4, slots(engine));
            window(engine, 1); // nothing finished: still the floor
            assertEquals(4, slots(engine));
        }
    }

    @Test
    @Timeout(30)
    void aClockThatDoesNotMoveLeavesTheSlotsAlone() {
        try (Engine engine = engine(Engine.builder())) {
            runTasks(engine, 2_000);
            engine.doWork();
            assertEquals(32, slots(engine));
        }
    }

    @Test
    @Timeout(30)
    void theMaximumBoundsTheStartAndZeroFixesTheSlots() {
        try (Engine engine = engine(Engine.builder().tasksInFlightPerWorker(4))) {
            assertEquals(8, slots(engine), "the start is at most the maximum");
            runTasks(engine, 1_000);
            window(engine, 1);
            assertEquals(8, slots(engine), "never above tasksInFlightPerWorker per worker");
        }
        try (Engine engine = engine(Engine.builder().dispatchAhead(Duration.ZERO))) {
            assertEquals(512, slots(engine), "fixed at the maximum");
            runTasks(engine, 3);
            window(engine, 1_000);
            assertEquals(512, slots(engine));
        }
    }

    @Test
    @Timeout(30)
    void tasksRunningWhenTheSlotsShrinkKeepTheirSlotsUntilTheyEnd() throws Exception {
        try (Engine engine = engine(Engine.builder())) {
            runTasks(engine, 1_000);
            window(engine, 1);
            assertEquals(200, slots(engine));
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            TaskSpec<Object, Object> blocking = TaskSpec.of((Object in, TaskContext c) -> {
                release.await();
                return null;
            }).build();
            Session s = engine.openSession();
            for (int i = 0; i < 10; i++) {
                s.submit(blocking, null);
            }
            s.seal();
            engine.runUntilIdle(100);
            window(engine, 1_000); // nothing finished in a second: the floor is 4, but 10 run
            ClusterStatus mid = await(engine, engine.cluster().status());
            assertEquals(10, mid.nodes().get(0).slots(), "shrinks only by what is free");
            assertEquals(10, mid.nodes().get(0).slotsUsed());
            release.countDown();
            while (!s.future().isDone()) {
                engine.doWork();
            }
            window(engine, 1_000); // 10 in a second: still the floor, and now it is free
            assertEquals(4, slots(engine));
            assertTrue(s.future().join().completed() == 10);
        }
    }

    @Test
    @Timeout(30)
    void cordonedFailedAndRemovedLocalNodesKeepTheirAccountsStraight() {
        try (Engine engine = Engine.builder().threading(ThreadingMode.INVOKER).clock(clock).laneCapacity(1 << 13)
            .node(NodeSpec.localThreads("a", 1)).node(NodeSpec.localThreads("b", 1)).build()) {
            runTasks(engine, 2_000);
            window(engine, 1); // 2,000 in 1 ms over both nodes: 400 wanted in all, at most 256 each
            ClusterStatus both = await(engine, engine.cluster().status());
            assertEquals(both.nodes().get(0).slots() + both.nodes().get(1).slots(),
                both.resources().get(0).capacity(), "the slots dimension sums the nodes' slots");
            await(engine, engine.cluster().cordon("a"));
            runTasks(engine, 10); // all on b
            window(engine, 1_000);
            ClusterStatus cordoned = await(engine, engine.cluster().status());
            assertEquals(2, cordoned.nodes().get(1).slots(), "b at its floor of two per worker");
            assertEquals(both.nodes().get(0).slots(), cordoned.nodes().get(0).slots(), "a cordoned node is left as it was");
            await(engine, engine.cluster().uncordon("a"));
            window(engine, 1_000);
            assertEquals(2, await(engine, engine.cluster().status()).nodes().get(0).slots(), "a adapts again once UP");
            await(engine, engine.cluster().markFailed("a"));
            await(engine, engine.cluster().remove("a"));
            runTasks(engine, 100);
            window(engine, 1);
            ClusterStatus after = await(engine, engine.cluster().status());
            assertEquals(1, after.nodes().size());
            assertEquals(after.nodes().get(0).slots(), after.resources().get(0).capacity());
            assertEquals(after.nodes().get(0).slots(), after.resources().get(0).free(), "nothing runs: all free");
        }
    }

    @Test
    void dispatchAheadIsValidated() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> Engine.builder().dispatchAhead(Duration.ofSeconds(2)).build());
        assertEquals("dispatchAhead must be from 0 to 1 s (0 fixes the slots of local nodes), was PT2S", e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> Engine.builder().dispatchAhead(Duration.ofNanos(-1)).build());
    }

    private static <T> T await(Engine engine, CompletableFuture<T> f) {
        while (!f.isDone()) {
            engine.doWork();
        }
        return f.join();
    }
}
