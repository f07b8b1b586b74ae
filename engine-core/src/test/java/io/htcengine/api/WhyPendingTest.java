package io.htcengine.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** "Why is this task still pending?", answered by the loop from its own state. */
class WhyPendingTest {

    private static String ask(Harness h, TaskHandle<?> t) {
        CompletableFuture<String> answer = t.whyPending();
        assertFalse(answer.isDone(), "answered by the loop, at its next cycle");
        h.engine.doWork();
        return answer.join();
    }

    private static void assertStarts(String expectedStart, String actual) {
        assertTrue(actual.startsWith(expectedStart), "expected to start with '" + expectedStart + "': " + actual);
    }

    @Test
    void eachStateIsExplainedSpecifically() {
        RetryPolicy retry = RetryPolicy.exponential(2, Duration.ofMillis(250), Duration.ofMillis(250));
        try (Harness h = new Harness(1, Engine.builder().defaultRetry(retry))) {
            h.settle(); // this thread now drives the loop
            TaskHandle<Integer> first = h.engine.submit(Harness.echo(5), 1);
            CompletableFuture<String> beforeAdmission = first.whyPending();
            h.engine.doWork(); // commands run before admission: the question sees the task still in its lane
            assertStarts("SUBMITTED: in the lane for priority 5, not yet admitted", beforeAdmission.join());
            h.settle();
            assertStarts("RUNNING on node manual, attempt 1, for PT0S", ask(h, first));

            TaskHandle<Integer> low = h.engine.submit(Harness.echo(2), 2);
            TaskHandle<Integer> high = h.engine.submit(Harness.echo(9), 3);
            TaskHandle<Integer> sameAsLow = h.engine.submit(Harness.echo(2), 4);
            h.settle();
            assertEquals("QUEUED, ready: behind 2 task(s) ranked ahead of it (higher priority; at equal priority "
                + "INTERACTIVE first, then submission order); every slot of every UP node is busy", ask(h, sameAsLow));
            assertStarts("QUEUED, ready: behind 0 task(s)", ask(h, high));
            assertStarts("QUEUED, ready: behind 1 task(s)", ask(h, low));

            h.dispatched().get(0).fail(new java.io.IOException("disk full"));
            h.settle();
            String retrying = ask(h, first);
            assertStarts("RETRY: waiting for retry until ", retrying);
            assertTrue(retrying.contains("(in PT0.25S): attempt 1 of 2 failed with java.io.IOException: disk full"),
                retrying);
        }
    }

    @Test
    void aWaitingTaskNamesTheParentsItWaitsFor() {
        try (Harness h = new Harness(1)) {
            TaskSpec<Integer, Integer> echo = Harness.echo(5);
            SubmittedGraph g = h.engine.submit(TaskGraph.builder()
                .add("a", echo, 1).add("b", echo, 2).add("c", echo, 3, "a", "b").build());
            h.settle();
            assertEquals("QUEUED, waiting for parents: a (RUNNING), b (QUEUED)", ask(h, g.task("c")));
            h.executor.runAll();
            h.settle();
            assertEquals("QUEUED, waiting for parents: b (RUNNING)", ask(h, g.task("c")));
        }
    }

    @Test
    void aFinishedTaskSaysHowItEndedEvenAfterTermination() throws InterruptedException {
        Harness h = new Harness(1);
        TaskHandle<Integer> t = h.engine.submit(Harness.echo(5), 1);
        t.cancel();
        h.settle();
        assertEquals("CANCELLED", ask(h, t));
        h.engine.shutdown();
        assertTrue(h.engine.awaitTermination(Duration.ofSeconds(10)));
        assertEquals("CANCELLED (the engine has terminated)", t.whyPending().join());
    }
}
