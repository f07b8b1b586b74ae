package io.htcengine.api;

import io.htcengine.spi.Execution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Session#submitAll}: a vector of tasks accepted in order, with the guarantees of one submit per task. */
class SubmitAllTest {

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    /** A spec whose handler records its input in {@code ran} (invoker mode: handlers run on the test thread). */
    private static <T> TaskSpec<T, T> recording(int priority, TaskType type, List<Object> ran) {
        return TaskSpec.of((T x, TaskContext c) -> {
            ran.add(x);
            return x;
        }).priority(priority).type(type).build();
    }

    private static <T> TaskSpec<T, T> recording(int priority, List<Object> ran) {
        return recording(priority, TaskType.BATCH, ran);
    }

    /** Runs what the one slot was given, one task per cycle, until nothing more is dispatched. @return tasks run */
    private static int runOneByOne(Harness h) {
        int n = 0;
        h.settle();
        for (List<Execution> running = h.dispatched(); !running.isEmpty(); running = h.dispatched()) {
            assertEquals(1, running.size(), "one slot: one task at a time");
            running.get(0).run();
            n++;
            h.settle();
        }
        return n;
    }

    @Test
    void tasksAreAcceptedInListOrderWithConsecutiveIdsAndRunInThatOrder() {
        try (Harness h = new Harness(1)) {
            List<Object> ran = new ArrayList<>();
            TaskSpec<Integer, Integer> spec = recording(5, ran);
            Session s = h.engine.openSession(SessionOptions.named("sweep"));
            TaskHandle<Integer> before = s.submit(spec, -1);
            List<TaskHandle<Integer>> handles = s.submitAll(spec, range(0, 20));
            TaskHandle<Integer> after = s.submit(spec, 20);
            assertEquals(20, handles.size());
            for (int k = 0; k < handles.size(); k++) {
                assertEquals(before.id() + 1 + k, handles.get(k).id(), "consecutive ids in list order");
                assertEquals(s.id(), handles.get(k).sessionId());
                assertEquals(TaskState.SUBMITTED, handles.get(k).state());
            }
            assertEquals(handles.get(19).id() + 1, after.id());
            assertEquals(22, runOneByOne(h));
            assertEquals(range(-1, 21), ran, "FIFO within a priority, in list order");
            for (int k = 0; k < handles.size(); k++) {
                assertEquals(k, handles.get(k).future().join());
            }
        }
    }

    @Test
    void theReturnedListIsAReadOnlyViewOfTheHandles() {
        try (Harness h = new Harness(1)) {
            Session s = h.engine.openSession();
            List<TaskHandle<Integer>> handles = s.submitAll(Harness.echo(5), List.of(1, 2, 3));
            assertThrows(UnsupportedOperationException.class, () -> handles.add(handles.get(0)));
            assertThrows(UnsupportedOperationException.class, () -> handles.set(0, handles.get(1)));
            assertThrows(UnsupportedOperationException.class, () -> handles.remove(0));
            assertThrows(IndexOutOfBoundsException.class, () -> handles.get(3));
            assertThrows(IndexOutOfBoundsException.class, () -> handles.get(-1));
            assertTrue(handles instanceof java.util.RandomAccess);
            assertEquals(handles.get(1), handles.subList(1, 2).get(0));
            assertEquals(3, handles.stream().distinct().count());
        }
    }

