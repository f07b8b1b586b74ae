package io.htcengine.internal.loop;

import io.htcengine.internal.lane.Lanes;
import io.htcengine.internal.ready.ReadyQueue;
import io.htcengine.internal.task.Task;

import java.util.function.Consumer;

/**
 * Which lanes the loop admits from, and how far admission may run ahead of the nodes.
 *
 * <p>Lanes are polled highest rank first ({@link Task#rank()}: priority, then INTERACTIVE above the rest). Under a
 * ready-queue limit (strict priority only), once that many admitted tasks wait for a slot, only lanes that outrank
 * every ready task are admitted; the others wait, SUBMITTED, and their producers meet the lanes' backpressure. That
 * keeps the tasks between the producers and the workers few enough to stay in cache (docs/performance.md, fifth
 * session). The limit never changes which task runs next: a lane's tasks of the ready queue's best rank were
 * submitted after the ready ones, and before a rank is dispatched the lanes above it are admitted
 * ({@link #admitOutranking}). A cancel that may concern tasks in the lanes marks what they hold then to be admitted
 * regardless of the limit ({@link #drain}), so the cancel is prompt and a flood after it is still held back.
 *
 * <p>Threading: scheduler loop only.
 */
final class LaneAdmission {
    private final Lanes lanes;
    private final ReadyQueue ready;
    private final Consumer<Task> admit;
    /** Ready tasks beyond which lanes that do not outrank them wait; MAX_VALUE for none. */
    private final int readyQueueLimit;
    /** Per rank, how many tasks at the head of its lane to admit regardless of the limit (a lane is FIFO). */
    private final int[] drainCount = new int[Task.RANKS];
    /** This cycle's admission left a lane to wait for the limit. */
    private boolean heldBack;

    /**
     * @param readyQueueLimit 0 for none
     * @param admit           the loop's admission of one task (SUBMITTED to QUEUED, or cancelled)
     */
    LaneAdmission(Lanes lanes, ReadyQueue ready, int readyQueueLimit, Consumer<Task> admit) {
        this.lanes = lanes;
        this.ready = ready;
        this.readyQueueLimit = readyQueueLimit == 0 ? Integer.MAX_VALUE : readyQueueLimit;
        this.admit = admit;
    }

    /** The cycle's admission duty: up to {@code budget} tasks, highest rank first. */
    int admitCycle(int budget) {
        heldBack = false;
        return admitDownTo(0, budget);
    }

    /** Admits up to {@code budget} tasks from the lanes of rank {@code lowest} and above, highest first. */
    private int admitDownTo(int lowest, int budget) {
        int n = 0;
        for (int rank = Task.RANKS - 1; rank >= lowest && n < budget; rank--) {
            while (n < budget) {
                if (!wouldAdmit(rank) && drainCount[rank] == 0) {
                    // Admission past the limit would only add cold tasks to the queue: this lane waits.
                    heldBack |= lanes.peek(rank) != null;
                    break;
                }
                Task t = lanes.poll(rank);
                if (t == null) {
                    break;
                }
                if (drainCount[rank] > 0) {
                    drainCount[rank]--;
                }
                admit.accept(t);
                n++;
            }
        }
        return n;
    }

    /**
     * @return whether the limit lets tasks of {@code rank} in now: below it, or when they outrank every ready task
     * (a lane's head may also be drained for a cancel, see {@link #drain})
     */
    boolean wouldAdmit(int rank) {
        return ready.size() < readyQueueLimit || rank > ready.topRank();
    }

    /**
     * When the limit held lanes back this cycle, before the best ready task is dispatched: admits the lanes that
     * outrank it, which the limit may have held back while better tasks were ready.
     *
     * @return the ready queue's best rank afterwards
     */
    int admitOutranking(int budget) {
        if (heldBack) {
            admitDownTo(ready.topRank() + 1, budget);
        }
        return ready.topRank();
    }

    /**
     * After a cycle that did no work: whether a lane holds a task the next cycle would admit. Tasks the limit holds
     * back are not: the loop may sleep while they wait, since what lets them in (a completion, or a submission that
     * outranks the ready queue) wakes it. Without this the loop spun through empty cycles whenever the limit held
     * lanes back and the workers were busy, taking the CPU they needed (docs/performance.md, seventh session).
     */
    boolean anyAdmissible() {
        for (int rank = Task.RANKS - 1; rank >= 0; rank--) {
            if ((drainCount[rank] > 0 || wouldAdmit(rank)) && lanes.peek(rank) != null) {
                return true;
            }
        }
        return false;
    }

    /** A cancel may concern tasks in the lanes: what they hold now is admitted regardless of the limit. */
    void drain() {
        if (readyQueueLimit == Integer.MAX_VALUE) {
            return;
        }
        for (int rank = 0; rank < Task.RANKS; rank++) {
            drainCount[rank] = (int) Math.max(drainCount[rank], Math.min(Integer.MAX_VALUE, lanes.size(rank)));
        }
    }

    /** @return whether a limit applies (the lanes may hold tasks that wait for it) */
    boolean limited() {
        return readyQueueLimit != Integer.MAX_VALUE;
    }

    int readyQueueLimit() {
        return readyQueueLimit;
    }
}
