package io.htcengine.internal.policy;

import io.htcengine.spi.Dispatcher;
import io.htcengine.spi.QueuedTask;
import io.htcengine.spi.RunningTask;
import io.htcengine.spi.SchedulingPolicy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * EASY backfilling (Lifka's Argonne scheduler, as standardly defined): tasks in FCFS order; the first waiting task
 * that does not fit (the head) gets a reservation — the earliest time at which one node that may run it will have
 * enough free, counting the running tasks' resources as freed at their estimated ends; a later task starts now only
 * if it fits now and does not delay that reservation: it runs on another node, or ends (by its estimate) no later than
 * the reservation time, or uses only what is still spare on the reserved node at that time.
 *
 * <p>A running task without an estimate never frees anything in this reckoning. If the head has no reservation
 * (nothing frees enough by the estimates) nothing is protected and any task that fits may start.
 */
public final class EasyBackfill implements SchedulingPolicy {
    private final ReadyFifo queue = new ReadyFifo();
    /** The last reservation computed: for "why pending" and for tests. */
    private long reservationNs = -1;
    private int reservationNode = -1;
    private long reservedTask = -1;

    @Override
    public void add(QueuedTask task) {
        queue.add(task);
    }

    @Override
    public int schedule(Dispatcher d) {
        int started = queue.startWhileTheyFit(d);
        QueuedTask head = queue.head();
        if (head == null) {
            reservedTask = -1;
            return started;
        }
        List<String> names = d.resourceNames();
        long[] spare = reserve(d, head, vector(d, head, names), names);
        long now = d.nowNs();
        Iterator<QueuedTask> it = queue.after(head);
        while (it.hasNext() && d.anyFreeSlot()) {
            QueuedTask t = it.next();
            if (!t.isWaiting()) {
                it.remove();
                continue;
            }
            int node = d.placement(t);
            if (node < 0) {
                continue;
            }
            boolean endsInTime = t.runtimeEstimateNs() >= 0 && now + t.runtimeEstimateNs() <= reservationNs;
            if (reservationNode >= 0 && node == reservationNode && !endsInTime) {
                long[] req = vector(d, t, names);
                if (!covers(spare, req)) {
                    continue; // it would delay the head's reservation
                }
                for (int r = 0; r < spare.length; r++) {
                    spare[r] -= req[r];
                }
            }
            d.start(t, node);
            it.remove();
            started++;
        }
        return started;
    }

    /**
     * Finds the earliest time and node at which the head fits, by the running tasks' estimated ends.
     *
     * @return what will still be spare on that node then, once the head has what it needs (null: no reservation)
     */
    private long[] reserve(Dispatcher d, QueuedTask head, long[] need, List<String> names) {
        reservedTask = head.id();
        reservationNs = Long.MAX_VALUE;
        reservationNode = -1;
        long[] spare = null;
        long now = d.nowNs();
        List<List<RunningTask>> byNode = new ArrayList<>();
        for (int node = 0; node < d.nodeIdBound(); node++) {
            byNode.add(new ArrayList<>());
        }
        for (RunningTask rt : d.running()) {
            if (rt.estimatedEndNs(now) != Long.MAX_VALUE) { // without an estimate it frees nothing in this reckoning
                byNode.get(rt.node()).add(rt);
            }
        }
        Comparator<RunningTask> byEnd = Comparator.comparingLong((RunningTask r) -> r.estimatedEndNs(now))
            .thenComparingLong(RunningTask::id);
        for (int node = 0; node < d.nodeIdBound(); node++) {
            if (!d.isCandidate(node, head)) {
                continue;
            }
            long[] free = new long[names.size()];
            for (int r = 0; r < free.length; r++) {
                free[r] = d.free(node, names.get(r));
            }
            List<RunningTask> ending = byNode.get(node);
            ending.sort(byEnd);
            long at = covers(free, need) ? now : Long.MAX_VALUE;
            for (int i = 0; i < ending.size(); i++) {
                long end = ending.get(i).estimatedEndNs(now);
                if (end > at) {
                    break; // the tasks ending when it fits count too: they are spare then
                }
                add(free, ending.get(i), names);
                if (at == Long.MAX_VALUE && covers(free, need)) {
                    at = end;
                }
            }
            if (at < reservationNs) {
                reservationNs = at;
                reservationNode = node;
                spare = free;
            }
        }
        if (spare != null) {
            for (int r = 0; r < spare.length; r++) {
                spare[r] -= need[r];
            }
        }
        return spare;
    }

    private static void add(long[] free, RunningTask rt, List<String> names) {
        free[0] += 1; // its slot
        for (int r = 1; r < free.length; r++) {
            free[r] += rt.resources().amount(names.get(r));
        }
    }

    private static long[] vector(Dispatcher d, QueuedTask t, List<String> names) {
        long[] v = new long[names.size()];
        for (int r = 0; r < v.length; r++) {
            v[r] = d.request(t, names.get(r));
        }
        return v;
    }

    private static boolean covers(long[] free, long[] need) {
        for (int r = 0; r < need.length; r++) {
            if (free[r] < need[r]) {
                return false;
            }
        }
        return true;
    }

    /** @return the reservation time of the current head, or -1 if none was computed (tests, diagnostics). */
    public long reservationNs() {
        return reservedTask < 0 || reservationNode < 0 ? -1 : reservationNs;
    }

    /** @return the id of the task holding the reservation, or -1. */
    public long reservedTask() {
        return reservedTask;
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public String explain(QueuedTask task, Dispatcher d) {
        if (task.id() == reservedTask && reservationNode >= 0) {
            return "EASY: first in line, with a reservation on node " + reservationNode + " at " + reservationNs
                + " ns on the engine clock (by the running tasks' estimates)";
        }
        return "EASY: " + queue.ahead(task) + " task(s) ahead of it; it may backfill when it fits "
            + "without delaying the first one's reservation";
    }

    @Override
    public String toString() {
        return "easy-backfill";
    }
}
