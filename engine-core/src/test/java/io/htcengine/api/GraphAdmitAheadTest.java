package io.htcengine.api;

import io.htcengine.spi.Execution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How far a submitted graph's admission runs ahead (EngineBuilder.graphAdmitAhead): past the limit a graph's
 * remaining tasks wait SUBMITTED, but never so that a better task waits, nor so that a cancel does. Invoker mode, one
 * slot run by hand.
 */
@Timeout(30)
class GraphAdmitAheadTest {
    private static Harness harness(int admitAhead) {
        return new Harness(1, Engine.builder().graphAdmitAhead(admitAhead));
    }

    /** {@code n} independent tasks of {@code priority}, keys prefix0.., then optionally one of priority 9, "last". */
    private static TaskGraph independent(String prefix, int n, int priority, boolean highLast) {
        TaskGraph.Builder b = TaskGraph.builder();
        for (int i = 0; i < n; i++) {
            b.add(prefix + i, Harness.echo(priority), i);
        }
        if (highLast) {
            b.add("last", Harness.echo(9), -1);
        }
        return b.build();
    }

    private static long count(SubmittedGraph g, String prefix, int n, TaskState state) {
        long c = 0;
        for (int i = 0; i < n; i++) {
            c += g.task(prefix + i).state() == state ? 1 : 0;
        }
        return c;
    }

    /** Completes the running task, runs the loop, and returns the one dispatched next. */
    private static Execution next(Harness h, Execution running) {
        running.complete(running.taskId());
        h.settle();
        List<Execution> d = h.dispatched();
        assertEquals(1, d.size());
        return d.get(0);
    }

    @Test
    void pastTheLimitAGraphsRemainingTasksWaitSubmitted() {
        try (Harness h = harness(8)) {
            SubmittedGraph g = h.engine.submit(independent("t", 100, 3, false));
            h.settle();
            assertEquals(1, count(g, "t", 100, TaskState.RUNNING));
            assertEquals(8, count(g, "t", 100, TaskState.QUEUED), "the limit; the running task does not count");
            assertEquals(91, count(g, "t", 100, TaskState.SUBMITTED));
            String why = h.await(g.task("t99").whyPending());
            assertTrue(why.startsWith("SUBMITTED: in a submitted graph") && why.contains("graphAdmitAhead of 8"), why);
            Execution running = h.dispatched().get(0);
            for (int i = 1; i < 100; i++) {
                running = next(h, running);
                assertEquals(g.task("t" + i).id(), running.taskId(), "in topological (= submission) order");
            }
            running.complete(null);
            h.settle();
            assertEquals(100, count(g, "t", 100, TaskState.COMPLETED));
        }
    }

    @Test
    void aBetterTaskLaterInTheGraphIsAdmittedAndRunsFirst() {
        try (Harness h = harness(8)) {
            SubmittedGraph g = h.engine.submit(independent("t", 100, 3, true));
            h.settle();
            // While a task of higher rank than every ready one remains, the graph is admitted up to it: it runs first.
            List<Execution> first = h.dispatched();
            assertEquals(g.task("last").id(), first.get(0).taskId());
            Execution t0 = next(h, first.get(0));
            assertEquals(g.task("t0").id(), t0.taskId());
            t0.complete(null);
        }
    }

    @Test
    void aPausedGraphDoesNotHoldUpABetterGraphBehindIt() {
        try (Harness h = harness(8)) {
            SubmittedGraph low = h.engine.submit(independent("low", 100, 3, false));
            h.settle();
            SubmittedGraph high = h.engine.submit(independent("high", 3, 6, false));
            h.settle();
            Execution running = h.dispatched().get(0);
            List<Long> order = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                running = next(h, running);
                order.add(running.taskId());
            }
            assertEquals(List.of(high.task("high0").id(), high.task("high1").id(), high.task("high2").id()), order);
            assertTrue(count(low, "low", 100, TaskState.SUBMITTED) > 80);
            running.complete(null);
        }
    }

    @Test
    void aLongChainRunsToTheEndUnderATinyLimit() {
        try (Harness h = harness(1)) {
            TaskGraph.Builder b = TaskGraph.builder();
            int parent = b.add(Harness.echo(5), 0);
            for (int i = 1; i < 200; i++) {
                parent = b.add(Harness.echo(5), i, parent);
            }
            SubmittedGraph g = h.engine.submit(b.build());
            for (int i = 0; i < 200; i++) {
                h.settle();
                List<Execution> d = h.dispatched();
                assertEquals(1, d.size(), "one link at a time");
                assertEquals(g.task(i).id(), d.get(0).taskId());
                d.get(0).complete(i);
            }
            h.settle();
            assertEquals(TaskState.COMPLETED, g.task(199).state());
        }
    }

    @Test
    void cancellingTheSessionOfAPausedGraphEndsItPromptly() {
        try (Harness h = harness(8)) {
            Session s = h.engine.openSession();
            SubmittedGraph g = s.submit(independent("t", 100, 3, false));
            s.seal();
            h.settle();
            assertTrue(count(g, "t", 100, TaskState.SUBMITTED) > 80);
            s.cancel();
            h.settle();
            h.dispatched().forEach(e -> e.complete(null)); // the running one reports; it was asked to stop
            h.settle();
            assertTrue(s.future().isDone(), "no task of the session is left unadmitted");
            assertEquals(SessionState.CANCELLED, s.future().join().state());
            assertEquals(0, count(g, "t", 100, TaskState.SUBMITTED));
        }
    }

    @Test
    void cancellingAnUnadmittedGraphTaskEndsIt() {
        try (Harness h = harness(8)) {
            SubmittedGraph g = h.engine.submit(independent("t", 100, 3, false));
            h.settle();
            assertEquals(TaskState.SUBMITTED, g.task("t99").state());
            assertTrue(g.task("t99").cancel());
            h.settle();
            assertEquals(TaskState.CANCELLED, g.task("t99").state());
            h.dispatched().forEach(e -> e.complete(null));
        }
    }

    @Test
    void theLimitIsValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Engine.builder().graphAdmitAhead(-1).build());
        assertEquals("graphAdmitAhead must be between 0 and 67108864, was -1", e.getMessage());
    }
}
