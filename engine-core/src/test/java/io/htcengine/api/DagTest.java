package io.htcengine.api;

import io.htcengine.spi.Execution;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dependencies, step by step in invoker mode. */
class DagTest {
    private static final TaskSpec<String, String> NAME = TaskSpec.of((String s, TaskContext c) -> s).build();

    /** Runs every dispatched task, repeatedly, and returns the keys (inputs) in the order they ran. */
    private static List<String> runToEnd(Harness h) {
        List<String> ran = new ArrayList<>();
        h.settle();
        for (List<Execution> batch; !(batch = h.dispatched()).isEmpty(); h.settle()) {
            for (Execution e : batch) {
                e.run();
                ran.add(String.valueOf(e.taskId()));
            }
        }
        return ran;
    }

    @Test
    void aDiamondRunsEachTaskAfterItsParentsAndChildrenReadParentOutputs() {
        try (Harness h = new Harness(4)) {
            TaskSpec<Integer, Integer> source = TaskSpec.of((Integer x, TaskContext c) -> x).build();
            TaskSpec<Integer, Integer> twice = TaskSpec.of((Integer x, TaskContext c) -> 2 * c.<Integer>parentOutput("a")).build();
            TaskSpec<Integer, Integer> plus = TaskSpec.of((Integer x, TaskContext c) -> x + c.<Integer>parentOutput("a")).build();
            TaskSpec<Integer, Integer> sum = TaskSpec.of((Integer x, TaskContext c) ->
                c.<Integer>parentOutput("b") + c.<Integer>parentOutput("c")).build();
            SubmittedGraph g = h.engine.submit(TaskGraph.builder()
                .add("a", source, 10)
                .add("b", twice, 0, "a")
                .add("c", plus, 5, "a")
                .add("d", sum, 0, "b", "c")
                .build());
            assertEquals(4, h.engine.progress().submitted(), "accepted graph tasks count as submitted until admitted");
            h.settle();
            assertEquals(0, h.engine.progress().submitted());
            assertEquals(TaskState.RUNNING, g.task("a").state());
            assertEquals(TaskState.QUEUED, g.task("d").state());
            assertEquals("waiting for parents", g.task("d").reason());
            assertEquals(1, h.executor.pending(), "only the root runs although there are 4 slots");
            runToEnd(h);
            assertEquals(35, g.task("d").future().join());
            assertNull(g.task("d").reason());
            assertTrue(h.events.indexOf(g.task("d").id() + ":QUEUED->RUNNING")
                > h.events.indexOf(g.task("c").id() + ":RUNNING->COMPLETED"));
        }
    }

    @Test
    void aFailedTaskCancelsItsDescendantsWithAReasonNamingIt() {
        try (Harness h = new Harness(2)) {
            TaskSpec<String, String> boom = TaskSpec.<String, String>of((String s, TaskContext c) -> {
                throw new IllegalStateException("bad tile");
            }).build();
            Session s = h.engine.openSession();
            SubmittedGraph g = s.submit(TaskGraph.builder()
                .add("fetch", NAME, "fetch")
                .add("project", boom, "project", "fetch")
                .add("other", NAME, "other", "fetch")
                .add("mosaic", NAME, "mosaic", "project", "other")
                .add("publish", NAME, "publish", "mosaic")
                .build());
            s.seal();
            runToEnd(h);
            assertEquals(TaskState.FAILED, g.task("project").state());
            assertEquals(TaskState.COMPLETED, g.task("other").state());
            String failed = "ancestor task " + g.task("project").id() + " 'project' FAILED";
            assertEquals(TaskState.CANCELLED, g.task("mosaic").state());
            assertEquals(failed, g.task("mosaic").reason());
            assertEquals(failed, g.task("publish").reason(), "the original failure is named, not the cancelled parent");
            CancellationException e = assertThrows(CancellationException.class, () -> g.task("publish").future().join());
            // JDK 17's join() throws the engine's exception; newer JDKs (25 here) throw a new one ("join") caused by it.
            Throwable reason = e.getCause() instanceof CancellationException ? e.getCause() : e;
            assertTrue(reason.getMessage().contains(failed), reason.getMessage());
            SessionSummary summary = s.future().join();
            assertEquals(new SessionSummary(s.id(), SessionState.FAILED, 5, 2, 1, 2, "1 task(s) failed"), summary);
        }
    }

