package io.htcengine.internal.loop;

import io.htcengine.api.TaskState;
import io.htcengine.internal.ready.ReadyQueue;
import io.htcengine.internal.task.StateCounters;
import io.htcengine.internal.task.Task;

import java.util.ArrayList;
import java.util.function.Consumer;

/**
 * Admission of submitted graphs: each graph's tasks in its topological order (parents before children), and not
 * far ahead of the nodes. A graph arrives whole, but admitting a large one at once makes every task cold long before
 * its parents let it run; so once {@code graphAdmitAhead} admitted tasks wait (QUEUED: for parents, or ready for a
 * slot; running ones do not count, so the bound scales with the slots), a graph's remaining tasks wait, SUBMITTED. The pause never changes which task runs
 * next: a graph goes on being admitted while nothing is ready (a free slot may want its next task) and while any of
 * its remaining tasks outranks the best ready one ({@link Pending#suffixMaxRank}); a paused graph does not hold up the
 * graphs behind it; and a cancel that may concern a graph's tasks has what is pending then admitted regardless
 * ({@link #drain}), so it is prompt.
 *
 * <p>Threading: scheduler loop only.
 */
final class GraphAdmission {
    /** A graph not yet fully admitted. */
    private static final class Pending {
        final Task[] tasks;
        /** For each position, the highest rank of the tasks from there to the end (computed by the submitter). */
        final byte[] suffixMaxRank;
        int cursor;
        /** A cancel may concern its tasks: admit the rest regardless of the limit. */
        boolean draining;

        Pending(Task[] tasks, byte[] suffixMaxRank) {
            this.tasks = tasks;
            this.suffixMaxRank = suffixMaxRank;
        }
    }

    private final ArrayList<Pending> pending = new ArrayList<>();
    private final ReadyQueue ready;
    private final StateCounters counts;
    private final Consumer<Task> admit;
    /** QUEUED tasks beyond which graphs pause; MAX_VALUE for none. */
    private final long admitAhead;

    /**
     * @param admitAhead 0 for no limit
     * @param admit      the loop's admission of one task
     */
    GraphAdmission(ReadyQueue ready, StateCounters counts, int admitAhead, Consumer<Task> admit) {
        this.ready = ready;
        this.counts = counts;
        this.admitAhead = admitAhead == 0 ? Long.MAX_VALUE : admitAhead;
        this.admit = admit;
    }

    /**
     * Submitter's side: the highest rank from each position of a graph's tasks (in admission order) to its end.
     */
    static byte[] suffixMaxRank(Task[] tasks) {
        byte[] out = new byte[tasks.length];
        int max = -1;
        for (int k = tasks.length - 1; k >= 0; k--) {
            max = Math.max(max, tasks[k].rank());
            out[k] = (byte) max;
        }
        return out;
    }

    void add(Task[] tasks, byte[] suffixMaxRank) {
        if (tasks.length > 0) {
            pending.add(new Pending(tasks, suffixMaxRank));
        }
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Admits up to {@code budget} graph tasks, graphs in the order they came, each in its topological order. */
    int admitCycle(int budget) {
        int n = 0;
        for (int i = 0; i < pending.size() && n < budget; ) {
            Pending g = pending.get(i);
            while (n < budget && g.cursor < g.tasks.length && mayAdmit(g)) {
                admit.accept(g.tasks[g.cursor++]);
                n++;
            }
            if (g.cursor == g.tasks.length) {
                pending.remove(i);
            } else {
                i++; // paused, or out of budget: the next graph may go on
            }
        }
        return n;
    }

    private boolean mayAdmit(Pending g) {
        if (g.draining || admitAhead == Long.MAX_VALUE || ready.size() == 0
            || g.suffixMaxRank[g.cursor] > ready.topRank()) {
            return true;
        }
        return counts.get(TaskState.QUEUED) < admitAhead;
    }

    /**
     * For explanations (walks the pending graphs): null if {@code t} is not a pending graph task; else whether its
     * graph is paused by the limit now.
     */
    Boolean pausedGraphOf(Task t) {
        for (Pending g : pending) {
            for (int k = g.cursor; k < g.tasks.length; k++) {
                if (g.tasks[k] == t) {
                    return !mayAdmit(g);
                }
            }
        }
        return null;
    }

    /** A cancel may concern tasks not admitted yet: every graph pending now is admitted regardless of the limit. */
    void drain() {
        for (Pending g : pending) {
            g.draining = true;
        }
    }

    long admitAhead() {
        return admitAhead;
    }
}
