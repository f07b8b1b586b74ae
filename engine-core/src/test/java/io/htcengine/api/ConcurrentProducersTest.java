package io.htcengine.api;

import io.htcengine.spi.TaskEvent;
import io.htcengine.spi.TaskListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Many producers at once, real worker threads: nothing lost, nothing run or completed twice. */
class ConcurrentProducersTest {
    private static final int PRODUCERS = 4;
    private static final int PER_PRODUCER = 25_000;
    private static final int TOTAL = PRODUCERS * PER_PRODUCER;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyAcceptedTaskRunsAndCompletesExactlyOnce() {
        AtomicIntegerArray runs = new AtomicIntegerArray(TOTAL);
        int[] terminalEvents = new int[TOTAL + 1]; // by task id; written only on the listener thread
        TaskListener listener = new TaskListener() {
            @Override
            public void onTransition(TaskEvent e) {
                if (e.to().isTerminal()) {
                    terminalEvents[(int) e.taskId()]++;
                }
            }
        };
        try (Engine engine = Engine.builder().workerThreads(2).laneCapacity(1024).listener(listener).build()) {
            Session session = engine.openSession();
            List<TaskSpec<Integer, Integer>> specs = new ArrayList<>();
            for (int p = 1; p <= 10; p++) {
                specs.add(TaskSpec.of((Integer i, TaskContext c) -> runs.incrementAndGet(i)).priority(p).build());
            }
            List<CompletableFuture<Void>> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int base = p * PER_PRODUCER;
                producers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < PER_PRODUCER; i++) {
                        session.submit(specs.get(i % 10), base + i); // small lanes: producers meet backpressure
                    }
                }, r -> new Thread(r).start()));
            }
            producers.forEach(CompletableFuture::join);
            session.seal();
            SessionSummary summary = session.future().join();
            assertEquals(new SessionSummary(session.id(), SessionState.COMPLETED, TOTAL, TOTAL, 0, 0, null), summary);
            engine.shutdown();
            engine.awaitTermination(java.time.Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        for (int i = 0; i < TOTAL; i++) {
            assertEquals(1, runs.get(i), "task input " + i + " ran once");
        }
        int terminals = 0;
        for (int id = 1; id <= TOTAL; id++) {
            assertEquals(1, terminalEvents[id], "task id " + id + " reached one terminal state");
            terminals++;
        }
        assertEquals(TOTAL, terminals);
    }
}