    @Test
    void underContinueAChildRunsAnywayAndSeesWhatHappened() {
        try (Harness h = new Harness(2)) {
            TaskSpec<String, String> boom = TaskSpec.<String, String>of((String s, TaskContext c) -> {
                throw new IllegalStateException("flaky");
            }).build();
            TaskSpec<String, String> report = TaskSpec.<String, String>of((String s, TaskContext c) -> {
                assertThrows(IllegalStateException.class, () -> c.parentOutput("optional"));
                return c.parentState("optional") + "/" + c.parentOutput("required");
            }).onParentFailure(FailurePolicy.CONTINUE).build();
            SubmittedGraph g = h.engine.submit(TaskGraph.builder()
                .add("optional", boom, "x")
                .add("required", NAME, "ok")
                .add("report", report, "r", "optional", "required")
                .build());
            runToEnd(h);
            assertEquals("FAILED/ok", g.task("report").future().join());
        }
    }

    @Test
    void aSessionCanContinueByDefault() {
        try (Harness h = new Harness(2)) {
            Session s = h.engine.openSession(SessionOptions.named("sweep").withFailurePolicy(FailurePolicy.CONTINUE));
            TaskSpec<String, String> boom = TaskSpec.<String, String>of((String x, TaskContext c) -> {
                throw new IllegalStateException("x");
            }).build();
            SubmittedGraph g = s.submit(TaskGraph.builder().add("a", boom, "a").add("b", NAME, "b", "a").build());
            runToEnd(h);
            assertEquals(TaskState.COMPLETED, g.task("b").state());
        }
    }

    @Test
    void tasksCanDependOnTasksSubmittedEarlierByHandleOrById() {
        try (Harness h = new Harness(1)) {
            TaskHandle<String> done = h.engine.submit(NAME, "done");
            runToEnd(h);
            TaskHandle<String> running = h.engine.submit(NAME, "running");
            h.settle();
            Execution runningNow = h.dispatched().get(0);
            SubmittedGraph g = h.engine.submit(TaskGraph.builder()
                .external("done", done)
                .external("runningById", running.id())
                .external("doneById", done.id())
                .add("child", TaskSpec.<String, String>of((String s, TaskContext c) ->
                    c.parentOutput("done") + "+" + c.parentOutput("runningById") + "+" + c.parentState("doneById")).build(),
                    "x", "done", "runningById", "doneById")
                .build());
            h.settle();
            assertEquals(TaskState.QUEUED, g.task("child").state(), "waits for the running parent");
            runningNow.run();
            runToEnd(h);
            // A parent named by id that had finished before the child was admitted has no task object left here.
            assertEquals("done+running+null", g.task("child").future().join());
        }
    }

    @Test
    void aChildAdmittedWhileItsParentWaitsInItsLaneRunsAfterIt() {
        // One task admitted from the lanes per cycle, lanes before graphs: the graph's child is admitted while the
        // parent it names by handle is still in its lane (SUBMITTED), so the parent gains its children at admission.
        try (Harness h = new Harness(4, Engine.builder().admitBatch(1))) {
            TaskHandle<String> first = h.engine.submit(NAME, "first");
            TaskHandle<String> parent = h.engine.submit(NAME, "parent");
            SubmittedGraph g = h.engine.submit(TaskGraph.builder()
                .external("p", parent)
                .add("child", TaskSpec.<String, String>of((String s, TaskContext c) -> c.parentOutput("p") + "!").build(),
                    "x", "p")
                .build());
            h.engine.doWork();
            assertEquals(TaskState.RUNNING, first.state(), "admitted and dispatched in the same cycle");
            assertEquals(TaskState.SUBMITTED, parent.state());
            assertEquals(TaskState.QUEUED, g.task("child").state());
            assertEquals("waiting for parents", g.task("child").reason());
            runToEnd(h);
            assertEquals("parent!", g.task("child").future().join());
            assertTrue(h.events.indexOf(g.task("child").id() + ":QUEUED->RUNNING")
                > h.events.indexOf(parent.id() + ":RUNNING->COMPLETED"));
        }
    }

    @Test
    void anExternalParentFromAnotherEngineIsRefused() {
        try (Harness h = new Harness(1, Engine.builder()); Harness other = new Harness(1, Engine.builder())) {
            TaskHandle<String> foreign = other.engine.submit(NAME, "elsewhere");
            TaskGraph graph = TaskGraph.builder().external("x", foreign).add("child", NAME, "c", "x").build();
            InvalidGraphException e = assertThrows(InvalidGraphException.class, () -> h.engine.submit(graph));
            assertEquals("external 'x' is task " + foreign.id() + " of another engine: a graph's externals must be"
                + " tasks of the engine the graph is submitted to", e.getMessage());
            assertEquals(0, h.engine.progress().submitted() + h.engine.progress().queued(), "nothing was accepted");
        }
    }

