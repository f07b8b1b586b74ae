package io.htcengine.examples.autoscale;

import io.htcengine.api.ClusterStatus;
import io.htcengine.api.Engine;
import io.htcengine.api.EngineBuilder;
import io.htcengine.api.NodeSpec;
import io.htcengine.api.NodeState;
import io.htcengine.api.PoolSpec;
import io.htcengine.api.Resources;
import io.htcengine.api.Session;
import io.htcengine.api.SessionOptions;
import io.htcengine.api.SessionSummary;
import io.htcengine.api.TaskContext;
import io.htcengine.api.TaskSpec;
import io.htcengine.metrics.EngineMetrics;
import io.htcengine.spi.AutoscalePolicy;
import io.htcengine.spi.SimulatedProvisioner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One run of {@code ./htc autoscale}: an engine whose only nodes are those of the pool {@value #POOL}, made by a
 * {@link SimulatedProvisioner} that takes {@code startupMs} per node, grown and shrunk by
 * {@link AutoscalePolicy#onDemand}. The bursts of the plan are submitted into one session, each once the previous
 * one has ended and the quiet gap has passed; every {@code sampleMs} the pool's status is read and handed to the
 * caller. The run ends a gap after the last burst has ended, so the pool's shrinking is seen too.
 *
 * <p>Threading: {@link #run} on one thread (the caller's); the tasks sleep on the pool's worker threads.
 */
public final class AutoscaleRun {
    /** The name of the pool, and the prefix of its nodes' names. */
    public static final String POOL = "burst";

    private AutoscaleRun() {
    }

    /**
     * @param metrics  fed by the engine and bound to it and its cluster, or null
     * @param onSample called with each sample, on the calling thread, as it is taken
     * @throws TimeoutException if the engine does not answer a status request within 10 s, or the pool's first
     *                          node is not up within 10 s of its startup time
     */
    public static AutoscaleReport run(AutoscaleSettings s, BurstPlan plan, EngineMetrics metrics,
                                      Consumer<PoolSample> onSample)
        throws InterruptedException, ExecutionException, TimeoutException {
        SimulatedProvisioner provisioner = SimulatedProvisioner.realTime(Duration.ofMillis(s.startupMs()));
        NodeSpec template = NodeSpec.localThreads(POOL, AutoscaleSettings.NODE_CORES)
            .withCapacity(Resources.builder().cores(AutoscaleSettings.NODE_CORES)
                .memoryBytes(AutoscaleSettings.NODE_MEMORY_BYTES).build());
        PoolSpec pool = PoolSpec.builder(POOL).template(template).min(1).max(s.maxNodes())
            .autoscale(AutoscalePolicy.onDemand(Duration.ofMillis(s.scaleUpMs()), Duration.ofMillis(s.scaleDownMs())))
            .build();
        TaskSpec<Integer, Integer> sleeper = TaskSpec.of((Integer ms, TaskContext ctx) -> {
            Thread.sleep(ms);
            return ms;
        }).name("burst-task").resources(Resources.of(1_000, AutoscaleSettings.TASK_MEMORY_BYTES)).build();

        List<PoolSample> samples = new ArrayList<>();
        EngineBuilder builder = Engine.builder().name("autoscale").pool(pool).provisioner(provisioner)
            .autoscaleInterval(AutoscaleSettings.AUTOSCALE_INTERVAL);
        if (metrics != null) {
            builder.listener(metrics);
        }
        try (Engine engine = builder.build()) {
            if (metrics != null) {
                metrics.bind(engine).bindCluster(engine.cluster());
            }
            awaitFirstNode(engine, s.startupMs());
            Session session = engine.openSession(SessionOptions.named("bursts"));
            long startNs = System.nanoTime();
            long submitted = 0;
            int nextBurst = 0;
            long nextBurstMs = 0;
            long endMs = Long.MAX_VALUE;
            for (long tick = 0; ; tick++) {
                long nowMs = elapsedMs(startNs);
                if (nextBurst < plan.bursts() && nowMs >= nextBurstMs) {
                    for (int ms : plan.taskMs(nextBurst)) {
                        session.submit(sleeper, ms);
                    }
                    submitted += plan.taskMs(nextBurst).length;
                    nextBurst++;
                    nextBurstMs = Long.MAX_VALUE;
                }
                ClusterStatus status = engine.cluster().status().get(10, TimeUnit.SECONDS);
                long done = engine.progress().done();
                PoolSample sample = PoolSample.of(elapsedMs(startNs), status.pool(POOL), done, submitted);
                samples.add(sample);
                onSample.accept(sample);
                if (done == submitted && nextBurstMs == Long.MAX_VALUE && endMs == Long.MAX_VALUE) {
                    if (nextBurst < plan.bursts()) {
                        nextBurstMs = sample.elapsedMs() + s.gapMs();
                    } else {
                        endMs = sample.elapsedMs() + s.gapMs();
                    }
                }
                if (sample.elapsedMs() >= endMs) {
                    break;
                }
                long sleepMs = (tick + 1) * s.sampleMs() - elapsedMs(startNs);
                if (sleepMs > 0) {
                    Thread.sleep(sleepMs);
                }
            }
            session.seal();
            SessionSummary summary = session.future().get(10, TimeUnit.SECONDS);
            double wallS = (System.nanoTime() - startNs) / 1e9;
            return new AutoscaleReport(s, plan.bursts(), plan.tasks(), plan.workMs(), summary, wallS, samples,
                provisioner.provisioned() - pool.min(), provisioner.released());
        }
    }

    /** Waits until the pool's minimum node is UP, so the run's clock starts with a pool ready for work. */
    private static void awaitFirstNode(Engine engine, int startupMs)
        throws InterruptedException, ExecutionException, TimeoutException {
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(startupMs + 10_000L);
        while (engine.cluster().status().get(10, TimeUnit.SECONDS).pool(POOL).nodesByState()
            .getOrDefault(NodeState.UP, 0) == 0) {
            if (System.nanoTime() - deadlineNs > 0) {
                throw new TimeoutException("the pool's first node was not up " + (startupMs + 10_000L) + " ms after "
                    + "the engine started");
            }
            Thread.sleep(10);
        }
    }

    private static long elapsedMs(long startNs) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
    }
}
