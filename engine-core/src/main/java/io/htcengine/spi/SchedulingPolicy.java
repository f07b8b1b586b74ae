package io.htcengine.spi;

import io.htcengine.internal.policy.EasyBackfill;
import io.htcengine.internal.policy.FairShare;
import io.htcengine.internal.policy.Fcfs;
import io.htcengine.internal.policy.PriorityAging;

import java.time.Duration;
import java.util.Map;

/**
 * Decides which ready task starts next. The engine hands it every task that becomes ready ({@link #add}) and, each
 * scheduler cycle in which a task became ready or capacity was freed, asks it to start what it chooses
 * ({@link #schedule}) through a {@link Dispatcher}, which places each task on a node (by the
 * {@link PlacementPolicy}) within its tenant's quota. A task the policy holds stays QUEUED.
 *
 * <p>Built in (their exact definitions are in docs/policies.md):
 * <ul>
 *   <li>{@link #strictPriority()} (the default) — priority 10 first; within a priority INTERACTIVE first, then FIFO; a
 *       task that does not fit waits and the next is tried;</li>
 *   <li>{@link #priorityAging(Duration)} — strict priority, but a task's priority rises by one for every
 *       {@code step} it has waited, up to 10, so every wait is bounded;</li>
 *   <li>{@link #fairShare(Map)} — weighted fair share between tenants by dominant resource fairness;</li>
 *   <li>{@link #fcfs()} — first come, first served: the oldest ready task starts first, and nothing passes it;</li>
 *   <li>{@link #easyBackfill()} — FCFS with EASY backfilling on runtime estimates.</li>
 * </ul>
 *
 * <p>Threading: every method is called on the scheduler thread; keep it fast, never block. A policy instance serves
 * one engine.
 */
public interface SchedulingPolicy {
    /** A task became ready: keep it until you start it (or it is cancelled: {@link QueuedTask#isWaiting()} false). */
    void add(QueuedTask task);

    /** Start what you choose now, through the dispatcher. @return the number of tasks started */
    int schedule(Dispatcher dispatcher);

    /** @return the number of tasks held (still waiting) — for status and autoscaling. */
    int size();

    /** @return why the task is still waiting under this policy (for "why pending"), e.g. its rank. */
    default String explain(QueuedTask task, Dispatcher dispatcher) {
        return "held by scheduling policy " + this;
    }

    /** The engine's built-in strict-priority queue (its fastest path): not an object that sees tasks. */
    static SchedulingPolicy strictPriority() {
        return StrictPriority.INSTANCE;
    }

    /**
     * Strict priority with aging: a task's effective priority is {@code min(10, priority + floor(wait / step))},
     * where wait is the time since it became ready; the highest effective priority starts first, ties by earlier
     * ready time, then id. A task ready at time r has effective priority 10 from {@code r + (10 - priority) * step}
     * on, and then only tasks ready before it (in this policy's order) can start ahead of it: its wait is bounded.
     */
    static SchedulingPolicy priorityAging(Duration step) {
        return new PriorityAging(step);
    }

    /**
     * Weighted fair share by dominant resource fairness: the next task comes from the tenant with waiting tasks
     * whose dominant share, taken halfway through its oldest task's allocation ({@code (share now + share with that
     * task) / 2}), divided by its weight is the smallest (ties to the tenant whose share per weight would stay lower with its next task, then to the one served least recently), FIFO within a tenant; if
     * its oldest task does not fit, nothing more starts until it does (the freed capacity is kept for it). Tenants
     * not in {@code weights} weigh 1.
     */
    static SchedulingPolicy fairShare(Map<String, Double> weights) {
        return new FairShare(weights);
    }

    /** First come, first served by ready time (then id); the first task that does not fit blocks all behind it. */
    static SchedulingPolicy fcfs() {
        return new Fcfs();
    }

    /**
     * EASY backfilling: FCFS, but when the first waiting task (the head) does not fit, it gets a reservation at the
     * earliest time enough resources will be free on one node, computed from the running tasks' estimated ends; a
     * later task may start now only if it fits now and does not delay that reservation — it ends, by its estimate,
     * before the reservation time, or it runs on another node, or it uses only resources still spare on the reserved
     * node at that time.
     */
    static SchedulingPolicy easyBackfill() {
        return new EasyBackfill();
    }

    /** The marker for the engine's built-in strict-priority path. */
    final class StrictPriority implements SchedulingPolicy {
        static final StrictPriority INSTANCE = new StrictPriority();

        private StrictPriority() {
        }

        @Override
        public void add(QueuedTask task) {
            throw new UnsupportedOperationException("the engine runs strict priority on its own queue");
        }

        @Override
        public int schedule(Dispatcher dispatcher) {
            throw new UnsupportedOperationException("the engine runs strict priority on its own queue");
        }

        @Override
        public int size() {
            return 0;
        }

        @Override
        public String toString() {
            return "strict-priority";
        }
    }
}