    @Test
    void aTaskIdThatWasNeverAcceptedEndsItsChildrenInsteadOfLeavingThemWaiting() {
        // trySubmit into a full lane takes an id and gives it back as null: no task will ever have that id.
        try (Harness h = new Harness(4, Engine.builder().laneCapacity(16))) {
            TaskHandle<String> last = null;
            for (int i = 0; i < 16; i++) {
                last = h.engine.submit(NAME, "filler" + i);
            }
            assertNull(h.engine.trySubmit(NAME, "refused"));
            long neverAccepted = last.id() + 1;
            TaskSpec<String, String> plain = TaskSpec.of((String s, TaskContext c) -> s).build();
            TaskSpec<String, String> anyway = TaskSpec.of((String s, TaskContext c) -> s)
                .onParentFailure(FailurePolicy.CONTINUE).build();
            SubmittedGraph waitsFirst = h.engine.submit(TaskGraph.builder()
                .external("ghost", neverAccepted)
                .add("child", plain, "c", "ghost")
                .add("grandchild", plain, "g", "child")
                .add("continues", anyway, "k", "ghost")
                .build());
            runToEnd(h);
            assertEquals(TaskState.CANCELLED, waitsFirst.task("child").state());
            assertEquals("ancestor task " + neverAccepted + " (never accepted)", waitsFirst.task("child").reason());
            assertEquals(TaskState.CANCELLED, waitsFirst.task("grandchild").state());
            assertEquals(TaskState.COMPLETED, waitsFirst.task("continues").state());
            // Named after the loop learnt of it: cancelled at admission.
            SubmittedGraph later = h.engine.submit(TaskGraph.builder()
                .external("ghost", neverAccepted).add("child", plain, "c", "ghost").build());
            runToEnd(h);
            assertEquals(TaskState.CANCELLED, later.task("child").state());
            assertEquals(0, h.engine.progress().queued() + h.engine.progress().running(), "nothing left waiting");
        }
    }