    @Test
    void mixedPrioritiesAreDispatchedInStrictPriorityOrderInteractiveFirstThenFifo() {
        record Job(int priority, boolean interactive, int seq) {
        }
        try (Harness h = new Harness(1)) {
            TaskHandle<Integer> blocker = h.engine.submit(Harness.echo(10), -1);
            h.settle();
            Execution blocking = h.dispatched().get(0); // the one slot is busy until every batch task is queued
            SplittableRandom random = new SplittableRandom(42);
            List<Job> jobs = new ArrayList<>();
            List<TaskSpec<Job, Job>> specs = new ArrayList<>();
            List<Object> ran = new ArrayList<>();
            TaskSpec<Job, Job>[][] byKind = newSpecTable(ran);
            for (int i = 0; i < 200; i++) {
                Job j = new Job(1 + random.nextInt(10), random.nextInt(4) == 0, i);
                jobs.add(j);
                specs.add(byKind[j.priority()][j.interactive() ? 1 : 0]);
            }
            Session s = h.engine.openSession();
            List<TaskHandle<Job>> handles = s.submitAll(specs, jobs);
            s.seal();
            h.settle();
            assertEquals(200, s.progress().queued(), "all admitted while the slot is busy");
            blocking.run();
            assertEquals(200, runOneByOne(h));
            jobs.sort(Comparator.comparingInt(Job::priority).reversed()
                .thenComparing(Job::interactive, Comparator.reverseOrder())
                .thenComparingInt(Job::seq));
            assertEquals(jobs, ran);
            assertEquals(-1, blocker.future().join());
            assertEquals(new SessionSummary(s.id(), SessionState.COMPLETED, 200, 200, 0, 0, null), s.future().join());
            assertTrue(handles.stream().allMatch(t -> t.state() == TaskState.COMPLETED));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> TaskSpec<T, T>[][] newSpecTable(List<Object> ran) {
        TaskSpec<T, T>[][] table = new TaskSpec[TaskSpec.MAX_PRIORITY + 1][2];
        for (int p = TaskSpec.MIN_PRIORITY; p <= TaskSpec.MAX_PRIORITY; p++) {
            table[p][0] = recording(p, TaskType.BATCH, ran);
            table[p][1] = recording(p, TaskType.INTERACTIVE, ran);
        }
        return table;
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void underBlockABatchLargerThanALaneWaitsForRoomAndIsAcceptedWhole() throws Exception {
        try (Harness h = new Harness(4, Engine.builder().laneCapacity(16))) {
            h.settle(); // this thread now drives the loop
            Session s = h.engine.openSession();
            List<TaskSpec<Integer, Integer>> specs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                specs.add(Harness.echo(i < 100 ? 3 : 1 + i % 10)); // a run of 100 at priority 3, then mixed
            }
            CompletableFuture<List<TaskHandle<Integer>>> submitted =
                CompletableFuture.supplyAsync(() -> s.submitAll(specs, range(0, 200)));
            while (!submitted.isDone()) {
                h.engine.doWork(); // admission frees the lanes; no sleeping
                h.executor.runAll();
            }
            List<TaskHandle<Integer>> handles = submitted.get();
            s.seal();
            while (!s.future().isDone()) {
                h.settle();
                h.executor.runAll();
            }
            assertEquals(new SessionSummary(s.id(), SessionState.COMPLETED, 200, 200, 0, 0, null), s.future().join());
            for (int k = 0; k < 200; k++) {
                assertEquals(k, handles.get(k).future().join());
                assertEquals(handles.get(0).id() + k, handles.get(k).id());
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void withWorkerThreadsABatchManyTimesALaneCompletes() {
        try (Engine engine = Engine.builder().workerThreads(1).laneCapacity(16).build()) {
            Session s = engine.openSession();
            TaskSpec<Integer, Integer> square = TaskSpec.of((Integer x, TaskContext c) -> x * x).priority(4).build();
            List<TaskHandle<Integer>> handles = s.submitAll(square, range(0, 10_000));
            s.seal();
            SessionSummary summary = s.future().join();
            assertEquals(SessionState.COMPLETED, summary.state());
            assertEquals(10_000, summary.completed());
            assertEquals(9_999 * 9_999, handles.get(9_999).future().join());
        }
    }

    @Test
    void aVectorLongerThanTheTasksMadeAtATimeStopsAtItsFullLaneWithTheWholePrefix() {
        // The vector's tasks are made 1,024 at a time as the lanes take them: the prefix spans several of those.
        try (Harness h = new Harness(1, Engine.builder().laneCapacity(4096).backpressure(BackpressureMode.THROW))) {
            Session s = h.engine.openSession();
            List<Object> ran = new ArrayList<>();
            TaskSpec<Integer, Integer> p3 = recording(3, ran);
            TaskSpec<Integer, Integer> p5 = recording(5, ran);
            List<TaskSpec<Integer, Integer>> specs = new ArrayList<>();
            for (int i = 0; i < 7000; i++) { // 3,000 at priority 5, then 4,000 at priority 3 (the lane holds 4,096)
                specs.add(i < 3000 ? p5 : p3);
            }
            List<TaskHandle<Integer>> first = s.submitAll(specs.subList(0, 3000), range(0, 3000));
            assertEquals(3000, first.size());
            LaneFullException e = assertThrows(LaneFullException.class,
                () -> s.submitAll(specs.subList(0, 5000), range(3000, 8000)));
            assertEquals(1096, e.accepted(), "the lane of priority 5 held 3,000: 1,096 more fill it");
            List<TaskHandle<?>> accepted = e.acceptedHandles();
            for (int k = 0; k < accepted.size(); k++) {
                assertEquals(first.get(2999).id() + 1 + k, accepted.get(k).id(), "consecutive ids, in order");
            }
            s.seal();
            assertEquals(4096, runOneByOne(h));
            assertEquals(4096, ran.size(), "exactly the accepted tasks run, once each");
        }
    }

    @Test
    void underThrowAFullLaneStopsTheBatchAndSaysHowManyWereAcceptedAndExactlyThoseRun() {
        try (Harness h = new Harness(1, Engine.builder().laneCapacity(16).backpressure(BackpressureMode.THROW))) {
            Session s = h.engine.openSession(SessionOptions.named("partial"));
            List<Object> ran = new ArrayList<>();
            TaskSpec<Integer, Integer> p3 = recording(3, ran);
            TaskSpec<Integer, Integer> p7 = recording(7, ran);
            List<TaskSpec<Integer, Integer>> specs = new ArrayList<>();
            for (int i = 0; i < 40; i++) { // 10 at priority 3, 20 at priority 7 (the lane holds 16), 10 at priority 3
                specs.add(i >= 10 && i < 30 ? p7 : p3);
            }
            LaneFullException e = assertThrows(LaneFullException.class, () -> s.submitAll(specs, range(0, 40)));
            assertEquals(26, e.accepted(), "10 at priority 3, then 16 fill the lane of priority 7");
            assertEquals(7, e.priority());
            assertTrue(e.getMessage().contains("accepted the first 26 of the batch of 40"), e.getMessage());
            List<TaskHandle<?>> accepted = e.acceptedHandles();
            assertEquals(26, accepted.size());
            for (int k = 0; k < 26; k++) {
                assertEquals(accepted.get(0).id() + k, accepted.get(k).id());
            }
            assertEquals(26, s.progress().submitted(), "only the accepted prefix is counted");
            s.seal();
            assertEquals(26, runOneByOne(h));
            ran.sort(null);
            assertEquals(new ArrayList<Object>(range(0, 26)), ran, "exactly the accepted tasks run, once each");
            assertEquals(new SessionSummary(s.id(), SessionState.COMPLETED, 26, 26, 0, 0, null), s.future().join());
            assertTrue(accepted.stream().allMatch(t -> t.state() == TaskState.COMPLETED));
        }
    }

    @Test
    void underThrowTheRestCanBeResubmitted() {
        try (Harness h = new Harness(1, Engine.builder().laneCapacity(16).backpressure(BackpressureMode.THROW))) {
            Session s = h.engine.openSession();
            List<Object> ran = new ArrayList<>();
            TaskSpec<Integer, Integer> spec = recording(2, ran);
            List<Integer> inputs = range(0, 50);
            List<TaskHandle<?>> all = new ArrayList<>();
            for (int from = 0; from < inputs.size(); ) {
                try {
                    all.addAll(s.submitAll(spec, inputs.subList(from, inputs.size())));
                    from = inputs.size();
                } catch (LaneFullException e) {
                    all.addAll(e.acceptedHandles());
                    from += e.accepted();
                    h.settle(); // the loop admits, making room
                }
            }
            s.seal();
            assertEquals(50, runOneByOne(h));
            assertEquals(new ArrayList<Object>(inputs), ran, "each input once, in order");
            assertEquals(50, s.future().join().completed());
            assertEquals(50, all.size());
        }
    }

    @Test
    void theThreadDrivingAnInvokerEngineIsToldHowManyWereAcceptedRatherThanDeadlocked() {
        try (Harness h = new Harness(1, Engine.builder().laneCapacity(16))) {
            h.settle();
            Session s = h.engine.openSession();
            LaneFullException e = assertThrows(LaneFullException.class,
                () -> s.submitAll(Harness.echo(2), range(0, 20)));
            assertEquals(16, e.accepted());
            assertTrue(e.getMessage().contains("cannot wait"), e.getMessage());
            assertEquals(16, s.progress().submitted());
        }
    }

    @Test
    void aSealedSessionRejectsTheWholeBatchAndCountsNothing() {
        try (Harness h = new Harness(1)) {
            Session s = h.engine.openSession(SessionOptions.named("closed"));
            s.seal();
            RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                () -> s.submitAll(Harness.echo(5), range(0, 10)));
            assertTrue(e.getMessage().contains("closed") && e.getMessage().contains("sealed"), e.getMessage());
            assertThrows(RejectedExecutionException.class,
                () -> s.submitAll(List.of(Harness.echo(5)), List.of(1)));
            h.settle();
            assertEquals(0, s.future().join().tasks(), "nothing of the batch was accepted");
            assertEquals(0, h.engine.progress().done());
            assertTrue(h.dispatched().isEmpty());
        }
    }

    @Test
    void afterShutdownNothingOfTheBatchIsAccepted() {
        try (Harness h = new Harness(1)) {
            Session s = h.engine.openSession();
            h.engine.shutdown();
            RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                () -> s.submitAll(Harness.echo(5), range(0, 10)));
            assertTrue(e.getMessage().contains("shut down"), e.getMessage());
            assertEquals(0, s.progress().submitted());
            h.settle();
            assertEquals(0, s.future().join().tasks());
            assertEquals(0, h.engine.progress().done());
            assertTrue(h.dispatched().isEmpty());
        }
    }

    @Test
    void badArgumentsNameTheFieldOrIndexAndAcceptNothing() {
        try (Harness h = new Harness(1)) {
            Session s = h.engine.openSession();
            TaskSpec<Integer, Integer> echo = Harness.echo(5);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.submitAll(List.of(echo, echo), List.of(1, 2, 3)));
            assertTrue(e.getMessage().contains("specs.size() = 2") && e.getMessage().contains("inputs.size() = 3"),
                e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                () -> s.submitAll(Arrays.asList(echo, echo, null, echo), List.of(1, 2, 3, 4)));
            assertTrue(e.getMessage().startsWith("specs[2] must not be null"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                () -> s.submitAll(Arrays.asList(null, null, echo), List.of(1, 2, 3)));
            assertTrue(e.getMessage().startsWith("specs[0] must not be null"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> s.submitAll((TaskSpec<Integer, Integer>) null,
                List.of(1)));
            assertEquals("spec must not be null", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                () -> s.submitAll((List<TaskSpec<Integer, Integer>>) null, List.of(1)));
            assertEquals("specs must not be null", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> s.submitAll(echo, null));
            assertEquals("inputs must not be null", e.getMessage());
            TaskSpec<Integer, Integer> huge = TaskSpec.of((Integer x, TaskContext c) -> x).name("huge")
                .resources(Resources.builder().gpus(64).build()).build();
            e = assertThrows(UnschedulableException.class, () -> s.submitAll(List.of(echo, echo, huge), range(0, 3)));
            assertTrue(e.getMessage().startsWith("specs[2]: task spec 'huge' requests gpu=64"), e.getMessage());
            e = assertThrows(UnschedulableException.class, () -> s.submitAll(huge, range(0, 3)));
            assertTrue(e.getMessage().startsWith("task spec 'huge' requests gpu=64"), e.getMessage());
            List<Integer> withNullInputs = Arrays.asList(1, null, 3);
            assertEquals(3, s.submitAll(echo, withNullInputs).size(), "a null input is an input, as in submit");
            assertEquals(3, s.progress().submitted(), "only the valid batch was accepted");
            s.seal();
            assertEquals(3, runOneByOne(h));
            assertEquals(3, s.future().join().tasks());
        }
    }

    @Test
    void anEmptyBatchAcceptsNothingAndReturnsAnEmptyList() {
        try (Harness h = new Harness(1)) {
            Session s = h.engine.openSession();
            assertTrue(s.submitAll(Harness.echo(5), List.of()).isEmpty());
            assertTrue(s.submitAll(List.<TaskSpec<Integer, Integer>>of(), List.<Integer>of()).isEmpty());
            s.seal();
            h.settle();
            assertEquals(0, s.future().join().tasks());
        }
    }

    @Test
    void progressEventsAndTheFutureCountEveryTaskOnce() {
        try (Harness h = new Harness(2)) {
            Session s = h.engine.openSession();
            List<TaskHandle<Integer>> handles = s.submitAll(Harness.echo(5), range(0, 50));
            handles = new ArrayList<>(handles);
            handles.addAll(s.submitAll(Collections.nCopies(30, Harness.echo(9)), range(50, 80)));
            assertEquals(80, s.progress().submitted());
            h.settle();
            assertEquals(2, s.progress().running());
            assertEquals(78, s.progress().queued());
            s.seal();
            while (!s.future().isDone()) {
                h.executor.runAll();
                h.settle();
            }
            assertEquals(new SessionSummary(s.id(), SessionState.COMPLETED, 80, 80, 0, 0, null), s.future().join());
            assertEquals(80, s.progress().completed());
            assertEquals(0, s.progress().submitted() + s.progress().queued() + s.progress().running());
            for (TaskHandle<Integer> t : handles) {
                assertEquals(List.of(t.id() + ":SUBMITTED->QUEUED", t.id() + ":QUEUED->RUNNING",
                    t.id() + ":RUNNING->COMPLETED"), h.events.stream().filter(ev -> ev.startsWith(t.id() + ":")).toList());
            }
            assertEquals(80 * 3, h.events.size());
        }
    }

    @Test
    void aHandleFromTheReturnedListCanBeCancelled() {
        try (Harness h = new Harness(1)) {
            Session s = h.engine.openSession();
            List<Object> ran = new ArrayList<>();
            List<TaskHandle<Integer>> handles = s.submitAll(recording(5, ran), range(0, 5));
            assertTrue(handles.get(3).cancel());
            s.seal();
            assertEquals(4, runOneByOne(h));
            assertEquals(List.of(0, 1, 2, 4), ran);
            assertEquals(TaskState.CANCELLED, handles.get(3).state());
            assertThrows(CancellationException.class, () -> handles.get(3).future().join());
            assertFalse(handles.get(3).cancel(), "already terminal");
            SessionSummary summary = s.future().join();
            assertEquals(SessionState.CANCELLED, summary.state());
            assertEquals(4, summary.completed());
            assertEquals(1, summary.cancelled());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentBatchesFromManyThreadsAreEachConsecutiveAndAllRun() throws Exception {
        ConcurrentLinkedQueue<Integer> ran = new ConcurrentLinkedQueue<>();
        try (Engine engine = Engine.builder().workerThreads(2).laneCapacity(64).build()) {
            Session s = engine.openSession();
            TaskSpec<Integer, Integer> record = TaskSpec.of((Integer x, TaskContext c) -> {
                ran.add(x);
                return x;
            }).priority(6).build();
            List<CompletableFuture<List<TaskHandle<Integer>>>> producers = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                int base = p * 1_000;
                producers.add(CompletableFuture.supplyAsync(() -> {
                    List<TaskHandle<Integer>> mine = new ArrayList<>();
                    for (int b = 0; b < 10; b++) {
                        mine.addAll(s.submitAll(record, range(base + b * 100, base + b * 100 + 100)));
                    }
                    return mine;
                }));
            }
            for (CompletableFuture<List<TaskHandle<Integer>>> f : producers) {
                List<TaskHandle<Integer>> mine = f.get();
                for (int b = 0; b < 10; b++) {
                    for (int k = 1; k < 100; k++) {
                        assertEquals(mine.get(b * 100).id() + k, mine.get(b * 100 + k).id(), "a batch's ids are consecutive");
                    }
                }
            }
            s.seal();
            assertEquals(4_000, s.future().join().completed());
            List<Integer> sorted = new ArrayList<>(ran);
            sorted.sort(null);
            assertEquals(range(0, 4_000), sorted, "each task ran once");
        }
    }

    @Test
    void theEngineTakesAVectorOutsideAnySessionWithTheSameGuarantees() {
        try (Harness h = new Harness(1, Engine.builder().laneCapacity(16).backpressure(BackpressureMode.THROW))) {
            List<Object> ran = new ArrayList<>();
            TaskSpec<Integer, Integer> p5 = recording(5, ran);
            List<TaskHandle<Integer>> handles = h.engine.submitAll(p5, range(0, 10));
            assertEquals(10, handles.size());
            for (int k = 0; k < 10; k++) {
                assertEquals(handles.get(0).id() + k, handles.get(k).id(), "consecutive ids in list order");
                assertEquals(0L, handles.get(k).sessionId(), "lone tasks");
            }
            assertEquals(10, runOneByOne(h));
            assertEquals(new ArrayList<Object>(range(0, 10)), ran);
            for (int k = 0; k < 10; k++) {
                assertEquals(k, handles.get(k).future().join());
            }
            LaneFullException full = assertThrows(LaneFullException.class, () -> h.engine.submitAll(p5, range(0, 20)));
            assertEquals(16, full.accepted(), "the lane of priority 5 holds 16");
            assertEquals(16, runOneByOne(h), "exactly the accepted prefix runs");
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> h.engine.submitAll(List.of(p5), List.of(1, 2)));
            assertEquals("specs and inputs must have the same size (one spec per input): specs.size() = 1, "
                + "inputs.size() = 2", bad.getMessage());
            assertThrows(IllegalArgumentException.class, () -> h.engine.submitAll((TaskSpec<Integer, Integer>) null,
                List.of(1)));
            assertThrows(IllegalArgumentException.class, () -> h.engine.submitAll(p5, null));
            assertEquals(0, runOneByOne(h), "nothing of a rejected vector was accepted");
        }
    }
}
