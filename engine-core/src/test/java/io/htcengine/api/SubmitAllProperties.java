package io.htcengine.api;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Vector submits against a model of the lanes: small lanes ({@value #LANE} tasks), {@link BackpressureMode#THROW},
 * random batches of mixed priorities interleaved with single submits and loop cycles. After every step the accepted
 * count is what the model says (the longest prefix whose tasks all found room in their lanes), the accepted ids are
 * consecutive and in list order, and the session counts exactly the accepted tasks; at the end each accepted input
 * ran exactly once, and nothing else ran.
 */
class SubmitAllProperties {
    private static final int LANE = 16;
    private static final int[] PRIORITIES = {2, 5, 9};

    @Provide
    Arbitrary<List<Long>> steps() {
        return Arbitraries.longs().list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 200)
    void acceptedIsTheLongestPrefixThatFitsAndEveryAcceptedTaskRunsOnce(@ForAll("steps") List<Long> steps) {
        List<Integer> ran = new ArrayList<>();
        try (Harness h = new Harness(2, Engine.builder().laneCapacity(LANE).backpressure(BackpressureMode.THROW))) {
            @SuppressWarnings("unchecked")
            TaskSpec<Integer, Integer>[] specs = new TaskSpec[TaskSpec.MAX_PRIORITY + 1];
            for (int p : PRIORITIES) {
                specs[p] = TaskSpec.of((Integer x, TaskContext c) -> {
                    ran.add(x);
                    return x;
                }).priority(p).build();
            }
            Session session = h.engine.openSession();
            int[] inLane = new int[TaskSpec.MAX_PRIORITY + 1]; // the model: tasks waiting in each lane
            List<Integer> accepted = new ArrayList<>();
            int nextInput = 0;
            for (long seed : steps) {
                Random r = new Random(seed);
                switch (r.nextInt(4)) {
                    case 0, 1 -> {
                        int n = r.nextInt(3 * LANE);
                        List<TaskSpec<Integer, Integer>> batchSpecs = new ArrayList<>();
                        List<Integer> inputs = new ArrayList<>();
                        int expected = -1;
                        int[] room = inLane.clone();
                        for (int k = 0; k < n; k++) {
                            int p = PRIORITIES[r.nextInt(PRIORITIES.length)];
                            batchSpecs.add(specs[p]);
                            inputs.add(nextInput + k);
                            if (expected < 0 && room[p]++ == LANE) {
                                expected = k;
                            }
                        }
                        List<? extends TaskHandle<?>> handles;
                        if (expected < 0) {
                            handles = session.submitAll(batchSpecs, inputs);
                            expected = n;
                        } else {
                            LaneFullException e = assertThrows(LaneFullException.class,
                                () -> session.submitAll(batchSpecs, inputs));
                            assertEquals(expected, e.accepted(), "the longest prefix that fits");
                            handles = e.acceptedHandles();
                        }
                        assertEquals(expected, handles.size());
                        for (int k = 0; k < expected; k++) {
                            assertEquals(handles.get(0).id() + k, handles.get(k).id(), "consecutive ids");
                            assertEquals(TaskState.SUBMITTED, handles.get(k).state());
                            inLane[batchSpecs.get(k).priority()]++;
                            accepted.add(inputs.get(k));
                        }
                        nextInput += n;
                    }
                    case 2 -> {
                        int p = PRIORITIES[r.nextInt(PRIORITIES.length)];
                        if (inLane[p] == LANE) {
                            LaneFullException e = assertThrows(LaneFullException.class,
                                () -> session.submit(specs[p], -1));
                            assertEquals(0, e.accepted());
                        } else {
                            session.submit(specs[p], nextInput);
                            inLane[p]++;
                            accepted.add(nextInput++);
                        }
                    }
                    default -> {
                        h.settle(); // admits every lane: the model's lanes are empty again
                        java.util.Arrays.fill(inLane, 0);
                        if (r.nextBoolean()) {
                            h.executor.runAll();
                        }
                    }
                }
                Progress p = session.progress();
                assertEquals(accepted.size(), p.submitted() + p.queued() + p.running() + p.done(),
                    "the session counts exactly the accepted tasks");
            }
            session.seal();
            while (!session.future().isDone()) {
                h.settle();
                h.executor.runAll();
            }
            SessionSummary summary = session.future().join();
            assertEquals(accepted.size(), summary.tasks());
            assertEquals(accepted.size(), summary.completed());
            ran.sort(null);
            assertEquals(accepted.stream().sorted().toList(), ran, "each accepted input ran once; nothing else ran");
            assertTrue(ran.stream().noneMatch(x -> x < 0));
        }
    }
}
