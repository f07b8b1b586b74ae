package io.htcengine.internal.policy;

import io.htcengine.api.TaskSpec;
import io.htcengine.spi.Dispatcher;
import io.htcengine.spi.QueuedTask;
import io.htcengine.spi.SchedulingPolicy;

import java.time.Duration;
import java.util.TreeSet;

/**
 * Strict priority with aging. Effective priority = min(10, priority + floor((now - readyNs) / step)); the highest
 * starts first, ties by earlier ready time then id. Within one priority the oldest task has waited longest, so it has
 * the highest effective priority of its priority: comparing the ten queues' heads finds the next task. A head that
 * does not fit keeps its queue from starting anything more in this cycle (the others go on), so an aged task is not
 * overtaken by younger tasks of its own priority; a head that has aged to 10 and does not fit stops the cycle, so no
 * task that became ready after it starts before it.
 */
public final class PriorityAging implements SchedulingPolicy {
    private final long stepNs;
    @SuppressWarnings("unchecked")
    private final TreeSet<QueuedTask>[] byPriority = new TreeSet[TaskSpec.MAX_PRIORITY + 1];
    private int size;

    public PriorityAging(Duration step) {
        if (step == null || step.isNegative() || step.isZero() || step.compareTo(Duration.ofDays(36_500)) > 0) {
            throw new IllegalArgumentException("step must be positive and at most 36500 days, was " + step);
        }
        this.stepNs = step.toNanos();
        for (int p = TaskSpec.MIN_PRIORITY; p <= TaskSpec.MAX_PRIORITY; p++) {
            byPriority[p] = new TreeSet<>(ReadyOrder.FIRST_READY);
        }
    }

    /** @return the task's effective priority at {@code nowNs}. */
    public int effectivePriority(QueuedTask t, long nowNs) {
        long steps = Math.max(0, nowNs - t.readyNs()) / stepNs;
        return (int) Math.min(TaskSpec.MAX_PRIORITY, t.priority() + steps);
    }

    @Override
    public void add(QueuedTask task) {
        byPriority[task.priority()].add(task);
        size++;
    }

    @Override
    public int schedule(Dispatcher d) {
        long now = d.nowNs();
        boolean[] blocked = new boolean[TaskSpec.MAX_PRIORITY + 1];
        int started = 0;
        while (d.anyFreeSlot()) {
            QueuedTask best = null;
            int bestEffective = -1;
            for (int p = TaskSpec.MIN_PRIORITY; p <= TaskSpec.MAX_PRIORITY; p++) {
                QueuedTask head = head(p);
                if (head == null || blocked[p]) {
                    continue;
                }
                int e = effectivePriority(head, now);
                if (e > bestEffective || (e == bestEffective && ReadyOrder.FIRST_READY.compare(head, best) < 0)) {
                    best = head;
                    bestEffective = e;
                }
            }
            if (best == null) {
                break;
            }
            if (d.tryStart(best)) {
                byPriority[best.priority()].pollFirst();
                size--;
                started++;
            } else if (bestEffective == TaskSpec.MAX_PRIORITY) {
                break; // it has aged to the top: nothing ready after it may pass it, so the room is kept for it
            } else {
                blocked[best.priority()] = true;
            }
        }
        return started;
    }

    private QueuedTask head(int p) {
        TreeSet<QueuedTask> q = byPriority[p];
        QueuedTask h;
        while ((h = q.isEmpty() ? null : q.first()) != null && !h.isWaiting()) {
            q.pollFirst();
            size--;
        }
        return h;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String explain(QueuedTask task, Dispatcher d) {
        long now = d.nowNs();
        return "priority with aging: effective priority " + effectivePriority(task, now) + " (priority "
            + task.priority() + ", +1 per " + Duration.ofNanos(stepNs) + " waited; 10 from "
            + (task.readyNs() + (long) (TaskSpec.MAX_PRIORITY - task.priority()) * stepNs) + " ns on the engine clock)";
    }

    @Override
    public String toString() {
        return "priority-aging(" + Duration.ofNanos(stepNs) + ")";
    }
}
