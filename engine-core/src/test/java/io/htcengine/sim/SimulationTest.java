package io.htcengine.sim;

import io.htcengine.api.Resources;
import io.htcengine.api.TaskContext;
import io.htcengine.api.TaskGraph;
import io.htcengine.api.TaskSpec;
import io.htcengine.api.TaskState;
import io.htcengine.internal.policy.EasyBackfill;
import io.htcengine.spi.SchedulingPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scheduler loop on virtual time: exact schedules for FCFS, EASY and strict priority, and determinism. */
class SimulationTest {
    static final long S = 1_000_000_000L;

    static TaskSpec<Object, Object> job(String name, int cores, long estimateS) {
        TaskSpec.Builder<Object, Object> b = TaskSpec.of((Object x, TaskContext c) -> x).name(name)
            .resources(Resources.builder().cores(cores).build());
        if (estimateS > 0) {
            b.runtimeEstimate(java.time.Duration.ofSeconds(estimateS));
        }
        return b.build();
    }

    static Simulation machine(int cores, SchedulingPolicy policy) {
        return Simulation.builder().node("m", 1024, Resources.builder().cores(cores).build()).scheduling(policy).build();
    }

    static long startS(SimulationResult r, int index) {
        return r.jobs().get(index).startNs() / S;
    }

    @Test
    void thousandsOfJobsArrivingAtOneInstantAreAllQueuedUnderStrictPriority() {
        // More than an engine's default lane holds, all before the loop runs: the simulation's lanes take them, and
        // it admits them all (no ready-queue limit), so the 4-core machine runs them four at a time in order.
        Simulation sim = machine(4, SchedulingPolicy.strictPriority());
        int jobs = 5_000;
        for (int i = 0; i < jobs; i++) {
            sim.submitAt(0, job("j" + i, 1, 0), null, 10 * S);
        }
        SimulationResult r = sim.run();
        assertEquals(jobs, r.jobs().stream().filter(j -> j.state() == TaskState.COMPLETED).count());
        assertEquals(10 * S * jobs / 4, r.makespanNs());
        assertEquals((jobs - 1) / 4 * 10, startS(r, jobs - 1), "first come, first served within a priority");
    }

    @Test
    void fcfsStartsInArrivalOrderAndBlocksBehindTheHead() {
        Simulation sim = machine(4, SchedulingPolicy.fcfs());
        sim.submitAt(0, job("a", 2, 0), null, 100 * S);
        sim.submitAt(1 * S, job("b", 4, 0), null, 10 * S);
        sim.submitAt(2 * S, job("c", 1, 0), null, 10 * S);
        SimulationResult r = sim.run();
        assertEquals(0, startS(r, 0));
        assertEquals(100, startS(r, 1));
        assertEquals(110, startS(r, 2), "c fits at 2 s but FCFS lets nothing pass b");
        assertEquals(120 * S - 0, r.makespanNs());
    }

    @Test
    void easyBackfillsOnlyWhatDoesNotDelayTheHeadsReservation() {
        EasyBackfill easy = new EasyBackfill();
        Simulation sim = machine(4, easy);
        sim.submitAt(0, job("a", 2, 100), null, 100 * S);    // runs 0..100
        sim.submitAt(1 * S, job("b", 4, 50), null, 50 * S);  // head: reserved at 100
        sim.submitAt(2 * S, job("c", 2, 50), null, 50 * S);  // ends by 52 <= 100: backfills now
        sim.submitAt(3 * S, job("d", 2, 200), null, 200 * S); // would hold 2 cores past 100: waits
        sim.submitAt(4 * S, job("e", 1, 500), null, 10 * S);  // estimate past 100, no spare at 100: waits
        SimulationResult r = sim.run();
        assertEquals(0, startS(r, 0));
        assertEquals(100, startS(r, 1));
        assertEquals(2, startS(r, 2));
        assertEquals(150, startS(r, 3));
        assertEquals(150, startS(r, 4));
    }

    @Test
    void easyBackfillsWhatFitsTheSpareCapacityAtTheReservation() {
        Simulation sim = machine(8, SchedulingPolicy.easyBackfill());
        sim.submitAt(0, job("a", 6, 100), null, 100 * S); // 2 cores free until 100
        sim.submitAt(1 * S, job("b", 6, 10), null, 10 * S); // head, reserved at 100 using 6 of 8: 2 spare
        sim.submitAt(2 * S, job("c", 2, 1000), null, 1000 * S); // long, but fits the 2 spare cores: starts now
        SimulationResult r = sim.run();
        assertEquals(2, startS(r, 2));
        assertEquals(100, startS(r, 1), "c did not delay b");
    }

