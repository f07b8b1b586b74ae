package io.htcengine.api;

import io.htcengine.spi.TaskEvent;
import io.htcengine.spi.TaskListener;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A large graph starts while {@code submit} is still making its tasks (a chunk at a time), so a cancel or a shutdown
 * may meet a graph the loop has only part of. Whenever it comes, every task of the graph ends in exactly one
 * terminal state, the session and the engine finish, and nothing waits forever. The cancel is sent by the listener
 * thread on the graph's first start, which is usually before {@code submit} returns (the test does not depend on
 * it). Real threads, bounded by a timeout.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GraphSubmitRaceTest {
    private static final int TASKS = 60_000;

    /** {@value #TASKS} tasks: chains of 10, each task sleeping a few microseconds now and then. */
    private static TaskGraph graph() {
        TaskSpec<Integer, Integer> step = TaskSpec.<Integer, Integer>of((Integer i, TaskContext c) -> {
            if (i % 97 == 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000);
            }
            return i;
        }).build();
        TaskGraph.Builder b = TaskGraph.builder();
        for (int i = 0; i < TASKS; i++) {
            b.add(step, i, i % 10 == 0 ? new int[0] : new int[] {i - 1});
        }
        return b.build();
    }

    /** An engine whose listener runs {@code onFirstStart} once, on the listener thread, when a task first starts. */
    private static Engine engine(Consumer<Engine> onFirstStart) {
        Engine[] self = new Engine[1];
        AtomicBoolean started = new AtomicBoolean();
        CountDownLatch built = new CountDownLatch(1);
        TaskListener listener = new TaskListener() {
            @Override
            public void onTransition(TaskEvent event) {
                if (event.to() == TaskState.RUNNING && started.compareAndSet(false, true)) {
                    try {
                        built.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    onFirstStart.accept(self[0]);
                }
            }

            @Override
            public Set<TaskState> interests() {
                return Set.of(TaskState.RUNNING);
            }
        };
        self[0] = Engine.builder().workerThreads(2).listener(listener).build();
        built.countDown();
        return self[0];
    }

    private static long terminal(SubmittedGraph g, TaskState state) {
        return g.tasks().stream().filter(t -> t.state() == state).count();
    }

    private static void assertAllTerminal(SubmittedGraph g) {
        long completed = terminal(g, TaskState.COMPLETED);
        long cancelled = terminal(g, TaskState.CANCELLED);
        assertEquals(TASKS, completed + cancelled, "every task ends COMPLETED or CANCELLED: " + completed + " + "
            + cancelled);
    }

    @RepeatedTest(3)
    void aSessionCancelledWhileItsGraphIsBeingMadeEndsWithEveryTaskTerminal() throws Exception {
        Session[] session = new Session[1];
        try (Engine engine = engine(e -> session[0].cancel())) {
            session[0] = engine.openSession();
            SubmittedGraph g = session[0].submit(graph());
            session[0].seal();
            SessionSummary summary = session[0].future().get(30, TimeUnit.SECONDS);
            assertEquals(SessionState.CANCELLED, summary.state());
            assertEquals(TASKS, summary.completed() + summary.cancelled(), summary.toString());
            assertTrue(summary.cancelled() > 0, "the cancel came before the graph ended: " + summary);
            assertAllTerminal(g);
        }
    }

    @RepeatedTest(3)
    void shutdownNowWhileAGraphIsBeingMadeTerminatesWithEveryTaskTerminal() throws Exception {
        Engine engine = engine(Engine::shutdownNow);
        try {
            SubmittedGraph g = engine.submit(graph());
            assertTrue(engine.awaitTermination(Duration.ofSeconds(30)), "the engine terminates");
            assertAllTerminal(g);
            assertTrue(terminal(g, TaskState.CANCELLED) > 0, "shutdownNow came before the graph ended");
        } finally {
            engine.close();
        }
    }

    @RepeatedTest(3)
    void aGracefulShutdownWhileAGraphIsBeingMadeRunsAllOfIt() throws Exception {
        Engine engine = engine(Engine::shutdown);
        try {
            SubmittedGraph g = engine.submit(graph());
            assertTrue(engine.awaitTermination(Duration.ofSeconds(30)), "the engine terminates");
            assertEquals(TASKS, terminal(g, TaskState.COMPLETED), "the accepted graph runs to its end");
        } finally {
            engine.close();
        }
    }
}
