package io.htcengine.api;

import io.htcengine.spi.Execution;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionTest {

    @Test
    void aSessionCompletesWhenSealedAndAllItsTasksHave() {
        try (Harness h = new Harness(2)) {
            Session s = h.engine.openSession(SessionOptions.named("batch"));
            List<TaskHandle<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                tasks.add(s.submit(Harness.echo(1 + i), i));
            }
            assertTrue(tasks.stream().allMatch(t -> t.sessionId() == s.id()));
            assertEquals(5, s.progress().submitted());
            h.settle();
            Progress p = s.progress();
            assertEquals(2, p.running());
            assertEquals(3, p.queued());
            for (int round = 0; round < 3; round++) {
                h.executor.runAll();
                h.settle();
            }
            assertEquals(5, s.progress().completed());
            assertFalse(s.future().isDone(), "not sealed: more tasks may come");
            assertEquals(SessionState.OPEN, s.state());
            s.seal();
            h.settle();
            SessionSummary summary = s.future().join();
            assertEquals(new SessionSummary(s.id(), SessionState.COMPLETED, 5, 5, 0, 0, null), summary);
            assertEquals(SessionState.COMPLETED, s.state());
            assertEquals(List.of(summary), h.sessionsDone);
        }
    }

    @Test
    void anEmptySealedSessionCompletesAtOnce() {
        try (Harness h = new Harness(1)) {
            Session s = h.engine.openSession();
            s.seal();
            h.settle();
            assertEquals(SessionState.COMPLETED, s.future().join().state());
        }
    }

    @Test
    void aSealedSessionRejectsSubmitsAndNamesItself() {
        try (Harness h = new Harness(1)) {
            Session s = h.engine.openSession(SessionOptions.named("sweep"));
            s.seal();
            RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                () -> s.submit(Harness.echo(5), 1));
            assertTrue(e.getMessage().contains("sweep") && e.getMessage().contains("sealed"), e.getMessage());
            h.settle();
            assertEquals(0, s.future().join().tasks(), "the rejected task is not counted");
        }
    }

    @Test
    void aFailedTaskMakesTheSessionFailedButItStillWaitsForTheRest() {
        try (Harness h = new Harness(2)) {
            Session s = h.engine.openSession();
            s.submit(Harness.echo(5), 1);
            s.submit(Harness.echo(5), 2);
            s.seal();
            h.settle();
            List<Execution> running = h.dispatched();
            running.get(0).fail(new IllegalStateException("bad input"));
            h.settle();
            assertFalse(s.future().isDone());
            running.get(1).run();
            h.settle();
            SessionSummary summary = s.future().join();
            assertEquals(SessionState.FAILED, summary.state());
            assertEquals(1, summary.completed());
            assertEquals(1, summary.failed());
        }
    }

    @Test
    void aTimedOutSessionCancelsItsUnfinishedTasksAndFailsWithTheReason() {
        try (Harness h = new Harness(1)) {
            Session s = h.engine.openSession(SessionOptions.named("risk").withTimeout(Duration.ofSeconds(5)));
            TaskHandle<Integer> running = s.submit(Harness.echo(5), 1);
            TaskHandle<Integer> queued = s.submit(Harness.echo(5), 2);
            h.settle();
            Execution e = h.dispatched().get(0);
            h.clock.advance(Duration.ofMillis(4999));
            h.settle();
            assertEquals(SessionState.OPEN, s.state());
            h.clock.advance(Duration.ofMillis(1));
            h.settle();
            assertEquals(TaskState.CANCELLED, queued.state());
            assertTrue(e.isCancelled(), "the running task is asked to stop");
            assertFalse(s.future().isDone(), "it ends when the running task returns");
            e.run();
            h.settle();
            SessionSummary summary = s.future().join();
            assertEquals(SessionState.FAILED, summary.state());
            assertEquals("session timed out after PT5S", summary.reason());
            assertEquals(2, summary.cancelled());
            assertEquals(TaskState.CANCELLED, running.state());
            assertThrows(RejectedExecutionException.class, () -> s.submit(Harness.echo(5), 3));
        }
    }

    @Test
    void aSessionDoneBeforeItsTimeoutIsNotTouchedByIt() {
        try (Harness h = new Harness(1)) {
            Session s = h.engine.openSession(SessionOptions.defaults().withTimeout(Duration.ofSeconds(1)));
            s.submit(Harness.echo(5), 1);
            s.seal();
            h.settle();
            h.executor.runAll();
            h.settle();
            h.clock.advance(Duration.ofSeconds(2));
            h.settle();
            assertEquals(SessionState.COMPLETED, s.future().join().state());
        }
    }

    @Test
    void cancellingASessionCancelsEveryUnfinishedTaskIncludingOnesNotYetAdmitted() {
        try (Harness h = new Harness(1)) {
            Session s = h.engine.openSession();
            TaskHandle<Integer> a = s.submit(Harness.echo(5), 1);
            TaskHandle<Integer> b = s.submit(Harness.echo(5), 2);
            h.settle();
            TaskHandle<Integer> c = s.submit(Harness.echo(5), 3); // still in its lane
            assertTrue(s.cancel());
            h.settle();
            assertEquals(TaskState.QUEUED.isTerminal(), false);
            assertEquals(TaskState.CANCELLED, b.state());
            assertEquals(TaskState.CANCELLED, c.state());
            h.executor.runAll();
            h.settle();
            assertEquals(TaskState.CANCELLED, a.state());
            SessionSummary summary = s.future().join();
            assertEquals(SessionState.CANCELLED, summary.state());
            assertEquals("session cancelled", summary.reason());
            assertFalse(s.cancel());
        }
    }

    @Test
    void aLoneTaskHasNoSession() {
        try (Harness h = new Harness(1)) {
            assertEquals(0, h.engine.submit(Harness.echo(5), 1).sessionId());
        }
    }
}