    @Test
    void idsOfARefusedVectorTailAndOfAnInvalidGraphLeaveNothingWaiting() {
        try (Harness h = new Harness(4, Engine.builder().laneCapacity(16).backpressure(BackpressureMode.THROW))) {
            List<String> inputs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                inputs.add("v" + i);
            }
            LaneFullException full = assertThrows(LaneFullException.class, () -> h.engine.submitAll(NAME, inputs));
            assertEquals(16, full.accepted());
            long firstRefused = full.acceptedHandles().get(15).id() + 1;
            // An invalid graph takes no ids: the next task gets the id after the refused tail.
            assertThrows(InvalidGraphException.class, () -> h.engine.submit(TaskGraph.builder()
                .external("unknown", 1_000_000).add("x", NAME, "x", "unknown").build()));
            runToEnd(h);
            TaskHandle<String> next = h.engine.submit(NAME, "next");
            assertEquals(firstRefused + 4, next.id(), "the refused tail's 4 ids were taken, the invalid graph's not");
            SubmittedGraph g = h.engine.submit(TaskGraph.builder()
                .external("refused", firstRefused + 3).add("child", NAME, "c", "refused").build());
            runToEnd(h);
            assertEquals(TaskState.CANCELLED, g.task("child").state());
            assertEquals("ancestor task " + (firstRefused + 3) + " (never accepted)", g.task("child").reason());
        }
    }

    @Test
    void aFailedParentNamedByIdCancelsTheChildAtAdmission() {
        try (Harness h = new Harness(1)) {
            TaskHandle<String> failed = h.engine.submit(TaskSpec.<String, String>of((String s, TaskContext c) -> {
                throw new IllegalStateException("x");
            }).build(), "f");
            runToEnd(h);
            SubmittedGraph g = h.engine.submit(TaskGraph.builder().external("f", failed.id())
                .add("child", NAME, "c", "f").build());
            h.settle();
            assertEquals(TaskState.CANCELLED, g.task("child").state());
            assertEquals("ancestor task " + failed.id() + " (failed or cancelled)", g.task("child").reason());
        }
    }

    @Test
    void anUnknownTaskIdIsRejectedBeforeAnythingIsAccepted() {
        try (Harness h = new Harness(1)) {
            InvalidGraphException e = assertThrows(InvalidGraphException.class, () -> h.engine.submit(
                TaskGraph.builder().external("ghost", 999_999).add("a", NAME, "a", "ghost").build()));
            assertEquals(List.of("ghost"), e.offendingKeys());
            assertTrue(e.getMessage().contains("unknown task id 999999"), e.getMessage());
            h.settle();
            assertEquals(0, h.engine.progress().total());
        }
    }

    @Test
    void cancellingAWaitingTaskCancelsItsDescendantsAndLeavesNothingWaiting() {
        try (Harness h = new Harness(1)) {
            SubmittedGraph g = h.engine.submit(TaskGraph.builder()
                .add("a", NAME, "a").add("b", NAME, "b", "a").add("c", NAME, "c", "b").build());
            h.settle();
            g.task("b").cancel();
            runToEnd(h);
            assertEquals(TaskState.COMPLETED, g.task("a").state());
            assertEquals(TaskState.CANCELLED, g.task("b").state());
            assertEquals(TaskState.CANCELLED, g.task("c").state());
            assertEquals("ancestor task " + g.task("b").id() + " 'b' CANCELLED", g.task("c").reason());
            assertTrue(h.engine.progress().done() == 3);
        }
    }

    @Test
    void aSessionTimeoutCancelsWaitingTasksToo() {
        try (Harness h = new Harness(1)) {
            Session s = h.engine.openSession(SessionOptions.named("t").withTimeout(Duration.ofSeconds(1)));
            SubmittedGraph g = s.submit(TaskGraph.builder().add("a", NAME, "a").add("b", NAME, "b", "a").build());
            h.settle();
            h.clock.advance(Duration.ofSeconds(1));
            h.settle();
            assertEquals(TaskState.CANCELLED, g.task("b").state());
            assertEquals("session timed out after PT1S", g.task("b").reason());
            h.executor.runAll();
            h.settle();
            assertEquals(SessionState.FAILED, s.future().join().state());
        }
    }

    @Test
    void theGraphIsValidatedAsAWhole() {
        InvalidGraphException unknown = assertThrows(InvalidGraphException.class,
            () -> TaskGraph.builder().add("a", NAME, "a", "nope").build());
        assertEquals(List.of("a", "nope"), unknown.offendingKeys());
        InvalidGraphException self = assertThrows(InvalidGraphException.class,
            () -> TaskGraph.builder().add("a", NAME, "a", "a").build());
        assertEquals("task 'a' depends on itself", self.getMessage());
        InvalidGraphException duplicate = assertThrows(InvalidGraphException.class,
            () -> TaskGraph.builder().add("a", NAME, "a").add("a", NAME, "a"));
        assertEquals(List.of("a"), duplicate.offendingKeys());
        InvalidGraphException cycle = assertThrows(InvalidGraphException.class, () -> TaskGraph.builder()
            .add("root", NAME, "r").add("x", NAME, "x", "root", "z").add("y", NAME, "y", "x").add("z", NAME, "z", "y")
            .add("leaf", NAME, "l", "z").build());
        assertEquals(3, cycle.offendingKeys().size());
        assertTrue(cycle.getMessage().startsWith("cycle among tasks: "), cycle.getMessage());
        assertTrue(List.of(List.of("x", "z", "y"), List.of("z", "y", "x"), List.of("y", "x", "z"))
            .contains(cycle.offendingKeys()), "x depends on z, z on y, y on x: " + cycle.offendingKeys());
    }

    @Test
    void aTaskWithoutParentsHasNone() {
        try (Harness h = new Harness(1)) {
            TaskHandle<List<String>> t = h.engine.submit(TaskSpec.<Object, List<String>>of((Object x, TaskContext c) -> c.parentKeys()).build(), null);
            h.settle();
            Execution e = h.dispatched().get(0);
            assertThrows(IllegalArgumentException.class, () -> e.parentOutput("x"));
            e.run();
            h.settle();
            assertEquals(List.of(), t.future().join());
        }
    }

    @Test
    void aBuilderCanBuildAgainAndAGraphCanBeSubmittedTwice() {
        try (Harness h = new Harness(2)) {
            TaskHandle<String> earlier = h.engine.submit(NAME, "earlier");
            TaskGraph.Builder b = TaskGraph.builder().external("e", earlier).add("a", NAME, "a", "e");
            TaskGraph first = b.build();
            TaskGraph second = b.add("b", NAME, "b", "a").build();
            assertEquals(1, first.size());
            assertEquals(2, second.size());
            SubmittedGraph one = h.engine.submit(second);
            SubmittedGraph two = h.engine.submit(second);
            runToEnd(h);
            assertEquals("b", one.task("b").future().join());
            assertEquals("b", two.task("b").future().join());
            assertTrue(one.task("b").id() != two.task("b").id());
        }
    }
}