    @Test
    void strictPriorityAndGraphsRunOnVirtualTimeToo() {
        Simulation sim = Simulation.builder().node("m", 2, Resources.builder().cores(2).build()).build();
        TaskSpec<Object, Object> step = job("step", 1, 0);
        TaskGraph g = TaskGraph.builder().add("x", step, null).add("y", step, null, "x").add("z", step, null, "x")
            .build();
        int first = sim.submitGraphAt(5 * S, g, Map.of("x", 10 * S, "y", 20 * S, "z", 30 * S));
        SimulationResult r = sim.run();
        List<JobRecord> jobs = r.jobs();
        assertEquals(5, jobs.get(first).startNs() / S);
        assertEquals(15, jobs.get(first + 1).startNs() / S);
        assertEquals(15, jobs.get(first + 2).startNs() / S);
        assertEquals(40 * S, r.makespanNs());
        jobs.forEach(j -> assertEquals(TaskState.COMPLETED, j.state()));
    }

    @Test
    void theSameInputsGiveTheIdenticalSchedule() {
        assertEquals(randomRun(7), randomRun(7));
    }

    private static List<JobRecord> randomRun(long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        Simulation sim = machine(16, SchedulingPolicy.easyBackfill());
        for (int i = 0; i < 300; i++) {
            int cores = 1 + rnd.nextInt(8);
            long run = (1 + rnd.nextInt(100)) * S;
            sim.submitAt(rnd.nextInt(500) * S, job("j" + i, cores, run / S + rnd.nextInt(50)), null, run);
        }
        return sim.run().jobs();
    }

    @Test
    void badInputIsRefusedWithTheField() {
        Simulation sim = machine(1, SchedulingPolicy.fcfs());
        assertEquals("atNs must be from 0 to 3153600000000000000 (36500 days), was -1",
            assertThrows(IllegalArgumentException.class, () -> sim.submitAt(-1, job("a", 1, 0), null, 1)).getMessage());
        assertEquals("runtimeNs must be from 0 to 3153600000000000000 (36500 days), was -5",
            assertThrows(IllegalArgumentException.class, () -> sim.submitAt(0, job("a", 1, 0), null, -5)).getMessage());
        assertEquals("runtimeNs must be from 0 to 3153600000000000000 (36500 days), was " + Long.MAX_VALUE,
            assertThrows(IllegalArgumentException.class,
                () -> sim.submitAt(0, job("a", 1, 0), null, Long.MAX_VALUE)).getMessage());
        assertEquals("atNs must be from 0 to 3153600000000000000 (36500 days), was " + (Long.MAX_VALUE - 1),
            assertThrows(IllegalArgumentException.class,
                () -> sim.submitAt(Long.MAX_VALUE - 1, job("a", 1, 0), null, 1)).getMessage());
        TaskGraph graph = TaskGraph.builder().add("a", job("a", 1, 0), null).add("b", job("b", 1, 0), null, "a").build();
        assertEquals("runtimeNsByKey must give a runtime from 0 to 3153600000000000000 ns (36500 days) for task 'b', "
            + "was null", assertThrows(IllegalArgumentException.class,
                () -> sim.submitGraphAt(0, graph, Map.of("a", 1L))).getMessage());
        assertEquals("configure must not be null", assertThrows(IllegalArgumentException.class,
            () -> Simulation.builder().configure(null)).getMessage());
        sim.submitAt(0, job("a", 1, 0), null, 1);
        sim.run();
        assertEquals("a simulation runs once: submit before run()", assertThrows(IllegalStateException.class,
            () -> sim.submitAt(0, job("late", 1, 0), null, 1)).getMessage());
    }

    @Test
    void anAgedTaskThatDoesNotFitIsPassedByNothingReadyAfterIt() {
        Simulation sim = machine(4, SchedulingPolicy.priorityAging(java.time.Duration.ofSeconds(10)));
        TaskSpec<Object, Object> wide = TaskSpec.of((Object x, TaskContext c) -> x).priority(1)
            .resources(Resources.builder().cores(4).build()).build();
        TaskSpec<Object, Object> narrow = TaskSpec.of((Object x, TaskContext c) -> x).priority(9)
            .resources(Resources.builder().cores(1).build()).build();
        sim.submitAt(0, narrow, null, 20 * S);
        int w = sim.submitAt(1 * S, wide, null, 5 * S);
        for (long t = 10; t < 2000; t += 10) {
            sim.submitAt(t * S, narrow, null, 20 * S);
        }
        SimulationResult r = sim.run();
        // priority 1 ready at 1 s is at 10 from 91 s; the narrow tasks ready before then hold cores until 111 s at most
        assertTrue(r.jobs().get(w).startNs() <= 111 * S, "the wide task started at " + r.jobs().get(w).startNs() / S + " s");
        assertEquals(0, r.unfinished());
    }
}
