package io.htcengine.examples.policy;

import io.htcengine.spi.Dispatcher;
import io.htcengine.spi.QueuedTask;
import io.htcengine.spi.SchedulingPolicy;

import java.util.Comparator;
import java.util.TreeSet;

/**
 * A scheduling policy written as a user of the engine would write one: <b>shortest estimated job first</b>. The
 * waiting task with the smallest runtime estimate starts first (tasks without an estimate last; ties by ready time,
 * then id). The first that does not fit waits, and the rest wait behind it, so a wide task is not passed over by
 * narrow ones forever — but a long task still waits while shorter ones keep arriving: that is the trade this policy
 * makes for short average waits. Use {@link SchedulingPolicy#priorityAging} when every wait must be bounded.
 *
 * <p>Its unit test, {@code ShortestEstimateFirstTest}, runs it on the simulation harness
 * ({@link io.htcengine.sim.Simulation}): the way to test a policy of your own.
 *
 * <p>Threading: as every policy, called on the scheduler thread only; one instance serves one engine.
 */
public final class ShortestEstimateFirst implements SchedulingPolicy {
    private static final Comparator<QueuedTask> SHORTEST_FIRST = Comparator
        .comparingLong(ShortestEstimateFirst::estimateOrMax)
        .thenComparingLong(QueuedTask::readyNs)
        .thenComparingLong(QueuedTask::id);

    private final TreeSet<QueuedTask> waiting = new TreeSet<>(SHORTEST_FIRST);

    private static long estimateOrMax(QueuedTask task) {
        return task.runtimeEstimateNs() < 0 ? Long.MAX_VALUE : task.runtimeEstimateNs();
    }

    @Override
    public void add(QueuedTask task) {
        waiting.add(task);
    }

    @Override
    public int schedule(Dispatcher dispatcher) {
        int started = 0;
        for (QueuedTask next; (next = waiting.pollFirst()) != null; ) {
            if (!next.isWaiting()) {
                continue; // cancelled while it waited
            }
            if (!dispatcher.tryStart(next)) {
                waiting.add(next); // no room now: it stays first in line
                break;
            }
            started++;
        }
        return started;
    }

    @Override
    public int size() {
        return waiting.size();
    }

    @Override
    public String explain(QueuedTask task, Dispatcher dispatcher) {
        return "shortest estimate first: " + waiting.headSet(task, false).size() + " task(s) with shorter estimates "
            + "(or as short and ready earlier) go first";
    }

    @Override
    public String toString() {
        return "shortest-estimate-first";
    }
}
