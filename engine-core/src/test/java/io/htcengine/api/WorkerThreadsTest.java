package io.htcengine.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behaviour with real scheduler and worker threads. Waits are on futures and latches, never on sleeps. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerThreadsTest {

    private static void awaitQueued(Engine engine, long queued) {
        while (engine.progress().queued() < queued) {
            Thread.onSpinWait();
        }
    }

    @Test
    void oneWorkerRunsWaitingTasksInPriorityOrderInteractiveFirstThenFifo() {
        record Ran(int priority, boolean interactive, int seq) {
        }
        ConcurrentLinkedQueue<Ran> order = new ConcurrentLinkedQueue<>();
        CountDownLatch gate = new CountDownLatch(1);
        // One task in flight per worker: a task is dispatched only to an idle worker, so starts follow priority.
        try (Engine engine = Engine.builder().workerThreads(1).tasksInFlightPerWorker(1).build()) {
            TaskHandle<Object> blocker = engine.submit(TaskSpec.of((Object x, TaskContext c) -> {
                gate.await();
                return null;
            }).build(), null);
            while (blocker.state() != TaskState.RUNNING) {
                Thread.onSpinWait();
            }
            SplittableRandom random = new SplittableRandom(42);
            List<Ran> submitted = new ArrayList<>();
            Session session = engine.openSession();
            for (int i = 0; i < 500; i++) {
                Ran r = new Ran(1 + random.nextInt(10), random.nextInt(4) == 0, i);
                submitted.add(r);
                TaskType type = r.interactive() ? TaskType.INTERACTIVE : TaskType.BATCH;
                session.submit(TaskSpec.of((Ran x, TaskContext c) -> order.add(x)).priority(r.priority()).type(type).build(), r);
            }
            session.seal();
            awaitQueued(engine, 500);
            gate.countDown();
            session.future().join();
            submitted.sort(Comparator.comparingInt(Ran::priority).reversed()
                .thenComparing(Ran::interactive, Comparator.reverseOrder())
                .thenComparingInt(Ran::seq));
            assertEquals(submitted, new ArrayList<>(order));
        }
    }

    @Test
    void cancellingARunningTaskInterruptsItAndOnlyIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        try (Engine engine = Engine.builder().workerThreads(1).build()) {
            TaskHandle<String> sleeper = engine.submit(TaskSpec.of((Object x, TaskContext c) -> {
                started.countDown();
                new CountDownLatch(1).await(); // only an interrupt ends this
                return "never";
            }).build(), null);
            TaskHandle<Boolean> next = engine.submit(TaskSpec.of((Object x, TaskContext c) ->
                Thread.currentThread().isInterrupted()).build(), null);
            started.await();
            assertTrue(sleeper.cancel());
            assertThrows(CancellationException.class, () -> sleeper.future().join());
            assertEquals(TaskState.CANCELLED, sleeper.state());
            assertFalse(next.future().join(), "the next task on the same worker is not interrupted");
        }
    }

    @Test
    void gracefulShutdownFinishesEveryAcceptedTask() throws Exception {
        Engine engine = Engine.builder().workerThreads(2).build();
        Session s = engine.openSession(); // never sealed by the host: shutdown seals it
        List<TaskHandle<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            tasks.add(s.submit(TaskSpec.of((Integer x, TaskContext c) -> x * 2).priority(1 + i % 10).build(), i));
        }
        engine.shutdown();
        assertTrue(engine.isShutdown());
        assertTrue(engine.awaitTermination(Duration.ofSeconds(30)));
        assertTrue(engine.isTerminated());
        for (int i = 0; i < tasks.size(); i++) {
            assertEquals(TaskState.COMPLETED, tasks.get(i).state());
            assertEquals(i * 2, tasks.get(i).future().join());
        }
        assertEquals(SessionState.COMPLETED, s.future().join().state());
        assertEquals(10_000, s.future().join().completed());
    }

    @Test
    void immediateShutdownCancelsQueuedAndInterruptsRunning() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        Engine engine = Engine.builder().workerThreads(2).build();
        TaskSpec<Object, Object> blocking = TaskSpec.of((Object x, TaskContext c) -> {
            started.countDown();
            new CountDownLatch(1).await();
            return null;
        }).build();
        List<TaskHandle<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            tasks.add(engine.submit(blocking, null));
        }
        started.await();
        engine.shutdownNow();
        assertTrue(engine.awaitTermination(Duration.ofSeconds(30)));
        for (TaskHandle<Object> t : tasks) {
            assertEquals(TaskState.CANCELLED, t.state());
            assertThrows(CancellationException.class, () -> t.future().join());
        }
    }

    @Test
    void closeIsGracefulAndIdempotent() {
        Engine engine = Engine.builder().workerThreads(1).build();
        TaskHandle<Integer> t = engine.submit(TaskSpec.of((Integer x, TaskContext c) -> x).build(), 5);
        engine.close();
        engine.close();
        assertEquals(5, t.future().join());
    }
}
