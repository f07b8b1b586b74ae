package io.htcengine.examples.policy;

import io.htcengine.api.Resources;
import io.htcengine.api.TaskContext;
import io.htcengine.api.TaskSpec;
import io.htcengine.sim.Simulation;
import io.htcengine.sim.SimulationResult;
import io.htcengine.spi.SchedulingPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Unit-testing a policy of one's own: run it on the simulation harness and check the exact start times. */
@Timeout(10)
class ShortestEstimateFirstTest {
    static final long S = 1_000_000_000L;

    /** A job needing {@code cores} cores and estimated to run {@code estimateS} seconds (0: no estimate). */
    static TaskSpec<Object, Object> job(String name, int cores, long estimateS) {
        TaskSpec.Builder<Object, Object> b = TaskSpec.of((Object in, TaskContext ctx) -> in).name(name)
            .resources(Resources.builder().cores(cores).build());
        if (estimateS > 0) {
            b.runtimeEstimate(Duration.ofSeconds(estimateS));
        }
        return b.build();
    }

    /** @return the start times, in seconds, of the jobs in submission order. */
    static List<Long> starts(SchedulingPolicy policy, int cores, Object[][] jobs) {
        Simulation sim = Simulation.builder().node("m", 16, Resources.builder().cores(cores).build())
            .scheduling(policy).build();
        for (Object[] j : jobs) { // name, submit s, cores, estimate s, run s
            sim.submitAt((long) j[1] * S, job((String) j[0], (int) j[2], (long) j[3]), null, (long) j[4] * S);
        }
        SimulationResult result = sim.run();
        return result.jobs().stream().map(r -> r.startNs() / S).toList();
    }

    @Test
    void theShortestEstimateGoesFirstOnceTheMachineIsFree() {
        Object[][] jobs = {
            {"first", 0L, 1, 100L, 100L}, // holds the only core until 100
            {"long", 1L, 1, 30L, 30L},
            {"short", 2L, 1, 10L, 10L},
            {"middle", 3L, 1, 20L, 20L},
            {"unknown", 4L, 1, 0L, 5L}, // no estimate: last
        };
        assertEquals(List.of(0L, 130L, 100L, 110L, 160L), starts(new ShortestEstimateFirst(), 1, jobs));
        assertEquals(List.of(0L, 100L, 130L, 140L, 160L), starts(SchedulingPolicy.fcfs(), 1, jobs), "FCFS, to compare");
    }

    @Test
    void theFirstThatDoesNotFitBlocksTheRest() {
        Object[][] jobs = {
            {"a", 0L, 2, 100L, 100L}, // 2 of 4 cores until 100
            {"wide", 1L, 4, 10L, 10L}, // shortest, but needs all 4: waits for 100
            {"narrow", 2L, 1, 50L, 50L}, // fits now, but waits behind "wide"
        };
        assertEquals(List.of(0L, 100L, 110L), starts(new ShortestEstimateFirst(), 4, jobs));
    }
}
