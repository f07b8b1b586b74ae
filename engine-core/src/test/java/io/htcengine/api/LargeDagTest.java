package io.htcengine.api;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Million-task graphs: validation, submission, resolution and completion are all iterative, so neither a long
 * chain nor a wide fan-in overflows the stack — built by key, and by index (those two are tagged slow:
 * {@code mvn -Pslow} runs them).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LargeDagTest {
    private static final int N = 1_000_000;

    /** A chain step that fails unless it runs right after step {@code i - 1}. */
    private static TaskSpec<Integer, Integer> inOrderStep(AtomicLong lastSeen) {
        return TaskSpec.<Integer, Integer>of((Integer i, TaskContext c) -> {
            if (lastSeen.getAndSet(i) != i - 1) {
                throw new IllegalStateException("step " + i + " ran out of order");
            }
            return i;
        }).build();
    }

    /** Returns its input and counts its runs. */
    private static TaskSpec<Integer, Integer> counting(AtomicLong runs) {
        return TaskSpec.<Integer, Integer>of((Integer i, TaskContext c) -> {
            runs.incrementAndGet();
            return i;
        }).build();
    }

    /** Sums its parents' outputs, read by their keys. */
    private static TaskSpec<Integer, Long> sumOfParents() {
        return TaskSpec.<Integer, Long>of((Integer i, TaskContext c) -> {
            long sum = 0;
            for (String key : c.parentKeys()) {
                sum += c.<Integer>parentOutput(key);
            }
            return sum;
        }).build();
    }

    private static SessionSummary run(TaskGraph graph) {
        try (Engine engine = Engine.builder().workerThreads(2).build()) {
            Session s = engine.openSession(SessionOptions.named("large"));
            s.submit(graph);
            s.seal();
            return s.future().join();
        }
    }

    @Test
    void aMillionTaskChain() {
        AtomicLong lastSeen = new AtomicLong(-1);
        TaskSpec<Integer, Integer> step = inOrderStep(lastSeen);
        TaskGraph.Builder b = TaskGraph.builder().add("0", step, 0);
        for (int i = 1; i < N; i++) {
            b.add(Integer.toString(i), step, i, Integer.toString(i - 1));
        }
        SessionSummary summary = run(b.build());
        assertEquals(SessionState.COMPLETED, summary.state());
        assertEquals(N, summary.completed());
        assertEquals(N - 1, lastSeen.get());
    }

    @Test
    void aMillionTaskFanOutFanIn() {
        AtomicLong middle = new AtomicLong();
        TaskSpec<Integer, Integer> work = counting(middle);
        TaskSpec<Integer, Long> gather = sumOfParents();
        String[] middleKeys = new String[N - 2];
        TaskGraph.Builder b = TaskGraph.builder().add("root", work, 0);
        for (int i = 0; i < N - 2; i++) {
            middleKeys[i] = "m" + i;
            b.add(middleKeys[i], work, i, "root");
        }
        b.add("sink", gather, 0, middleKeys);
        SessionSummary summary = run(b.build());
        assertEquals(SessionState.COMPLETED, summary.state());
        assertEquals(N, summary.completed());
        assertEquals(N - 1, middle.get());
    }

    @Test
    @Tag("slow") // 5-7 s on a loaded 2-core box, like the two above (which predate the tag and run by default)
    void aMillionTaskChainByIndex() {
        AtomicLong lastSeen = new AtomicLong(-1);
        TaskSpec<Integer, Integer> step = inOrderStep(lastSeen);
        TaskGraph.Builder b = TaskGraph.builder();
        int previous = b.add(step, 0);
        for (int i = 1; i < N; i++) {
            previous = b.add(step, i, previous);
        }
        SessionSummary summary = run(b.build());
        assertEquals(SessionState.COMPLETED, summary.state());
        assertEquals(N, summary.completed());
        assertEquals(N - 1, lastSeen.get());
    }

    @Test
    @Tag("slow")
    void aMillionTaskFanOutFanInByIndex() {
        AtomicLong middle = new AtomicLong();
        TaskSpec<Integer, Integer> work = counting(middle);
        TaskSpec<Integer, Long> gather = sumOfParents(); // by generated keys, "#1" to "#999998"
        TaskGraph.Builder b = TaskGraph.builder();
        int root = b.add(work, 0);
        int[] middleIndexes = new int[N - 2];
        for (int i = 0; i < N - 2; i++) {
            middleIndexes[i] = b.add(work, i, root);
        }
        int sink = b.add(gather, 0, middleIndexes);
        TaskGraph graph = b.build();
        try (Engine engine = Engine.builder().workerThreads(2).build()) {
            Session s = engine.openSession(SessionOptions.named("large"));
            SubmittedGraph submitted = s.submit(graph);
            s.seal();
            SessionSummary summary = s.future().join();
            assertEquals(SessionState.COMPLETED, summary.state());
            assertEquals(N, summary.completed());
            assertEquals(N - 1, middle.get());
            assertEquals((long) (N - 2) * (N - 3) / 2, submitted.<Long>task("#" + sink).future().join());
        }
    }
}
