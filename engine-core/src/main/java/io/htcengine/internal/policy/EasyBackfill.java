package io.htcengine.internal.policy;

import io.htcengine.spi.Dispatcher;
import io.htcengine.spi.QueuedTask;
import io.htcengine.spi.RunningTask;
import io.htcengine.spi.SchedulingPolicy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

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
    private final TreeSet<QueuedTask> queue = new TreeSet<>(ReadyOrder.FIRST_READY);
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
        int started = 0;
        QueuedTask head;
        while ((head = queue.pollFirst()) != null) {
            if (!head.isWaiting()) {
                continue;
            }
            if (!d.tryStart(head)) {
                queue.add(head);
                break;
            }
            started++;
        }
        if (head == null) {
            reservedTask = -1;
            return started;
        }
        List<String> names = d.resourceNames();
        long[] need = vector(d, head, names);
        reserve(d, head, need, names);
        long[] spare = null;
        if (reservationNode >= 0) {
            spare = freeAt(d, reservationNode, reservationNs, names);
            for (int r = 0; r < spare.length; r++) {
                spare[r] -= need[r];
            }
        }
        long now = d.nowNs();
        Iterator<QueuedTask> it = queue.tailSet(head, false).iterator();
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

    /** Finds the earliest time and node at which the head fits, by the running tasks' estimated ends. */
    private void reserve(Dispatcher d, QueuedTask head, long[] need, List<String> names) {
        reservedTask = head.id();
        reservationNs = Long.MAX_VALUE;
        reservationNode = -1;
        long now = d.nowNs();
        List<RunningTask> running = new ArrayList<>(d.running());
        running.sort(Comparator.comparingLong((RunningTask r) -> r.estimatedEndNs(now)).thenComparingLong(RunningTask::id));
        for (int node = 0; node < d.nodeIdBound(); node++) {
            if (!d.isCandidate(node, head)) {
                continue;
            }
            long[] free = new long[names.size()];
            for (int r = 0; r < free.length; r++) {
                free[r] = d.free(node, names.get(r));
            }
            long at = covers(free, need) ? now : Long.MAX_VALUE;
            for (int i = 0; i < running.size() && at == Long.MAX_VALUE; i++) {
                RunningTask rt = running.get(i);
                long end = rt.estimatedEndNs(now);
                if (rt.node() != node || end == Long.MAX_VALUE) {
                    continue;
                }
                add(free, rt, names);
                if (covers(free, need)) {
                    at = end;
                }
            }
            if (at < reservationNs) {
                reservationNs = at;
                reservationNode = node;
            }
        }
    }

    /** @return the node's free capacity at {@code atNs}, counting tasks estimated to end by then as ended. */
    private static long[] freeAt(Dispatcher d, int node, long atNs, List<String> names) {
        long[] free = new long[names.size()];
        for (int r = 0; r < free.length; r++) {
            free[r] = d.free(node, names.get(r));
        }
        long now = d.nowNs();
        for (RunningTask rt : d.running()) {
            if (rt.node() == node && rt.estimatedEndNs(now) <= atNs) {
                add(free, rt, names);
            }
        }
        return free;
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
        return "EASY: " + queue.headSet(task, false).size() + " task(s) ahead of it; it may backfill when it fits "
            + "without delaying the first one's reservation";
    }

    @Override
    public String toString() {
        return "easy-backfill";
    }
}
