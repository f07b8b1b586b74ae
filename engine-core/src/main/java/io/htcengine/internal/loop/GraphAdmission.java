package io.htcengine.internal.loop;

import io.htcengine.api.TaskGraph;
import io.htcengine.api.TaskSpec;
import io.htcengine.api.TaskState;
import io.htcengine.internal.ready.ReadyQueue;
import io.htcengine.internal.task.StateCounters;
import io.htcengine.internal.task.Task;

import java.util.ArrayList;
import java.util.function.Consumer;

/**
 * Admission of submitted graphs: each graph's tasks in its topological order (parents before children), as they are
 * made, and not far ahead of the nodes.
 * <ul>
 *   <li><b>As they are made.</b> The submitting thread makes a graph's tasks a chunk at a time and tells the loop
 *       after each, so a large graph starts while the rest is being made. Until the last chunk, a task is admitted
 *       only if no task not made yet outranks it ({@link #outranksUnmade}): the graph's tasks start in the order they
 *       would have had it arrived whole.</li>
 *   <li><b>Not far ahead.</b> Admitting a large graph at once makes every task cold long before its parents let it
 *       run; so once {@code graphAdmitAhead} admitted tasks wait (QUEUED: for parents, or ready for a slot; running
 *       ones do not count, so the bound scales with the slots), a graph's remaining tasks wait, SUBMITTED. This
 *       pause never changes which task runs next: a graph goes on being admitted while nothing is ready (a free slot
 *       may want its next task) and while any of its remaining tasks outranks the best ready one
 *       ({@link Pending#suffixMaxRank}); a paused graph does not hold up the graphs behind it; and a cancel that may
 *       concern a graph's tasks has what is pending then admitted regardless ({@link #drain}), so it is prompt.</li>
 * </ul>
 *
 * <p>Threading: scheduler loop only.
 */
final class GraphAdmission {
    /**
     * A graph not yet fully admitted. The submitter makes its tasks a chunk at a time and tells the loop how many
     * are made ({@link Command.SubmitGraph}, then {@link Command.GraphTasksMade}); it writes {@code tasks} beyond
     * {@code made} while the loop reads the ones before.
     */
    static final class Pending {
        final Task[] tasks;
        /** For each position, the highest rank of the tasks from there to the end (computed by the submitter). */
        final byte[] suffixMaxRank;
        // Loop only.
        /** Tasks made so far: the loop admits none beyond. */
        int made;
        /** Tasks the graph has: {@code tasks.length}, unless making them failed part-way. */
        int end;
        int cursor;
        /** A cancel may concern its tasks: admit the rest regardless of the limit. */
        boolean draining;

        /** Submitter: a graph of {@code tasks}, to be filled in topological order, and its ranks from its specs. */
        Pending(Task[] tasks, byte[] suffixMaxRank) {
            this.tasks = tasks;
            this.suffixMaxRank = suffixMaxRank;
            this.end = tasks.length;
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
    static byte[] suffixMaxRank(TaskGraph graph) {
        int n = graph.size();
        byte[] out = new byte[n];
        int max = -1;
        TaskSpec<?, ?> last = null;
        int lastRank = -1;
        for (int k = n - 1; k >= 0; k--) {
            TaskSpec<?, ?> spec = graph.spec(graph.topologicalOrder(k));
            if (spec != last) { // graphs often repeat one spec
                last = spec;
                lastRank = Task.rank(spec);
            }
            max = Math.max(max, lastRank);
            out[k] = (byte) max;
        }
        return out;
    }

    /** A graph arrives with its first {@code made} tasks made. */
    void add(Pending graph, int made) {
        if (graph.end > 0) {
            graph.made = made;
            pending.add(graph);
        }
    }

    /**
     * The submitter made more of the graph's tasks: {@code made} in all; {@code last} when making them failed there,
     * so the graph ends at {@code made}.
     */
    void made(Pending graph, int made, boolean last) {
        graph.made = made;
        if (last) {
            graph.end = made; // the next cycle removes it once its cursor is there
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
            while (n < budget && g.cursor < g.made && mayAdmit(g) && outranksUnmade(g)) {
                admit.accept(g.tasks[g.cursor++]);
                n++;
            }
            if (g.cursor == g.end) {
                pending.remove(i);
            } else {
                i++; // paused, or out of budget: the next graph may go on
            }
        }
        return n;
    }

    /**
     * While the submitter is still making a graph's tasks, its next task is admitted only if none of those not made
     * yet outranks it: a graph's tasks start in priority order as if it had arrived whole.
     */
    private static boolean outranksUnmade(Pending g) {
        return g.made == g.end || g.tasks[g.cursor].rank() >= g.suffixMaxRank[g.made];
    }

    private boolean mayAdmit(Pending g) {
        if (g.draining || admitAhead == Long.MAX_VALUE || ready.size() == 0
            || g.suffixMaxRank[g.cursor] > ready.topRank()) {
            return true;
        }
        return counts.get(TaskState.QUEUED) < admitAhead;
    }

    /**
     * For explanations (walks the pending graphs).
     *
     * @return null if {@code t} is not a pending graph task; else why its graph is not admitted now, as a clause
     *         starting "; ", or "" when it is not held
     */
    String whyGraphWaits(Task t) {
        for (Pending g : pending) {
            for (int k = g.cursor; k < g.made; k++) {
                if (g.tasks[k] == t) {
                    if (!outranksUnmade(g)) {
                        return "; its graph is still being made, and a task of it not made yet outranks the next one";
                    }
                    return mayAdmit(g) ? "" : "; its graph waits while " + counts.get(TaskState.QUEUED)
                        + " admitted tasks wait (QUEUED), at least the graphAdmitAhead of " + admitAhead
                        + ", and none of its remaining tasks outranks the best ready one";
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
}
