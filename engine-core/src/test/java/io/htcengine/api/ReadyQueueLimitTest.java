package io.htcengine.api;

import io.htcengine.spi.Execution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ready-queue limit (EngineBuilder.readyQueueLimit): past it, tasks that do not outrank the ready ones wait in
 * their lanes, SUBMITTED; what runs next never changes, cancels and immediate shutdown still reach the lanes, and the
 * tasks held back count as pending demand. Invoker mode, one slot run by hand.
 */
@Timeout(30)
class ReadyQueueLimitTest {
    private static final TaskSpec<Integer, Integer> LOW = Harness.echo(3);

    private static Harness harness(int limit) {
        return new Harness(1, Engine.builder().readyQueueLimit(limit).laneCapacity(64));
    }

    private static List<TaskHandle<Integer>> submit(Session s, TaskSpec<Integer, Integer> spec, int n) {
        List<TaskHandle<Integer>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(s.submit(spec, i));
        }
        return out;
    }

    private static long count(List<TaskHandle<Integer>> tasks, TaskState state) {
        return tasks.stream().filter(t -> t.state() == state).count();
    }

    /** Completes the running task and runs the loop until the next one is dispatched; returns that one. */
    private static Execution completeAndNext(Harness h, Execution running) {
        running.complete(running.taskId());
        h.settle();
        List<Execution> next = h.dispatched();
        assertEquals(1, next.size(), "one slot: one task dispatched after each completion");
        return next.get(0);
    }

    @Test
    void pastTheLimitTasksThatDoNotOutrankTheReadyOnesWaitInTheirLanes() {
        try (Harness h = harness(4)) {
            Session s = h.engine.openSession();
            List<TaskHandle<Integer>> tasks = submit(s, LOW, 20);
            h.settle();
            assertEquals(1, count(tasks, TaskState.RUNNING));
            assertEquals(4, count(tasks, TaskState.QUEUED), "the limit");
            assertEquals(15, count(tasks, TaskState.SUBMITTED));
            String why = h.await(tasks.get(19).whyPending());
            assertTrue(why.startsWith("SUBMITTED: in the lane for priority 3") && why.contains("readyQueueLimit of 4"),
                why);
            ClusterStatus status = h.await(h.engine.cluster().status());
            assertEquals(19, status.pendingTasks(), "held back in the lanes, they still wait for a slot");
            h.dispatched().forEach(e -> e.complete(null));
        }
    }

    @Test
    void tasksTheLimitHoldsBackAreNoWorkForTheLoopUntilACompletionOrAnOutrankingTaskLetsSomeIn() {
        // The loop may sleep while the limit holds tasks back (in invoker mode: doWork says 0, an idle cycle); it
        // used to count them as input and spin through empty cycles, a whole core, for as long as the workers ran.
        try (Harness h = harness(4)) {
            Session s = h.engine.openSession();
            List<TaskHandle<Integer>> tasks = submit(s, LOW, 20);
            h.settle();
            assertEquals(15, count(tasks, TaskState.SUBMITTED));
            assertEquals(0, h.engine.doWork(), "nothing to admit, dispatch or collect: an idle cycle");

            h.dispatched().get(0).complete(null);
            assertTrue(h.engine.doWork() > 0, "a completion is work: the slot is given to the next ready task");
            h.settle();
            assertEquals(1, count(tasks, TaskState.COMPLETED));
            assertEquals(1, count(tasks, TaskState.RUNNING));
            assertEquals(4, count(tasks, TaskState.QUEUED));
            assertEquals(0, h.engine.doWork());

            TaskHandle<Integer> high = s.submit(Harness.echo(7), 1);
            assertTrue(h.engine.doWork() > 0, "a task that outranks the ready ones is admitted past the limit");
            assertEquals(TaskState.QUEUED, high.state());
            assertEquals(0, h.engine.doWork());
        }
    }

    @Test
    void withoutALimitEveryTaskIsAdmittedAtOnce() {
        try (Harness h = harness(0)) {
            List<TaskHandle<Integer>> tasks = submit(h.engine.openSession(), LOW, 20);
            h.settle();
            assertEquals(1, count(tasks, TaskState.RUNNING));
            assertEquals(19, count(tasks, TaskState.QUEUED));
            h.dispatched().forEach(e -> e.complete(null));
        }
    }

    @Test
    void higherPrioritiesAndInteractiveTasksStillRunFirst() {
        try (Harness h = harness(2)) {
            Session s = h.engine.openSession();
            List<TaskHandle<Integer>> low = submit(s, LOW, 10);
            h.settle();
            Execution running = h.dispatched().get(0);
            assertEquals(low.get(0).id(), running.taskId());
            TaskHandle<Integer> interactive = s.submit(TaskSpec.of((Integer x, TaskContext c) -> x).priority(3)
                .type(TaskType.INTERACTIVE).build(), 100);
            TaskHandle<Integer> high = s.submit(Harness.echo(9), 200);
            TaskHandle<Integer> lowest = s.submit(Harness.echo(1), 300);
            h.settle();
            assertEquals(TaskState.QUEUED, high.state(), "outranks the ready tasks: admitted past the limit");
            assertEquals(TaskState.SUBMITTED, interactive.state(), "below the best ready task: it waits in its lane");
            assertEquals(TaskState.SUBMITTED, lowest.state());
            List<Long> order = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                running = completeAndNext(h, running);
                order.add(running.taskId());
            }
            List<Long> expected = new ArrayList<>(List.of(high.id(), interactive.id()));
            low.subList(1, 10).forEach(t -> expected.add(t.id()));
            expected.add(lowest.id());
            assertEquals(expected, order, "strict rank order, first in first out within a rank");
            running.complete(null);
        }
    }

    @Test
    void cancellingASessionReachesItsTasksInTheLanes() {
        try (Harness h = harness(2)) {
            Session s = h.engine.openSession();
            List<TaskHandle<Integer>> tasks = submit(s, LOW, 30);
            s.seal();
            h.settle();
            assertTrue(count(tasks, TaskState.SUBMITTED) > 20);
            s.cancel();
            h.settle();
            h.dispatched().forEach(e -> e.complete(null)); // the running one reports; it was asked to stop
            h.settle();
            assertTrue(s.future().isDone(), "no task of the session is left waiting in a lane");
            assertEquals(0, count(tasks, TaskState.SUBMITTED));
            assertEquals(SessionState.CANCELLED, s.future().join().state());
        }
    }

    @Test
    void cancellingATaskInItsLaneEndsItWithoutWaitingForTheQueueToDrain() {
        try (Harness h = harness(2)) {
            List<TaskHandle<Integer>> tasks = submit(h.engine.openSession(), LOW, 30);
            h.settle();
            TaskHandle<Integer> last = tasks.get(29);
            assertEquals(TaskState.SUBMITTED, last.state());
            assertTrue(last.cancel());
            h.settle();
            assertEquals(TaskState.CANCELLED, last.state());
            assertTrue(last.future().isCompletedExceptionally());
            assertEquals(1, count(tasks, TaskState.RUNNING), "the others are admitted and wait as before");
            h.dispatched().forEach(e -> e.complete(null));
        }
    }

    @Test
    void aCancelDrainsOnlyWhatWasInTheLanesThenNotAFloodAfterIt() {
        // Four tasks admitted a cycle: the drain takes several cycles, and the flood comes in during it.
        try (Harness h = new Harness(1, Engine.builder().readyQueueLimit(2).laneCapacity(64).admitBatch(4))) {
            Session s = h.engine.openSession();
            List<TaskHandle<Integer>> before = submit(s, LOW, 30);
            h.settle();
            assertTrue(before.get(29).cancel());
            h.engine.doWork(); // hears of the cancel: what is in the lanes now is drained
            List<TaskHandle<Integer>> after = submit(s, LOW, 30);
            h.settle();
            assertEquals(TaskState.CANCELLED, before.get(29).state());
            assertEquals(0, count(before, TaskState.SUBMITTED), "the lanes' content at the cancel was admitted");
            assertEquals(30, count(after, TaskState.SUBMITTED), "the flood after it waits for the limit again");
            h.dispatched().forEach(e -> e.complete(null));
        }
    }

    @Test
    void anImmediateShutdownCancelsTheTasksInTheLanes() throws InterruptedException {
        try (Harness h = harness(2)) {
            List<TaskHandle<Integer>> tasks = submit(h.engine.openSession(), LOW, 30);
            h.settle();
            h.engine.shutdownNow();
            h.settle();
            h.dispatched().forEach(e -> e.complete(null));
            h.settle();
            assertEquals(0, count(tasks, TaskState.SUBMITTED));
            assertTrue(count(tasks, TaskState.CANCELLED) >= 29, "all but the running one, which may complete");
        }
    }

    @Test
    @Timeout(60)
    void aTaskThatSubmitsMoreThanTheLanesHoldWhileEveryWorkerIsBusyDoesNotDeadlock() {
        // One worker runs a task that submits 500 children of its own rank: the lane fills (16), the limit (4) holds
        // it back, and the only worker waits in submit, so nothing completes. The loop sees no progress for a while
        // with a submitter waiting and admits what the lanes hold, as it would without a limit.
        try (Engine engine = Engine.builder().workerThreads(1).laneCapacity(16).readyQueueLimit(4).build()) {
            Session children = engine.openSession();
            TaskSpec<Integer, Integer> child = TaskSpec.of((Integer x, TaskContext c) -> x).priority(5).build();
            TaskHandle<Integer> spawner = engine.submit(TaskSpec.of((Integer n, TaskContext c) -> {
                for (int i = 0; i < n; i++) {
                    children.submit(child, i);
                }
                return n;
            }).priority(5).build(), 500);
            assertEquals(500, spawner.future().join());
            children.seal();
            assertEquals(500, children.future().join().completed());
        }
    }

    @Test
    void theLimitIsValidated() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> Engine.builder().readyQueueLimit(-1).build());
        assertEquals("readyQueueLimit must be between 0 and 67108864, was -1", e.getMessage());
    }
}
