package io.htcengine.examples.replay;

import io.htcengine.api.Resources;
import io.htcengine.api.TaskContext;
import io.htcengine.api.TaskSpec;
import io.htcengine.sim.Simulation;
import io.htcengine.sim.SimulationResult;
import io.htcengine.spi.SchedulingPolicy;

import java.time.Duration;
import java.util.List;

/**
 * Replays a selection of SWF jobs on the engine's scheduler loop on virtual time ({@link Simulation}). The machine is
 * one node of {@code procs} processors; a processor is one core of cpu, and the node has as many slots as
 * processors, so cores are what binds. Each job is one task submitted at its submit time, holding its processors
 * for its run time, with its requested time as runtime estimate, its user as tenant and priority
 * {@link ReplayPolicy#PRIORITY}.
 *
 * <p>Threading: stateless; each call runs its own simulation on the calling thread.
 */
public final class Replay {
    static final long NS_PER_S = 1_000_000_000L;

    private Replay() {
    }

    /** Replays {@code jobs} on a {@code procs}-processor machine under a built-in {@code policy}. */
    public static ReplayReport run(List<SwfJob> jobs, int skipped, int procs, ReplayPolicy policy) {
        return run(jobs, skipped, procs, policy.label(), policy.create());
    }

    /** Replays {@code jobs} on a {@code procs}-processor machine under any policy, called {@code label}. */
    public static ReplayReport run(List<SwfJob> jobs, int skipped, int procs, String label, SchedulingPolicy policy) {
        long startNs = System.nanoTime();
        Simulation sim = Simulation.builder()
            .node("machine", procs, Resources.builder().cores(procs).build())
            .scheduling(policy)
            .build();
        for (SwfJob job : jobs) {
            sim.submitAt(job.submitS() * NS_PER_S, spec(job), null, job.runS() * NS_PER_S);
        }
        SimulationResult result = sim.run();
        long wallNs = System.nanoTime() - startNs;
        return new ReplayReport(label, procs, jobs, skipped, result, wallNs);
    }

    /** @return the task spec of one job: its processors as cores, its estimate, its tenant. */
    static TaskSpec<Object, Object> spec(SwfJob job) {
        return TaskSpec.of((Object in, TaskContext ctx) -> in)
            .name("swf-" + job.id())
            .priority(ReplayPolicy.PRIORITY)
            .tenant(job.tenant())
            .resources(Resources.builder().cores(Math.toIntExact(job.procs())).build())
            .runtimeEstimate(Duration.ofSeconds(job.estimateS()))
            .build();
    }
}
